"""The share links under an article (templates/includes/share_links.html, the share_urls tag):
X, Facebook, LINE and the copy-link button, with a Japanese title and a Japanese slug."""

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db

TITLE = "防災 & 子育て？ 100%の安心"
# Wagtail serves a Japanese slug percent-encoded; the shared address is that one.
ADDRESS = "http://localhost/articles/%E9%98%B2%E7%81%BD%E3%81%A8%E5%AD%90%E8%82%B2%E3%81%A6/"


@pytest.fixture
def share(client, article_index):
    """{label the reader sees: the link's href (or the copy button's URL)}."""
    page = ArticlePageFactory(parent=article_index, title=TITLE, slug="防災と子育て")
    markup = client.get(page.url).content.decode()
    start = markup.index('class="share"')
    section = markup[start : markup.index("</section>", start)]
    links = {
        label: html.unescape(href)
        for href, label in re.findall(
            r'<a class="button[^"]*" href="([^"]+)"[^>]*>([^<]+)<', section
        )
    }
    links["リンクをコピー"] = html.unescape(re.search(r'data-copy-url="([^"]+)"', section)[1])
    return links


def _parts(href):
    parts = urlsplit(href)
    return f"{parts.scheme}://{parts.netloc}{parts.path}", parse_qs(parts.query)


def test_each_service_gets_the_articles_address(share):
    assert set(share) == {"Xでポスト", "Facebookでシェア", "LINEで送る", "リンクをコピー"}
    assert _parts(share["Xでポスト"]) == (
        "https://x.com/intent/post",
        {"url": [ADDRESS], "text": [TITLE]},
    )
    assert _parts(share["Facebookでシェア"]) == (
        "https://www.facebook.com/sharer/sharer.php",
        {"u": [ADDRESS]},
    )
    assert _parts(share["LINEで送る"]) == (
        "https://social-plugins.line.me/lineit/share",
        {"url": [ADDRESS]},
    )
    assert share["リンクをコピー"] == ADDRESS


def test_the_title_and_address_are_percent_encoded_once_in_utf8(share):
    """「&」 or 「？」 in a title must not cut the post short, and the address must reach X as
    the one the browser shows (encoded once more as a parameter, not mangled)."""
    assert share["Xでポスト"] == (
        "https://x.com/intent/post"
        "?url=http%3A%2F%2Flocalhost%2Farticles%2F%25E9%2598%25B2%25E7%2581%25BD%25E3%2581%25A8"
        "%25E5%25AD%2590%25E8%2582%25B2%25E3%2581%25A6%2F"
        "&text=%E9%98%B2%E7%81%BD+%26+%E5%AD%90%E8%82%B2%E3%81%A6%EF%BC%9F+100%25%E3%81%AE%E5%AE%89%E5%BF%83"
    )


def test_x_gets_the_seo_title_when_there_is_one(client, article_index):
    page = ArticlePageFactory(parent=article_index, seo_title="検索向けの題名")

    markup = client.get(page.url).content.decode()

    href = html.unescape(re.search(r'href="(https://x\.com/[^"]+)"', markup)[1])
    assert _parts(href)[1]["text"] == ["検索向けの題名"]
