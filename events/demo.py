"""The demo events that `manage.py seed_demo` adds (through articles.demo.extensions): the
イベント index under the home page and seven events in 石川県七尾市, tied to the demo articles,
the マイナンバーカード opinion exchange and the survey: a 相談会 (マイナンバーカード出張申請窓口)
with four time slots, two full with people waiting; a 説明会 with twenty of thirty seats taken;
an オンライン説明会; a ワークショップ with registration questions; a postponed and a cancelled
event whose registrants were told; and a past 説明会 with check-ins, two walk-ins and its 記録.

Idempotent: each event is found by its slug, and registrations are written (directly, backdated,
with the seats they take counted in EventSeats) only for an event that has none.
"""

from datetime import timedelta
from itertools import count

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from community.models import Region, TopicPage, User
from core.pages import child_page_get_or_create, page_publish

from .demo_content import EVENTS, INDEX, NAMES
from .models import EventIndexPage, EventPage, EventSeats, Registration, RegistrationStatus
from .models.pages import EventPageRelatedArticle, EventStatus


def demo_events_build(*, home, survey, articles):
    """The イベント index under `home` and its demo events with their registrations, related
    to `survey` and `articles` ({slug: ArticlePage}). Returns the index."""
    index = child_page_get_or_create(
        parent=home, page_class=EventIndexPage, slug="events", defaults=INDEX
    )
    region = Region.objects.filter(prefecture="17", name="七尾市").first()
    for spec in EVENTS:
        event = _event_get_or_create(
            index=index, spec=spec, region=region, survey=survey, articles=articles
        )
        if not Registration.objects.filter(event=event).exists():
            _registrations_build(event, spec)
    return index


def _at(days, hours, minutes=0):
    """`days` from today at `hours`:`minutes`, Japan time."""
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    return today + timedelta(days=days, hours=hours, minutes=minutes)


def _event_get_or_create(*, index, spec, region, survey, articles):
    event = EventPage.objects.child_of(index).filter(slug=spec["slug"]).first()
    if event is not None:
        return event
    days, (hour, minute), length = spec["when"]
    starts_at = _at(days, hour, minute)
    event = EventPage(
        slug=spec["slug"],
        live=False,
        region=region,
        starts_at=starts_at,
        ends_at=starts_at + length,
        registration_opens_at=starts_at - timedelta(days=30),
        survey=survey if spec.get("with_survey") else None,
        topic=TopicPage.objects.filter(slug=spec.get("topic", "-")).first(),
        slots=[
            ("slot", {"starts_at": start, "ends_at": start + slot_length, "capacity": capacity})
            for start, slot_length, capacity in _slots(starts_at, spec.get("slots", []))
        ],
        **spec["fields"],
    )
    event.tags.add(*spec.get("tags", []))
    event.related_articles = [
        EventPageRelatedArticle(article=articles[slug])
        for slug in spec.get("articles", [])
        if slug in articles
    ]
    with transaction.atomic():
        index.add_child(instance=event)
        return page_publish(event)


def _slots(starts_at, slots):
    """[(start, length, capacity)] from [(minutes after the event's start, length, capacity)]."""
    return [
        (starts_at + timedelta(minutes=offset), length, capacity)
        for offset, length, capacity in slots
    ]


def _registrations_build(event, spec):
    """The spec's registrations of each time slot, backdated, and the seats they take."""
    slot_ids = [slot_id for slot_id, *_ in event.slot_list] or [""]
    members = {m.email: m for m in User.objects.filter(email__endswith="@yoriai.example")}
    people = count()
    with transaction.atomic():
        for slot_id, seats in zip(slot_ids, spec["seats"], strict=True):
            rows = _rows(event, spec, slot_id, seats, members=members, people=people)
            Registration.objects.bulk_create(rows)
        _seats_count(event)


def _rows(event, spec, slot_id, seats, *, members, people):
    rows = []
    past = event.ends_at < timezone.now()
    for n in range(seats.registered + seats.waiting + seats.walk_ins):
        walk_in = n >= seats.registered + seats.waiting
        status = RegistrationStatus.WAITING
        if n < seats.registered or walk_in:
            status = RegistrationStatus.REGISTERED
        created_at = event.starts_at - timedelta(days=20, hours=-n * 5)
        if walk_in:
            created_at = event.starts_at + timedelta(minutes=5 + n)
        member = members.get(seats.members[n]) if n < len(seats.members) else None
        rows.append(
            Registration(
                event=event,
                slot_id=slot_id,
                **_person(next(people), member),
                answers=_answers(event, spec, n),
                status=status,
                walk_in=walk_in,
                created_at=created_at,
                confirmed_at=created_at + timedelta(minutes=3),
                seated_at=created_at + timedelta(minutes=3) if status == "registered" else None,
                checked_in_at=_checked_in(event, n, seats, walk_in) if past else None,
                event_status_told="" if event.status == EventStatus.SCHEDULED else event.status,
            )
        )
    return rows


def _person(number, member):
    """The registrant's fields: the demo member's, or a made-up name and address."""
    if member is not None:
        return {"member": member, "stakeholder_type": member.stakeholder_type}
    name, romaji, stakeholder_type = NAMES[number % len(NAMES)]
    return {
        "name": name,
        "email": f"{romaji}{number // len(NAMES) or ''}@example.jp",
        "stakeholder_type": stakeholder_type,
    }


def _checked_in(event, n, seats, walk_in):
    if walk_in:
        return event.starts_at + timedelta(minutes=5 + n)
    if n < seats.checked_in:
        return event.starts_at - timedelta(minutes=15 - n % 15)
    return None


def _answers(event, spec, n):
    """Answers to the event's registration questions, as the registration form keeps them:
    {question id: {question, value, text}}; spec["answers"] says which people answer はい."""
    answers = {}
    for child in event.questions:
        yes = n in spec.get("answers", {}).get(child.value["code"], ())
        value = "はい" if yes else "いいえ"
        answers[child.id] = {"question": child.value["text"], "value": value, "text": value}
    return answers


def _seats_count(event):
    """Each slot's seats taken: its registrations holding a seat (registered, not walk-ins)."""
    taken = dict(
        Registration.objects.filter(event=event)
        .values_list("slot_id")
        .annotate(n=Count("pk", filter=Q(status=RegistrationStatus.REGISTERED, walk_in=False)))
    )
    for slot_id, capacity in event.seat_capacities().items():
        EventSeats.objects.update_or_create(
            event=event,
            slot_id=slot_id,
            defaults={"capacity": capacity, "taken": taken.get(slot_id, 0)},
        )
