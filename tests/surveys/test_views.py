"""The respondent's pages: steps, drafts, the confirmation, sending once, who may answer, and
surveys that cannot be answered explaining themselves."""

import re
import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.core import mail
from django.db import connection
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.utils import timezone, translation
from django.utils.translation import gettext

from surveys.models import Answer, Audience, Response, ResponseDraft
from tests.factories import MemberFactory, StaffUserFactory
from tests.surveys.respondent import (
    items,
    migrations_data_back,  # noqa: F401
    question,
    section,
    survey_create,
    when,
)

pytestmark = pytest.mark.django_db

JST = ZoneInfo("Asia/Tokyo")
CHOICES = items(("a", "ある"), ("b", "ない"))


def two_step_survey(**fields):
    return survey_create(
        question("single_choice", "q1", "電子申請を使ったことは", code="Q1", choices=CHOICES),
        question("short_text", "q2", "どの手続きで", condition=when("Q1", "ある")),
        section("s2", "ご意見"),
        question("long_text", "q3", "ご意見をどうぞ"),
        question("nps", "q4", "勧めますか", required=False),
        **fields,
    )


def html(response):
    return response.content.decode()


def token_of(response):
    return re.search(r'name="submission_token" value="([^"]+)"', html(response)).group(1)


def answer_all(client, survey, opinion="窓口の待ち時間が長いです"):
    """Steps 1 and 2, then the confirmation page (returned)."""
    client.post(survey.url + "step/1/", {"q-q1": "a", "q-q2": "転入届", "action": "next"})
    client.post(survey.url + "step/2/", {"q-q3": opinion, "q-q4": "9", "action": "next"})
    return client.get(survey.url + "confirm/")


def send(client, survey, confirm_page, **extra):
    return client.post(
        survey.url + "confirm/", {"submission_token": token_of(confirm_page), **extra}
    )


class TestSteps:
    def test_the_first_step_has_the_introduction_progress_and_accessible_fields(self, client):
        survey = two_step_survey()
        page = html(client.get(survey.url))
        assert "行政手続きのオンライン化についてお聞きします。" in page
        assert '<progress class="survey-progress__bar" max="2" value="1"' in page
        assert "<legend" in page and "電子申請を使ったことは" in page
        assert 'type="radio" name="q-q1" value="a"' in page
        assert f'action="{survey.url}step/1/"' in page

    def test_next_keeps_the_answers_in_a_server_draft_and_back_shows_them(self, client):
        survey = two_step_survey()
        response = client.post(
            survey.url + "step/1/", {"q-q1": "a", "q-q2": "転入届", "action": "next"}
        )
        assert response["Location"] == survey.url + "step/2/"
        draft = ResponseDraft.objects.get(survey=survey)
        assert draft.data == {"q-q1": "a", "q-q2": "転入届"}

        response = client.post(survey.url + "step/2/", {"q-q3": "書きかけ", "action": "back"})
        assert response["Location"] == survey.url + "#last-question"
        page = html(client.get(survey.url))
        assert re.search(r'<input type="radio" name="q-q1" value="a"[^>]* checked', page)
        assert 'value="転入届"' in page
        assert "書きかけ" in html(client.get(survey.url + "step/2/"))

    def test_a_mistake_keeps_what_was_typed_and_links_the_errors_to_their_fields(self, client):
        survey = two_step_survey()
        client.post(survey.url + "step/1/", {"q-q1": "a", "q-q2": "転入届", "action": "next"})
        url = survey.url
        with translation.override("en"):
            response = client.post("/en" + url + "step/2/", {"q-q4": "5", "action": "next"})
        page = html(response)
        assert response.status_code == 200
        assert 'class="error-summary"' in page
        assert '<a href="#id_q-q3">ご意見をどうぞ: Answer this question.</a>' in page
        assert 'aria-describedby="id_q-q3_error"' in page
        assert 'id="id_q-q3_error"' in page
        assert re.search(r'<input type="radio" name="q-q4" value="5"[^>]* checked', page)

    def test_a_question_shown_by_a_condition_appears_after_the_answer_it_depends_on(self, client):
        survey = two_step_survey()
        client.post(survey.url + "step/1/", {"q-q1": "b", "action": "next"})
        confirm = answer_all(client, survey)  # changes q1 to ある on the way
        assert "転入届" in html(confirm)

        client.post(survey.url + "step/1/", {"q-q1": "b", "q-q2": "転入届", "action": "next"})
        client.post(survey.url + "step/2/", {"q-q3": "特になし", "action": "next"})
        confirm = client.get(survey.url + "confirm/")
        assert "どの手続きで" not in html(confirm)  # hidden: neither asked nor stored
        send(client, survey, confirm)
        assert not Answer.objects.filter(question_id="q2").exists()

    def test_a_question_an_answer_shows_on_the_same_step_is_asked_without_an_error(self, client):
        survey = two_step_survey()
        response = client.post(survey.url + "step/1/", {"q-q1": "a", "action": "next"})
        assert response.status_code == 200
        page = html(response)
        assert 'name="q-q2"' in page and "error-summary" not in page

    def test_steps_of_another_number_lead_back_to_the_start(self, client):
        survey = two_step_survey()
        assert client.get(survey.url + "step/9/")["Location"] == survey.url


