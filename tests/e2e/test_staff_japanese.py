"""The staff screens of the journeys (journeys.py) read in Japanese, Wagtail's own chrome
included: each screen, opened by the staff role that uses it, shows no English words — neither
on the page nor in the names its buttons and links give to screen readers (aria-label, title).
The office is built once; each role opens its screens in turn.

Wagtail 7.4's and allauth's Japanese catalogues lack many of their newer strings (「Collapse
all」, 「Toggle sidebar」, 「Autosave is paused」…); locale/ja supplies them. One subtest per
screen, so a failure names the screen and the English it shows.
"""

import re
from types import SimpleNamespace

import pytest

from tests.e2e.conftest import browser_page, live_server_requests_wait, session_give

pytestmark = pytest.mark.e2e

# Proper names, codes and abbreviations that are written in Latin letters in Japanese too.
ALLOWED = {
    "Wagtail", "Yoriai", "CSV", "Excel", "XLSX", "URL", "DX", "LINE", "Google", "ID", "NPS",
    "PDF", "SEO", "SNS", "HTML", "QR", "FAQ", "YouTube", "OK", "Markdown", "Facebook", "NPO",
    "ICT", "IT",  # in 言い換え語リスト (readable 0002)
    "JST", "English",  # the server's time zone; English named in English in the language list
    "Web",  # 回答方法 「Web」, as Japanese writes it (Web申請, Webサイト)
    "API",  # APIキー, 公開API
}  # fmt: skip
# e-mail addresses, URLs, paths, commands (manage.py db_worker, curl -H …), API keys and their
# shown prefixes (yor_AbCdEfGh…) and the header that carries them
ADDRESSES = re.compile(r"\S+@\S+|https?://\S+|/\S*|manage\.py \w+|curl -H .*|yor_\S+|X-API-Key")
WORDS = re.compile(r"[A-Za-z][A-Za-z'’]*[A-Za-z]")  # a run of two or more ASCII letters

# The account's time zone list is left out: IANA names (Asia/Tokyo, localtime) are codes.
VISIBLE_TEXT = """() => {
    const zones = new Set(Array.from(
        document.querySelectorAll("select[name$=time_zone] option:not(:checked)"),
        (option) => option.textContent.trim(),
    ));
    const lines = document.body.innerText.split("\\n").filter((line) => !zones.has(line.trim()));
    const texts = [lines.join("\\n")];
    for (const element of document.querySelectorAll("button, a, [role=button], [aria-label]")) {
        for (const name of ["aria-label", "title"]) {
            const value = element.getAttribute(name);
            if (value) texts.push(value);
        }
    }
    return texts.join("\\n");
}"""


def english_in(text):
    """The lines of `text` with English words in them, in order, each once."""
    lines = (line.strip() for line in text.splitlines())
    return list(
        dict.fromkeys(
            line
            for line in lines
            if any(word not in ALLOWED for word in WORDS.findall(ADDRESSES.sub(" ", line)))
        )
    )


@pytest.fixture
def office(live_server, transactional_db, django_db_serialized_rollback):
    """An article with an author, a topic with opinions and a reported comment, a survey with
    ten responses, an event with a registration, an API key, and one member of staff per role
    (Japanese names, as staff have)."""
    from api.keys import api_key_issue
    from community.models import Report, ReportReason
    from outreach.announcements.models import Announcement, AudienceCondition, ConditionKind
    from tests.factories import (
        ArticleIndexPageFactory,
        ArticlePageFactory,
        AuthorFactory,
        CommentFactory,
        EventIndexPageFactory,
        EventPageFactory,
        HomePageFactory,
        MemberFactory,
        OpinionFactory,
        RegistrationFactory,
        StaffUserFactory,
        SurveyIndexPageFactory,
        TopicIndexPageFactory,
        TopicPageFactory,
    )
    from tests.surveys.results_data import ten_respondents_survey

    home = HomePageFactory()
    event = EventPageFactory(parent=EventIndexPageFactory(parent=home), capacity=20)
    RegistrationFactory(event=event, name="申込 一郎")
    index = ArticleIndexPageFactory(parent=home)
    SurveyIndexPageFactory(parent=home)  # where the surveyed survey goes
    author = AuthorFactory(name="佐藤 花子")
    article = ArticlePageFactory(parent=index, title="最初の一歩は電子申請", authors=[author])
    member = MemberFactory(email_verified=True, display_name="商店街の田中")
    comment = CommentFactory(page=article, author=member, body_source="夜に申請できると助かります")
    Report.objects.create(comment=comment, reporter=member, reason=ReportReason.OFF_TOPIC)
    topic = TopicPageFactory(parent=TopicIndexPageFactory(parent=home))
    OpinionFactory(page=topic, body_source="全ての支所に広げるべきです")

    def staff(name, groups=(), **extra):
        return StaffUserFactory(username=name, groups=list(groups), **extra)

    analyst = staff("分析担当", ["Analysts"])
    api_key = api_key_issue(name="オープンデータ研究会", created_by=analyst)[0]
    announcer = staff("お知らせ担当", ["Announcement staff"])
    announcement = Announcement.objects.create(
        title="アンケートのお願い", text="5分で答えられます。", page=article, created_by=announcer
    )
    AudienceCondition.objects.create(
        announcement=announcement, kind=ConditionKind.PREFECTURE, prefecture="13"
    )
    return SimpleNamespace(
        index=index,
        article=article,
        announcement=announcement,
        announcer=announcer,
        event=event,
        member=member,
        comment=comment,
        topic=topic,
        results=ten_respondents_survey(),
        editor=staff("編集者", ["Editors"]),
        moderator=staff("モデレーター", ["Moderators"]),
        analyst=analyst,
        api_key=api_key,
        administrator=staff("管理者", is_superuser=True),
        event_staff=staff("イベント担当", ["Event staff"]),  # edits events (events.signals)
    )


