"""Reads of the events' staff screens: the events a member of staff may manage with their
counts, an event's registrations (filtered, searched), their answers as columns, and the
attendance by stakeholder type with small groups withheld (docs/decisions/0008)."""

import unicodedata
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.permission_policies.pages import PagePermissionPolicy

from community.models import StakeholderType

from .models import EventPage, Registration, RegistrationStatus

# As a survey's default minimum group size: smaller groups are shown as 「—」.
ATTENDANCE_MIN_GROUP = 5
FULL_WIDTH_OFFSET = 0xFEE0  # ! (U+0021) … ~ (U+007E) ↔ ！ (U+FF01) … ～ (U+FF5E)
HIRAGANA_TO_KATAKANA = 0x60  # ぁ (U+3041) … ゖ (U+3096) ↔ ァ (U+30A1) … ヶ (U+30F6)


def _count(**condition):
    return Count(
        "registrations", filter=Q(**{f"registrations__{k}": v for k, v in condition.items()})
    )


STATUS_COUNTS = {
    "registered": {"status": RegistrationStatus.REGISTERED, "walk_in": False},
    "waiting": {"status": RegistrationStatus.WAITING},
    "pending": {"status": RegistrationStatus.PENDING},
    "cancelled": {"status": RegistrationStatus.CANCELLED},
    "walk_ins": {"walk_in": True},
    "attended": {"checked_in_at__isnull": False},
}


def staff_events(user):
    """(upcoming, past): the events `user` may edit, each annotated with STATUS_COUNTS' names;
    upcoming soonest first, past latest first."""
    editable = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    events = EventPage.objects.filter(pk__in=editable.values("pk")).annotate(
        **{name: _count(**condition) for name, condition in STATUS_COUNTS.items()}
    )
    now = timezone.now()
    upcoming = events.filter(ends_at__gte=now).order_by("starts_at", "pk")
    return upcoming, events.filter(ends_at__lt=now).order_by("-starts_at", "-pk")


def status_counts(event):
    """{name in STATUS_COUNTS: number of the event's registrations} in one query."""
    counts = {name: Count("pk", filter=Q(**condition)) for name, condition in STATUS_COUNTS.items()}
    return Registration.objects.filter(event=event).aggregate(**counts)


def event_registrations(event, *, status="", slot_id=None):
    """The event's registrations in order of arrival, with their members, of one status
    ("attended": checked in; "walk_in") and time slot when given."""
    registrations = Registration.objects.filter(event=event).select_related("member")
    if status == "attended":
        registrations = registrations.filter(checked_in_at__isnull=False)
    elif status == "walk_in":
        registrations = registrations.filter(walk_in=True)
    elif status:
        registrations = registrations.filter(status=status, walk_in=False)
    if slot_id is not None:
        registrations = registrations.filter(slot_id=slot_id)
    return registrations.order_by("created_at", "pk")


def registration_search(event, query):
    """The event's registrations whose name, nickname or e-mail address contains `query`,
    compared after NFKC (ＳＡＴＯ = sato), in either kana (さとう = サトウ), and against names
    typed in full-width letters (sato finds ＳＡＴＯ)."""
    text = unicodedata.normalize("NFKC", query).strip()
    if not text:
        return Registration.objects.none()
    matches = Q()
    wide = {_full_width(text), _full_width(text.upper()), _full_width(text.lower())}
    for variant in {text, _katakana(text), _hiragana(text), *wide}:
        matches |= (
            Q(name__icontains=variant)
            | Q(email__icontains=variant)
            | Q(member__display_name__icontains=variant)
            | Q(member__email__icontains=variant)
        )
    return event_registrations(event).filter(matches)


def _katakana(text):
    return "".join(chr(ord(c) + HIRAGANA_TO_KATAKANA) if "ぁ" <= c <= "ゖ" else c for c in text)


def _full_width(text):
    return "".join(chr(ord(c) + FULL_WIDTH_OFFSET) if "!" <= c <= "~" else c for c in text)


def _hiragana(text):
    return "".join(chr(ord(c) - HIRAGANA_TO_KATAKANA) if "ァ" <= c <= "ヶ" else c for c in text)


def registration_by_token(event, token):
    """The event's registration whose personal page is `token` (or the URL of that page, as
    its QR code holds it), or None."""
    token = token.strip().rstrip("/").rsplit("/r/", 1)[-1].split("/", 1)[0]
    if not token:
        return None
    return event_registrations(event).filter(token=token).first()


def answer_columns(event):
    """[(question id, question text)] of the event's registration questions, in order."""
    return [(block.id, block.value["text"]) for block in event.questions]


def answer_text(registration, question_id):
    """A registration's answer to one question as the person saw it when registering (the
    text events.forms stored with it; several choices joined with 「、」), or ""."""
    answer = registration.answers.get(question_id)
    return answer["text"] if answer else ""


def slot_labels(event):
    """{slot id: "HH:MM–HH:MM" in Japan time} of the event's time slots."""
    return {
        slot_id: f"{timezone.localtime(starts):%H:%M}–{timezone.localtime(ends):%H:%M}"
        for slot_id, starts, ends, _capacity in event.slot_list
    }


@dataclass(frozen=True)
class AttendanceRow:
    label: str
    count: int | None  # None: withheld (fewer than ATTENDANCE_MIN_GROUP, or its complement)


def attendance_by_type(event, *, minimum=ATTENDANCE_MIN_GROUP):
    """(rows, total): those checked in per stakeholder type (「未回答」 for none), groups of
    1 to minimum-1 withheld; when only one would be withheld the next smallest is too, so
    that the total minus the others does not give it away."""
    counted = dict(
        Registration.objects.filter(event=event, checked_in_at__isnull=False)
        .values_list("stakeholder_type")
        .annotate(n=Count("pk"))
        .values_list("stakeholder_type", "n")
    )
    groups = [(str(label), counted.get(value, 0)) for value, label in StakeholderType.choices]
    groups.append((_("Not given"), counted.get("", 0)))
    withheld = {label for label, n in groups if 0 < n < minimum}
    if len(withheld) == 1:
        others = sorted((n, label) for label, n in groups if label not in withheld)
        withheld.add(others[0][1])
    rows = [AttendanceRow(label, None if label in withheld else n) for label, n in groups]
    return rows, sum(counted.values())
