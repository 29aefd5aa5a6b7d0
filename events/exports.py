"""An event's registrations as a spreadsheet for its staff: one row per registration with
its answers as columns, times in Japan time (core.spreadsheets makes it formula-safe)."""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from community.models import StakeholderType
from core.japan import japan_naive

from .selectors_staff import answer_columns, answer_text, event_registrations, slot_labels


def registration_table(event):
    """(header, rows): the spreadsheet of every registration of `event`, rows a generator."""
    questions = answer_columns(event)
    header = [
        pgettext("row number", "Number"),
        pgettext("model field", "status"),
        _("Time slot"),
        _("Name"),
        _("Email address"),
        _("Stakeholder type"),
        _("Walk-in"),
        _("Registered at"),
        _("Checked in at"),
        *(text for _id, text in questions),
    ]
    return header, _rows(event, questions)


def _rows(event, questions):
    slots = slot_labels(event)
    types = dict(StakeholderType.choices)
    for number, registration in enumerate(event_registrations(event).iterator(), start=1):
        yield [
            number,
            registration.get_status_display(),
            slots.get(registration.slot_id, ""),
            registration.display_name,
            registration.member.email if registration.member_id else registration.email,
            str(types.get(registration.stakeholder_type, "")),
            _("Yes") if registration.walk_in else "",
            _moment(registration.seated_at or registration.created_at),
            _moment(registration.checked_in_at),
            *(answer_text(registration, question_id) for question_id, _text in questions),
        ]


def _moment(moment):
    return japan_naive(moment) if moment else None
