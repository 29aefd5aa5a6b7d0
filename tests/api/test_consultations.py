"""/api/v1/consultations/: the published outcome tables, and nothing staff have not had
approved and published."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from consultations import services
from consultations.models import Disposition
from core.channels import Channel
from tests.consultations.conftest import keys
from tests.factories import (
    ConsultationIndexPageFactory,
    ConsultationPageFactory,
    MemberFactory,
    OpinionFactory,
    StaffUserFactory,
    TopicIndexPageFactory,
    TopicPageFactory,
)

pytestmark = pytest.mark.django_db

ITEM_KEYS = {
    "id",
    "title",
    "url",
    "source",
    "opened_on",
    "closed_on",
    "opinions",
    "people",
    "channels",
    "first_published_at",
    "last_published_at",
}
DETAIL_KEYS = ITEM_KEYS | {"lead_html", "view_heading", "rows"}
SOURCE_KEYS = {"id", "type", "title", "url"}
ROW_KEYS = {
    "number",
    "url",
    "summary",
    "count",
    "view_html",
    "view_text",
    "disposition",
    "progress",
    "progress_label",
    "notes",
    "quotes",
}
NOTE_KEYS = {"on", "progress", "progress_label", "note"}


@pytest.fixture
def topic(home_page):
    return TopicPageFactory(parent=TopicIndexPageFactory(parent=home_page))


@pytest.fixture
def opinions(topic):
    """Three opinions on `topic` by members with names and e-mail addresses."""
    texts = ["支所でも書かない窓口を使いたい。", "高齢の母が支所で困っていました。", "費用が心配。"]
    return [
        OpinionFactory(
            page=topic,
            body_source=text,
            author=MemberFactory(
                display_name=f"投稿者{number}", email=f"writer{number}@example.jp"
            ),
        )
        for number, text in enumerate(texts)
    ]


@pytest.fixture
def outcome_index(home_page):
    return ConsultationIndexPageFactory(parent=home_page)


@pytest.fixture
def consultation(outcome_index, topic):
    return ConsultationPageFactory(parent=outcome_index, source=topic)


def _answered(consultation, opinions):
    """A group of the first two opinions, answered, with one masked quote and a follow-up."""
    group = services.group_create(
        consultation=consultation, summary="支所にも広げてほしい", keys=keys(*opinions[:2])
    )
    services.group_update(
        group=group,
        summary=group.summary,
        view="<p>支所への導入を<b>検討</b>します。</p>",
        disposition=Disposition.objects.get(label="今後の参考とします"),
        progress="underway",
    )
    second = group.members.get(comment=opinions[1])
    services.quotes_set(group=group, quotes={second.pk: "○○の母が支所で困っていました。"})
    services.progress_note_add(
        group=group,
        author=StaffUserFactory(email="staff-writer@example.jp"),
        progress="underway",
        note="2支所で試行を始めました。",
        noted_on=consultation.first_published_at.date(),
    )
    return group


def _approved(consultation):
    """Submitted by an editor and approved by a responder (the approval publishes it)."""
    editor = StaffUserFactory(groups=["Editors"])
    consultation.save_revision(user=editor)
    consultation.get_workflow().start(consultation, editor)
    consultation.refresh_from_db()
    consultation.current_workflow_task.on_action(
        consultation.current_workflow_state.current_task_state,
        StaffUserFactory(groups=["Responders"]),
        "approve",
    )
    consultation.refresh_from_db()
    assert consultation.live
    return consultation


def test_a_published_outcome_is_listed_and_read_as_its_page_shows_it(
    client, consultation, opinions, topic
):
    _answered(consultation, opinions)
    _approved(consultation)

    listed = client.get("/api/v1/consultations/").json()["results"]
    detail = client.get(f"/api/v1/consultations/{consultation.pk}/").json()

    assert [set(item) for item in listed] == [ITEM_KEYS]
    assert set(detail) == DETAIL_KEYS
    assert (detail["opinions"], detail["people"], detail["channels"]) == (3, 3, [])
    assert set(detail["source"]) == SOURCE_KEYS
    assert detail["source"]["type"] == "topic"
    assert detail["source"]["url"] == f"http://localhost{topic.url}"
    assert detail["view_heading"] == "市の考え方"
    [row] = detail["rows"]
    assert set(row) == ROW_KEYS
    assert [set(note) for note in row["notes"]] == [NOTE_KEYS]
    assert row["url"] == f"{detail['url']}#outcome-{consultation.opinion_groups.get().pk}"
    assert (row["number"], row["summary"], row["count"]) == (1, "支所にも広げてほしい", 2)
    assert row["view_html"] == "<p>支所への導入を<b>検討</b>します。</p>"
    assert row["view_text"] == "支所への導入を検討します。"
    assert (row["disposition"], row["progress"], row["progress_label"]) == (
        "今後の参考とします",
        "underway",
        "実施中",
    )
    assert row["notes"][0]["note"] == "2支所で試行を始めました。"
    assert row["quotes"] == ["○○の母が支所で困っていました。"]


def test_no_name_address_or_unquoted_opinion_is_in_the_answer(client, consultation, opinions):
    _answered(consultation, opinions)
    _approved(consultation)

    detail = client.get(f"/api/v1/consultations/{consultation.pk}/")
    listed = client.get("/api/v1/consultations/")
    content = detail.content.decode() + listed.content.decode()

    assert "○○の母が支所で困っていました。" in content
    for opinion in opinions:
        assert opinion.body_source not in content
        assert opinion.author.display_name not in content
        assert opinion.author.email not in content
    assert "staff-writer@example.jp" not in content
    assert b"@" not in detail.content + listed.content


def test_staffs_later_groupings_are_not_shown_until_approved(client, consultation, opinions):
    group = _answered(consultation, opinions)
    _approved(consultation)
    services.group_update(
        group=group,
        summary="書き直した概要",
        view="<p>新しい回答</p>",
        disposition=None,
        progress="",
    )
    services.group_create(consultation=consultation, summary="費用", keys=keys(opinions[2]))
    editor = StaffUserFactory(groups=["Editors"])
    consultation.save_revision(user=editor)
    consultation.get_workflow().start(consultation, editor)  # submitted, not yet approved

    content = client.get(f"/api/v1/consultations/{consultation.pk}/").content.decode()

    assert "支所にも広げてほしい" in content
    for unapproved in ("書き直した概要", "新しい回答", "費用"):
        assert unapproved not in content


def test_drafts_and_private_outcomes_are_neither_listed_nor_found(
    client, consultation, opinions, outcome_index, topic
):
    _answered(consultation, opinions)
    consultation.save_revision()  # a draft, never published
    private = ConsultationPageFactory(parent=outcome_index, source=topic, live=True)
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    shown = ConsultationPageFactory(parent=outcome_index, source=topic, live=True)

    data = client.get("/api/v1/consultations/").json()

    assert [item["id"] for item in data["results"]] == [shown.pk]
    for hidden in (consultation, private):
        assert client.get(f"/api/v1/consultations/{hidden.pk}/").status_code == 404
    assert "支所にも広げてほしい" not in client.get("/api/v1/consultations/").content.decode()


def test_a_source_no_longer_published_is_not_named(client, outcome_index, topic):
    outcome = ConsultationPageFactory(parent=outcome_index, source=topic, live=True)
    topic.unpublish()

    detail = client.get(f"/api/v1/consultations/{outcome.pk}/").json()

    assert detail["source"] is None
    assert topic.title not in client.get("/api/v1/consultations/").content.decode()


def test_the_list_is_walked_with_the_cursor_and_updated_since(client, outcome_index, topic):
    outcomes = [
        ConsultationPageFactory(parent=outcome_index, source=topic, live=True) for _ in range(3)
    ]

    first = client.get("/api/v1/consultations/", {"limit": 2}).json()
    second = client.get(first["next"]).json()
    since = outcomes[2].last_published_at.isoformat()
    recent = client.get("/api/v1/consultations/", {"updated_since": since}).json()

    assert [item["id"] for item in first["results"] + second["results"]] == [
        outcome.pk for outcome in outcomes
    ]
    assert second["next"] is None
    assert [item["id"] for item in recent["results"]] == [outcomes[2].pk]


def test_a_live_outcome_made_in_code_still_has_its_publishing_times(outcome_index, topic):
    outcome = ConsultationPageFactory(
        parent=outcome_index, source=topic, live=True, first_published_at=None
    )

    assert outcome.last_published_at is not None
    assert outcome.last_published_at == outcome.first_published_at


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_a_page_costs_the_same_queries_however_many_outcomes_it_holds(
    client, outcome_index, topic, survey_index
):
    from tests.factories import SurveyPageFactory

    survey = SurveyPageFactory(parent=survey_index)
    for source in (topic, survey, topic, survey, topic):
        ConsultationPageFactory(parent=outcome_index, source=source, live=True)
    client.get("/api/v1/consultations/")  # the site's root paths and content types, cached

    assert _queries(client, "/api/v1/consultations/?limit=1") == _queries(
        client, "/api/v1/consultations/?limit=5"
    )


def test_opinions_received_outside_the_site_are_counted_by_channel(
    client, consultation, opinions, topic
):
    posted = OpinionFactory(page=topic, author=None, channel=Channel.POST, reference="郵-1")
    _answered(consultation, [*opinions, posted])
    _approved(consultation)

    detail = client.get(f"/api/v1/consultations/{consultation.pk}/").json()
    listed = client.get("/api/v1/consultations/").json()["results"][0]

    assert detail["channels"] == [
        {"label": "Web", "opinions": 3, "people": 3},
        {"label": "郵送・メール", "opinions": 1, "people": 1},
    ]
    assert listed["channels"] == detail["channels"]


def test_a_source_page_anyone_may_not_read_is_not_named(client, consultation, opinions, topic):
    _answered(consultation, opinions)
    _approved(consultation)
    PageViewRestriction.objects.create(page=topic, restriction_type="login")

    listed = client.get("/api/v1/consultations/").json()["results"][0]
    detail = client.get(f"/api/v1/consultations/{consultation.pk}/").json()
    page = client.get(consultation.url).content.decode()

    assert listed["source"] is None and detail["source"] is None
    assert topic.title not in page
