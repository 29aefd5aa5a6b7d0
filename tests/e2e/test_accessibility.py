"""axe-core (node_modules, see the `axe` fixture) finds no serious or critical WCAG 2.2 A/AA
violation on any page type a visitor, a member or our staff see: on a phone, on a desktop, and
on a desktop in dark mode (prefers-color-scheme: dark).

The site is built once per test (visitors and members; staff) and each look opens every page in
turn in a browser context of its own; each page in each look is a subtest, so a failure names the
page and the look, and lists per failing element the rule, its impact, what to do and the
element's selector and HTML. The charts on the results
screens are also checked for their screen-reader text: an SVG either is an image with a name,
or is hidden with its data table beside it; the tables have a caption and scoped header
cells. Staff screens also name themselves in the browser's tab (WCAG 2.4.2).
"""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from tests.e2e.conftest import (
    axe_ready,
    axe_scan,
    browser_page,
    live_server_requests_wait,
    serious_violations,
    session_give,
)

pytestmark = pytest.mark.e2e

# (viewport, colour scheme): dark mode on the desktop only, where it is most often chosen.
LOOKS = [("phone", "light"), ("desktop", "light"), ("desktop", "dark")]


@pytest.fixture
def site(live_server, transactional_db, django_db_serialized_rollback):
    """One of every page type: an article with a three-level thread and an embedded survey, an
    information page, the contact page, an opinion exchange with opinions, a survey, a survey
    with ten responses and published results, a reported comment for the moderators, an
    event with a question and a registration, a member with a notification and a member of
    staff (also Event staff)."""
    from community.models import Notification, NotificationKind, Report, ReportReason
    from surveys.models import ResultsVisibility
    from surveys.selectors.published import publishable_question_ids
    from surveys.services import results_publication_set
    from tests.factories import (
        ArticleIndexPageFactory,
        ArticlePageFactory,
        CommentFactory,
        ContactPageFactory,
        EventIndexPageFactory,
        EventPageFactory,
        HomePageFactory,
        InformationPageFactory,
        MemberFactory,
        OpinionFactory,
        RegistrationFactory,
        StaffUserFactory,
        SurveyIndexPageFactory,
        SurveyPageFactory,
        TopicIndexPageFactory,
        TopicPageFactory,
    )
    from tests.surveys.results_data import ten_respondents_survey

    home = HomePageFactory(lead="地域のみなさんと行政をつなぐ寄り合いの場です。")
    index = ArticleIndexPageFactory(parent=home)
    surveys = SurveyIndexPageFactory(parent=home)
    survey = SurveyPageFactory(parent=surveys, title="窓口についてのアンケート")
    paged_survey = SurveyPageFactory(
        parent=surveys, title="支所についてのアンケート", one_question_per_screen=True
    )
    article = ArticlePageFactory(
        parent=index,
        title="最初の一歩は電子申請",
        body=[
            {"type": "paragraph", "value": "<p>行政DXの第一歩は電子申請です。</p>"},
            {"type": "survey", "value": {"survey": survey.pk, "lead": "", "display": "auto"}},
        ],
        easy_title="はじめは電子申請から",
        easy_body=[{"type": "paragraph", "value": "<p>インターネットで申しこめます。</p>"}],
        tags=["行政DX"],
    )
    member = MemberFactory(email_verified=True, display_name="商店街の田中")
    top = CommentFactory(page=article, author=member, body_source="夜に申請できると助かります")
    reply = CommentFactory(parent=top, body_source="来年度から対応する予定です")
    CommentFactory(parent=reply, body_source="支所でも使えるとうれしいです")
    Report.objects.create(comment=reply, reporter=member, reason=ReportReason.OFF_TOPIC)
    Notification.objects.create(
        recipient=member, kind=NotificationKind.REPLY, actor=reply.author, comment=reply
    )
    topic = TopicPageFactory(parent=TopicIndexPageFactory(parent=home))
    opinion = OpinionFactory(page=topic, body_source="全ての支所に広げるべきです")
    OpinionFactory(page=topic, body_source="まず本庁で効果を確かめるべきです")

    event = EventPageFactory(
        parent=EventIndexPageFactory(parent=home),
        title="マイナンバーカード申請説明会",
        capacity=20,
        questions=[
            ("single_choice", {"text": "手話通訳", "choices": ["必要", "不要"], "required": False})
        ],
    )
    registration = RegistrationFactory(event=event, name="申込 一郎")
    # Event staff may edit the events under every event index (events.signals).
    staff = StaffUserFactory(
        groups=["Editors", "Moderators", "Analysts", "Event staff", "Announcement staff"]
    )
    results = ten_respondents_survey()
    results.results_visibility = ResultsVisibility.AFTER_CLOSING
    results.closes_at = timezone.now() - datetime.timedelta(days=1)
    results.save()
    results_publication_set(
        survey=results, question_ids=publishable_question_ids(results), user=staff
    )
    return SimpleNamespace(
        home=home,
        index=index,
        article=article,
        information=InformationPageFactory(parent=home),
        contact=ContactPageFactory(parent=home),
        topic=topic,
        opinion=opinion,
        event=event,
        registration=registration,
        survey=survey,
        paged_survey=paged_survey,
        reported=reply,
        results=results,
        member=member,
        staff=staff,
    )


