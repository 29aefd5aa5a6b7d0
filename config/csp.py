"""The Content-Security-Policy middleware: django-csp's, with two rules of our own.

The policy itself is CONTENT_SECURITY_POLICY in config/settings/base.py;
docs/decisions/0011-content-security-policy.md explains it.
"""

from csp.constants import HEADER
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
      A preview is the page's own response, policy included (Wagtail runs the page's request
      through the middleware), so its directive is rewritten rather than built again.
    """

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(ADMIN_PREFIX):
            parts.update = {**settings.CONTENT_SECURITY_POLICY_ADMIN_UPDATE, **(parts.update or {})}
        return parts

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if response.get("X-Frame-Options", "").upper() == "SAMEORIGIN" and HEADER in response:
            response[HEADER] = framed_by_self(response[HEADER])
        return response


def framed_by_self(policy):
    """`policy` (a header value) with `frame-ancestors 'self'` in place of its own."""
    directives = [part.strip() for part in policy.split(";") if part.strip()]
    kept = [part for part in directives if part.split(" ", 1)[0] != "frame-ancestors"]
    return "; ".join([*kept, "frame-ancestors 'self'"])
