"""The Content-Security-Policy (config/settings/base.py, config/csp.py): every page sends it;
public pages get the strict policy and hold nothing it would block (inline scripts, style
attributes, on-event attributes, javascript: URLs); only /admin/ is widened for Wagtail."""

from html.parser import HTMLParser

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from config.csp import CSPMiddleware
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
)

PUBLIC_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "media-src": "'self'",
    "frame-src": (
        "'self' https://www.youtube.com https://www.youtube-nocookie.com https://player.vimeo.com"
    ),
    "worker-src": "'self'",  # the browser notifications' service worker
    "frame-ancestors": "'none'",
    "form-action": "'self' https://accounts.google.com https://access.line.me",
    "base-uri": "'self'",
    "object-src": "'none'",
}
# Script elements the browser never runs, so the policy does not apply to them.
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction"}


def policy(response):
    """The Content-Security-Policy header as {directive: sources}."""
    header = response.headers["Content-Security-Policy"]
    directives = (part.strip().split(" ", 1) for part in header.split(";"))
    return dict(directives)


class InlineCodeFinder(HTMLParser):
    """Collects what a policy without 'unsafe-inline' would block in an HTML page."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            handler = name.startswith("on") and name.isalpha()
            url = name in URL_ATTRIBUTES and (value or "").strip().lower()
            if name == "style" or handler or (url and url.startswith("javascript:")):
                self.found.append(f"<{tag} {name}={value!r}>")
        data_block = attributes.get("type") in DATA_SCRIPT_TYPES
        if tag == "script" and "src" not in attributes and not data_block:
            self.found.append(f"<script> without src, type={attributes.get('type')!r}")
        if tag == "style":
            self.found.append("<style> element")


def inline_code(response):
    finder = InlineCodeFinder()
    finder.feed(response.content.decode())
    return finder.found


@pytest.fixture
def site(home_page, article_index):
    """One page of every public type: an article with comments, a reply and an embedded
    survey (the home page lists the article), an opinion exchange with an opinion, a survey."""
    surveys = SurveyIndexPageFactory(parent=home_page)
    survey = SurveyPageFactory(parent=surveys, title="窓口についてのアンケート")
    article = ArticlePageFactory(
        parent=article_index,
        title="最初の一歩は電子申請",
        body=[
            {"type": "paragraph", "value": "<p>行政DXの第一歩は電子申請です。</p>"},
            {"type": "survey", "value": {"survey": survey.pk, "lead": "", "display": "auto"}},
        ],
    )
    comment = CommentFactory(page=article, body_source="<b>太字</b>は使えますか?")
    CommentFactory(parent=comment)
    topics = TopicIndexPageFactory(parent=home_page)
    topic = TopicPageFactory(parent=topics)
    OpinionFactory(page=topic)
    return {"article": article, "topic": topic, "survey": survey}


def public_urls(site):
    return [
        "/",
        site["article"].url,
        site["topic"].url,
        site["survey"].url,
        "/search/?q=電子申請",
        "/accounts/login/",
        "/accounts/signup/",
        "/no-such-page/",
        "/en/",
        "/en" + site["article"].url,
    ]


@pytest.mark.django_db
def test_every_public_page_type_sends_the_strict_policy(client, site):
    for url in public_urls(site):
        response = client.get(url)

        assert response.status_code in (200, 404), url
        assert policy(response) == PUBLIC_POLICY, url


@pytest.mark.django_db
def test_public_pages_hold_no_inline_script_style_or_event_handler(client, site):
    for url in public_urls(site):
        assert inline_code(client.get(url)) == [], url


@pytest.mark.django_db
def test_a_members_pages_hold_no_inline_script_style_or_event_handler(client, site, settings):
    settings.WEBPUSH_VAPID_PUBLIC_KEY = settings.WEBPUSH_VAPID_PRIVATE_KEY = "configured"
    client.force_login(MemberFactory(email_verified=True))

    for url in [
        site["article"].url,  # the comment form and like buttons (htmx)
        site["topic"].url,  # the opinion form and votes
        "/accounts/profile/",
        "/accounts/notifications/",
        "/accounts/notifications/settings/",  # browser notifications (push.js)
    ]:
        response = client.get(url)

        assert response.status_code == 200, url
        assert policy(response) == PUBLIC_POLICY, url
        assert inline_code(response) == [], url


@pytest.mark.django_db
def test_htmx_is_loaded_from_static_files_without_its_inline_indicator_styles(client, site):
    html = client.get(site["article"].url).content.decode()

    assert '<script src="/static/js/vendor/htmx-2.0.11.min.js" defer></script>' in html
    assert """<meta name="htmx-config" content='{"includeIndicatorStyles": false}'>""" in html
    assert "hx-on" not in html


@pytest.mark.django_db
def test_only_the_admin_may_run_inline_scripts_and_styles(client):
    client.force_login(StaffUserFactory(groups=["Editors"]))

    admin = policy(client.get("/admin/"))

    assert admin["script-src"] == "'self' 'unsafe-inline'"
    assert admin["style-src"] == "'self' 'unsafe-inline'"
    assert admin["script-src-attr"] == "'none'"  # still no onclick="…"
    assert admin["connect-src"] == "'self' https://releases.wagtail.org"
    assert admin["frame-ancestors"] == "'none'"
    assert admin["object-src"] == "'none'"


def test_a_response_our_pages_may_frame_allows_framing_by_this_site_only():
    """Wagtail's preview panel marks its responses SAMEORIGIN; everything else is 'none'."""
    request = RequestFactory().get("/admin/pages/3/edit/preview/")
    middleware = CSPMiddleware(lambda request: response)
    response = HttpResponse()
    response["X-Frame-Options"] = "SAMEORIGIN"

    framed = policy(middleware(request))

    assert framed["frame-ancestors"] == "'self'"
    assert framed["script-src"] == "'self' 'unsafe-inline'"  # the admin's


