"""The anonymous page cache (core.page_cache): who gets a cached page, when it is purged,
CSRF tokens in cached pages, a failing cache, and Cache-Control of staff and member pages."""

import io
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from community.services.comments import comment_create, comment_delete, comment_edit
from community.services.likes import like_toggle
from community.services.members import member_delete
from community.services.moderation import comment_hide
from community.services.reports import comment_report
from community.services.topics import opinion_vote
from core import page_cache, page_variants
from tests.factories import (
    ArticlePageFactory,
    CommentFactory,
    MemberFactory,
    OpinionFactory,
    StaffUserFactory,
    SurveyIndexPageFactory,
    SurveyPageFactory,
    TopicIndexPageFactory,
    TopicPageFactory,
    established_member,
)
from tests.surveys.respondent import items, question

TOKEN_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _tokenless(response):
    """The page without its CSRF tokens (masked anew for every answer)."""
    return TOKEN_RE.sub("", response.content.decode())


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


@pytest.fixture
def article(article_index):
    return ArticlePageFactory(parent=article_index, title="書かない窓口の一年")


def _state(response):
    return response.get("X-Page-Cache")


def _cached(client, url):
    """GET `url` twice; the second answer."""
    client.get(url)
    return client.get(url)


# --- Who gets a cached page -------------------------------------------------------------------


def test_the_second_anonymous_reader_gets_the_page_from_the_cache(client, article):
    first = client.get(article.url)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(article.url)

    assert (_state(first), _state(second)) == ("miss", "hit")
    assert _tokenless(second) == _tokenless(first)
    assert "書かない窓口の一年" in second.content.decode()
    # Only Wagtail's routing to the page is left (site, pages along the path).
    assert len(queries) <= 8


def test_cached_pages_tell_browsers_and_cdns_to_come_back_every_time(client, article):
    cache_control = _cached(client, article.url)["Cache-Control"]

    # Private: every page carries a CSRF token (the header's 「ふりがな」 switch is a form).
    assert "private" in cache_control
    assert "max-age=0" in cache_control
    assert "must-revalidate" in cache_control


def test_a_head_request_is_answered_from_the_get_copy(client, article):
    client.get(article.url)

    assert _state(client.head(article.url)) == "hit"


def test_home_index_and_topic_pages_are_cached_too(client, home_page, article_index):
    topic = TopicPageFactory(parent=TopicIndexPageFactory(parent=home_page))

    for page in (home_page, article_index, topic):
        assert _state(_cached(client, page.url)) == "hit", page


def test_a_signed_in_member_is_never_served_nor_stored(client, article):
    client.get(article.url)  # an anonymous copy exists
    member = established_member()
    client.force_login(member)

    first, second = client.get(article.url), client.get(article.url)

    assert (_state(first), _state(second)) == ("bypass", "bypass")
    assert "no-store" in second["Cache-Control"] and "private" in second["Cache-Control"]
    assert 'name="body"' in second.content.decode()  # the comment form, not 「ログイン」
    client.logout()
    assert _state(client.get(article.url)) == "hit"  # the anonymous copy, untouched


@pytest.mark.parametrize("cookie", ["sessionid", "messages", "yoriai_respondent"])
def test_a_visitor_with_a_cookie_of_their_own_gets_a_fresh_page(client, article, cookie):
    client.get(article.url)
    client.cookies[cookie] = "something-of-theirs"

    assert _state(client.get(article.url)) == "bypass"


def test_the_language_and_the_query_string_are_part_of_the_key(client, article):
    english = "/en" + article.url
    sorted_newest = article.url + "?sort=newest"

    assert [_state(client.get(url)) for url in (article.url, english, sorted_newest)] == [
        "miss",
        "miss",
        "miss",
    ]
    assert [_state(client.get(url)) for url in (article.url, english, sorted_newest)] == [
        "hit",
        "hit",
        "hit",
    ]
    assert 'lang="en"' in client.get(english).content.decode()


@pytest.fixture
def reader_preference(monkeypatch):
    """A reader preference cookie registered with core.page_variants, for this test only."""
    monkeypatch.setattr(page_variants, "_cookies", {})
    page_variants.page_variant_register("shade", r"light|dark")
    return "shade"


def test_each_reader_preference_gets_its_own_cached_copy(client, article, reader_preference):
    states = []
    for value in ("light", "dark", "light", "dark"):
        client.cookies[reader_preference] = value
        states.append(_state(client.get(article.url)))
    del client.cookies[reader_preference]
    states.append(_state(client.get(article.url)))

    assert states == ["miss", "miss", "hit", "hit", "miss"]


