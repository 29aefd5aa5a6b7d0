"""The authentication backend members and staff sign in through (settings
AUTHENTICATION_BACKENDS, beside allauth's)."""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db.models import Q

from core.prepared import PreparedQuery

# (app label, codename) of a person's own and their groups' permissions, compiled once per
# database (core.prepared): Django's building of this query cost more than running it.
_PERMISSIONS = PreparedQuery(
    lambda *, user: (
        Permission.objects.filter(Q(user=user) | Q(group__user=user))
        .values_list("content_type__app_label", "codename")
        .order_by()
    ),
    names=["user"],
)


class MemberBackend(ModelBackend):
    """Django's ModelBackend, reading a person's permissions — their own and their groups' —
    in one query instead of two. Every page a signed-in member reads asks (the account
    menu's link to the admin, the comment section's moderation rights); the answer is the
    same set, kept on the user object for the request as ModelBackend keeps it."""

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            pairs = (
                Permission.objects.values_list("content_type__app_label", "codename").order_by()
                if user_obj.is_superuser
                else _PERMISSIONS.rows(user=user_obj.pk)
            )
            user_obj._perm_cache = {f"{app}.{codename}" for app, codename in pairs}
        return user_obj._perm_cache
