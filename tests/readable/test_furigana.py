"""Furigana over whole public pages (readable.furigana), for readers who switched it on: every
text of the page, computed once per text and kept, stored in the anonymous page cache as the
reader sees it; the staff's reading dictionary applies to every page at once."""

import json
from unittest import mock

import pytest
from django.test import Client

from readable import furigana
from readable.models import ReadingOverride
from readable.preferences import FURIGANA_COOKIE
from tests.factories import ArticlePageFactory

RUBY = '<ruby>窓口<rt aria-hidden="true">まどぐち</rt></ruby>'


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


@pytest.fixture
def article(article_index):
    return ArticlePageFactory(
        parent=article_index,
        title="窓口の一年",
        body=[("paragraph", '<p>神戸町の<a href="/guide/">避難所</a>を確認しました。</p>')],
    )


def reader(furigana_value=None):
    client = Client()
    if furigana_value:
        client.cookies[FURIGANA_COOKIE] = furigana_value
    return client


def test_a_reader_with_furigana_on_sees_ruby_over_the_article_and_the_site(article):
    page = reader("all").get(article.url).content.decode()

    assert f"<h1>{RUBY}" in page or f">{RUBY}の" in page
    assert '<a href="/guide/"><ruby>避難<rt aria-hidden="true">ひなん</rt></ruby>' in page
    assert '<ruby>検索<rt aria-hidden="true">けんさく</rt></ruby>' in page  # the header's own text


def test_a_reader_without_it_sees_none(article):
    assert "<ruby>" not in reader().get(article.url).content.decode()


def test_with_a_grade_only_harder_words_get_ruby(article):
    page = reader("6").get(article.url).content.decode()

    assert RUBY not in page  # 窓 is taught in grade 6
    assert '<ruby>確認<rt aria-hidden="true">かくにん</rt></ruby>' not in page  # grade 5 and 6
    assert "<ruby>避難<rt" in page  # 避 is taught in junior high


def test_the_admin_and_what_is_not_html_get_none(article, editor):
    staff = reader("all")
    staff.force_login(editor)

    assert "<ruby>" not in staff.get("/admin/").content.decode()
    assert "<ruby>" not in reader("all").get("/feeds/").content.decode()


def test_the_page_cache_keeps_each_variant_and_its_hits_do_no_ruby_work(article):
    on, off = reader("all"), reader()
    assert on.get(article.url)["X-Page-Cache"] == "miss"
    assert off.get(article.url)["X-Page-Cache"] == "miss"

    with mock.patch.object(furigana, "html_with_ruby", wraps=furigana.html_with_ruby) as work:
        hit_on, hit_off = on.get(article.url), off.get(article.url)

    assert (hit_on["X-Page-Cache"], hit_off["X-Page-Cache"]) == ("hit", "hit")
    assert RUBY in hit_on.content.decode()
    assert "<ruby>" not in hit_off.content.decode()
    assert not work.called


def test_each_text_is_computed_once_then_kept_in_the_shared_cache(article):
    with mock.patch.object(furigana, "ruby_html", wraps=furigana.ruby_html) as compute:
        reader("all").get(article.url)
        first = compute.call_count
        furigana.process_caches_clear()  # another app server: nothing in its memory
        ArticlePageFactory(parent=article.get_parent(), title="窓口の一年（続き）")
        reader("all").get(article.url + "?page=2")

    assert first > 10
    assert compute.call_count == first  # every text came from the shared cache


def test_a_new_reading_applies_at_once_cached_pages_included(article):
    client = reader("all")
    client.get(article.url)
    assert client.get(article.url)["X-Page-Cache"] == "hit"
    assert (
        '<ruby>神戸<rt aria-hidden="true">こうべ</rt></ruby>'
        in client.get(article.url).content.decode()
    )

    override = ReadingOverride.objects.create(word="神戸町", reading="ゴウドチョウ")
    response = client.get(article.url)

    assert response["X-Page-Cache"] == "miss"
    assert (
        '<ruby>神戸町<rt aria-hidden="true">ごうどちょう</rt></ruby>' in response.content.decode()
    )
    assert override.reading == "ごうどちょう"

    override.delete()
    assert "ごうどちょう" not in client.get(article.url).content.decode()


def test_the_header_switch_turns_furigana_on_and_off_and_comes_back(article):
    client = reader()
    page = client.get(article.url).content.decode()
    assert 'name="furigana" value="all" aria-pressed="false">ふりがな</button>' in page

    response = client.post("/reading/", {"furigana": "all", "next": article.url})
    assert response["Location"] == article.url
    page = client.get(article.url).content.decode()
    assert 'name="furigana" value="" aria-pressed="true">ふりがな</button>' in page
    assert RUBY in page

    client.post("/reading/", {"furigana": "", "next": article.url})
    assert "<ruby>" not in client.get(article.url).content.decode()


def test_editors_keep_the_furigana_dictionary_in_japanese(editor):
    staff = Client()
    staff.force_login(editor)

    page = staff.get("/admin/snippets/readable/readingoverride/add/").content.decode()

    assert editor.has_perm("readable.add_readingoverride")
    assert editor.has_perm("readable.delete_readingoverride")
    assert json.dumps("ふりがな辞書")[1:-1] in staff.get("/admin/").content.decode()  # the menu
    assert "語句" in page and "ひらがなで入力します" in page
