"""Staff's screens for an event's registrations in the Wagtail admin: the events they may
manage with their counts, an event's registrations (filtered by status and time slot), the
export of them, and inviting those who came to a follow-up survey or opinion exchange.

Personal data are shown only to the event's staff: every view here and in checkin.py is
behind `event_staff_view` (or, for the list of events, `manage_permission_required`), the
only access check."""

from functools import wraps
from itertools import chain

from django.contrib import messages
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from core.access import forbidden, permission_required_or_forbidden
from core.downloads import attachment, dated_filename
from core.pagination import paginate
from core.spreadsheets import CSV_TYPE, XLSX_TYPE, csv_chunks, xlsx_file

from .. import attendance
from ..exports import registration_table
from ..forms_staff import FollowUpForm, RegistrationFilterForm
from ..models import EventPage
from ..selectors_staff import (
    answer_columns,
    answer_text,
    event_registrations,
    slot_labels,
    staff_events,
    status_counts,
)

MANAGE_PERMISSION = "events.manage_registrations"

# Event staff, Editors and superusers get through; other staff get 403.
manage_permission_required = permission_required_or_forbidden(MANAGE_PERMISSION)


def may_manage(user, event):
    """Whether `user` may see `event`'s registrations: the permission, and the right to edit
    that event's page (its section of the page tree)."""
    return user.has_perm(MANAGE_PERMISSION) and event.permissions_for_user(user).can_edit()


def event_staff_view(view):
    """The access check of an event's staff screens (may_manage); the view receives the
    EventPage instead of its id."""

    @wraps(view)
    def wrapper(request, page_id, *args, **kwargs):
        event = get_object_or_404(EventPage, pk=page_id)
        if not may_manage(request.user, event):
            return forbidden(request)
        return view(request, event, *args, **kwargs)

    return wrapper


@manage_permission_required
@require_GET
def index(request):
    """The events the user may manage: upcoming ones soonest first, then past ones."""
    upcoming, past = staff_events(request.user)
    context = {
        "page_title": _("Event registrations"),
        "upcoming": upcoming,
        "past": paginate(past, request.GET.get("p"), per_page=50),
    }
    return TemplateResponse(request, "events/admin/index.html", context)


@event_staff_view
@require_GET
def registrations(request, event):
    """An event's registrations with their answers, filtered by status and time slot."""
    slots, questions = slot_labels(event), answer_columns(event)
    form = RegistrationFilterForm(request.GET, slots=slots)
    listed = paginate(
        event_registrations(event, **form.filters()), request.GET.get("p"), per_page=100
    )
    context = {
        "page_title": _("Registrations: %(title)s") % {"title": event.title},
        "event": event,
        "form": form,
        "registrations": listed,
        "rows": _rows(listed, questions, slots),
        "counts": status_counts(event),
        "questions": questions,
        "slots": slots,
        "query": _query_without_page(request),
    }
    return TemplateResponse(request, "events/admin/registrations.html", context)


def _rows(registrations, questions, slots):
    return [
        (
            registration,
            slots.get(registration.slot_id, ""),
            [(text, answer_text(registration, question_id)) for question_id, text in questions],
        )
        for registration in registrations
    ]


def _query_without_page(request):
    query = request.GET.copy()
    query.pop("p", None)
    return query.urlencode()


@never_cache
@event_staff_view
@require_GET
def registrations_csv(request, event):
    header, rows = registration_table(event)
    response = StreamingHttpResponse(csv_chunks(rows, header=header), content_type=CSV_TYPE)
    return attachment(response, dated_filename("event", event.pk, "registrations", extension="csv"))


@never_cache
@event_staff_view
@require_GET
def registrations_xlsx(request, event):
    header, rows = registration_table(event)
    file = xlsx_file([(_("Registrations"), chain([header], rows))])
    response = FileResponse(file, content_type=XLSX_TYPE)
    filename = dated_filename("event", event.pk, "registrations", extension="xlsx")
    return attachment(response, filename)


@event_staff_view
@require_http_methods(["GET", "POST"])
def follow_up(request, event):
    """「参加者にアンケートを案内」: choose the event's survey or opinion exchange and invite
    everyone checked in, once per page."""
    pages = [page for page in (event.survey, event.topic) if page is not None and page.live]
    form = FollowUpForm(request.POST or None, pages=pages)
    if request.method == "POST" and form.is_valid():
        invitation, sent_now = attendance.follow_up_invite(
            event=event, page=form.cleaned_data["page"], staff=request.user
        )
        messages.success(request, _follow_up_message(invitation, sent_now))
        return redirect("event_staff:follow_up", event.pk)
    context = {
        "page_title": _("Invite attendees to a survey: %(title)s") % {"title": event.title},
        "event": event,
        "form": form,
        "pages": pages,
        "attended": status_counts(event)["attended"],
        "invitations": event.follow_up_invitations.select_related("page", "sent_by"),
    }
    return TemplateResponse(request, "events/admin/follow_up.html", context)


def _follow_up_message(invitation, sent_now):
    if not sent_now:
        return _("The attendees were already invited to “%(title)s”; nothing was sent again.") % {
            "title": invitation.page.title
        }
    return ngettext(
        "%(count)d attendee is being invited to “%(title)s”.",
        "%(count)d attendees are being invited to “%(title)s”.",
        invitation.count,
    ) % {"count": invitation.count, "title": invitation.page.title}
