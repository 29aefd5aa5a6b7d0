"""The 403 of every staff screen we add to Wagtail's admin: one decorator per check."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.views.defaults import permission_denied


def forbidden(request):
    """The 403 page. Raising PermissionDenied inside Wagtail's admin would redirect to the
    dashboard instead, which tells staff nothing."""
    return permission_denied(request, PermissionDenied())


def user_passes_or_forbidden(test):
    """A view decorator: users for whom `test(user)` is true get through, others the 403 page.
    Wagtail sends people without admin access to sign in before this runs."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not test(request.user):
                return forbidden(request)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def permission_required_or_forbidden(permission):
    """user_passes_or_forbidden for one permission, e.g. "surveys.view_results"."""
    return user_passes_or_forbidden(lambda user: user.has_perm(permission))
