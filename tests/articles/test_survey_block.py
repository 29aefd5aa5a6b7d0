"""The article block 「アンケート」 (SurveyEmbedBlock): a card linking to the survey with the way
back to the article, or the survey itself when it is short; never an error on the article."""

import pytest

from articles.blocks import ArticleBodyBlock
from surveys.selectors import listing
from tests.factories import ArticlePageFactory, SurveyPageFactory

SHORT = [
    {
        "type": "single_choice",
        "value": {"text": "電子申請を使いましたか", "code": "Q1", "choices": ["はい", "いいえ"]},
    },
    {"type": "long_text", "value": {"text": "ご意見をどうぞ", "code": "Q2", "required": False}},
]


def _questions(count):
    return [
        {"type": "short_text", "value": {"text": f"質問{n}", "code": f"Q{n}"}} for n in range(count)
    ]


def _article(article_index, survey, **value):
    block = {"survey": survey.pk, "lead": "", "display": "auto", **value}
    return ArticlePageFactory(
        parent=article_index,
        body=[
            {"type": "paragraph", "value": "<p>電子申請の第一歩。</p>"},
            {"type": "survey", "value": block},
        ],
    )


def _embed_html(client, article):
    response = client.get(article.url)
    assert response.status_code == 200
    html = response.content.decode()
    start = html.index('class="survey-embed"')
    return html[start : html.index("</section>", start)]


def test_a_long_survey_is_a_card_that_leads_back_to_the_article(
    client, article_index, survey_index
):
    survey = SurveyPageFactory(
        parent=survey_index, title="窓口DXアンケート", questions=_questions(6)
    )
    article = _article(article_index, survey, lead="ご意見をお寄せください")

    html = _embed_html(client, article)

    assert "ご意見をお寄せください" in html
    assert "survey-badge--open" in html
    assert f'href="{survey.url}?return_to=%2Farticles%2F{article.slug}%2F"' in html
    assert "<form" not in html


def test_an_empty_lead_gets_the_default_invitation(client, article_index, survey_index):
    from django.utils.translation import gettext

    survey = SurveyPageFactory(parent=survey_index, questions=_questions(6))

    html = _embed_html(client, _article(article_index, survey))

    assert gettext("Please take part in our survey if you like.") in html


@pytest.mark.parametrize(
    "fields",
    [
        {"questions": _questions(6)},
        {
            "questions": [
                {"type": "section", "value": {"heading": "一"}},
                *SHORT[:1],
                {"type": "section", "value": {"heading": "二"}},
                *SHORT[1:],
            ]
        },
        {"audience": "members"},
    ],
    ids=["too many questions", "two steps", "members only, anonymous reader"],
)
def test_surveys_that_cannot_be_answered_inline_are_cards(
    client, article_index, survey_index, fields
):
    survey = SurveyPageFactory(parent=survey_index, **{"questions": SHORT, **fields})

    html = _embed_html(client, _article(article_index, survey))

    assert "survey-card" in html
    assert "<form" not in html


def test_display_card_always_shows_the_card(client, article_index, survey_index):
    survey = SurveyPageFactory(parent=survey_index, questions=SHORT)

    html = _embed_html(client, _article(article_index, survey, display="card"))

    assert "survey-card" in html


def test_without_the_inline_form_a_short_survey_is_a_card(
    client, article_index, survey_index, monkeypatch
):
    monkeypatch.setattr(listing, "INLINE_TEMPLATES", ("surveys/includes/not_installed.html",))
    survey = SurveyPageFactory(parent=survey_index, questions=SHORT)

    html = _embed_html(client, _article(article_index, survey))

    assert "survey-card" in html


def test_a_short_open_survey_is_answered_in_the_article(client, article_index, survey_index):
    survey = SurveyPageFactory(parent=survey_index, questions=SHORT)
    article = _article(article_index, survey)

    html = _embed_html(client, article)

    assert "survey-card" not in html
    assert survey.title in html
    assert "電子申請を使いましたか" in html
    assert f'name="return_to" value="/articles/{article.slug}/"' in html


def test_an_unpublished_or_deleted_survey_renders_nothing(client, article_index, survey_index):
    survey = SurveyPageFactory(parent=survey_index, questions=SHORT)
    article = _article(article_index, survey)
    survey.unpublish()

    html = client.get(article.url).content.decode()

    assert "survey-embed" not in html
    assert "電子申請の第一歩。" in html


def test_without_a_request_even_a_short_survey_is_a_card(survey_index):
    survey = SurveyPageFactory(parent=survey_index, questions=SHORT)
    stream_block = ArticleBodyBlock()
    value = stream_block.to_python(
        [{"type": "survey", "value": {"survey": survey.pk, "lead": "", "display": "auto"}}]
    )

    html = stream_block.render(value)

    assert "survey-card" in html
    assert survey.title in html


def test_a_survey_behind_a_view_restriction_is_not_embedded(client, article_index, survey_index):
    from wagtail.models import PageViewRestriction

    survey = SurveyPageFactory(parent=survey_index, title="限定アンケート")
    PageViewRestriction.objects.create(page=survey, restriction_type="password", password="x")
    article = _article(article_index, survey)

    html = client.get(article.url).content.decode()

    assert "限定アンケート" not in html and 'class="survey-embed"' not in html
