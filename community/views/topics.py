"""Opinion exchanges (意見交換) on the public site: votes on opinions.

Views translate HTTP to community.services.topics and back; access is checked once per view,
by its decorators. The topic pages themselves are Wagtail pages (community.models.topics).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.ratelimit import client_ip

from ..models import TopicPage
from ..selectors.comments import comment_on_discussable_page_get, opinion_votes_mark
from ..services.posting import CommentError, vote_wait_message
from ..services.topics import opinion_vote as opinion_vote_cast
from .comments import RATE_LIMIT_CODES, _comment_url, _error_code, _is_htmx, _poster_required, _wait


@login_required
@require_POST
@_poster_required
def opinion_vote(request, pk):
    """Vote 賛成 / 反対 / パス on an opinion, or change the vote; back to the opinion, or for
    htmx its vote buttons again (with the refusal above them when refused; a pace limit as a
    wait that keeps the buttons unusable until it is over)."""
    opinion = comment_on_discussable_page_get(
        pk=pk, depth=1, page_id__in=TopicPage.objects.values("pk")
    )
    try:
        opinion_vote_cast(
            member=request.user,
            opinion=opinion,
            choice=request.POST.get("choice", ""),
            ip_address=client_ip(request),
        )
    except CommentError as error:
        waiting = _error_code(error) in RATE_LIMIT_CODES
        if _is_htmx(request):
            if waiting:
                wait = _wait(error, message=vote_wait_message, done=_("You can vote now."))
                return _vote_buttons(request, opinion, wait=wait)
            return _vote_buttons(request, opinion, error=error.messages[0])
        (messages.warning if waiting else messages.error)(request, error.messages[0])
        return redirect(_comment_url(request, opinion))
    if _is_htmx(request):
        return _vote_buttons(request, opinion)
    return redirect(_comment_url(request, opinion))


def _vote_buttons(request, opinion, *, error="", wait=None):
    """includes/opinion_vote.html for `opinion` as it stands now, for htmx to swap in."""
    opinion.refresh_from_db(fields=["agree_count", "disagree_count", "pass_count"])
    opinion.by_viewer = opinion.author_id == request.user.pk
    topic = TopicPage.objects.get(pk=opinion.page_id)
    opinion_votes_mark([opinion], viewer=request.user, topic=topic)
    context = {
        "comment": opinion,
        "votes_open": topic.accepts_opinions(),
        "vote_error": error,
        "wait": wait,
    }
    return render(request, "community/includes/opinion_vote.html", context)
