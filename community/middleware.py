"""Staff reach the Wagtail admin only through allauth's login and with two-factor authentication."""

from urllib.parse import urlencode

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _


class StaffMFAMiddleware:
    """Guards every URL under the Wagtail admin.

    - Wagtail's own login form would skip allauth's e-mail verification, rate limits and MFA,
      so it redirects to allauth's login (keeping `next`).
    - With `STAFF_MFA_REQUIRED`, a user who may use the admin but has no authenticator yet is
      sent to set up an authenticator app, with a message saying why. Members without admin
      access are never asked; for them MFA stays optional.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        admin_home = reverse("wagtailadmin_home")
        if request.path.startswith(admin_home):
            response = self._guard_admin(request)
            if response:
                return response
        return self.get_response(request)

    def _guard_admin(self, request):
        if request.path == reverse("wagtailadmin_login"):
            query = urlencode({"next": request.GET["next"]}) if "next" in request.GET else ""
            return redirect(f"{reverse('account_login')}{'?' if query else ''}{query}")
        user = request.user
        if (
            settings.STAFF_MFA_REQUIRED
            and user.is_authenticated
            and user.has_perm("wagtailadmin.access_admin")
            and not is_mfa_enabled(user)
        ):
            messages.warning(
                request,
                _(
                    "Staff must use two-factor authentication. Set up an authenticator app "
                    "to continue to the admin."
                ),
            )
            return redirect("mfa_activate_totp")
        return None
