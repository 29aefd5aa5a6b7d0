"""Who an announcement reaches (outreach.announcements.audience), against a population counted
by hand: each condition, AND and OR, the members never reached, the count staff see and the
split by channel."""

import uuid

import pytest

from community.models import (
    Follow,
    NotificationEmail,
    NotificationKind,
    NotificationOptOut,
    StakeholderType,
)
from events.models import RegistrationStatus
from outreach.announcements import audience
from outreach.announcements.models import AudienceCondition, Combinator, ConditionKind
from outreach.models import LineAccount, PushSubscription
from surveys.models import Response
from tests.factories import (
    EventIndexPageFactory,
    EventPageFactory,
    MemberFactory,
    OpinionFactory,
    RegionFactory,
    RegistrationFactory,
    SurveyPageFactory,
    TopicIndexPageFactory,
    TopicPageFactory,
)

RESIDENT, BUSINESS = StakeholderType.RESIDENT, StakeholderType.BUSINESS
HOKKAIDO, TOKYO = "01", "13"


@pytest.fixture
def town(home_page, survey_index):
    """Members a–c who may be reached, and d–f who never are, with what they did:

    | who | type     | pref. | region | follows topic | survey | topic opinion | event      |
    | a   | resident | 01    | r1     | yes           | yes    |               |            |
    | b   | business | 13    |        |               |        | yes           | registered |
    | c   | resident | 13    |        |               | anon.  |               | cancelled  |
    | d   | resident | 01    | r1     | yes           | yes    | (announcements off)        |
    | e   | resident | 01    | r1     | yes           |        | (closed)      | registered |
    | f   | resident | 01    | r1     | yes           |        | (staff)       |            |
    """
    r1 = RegionFactory(prefecture=HOKKAIDO, name="東川町")
    topic = TopicPageFactory(parent=TopicIndexPageFactory(parent=home_page))
    survey = SurveyPageFactory(parent=survey_index)
    event = EventPageFactory(parent=EventIndexPageFactory(parent=home_page))
    a = MemberFactory(stakeholder_type=RESIDENT, prefecture=HOKKAIDO, region=r1)
    b = MemberFactory(stakeholder_type=BUSINESS, prefecture=TOKYO, region=None)
    c = MemberFactory(stakeholder_type=RESIDENT, prefecture=TOKYO, region=None)
    d = MemberFactory(prefecture=HOKKAIDO, region=r1, announcements=False)
    e = MemberFactory(prefecture=HOKKAIDO, region=r1, is_active=False)
    f = MemberFactory(prefecture=HOKKAIDO, region=r1, is_staff=True)
    for member in (a, d, e, f):
        Follow.objects.create(member=member, page=topic)
    for member in (a, d, None):
        Response.objects.create(survey=survey, member=member, submission_token=uuid.uuid4())
    OpinionFactory(page=topic, author=b)
    RegistrationFactory(event=event, member=b)
    RegistrationFactory(event=event, member=c, status=RegistrationStatus.CANCELLED)
    RegistrationFactory(event=event, member=e)
    return {
        "members": {"a": a, "b": b, "c": c},
        "region": r1,
        "topic": topic,
        "survey": survey,
        "event": event,
    }


def _reached(town, *conditions, combinator=Combinator.ALL):
    members = audience.audience_members(
        conditions=[AudienceCondition(**condition) for condition in conditions],
        combinator=combinator,
    )
    names = {member.pk: name for name, member in town["members"].items()}
    return {names.get(pk, pk) for pk in members.values_list("pk", flat=True)}


def _page(town, kind, key):
    return {"kind": kind, "page": town[key]}


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ({"kind": ConditionKind.STAKEHOLDER_TYPE, "stakeholder_type": RESIDENT}, {"a", "c"}),
        ({"kind": ConditionKind.PREFECTURE, "prefecture": HOKKAIDO}, {"a"}),
        ({"kind": ConditionKind.PREFECTURE, "prefecture": TOKYO}, {"b", "c"}),
    ],
)
def test_a_profile_condition_reaches_the_members_it_names(town, condition, expected):
    assert _reached(town, condition) == expected


def test_a_municipality_reaches_its_members_only(town):
    assert _reached(town, {"kind": ConditionKind.REGION, "region": town["region"]}) == {"a"}


@pytest.mark.parametrize(
    ("kind", "key", "expected"),
    [
        (ConditionKind.FOLLOWERS, "topic", {"a"}),
        (ConditionKind.SURVEY, "survey", {"a"}),  # the anonymous response is nobody
        (ConditionKind.TOPIC, "topic", {"b"}),
        (ConditionKind.EVENT, "event", {"b"}),  # c cancelled
    ],
)
def test_taking_part_reaches_those_who_did(town, kind, key, expected):
    assert _reached(town, _page(town, kind, key)) == expected


def test_conditions_joined_by_and_or_or(town):
    tokyo = {"kind": ConditionKind.PREFECTURE, "prefecture": TOKYO}
    resident = {"kind": ConditionKind.STAKEHOLDER_TYPE, "stakeholder_type": RESIDENT}
    followers = _page(town, ConditionKind.FOLLOWERS, "topic")
    event = _page(town, ConditionKind.EVENT, "event")

    assert _reached(town, tokyo, resident) == {"c"}
    assert _reached(town, tokyo, resident, combinator=Combinator.ANY) == {"a", "b", "c"}
    assert _reached(town, followers, event, combinator=Combinator.ANY) == {"a", "b"}
    assert _reached(town, followers, event) == set()


def test_no_condition_reaches_nobody(town):
    assert _reached(town) == set()


def test_the_count_is_exact_only_from_the_privacy_minimum(settings):
    settings.ANNOUNCEMENT_PRIVACY_MINIMUM = 5

    assert str(audience.counted(4)) == "5人未満"
    assert audience.counted(4).exact is None
    assert str(audience.counted(1234)) == "1,234人"
    assert audience.counted(0).exact == 0


def test_the_split_by_channel(town, settings, monkeypatch):
    settings.ANNOUNCEMENT_PRIVACY_MINIMUM = 1
    monkeypatch.setattr(audience, "outreach_channels", lambda: {"line": None, "push": None})
    a, b, c = town["members"].values()
    a.notification_email = NotificationEmail.IMMEDIATELY
    b.notification_email = NotificationEmail.DAILY
    c.notification_email = NotificationEmail.NONE
    for member in (a, b, c):
        member.save()
    for member, kind in ((b, "email"), (b, "line")):
        NotificationOptOut.objects.create(
            member=member, kind=NotificationKind.ANNOUNCEMENT, channel=kind
        )
    LineAccount.objects.create(member=a, line_user_id="U1")
    LineAccount.objects.create(member=b, line_user_id="U2")
    PushSubscription.objects.create(
        member=c, endpoint="https://push.example/1", p256dh="k", auth="a"
    )
    members = audience.eligible_members().filter(pk__in=[a.pk, b.pk, c.pk])

    split = {label: count.exact for label, count in audience.channel_split(members).items()}

    assert split == {
        "メール（すぐに）": 1,
        "メール（1日1回のまとめ）": 0,
        "メールなし": 2,
        "LINE連携済み": 1,
        "ブラウザ通知あり": 1,
    }
