import base64
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def five_articles(article_index):
    start = timezone.now() - timedelta(days=10)
    return [
        ArticlePageFactory(parent=article_index, last_published_at=start + timedelta(days=n))
        for n in range(5)
    ]


def test_following_next_reads_every_article_once_in_order_of_change(client, five_articles):
    seen, url = [], "/api/v1/articles/?limit=2"
    while url:
        data = client.get(url).json()
        seen += [item["id"] for item in data["results"]]
        url = data["next"]

    assert seen == [article.pk for article in five_articles]


def test_articles_published_at_the_same_moment_are_each_read_once(client, article_index):
    moment = timezone.now()
    same = [ArticlePageFactory(parent=article_index, last_published_at=moment) for _ in range(3)]

    first = client.get("/api/v1/articles/?limit=2").json()
    second = client.get("/api/v1/articles/", {"limit": 2, "cursor": first["next_cursor"]}).json()

    ids = [item["id"] for item in first["results"] + second["results"]]
    assert ids == [article.pk for article in same]
    assert second["next"] is None


def test_updated_since_gives_only_what_changed_from_then(client, five_articles):
    since = five_articles[3].last_published_at

    data = client.get("/api/v1/articles/", {"updated_since": since.isoformat()}).json()

    assert [item["id"] for item in data["results"]] == [a.pk for a in five_articles[3:]]


def test_the_next_url_keeps_the_other_parameters(client, five_articles):
    since = five_articles[0].last_published_at.isoformat()

    data = client.get("/api/v1/articles/", {"limit": 2, "updated_since": since}).json()

    assert data["next"].startswith("http://testserver/api/v1/articles/?")
    assert "limit=2" in data["next"]
    assert "updated_since=" in data["next"]


@pytest.mark.parametrize("cursor", ["nonsense", "W10", "WyJ4IiwxXQ"])
def test_a_cursor_that_is_not_ours_is_refused_in_japanese(client, five_articles, cursor):
    response = client.get("/api/v1/articles/", {"cursor": cursor})

    assert response.status_code == 400
    assert response.json() == {
        "detail": "このカーソルは正しくありません。カーソルを付けずに最初から読み直してください。"
    }


def test_a_limit_over_the_maximum_is_refused_in_japanese(client, five_articles):
    response = client.get("/api/v1/articles/", {"limit": 201})

    assert response.status_code == 422
    assert response.json()["detail"] == "パラメータに正しくないものがあります。"


def _cursor(payload):
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        _cursor('["2026-01-01T00:00:00+09:00", 1000000000000000000000000000000]'),
        _cursor('["0001-01-01T00:00:00+14:00", 1]'),
        _cursor('["9999-12-31T23:59:59-12:00", 1]'),
        _cursor('["2026-01-01T00:00:00", 1]'),
        _cursor('["2026-01-01T00:00:00+09:00", -5]'),
        "W" * 5000,
    ],
)
def test_a_crafted_cursor_is_refused_not_an_error(client, five_articles, cursor):
    for url in ("/api/v1/articles/", "/api/v1/opinions/", "/api/v1/topics/", "/api/v1/surveys/"):
        assert client.get(url, {"cursor": cursor}).status_code == 400, url


@pytest.mark.parametrize(
    "since", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00", "2026-01-01T00:00:00"]
)
def test_an_updated_since_without_offset_or_out_of_range_is_refused(client, five_articles, since):
    response = client.get("/api/v1/articles/", {"updated_since": since})

    assert response.status_code == 422
    assert response.json()["detail"] == "パラメータに正しくないものがあります。"


def test_a_topic_number_too_large_for_the_database_is_refused(client):
    assert client.get("/api/v1/opinions/", {"topic": 10**30}).status_code == 422


@pytest.mark.parametrize("since", ["1970-01-01T00:00:00+09:00", "2000-01-01T00:00:00+09:00"])
def test_everything_since_a_round_date_in_japan_time_is_everything(client, five_articles, since):
    data = client.get("/api/v1/articles/", {"updated_since": since}).json()

    assert len(data["results"]) == 5


def test_a_refused_parameter_is_named_with_the_kind_of_error(client):
    response = client.get("/api/v1/articles/", {"limit": 201})

    assert response.json()["errors"] == [{"loc": ["query", "limit"], "type": "less_than_equal"}]
