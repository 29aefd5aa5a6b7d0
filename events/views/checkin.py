"""Checking people in on the day, from a phone: find them by the QR code of their personal
page (scanned by static/js/event-checkin.js, or its code typed in) or by name or e-mail
address, check them in (or undo it), add walk-ins, and see the attendance so far.

Every view is behind staff.event_staff_view (the only access check). Everything works
without JavaScript: the scanner only fills in and sends the code form."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .. import attendance
from ..forms_staff import CheckinSearchForm, WalkInForm
from ..models import Registration
from ..selectors_staff import (
    ATTENDANCE_MIN_GROUP,
    answer_columns,
    answer_text,
    attendance_by_type,
    event_registrations,
    registration_by_token,
    registration_search,
    slot_labels,
    status_counts,
)
from .staff import event_staff_view

SEARCH_RESULTS = 30
WALK_INS_REMEMBERED = 50  # the `once` values of the walk-ins this session added


@event_staff_view
@require_GET
def checkin(request, event):
    """The check-in screen: the code form and scanner, the search, the people found (or the
    one just checked in, `?shown=<id>`, or the one whose code was given, `?token=`), a walk-in
    form and the attendance so far."""
    form = CheckinSearchForm(request.GET)
    context = {
        "page_title": _("Check-in: %(title)s") % {"title": event.title},
        "event": event,
        "form": form,
        "found": _found(request, event, form),
        "searched": bool(request.GET.get("q") or request.GET.get("token")),
        "walk_in_form": WalkInForm(slots=slot_labels(event)),
        **_day_context(event),
    }
    return TemplateResponse(request, "events/admin/checkin.html", context)


def _found(request, event, form):
    """[(registration, slot label, [(question, answer)] of the questions answered)]."""
    slots, questions = slot_labels(event), answer_columns(event)
    return [
        (registration, slots.get(registration.slot_id, ""), _needs(registration, questions))
        for registration in _people(request, event, form)
    ]


def _needs(registration, questions):
    answers = [(text, answer_text(registration, question_id)) for question_id, text in questions]
    return [(text, answer) for text, answer in answers if answer]


def _people(request, event, form):
    if request.GET.get("shown", "").isdigit():
        return event_registrations(event).filter(pk=request.GET["shown"])
    if request.GET.get("token"):
        registration = registration_by_token(event, request.GET["token"])
        return [registration] if registration else []
    if form.is_valid() and form.cleaned_data["q"]:
        return registration_search(event, form.cleaned_data["q"])[:SEARCH_RESULTS]
    return []


def _day_context(event):
    rows, total = attendance_by_type(event)
    return {
        "counts": status_counts(event),
        "attendance": rows,
        "attendance_total": total,
        "attendance_minimum": ATTENDANCE_MIN_GROUP,
    }


@event_staff_view
@require_POST
def check_in(request, event, registration_id):
    registration = get_object_or_404(Registration, pk=registration_id, event=event)
    return _check_in(request, event, registration)


@event_staff_view
@require_POST
def check_in_token(request, event):
    """The code of a personal page (or its URL, as the QR code holds it) checks its person in."""
    registration = registration_by_token(event, request.POST.get("token", ""))
    if registration is None:
        messages.error(
            request,
            _("No registration for this event has this code. Search by name instead."),
        )
        return redirect("event_staff:checkin", event.pk)
    return _check_in(request, event, registration)


def _check_in(request, event, registration):
    try:
        registration, checked_now = attendance.attendance_check_in(
            registration=registration, staff=request.user
        )
    except attendance.NotCheckable:
        messages.error(request, _not_checkable_message(registration))
    else:
        messages.success(request, _checked_message(registration, checked_now))
    return _back_to(event, registration)


def _checked_message(registration, checked_now):
    values = {
        "name": registration.display_name,
        "time": f"{timezone.localtime(registration.checked_in_at):%H:%M}",
    }
    if checked_now:
        return _("Checked in: %(name)s") % values
    return _("Already checked in (%(time)s): %(name)s") % values


def _not_checkable_message(registration):
    return _(
        "%(name)s cannot be checked in: %(status)s. If there is room, add them as a walk-in."
    ) % {"name": registration.display_name, "status": registration.get_status_display()}


def _back_to(event, registration):
    url = reverse("event_staff:checkin", args=[event.pk])
    return redirect(f"{url}?shown={registration.pk}#registration-{registration.pk}")


@event_staff_view
@require_POST
def check_in_undo(request, event, registration_id):
    registration = get_object_or_404(Registration, pk=registration_id, event=event)
    if attendance.attendance_undo(registration=registration):
        messages.success(
            request, _("Check-in undone: %(name)s") % {"name": registration.display_name}
        )
    return _back_to(event, registration)


@event_staff_view
@require_POST
def walk_in(request, event):
    """Adds a walk-in, checked in; a second send of the same form adds nobody."""
    form = WalkInForm(request.POST, slots=slot_labels(event))
    if not form.is_valid():
        messages.error(request, _("The walk-in was not added: please write their name."))
        return redirect("event_staff:checkin", event.pk)
    used = request.session.get("events:walk-ins", [])
    if form.cleaned_data["once"] in used:
        return redirect("event_staff:checkin", event.pk)
    registration = attendance.walk_in_add(
        event=event,
        name=form.cleaned_data["name"],
        stakeholder_type=form.cleaned_data["stakeholder_type"],
        slot_id=form.cleaned_data.get("slot", ""),
        staff=request.user,
    )
    request.session["events:walk-ins"] = [*used, form.cleaned_data["once"]][-WALK_INS_REMEMBERED:]
    messages.success(
        request, _("Walk-in added and checked in: %(name)s") % {"name": registration.display_name}
    )
    return _back_to(event, registration)
