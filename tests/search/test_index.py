"""The index follows what editors do, `update_index` rebuilds it, and the Wagtail admin's
searches use it: pages (drafts too), images."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection
from django.urls import reverse
from django.utils import timezone
from wagtail.images.models import Image
from wagtail.models import Page, PageViewRestriction

from search.indexing import JapaneseIndex
from search.models import SearchDocument, SearchToken
from search.selectors import site_search
from tests.articles.test_admin import _add_url, _article_form
from tests.factories import ArticlePageFactory, AuthorFactory, StaffUserFactory


def _found(query):
    return [page.title for page in site_search(query)]


def _publish(page, **changes):
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()


def test_an_article_published_in_the_admin_is_found_by_title_body_and_tag(
    client, article_index, editor
):
    client.force_login(editor)
    client.post(
        _add_url(article_index),
        _article_form(
            author=AuthorFactory(),
            title="電子申請のはじめかた",
            tags="ふるさと納税",
            **{"action-publish": "action-publish"},
        ),
    )

    assert _found("はじめかた") == ["電子申請のはじめかた"]
    assert _found("窓口に来なくても") == ["電子申請のはじめかた"]  # the body
    assert _found("ふるさと納税") == ["電子申請のはじめかた"]  # a tag the text never says


def test_a_draft_is_found_in_the_admin_but_not_on_the_site(client, article_index, editor):
    client.force_login(editor)
    client.post(_add_url(article_index), _article_form(author=AuthorFactory()))

    assert _found("電子申請") == []
    response = client.get(reverse("wagtailadmin_pages:search"), {"q": "電子申請"})
    assert "電子申請のはじめかた" in response.content.decode()


def test_publishing_an_edit_replaces_what_was_indexed(article_index):
    article = ArticlePageFactory(parent=article_index, title="窓口の待ち時間を減らす")

    _publish(article, title="窓口の手続きを一度で終える")

    assert _found("待ち時間") == []
    assert _found("一度で終える") == ["窓口の手続きを一度で終える"]


def test_a_draft_of_a_live_page_does_not_change_what_readers_find(article_index):
    article = ArticlePageFactory(parent=article_index, title="窓口の待ち時間を減らす")

    article.title = "まだ公開していない題名"
    article.save_revision()

    assert _found("待ち時間") == ["窓口の待ち時間を減らす"]
    assert _found("公開していない") == []


def test_unpublished_and_private_pages_leave_the_results(article_index):
    gone = ArticlePageFactory(parent=article_index, title="公開をやめた記事")
    private = ArticlePageFactory(parent=article_index, title="会員限定の記事")
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    gone.unpublish()

    assert _found("記事") == []


def test_deleting_a_page_deletes_its_document_and_tokens(article_index):
    article = ArticlePageFactory(parent=article_index, title="消える記事")
    document = SearchDocument.objects.get(object_id=article.pk, title_norm="消える記事")

    Page.objects.get(pk=article.pk).delete()

    assert not SearchDocument.objects.filter(pk=document.pk).exists()
    assert not SearchToken.objects.filter(document_id=document.pk).exists()
    assert _found("消える") == []


def test_a_document_written_meanwhile_by_another_save_is_replaced(article_index):
    """Two publishes of one page at once (PostgreSQL): the later write replaces the earlier."""
    article = ArticlePageFactory(parent=article_index, title="同時に保存された記事")
    replace = JapaneseIndex._replace
    calls = []

    def collide_once(content_type_id, documents):
        calls.append(content_type_id)
        if len(calls) == 1:
            raise IntegrityError("duplicate key value violates unique constraint")
        replace(content_type_id, documents)

    article.title = "同時に保存された記事の第二版"
    revision = article.save_revision()
    with mock.patch.object(JapaneseIndex, "_replace", side_effect=collide_once):
        revision.publish()

    assert len(calls) >= 2  # the collision, the retry (and the index after publishing)
    assert _found("第二版") == ["同時に保存された記事の第二版"]
    assert SearchDocument.objects.filter(object_id=article.pk).count() == 1


def test_update_index_rebuilds_the_index_from_the_pages(article_index):
    ArticlePageFactory(parent=article_index, title="マイナンバーカードの普及")
    SearchToken.objects.all().delete()
    SearchDocument.objects.all().delete()
    assert _found("普及") == []

    call_command("update_index", verbosity=0)

    assert _found("普及") == ["マイナンバーカードの普及"]
    assert SearchDocument.objects.filter(title_norm="マイナンバーカードの普及").count() == 1


def test_title_matches_rank_above_body_matches_then_newer_first(article_index):
    now = timezone.now()
    ArticlePageFactory(
        parent=article_index,
        title="古い記事",
        lead="普及の話",
        first_published_at=now - timedelta(2),
    )
    ArticlePageFactory(
        parent=article_index, title="新しい記事", lead="普及の話", first_published_at=now
    )
    ArticlePageFactory(
        parent=article_index,
        title="カードの普及",
        lead="短い話",
        first_published_at=now - timedelta(days=30),
    )

    assert _found("普及") == ["カードの普及", "新しい記事", "古い記事"]


def test_the_admin_page_search_finds_japanese_words_inside_titles_and_bodies(
    client, article_index, editor
):
    ArticlePageFactory(parent=article_index, title="マイナンバーカードの普及について")
    ArticlePageFactory(parent=article_index, title="人口の増加について", lead="人口の増加")
    client.force_login(editor)

    for query in ["普及", "ﾏｲﾅﾝﾊﾞｰ", "ＤＸ"]:  # ＤＸ: the factory's body says 行政DX
        html = client.get(reverse("wagtailadmin_pages:search"), {"q": query}).content.decode()
        assert "マイナンバーカードの普及について" in html, query
    html = client.get(reverse("wagtailadmin_pages:search"), {"q": "人口減少"}).content.decode()
    assert "人口の増加について" not in html


def test_the_admin_image_search_uses_the_same_index(client, editor, tmp_path):
    from wagtail.images.tests.utils import get_test_image_file

    Image.objects.create(title="マイナンバーカード交付窓口の様子", file=get_test_image_file())
    Image.objects.create(title="商店街の夏祭り", file=get_test_image_file())
    client.force_login(StaffUserFactory(is_superuser=True))

    html = client.get(reverse("wagtailimages:index"), {"q": "交付窓口"}).content.decode()

    assert "マイナンバーカード交付窓口の様子" in html
    assert "商店街の夏祭り" not in html


def test_in_production_the_worker_indexes_what_was_published(article_index, settings):
    """With the database task backend (production), a publish is indexed by `db_worker`."""
    article = ArticlePageFactory(parent=article_index, title="窓口の待ち時間を減らす")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    _publish(article, title="窓口の手続きを一度で終える")
    assert _found("一度で終える") == []  # waiting for the worker

    # The worker closes connections it finds inside a transaction, as the test's is.
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", batch=True, verbosity=0)

    assert _found("一度で終える") == ["窓口の手続きを一度で終える"]
    assert _found("待ち時間") == []


def test_the_text_index_follows_every_change_of_the_documents(article_index):
    """A term of three characters or more is looked up in the trigram index on SQLite (kept by
    triggers on the documents' table), in the text on PostgreSQL: the same answers either way."""
    article = ArticlePageFactory(
        parent=article_index, title="窓口の電子申請", body=[("paragraph", "<p>説明です。</p>")]
    )
    assert _found("電子申請") == ["窓口の電子申請"]

    _publish(article, title="窓口のオンライン手続")
    assert _found("電子申請") == []
    assert _found("オンライン手続") == ["窓口のオンライン手続"]

    Page.objects.get(pk=article.pk).delete()
    assert _found("オンライン手続") == []


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's trigram index")
def test_the_trigram_index_follows_a_document_updated_in_place(article_index):
    article = ArticlePageFactory(
        parent=article_index, title="窓口の電子申請", body=[("paragraph", "<p>説明です。</p>")]
    )

    SearchDocument.objects.filter(object_id=article.pk).update(title_norm="書かない窓口")

    assert _found("電子申請") == []
    assert _found("書かない窓口") == ["窓口の電子申請"]


def test_a_term_is_found_in_one_field_not_across_the_title_and_the_body(article_index):
    ArticlePageFactory(
        parent=article_index, title="住民の窓口", body=[("paragraph", "<p>口座の話です。</p>")]
    )

    assert _found("窓口座") == []
    assert _found("住民の窓口") == ["住民の窓口"]
    assert _found('窓口"') == []
