"""Where to send someone back to: a `next` (or similar) taken from the request, only when it is
a path on this site."""

from django.utils.http import url_has_allowed_host_and_scheme


def safe_next_url(request, candidate, *, fallback):
    """`candidate` when it is a local path ("/…", never "//…" or another host), else `fallback`.
    The result is always a URL, never read as a URL pattern name by `redirect()`: a bare
    `next=foo` would otherwise be looked up as a view name and fail."""
    if (
        isinstance(candidate, str)
        and candidate.startswith("/")
        and not candidate.startswith(("//", "/\\"))
        and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return candidate
    return fallback
