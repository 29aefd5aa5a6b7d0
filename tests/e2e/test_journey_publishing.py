"""Journey 4: an editor on a phone (390 by 844) and on a desktop writes an article with a survey
in the Wagtail admin and submits it to the approval workflow; another editor finds it in
「あなたのレビューの待機中」 on the dashboard and approves it (承認して公開); readers then see
the article with the survey in it.

Both sign in with a password and an authenticator code. Wagtail's own buttons and messages are
matched in the Japanese of Wagtail's catalogue; ours through `ja`.
"""

from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import browser_page
from tests.e2e.journeys import assert_fits, ja, staff_signs_in, staff_user_with_authenticator

pytestmark = pytest.mark.e2e

TITLE = "窓口の待ち時間についてのアンケート"
LEAD = "窓口の待ち時間について、みなさんのご意見をお聞かせください。"


@pytest.fixture
def newsroom(live_server, transactional_db, django_db_serialized_rollback, settings):
    """An article index, an open survey, an author, and two Editors. No autosave: its
    background saves (every half second) race the editor's own on the live server's in-memory
    SQLite, which answers 「database table is locked」 (PostgreSQL does not)."""
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    from tests.factories import (
        ArticleIndexPageFactory,
        AuthorFactory,
        HomePageFactory,
        SurveyIndexPageFactory,
        SurveyPageFactory,
    )

    home = HomePageFactory()
    return SimpleNamespace(
        index=ArticleIndexPageFactory(parent=home),
        survey=SurveyPageFactory(
            parent=SurveyIndexPageFactory(parent=home), title="窓口の待ち時間アンケート"
        ),
        author=AuthorFactory(name="佐藤 花子"),
        writer=staff_user_with_authenticator(groups=["Editors"]),
        publisher=staff_user_with_authenticator(groups=["Editors"]),
    )


def choose_in_modal(page, button, name):
    """Open a chooser with `button` and pick the row named `name` in its modal."""
    button.click()
    modal = page.locator(".modal-content")
    modal.get_by_role("link", name=name).click()
    expect(modal).to_be_hidden()


def writer_submits(page, newsroom):
    """Title, lead, a survey block and an author; then 他のアクション → submit to the workflow."""
    page.goto(f"/admin/pages/add/articles/articlepage/{newsroom.index.pk}/")
    staff_signs_in(page, newsroom.writer)
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_lead").fill(LEAD)
    # The title is not copied into the slug: the server makes a short one from it on saving.
    expect(page.locator("#id_slug")).to_have_value("")
    body = page.locator("section[id$='-body-section']")
    body.locator("button.c-sf-add-button").first.click()
    page.get_by_role("option", name=ja("Survey"), exact=True).click()
    choose_in_modal(
        page, body.locator("button.chooser__choose-button").first, newsroom.survey.title
    )
    page.locator("#id_article_authors-ADD").click()  # a draft may wait for its author
    authors = page.locator("#inline_child_article_authors-0-panel-section")
    choose_in_modal(page, authors.locator("button.chooser__choose-button"), newsroom.author.name)

    page.get_by_role("button", name="他のアクション").click()
    submit = page.locator("button[name=action-submit]")
    expect(submit).to_contain_text("記事の承認に提出する")  # the workflow's Japanese name
    with page.expect_navigation():
        submit.click()
    expect(page.locator(".messages")).to_contain_text(f"'{TITLE}' が作成され、承認待ちです。")


def test_an_editor_submits_an_article_with_a_survey_and_another_publishes_it(
    page, browser, live_server, newsroom, viewport, console_errors
):
    from articles.models import ArticlePage

    writer_submits(page, newsroom)
    article = ArticlePage.objects.get(title=TITLE)
    assert not article.live
    assert article.current_workflow_state.status == "in_progress"
    assert [block.block_type for block in article.get_latest_revision_as_object().body] == [
        "survey"
    ]

    # The other editor: the dashboard lists it for review; 承認して公開 publishes it.
    reviewer = browser_page(browser, live_server.url, viewport, console_errors)
    reviewer.goto("/admin/")
    staff_signs_in(reviewer, newsroom.publisher)
    assert urlsplit(reviewer.url).path == "/admin/"
    waiting = reviewer.locator("section", has_text="あなたのレビューの待機中").last
    with reviewer.expect_navigation():
        waiting.get_by_role("link", name=TITLE).first.click()
    assert urlsplit(reviewer.url).path == f"/admin/pages/{article.pk}/edit/"
    reviewer.get_by_role("button", name="他のアクション").click()
    with reviewer.expect_navigation():
        reviewer.get_by_role("button", name="承認して公開", exact=True).click()
    expect(reviewer.locator(".messages")).to_contain_text(TITLE)
    article.refresh_from_db()
    assert article.live
    assert article.live_revision.user == newsroom.writer
    reviewer.context.close()

    # Readers: the article, the survey in it.
    page.context.clear_cookies()
    assert article.url == "/articles/madoguchi-machi-jikan-anketo/"  # 窓口の待ち時間…アンケート
    response = page.goto(article.url)
    assert response is not None and response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    embed = page.locator(".survey-embed")
    expect(embed).to_contain_text(newsroom.survey.title)
    assert_fits(page, viewport, console_errors, "the published article")
