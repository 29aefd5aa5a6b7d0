"""Staff screens of opinion exchanges in the Wagtail admin: the queue of members' topic
proposals with accept (採用) and decline (見送り), and closing a topic with its conclusion.

Wagtail lets only staff with admin access reach /admin/ (others are sent to sign in). Each view
checks the rest once, in its decorator: `community.moderate_comment` for proposals, and
services.topics.topic_closable_by for closing. Other staff get the 403 page.
"""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.access import forbidden, permission_required_or_forbidden
from core.pagination import paginate

from ..forms.topics import ProposalDeclineForm, ProposalFilterForm, TopicCloseForm
from ..models import ProposalStatus, TopicPage, TopicProposal
from ..services.discussions import MODERATE_PERMISSION
from ..services.topics import proposal_accept, proposal_decline, topic_closable_by, topic_close

PROPOSALS_PER_PAGE = 30


# Only staff holding `community.moderate_comment` (Moderators, superusers) get through.
moderator_required = permission_required_or_forbidden(MODERATE_PERMISSION)


def topic_closer_required(view):
    """The view receives the TopicPage instead of its id, when the user may close it
    (moderators and the topic's publishers); others get 403."""

    @wraps(view)
    def wrapper(request, page_id, *args, **kwargs):
        topic = get_object_or_404(TopicPage, pk=page_id)
        if not topic_closable_by(request.user, topic=topic):
            return forbidden(request)
        return view(request, topic, *args, **kwargs)

    return wrapper


# --- Proposals --------------------------------------------------------------------------------


@moderator_required
@require_GET
def proposal_queue(request):
    """Proposals waiting for a decision, oldest first (or those accepted, declined, all)."""
    filter_form = ProposalFilterForm(request.GET)
    status = filter_form.status_value()
    proposals = TopicProposal.objects.select_related("proposer", "decided_by", "topic")
    if status:
        proposals = proposals.filter(status=status)
    if status == ProposalStatus.PENDING:
        proposals = proposals.order_by("created_at", "pk")
    proposals = paginate(proposals, request.GET.get("p"), per_page=PROPOSALS_PER_PAGE)
    context = {
        "page_title": _("Topic proposals"),
        "filter_form": filter_form,
        "status": status,
        "proposals": proposals,
        "pending_count": TopicProposal.objects.filter(status=ProposalStatus.PENDING).count(),
    }
    return render(request, "community/admin/proposal_queue.html", context)


@moderator_required
@require_GET
def proposal_detail(request, pk):
    proposal = get_object_or_404(
        TopicProposal.objects.select_related("proposer", "decided_by", "topic"), pk=pk
    )
    return _detail_render(request, proposal, decline_form=ProposalDeclineForm())


def _detail_render(request, proposal, *, decline_form, status=200):
    topic = proposal.topic
    context = {
        "page_title": _("Topic proposals"),
        "page_subtitle": proposal.title,
        "proposal": proposal,
        "decline_form": decline_form,
        "topic_editable": topic is not None and topic.permissions_for_user(request.user).can_edit(),
    }
    return render(request, "community/admin/proposal_detail.html", context, status=status)


@moderator_required
@require_POST
def proposal_accept_view(request, pk):
    """採用: the proposal becomes a draft topic, opened in the editor when the moderator may
    edit pages there; else they stay on the proposal, which links to the draft for editors."""
    proposal = get_object_or_404(TopicProposal, pk=pk)
    try:
        topic = proposal_accept(proposal=proposal, moderator=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("topic_proposals:detail", pk=pk)
    if topic.permissions_for_user(request.user).can_edit():
        messages.success(
            request,
            _("Accepted. “%(title)s” is now a draft topic: finish it and publish it when ready.")
            % {"title": topic.title},
        )
        return redirect("wagtailadmin_pages:edit", topic.pk)
    messages.success(
        request,
        _("Accepted. “%(title)s” is now a draft topic for editors to finish and publish.")
        % {"title": topic.title},
    )
    return redirect("topic_proposals:detail", pk=pk)


@moderator_required
@require_POST
def proposal_decline_view(request, pk):
    """見送り: declined with a reason the member reads; back to the queue."""
    proposal = get_object_or_404(
        TopicProposal.objects.select_related("proposer", "decided_by", "topic"), pk=pk
    )
    form = ProposalDeclineForm(request.POST)
    if form.is_valid():
        try:
            proposal_decline(
                proposal=proposal, moderator=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(
                request,
                _("Declined “%(title)s”. The member has been told why.")
                % {"title": proposal.title},
            )
            return redirect("topic_proposals:queue")
    return _detail_render(request, proposal, decline_form=form, status=400)


def form_errors_add(form, error):
    """Put a service's refusal on `form`: at the field it names, if the form has it."""
    if hasattr(error, "error_dict") and not set(error.error_dict) <= set(form.fields):
        error = ValidationError(error.messages)
    form.add_error(None, error)


# --- Closing a topic --------------------------------------------------------------------------


@moderator_required
@require_GET
def topic_close_list(request):
    """Every topic, open ones first, each leading to its closing screen: Moderators have no
    page screens, where editors find 「意見交換を終了する」 in the topic's menus."""
    topics = TopicPage.objects.select_related("closure__closed_by").order_by(
        F("closure__closed_at").desc(nulls_first=True), "-latest_revision_created_at", "-pk"
    )
    context = {
        "page_title": _("Close an opinion exchange"),
        "topics": paginate(topics, request.GET.get("p"), per_page=PROPOSALS_PER_PAGE),
    }
    return render(request, "community/admin/topic_close_list.html", context)


@require_http_methods(["GET", "POST"])
@topic_closer_required
def topic_close_view(request, topic):
    """「意見交換を終了する」: the conclusion and what closing does; once closed, the
    conclusion and who closed it."""
    closure = topic.closure_or_none
    form = TopicCloseForm(request.POST or None) if closure is None else None
    status = 400 if closure is not None and request.method == "POST" else 200
    if form is not None and request.method == "POST":
        if form.is_valid():
            try:
                topic_close(
                    topic=topic, actor=request.user, conclusion=form.cleaned_data["conclusion"]
                )
            except ValidationError as error:
                form_errors_add(form, error)
            else:
                messages.success(
                    request,
                    _("“%(title)s” is closed. Everyone who took part will be notified.")
                    % {"title": topic.title},
                )
                return redirect(reverse("topic_close", args=[topic.pk]))
        status = 400
    context = {
        "page_title": _("Close the opinion exchange"),
        "page_subtitle": topic.title,
        "topic": topic,
        "topic_editable": topic.permissions_for_user(request.user).can_edit(),
        "closure": closure,
        "form": form,
    }
    return render(request, "community/admin/topic_close.html", context, status=status)