class TestConfirmAndSend:
    def test_the_confirmation_shows_every_answer_with_a_link_to_change_it(self, client):
        survey = two_step_survey()
        page = html(answer_all(client, survey))
        for shown in ("ある", "転入届", "窓口の待ち時間が長いです", "9"):
            assert shown in page
        assert f'href="{survey.url}step/2/"' in page and f'href="{survey.url}"' in page
        assert not Response.objects.exists()

    def test_a_rating_is_confirmed_with_its_scale(self, client):
        """「9」 alone does not say out of what: the 0–10 question reads 「9 / 10」."""
        survey = two_step_survey()
        page = html(answer_all(client, survey))
        assert '<span class="survey-review__answer">9 / 10</span>' in page

    def test_sending_stores_one_response_and_thanks(self, client):
        survey = two_step_survey()
        response = send(client, survey, answer_all(client, survey))
        assert response["Location"] == survey.url + "thanks/"
        stored = Response.objects.get()
        assert stored.member is None and stored.respondent_key and not stored.is_test
        assert list(
            stored.answers.order_by("question_id").values_list(
                "question_id", "choice_id", "value_text", "value_number"
            )
        ) == [
            ("q1", "a", "", None),
            ("q2", "", "転入届", None),
            ("q3", "", "窓口の待ち時間が長いです", None),
            ("q4", "", "", 9),
        ]
        assert not ResponseDraft.objects.exists()
        assert "ご協力ありがとうございました。" in html(client.get(response["Location"]))

    def test_a_replayed_post_creates_nothing_new(self, client):
        survey = two_step_survey()
        confirm = answer_all(client, survey)
        first = send(client, survey, confirm)
        again = send(client, survey, confirm)
        assert first["Location"] == again["Location"] == survey.url + "thanks/"
        assert Response.objects.count() == 1

    def test_a_replay_whose_session_missed_the_first_thanks_too(self, client):
        """Two requests of one session each save their copy of it: the replay's copy may lack
        the first's mark. The replay still shows ご協力ありがとうございました, never
        すでに回答いただいています."""
        survey = two_step_survey()
        confirm = answer_all(client, survey)
        send(client, survey, confirm)
        session = client.session
        session.pop(f"surveys:sent:{survey.pk}:live")
        session.save()

        again = send(client, survey, confirm)
        page = html(client.get(again["Location"], follow=True))

        assert "ご協力ありがとうございました。" in page
        assert "すでに回答いただいています" not in page

    def test_two_confirmation_pages_of_one_draft_send_one_response(self, client):
        survey = two_step_survey(one_response=False)  # nothing else would stop a second one
        first_tab = answer_all(client, survey)
        second_tab = client.get(survey.url + "confirm/")  # a reload or another tab

        send(client, survey, second_tab)
        send(client, survey, first_tab)

        assert token_of(first_tab) == token_of(second_tab)
        assert Response.objects.count() == 1

    def test_a_double_click_queues_one_receipt(self, client, django_capture_on_commit_callbacks):
        survey, member = two_step_survey(email_receipt=True), MemberFactory()
        client.force_login(member)
        confirm = answer_all(client, survey)

        with django_capture_on_commit_callbacks(execute=True):
            send(client, survey, confirm, email_receipt="on")
            send(client, survey, confirm, email_receipt="on")

        assert len(mail.outbox) == 1

    def test_an_incomplete_draft_is_sent_back_to_the_step_to_fix(self, client):
        survey = two_step_survey()
        client.post(survey.url + "step/1/", {"q-q1": "b", "action": "next"})
        response = client.get(survey.url + "confirm/")
        assert response["Location"] == survey.url + "step/2/?check=1"
        page = html(client.get(response["Location"]))
        assert 'class="error-summary"' in page and 'href="#id_q-q3"' in page

    def test_posts_without_the_csrf_token_are_refused(self):
        survey = two_step_survey()
        client = Client(enforce_csrf_checks=True)
        assert client.post(survey.url + "step/1/", {"q-q1": "a"}).status_code == 403

    def test_members_who_ask_get_an_email_receipt(self, client, django_capture_on_commit_callbacks):
        survey, member = two_step_survey(email_receipt=True), MemberFactory()
        client.force_login(member)
        confirm = answer_all(client, survey)
        assert 'name="email_receipt"' in html(confirm)
        with django_capture_on_commit_callbacks(execute=True):
            send(client, survey, confirm, email_receipt="on")
        assert mail.outbox[0].to == [member.email]
        assert "窓口の待ち時間が長いです" in mail.outbox[0].body