def test_a_preview_keeps_the_pages_own_policy_but_may_be_framed_by_the_admin():
    """Wagtail's preview runs the page's request through the middleware: the response comes
    back with the public page's policy, which stays, but for its frame-ancestors."""
    request = RequestFactory().get("/admin/pages/3/edit/preview/?in_preview_panel=true")
    response = HttpResponse()
    response["Content-Security-Policy"] = "default-src 'self'; frame-ancestors 'none'"
    response["X-Frame-Options"] = "SAMEORIGIN"

    framed = CSPMiddleware(lambda request: response)(request)

    assert framed["Content-Security-Policy"] == "default-src 'self'; frame-ancestors 'self'"


def test_a_chart_is_drawn_without_a_style_attribute():
    from django.template.loader import render_to_string

    from core.charts.bars import bar_chart
    from core.charts.columns import sparkline

    for chart in [
        bar_chart(
            [("ある", 60.0, None), ("ない", 40.0, None)], title="電子申請を使ったことはありますか"
        ),
        sparkline([1, 3, 2], title="直近の回答数"),
    ]:
        html = render_to_string(chart.template_name, {"chart": chart})

        assert "style=" not in html
        assert 'display="block"' in html


@pytest.mark.django_db
def test_the_consensus_bar_is_an_svg_with_a_rect_per_share(client):
    from django.template.loader import render_to_string

    html = render_to_string(
        "community/admin/consensus_opinions.html", _consensus_context(agree=3, disagree=1)
    )

    assert "style=" not in html
    assert '<rect class="consensus-bar__agree" width="75.0" height="1"/>' in html
    assert '<g transform="translate(75.0 0)">' in html
    assert '<rect class="consensus-bar__disagree" width="25.0" height="1"/>' in html
    assert '<rect class="consensus-bar__pass" x="25.0" width="0.0" height="1"/>' in html


def _consensus_context(*, agree, disagree):
    from types import SimpleNamespace

    total = agree + disagree
    tally = SimpleNamespace(
        total=total,
        agree=agree,
        disagree=disagree,
        passed=0,
        agree_percent=100 * agree / total,
        disagree_percent=100 * disagree / total,
        pass_percent=0.0,
    )
    opinion = SimpleNamespace(pk=1, stance="agree", created_at=None, body_source="賛成です")
    figures = SimpleNamespace(
        opinion=opinion, overall=tally, spread=None, groups=[], shown_groups=[], hidden_labels=""
    )
    report = SimpleNamespace(dimension_label="立場")
    return {"opinions": [figures], "report": report, "label": "合意に近い意見"}
