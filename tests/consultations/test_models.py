"""The outcome page (consultations.ConsultationPage): its table is the groups as they were when
the page was last saved, and the public sees only what was published."""

import uuid

from django.contrib.auth.models import AnonymousUser

from community.models import CommentStatus
from consultations import services
from consultations.models import ConsultationSettings, Disposition
from consultations.sources import opinions_of
from surveys.services import response_key_in, response_submit
from tests.consultations.conftest import keys
from tests.factories import ConsultationPageFactory, MemberFactory, OpinionFactory
from tests.surveys.respondent import items, question, survey_create


def _published(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def _answered(consultation, opinions, *, view="<p>支所への導入を検討します。</p>"):
    group = services.group_create(
        consultation=consultation, summary="支所にも広げてほしい", keys=keys(*opinions[:2])
    )
    services.group_update(
        group=group,
        summary=group.summary,
        view=view,
        disposition=Disposition.objects.get(label="今後の参考とします"),
        progress="",
    )
    return group


def test_the_table_counts_the_groups_opinions_and_who_gave_them(consultation, opinions):
    _answered(consultation, opinions)
    services.group_create(consultation=consultation, summary="費用", keys=keys(opinions[2]))

    table = consultation.table_build()

    assert (table["opinions"], table["people"]) == (4, 4)
    assert [(row["number"], row["summary"], row["count"]) for row in table["rows"]] == [
        (1, "支所にも広げてほしい", 2),
        (2, "費用", 1),
    ]
    assert table["rows"][0]["disposition"] == "今後の参考とします"


def test_people_count_once_however_many_opinions_they_gave(consultation, opinions):
    OpinionFactory(page=consultation.source, author=opinions[0].author)

    assert (consultation.table_build()["opinions"], consultation.table_build()["people"]) == (5, 4)


def test_an_opinion_deleted_since_it_was_grouped_is_neither_counted_nor_quoted(
    consultation, opinions
):
    group = _answered(consultation, opinions)
    services.quotes_set(group=group, quotes={m.pk: "引用" for m in group.members.all()})
    opinions[0].status = CommentStatus.DELETED
    opinions[0].save()

    row = consultation.table_build()["rows"][0]

    assert (row["count"], row["quotes"]) == (1, ["引用"])


def test_the_public_sees_the_published_table_not_staffs_later_changes(
    client, consultation, opinions
):
    group = _answered(consultation, opinions)
    _published(consultation)

    services.group_update(
        group=group,
        summary="書き直した概要",
        view="<p>新しい回答</p>",
        disposition=None,
        progress="",
    )
    consultation.save_revision()  # a draft, not yet approved
    html = client.get(consultation.url).content.decode()

    assert "支所にも広げてほしい" in html and "支所への導入を検討します。" in html
    assert "書き直した概要" not in html and "新しい回答" not in html
    assert '<td class="outcome-table__count" data-label="件数">2件</td>' in html


def test_an_outcome_never_published_is_not_found(client, consultation, opinions):
    _answered(consultation, opinions)
    consultation.save_revision()

    assert client.get(f"/{consultation.get_parent().slug}/{consultation.slug}/").status_code == 404


def test_quotes_are_the_masked_texts_staff_ticked_and_never_carry_a_name(
    client, consultation, opinions
):
    opinions[1].author.display_name = "山田花子"
    opinions[1].author.save()
    group = _answered(consultation, opinions)
    second = group.members.get(comment=opinions[1])
    services.quotes_set(group=group, quotes={second.pk: "○○の母が支所で困っていました。"})
    html = client.get(_published(consultation).url).content.decode()

    assert "○○の母が支所で困っていました。" in html
    assert "高齢の母が支所で困っていました。" not in html  # the text as written
    assert "支所でも書かない窓口を使いたい。" not in html  # not ticked
    assert "山田花子" not in html


def test_the_page_reads_as_the_japanese_document_with_the_configured_heading(
    client, consultation, opinions
):
    settings = ConsultationSettings.for_site(consultation.get_site())
    settings.view_heading = "町の考え方"
    settings.save()
    _answered(consultation, opinions)
    html = client.get(_published(consultation).url).content.decode()

    assert "<caption>提出された意見の概要と町の考え方</caption>" in html
    for header in ("No.", "意見の概要", "件数", "町の考え方", "対応"):
        assert f">{header}</th>" in html
    assert "<dd>4件（4人）</dd>" in html
    assert "今後の参考とします" in html


def test_a_surveys_text_answers_are_its_opinions_test_answers_aside(outcome_index, survey_index):
    survey = survey_create(
        question("single_choice", "q1", "立場", choices=items(("a", "住民"), ("b", "職員"))),
        question("long_text", "q2", "ご意見", required=False),
        one_response=False,
        parent=survey_index,
    )
    for text, is_test in [("窓口を増やして", False), ("", False), ("テスト", True)]:
        response_submit(
            survey=survey,
            respondent=AnonymousUser() if not is_test else MemberFactory(is_staff=True),
            answers={"q1": {"choices": ["a"], "other": ""}, "q2": text},
            submission_token=uuid.uuid4(),
            is_test=is_test,
        )
    consultation = ConsultationPageFactory(parent=outcome_index, source=survey)

    assert [opinion.text for opinion in opinions_of(survey)] == ["窓口を増やして"]
    assert consultation.table_build()["opinions"] == 1


def test_a_group_of_one_opinion_shows_nothing_else_of_its_author(client, consultation, opinions):
    author = opinions[0].author
    author.display_name = "港町のやまだ"
    author.save()
    OpinionFactory(page=consultation.source, author=author, body_source="駐車場も広げてほしい。")
    group = services.group_create(consultation=consultation, summary="一", keys=keys(opinions[0]))
    services.quotes_set(group=group, quotes={group.members.get().pk: "公民館で使いたい。"})

    html = client.get(_published(consultation).url).content.decode()

    assert "公民館で使いたい。" in html
    for hidden in ("駐車場も広げてほしい。", opinions[0].body_source, "港町のやまだ"):
        assert hidden not in html


def test_the_page_counts_the_opinions_by_how_they_reached_us(client, outcome_index, survey_index):
    survey = survey_create(
        question("long_text", "q1", "ご意見", required=False),
        parent=survey_index,
        one_response=False,
    )
    texts = [("窓口を増やして", "web", ""), ("土曜日も", "web", ""), ("公民館で", "paper", "A-1")]
    for text, channel, reference in texts:
        if channel == "web":
            response_submit(
                survey=survey,
                respondent=AnonymousUser(),
                answers={"q1": text},
                submission_token=uuid.uuid4(),
            )
        else:
            response_key_in(
                survey=survey,
                answers={"q1": text},
                channel=channel,
                reference=reference,
                staff=MemberFactory(is_staff=True),
            )
    consultation = ConsultationPageFactory(parent=outcome_index, source=survey)

    html = client.get(_published(consultation).url).content.decode()

    assert "<dd>3件（3人）" in html
    assert "<li>Web 2件（2人）</li><li>紙 1件（1人）</li>" in html


def test_a_topics_letters_count_one_person_each(consultation, opinions):
    for reference in ("郵-1", "郵-2"):
        OpinionFactory(
            page=consultation.source, author=None, stance="", channel="post", reference=reference
        )

    table = consultation.table_build()

    assert (table["opinions"], table["people"]) == (6, 6)
    assert table["channels"] == [
        {"channel": "web", "opinions": 4, "people": 4},
        {"channel": "post", "opinions": 2, "people": 2},
    ]
