"""An article's やさしい日本語 version (articles.easy, readable.versions): what a reader sees with
and without the choice, field by field, the switch, the anonymous page cache and the page
fragments keeping one copy per choice, and cards that stay on the original."""

import re

import pytest
from django.test import Client

from readable.preferences import EASY_COOKIE
from tests.factories import ArticlePageFactory, established_member

EASY = {
    "easy_title": "役所の手続きはインターネットでできます",
    "easy_lead": "役所に行かなくてもいいです。",
    "easy_body": [("paragraph", "<p>夜でも申しこめます。</p>")],
}
NOTICE = "やさしい日本語で表示しています"
TOKEN_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def article(article_index):
    return ArticlePageFactory(parent=article_index, title="電子申請のはじめかた", **EASY)


def _easy_client():
    client = Client()
    client.cookies[EASY_COOKIE] = "1"
    return client


def _page(client, page):
    return client.get(page.url).content.decode()


def test_a_reader_who_chose_it_reads_the_easy_title_lead_and_body(article):
    html = _page(_easy_client(), article)

    assert '<h1 class="article__title">役所の手続きはインターネットでできます</h1>' in html
    assert "役所に行かなくてもいいです。" in html and "夜でも申しこめます。" in html
    assert "電子申請のはじめかた</h1>" not in html and "行政DXの第一歩は電子申請です。" not in html
    assert NOTICE in html
    assert "<title>役所の手続きはインターネットでできます" in html
    assert '<html lang="ja">' in html


def test_other_readers_read_the_original_with_the_switch_offered(client, article):
    html = _page(client, article)

    assert '<h1 class="article__title">電子申請のはじめかた</h1>' in html
    assert "行政DXの第一歩は電子申請です。" in html
    assert NOTICE not in html
    assert 'value="0" aria-pressed="true">ふつうの日本語</button>' in html
    assert 'value="1" aria-pressed="false">やさしい日本語</button>' in html


def test_the_switch_posts_to_the_reading_settings_and_comes_back(client, article):
    html = _page(client, article)
    assert 'action="/reading/" method="post"' in html
    assert f'name="next" value="{article.url}"' in html

    response = client.post("/reading/", {"yasashii": "1", "next": article.url})

    assert response["Location"] == article.url
    html = _page(client, article)
    assert NOTICE in html
    assert 'value="1" aria-pressed="true">やさしい日本語</button>' in html


def test_an_empty_easy_field_falls_back_to_the_original(article_index):
    article = ArticlePageFactory(parent=article_index, **{**EASY, "easy_lead": ""})

    html = _page(_easy_client(), article)

    assert "役所の手続きはインターネットでできます" in html  # its own title and body
    assert "夜でも申しこめます。" in html
    assert "地域の窓口で見えてきた課題をまとめました。" in html  # the original lead


@pytest.mark.parametrize("missing", ["easy_title", "easy_body"])
def test_without_an_easy_title_and_body_there_is_no_version_and_no_switch(article_index, missing):
    blank = {"easy_title": "", "easy_body": []}[missing]
    article = ArticlePageFactory(parent=article_index, title="電子申請のはじめかた", **EASY)
    setattr(article, missing, blank)
    article.save()

    html = _page(_easy_client(), article)

    assert not article.has_easy_version
    assert "電子申請のはじめかた</h1>" in html
    assert "version-switch" not in html and NOTICE not in html


def test_cards_and_lists_stay_on_the_original(client, article, article_index):
    client.cookies[EASY_COOKIE] = "1"

    html = _page(client, article_index)

    assert "電子申請のはじめかた" in html
    assert "役所の手続きはインターネットでできます" not in html


def test_an_anonymous_reader_gets_their_own_version_from_the_page_cache(settings, article):
    settings.PAGE_CACHE_SECONDS = 300
    plain, easy = Client(), _easy_client()

    first = [plain.get(article.url), easy.get(article.url)]
    again = [easy.get(article.url), plain.get(article.url)]

    assert [r["X-Page-Cache"] for r in first] == ["miss", "miss"]
    assert [r["X-Page-Cache"] for r in again] == ["hit", "hit"]
    assert NOTICE in again[0].content.decode()
    assert "電子申請のはじめかた</h1>" in again[1].content.decode()
    assert NOTICE not in again[1].content.decode()


def test_the_switch_of_a_cached_page_works_for_each_reader(settings, article):
    settings.PAGE_CACHE_SECONDS = 300
    Client().get(article.url)
    reader = Client(enforce_csrf_checks=True)

    response = reader.get(article.url)
    token = TOKEN_RE.search(response.content.decode())[1]
    switched = reader.post(
        "/reading/", {"yasashii": "1", "next": article.url, "csrfmiddlewaretoken": token}
    )

    assert response["X-Page-Cache"] == "hit"
    assert switched.status_code == 302 and switched.cookies[EASY_COOKIE].value == "1"


def test_members_get_their_version_from_the_page_fragments(settings, article):
    settings.PAGE_FRAGMENT_SECONDS = 300
    member = established_member()
    plain, easy = Client(), _easy_client()
    for client in (plain, easy):
        client.force_login(member)

    pages = [_page(plain, article), _page(easy, article), _page(plain, article)]

    assert NOTICE not in pages[0] and NOTICE in pages[1] and NOTICE not in pages[2]
    assert "電子申請のはじめかた</h1>" in pages[2]
    assert "pagefragcsrf" not in pages[1]
