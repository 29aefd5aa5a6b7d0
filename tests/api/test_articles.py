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
