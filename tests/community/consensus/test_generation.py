"""The report's cache (community.consensus.generation): a second read costs one query, and
every write that changes a report — a vote cast or changed, an opinion posted, hidden,
restored or deleted, a reply, a profile changed, a member deleted, a region renamed — is in
the very next read, exactly as a report computed afresh."""

import random
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from community.consensus.dimensions import PREFECTURE, REGION, STAKEHOLDER_TYPE
from community.consensus.generation import consensus_generation
from community.consensus.report import _report_figures, consensus_report
from community.services.comments import comment_create
from community.services.members import member_delete, member_profile_update
from community.services.moderation import comment_hide, comment_restore
from community.services.reports import comment_report
from community.services.topics import opinion_vote
from tests.community.consensus.votes import _figures
from tests.factories import OpinionFactory, RegionFactory, StaffUserFactory, established_member

pytestmark = pytest.mark.django_db
MINIMUM = 2
# What differs from one request to the next anyway: CSRF tokens and the charts' random ids.
PER_REQUEST = re.compile(r'(csrfmiddlewaretoken" value=|_TOKEN": )"[^"]*"|chart-[0-9a-f]{10}')


def _summary(report):
    """Every figure of a report, as plain values (what a reader or an export sees)."""

    def rows(groups):
        return [(g.key, str(g.label), g.size, g.tally, g.hidden, g.named) for g in groups]

    participation = report.participation
    return {
        "opinions": [
            (f.opinion, f.overall, rows(f.groups), rows(f.types)) for f in report.opinions
        ],
        "people": (participation.participants, participation.voters, participation.authors),
        "voters_by": {key: rows(value) for key, value in participation.voters_by.items()},
        "authors_by": {key: rows(value) for key, value in participation.authors_by.items()},
        "per_day": (report.opinions_per_day, report.votes_per_day, report.votes),
    }


def _read(topic, dimension=STAKEHOLDER_TYPE):
    """The report as served (cached when it can be), checked against one computed afresh."""
    served = consensus_report(topic=topic, dimension=dimension, minimum=MINIMUM)
    assert _summary(served) == _summary(_report_figures(topic, dimension, MINIMUM))
    return served


def _voters(count, **profile):
    return [established_member(**profile) for _ in range(count)]


def test_a_second_read_comes_from_the_cache(topic, opinions):
    consensus_report(topic=topic, minimum=MINIMUM)

    with CaptureQueriesContext(connection) as queries:
        report = consensus_report(topic=topic, minimum=MINIMUM)

    assert len(queries) == 1  # the generation tokens
    assert _figures(report, opinions["consensus"]).overall.agree == 10


def test_the_groups_follow_the_thresholds_of_each_read(topic, opinions):
    from community.consensus.thresholds import Thresholds

    consensus_report(topic=topic, minimum=MINIMUM)
    strict = consensus_report(topic=topic, minimum=MINIMUM, thresholds=Thresholds(agree=80))

    assert _figures(strict, opinions["consensus"]).category != "consensus"


def test_a_vote_cast_and_changed_is_in_the_next_read(topic):
    opinion = OpinionFactory(page=topic)
    member = established_member(stakeholder_type="business", prefecture="13")
    _read(topic)

    opinion_vote(member=member, opinion=opinion, choice="agree")
    assert _figures(_read(topic), opinion).overall.agree == 1

    # a changed vote takes the voter's profile as it is now
    member.stakeholder_type = "municipal"
    member.save()
    opinion_vote(member=member, opinion=opinion, choice="pass")
    figures = _figures(_read(topic), opinion)
    assert (figures.overall.agree, figures.overall.passed) == (0, 1)


def test_opinions_posted_hidden_restored_and_deleted_are_in_the_next_read(topic):
    author = established_member()
    opinion = comment_create(
        author=author, page=topic, body="支所にも書かない窓口を。", stance="agree"
    )
    for member in _voters(3):
        opinion_vote(member=member, opinion=opinion, choice="agree")
    assert _read(topic).votes == 3

    moderator = StaffUserFactory(groups=["Moderators"])
    comment_hide(comment=opinion, moderator=moderator, reason="確認中")
    assert _read(topic).votes == 0

    comment_restore(comment=opinion, moderator=moderator, reason="問題なし")
    assert _read(topic).votes == 3

    opinion.delete()  # with its votes
    assert _read(topic).opinions == []


def test_an_opinion_hidden_by_reports_is_left_out_at_once(topic):
    opinion = OpinionFactory(page=topic)
    for member in _voters(2):
        opinion_vote(member=member, opinion=opinion, choice="disagree")
    assert _read(topic).votes == 2

    for reporter in _voters(3):  # the third report hides it, by an UPDATE
        comment_report(comment=opinion, reporter=reporter, reason="spam")

    assert _read(topic).votes == 0


