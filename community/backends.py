"""The authentication backend members and staff sign in through (settings
AUTHENTICATION_BACKENDS, beside allauth's)."""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db.models import Q


class MemberBackend(ModelBackend):
    """Django's ModelBackend, reading a person's permissions — their own and their groups' —
    in one query instead of two. Every page a signed-in member reads asks (the account
    menu's link to the admin, the comment section's moderation rights); the answer is the
    same set, kept on the user object for the request as ModelBackend keeps it."""

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            permissions = (
                Permission.objects.all()
                if user_obj.is_superuser
                else Permission.objects.filter(Q(user=user_obj) | Q(group__user=user_obj))
            )
            pairs = permissions.values_list("content_type__app_label", "codename")
            user_obj._perm_cache = {f"{app}.{codename}" for app, codename in pairs.order_by()}
        return user_obj._perm_cache