# name: (who opens it, its URL as a function of the office)
SCREENS = {
    "dashboard": ("editor", lambda office: "/admin/"),
    "page explorer": ("editor", lambda office: f"/admin/pages/{office.index.pk}/"),
    "page editor, new article": (
        "editor",
        lambda office: f"/admin/pages/add/articles/articlepage/{office.index.pk}/",
    ),
    "page editor, article": ("editor", lambda office: f"/admin/pages/{office.article.pk}/edit/"),
    "page editor, topic": ("editor", lambda office: f"/admin/pages/{office.topic.pk}/edit/"),
    "moderation queue": ("moderator", lambda office: "/admin/moderation/"),
    "moderation comment": (
        "moderator",
        lambda office: f"/admin/moderation/comments/{office.comment.pk}/",
    ),
    "moderation member": (
        "moderator",
        lambda office: f"/admin/moderation/members/{office.member.pk}/",
    ),
    "moderation log": ("moderator", lambda office: "/admin/moderation-log/"),
    "survey results": ("analyst", lambda office: f"/admin/survey-results/{office.results.pk}/"),
    "survey results by channel": (
        "analyst",
        lambda office: f"/admin/survey-results/{office.results.pk}/?by=channel",
    ),
    "survey key-in": (
        "analyst",
        lambda office: f"/admin/survey-results/{office.results.pk}/key-in/",
    ),
    "survey key-in list": ("analyst", lambda office: "/admin/survey-key-in/"),
    "consensus report": ("analyst", lambda office: f"/admin/consensus/{office.topic.pk}/"),
    "API keys": ("analyst", lambda office: "/admin/api-keys/"),
    "issue an API key": ("analyst", lambda office: "/admin/api-keys/issue/"),
    "revoke an API key": (
        "analyst",
        lambda office: f"/admin/api-keys/{office.api_key.pk}/revoke/",
    ),
    "background tasks": ("administrator", lambda office: "/admin/background-tasks/"),
    "account": ("editor", lambda office: "/admin/account/"),
    "furigana dictionary": ("editor", lambda office: "/admin/snippets/readable/readingoverride/"),
    "furigana dictionary, new word": (
        "editor",
        lambda office: "/admin/snippets/readable/readingoverride/add/",
    ),
    "event registrations": ("event_staff", lambda office: "/admin/events/"),
    "event's registrations": ("event_staff", lambda office: f"/admin/events/{office.event.pk}/"),
    "event follow-up": (
        "event_staff",
        lambda office: f"/admin/events/{office.event.pk}/follow-up/",
    ),
    "event check-in": ("event_staff", lambda office: f"/admin/events/{office.event.pk}/check-in/"),
    "page editor, event": ("event_staff", lambda office: f"/admin/pages/{office.event.pk}/edit/"),
    "words to rephrase": ("editor", lambda office: "/admin/snippets/readable/plainwordentry/"),
    "new word to rephrase": (
        "editor",
        lambda office: "/admin/snippets/readable/plainwordentry/add/",
    ),
    "announcements": ("announcer", lambda office: "/admin/announcements/"),
    "new announcement": ("announcer", lambda office: "/admin/announcements/add/"),
    "announcement": (
        "announcer",
        lambda office: f"/admin/announcements/{office.announcement.pk}/",
    ),
}
# The editor's other tabs (a hidden tab's text is not read): screen name → (screen, tab).
TABS = {
    "page editor, promote tab": ("page editor, article", "プロモート"),
    "page editor, settings tab": ("page editor, topic", "設定"),
}


# The page editor saves itself a moment after it opens and shows so: its screens are read after
# that first autosave and its indicator.
AUTOSAVING = {
    "page editor, new article",
    "page editor, article",
    "page editor, topic",
    "page editor, event",
}


def test_each_staff_screen_shows_no_english(browser, live_server, office, console_errors, subtests):
    """Each role opens its screens one after the other in a desktop browser of its own; each
    screen (and tab) is a subtest, so a failure names it and the English it shows."""
    shown = {**{name: (name, None) for name in SCREENS}, **TABS}
    for who in dict.fromkeys(who for who, _url in SCREENS.values()):
        page = browser_page(browser, live_server.url, "desktop", console_errors)
        try:
            session_give(page, live_server.url, getattr(office, who))
            for name, (screen, tab) in shown.items():
                screen_who, url = SCREENS[screen]
                if screen_who != who:
                    continue
                with subtests.test(msg=name):
                    response = page.goto(url(office))
                    assert response is not None and response.status == 200, (
                        f"{name}: {response and response.status}"
                    )
                    page.wait_for_load_state("networkidle")
                    if tab:
                        page.get_by_role("tab", name=tab, exact=True).click()
                    if screen in AUTOSAVING:
                        page.wait_for_timeout(1500)

                    english = english_in(page.evaluate(VISIBLE_TEXT))
                    assert english == [], f"{name} shows English:\n" + "\n".join(english)
        finally:
            page.context.close()
            live_server_requests_wait()
