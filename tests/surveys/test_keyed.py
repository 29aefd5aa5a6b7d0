"""Responses keyed in by staff from paper, a counter, post or e-mail, or an event
(services.response_key_in): stored like the site's, each sheet once (also when two staff key
it in at once), counted once; and the screen they are keyed in on."""

import random
import threading
import time
import uuid
from unittest import mock

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection
from django.urls import reverse
from django.utils import timezone, translation

from surveys.models import Answer, Audience, Response
from surveys.selectors.filters import ResultsFilter
from surveys.selectors.results import survey_results
from surveys.services import SheetAlreadyEntered, response_key_in, response_submit
from surveys.tallies.recount import tallies_difference
from tests.factories import MemberFactory, StaffUserFactory, log_in_as
from tests.surveys.respondent import (
    items,
    migrations_data_back,  # noqa: F401
    question,
    survey_create,
    when,
)
from tests.surveys.results_data import choice

CHOICES = items(("a", "ある"), ("b", "ない"))


def sheet_survey(**fields):
    return survey_create(
        question("single_choice", "q1", "使ったことは", choices=CHOICES, code="used"),
        question("long_text", "q2", "使ってみた感想", condition=when("used", "ある")),
        question("short_text", "q3", "お住まいの地区", required=False),
        **fields,
    )


def key_in(survey, staff, reference="", channel="paper", **answers):
    answers = answers or {"q1": choice("a"), "q2": "紙の方が書きやすい"}
    return response_key_in(
        survey=survey, answers=answers, channel=channel, reference=reference, staff=staff
    )


def answer_rows(response):
    fields = ("question_id", "question_type", "question_label", "choice_id", "choice_label")
    return list(
        Answer.objects.filter(response=response).order_by("question_id").values_list(*fields)
    )


@pytest.mark.django_db
class TestResponseKeyIn:
    def test_a_keyed_sheet_is_a_real_response_with_the_same_answer_rows_as_the_sites(self):
        survey, staff = sheet_survey(), StaffUserFactory(groups=["Responders"])
        answers = {"q1": choice("a"), "q2": "紙の方が書きやすい"}
        web, _created = response_submit(
            survey=survey,
            respondent=AnonymousUser(),
            answers=answers,
            submission_token=uuid.uuid4(),
        )

        keyed = key_in(survey, staff, reference=" ＡＢ-１２ ", **answers)

        assert (keyed.channel, keyed.reference, keyed.entered_by) == ("paper", "AB-12", staff)
        assert keyed.member is None and not keyed.is_test and keyed.respondent_key == ""
        assert answer_rows(keyed) == answer_rows(web)
        assert web.channel == "web" and web.reference == ""

    def test_the_same_sheet_number_is_refused_with_a_message_naming_it(self):
        survey, staff = sheet_survey(), StaffUserFactory()
        key_in(survey, staff, reference="AB-12")

        with translation.override("ja"), pytest.raises(SheetAlreadyEntered) as refused:
            key_in(survey, staff, reference="ＡＢ－１２", channel="counter")

        assert refused.value.messages == ["整理番号 AB-12 の用紙は入力済みです。"]
        assert Response.objects.filter(survey=survey).count() == 1

    def test_the_same_number_on_another_surveys_sheet_is_another_sheet(self):
        staff = StaffUserFactory()
        key_in(sheet_survey(), staff, reference="1")
        key_in(sheet_survey(), staff, reference="1")

        assert Response.objects.filter(reference="1").count() == 2

    def test_sheets_without_a_number_are_never_taken_for_one_another(self):
        survey, staff = sheet_survey(one_response=True), StaffUserFactory()
        key_in(survey, staff)
        key_in(survey, staff)

        assert Response.objects.real().filter(survey=survey).count() == 2

    def test_a_sheet_stored_since_the_check_is_refused_by_the_database(self):
        """What happens to the second of two staff keying in one sheet at once, step by step:
        the check before the insert saw nothing, the constraint refuses the insert."""
        survey, staff = sheet_survey(), StaffUserFactory()
        key_in(survey, staff, reference="AB-12")
        checks = iter([False, True])

        with (
            mock.patch("surveys.services.sheet_entered", lambda **kwargs: next(checks)),
            translation.override("ja"),
            pytest.raises(SheetAlreadyEntered) as refused,
        ):
            key_in(survey, staff, reference="AB-12")

        assert refused.value.messages == ["整理番号 AB-12 の用紙は入力済みです。"]
        assert Response.objects.filter(survey=survey).count() == 1

    def test_closed_and_members_only_surveys_still_take_late_sheets(self):
        closed = sheet_survey(closes_at=timezone.now(), audience=Audience.MEMBERS)

        assert key_in(closed, StaffUserFactory(), reference="7").pk

    def test_the_sites_own_channel_and_other_surveys_questions_are_refused(self):
        survey, staff = sheet_survey(), StaffUserFactory()

        with pytest.raises(ValidationError):
            key_in(survey, staff, channel="web")
        with pytest.raises(ValidationError):
            key_in(survey, staff, q1=choice("a"), elsewhere="x")
        assert not Response.objects.exists()

    def test_keyed_sheets_count_exactly_once_in_the_results(self):
        survey, staff = sheet_survey(), StaffUserFactory()
        for _ in range(5):
            response_submit(
                survey=survey,
                respondent=AnonymousUser(),
                answers={"q1": choice("b")},
                submission_token=uuid.uuid4(),
            )
        for number in range(3):
            key_in(survey, staff, reference=f"P-{number}")

        results = survey_results(survey=survey, results_filter=ResultsFilter())

        assert results.total == results.respondents == 8
        used = next(r for r in results.questions if r.question.id == "q1")
        assert {o.key: o.count for o in used.options} == {"a": 3, "b": 5}
        assert tallies_difference(survey_id=survey.pk) == {}  # tallies agree with a recount