class TestWhoMayAnswer:
    def test_a_member_answers_once(self, client):
        survey, member = two_step_survey(), MemberFactory()
        client.force_login(member)
        send(client, survey, answer_all(client, survey))
        assert Response.objects.get().member == member
        with translation.override("ja"):
            assert gettext("You have already answered this survey.") in html(client.get(survey.url))

    def test_a_browser_answers_once(self, client):
        survey = two_step_survey()
        send(client, survey, answer_all(client, survey))
        page = html(client.get(survey.url))
        with translation.override("ja"):
            assert gettext("You have already answered this survey.") in page
        assert 'name="q-q1"' not in page

    def test_members_only_surveys_ask_visitors_to_sign_in(self, client):
        survey = two_step_survey(audience=Audience.MEMBERS)
        page = html(client.get(survey.url))
        with translation.override("ja"):
            assert (
                gettext("This survey is for signed-in members. Please sign in to answer it.")
                in page
            )
        assert f'href="/accounts/login/?next={survey.url}"' in page
        assert 'name="q-q1"' not in page
        assert client.post(survey.url + "step/1/", {"q-q1": "a"}).status_code == 200
        assert not ResponseDraft.objects.exists()

        client.force_login(MemberFactory())
        send(client, survey, answer_all(client, survey))
        assert Response.objects.get().member is not None

    def test_the_receipt_is_offered_only_to_members_when_the_survey_offers_it(self, client):
        offered, not_offered = two_step_survey(email_receipt=True), two_step_survey()
        assert 'name="email_receipt"' not in html(answer_all(client, offered))
        client.force_login(MemberFactory())
        assert 'name="email_receipt"' not in html(answer_all(client, not_offered))

    def test_anonymous_surveys_keep_the_member_out_of_the_response(self, client):
        survey, member = two_step_survey(anonymous=True), MemberFactory()
        client.force_login(member)
        confirm = answer_all(client, survey)
        assert ResponseDraft.objects.get().member is None  # nor the draft on the way
        send(client, survey, confirm)
        response = Response.objects.get()
        assert response.member is None and response.started_at is None


class TestSurveysThatCannotBeAnswered:
    def test_not_yet_open(self, client):
        opens = datetime(2099, 4, 1, 9, 30, tzinfo=JST)
        survey = two_step_survey(opens_at=opens)
        url = survey.url
        with translation.override("en"):
            page = html(client.get("/en" + url))
        assert (
            "This survey has not opened yet. It opens on April 1, 2099, 9:30 a.m. (Japan time)."
            in page
        )
        assert 'name="q-q1"' not in page
        with translation.override("ja"):
            expected = gettext(
                "This survey has not opened yet. It opens on %(date)s (Japan time)."
            ) % {"date": "2099年4月1日 09:30"}
        assert expected in html(client.get(survey.url))

    def test_closed(self, client):
        closes = datetime(2026, 1, 15, 17, 0, tzinfo=JST)
        survey = two_step_survey(closes_at=closes)
        with translation.override("ja"):
            expected = gettext(
                "This survey closed on %(date)s (Japan time). Thank you for your interest."
            ) % {"date": "2026年1月15日 17:00"}
        page = html(client.get(survey.url))
        assert expected in page and 'name="q-q1"' not in page
        assert client.post(survey.url + "step/1/", {"q-q1": "a"}).status_code == 200
        assert not ResponseDraft.objects.exists()

    def test_closing_between_the_confirmation_and_sending_refuses_clearly(self, client):
        survey = two_step_survey()
        confirm = answer_all(client, survey)
        survey.closes_at = timezone.now() - timedelta(seconds=1)
        survey.save_revision().publish()
        assert send(client, survey, confirm).status_code == 200
        assert not Response.objects.exists()

    def test_unpublished(self, client):
        survey = two_step_survey()
        url = survey.url
        survey.unpublish()
        response = client.get(url)
        assert response.status_code == 404
        with translation.override("ja"):
            assert gettext("This survey is not published.") in html(response)
        assert survey.title not in html(response)


