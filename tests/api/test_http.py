"""What every API answer carries: CORS for reads only, ETags and conditional GET."""

import pytest
from django.utils.http import http_date

from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(article_index):
    return ArticlePageFactory(parent=article_index)


def test_any_site_may_read(client, article):
    response = client.get("/api/v1/articles/", HTTP_ORIGIN="https://opendata.example.jp")

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    assert response["Cache-Control"] == "public, max-age=60"


def test_a_preflight_allows_reading_and_the_key_header_only(client):
    response = client.options(
        "/api/v1/articles/",
        HTTP_ORIGIN="https://opendata.example.jp",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="x-api-key",
    )

    assert response.status_code == 204
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "X-API-Key" in response["Access-Control-Allow-Headers"]


def test_writing_is_refused_without_cors(client, article):
    response = client.post("/api/v1/articles/", {}, HTTP_ORIGIN="https://evil.example")

    assert response.status_code == 405
    assert not response.has_header("Access-Control-Allow-Origin")


def test_a_harvester_that_has_the_list_gets_not_modified(client, article):
    first = client.get("/api/v1/articles/")

    again = client.get("/api/v1/articles/", HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304
    assert again.content == b""
    assert again["Access-Control-Allow-Origin"] == "*"


def test_the_list_changes_its_etag_when_an_article_is_published(client, article_index, article):
    first = client.get("/api/v1/articles/")
    ArticlePageFactory(parent=article_index)

    again = client.get("/api/v1/articles/", HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 200
    assert len(again.json()["results"]) == 2


def test_an_article_says_when_it_was_last_published(client, article):
    url = f"/api/v1/articles/{article.pk}/"
    response = client.get(url)

    assert response["Last-Modified"] == http_date(article.last_published_at.timestamp())
    since = client.get(url, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert since.status_code == 304


def test_errors_are_in_the_callers_language(client):
    japanese = client.get("/api/v1/articles/999999/")
    english = client.get("/api/v1/articles/999999/", HTTP_ACCEPT_LANGUAGE="en")

    assert japanese.status_code == english.status_code == 404
    assert japanese.json() == {"detail": "見つかりません。"}
    assert english.json() == {"detail": "Not found."}
