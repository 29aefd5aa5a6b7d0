"""The moderators' screens in the Wagtail admin: the queue with filters and bulk decisions, one
comment's history, suspending a member, the moderation log.

Wagtail lets only staff with admin access reach /admin/; each view here also needs
`community.moderate_comment`, checked once by its `moderator_required` decorator, except a
page's comment setting, which the page's editors may change too (checked once, in the view).
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from wagtail.models import Page

from core.converters import MAX_ID
from core.pagination import paginate
from core.redirects import safe_next_url

from ..forms.moderation import (
    ModerationDecisionForm,
    ModerationQueueFilterForm,
    PageDiscussionForm,
    SuspensionForm,
)
from ..models import DiscussionMode, ModerationActionKind, Suspension, User
from ..models.discussion import discussable_page_models
from ..selectors import moderation as selectors
from ..services import moderation as services
from ..services.discussions import (
    MODERATE_PERMISSION,
    discussion_mode,
    discussion_mode_set,
    discussion_mode_settable_by,
)

QUEUE_PER_PAGE = 30
LOG_PER_PAGE = 50

moderator_required = permission_required(MODERATE_PERMISSION, raise_exception=True)


@moderator_required
@require_GET
def queue(request):
    """Comments that need a decision (or any other view of them), 30 a page, with bulk
    approve / hide / delete / restore."""
    filter_form = ModerationQueueFilterForm(request.GET)
    filters = filter_form.filters()
    comments = paginate(
        selectors.moderation_queue(**filters), request.GET.get("p"), per_page=QUEUE_PER_PAGE
    )
    context = {
        "page_title": _("Moderation queue"),
        "filter_form": filter_form,
        "filters": filters,
        "comments": comments,
        "elided_page_range": _page_range(comments),
        "decision_form": ModerationDecisionForm(),
        "filtered_page": filters["page_id"] and Page.objects.filter(pk=filters["page_id"]).first(),
        "filtered_member": filters["member_id"]
        and User.objects.filter(pk=filters["member_id"]).first(),
    }
    return render(request, "community/admin/moderation_queue.html", context)


@moderator_required
@require_POST
def decide(request):
    """Apply one decision to the comments ticked in the queue (or the one on its own screen),
    then go back where the moderator came from."""
    form = ModerationDecisionForm(request.POST)
    back = _back_url(request, default=reverse("moderation:queue"))
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, errors[0])
        return redirect(back)
    data = form.cleaned_data
    try:
        outcome = services.comments_moderate(
            comments=data["comments"],
            moderator=request.user,
            kind=data["kind"],
            reason=data["reason"],
        )
    except services.ModerationError as error:
        messages.error(request, error.messages[0])
        return redirect(back)
    _outcome_report(request, outcome, kind=data["kind"])
    return redirect(back)


def _outcome_report(request, outcome, *, kind):
    label = ModerationActionKind(kind).label
    if outcome.done:
        messages.success(
            request,
            ngettext(
                "%(action)s: %(count)s comment.", "%(action)s: %(count)s comments.", outcome.done
            )
            % {"action": label, "count": outcome.done},
        )
    if outcome.skipped:
        messages.warning(
            request,
            ngettext(
                "%(count)s comment was left as it was: the action does not apply to it.",
                "%(count)s comments were left as they were: the action does not apply to them.",
                outcome.skipped,
            )
            % {"count": outcome.skipped},
        )


@moderator_required
@require_GET
def comment_detail(request, pk):
    """Everything about one comment: text, earlier versions, reports and decisions."""
    comment = selectors.moderation_comment_get(pk=pk)
    context = {
        "page_title": _("Comment #%(pk)s") % {"pk": comment.pk},
        "comment": comment,
        "decision_form": ModerationDecisionForm(initial={"comments": [comment.pk]}),
    }
    return render(request, "community/admin/moderation_comment.html", context)


@moderator_required
@require_http_methods(["GET", "POST"])
def member_suspend(request, pk):
    """Suspend a member for a while (or until lifted) with a reason; lists their suspensions."""
    member = selectors.member_moderation_get(pk=pk)
    with timezone.override(settings.TIME_ZONE):  # the end is typed in Japan time, as labelled
        form = SuspensionForm(request.POST or None)
        valid = request.method == "POST" and form.is_valid()
    if valid:
        try:
            services.member_suspend(
                member=member,
                moderator=request.user,
                reason=form.cleaned_data["reason"],
                ends_at=form.ends_at_value(now=timezone.now()),
            )
        except services.ModerationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(member)s is suspended from posting.") % {"member": member.public_name},
            )
            return redirect("moderation:member_suspend", pk=member.pk)
    context = {
        "page_title": _("Suspend %(member)s") % {"member": member.public_name},
        "member": member,
        "form": form,
        "now": timezone.now(),
    }
    return render(request, "community/admin/moderation_member.html", context)


@moderator_required
@require_POST
def suspension_lift(request, pk):
    suspension = get_object_or_404(Suspension.objects.select_related("member"), pk=pk)
    try:
        services.suspension_lift(
            suspension=suspension, moderator=request.user, reason=request.POST.get("reason", "")
        )
    except services.ModerationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The suspension has been lifted."))
    return redirect("moderation:member_suspend", pk=suspension.member_id)


@moderator_required
@require_GET
def log(request):
    """Who did what, when and why; filtered by action, member or moderator."""
    kind = request.GET.get("kind", "")
    kind = kind if kind in ModerationActionKind.values else ""
    actions = selectors.moderation_log(
        kind=kind,
        member_id=_positive_int(request.GET.get("member")),
        moderator_id=_positive_int(request.GET.get("moderator")),
    )
    actions = paginate(actions, request.GET.get("p"), per_page=LOG_PER_PAGE)
    context = {
        "page_title": _("Moderation log"),
        "actions": actions,
        "elided_page_range": _page_range(actions),
        "kinds": ModerationActionKind.choices,
        "kind": kind,
    }
    return render(request, "community/admin/moderation_log.html", context)


@require_http_methods(["GET", "POST"])
def page_discussion(request, page_id):
    """How one page takes comments: open, pre-moderated or closed (moderators and the page's
    editors; services.discussions.discussion_mode_settable_by decides)."""
    page = get_object_or_404(Page.objects.type(*discussable_page_models()).specific(), pk=page_id)
    if not discussion_mode_settable_by(request.user, page=page):
        raise PermissionDenied
    form = PageDiscussionForm(request.POST or None, initial={"mode": discussion_mode(page)})
    if request.method == "POST" and form.is_valid():
        discussion_mode_set(page=page, mode=form.cleaned_data["mode"], actor=request.user)
        messages.success(
            request,
            _("Comments on “%(title)s”: %(mode)s.")
            % {"title": page.title, "mode": DiscussionMode(form.cleaned_data["mode"]).label},
        )
        return redirect("wagtailadmin_explore", page.get_parent().pk)
    context = {
        "page_title": _("Comments on “%(title)s”") % {"title": page.title},
        "page": page,
        "form": form,
    }
    return render(request, "community/admin/page_discussion.html", context)


def _page_range(page):
    """The page numbers Wagtail's pagination shows, with … for the ones left out."""
    return page.paginator.get_elided_page_range(page.number)


def _positive_int(value):
    """`value` as an id, or None when it is not one a database column could hold."""
    return int(value) if value and value.isdigit() and 0 < int(value) <= MAX_ID else None


def _back_url(request, *, default):
    return safe_next_url(request, request.POST.get("next"), fallback=default)
