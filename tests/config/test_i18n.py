"""Japanese at the plain URLs, English under /en/ (docs/decisions/0001-language-urls.md)."""

import re

import pytest
from django.conf import settings
from django.utils import translation

from tests.factories import ArticlePageFactory

JA_PO = settings.BASE_DIR / "locale" / "ja" / "LC_MESSAGES" / "django.po"


def _language_switch(html):
    """{language code: href} from the header's language switch."""
    nav = re.search(r'<nav class="language-switch".*?</nav>', html, re.S).group(0)
    return {code: href for href, code in re.findall(r'<a href="([^"]*)" lang="([a-z-]+)"', nav)}


def test_the_site_is_japanese_in_tokyo_time():
    assert settings.LANGUAGE_CODE == "ja"
    assert settings.TIME_ZONE == "Asia/Tokyo"
    assert [code for code, _name in settings.LANGUAGES] == ["ja", "en"]


def test_plain_urls_are_japanese(client, home_page):
    response = client.get("/")

    assert '<html lang="ja">' in response.content.decode()


def test_en_urls_are_english(client, home_page):
    response = client.get("/en/")

    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()


def test_the_browser_language_does_not_change_a_plain_url(client, home_page):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert '<html lang="ja">' in response.content.decode()


@pytest.mark.parametrize(("prefix", "other"), [("", "en"), ("/en", "ja")])
def test_the_language_switch_points_to_the_same_page_in_the_other_language(
    client, article_index, prefix, other
):
    article = ArticlePageFactory(parent=article_index, slug="denshi-shinsei")

    html = client.get(f"{prefix}/articles/denshi-shinsei/").content.decode()

    links = _language_switch(html)
    assert links == {"ja": "/articles/denshi-shinsei/", "en": "/en/articles/denshi-shinsei/"}
    assert f'hreflang="{other}" href="http://testserver{links[other]}"' in html
    assert article.slug in links[other]


def test_links_on_an_english_page_stay_in_english(client, article_index):
    ArticlePageFactory(parent=article_index, slug="denshi-shinsei")

    html = client.get("/en/articles/").content.decode()

    assert 'href="/en/articles/denshi-shinsei/"' in html


def test_the_project_has_a_japanese_catalog():
    with translation.override("ja"):
        japanese = translation.gettext("Yoriai articles")

    assert japanese != "Yoriai articles"


def test_every_project_string_has_a_japanese_translation():
    entries = JA_PO.read_text(encoding="utf-8").split("\n\n")[1:]  # skip the header

    untranslated = [
        entry for entry in entries if entry.rstrip().endswith(('msgstr ""', 'msgstr[0] ""'))
    ]
    fuzzy = [entry for entry in entries if "#, fuzzy" in entry]

    assert untranslated == []
    assert fuzzy == []
