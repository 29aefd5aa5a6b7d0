"""The article page's fragments (core.page_fragments, ArticlePage.get_context): the page served
from them is the page rendered without them, byte for byte apart from CSRF tokens, for every
kind of reader; and they follow what changes."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.models import Comment, DiscussionMode
from community.services.discussions import discussion_mode_set
from community.services.likes import like_toggle
from tests.factories import (
    ArticlePageFactory,
    ArticlePageRelatedFactory,
    CommentFactory,
    ImageFactory,
    SeriesFactory,
    StaffUserFactory,
    TopicIndexPageFactory,
    TopicPageFactory,
    established_member,
    log_in_as,
)

TOKEN_RE = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+"')
VIEWERS = ["anonymous with a session", "member", "Moderators", "superuser"]


def _masked(response):
    assert response.status_code == 200
    return TOKEN_RE.sub(r'\1…"', response.content.decode())


def _as(client, viewer):
    if viewer == "anonymous with a session":
        client.cookies["visited"] = "1"  # any cookie but CSRF's: the page cache steps aside
    else:
        log_in_as(client, viewer)
    return client


@pytest.fixture
def article(home_page, article_index):
    """An article showing everything its fragments hold: header image, authors, tags, series
    neighbours, a related article, a topic, comments with a reply, likes."""
    series = SeriesFactory(name="地域DXの現場から")
    ArticlePageFactory(parent=article_index, title="第1回 窓口", series=series, series_number=1)
    article = ArticlePageFactory(
        parent=article_index,
        title="第2回 書かない窓口",
        series=series,
        series_number=2,
        header_image=ImageFactory(),
        tags=["行政DX", "窓口"],
        body=[("paragraph", "<p>本文です。</p>"), ("paragraph", "<p>二段落目です。</p>")],
    )
    ArticlePageFactory(parent=article_index, title="第3回 費用", series=series, series_number=3)
    picked = ArticlePageFactory(parent=article_index, title="選ばれた記事", tags=["窓口"])
    ArticlePageRelatedFactory(page=article, article=picked)
    topic = TopicPageFactory(parent=TopicIndexPageFactory(parent=home_page))
    topic.related_articles.create(article=article)
    topic.save()
    first = CommentFactory(page=article, body_source="賛成です。")
    CommentFactory(page=article, parent=first, body_source="私もです。")
    like_toggle(member=established_member(), page=article)
    return article


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("query", ["", "?sort=newest&comments_page=1", "?reply_to={first}"])
def test_the_article_from_its_fragments_is_the_article_rendered_without_them(
    client, settings, article, viewer, query
):
    _as(client, viewer)
    query = query.format(first=Comment.objects.filter(page=article).order_by("pk").first().pk)
    settings.PAGE_FRAGMENT_SECONDS = 0
    rendered = _masked(client.get(article.url + query))
    settings.PAGE_FRAGMENT_SECONDS = 300

    stored = _masked(client.get(article.url + query))
    served = _masked(client.get(article.url + query))

    assert stored == rendered
    assert served == rendered
    assert "第2回 書かない窓口" in served


@pytest.mark.parametrize("viewer", ["anonymous with a session", "member"])
def test_a_second_read_builds_nothing_the_fragments_hold(client, settings, article, viewer):
    settings.PAGE_FRAGMENT_SECONDS = 300
    _as(client, viewer)
    client.get(article.url)

    with CaptureQueriesContext(connection) as queries:
        client.get(article.url)

    tables = " ".join(q["sql"] for q in queries.captured_queries)
    for table in ("taggit", "articles_series", "articlepagerelated", "rendition", "topic"):
        assert table not in tables
    # The page by its remembered route, its view restrictions, the navigation (members: and the
    # likes, their comment section, follows and account menu).
    assert len(queries) <= (4 if viewer != "member" else 21)


def test_a_published_change_is_shown_at_once(client, settings, article):
    settings.PAGE_FRAGMENT_SECONDS = 300
    _as(client, "member")
    client.get(article.url)

    article.title = "第2回 書かない窓口（改訂）"
    article.save_revision().publish()

    assert "第2回 書かない窓口（改訂）" in _masked(client.get(article.url))


def test_a_like_is_counted_at_once(client, settings, article):
    settings.PAGE_FRAGMENT_SECONDS = 300
    _as(client, "anonymous with a session")
    before = _masked(client.get(article.url))

    like_toggle(member=established_member(), page=article)

    assert 'class="like-form__count">1<' in before
    assert 'class="like-form__count">2<' in _masked(client.get(article.url))


def test_members_never_get_the_comment_section_of_visitors_who_are_not_signed_in(
    client, settings, article
):
    settings.PAGE_FRAGMENT_SECONDS = 300
    _as(client, "anonymous with a session").get(article.url)

    log_in_as(client, "member")
    html = _masked(client.get(article.url))

    assert 'name="body"' in html  # the member's comment form, not the sign-in notice


@pytest.mark.parametrize("mode", [DiscussionMode.PREMODERATED, DiscussionMode.CLOSED])
def test_the_members_comment_form_follows_the_discussion_mode(client, settings, article, mode):
    settings.PAGE_FRAGMENT_SECONDS = 300
    _as(client, "member")
    client.get(article.url)
    served = _masked(client.get(article.url))  # the form from its fragment

    discussion_mode_set(page=article, mode=mode, actor=StaffUserFactory(is_superuser=True))
    changed = _masked(client.get(article.url))
    settings.PAGE_FRAGMENT_SECONDS = 0

    assert 'name="body"' in served
    assert changed == _masked(client.get(article.url))
    assert ('name="body"' in changed) is (mode == DiscussionMode.PREMODERATED)


def _comment_form_token(html):
    form = html[html.index('id="comment-form"') :]
    return TOKEN_RE.search(form).group(0).split('value="')[1].rstrip('"')


def _post_comment(client, article, token, text):
    url = reverse("community:comment_post", args=[article.pk])
    return client.post(url, {"csrfmiddlewaretoken": token, "body": text})


def test_the_comment_form_from_its_fragment_posts_with_this_requests_token(settings, article):
    settings.PAGE_FRAGMENT_SECONDS = 300
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.force_login(established_member())
    second.force_login(established_member())
    first.get(article.url)  # stores the form

    served = second.get(article.url).content.decode()
    token = _comment_form_token(served)

    assert "pagefragcsrf" not in served
    assert served.count(f'value="{token}"') == served.count('name="csrfmiddlewaretoken"')
    assert _post_comment(second, article, token, "窓口の予約制に賛成です。").status_code == 302
    assert Comment.objects.filter(body_source="窓口の予約制に賛成です。").exists()


def test_a_visitor_who_signs_in_posts_with_the_form_from_its_fragment(settings, article):
    settings.PAGE_FRAGMENT_SECONDS = 300
    member = established_member()
    others = Client()
    others.force_login(established_member())
    others.get(article.url)  # stores the form
    visitor = Client(enforce_csrf_checks=True)
    visitor.cookies["visited"] = "1"  # read as a visitor first, rendered (the cache steps aside)
    assert visitor.get(article.url).status_code == 200
    login_page = visitor.get(reverse("account_login")).content.decode()
    signed_in = visitor.post(
        reverse("account_login"),
        {
            "login": member.email,
            "password": "correct horse battery staple",
            "csrfmiddlewaretoken": TOKEN_RE.search(login_page).group(0).split('value="')[1][:-1],
        },
    )

    token = _comment_form_token(visitor.get(article.url).content.decode())

    assert signed_in.status_code == 302
    assert _post_comment(visitor, article, token, "書かない窓口に期待します。").status_code == 302
    assert Comment.objects.filter(author=member, body_source="書かない窓口に期待します。").exists()