def answer_the_survey(page, site):
    page.goto(site.survey.url)
    page.get_by_label("ある").check()
    with page.expect_navigation():
        page.locator("button[value=next]").click()


def refuse_the_step(page, site):
    page.goto(site.survey.url)
    with page.expect_navigation():
        page.locator("button[value=next]").click()  # nothing answered: the error summary


def send_the_survey(page, site):
    answer_the_survey(page, site)
    with page.expect_navigation():
        page.locator("form.survey-confirm button[type=submit]").click()


def read_in_easy_japanese(page, site):
    """The article's switch to its やさしい日本語 version (the choice stays for the context)."""
    page.goto(site.article.url)
    with page.expect_navigation():
        page.locator(".version-switch button[value='1']").click()


# name: how to get there, a function of the page and the site that returns the URL to open, or
# goes there itself. A look's pages are opened one after the other in one browser context, in
# this order (the survey's steps before its confirmation, and the answer sent last).
VISITOR = {
    "home": lambda page, site: "/",
    "article index": lambda page, site: site.index.url,
    "article with thread and survey": lambda page, site: site.article.url,
    "tag": lambda page, site: f"{site.index.url}tags/行政DX/",
    "information page": lambda page, site: site.information.url,
    "contact": lambda page, site: site.contact.url,
    "topic index": lambda page, site: site.topic.get_parent().url,
    "topic with opinions": lambda page, site: site.topic.url,
    "survey index": lambda page, site: site.survey.get_parent().url,
    "survey step": lambda page, site: site.survey.url,
    "survey step refused": refuse_the_step,
    "survey step, one question per screen": lambda page, site: site.paged_survey.url,
    "survey confirm": answer_the_survey,
    "survey thanks": send_the_survey,
    "published results": lambda page, site: f"{site.results.url}results/",
    "search results": lambda page, site: "/search/?q=電子申請",
    "login": lambda page, site: "/accounts/login/",
    "sign-up": lambda page, site: "/accounts/signup/",
    "member's page": lambda page, site: f"/members/{site.member.pk}/",
    "event index": lambda page, site: site.event.get_parent().url,
    "event calendar": lambda page, site: f"{site.event.get_parent().url}calendar/",
    "event": lambda page, site: site.event.url,
    "event registration": lambda page, site: f"{site.event.url}register/",
    "registered person's page": lambda page, site: (
        site.event.url + site.event.reverse_subpage("registration", args=[site.registration.token])
    ),
    "not found": lambda page, site: "/no-such-page/",
    "article in やさしい日本語": read_in_easy_japanese,
}
MEMBER = {
    "profile edit": lambda page, site: "/accounts/profile/",
    "notifications": lambda page, site: "/accounts/notifications/",
    "notification settings": lambda page, site: "/accounts/notifications/settings/",
    "article signed in": lambda page, site: site.article.url,
}
# The whole admin page is scanned, Wagtail's own chrome (sidebar, header) included: it has had
# no serious or critical violation, so nothing is excluded.
STAFF = {
    "results overview": lambda page, site: f"/admin/survey-results/{site.results.pk}/",
    "results breakdown": lambda page, site: f"/admin/survey-results/{site.results.pk}/?by=type",
    "results responses": lambda page, site: f"/admin/survey-results/{site.results.pk}/responses/",
    "results by channel": lambda page, site: f"/admin/survey-results/{site.results.pk}/?by=channel",
    "key in responses": lambda page, site: f"/admin/survey-results/{site.results.pk}/key-in/",
    "key in a refused sheet": lambda page, site: _refused_sheet(page, site),
    "moderation queue": lambda page, site: "/admin/moderation/",
    "moderation comment": lambda page, site: f"/admin/moderation/comments/{site.reported.pk}/",
    "member suspension": lambda page, site: f"/admin/moderation/members/{site.member.pk}/",
    "consensus index": lambda page, site: "/admin/consensus/",
    "consensus report": lambda page, site: f"/admin/consensus/{site.topic.pk}/",
    "topic proposals": lambda page, site: "/admin/topic-proposals/",
    "topic closing": lambda page, site: "/admin/topic-closing/",
    "topic close form": lambda page, site: f"/admin/topics/{site.topic.pk}/close/",
    "event registrations": lambda page, site: "/admin/events/",
    "event's registrations": lambda page, site: f"/admin/events/{site.event.pk}/",
    "event check-in": lambda page, site: f"/admin/events/{site.event.pk}/check-in/",
    "event follow-up": lambda page, site: f"/admin/events/{site.event.pk}/follow-up/",
    "announcements": lambda page, site: "/admin/announcements/",
    "new announcement": lambda page, site: "/admin/announcements/add/",
}