def test_a_reader_preference_of_a_made_up_value_gets_a_fresh_page(
    client, article, reader_preference
):
    client.cookies[reader_preference] = "plaid"

    assert [_state(client.get(article.url)) for _ in range(2)] == ["bypass", "bypass"]


def test_a_restricted_page_is_never_served_from_the_cache(client, article):
    client.get(article.url)
    PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.LOGIN)

    response = client.get(article.url)

    assert response.status_code == 302
    assert _state(response) is None


def test_answers_other_than_200_are_not_stored(client, article_index):
    response = client.get(article_index.url + "tags/ＤＸ/")  # redirected to the one tag URL

    assert response.status_code in (302, 404)
    assert _state(client.get(article_index.url + "tags/ＤＸ/")) != "hit"


def test_a_page_cache_of_zero_seconds_turns_the_cache_off(client, article, settings):
    settings.PAGE_CACHE_SECONDS = 0

    assert _state(_cached(client, article.url)) == "bypass"


# --- Purges -----------------------------------------------------------------------------------


def test_publishing_the_page_purges_it(client, article):
    _cached(client, article.url)
    article.title = "書かない窓口の二年目"
    article.save_revision().publish()

    response = client.get(article.url)

    assert _state(response) == "miss"
    assert "書かない窓口の二年目" in response.content.decode()


def test_publishing_another_page_purges_the_lists_that_show_it(client, home_page, article):
    _cached(client, home_page.url)

    new = ArticlePageFactory(parent=article.get_parent(), title="新しい記事", live=False)
    new.save_revision().publish()

    response = client.get(home_page.url)
    assert _state(response) == "miss"
    assert "新しい記事" in response.content.decode()


def test_a_new_comment_purges_the_page(client, article, django_capture_on_commit_callbacks):
    _cached(client, article.url)

    with django_capture_on_commit_callbacks(execute=True):
        comment_create(author=established_member(), page=article, body="窓口の待ち時間が減りました")

    response = client.get(article.url)
    assert _state(response) == "miss"
    assert "窓口の待ち時間が減りました" in response.content.decode()


def test_editing_deleting_and_hiding_a_comment_purge_the_page(
    client, article, django_capture_on_commit_callbacks
):
    author = established_member()
    comment = CommentFactory(page=article, author=author, body_source="最初の文章")
    moderator = StaffUserFactory(groups=["Moderators"])
    changes = [
        lambda: comment_edit(comment=comment, editor=author, body="直した文章"),
        lambda: comment_hide(comment=comment, moderator=moderator, reason="確認のため"),
        lambda: comment_delete(comment=comment, actor=moderator),
    ]

    for change in changes:
        _cached(client, article.url)
        with django_capture_on_commit_callbacks(execute=True):
            change()
        assert _state(client.get(article.url)) == "miss", change


def test_a_comment_hidden_by_reports_leaves_the_cached_page(
    client, article, settings, django_capture_on_commit_callbacks
):
    comment = CommentFactory(page=article, body_source="ここに個人の電話番号")
    _cached(client, article.url)

    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):  # the default number of reports that hides a comment
            reporter = established_member()
            comment_report(comment=comment, reporter=reporter, reason="personal_information")

    response = client.get(article.url)
    assert _state(response) == "miss"
    assert "ここに個人の電話番号" not in response.content.decode()


def test_closing_an_account_purges_the_pages_that_named_the_member(
    client, article, django_capture_on_commit_callbacks
):
    author = established_member(display_name="まちづくり好き")
    CommentFactory(page=article, author=author)
    _cached(client, article.url)

    with django_capture_on_commit_callbacks(execute=True):
        member_delete(member=author)

    response = client.get(article.url)
    assert _state(response) == "miss"
    assert "まちづくり好き" not in response.content.decode()


def test_likes_purge_the_page(client, article, django_capture_on_commit_callbacks):
    comment = CommentFactory(page=article)
    member = established_member()

    for target in ({"page": article}, {"comment": comment}):
        _cached(client, article.url)
        with django_capture_on_commit_callbacks(execute=True):
            like_toggle(member=member, **target)
        assert _state(client.get(article.url)) == "miss", target


def test_a_vote_purges_the_topic(client, home_page, django_capture_on_commit_callbacks):
    topic = TopicPageFactory(parent=TopicIndexPageFactory(parent=home_page))
    opinion = OpinionFactory(page=topic)
    _cached(client, topic.url)

    with django_capture_on_commit_callbacks(execute=True):
        opinion_vote(member=established_member(), opinion=opinion, choice="agree")

    assert _state(client.get(topic.url)) == "miss"


