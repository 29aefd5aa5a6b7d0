import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from tests.factories import ArticlePageFactory, AuthorFactory

pytestmark = pytest.mark.django_db


def test_a_published_article_is_listed_with_its_tags_and_authors(client, article_index):
    author = AuthorFactory(name="山田 花子", job_title="主任", department="情報政策課")
    article = ArticlePageFactory(parent=article_index, tags=["行政DX"], authors=[author])

    data = client.get("/api/v1/articles/").json()

    assert [item["id"] for item in data["results"]] == [article.pk]
    item = data["results"][0]
    assert item["title"] == article.title
    assert item["url"] == f"http://localhost/articles/{article.slug}/"
    assert item["tags"] == [{"name": "行政DX", "slug": "行政dx"}]
    assert item["authors"] == [
        {"name": "山田 花子", "slug": author.slug, "job_title": "主任", "department": "情報政策課"}
    ]
    assert data["next"] is None


def test_drafts_and_private_articles_are_not_listed(client, article_index):
    shown = ArticlePageFactory(parent=article_index)
    ArticlePageFactory(parent=article_index, live=False)
    private = ArticlePageFactory(parent=article_index)
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    group_only = ArticlePageFactory(parent=article_index)
    restriction = PageViewRestriction.objects.create(page=group_only, restriction_type="groups")
    restriction.groups.add(Group.objects.get(name="Editors"))

    data = client.get("/api/v1/articles/").json()

    assert [item["id"] for item in data["results"]] == [shown.pk]
    assert client.get(f"/api/v1/articles/{private.pk}/").status_code == 404


def test_an_article_comes_with_its_body_as_html_and_text(client, article_index):
    article = ArticlePageFactory(
        parent=article_index,
        body=[("paragraph", "<p>行政DXの第一歩は<b>電子申請</b>です。</p>")],
    )

    data = client.get(f"/api/v1/articles/{article.pk}/").json()

    assert "<b>電子申請</b>" in data["body_html"]
    assert data["body_text"] == "行政DXの第一歩は電子申請です。"


def test_an_article_has_exactly_these_fields(client, article_index):
    article = ArticlePageFactory(parent=article_index)
    listed = {
        "id", "title", "slug", "url", "lead", "first_published_at", "last_published_at",
        "tags", "authors", "series", "header_image",
    }  # fmt: skip

    item = client.get("/api/v1/articles/").json()["results"][0]
    detail = client.get(f"/api/v1/articles/{article.pk}/").json()

    assert set(item) == listed
    assert set(detail) == listed | {"body_html", "body_text"}
    assert set(item["authors"][0]) == {"name", "slug", "job_title", "department"}


def test_tags_are_those_of_published_articles_most_used_first(client, article_index):
    ArticlePageFactory(parent=article_index, tags=["行政DX", "電子申請"])
    ArticlePageFactory(parent=article_index, tags=["行政DX"])
    ArticlePageFactory(parent=article_index, tags=["下書きだけのタグ"], live=False)

    data = client.get("/api/v1/tags/").json()

    assert [(tag["name"], tag["article_count"]) for tag in data] == [("行政DX", 2), ("電子申請", 1)]


def test_japanese_comes_as_utf8_and_times_in_japan_time(client, article_index):
    ArticlePageFactory(parent=article_index, title="電子申請のはじめ方")

    response = client.get("/api/v1/articles/")

    assert "電子申請のはじめ方".encode() in response.content
    assert response.json()["results"][0]["first_published_at"].endswith("+09:00")
