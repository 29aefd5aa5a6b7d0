"""An editor writes, submits for review, schedules and publishes an article in the Wagtail admin."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from articles.models import ArticlePage
from tests.factories import ArticlePageFactory, AuthorFactory, StaffUserFactory


@pytest.fixture
def editor(db):
    return StaffUserFactory(username="editor", email="editor@example.jp", groups=["Editors"])


def _article_form(*, author, **overrides):
    fields = {
        "title": "電子申請のはじめかた",
        "slug": "e-application",
        "lead": "行政DXの第一歩は電子申請から。",
        "header_image": "",
        "header_image_alt": "",
        "header_image_caption": "",
        "body": streamfield([("paragraph", rich_text("<p>窓口に来なくても申請できます。</p>"))]),
        "article_authors": inline_formset([{"author": author.pk}]),
        "tags": "行政DX, 電子申請",
        "series": "",
        "series_number": "",
        "next_part_teaser": "",
        "related": inline_formset([]),
        "comments": inline_formset([]),
        "easy_body": streamfield([]),
    }
    fields.update(overrides)
    return nested_form_data(fields)


def _add_url(parent):
    return reverse("wagtailadmin_pages:add", args=["articles", "articlepage", parent.pk])


def test_editor_publishes_an_article(client, article_index, editor):
    client.force_login(editor)

    response = client.post(
        _add_url(article_index),
        _article_form(author=AuthorFactory(), **{"action-publish": "action-publish"}),
    )

    assert response.status_code == 302
    article = ArticlePage.objects.get(slug="e-application")
    assert article.live
    assert sorted(tag.name for tag in article.tags.all()) == ["行政DX", "電子申請"]
    assert client.get(article.url).status_code == 200


def test_editor_submits_an_article_for_review(client, article_index, editor):
    client.force_login(editor)

    client.post(
        _add_url(article_index),
        _article_form(author=AuthorFactory(), **{"action-submit": "action-submit"}),
    )

    article = ArticlePage.objects.get(slug="e-application")
    assert not article.live
    assert article.current_workflow_state.current_task_state.task.name == "編集者の承認"


def test_editor_schedules_an_article_that_goes_live_with_publish_scheduled(
    client, article_index, editor
):
    client.force_login(editor)
    go_live = timezone.localtime() + timedelta(hours=1)

    client.post(
        _add_url(article_index),
        _article_form(
            author=AuthorFactory(),
            go_live_at=go_live.strftime("%Y-%m-%d %H:%M"),
            **{"action-publish": "action-publish"},
        ),
    )
    article = ArticlePage.objects.get(slug="e-application")
    assert not article.live
    assert article.get_latest_revision().approved_go_live_at is not None

    with mock.patch("django.utils.timezone.now", return_value=go_live + timedelta(minutes=5)):
        call_command("publish_scheduled")

    assert Page.objects.get(pk=article.pk).live


@pytest.mark.parametrize("group", ["Moderators", "Analysts"])
def test_other_staff_roles_cannot_add_articles(client, article_index, group):
    user = StaffUserFactory(groups=[group])
    client.force_login(user)

    response = client.get(_add_url(article_index))

    assert response.status_code in (302, 403)
    assert not ArticlePage.objects.exists()


def _as_rendered(html, *, title, lead):
    """What the editor's browser posts for a new article in which only the title and the lead
    are typed: every row the add form renders, left as rendered (what autosave sends)."""
    rows = int(re.search(r'name="article_authors-TOTAL_FORMS"[^>]*value="(\d+)"', html)[1])
    fields = {
        "title": title,
        "slug": "madoguchi",
        "lead": lead,
        "body": streamfield([]),
        "article_authors": inline_formset([{"author": ""}] * rows),
        "related": inline_formset([]),
        "comments": inline_formset([]),
        "easy_body": streamfield([]),
    }
    return nested_form_data(fields)


def test_autosave_of_a_new_article_saves_a_draft_before_an_author_is_chosen(
    client, article_index, editor
):
    """Not 「自動保存は一時停止中 — 検証エラーがあります」 while the editor is still typing."""
    client.force_login(editor)
    form_html = client.get(_add_url(article_index)).content.decode()

    response = client.post(
        _add_url(article_index),
        _as_rendered(form_html, title="窓口の待ち時間", lead="リード文です。"),
        HTTP_ACCEPT="application/json",
    )

    assert response.status_code == 200, response.content.decode()
    assert response.json()["success"] is True
    assert not ArticlePage.objects.get(slug="madoguchi").live


@pytest.mark.parametrize("action", ["action-publish", "action-submit"])
def test_an_article_without_an_author_is_not_published_or_submitted(
    client, article_index, editor, action
):
    client.force_login(editor)

    response = client.post(
        _add_url(article_index),
        _article_form(
            author=AuthorFactory(), article_authors=inline_formset([]), **{action: action}
        ),
    )

    assert response.status_code == 200
    assert "著者を一人以上選んでください。" in response.content.decode()
    assert not ArticlePage.objects.exists()


def test_editor_writes_the_easy_version_beside_the_original_and_publishes(
    client, article_index, editor
):
    """The 「やさしい日本語」 tab comes after Wagtail's 「コンテンツ」, with each field beside the
    original's text; published, the article has its やさしい日本語 version."""
    client.force_login(editor)
    article = ArticlePageFactory(parent=article_index, title="電子申請のはじめかた", slug="e-app")
    edit_url = reverse("wagtailadmin_pages:edit", args=[article.pk])

    editor_page = client.get(edit_url).content.decode()
    tabs = re.findall(r'role="tab"[^>]*>\s*(?:<[^>]+>\s*)*([^<\s][^<]*?)\s*<', editor_page)
    response = client.post(
        edit_url,
        _article_form(
            author=AuthorFactory(),
            title="電子申請のはじめかた",
            slug="e-app",
            easy_title="インターネットで申しこみましょう",
            easy_lead="役所に行かなくてもいいです。",
            easy_body=streamfield([("paragraph", rich_text("<p>夜でも申しこめます。</p>"))]),
            **{"action-publish": "action-publish"},
        ),
    )

    assert tabs[:3] == ["コンテンツ", "やさしい日本語", "プロモート"]
    assert "タイトル（やさしい日本語）" in editor_page
    assert "タイトル（ふつうの日本語）" in editor_page and "電子申請のはじめかた" in editor_page
    assert (
        "本文（ふつうの日本語）" in editor_page and "行政DXの第一歩は電子申請です。" in editor_page
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.live and article.has_easy_version
    assert article.easy_title == "インターネットで申しこみましょう"


def test_the_easy_tab_gives_no_one_new_rights(client, article):
    """Moderators still cannot open an article's editor."""
    client.force_login(StaffUserFactory(groups=["Moderators"]))

    response = client.get(reverse("wagtailadmin_pages:edit", args=[article.pk]))

    assert response.status_code in (302, 403)