def test_a_purge_reaches_every_language_and_query_string(client, article):
    urls = [article.url, "/en" + article.url, article.url + "?comments_page=2"]
    for url in urls:
        _cached(client, url)

    page_cache.page_cache_purge(page_id=article.pk)

    assert [_state(client.get(url)) for url in urls] == ["miss"] * 3


# --- CSRF -------------------------------------------------------------------------------------


@pytest.fixture
def article_with_survey(home_page, article_index):
    survey = SurveyPageFactory(
        parent=SurveyIndexPageFactory(parent=home_page),
        questions=[
            question("single_choice", "q1", "電子申請を使いましたか", choices=items(("a", "はい")))
        ],
    )
    block = {"survey": survey.pk, "lead": "", "display": "auto"}
    article = ArticlePageFactory(parent=article_index, body=[{"type": "survey", "value": block}])
    return article, survey


def _answer(client, survey, token, article):
    data = {"csrfmiddlewaretoken": token, "q-q1": "a", "action": "next"}
    return client.post(survey.url + "step/1/", {**data, "return_to": article.url})


def test_each_visitor_gets_a_working_token_of_their_own_in_a_cached_page(article_with_survey):
    article, survey = article_with_survey
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)

    first_page, second_page = first.get(article.url), second.get(article.url)
    first_token = TOKEN_RE.search(first_page.content.decode()).group(1)
    second_token = TOKEN_RE.search(second_page.content.decode()).group(1)

    assert (_state(first_page), _state(second_page)) == ("miss", "hit")
    assert "pagecachecsrf" not in second_page.content.decode()
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value
    assert "private" in second_page["Cache-Control"]
    assert _answer(first, survey, second_token, article).status_code == 403
    assert _answer(first, survey, first_token, article).status_code == 302
    assert _answer(second, survey, second_token, article).status_code == 302


def test_a_returning_visitor_keeps_their_csrf_cookie(article_with_survey):
    article, _survey = article_with_survey
    visitor = Client(enforce_csrf_checks=True)
    visitor.get(article.url)
    cookie = visitor.cookies["csrftoken"].value

    visitor.get(article.url)

    assert visitor.cookies["csrftoken"].value == cookie


def test_the_page_cache_works_on_any_cache_backend(client, article, settings):
    settings.CACHES = {
        **settings.CACHES,
        "pages": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "cache"},
    }

    assert _state(_cached(client, article.url)) == "hit"
    page_cache.page_cache_purge(page_id=article.pk)
    assert _state(client.get(article.url)) == "miss"


@pytest.mark.parametrize(
    "query",
    ["?x=1", "?page=1&utm_source=mail", "?sort=" + "a" * 40, "?page=123456", "?page=1&page=2"],
)
def test_made_up_query_strings_are_rendered_but_never_stored(client, article, query):
    client.get(article.url + query)

    assert _state(client.get(article.url + query)) == "bypass"


def test_made_up_query_strings_cannot_push_login_limits_out(client, article, settings):
    # Caches of 30 entries each: were each made-up address stored, 40 would push the counter out.
    settings.CACHES = {
        alias: {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"small-{alias}",
            "OPTIONS": {"MAX_ENTRIES": 30},
        }
        for alias in settings.CACHES
    }
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "1/h/key"}
    wrong = {"login": "hanako@example.jp", "password": "wrong-password"}
    client.post("/accounts/login/", wrong)
    for number in range(40):
        Client().get(f"{article.url}?sort=newest&page={number}")

    response = client.post("/accounts/login/", wrong)

    assert "ログイン失敗が連続しています" in response.content.decode()


def test_after_the_cache_failed_its_next_success_forgets_every_copy(client, article, monkeypatch):
    _cached(client, article.url)
    monkeypatch.setattr(page_cache, "cache", BrokenCache())
    client.get(article.url)  # a purge made now would be lost
    monkeypatch.undo()

    assert _state(client.get(article.url)) == "miss"


# --- A failing cache --------------------------------------------------------------------------


class BrokenCache:
    """A cache whose every call fails, as Redis and its fallback table both down would."""

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("cache down")

        return fail


