"""response_submit: one transaction, idempotent by submission token, one response per member
or browser (by the database, also under concurrency), anonymous surveys, tests excluded."""

import io
import random
import threading
import time
import uuid
from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import OperationalError, connection
from django.utils import timezone, translation

from surveys import services
from surveys.forms import survey_plan
from surveys.models import Answer, Audience, Response, ResponseDraft
from surveys.selectors.respondents import respondent_key
from surveys.services import AlreadyAnswered, draft_save, receipt_enqueue, response_submit
from tests.factories import MemberFactory
from tests.surveys.respondent import (
    items,
    migrations_data_back,  # noqa: F401
    question,
    survey_create,
)

CHOICES = items(("a", "ある"), ("b", "ない"))


def one_question_survey(**fields):
    return survey_create(
        question("single_choice", "q1", "使ったことは", choices=CHOICES),
        question("long_text", "q2", "ご意見", required=False),
        **fields,
    )


def submit(survey, respondent, answers=None, **kwargs):
    kwargs.setdefault("submission_token", uuid.uuid4())
    response, _created = response_submit(
        survey=survey,
        respondent=respondent,
        answers={"q1": {"choices": ["a"], "other": ""}} if answers is None else answers,
        **kwargs,
    )
    return response


@pytest.mark.django_db
class TestResponseSubmit:
    def test_one_response_with_its_answer_rows(self):
        survey, member = one_question_survey(), MemberFactory()
        response = submit(
            survey,
            member,
            answers={"q1": {"choices": ["b"], "other": ""}, "q2": "<script>alert(1)</script>"},
        )
        assert response.member == member and not response.is_test
        assert response.respondent_key == respondent_key(survey=survey, member=member)
        assert list(
            Answer.objects.order_by("question_id").values_list(
                "response",
                "survey",
                "question_id",
                "question_type",
                "choice_id",
                "choice_label",
                "value_text",
            )
        ) == [
            (response.pk, survey.pk, "q1", "single_choice", "b", "ない", ""),
            (response.pk, survey.pk, "q2", "long_text", "", "", "<script>alert(1)</script>"),
        ]

    def test_a_replayed_submission_creates_nothing_and_returns_the_same_response(self):
        survey, member, token = one_question_survey(), MemberFactory(), uuid.uuid4()
        first = submit(survey, member, submission_token=token)
        again = submit(survey, member, submission_token=token)
        assert again.pk == first.pk
        assert Response.objects.count() == 1 and Answer.objects.count() == 1

    def test_the_draft_goes_with_the_stored_response(self):
        survey, member = one_question_survey(), MemberFactory()
        draft = draft_save(survey=survey, draft=None, member=member, data={"q1": "a"}, step=1)

        submit(survey, member, submission_token=draft.token, draft=draft)

        assert not ResponseDraft.objects.exists()

    def test_a_failure_while_storing_keeps_the_draft_and_stores_nothing(self, monkeypatch):
        survey, member = one_question_survey(), MemberFactory()
        draft = draft_save(survey=survey, draft=None, member=member, data={"q1": "a"}, step=1)
        monkeypatch.setattr(
            ResponseDraft, "delete", mock.Mock(side_effect=OperationalError("server gone"))
        )

        with pytest.raises(OperationalError):
            submit(survey, member, submission_token=draft.token, draft=draft)

        assert not Response.objects.exists()
        assert not Answer.objects.exists()

    def test_a_replay_removes_a_draft_left_behind(self):
        survey, member = one_question_survey(), MemberFactory()
        draft = draft_save(survey=survey, draft=None, member=member, data={"q1": "a"}, step=1)
        first = submit(survey, member, submission_token=draft.token)

        again = submit(survey, member, submission_token=draft.token, draft=draft)

        assert again == first
        assert not ResponseDraft.objects.exists()

    @pytest.mark.parametrize("moment", ["_check_may_submit", "respondent_key"])
    def test_a_replay_racing_the_first_lands_where_the_first_did(self, monkeypatch, moment):
        """A double click: the first request commits after the second looked its token up
        (before its own checks, or before its insert). The second gets the first's response
        (the thank-you page), not 「すでに回答いただいています」."""
        survey, member, token = one_question_survey(), MemberFactory(), uuid.uuid4()
        step = getattr(services, moment)
        landed = []

        def first_commits_now(**kwargs):
            monkeypatch.setattr(services, moment, step)
            landed.append(submit(survey, member, submission_token=token))
            return step(**kwargs)

        monkeypatch.setattr(services, moment, first_commits_now)

        again, created = response_submit(
            survey=survey,
            respondent=member,
            answers={"q1": {"choices": ["a"], "other": ""}},
            submission_token=token,
        )

        assert (again, created) == (landed[0], False)
        assert Response.objects.count() == 1

    def test_a_second_response_from_the_same_member_is_refused(self):
        survey, member = one_question_survey(), MemberFactory()
        submit(survey, member)
        with pytest.raises(AlreadyAnswered) as refused, translation.override("en"):
            submit(survey, member)
        with translation.override("en"):
            assert refused.value.messages == ["You have already answered this survey."]
        assert Response.objects.count() == 1

    def test_surveys_that_allow_many_responses_take_them(self):
        survey, member = one_question_survey(one_response=False), MemberFactory()
        submit(survey, member)
        submit(survey, member)
        assert Response.objects.filter(respondent_key="").count() == 2

    def test_one_response_per_browser_for_visitors(self):
        survey = one_question_survey()
        submit(survey, AnonymousUser(), browser_token="a" * 32)
        with pytest.raises(AlreadyAnswered):
            submit(survey, AnonymousUser(), browser_token="a" * 32)
        submit(survey, AnonymousUser(), browser_token="b" * 32)
        assert Response.objects.filter(member=None).count() == 2

    def test_anonymous_surveys_never_record_the_member_but_still_allow_one_response(self):
        survey, member = one_question_survey(anonymous=True), MemberFactory()
        response = submit(survey, member)
        assert response.member is None
        with pytest.raises(AlreadyAnswered):
            submit(survey, member)

    def test_members_only_surveys_refuse_visitors(self):
        survey = one_question_survey(audience=Audience.MEMBERS)
        with pytest.raises(ValidationError):
            submit(survey, AnonymousUser(), browser_token="a" * 32)
        assert not Response.objects.exists()

    def test_closed_and_unpublished_surveys_refuse(self):
        closed = one_question_survey(closes_at=timezone.now() - timedelta(minutes=1))
        with pytest.raises(ValidationError):
            submit(closed, MemberFactory())
        unpublished = one_question_survey()
        unpublished.unpublish()
        with pytest.raises(ValidationError):
            submit(unpublished, MemberFactory())
        assert not Response.objects.exists()

    def test_forged_question_ids_are_refused(self):
        with pytest.raises(ValidationError) as refused:
            submit(one_question_survey(), MemberFactory(), answers={"forged": "x"})
        assert refused.value.code == "unknown_question"
        assert not Response.objects.exists()

    def test_test_responses_from_the_preview_are_never_counted_nor_limited(self):
        survey, staff = one_question_survey(closes_at=timezone.now()), MemberFactory()
        submit(survey, staff, is_test=True)
        submit(survey, staff, is_test=True)
        assert Response.objects.filter(is_test=True).count() == 2
        assert not Response.objects.real().exists()

    def test_receipt_emails_the_member_their_answers(self, django_capture_on_commit_callbacks):
        survey, member = one_question_survey(email_receipt=True), MemberFactory()
        plan = survey_plan(survey=survey, data={"q-q1": "a", "q-q2": "紙の申請書"})
        with django_capture_on_commit_callbacks(execute=True):
            response = submit(survey, member, answers=plan.answers)
            receipt_enqueue(survey=survey, member=member, response=response, plan=plan)
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == [member.email]
        assert "ある" in mail.outbox[0].body and "紙の申請書" in mail.outbox[0].body


