"""The Content-Security-Policy middleware: django-csp's, with two rules of our own.

The policy itself is CONTENT_SECURITY_POLICY in config/settings/base.py;
docs/decisions/0011-content-security-policy.md explains it.
"""

from csp.constants import SELF
from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from csp.middleware import PolicyParts
from django.conf import settings

ADMIN_PREFIX = "/admin/"


class CSPMiddleware(BaseCSPMiddleware):
    """django-csp's middleware, plus:

    - Under /admin/ (Wagtail's admin and our screens in it), the policy is widened by
      CONTENT_SECURITY_POLICY_ADMIN_UPDATE: Wagtail 7.4's admin cannot work without inline
      scripts and styles. Nothing outside /admin/ is widened.
    - A response that our own pages may show in a frame says so in `frame-ancestors` too.
      Wagtail marks those (its preview panel in the page editor) with `X-Frame-Options:
      SAMEORIGIN`; browsers ignore that header once a policy has `frame-ancestors`, so the
      directive follows it: 'self' for those responses, 'none' (from settings) for the rest.
    """

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if report_only:
            return parts
        if request.path_info.startswith(ADMIN_PREFIX):
            parts.update = {**settings.CONTENT_SECURITY_POLICY_ADMIN_UPDATE, **(parts.update or {})}
        if response.get("X-Frame-Options", "").upper() == "SAMEORIGIN":
            parts.replace = {**(parts.replace or {}), "frame-ancestors": [SELF]}
        return parts
