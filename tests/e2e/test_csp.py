"""Under the Content-Security-Policy, Chromium blocks nothing: every public page a reader or a
member sees, htmx's like button and comment form, and the staff screens in Wagtail's admin
(dashboard, page editor with its StreamField and image chooser and preview, a snippet
listing, survey results, moderation queue, consensus report, closing a topic) report zero
`securitypolicyviolation` events and no CSP message in the console.

One viewport is enough here: the policy does not depend on the width.
"""

from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.e2e.journeys import (
    count_page_loads,
    ja,
    sign_in,
    staff_signs_in,
    staff_user_with_authenticator,
)

pytestmark = pytest.mark.e2e

# Runs in every document and frame before the page's own scripts.
COLLECT_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI} at ${where}`);
});
"""


@pytest.fixture
def viewport():
    return "desktop"


@pytest.fixture
def violations(page):
    """Every CSP violation the pages report, as "<url>: <directive> blocked …"."""
    found = []
    page.add_init_script(COLLECT_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            found.append(f"console: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return found


def collect(page, violations):
    """Add what the current page reported (call before leaving it)."""
    reported = page.evaluate("() => window.__cspViolations || []")
    violations.extend(f"{urlsplit(page.url).path}: {text}" for text in reported)


def visit(page, violations, url):
    response = page.goto(url)
    page.wait_for_load_state("networkidle")
    collect(page, violations)
    return response


@pytest.fixture
def site(live_server, transactional_db, django_db_serialized_rollback):
    """Every public page type: an article with a thread and an embedded survey, an opinion
    exchange with an opinion, a survey (with ten responses, for the results screens), and a
    member who may comment."""
    from tests.factories import (
        ArticleIndexPageFactory,
        ArticlePageFactory,
        CommentFactory,
        HomePageFactory,
        ImageFactory,
        MemberFactory,
        OpinionFactory,
        SurveyIndexPageFactory,
        SurveyPageFactory,
        TopicIndexPageFactory,
        TopicPageFactory,
    )
    from tests.surveys.results_data import ten_respondents_survey

    home = HomePageFactory()
    index = ArticleIndexPageFactory(parent=home)
    surveys = SurveyIndexPageFactory(parent=home)
    survey = SurveyPageFactory(parent=surveys, title="窓口についてのアンケート")
    article = ArticlePageFactory(
        parent=index,
        title="最初の一歩は電子申請",
        body=[
            {"type": "paragraph", "value": "<p>行政DXの第一歩は電子申請です。</p>"},
            {"type": "survey", "value": {"survey": survey.pk, "lead": "", "display": "auto"}},
        ],
    )
    ImageFactory(title="窓口の様子", description="町役場の総合窓口")  # for the image chooser
    top = CommentFactory(page=article, body_source="夜に申請できると助かります")
    CommentFactory(parent=top, body_source="来年度から対応する予定です")
    topic = TopicPageFactory(parent=TopicIndexPageFactory(parent=home))
    opinion = OpinionFactory(page=topic, body_source="全ての支所に広げるべきです")
    return SimpleNamespace(
        article=article,
        top=top,
        topic=topic,
        opinion=opinion,
        survey=survey,
        results_survey=ten_respondents_survey(),
        member=MemberFactory(email_verified=True, display_name="商店街の田中"),
    )


def test_public_pages_run_under_the_policy_without_violations(page, site, violations):
    for url in [
        "/",
        site.article.url,
        site.topic.url,
        site.survey.url,
        "/search/?q=電子申請",
        "/accounts/login/",
        "/accounts/signup/",
        "/en/",
        "/en" + site.article.url,
    ]:
        response = visit(page, violations, url)
        assert response.status == 200, url
    response = visit(page, violations, "/no-such-page/")

    assert response.status == 404
    assert violations == []


def test_htmx_likes_and_posts_a_comment_under_the_policy(page, site, violations):
    from community.models import Comment, Like

    sign_in(page, site.member, next_url=site.article.url)
    loads = count_page_loads(page)

    like = page.locator(f"#like-comment-{site.top.pk}")
    like.click()
    expect(like).to_have_attribute("aria-pressed", "true")
    form = page.locator("#comment-form")
    form.get_by_role("textbox", name=ja("Comment")).fill("夜間の申請窓口に賛成です")
    form.get_by_role("button", name=ja("Post comment")).click()
    expect(page.locator(".comment__notice")).to_contain_text(ja("Your comment has been posted."))
    collect(page, violations)

    assert loads == [], "htmx did not swap: the page loaded again"
    assert Like.objects.filter(member=site.member).count() == 1
    assert Comment.objects.filter(author=site.member, body_source="夜間の申請窓口に賛成です")
    for url in ["/accounts/profile/", "/accounts/notifications/", site.topic.url]:
        assert visit(page, violations, url).status == 200, url
    assert violations == []


def test_staff_screens_in_the_admin_run_without_violations(page, site, violations):
    from community.models import OpinionVote, VoteChoice
    from tests.factories import MemberFactory

    for voter in MemberFactory.create_batch(3, email_verified=True):
        OpinionVote.objects.create(opinion=site.opinion, member=voter, choice=VoteChoice.AGREE)
    staff = staff_user_with_authenticator(groups=["Editors", "Moderators", "Analysts"])
    page.goto("/admin/")
    staff_signs_in(page, staff)
    assert urlsplit(page.url).path == "/admin/"
    collect(page, violations)

    for url in [
        "/admin/pages/",
        "/admin/snippets/articles/author/",
        f"/admin/survey-results/{site.results_survey.pk}/",
        "/admin/moderation/",
        f"/admin/consensus/{site.topic.pk}/",
        "/admin/topic-closing/",
        f"/admin/topics/{site.topic.pk}/close/",
    ]:
        assert visit(page, violations, url).status == 200, url

    edits_the_article(page, violations, site.article)
    assert violations == []


def edits_the_article(page, violations, article):
    """The page editor: choose from the image library for the header image, add a rich text
    block to the StreamField and type in it, and open the preview panel (the page framed by
    the admin: frame-ancestors 'self' for it alone)."""
    visit(page, violations, f"/admin/pages/{article.pk}/edit/")
    page.locator("#id_header_image-chooser [data-chooser-action-choose]").first.click()
    modal = page.locator(".modal.in")
    expect(modal.locator("h1")).to_have_text("画像を選択")  # Wagtail's own catalogue
    expect(modal.locator("img").first).to_be_visible()
    modal.locator("button.close").first.click()
    expect(modal).to_have_count(0)

    page.locator("button.c-sf-add-button").first.click()
    page.get_by_role("option", name=ja("Rich text")).first.click()
    page.locator(".DraftEditor-root [contenteditable=true]").first.click()
    page.keyboard.type("追記の段落")

    page.locator("button[data-side-panel-toggle='preview']").click()
    preview = page.frame_locator("#w-preview-iframe")
    expect(preview.locator("h1")).to_have_text(article.title)
    page.wait_for_timeout(500)  # a report from the framed page reaches the console
    collect(page, violations)
