"""The published outcome is linked from where its opinions were given: the topic, the articles
related to the topic, and a survey."""

from community.models import TopicPageRelatedArticle
from core.page_links import page_links
from tests.factories import ArticlePageFactory, ConsultationPageFactory, SurveyPageFactory

LINK = '<span class="page-links__label">意見募集の結果</span>'


def test_the_topic_and_its_related_article_link_to_the_published_outcome(
    client, consultation, article_index
):
    article = ArticlePageFactory(parent=article_index)
    TopicPageRelatedArticle.objects.create(topic=consultation.source.specific, article=article)
    assert LINK not in client.get(consultation.source.url).content.decode()

    consultation.save_revision().publish()
    consultation.refresh_from_db()

    for page in (consultation.source, article):
        html = client.get(page.url).content.decode()
        assert f'{LINK} <a href="{consultation.url}">{consultation.title}</a>' in html, page


def test_a_survey_links_to_the_outcome_of_its_answers(client, outcome_index, survey_index):
    survey = SurveyPageFactory(parent=survey_index)
    outcome = ConsultationPageFactory(parent=outcome_index, source=survey, live=True)

    assert [link.url for link in page_links(survey)] == [outcome.url]
    assert LINK in client.get(survey.url).content.decode()


def test_an_unpublished_or_private_outcome_is_not_linked(consultation):
    assert page_links(consultation.source) == []