def _furigana_on(page, site):
    """The article after the header's 「ふりがな」 switch turned furigana on (a cookie: the
    pages after it in the same look have it too)."""
    page.goto(site.article.url)
    with page.expect_navigation():
        page.locator(".site-header").get_by_role("button", name="ふりがな").click()


# Every screen with ruby over its kanji (readable.furigana) and the switch pressed.
FURIGANA = {
    "article with furigana": _furigana_on,
    "topic with opinions, furigana": lambda page, site: site.topic.url,
    "event, furigana": lambda page, site: site.event.url,
    "published results, furigana": lambda page, site: f"{site.results.url}results/",
    "reading settings, furigana": lambda page, site: "/reading/",
}


def _refused_sheet(page, site):
    """The key-in screen after a sheet was sent with nothing answered: its errors shown."""
    page.goto(f"/admin/survey-results/{site.results.pk}/key-in/")
    with page.expect_navigation():
        page.locator(".key-in__form button[type=submit]").click()


def go(page, site, where):
    """Open `where` and wait for its load event. Not for "networkidle": that only adds half a
    second of quiet per page (90 s of a run's 165 visits) — no screen here asks for anything
    after its load but the browser's favicon, and the document is the same half a second later
    (measured on every visit, 2026-12-07)."""
    target = where(page, site)
    if target:
        page.goto(target)
    page.wait_for_load_state()


@pytest.fixture
def scan_in_every_look(browser, live_server, site, console_errors, subtests):
    """`scan_in_every_look(screens, user, check)`: in each of LOOKS, a browser context of its own
    (the phone's size and touch belong to the context), signed in as `user` if given, opens each
    of `screens` ({name: where}) in turn and scans it; `check(page)` may add failures of its
    own. Each screen in each look is a subtest, so a failure names the screen, the look and, per
    failing element, the rule, its impact, what to do and the element's selector and HTML. The
    context is closed, and its last requests answered, before the next look and the database
    flush; the site is built once for all of them."""

    def run(screens, user=None, check=None):
        for viewport, scheme in LOOKS:
            page = browser_page(browser, live_server.url, viewport, console_errors)
            try:
                page.emulate_media(color_scheme=scheme)
                axe_ready(page)
                if user is not None:
                    session_give(page, live_server.url, user)
                for name, where in screens.items():
                    with subtests.test(msg=name, look=f"{viewport}-{scheme}"):
                        go(page, site, where)
                        failures = serious_violations(axe_scan(page))
                        if check is not None:
                            failures += check(page)
                        assert failures == [], "\n".join(failures)
            finally:
                page.context.close()
                live_server_requests_wait()

    return run