def _submit_waiting_for_locks(survey, member):
    """Returns "created" or "refused". SQLite's in-memory test database (shared cache) answers a
    writer that meets another's lock with "database table is locked" at once instead of
    waiting as a file database does (busy timeout): wait here the same way. PostgreSQL
    never needs this: the second insert blocks on the unique index until the first commits.
    """
    for _attempt in range(200):
        try:
            submit(survey, member)
            return "created"
        except AlreadyAnswered:
            return "refused"
        except OperationalError as error:
            if connection.vendor != "sqlite" or "locked" not in str(error):
                raise
            time.sleep(random.uniform(0.005, 0.02))
    return "gave up"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_submissions_for_one_member_make_exactly_one_response():
    survey, member = one_question_survey(), MemberFactory()
    threads_count = 8
    barrier = threading.Barrier(threads_count)
    outcomes = []

    def answer():
        try:
            barrier.wait()
            outcomes.append(_submit_waiting_for_locks(survey, member))
        finally:
            connection.close()

    threads = [threading.Thread(target=answer) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["created"] + ["refused"] * (threads_count - 1)
    assert Response.objects.filter(survey=survey).count() == 1
    assert Answer.objects.filter(survey=survey).count() == 1


@pytest.mark.django_db
class TestDraftsErase:
    def test_answers_of_drafts_left_for_a_month_are_erased_and_their_step_kept(self):
        survey, member = one_question_survey(), MemberFactory()
        old = draft_save(
            survey=survey, draft=None, member=member, data={"q2": "私の住所は…"}, step=1
        )
        recent = draft_save(survey=survey, draft=None, member=member, data={"q2": "下書き"}, step=0)
        month_ago = timezone.now() - timedelta(days=30)
        ResponseDraft.objects.filter(pk=old.pk).update(updated_at=month_ago)

        call_command("survey_drafts_erase", stdout=io.StringIO())

        old.refresh_from_db()
        recent.refresh_from_db()
        assert (old.data, old.member, old.step, old.updated_at) == ({}, None, 1, month_ago)
        assert (recent.data, recent.member) == ({"q2": "下書き"}, member)

    def test_the_command_says_how_many_it_erased(self):
        survey = one_question_survey()
        draft = draft_save(survey=survey, draft=None, member=None, data={"q2": "回答"}, step=0)
        ResponseDraft.objects.filter(pk=draft.pk).update(
            updated_at=timezone.now() - timedelta(days=3)
        )
        out = io.StringIO()

        call_command("survey_drafts_erase", "--days", "2", stdout=out)
        call_command("survey_drafts_erase", "--days", "2", stdout=out)

        assert out.getvalue().splitlines() == [
            "Erased the answers of 1 survey draft(s) unsent for 2 days.",
            "Erased the answers of 0 survey draft(s) unsent for 2 days.",
        ]