def _key_in_waiting_for_locks(survey, staff):
    """Returns "created" or "refused" (SQLite's in-memory test database answers a writer that
    meets another's lock at once instead of waiting: wait here, as test_services does)."""
    for _attempt in range(200):
        try:
            key_in(survey, staff, reference="AB-12")
            return "created"
        except SheetAlreadyEntered as refused:
            with translation.override("ja"):
                return refused.messages[0]
        except OperationalError as error:
            if connection.vendor != "sqlite" or "locked" not in str(error):
                raise
            time.sleep(random.uniform(0.005, 0.02))
    return "gave up"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_staff_keying_in_the_same_sheet_at_once_store_it_once():
    survey, staff = sheet_survey(), StaffUserFactory()
    threads_count = 4
    barrier = threading.Barrier(threads_count)
    outcomes = []

    def enter():
        try:
            barrier.wait()
            outcomes.append(_key_in_waiting_for_locks(survey, staff))
        finally:
            connection.close()

    threads = [threading.Thread(target=enter) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    refused = "整理番号 AB-12 の用紙は入力済みです。"
    assert sorted(outcomes) == ["created"] + [refused] * (threads_count - 1)
    assert Response.objects.filter(survey=survey).count() == 1
    assert tallies_difference(survey_id=survey.pk) == {}


# --- The screen -------------------------------------------------------------------------------


def _screen_urls(survey):
    return [reverse("survey_results:key_in", args=[survey.pk]), reverse("survey_key_in:index")]


@pytest.mark.django_db
class TestKeyInScreen:
    @pytest.mark.parametrize("role", ["anonymous", "member", "Editors", "Moderators"])
    def test_nobody_but_analysts_and_responders_reaches_it(self, client, role):
        survey = sheet_survey()
        log_in_as(client, role)

        for url in _screen_urls(survey):
            response = client.get(url)
            if role in ("anonymous", "member"):  # Wagtail sends them to sign in
                assert response.status_code == 302, url
                assert response["Location"].startswith(reverse("account_login")), url
            else:
                assert response.status_code == 403, url
            assert client.post(url, {"q-q1": "a"}).status_code in (302, 403, 405), url
        assert not Response.objects.exists()

    @pytest.mark.parametrize("role", ["Analysts", "Responders", "superuser"])
    def test_analysts_and_responders_key_in(self, client, role):
        survey = sheet_survey()
        log_in_as(client, role)

        for url in _screen_urls(survey):
            assert client.get(url).status_code == 200, url

    def test_the_form_asks_every_question_with_the_sheet_number_first(self, client):
        survey = sheet_survey(closes_at=timezone.now())
        log_in_as(client, "Responders")

        html = client.get(reverse("survey_results:key_in", args=[survey.pk])).content.decode()

        assert "使ったことは" in html and "使ってみた感想" in html and "お住まいの地区" in html
        assert html.index('name="reference"') < html.index('name="q-q1"')
        assert 'name="reference"' in html.split("autofocus")[0].rsplit("<input", 1)[1]
        assert '<option value="paper" selected>紙</option>' in html
        assert '<option value="web"' not in html
        assert "受付を終了" in html  # late sheets are still taken
        assert "整理番号" in html and "回答方法" in html

    def test_a_sheet_is_saved_and_an_empty_form_comes_back_with_the_count(self, client):
        survey = sheet_survey()
        log_in_as(client, "Responders")
        url = reverse("survey_results:key_in", args=[survey.pk])
        sheet = {"reference": "ＡＢ-１２", "channel": "post", "q-q1": "a", "q-q2": "字が大きい"}

        first = client.post(url, sheet, follow=True)
        second = client.post(url, {**sheet, "reference": "AB-13"}, follow=True)

        assert first.redirect_chain == [(url, 302)]
        html = first.content.decode()
        assert "1枚入力しました（整理番号 AB-12）。この画面で入力した用紙：1枚" in html
        assert "字が大きい" not in html  # the form is empty for the next sheet
        assert '<option value="post" selected>' in html  # the channel stays
        assert "この画面で入力した用紙：2枚" in second.content.decode()
        stored = Response.objects.get(reference="AB-12")
        assert (stored.channel, stored.entered_by.groups.get().name) == ("post", "Responders")
        assert Answer.objects.get(response=stored, question_id="q2").value_text == "字が大きい"

    def test_a_refused_sheet_keeps_what_was_typed(self, client):
        survey = sheet_survey()
        key_in(survey, StaffUserFactory(), reference="AB-12")
        log_in_as(client, "Analysts")
        url = reverse("survey_results:key_in", args=[survey.pk])
        sheet = {"reference": "AB-12", "channel": "event", "q-q1": "a", "q-q2": "字が大きい"}

        response = client.post(url, {**sheet, "q-q3": "北町"})

        html = response.content.decode()
        assert response.status_code == 200
        assert "整理番号 AB-12 の用紙は入力済みです。" in html
        assert "字が大きい</textarea>" in html and 'value="北町"' in html
        assert '<option value="event" selected>' in html
        assert Response.objects.count() == 1

    def test_a_sheet_number_entered_already_is_said_at_once_whatever_else_is_wrong(self, client):
        survey = sheet_survey()
        key_in(survey, StaffUserFactory(), reference="AB-12")
        log_in_as(client, "Responders")
        url = reverse("survey_results:key_in", args=[survey.pk])

        html = client.post(url, {"reference": "ＡＢ-１２", "channel": "paper"}).content.decode()

        assert html.count("整理番号 AB-12 の用紙は入力済みです。") == 2  # summary and field
        assert "autofocus" in html.split('name="reference"')[1][:120]

    def test_a_missing_answer_is_shown_beside_its_question_and_nothing_is_lost(self, client):
        survey = sheet_survey()
        log_in_as(client, "Responders")
        url = reverse("survey_results:key_in", args=[survey.pk])

        html = client.post(url, {"reference": "9", "channel": "paper", "q-q3": "南町"})
        html = html.content.decode()

        assert "この質問に回答してください。" in html
        assert 'value="9"' in html and 'value="南町"' in html
        assert "autofocus" in html.split('name="q-q1"')[1][:80]  # the first field in error
        assert not Response.objects.exists()

    def test_a_question_the_sheets_answers_hide_is_neither_required_nor_kept(self, client):
        survey = sheet_survey()
        log_in_as(client, "Responders")
        url = reverse("survey_results:key_in", args=[survey.pk])

        client.post(url, {"channel": "paper", "q-q1": "b", "q-q2": "書かなくてよい欄"})

        response = Response.objects.get()
        assert list(response.answers.values_list("question_id", flat=True)) == ["q1"]

    def test_survey_menus_and_results_lead_to_it(self, client):
        survey = sheet_survey()
        log_in_as(client, "superuser")
        url = reverse("survey_results:key_in", args=[survey.pk])

        edit = client.get(reverse("wagtailadmin_pages:edit", args=[survey.pk])).content.decode()
        results = client.get(reverse("survey_results:results", args=[survey.pk])).content.decode()

        assert url in edit and "回答を入力" in edit
        assert url in results
        assert MemberFactory  # members never see these menus (the permission tests above)