@pytest.mark.reference_index  # the survey's thank-you page shows what it shows readers
def test_public_pages_have_no_serious_violations(site, scan_in_every_look, settings):
    from outreach.management.commands.webpush_keys import vapid_key_pair

    # The notification settings with their browser notifications part (shown once configured).
    settings.WEBPUSH_VAPID_PUBLIC_KEY, settings.WEBPUSH_VAPID_PRIVATE_KEY = vapid_key_pair()
    scan_in_every_look(VISITOR)
    scan_in_every_look(MEMBER, user=site.member)


def test_pages_with_furigana_have_no_serious_violations(site, scan_in_every_look):
    scan_in_every_look(FURIGANA)


def _titled(page):
    """WCAG 2.4.2: Wagtail's title reads "<block titletag> - Wagtail", never empty, so axe
    passes it even when the screen left its own part out."""
    return [] if page.title().split(" - ")[0].strip() else ["the tab shows no title of its own"]


def test_staff_screens_have_no_serious_violations(site, scan_in_every_look):
    scan_in_every_look(STAFF, user=site.staff, check=_titled)


@pytest.mark.parametrize("viewport", ["desktop"], indirect=True)
def test_the_scan_reports_what_it_finds(page, site, axe):
    """An image without a text alternative on a page: axe-core reports it as critical."""
    page.goto("/")
    page.evaluate("() => document.querySelector('main').append(document.createElement('img'))")

    failures = serious_violations(axe())

    assert [failure.split(" ", 1)[0] for failure in failures] == ["image-alt"]


# Per chart: its accessible name (or "hidden"), and whether a data table is in its section.
CHARTS = """() => [...document.querySelectorAll("main svg.survey-chart")].map((svg) => {
  const byIds = (svg.getAttribute("aria-labelledby") || "").split(/\\s+/).filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent.trim() || "").join(" ").trim();
  const name = svg.getAttribute("aria-hidden") === "true" ? "hidden"
    : svg.getAttribute("role") === "img" && (byIds || svg.getAttribute("aria-label") || "");
  const section = svg.closest("section");
  return {chart: svg.id, name, table: Boolean(section && section.querySelector("table"))};
})"""
# Per data table: its caption, and the header cells without a scope.
TABLES = """() => [...document.querySelectorAll("main table")].map((table) => ({
  table: table.id || table.outerHTML.slice(0, 80),
  caption: table.caption?.textContent.trim() || "",
  unscoped: [...table.querySelectorAll("th:not([scope])")].map((th) => th.textContent.trim()),
}))"""
CHART_PAGES = {
    "results overview": ("staff", STAFF["results overview"]),
    "results breakdown": ("staff", STAFF["results breakdown"]),
    "published results": (None, VISITOR["published results"]),
}


@pytest.mark.parametrize("viewport", ["desktop"], indirect=True)
@pytest.mark.parametrize("name", list(CHART_PAGES))
def test_charts_are_named_images_beside_captioned_data_tables(page, site, signed_in, name):
    who, where = CHART_PAGES[name]
    if who == "staff":
        signed_in(site.staff)
    go(page, site, where)

    charts = page.evaluate(CHARTS)
    tables = page.evaluate(TABLES)

    assert charts, f"{name}: no chart drawn"
    assert [c for c in charts if not (c["name"] and c["table"])] == [], (
        f"{name}: charts without a name (role=img) or without their data table beside them"
    )
    assert [t for t in tables if not t["caption"] or t["unscoped"]] == [], (
        f"{name}: data tables without a <caption> or with <th> lacking scope"
    )
