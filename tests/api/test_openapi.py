"""Every endpoint's answers conform to the OpenAPI document the API serves."""

import re

import pytest

from community.models import TopicClosure
from tests.api.openapi import response_schema_errors
from tests.api.surveys_data import results_survey
from tests.factories import (
    ArticlePageFactory,
    AuthorFactory,
    OpinionFactory,
    SeriesFactory,
    TopicIndexPageFactory,
    TopicPageFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def path_ids(home_page, article_index, survey_index):
    """An existing public object for each path parameter of the document."""
    article = ArticlePageFactory(
        parent=article_index,
        tags=["行政DX", "電子申請"],
        authors=[AuthorFactory(), AuthorFactory()],
        series=SeriesFactory(),
        series_number=2,
    )
    ArticlePageFactory(parent=article_index)
    topic = TopicPageFactory(parent=TopicIndexPageFactory(parent=home_page))
    TopicClosure.objects.create(topic=topic, conclusion="まとめ", conclusion_html="<p>まとめ</p>")
    OpinionFactory(page=topic, edited_at=topic.first_published_at)
    survey = results_survey(parent=survey_index)
    return {"article_id": article.pk, "topic_id": topic.pk, "survey_id": survey.pk}


def test_every_answer_conforms_to_the_document(client, path_ids):
    document = client.get("/api/v1/openapi.json").json()
    paths = [path for path, operations in document["paths"].items() if "get" in operations]

    for path in paths:
        url = re.sub(r"\{(\w+)\}", lambda match: str(path_ids[match.group(1)]), path)
        response = client.get(url, {"limit": 1} if "{" not in path else {})
        assert response.status_code == 200, url
        assert response_schema_errors(document, path, response.json()) == [], url


def test_the_document_is_in_the_readers_language(client):
    japanese = client.get("/api/v1/openapi.json", HTTP_ACCEPT_LANGUAGE="ja").json()
    english = client.get("/api/v1/openapi.json", HTTP_ACCEPT_LANGUAGE="en").json()

    summary = english["paths"]["/api/v1/articles/"]["get"]["summary"]
    assert summary == "Published articles"
    assert japanese["paths"]["/api/v1/articles/"]["get"]["summary"] == "公開中の記事"


def test_a_validator_that_finds_nothing_wrong_would_be_no_test(client, path_ids):
    document = client.get("/api/v1/openapi.json").json()

    errors = response_schema_errors(document, "/api/v1/articles/", {"results": [{"id": "x"}]})

    assert any("'id'" in error or "title" in error for error in errors)