def test_a_failing_cache_never_breaks_a_page_nor_a_comment(
    client, article, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(page_cache, "cache", BrokenCache())

    responses = [client.get(article.url), client.get(article.url)]
    with django_capture_on_commit_callbacks(execute=True):
        comment_create(author=established_member(), page=article, body="キャッシュが落ちても")

    assert [r.status_code for r in responses] == [200, 200]
    assert "書かない窓口の一年" in responses[1].content.decode()
    assert "キャッシュが落ちても" in client.get(article.url).content.decode()


# --- Staff and member pages: never stored anywhere ---------------------------------------------


def _assert_no_store(response, url):
    cache_control = response.get("Cache-Control", "")
    assert "no-store" in cache_control and "private" in cache_control, (url, cache_control)


def test_the_data_download_is_never_stored(client, db):
    client.force_login(MemberFactory(email_verified=True))

    assert client.get("/accounts/data/")["Cache-Control"] == "no-store"  # its own, already


def test_staff_pages_are_never_stored(client, home_page):
    staff = StaffUserFactory(is_superuser=True)
    topic = TopicPageFactory(parent=TopicIndexPageFactory(parent=home_page))
    survey = SurveyPageFactory(parent=SurveyIndexPageFactory(parent=home_page))
    client.force_login(staff)
    urls = [
        "/admin/",
        "/admin/moderation/",
        "/admin/moderation-log/",
        "/admin/topic-proposals/",
        "/admin/topic-closing/",
        f"/admin/topics/{topic.pk}/close/",
        "/admin/consensus/",
        f"/admin/consensus/{topic.pk}/",
        f"/admin/consensus/{topic.pk}/opinions.csv",
        "/admin/survey-results/",
        f"/admin/survey-results/{survey.pk}/",
        f"/admin/survey-results/{survey.pk}/export/summary.csv",
        f"/admin/survey-results/{survey.pk}/export/responses.csv",
        "/admin/background-tasks/",
        "/admin/members/",
    ]

    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_no_store(response, url)


def test_a_members_own_pages_are_never_stored(client, article):
    member = established_member()
    comment = CommentFactory(page=article, author=member)
    client.force_login(member)
    urls = [
        "/accounts/profile/",
        "/accounts/delete/",
        "/accounts/notifications/",
        "/accounts/notifications/settings/",
        f"/comments/{comment.pk}/edit/",
        f"/comments/{comment.pk}/delete/",
        article.url,
    ]

    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_no_store(response, url)


def test_allauth_account_pages_are_never_stored_with_the_middleware(client, db, settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "core.page_cache.SignedInNoStoreMiddleware"]
    client.force_login(MemberFactory(email_verified=True))
    urls = ["/accounts/email/", "/accounts/password/change/"]

    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_no_store(response, url)


# --- The optional middleware: hits before URL routing -----------------------------------------


@pytest.fixture
def fast_path(settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "core.page_cache.PageCacheMiddleware"]


def test_with_the_middleware_a_hit_costs_no_query(client, article, fast_path):
    first = client.get(article.url)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(article.url)

    assert (_state(first), _state(second)) == ("miss", "hit")
    assert _tokenless(second) == _tokenless(first)
    assert len(queries) == 0, [q["sql"] for q in queries]


def test_with_the_middleware_restricting_or_unpublishing_ends_the_hits(
    client, article_index, fast_path
):
    restricted, unpublished = (ArticlePageFactory(parent=article_index) for _ in range(2))
    for page in (restricted, unpublished):
        _cached(client, page.url)

    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)
    unpublished.unpublish()

    assert client.get(restricted.url).status_code == 302
    assert client.get(unpublished.url).status_code == 404


def test_with_the_middleware_members_still_get_fresh_pages(client, article, fast_path):
    client.get(article.url)
    client.force_login(established_member())

    assert _state(client.get(article.url)) == "bypass"


def test_with_the_middleware_each_visitor_gets_their_own_token(article_with_survey, fast_path):
    article, survey = article_with_survey
    Client().get(article.url)
    visitor = Client(enforce_csrf_checks=True)

    page = visitor.get(article.url)
    token = TOKEN_RE.search(page.content.decode()).group(1)

    assert _state(page) == "hit"
    assert _answer(visitor, survey, token, article).status_code == 302


def test_the_purge_command_forgets_every_copy(client, article):
    from django.core.management import call_command

    _cached(client, article.url)

    call_command("page_cache_purge", stdout=io.StringIO())

    assert _state(client.get(article.url)) == "miss"


@pytest.mark.django_db
def test_what_is_remembered_under_a_scope_lasts_until_the_scope_or_every_page_is_purged(
    settings,
):
    settings.PAGE_FRAGMENT_SECONDS = 300
    computed = []

    def remembered():
        return page_cache.page_cache_remember(
            "facts", lambda: computed.append(1) or len(computed), scope="members"
        )

    assert remembered() == 1 and remembered() == 1
    page_cache.page_cache_purge(page_id=1)  # one page's purge: not this scope's
    assert remembered() == 1

    page_cache.page_cache_scope_purge_on_commit("members")
    assert remembered() == 2

    page_cache.page_cache_purge_all()
    assert remembered() == 3