class TestHostileInput:
    def test_text_is_stored_as_typed_and_shown_inert(self, client):
        survey = two_step_survey()
        hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
        page = html(answer_all(client, survey, opinion=hostile))
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
        send(client, survey, client.get(survey.url + "confirm/"))
        assert Answer.objects.get(question_id="q3").value_text == hostile

    def test_oversized_text_and_unknown_choices_are_refused_clearly(self, client):
        survey = two_step_survey()
        url = survey.url
        with translation.override("en"):
            page = html(client.post("/en" + url + "step/1/", {"q-q1": "zzz", "action": "next"}))
            assert "Choose one of the options listed." in page
            client.post("/en" + url + "step/1/", {"q-q1": "b", "action": "next"})
            page = html(
                client.post("/en" + url + "step/2/", {"q-q3": "あ" * 6000, "action": "next"})
            )
            assert "Please keep this to 5000 characters (it is 6000 now)." in page
        assert len(ResponseDraft.objects.get().data["q-q3"]) == 6000  # kept to fix, never sent

    def test_odd_characters_are_removed_or_replaced_never_a_server_error(self, client):
        survey = two_step_survey()
        client.post(survey.url + "step/1/", {"q-q1": "b", "action": "next"})
        response = client.post(survey.url + "step/2/", {"q-q3": "a\x00b", "action": "next"})
        assert response.status_code == 302  # NUL is removed as from all typed text
        assert ResponseDraft.objects.get().data["q-q3"] == "a\ufffdb"
        response = client.post(
            survey.url + "step/2/",
            "q-q3=%ED%A0%80%E7%AA%93%E5%8F%A3&action=next",
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code == 302
        assert ResponseDraft.objects.get().data["q-q3"].endswith("窓口")

    def test_forged_question_keys_are_never_kept(self, client):
        survey = two_step_survey()
        client.post(
            survey.url + "step/1/", {"q-q1": "b", "q-forged": "x", "evil": "y", "action": "next"}
        )
        assert ResponseDraft.objects.get().data == {"q-q1": "b"}

    def test_a_return_address_elsewhere_is_ignored(self, client):
        survey = two_step_survey()
        client.get(survey.url + "?return_to=https://evil.example/")
        send(client, survey, answer_all(client, survey))
        assert "evil.example" not in html(client.get(survey.url + "thanks/"))


class TestPreviewAndTests:
    def test_staff_answer_from_the_preview_as_a_test_never_counted(self, client):
        survey = two_step_survey(closes_at=timezone.now() - timedelta(days=1))
        client.force_login(StaffUserFactory(is_superuser=True))
        base = f"/survey-tests/{survey.pk}/"
        page = html(client.get(base))
        assert 'name="q-q1"' in page and f'action="{base}step/1/"' in page
        client.post(base + "step/1/", {"q-q1": "b", "action": "next"})
        client.post(base + "step/2/", {"q-q3": "テスト", "action": "next"})
        confirm = client.get(base + "confirm/")
        assert (
            client.post(base + "confirm/", {"submission_token": token_of(confirm)})["Location"]
            == base + "thanks/"
        )
        assert Response.objects.get().is_test
        assert not Response.objects.real().exists()

    def test_the_test_pages_are_for_staff_who_may_edit_the_survey(self, client):
        survey = two_step_survey()
        client.force_login(MemberFactory())
        assert client.get(f"/survey-tests/{survey.pk}/").status_code == 403

    def test_serve_preview_shows_the_form_posting_to_the_test_pages(self):
        survey = two_step_survey()
        request = RequestFactory().get("/")
        request.user = StaffUserFactory(is_superuser=True)
        request.session = {}
        page = survey.serve_preview(request, "").render().content.decode()
        assert f'action="/survey-tests/{survey.pk}/step/1/"' in page
        assert "保存していない変更を試すには、先に下書きとして保存してください。" in page


class TestEmbedding:
    def test_the_survey_form_tag_renders_the_first_step_and_returns_to_the_article(self, client):
        survey = two_step_survey()
        request = RequestFactory().get("/articles/a/")
        request.user = MemberFactory()
        request.session = SessionStore()
        rendered = Template(
            "{% load survey_tags %}{% survey_form survey return_to='/articles/a/' %}"
        ).render(Context({"request": request, "survey": survey}))
        assert f'action="{survey.url}step/1/"' in rendered
        assert 'name="return_to" value="/articles/a/"' in rendered
        assert not request.session.modified  # readers of the article get no session for it
        client.post(
            survey.url + "step/1/",
            {"q-q1": "b", "return_to": "/articles/a/", "action": "next"},
        )
        client.post(survey.url + "step/2/", {"q-q3": "良い記事", "action": "next"})
        send(client, survey, client.get(survey.url + "confirm/"))
        assert 'href="/articles/a/"' in html(client.get(survey.url + "thanks/"))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_requests_from_one_member_store_one_response_and_refuse_the_rest():
    """Several tabs of one member send at once (PostgreSQL: truly concurrent; on SQLite's
    in-memory test database writers cannot wait for each other, so this runs where the
    database can — the service test covers SQLite)."""
    if connection.vendor == "sqlite":
        pytest.skip("needs a database whose writers wait for locks (CI runs it on PostgreSQL)")

    survey, member = two_step_survey(), MemberFactory()
    tabs = []
    for _tab in range(6):
        client = Client()
        client.force_login(member)
        tabs.append((client, token_of(answer_all(client, survey))))
    barrier, statuses = threading.Barrier(len(tabs)), []

    def send_tab(client, token):
        try:
            barrier.wait()
            response = client.post(survey.url + "confirm/", {"submission_token": token})
            statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=send_tab, args=tab) for tab in tabs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200] * (len(tabs) - 1) + [302]
    assert Response.objects.filter(survey=survey).count() == 1


