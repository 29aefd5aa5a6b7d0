"""The signed redirect of announcements' links (/a/<token>/, opens.py): counts the opening,
then goes to the page. No sign-in: the link works from any e-mail program or phone."""

from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .opens import announcement_open


@never_cache
@require_GET
def announcement_link(request, token):
    """Count the opening and go to the announcement's page (the home page if it is gone)."""
    page = announcement_open(token=token, via=request.GET.get("via", ""))
    return redirect(page.get_url(request) if page is not None else "/")
