"""Members' topic proposals on the public site: proposing an opinion exchange
(/topics/propose/) and the list of one's own proposals with their decisions
(/topics/my-proposals/).

Both are routes of the TopicIndexPage (community.models.topics), which calls these views with
itself as `index`. Access is checked once per view, by its decorators: a sign-in. Whether the
member may propose (a verified e-mail address, not suspended, not too many waiting) is
services.topics.topic_propose's to say.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from core.ratelimit import client_ip

from ..forms.topics import TopicProposalForm
from ..models import TopicProposal
from ..services.posting import CommentError, member_post_refusal
from ..services.topics import topic_propose

WAIT_CODES = {"rate_limited", "too_many_pending"}


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def proposal_create(request, *, index):
    """The proposal form; a proposal accepted for moderators leads to the member's list with
    a thank-you. A refusal keeps what was typed and says why, beside the field concerned."""
    form = TopicProposalForm(request.POST or None)
    status, wait = 200, None
    if request.method == "POST" and form.is_valid():
        try:
            topic_propose(member=request.user, ip_address=client_ip(request), **form.cleaned_data)
        except CommentError as error:
            # Too many at once is a wait, not a mistake in the text: a notice, text kept.
            if error.code in WAIT_CODES:
                status, wait = 429, error
            else:
                form.add_error(None, error)
                status = 400
        else:
            messages.success(
                request,
                _(
                    "Thank you for your proposal. Moderators will decide on it, and you will "
                    "be notified either way."
                ),
            )
            return redirect(index.url + index.reverse_subpage("my_proposals"))
    elif request.method == "POST":
        status = 400
    context = {
        "page": index,
        "form": form,
        "refusal": member_post_refusal(request.user) if request.method == "GET" else wait,
    }
    return render(request, "community/proposal_form.html", context, status=status)


@never_cache
@login_required
@require_GET
def proposal_list(request, *, index):
    """The member's own proposals, newest first, each with its status, the draft or published
    topic it became, or the reason it was declined."""
    proposals = TopicProposal.objects.filter(proposer=request.user).select_related("topic")
    context = {"page": index, "proposals": proposals}
    return render(request, "community/proposal_list.html", context)