def test_the_thank_you_page_is_only_for_who_has_just_answered(client):
    survey = two_step_survey()

    stranger = client.get(survey.url + "thanks/")
    send(client, survey, answer_all(client, survey))
    respondent = client.get(survey.url + "thanks/")

    assert stranger.status_code == 302 and stranger["Location"] == survey.url
    assert respondent.status_code == 200


class TestThankYouNextSteps:
    """The thank-you page is not a dead end: when the results will appear, and the opinion
    exchange (意見交換) about the article the survey sits in."""

    @pytest.mark.reference_index  # the article the survey sits in (surveys.selectors.next_steps)
    def test_it_invites_to_the_opinion_exchange_about_the_embedding_article(self, client):
        from community.models import TopicPageRelatedArticle
        from tests.factories import (
            ArticleIndexPageFactory,
            ArticlePageFactory,
            TopicIndexPageFactory,
            TopicPageFactory,
        )

        survey = two_step_survey()
        home = survey.get_parent().get_parent()
        block = {"survey": survey.pk, "lead": "", "display": "card"}
        article = ArticlePageFactory(
            parent=ArticleIndexPageFactory(parent=home), body=[{"type": "survey", "value": block}]
        )
        topics = TopicIndexPageFactory(parent=home)
        topic = TopicPageFactory(parent=topics, question="書かない窓口を広げるべきでしょうか。")
        TopicPageRelatedArticle.objects.create(topic=topic, article=article)
        TopicPageFactory(parent=topics, question="関係のないテーマです。")

        send(client, survey, answer_all(client, survey))
        page = html(client.get(survey.url + "thanks/"))

        assert "このテーマの意見交換" in page
        assert "書かない窓口を広げるべきでしょうか。" in page and topic.url in page
        assert "関係のないテーマです。" not in page

    def test_results_after_closing_say_when(self, client):
        closes = datetime(2031, 3, 31, 17, 0, tzinfo=JST)
        survey = two_step_survey(results_visibility="after_closing", closes_at=closes)

        send(client, survey, answer_all(client, survey))
        page = html(client.get(survey.url + "thanks/"))

        assert re.search(
            r"集計結果は回答の締め切り（2031年3月31日\s*17:00、日本時間）後に公開されます。", page
        )

    def test_no_word_of_results_that_are_never_published(self, client):
        survey = two_step_survey(results_visibility="never")

        send(client, survey, answer_all(client, survey))

        assert "集計結果は" not in html(client.get(survey.url + "thanks/"))
        assert "このテーマの意見交換" not in html(client.get(survey.url + "thanks/"))