def test_a_reply_adds_a_participant(topic):
    opinion = OpinionFactory(page=topic)
    before = _read(topic).participation.participants

    comment_create(author=established_member(), page=topic, body="賛成です。", parent=opinion)

    assert _read(topic).participation.participants == before + 1


def test_an_authors_profile_changed_is_in_the_next_read(topic):
    author = established_member(stakeholder_type="resident", prefecture="13")
    comment_create(author=author, page=topic, body="土日も開けてほしい。", stance="agree")
    comment_create(
        author=established_member(), page=topic, body="電子申請を広げて。", stance="agree"
    )
    _read(topic, PREFECTURE)

    member_profile_update(
        member=author,
        display_name="新しい名前",
        bio="",
        stakeholder_type="business",
        prefecture="27",
        region=None,
        region_name="",
        stakeholder_type_public=False,
        region_public=False,
    )

    report = _read(topic, PREFECTURE)
    assert any(f.opinion.author__display_name == "新しい名前" for f in report.opinions)


def test_signing_in_keeps_the_cached_report(topic, opinions):
    member = established_member()
    before = consensus_generation(topic_id=topic.pk)

    member.save(update_fields=["last_login"])

    assert consensus_generation(topic_id=topic.pk) == before


def test_a_deleted_member_is_no_longer_counted_among_voters(topic):
    opinion = OpinionFactory(page=topic)
    leaving, staying = _voters(2)
    for member in (leaving, staying):
        opinion_vote(member=member, opinion=opinion, choice="agree")
    assert _read(topic).participation.voters == 2

    member_delete(member=leaving)

    report = _read(topic)
    assert report.participation.voters == 1
    assert _figures(report, opinion).overall.agree == 2  # the vote stays, unlinked


def test_a_region_renamed_is_in_the_next_read(topic):
    region = RegionFactory(prefecture="13", name="八王子市")
    opinion = OpinionFactory(page=topic)
    for member in _voters(2, prefecture="13", region=region):
        opinion_vote(member=member, opinion=opinion, choice="agree")
    _read(topic, REGION)

    region.name = "八王子"
    region.save()

    labels = [row.label for row in _figures(_read(topic, REGION), opinion).groups]
    assert labels == ["東京都 八王子"]


def test_after_any_sequence_of_writes_the_cached_report_is_exact(topic):
    rng = random.Random(20)
    kinds = ["resident", "business", "municipal", ""]
    members = [
        established_member(stakeholder_type=rng.choice(kinds), prefecture=rng.choice(["13", "27"]))
        for _ in range(8)
    ]
    moderator = StaffUserFactory(groups=["Moderators"])
    opinions = [OpinionFactory(page=topic) for _ in range(3)]
    for _step in range(30):
        action = rng.random()
        opinion = rng.choice(opinions)
        if action < 0.6 and opinion.status == "published":
            choice = rng.choice(["agree", "disagree", "pass"])
            opinion_vote(member=rng.choice(members), opinion=opinion, choice=choice)
        elif action < 0.7 and opinion.status == "published":
            comment_hide(comment=opinion, moderator=moderator, reason="確認")
        elif action < 0.8 and opinion.status == "hidden":
            comment_restore(comment=opinion, moderator=moderator, reason="確認")
        elif action < 0.9:
            member = rng.choice(members)
            member.stakeholder_type = rng.choice(kinds)
            member.save()
        else:
            author = rng.choice(members)
            opinions.append(
                comment_create(author=author, page=topic, body=f"意見{_step}", stance="agree")
            )
        for opinion in opinions:
            opinion.refresh_from_db()
        _read(topic, rng.choice([STAKEHOLDER_TYPE, PREFECTURE, REGION]))


# --- The page's cached fragments ----------------------------------------------------------------


def _page(client, topic, **params):
    from django.urls import reverse

    html = client.get(reverse("consensus:report", args=[topic.pk]), params).content.decode()
    return PER_REQUEST.sub("", html)


def test_the_page_read_from_its_cached_fragments_is_the_page_written(
    client, topic, opinions, analyst
):
    from django.core.cache import cache

    for by in ("stakeholder_type", "prefecture", "region"):
        written = _page(client, topic, by=by)
        assert _page(client, topic, by=by) == written
        cache.clear()
        assert _page(client, topic, by=by) == written


def test_a_vote_shows_on_the_page_read_next(client, topic, analyst):
    opinion = OpinionFactory(page=topic, body_source="窓口の意見")
    _page(client, topic)

    opinion_vote(member=established_member(), opinion=opinion, choice="agree")

    html = _page(client, topic)
    assert '<td class="results-number" data-label="賛成">1 <small>(100.0%)</small></td>' in html
