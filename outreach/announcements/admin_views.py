"""「お知らせ配信」 in the Wagtail admin: the list of announcements, writing one with its audience
(the 「人数を数える」 button counts it, and splits it by channel, without saving), sending or
scheduling it, approving one a colleague wrote, cancelling, and the statistics once sent.

Every view is behind one decorator, its only access check: `announcement_staff` (the
permission) or `announcement_view` (the permission, and the announcement, passed in; for
approving, someone other than its author)."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.access import forbidden, permission_required_or_forbidden

from . import sending
from .audience import announcement_audience, audience_members, channel_split, counted
from .forms import AnnouncementForm, AudienceConditionFormSet, SendForm
from .models import Announcement, AnnouncementStatus
from .stats import announcement_stats

announcement_staff = permission_required_or_forbidden(sending.PERMISSION)


def announcement_view(*, approving=False):
    """The access check of one announcement's screens: the permission and, when `approving`,
    not being its author. The view receives the Announcement instead of its id."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, pk, *args, **kwargs):
            user = request.user
            if not user.has_perm(sending.PERMISSION):
                return forbidden(request)
            announcement = get_object_or_404(Announcement, pk=pk)
            if approving and announcement.created_by_id == user.pk:
                return forbidden(request)
            return view(request, announcement, *args, **kwargs)

        return wrapper

    return decorator


@announcement_staff
@require_GET
def index(request):
    announcements = Announcement.objects.select_related("created_by", "approved_by")
    context = {"page_title": _("Announcements"), "announcements": announcements[:200]}
    return TemplateResponse(request, "outreach/admin/announcements/index.html", context)


@announcement_staff
@require_http_methods(["GET", "POST"])
def create(request):
    return _edit(request, Announcement(created_by=request.user))


@announcement_view()
@require_http_methods(["GET", "POST"])
def edit(request, announcement):
    if announcement.status != AnnouncementStatus.DRAFT:
        messages.error(request, _("Only a draft can be changed. Take it back to a draft first."))
        return redirect("announcements:detail", announcement.pk)
    return _edit(request, announcement)


def _edit(request, announcement):
    """The form and its audience; 「count」 shows how many it reaches without saving."""
    data = request.POST if request.method == "POST" else None
    form = AnnouncementForm(data, instance=announcement)
    conditions = AudienceConditionFormSet(data, instance=announcement, prefix="conditions")
    audience = None
    if data is not None and form.is_valid() and conditions.is_valid():
        if "count" not in data:
            with transaction.atomic():
                announcement = form.save()
                conditions.instance = announcement
                conditions.save()
            messages.success(request, _("The announcement was saved as a draft."))
            return redirect("announcements:detail", announcement.pk)
        audience = _audience(
            [c.instance for c in conditions.forms if c.has_changed() and not _deleted(c)],
            form.cleaned_data["combinator"],
        )
    context = {
        "page_title": _("Write an announcement"),
        "form": form,
        "conditions": conditions,
        "audience": audience,
        "media": form.media + conditions.media,
    }
    return TemplateResponse(request, "outreach/admin/announcements/edit.html", context)


def _deleted(form):
    return form.cleaned_data.get("DELETE", False)


def _audience(conditions, combinator):
    members = audience_members(conditions=conditions, combinator=combinator)
    return {"count": counted(members.count()), "split": channel_split(members)}


@announcement_view()
@require_GET
def detail(request, announcement):
    """The announcement, whom it reaches, what can be done to it now; its statistics once sent."""
    sent = announcement.status == AnnouncementStatus.SENT
    members = announcement_audience(announcement)
    context = {
        "page_title": announcement.title,
        "announcement": announcement,
        "conditions": announcement.conditions.select_related("region", "page"),
        "audience": None if sent else {"count": counted(members.count())},
        "split": None if sent else channel_split(members),
        "stats": announcement_stats(announcement) if sent else None,
        "send_form": SendForm(),
        "may_approve": announcement.created_by_id != request.user.pk,
    }
    return TemplateResponse(request, "outreach/admin/announcements/detail.html", context)


@announcement_view()
@require_POST
def send(request, announcement):
    """Send the draft now, or at the time chosen (after approval, when needed)."""
    form = SendForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["send_at"]))
        return redirect("announcements:detail", announcement.pk)
    return _act(
        request,
        announcement,
        lambda: sending.announcement_submit(
            announcement=announcement, by=request.user, send_at=form.cleaned_data["send_at"]
        ),
    )


@announcement_view(approving=True)
@require_POST
def approve(request, announcement):
    return _act(
        request,
        announcement,
        lambda: sending.announcement_approve(announcement=announcement, by=request.user),
    )


@announcement_view()
@require_POST
def cancel(request, announcement):
    return _act(
        request, announcement, lambda: sending.announcement_cancel(announcement=announcement)
    )


@announcement_view()
@require_POST
def return_to_draft(request, announcement):
    return _act(
        request,
        announcement,
        lambda: sending.announcement_return_to_draft(announcement=announcement),
    )


def _act(request, announcement, action):
    try:
        done = action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        due_now = (
            done.status == AnnouncementStatus.SCHEDULED and done.scheduled_at <= timezone.now()
        )
        status = AnnouncementStatus.SENDING if due_now else done.status  # its task is queued
        messages.success(request, STATUS_MESSAGES[status])
    return redirect("announcements:detail", announcement.pk)


STATUS_MESSAGES = {
    AnnouncementStatus.DRAFT: gettext_lazy("The announcement is a draft again."),
    AnnouncementStatus.AWAITING_APPROVAL: gettext_lazy(
        "The announcement reaches many people: another member of staff must approve it."
    ),
    AnnouncementStatus.SCHEDULED: gettext_lazy("The announcement is scheduled to be sent."),
    AnnouncementStatus.SENDING: gettext_lazy("The announcement is being sent."),
    AnnouncementStatus.SENT: gettext_lazy("The announcement was sent."),
    AnnouncementStatus.CANCELLED: gettext_lazy("The announcement was cancelled."),
}
