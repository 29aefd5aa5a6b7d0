"""Staff set up two-factor authentication before they may use the Wagtail admin."""

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _


class StaffMFAMiddleware:
    """With `STAFF_MFA_REQUIRED`, sends a user who may use the admin but has no authenticator
    from any URL under the admin to the page that sets up an authenticator app, saying why.

    Members without admin access are never asked: for them MFA stays optional. Every login
    goes through allauth (config/urls.py sends Wagtail's own login form there), whose login
    asks for the second factor once an authenticator is active.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.STAFF_MFA_REQUIRED
            and request.path.startswith(reverse("wagtailadmin_home"))
            and request.user.is_authenticated
            and request.user.has_perm("wagtailadmin.access_admin")
            and not is_mfa_enabled(request.user)
        ):
            messages.warning(
                request,
                _(
                    "Staff must use two-factor authentication. Set up an authenticator app "
                    "to continue to the admin."
                ),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
