"""Journey (issue 21): a Responder (回答担当) groups a topic's opinions on the grouping board and
answers a group; an editor submits the outcome page; the editor cannot approve their own
submission, the Responder does (承認して公開); a member whose opinion was answered follows the
notification to their row, marked 「あなたの意見」. On a phone and a desktop.
"""

import re
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import browser_page
from tests.e2e.journeys import (
    assert_fits,
    ja,
    sign_in,
    staff_signs_in,
    staff_user_with_authenticator,
)

pytestmark = pytest.mark.e2e

TEXTS = [
    "公民館で開いてほしいです。本庁まで行けません。",
    "歩いて行ける公民館での開催をお願いします。",
    "土曜日にも開いてほしいです。",
]
SUMMARY = "公民館など、身近な場所で開いてほしい。"
VIEW = "来年度は市内6か所の公民館を会場に加えます。"


@pytest.fixture
def consultation(live_server, transactional_db, django_db_serialized_rollback, settings):
    """An ended topic with three members' opinions, its outcome page (a draft), an editor and a
    Responder. No autosave, as in the publishing journey."""
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    from tests.factories import (
        ConsultationIndexPageFactory,
        ConsultationPageFactory,
        HomePageFactory,
        MemberFactory,
        OpinionFactory,
        TopicIndexPageFactory,
        TopicPageFactory,
    )

    home = HomePageFactory()
    topic = TopicPageFactory(parent=TopicIndexPageFactory(parent=home), title="出張窓口の会場")
    members = [MemberFactory(email_verified=True) for _text in TEXTS]
    for member, text in zip(members, TEXTS, strict=True):
        OpinionFactory(page=topic, author=member, body_source=text)
    outcome = ConsultationPageFactory(
        parent=ConsultationIndexPageFactory(parent=home),
        source=topic,
        title="出張窓口へのご意見と市の考え方",
        slug="desk-outcome",
    )
    outcome.save_revision()
    return SimpleNamespace(
        topic=topic,
        outcome=outcome,
        members=members,
        editor=staff_user_with_authenticator(groups=["Editors"]),
        responder=staff_user_with_authenticator(groups=["Responders"]),
    )


def responder_groups_and_answers(page, consultation):
    page.goto(f"/admin/consultations/{consultation.outcome.pk}/")
    staff_signs_in(page, consultation.responder)
    expect(page.get_by_role("heading", level=2, name="未分類の意見（3件）")).to_be_visible()
    for text in TEXTS[:2]:
        page.get_by_label(text).check()
    page.get_by_label(ja("Summary of the opinions")).fill(SUMMARY)
    with page.expect_navigation():
        page.get_by_role("button", name=ja("Make a group of the ticked opinions")).click()
    expect(page.locator(".messages")).to_contain_text(f"グループ「{SUMMARY}」を作りました。")
    expect(page.get_by_role("heading", level=3)).to_have_text(f"No.1 {SUMMARY}（2件）")

    with page.expect_navigation():
        page.get_by_role("link", name="「市の考え方」を書く").click()
    editor = page.locator(".Draftail-Editor [contenteditable=true]")
    editor.click()
    page.keyboard.type(VIEW)
    # Draftail writes its hidden input a moment after the typing.
    expect(page.locator("input[name=group-view]")).to_have_value(re.compile(VIEW))
    page.get_by_label(ja("disposition"), exact=True).select_option(label="案を修正します")
    page.get_by_label(ja("Quote this opinion")).first.check()
    page.get_by_label(ja("Text as quoted")).first.fill("○○公民館で開いてほしいです。")
    with page.expect_navigation():
        page.get_by_role("button", name=ja("Save", context="button"), exact=True).click()
    expect(page.locator(".messages")).to_contain_text("No.1のグループを保存しました。")


def editor_submits(page, consultation):
    page.goto(f"/admin/pages/{consultation.outcome.pk}/edit/")
    staff_signs_in(page, consultation.editor)
    expect(page.get_by_text("グループは0件でした")).to_be_visible()  # saved before the board
    page.get_by_role("button", name="他のアクション").click()
    submit = page.locator("button[name=action-submit]")
    expect(submit).to_contain_text("意見への回答の公開に提出する")
    with page.expect_navigation():
        submit.click()
    expect(page.locator(".messages")).to_contain_text(
        f"ページ「{consultation.outcome.title}」の承認を依頼しました。"
    )


def test_staff_group_answer_submit_and_a_second_person_publishes_the_outcome(
    page, browser, live_server, consultation, viewport, console_errors
):
    from consultations.models import ConsultationPage

    responder_groups_and_answers(page, consultation)
    assert_fits(page, viewport, console_errors, "the grouping board")

    submitter = browser_page(browser, live_server.url, viewport, console_errors)
    editor_submits(submitter, consultation)
    submitter.goto("/admin/")
    expect(submitter.get_by_text("あなたのレビューの待機中")).to_have_count(0)  # not their own
    submitter.context.close()

    # The Responder, still signed in (an authenticator code is good once).
    reviewer = page
    reviewer.goto("/admin/")
    # 「操作」 → 承認, from the dashboard.
    waiting = reviewer.locator("section", has_text="あなたのレビューの待機中").last
    expect(waiting).to_contain_text(consultation.outcome.title)
    waiting.get_by_role("button", name="操作").click()
    with reviewer.expect_navigation():
        waiting.get_by_role("button", name="承認", exact=True).click()
    outcome = ConsultationPage.objects.get(pk=consultation.outcome.pk)
    assert outcome.live

    # The member whose opinion was answered follows the notification to their row.
    reader = page
    reader.context.clear_cookies()
    sign_in(reader, consultation.members[0], next_url="/accounts/notifications/")
    notice = reader.get_by_text(f"あなたの意見への回答が公開されました：「{outcome.title}」")
    with reader.expect_navigation():
        notice.click()
    group = outcome.opinion_groups.get()
    assert urlsplit(reader.url).path == outcome.url
    assert urlsplit(reader.url).fragment == f"outcome-{group.pk}"
    row = reader.locator(f"#outcome-{group.pk}")
    expect(row).to_contain_text("あなたの意見")
    expect(row).to_contain_text(SUMMARY)
    expect(row).to_contain_text(VIEW)
    expect(row).to_contain_text("案を修正します")
    expect(row).to_contain_text("2件")
    row.get_by_text("寄せられた意見").click()
    expect(row).to_contain_text("○○公民館で開いてほしいです。")
    expect(reader.locator("main")).not_to_contain_text(TEXTS[0])  # quoted only as masked
    assert_fits(reader, viewport, console_errors, "the outcome page")
