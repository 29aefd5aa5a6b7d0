"""Writes for the respondent's path (saving a draft between steps, submitting a response), for
staff keying in a response given on paper or in person, and for the results' exports and
publication."""

import uuid

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from .models import (
    REFERENCE_MAX,
    Answer,
    Channel,
    Response,
    ResponseDraft,
    ResultsExport,
    ResultsPublication,
    reference_normalise,
)
from .questions.conditions import TYPED_ANSWER_TYPES
from .questions.stream import survey_steps
from .selectors.published import publishable_question_ids
from .selectors.respondents import (
    ALREADY_ANSWERED,
    respondent_key,
    sheet_entered,
    survey_refusal,
)
from .selectors.results import results_questions
from .tallies.keys import STALE
from .tallies.store import delta_append, response_delta_append
from .tasks import answer_words_index, response_receipt_send

UNKNOWN_QUESTIONS = _("Some answers are not for questions of this survey.")
NOT_ACCEPTING = _("This survey is not accepting responses now.")  # after a conflict
SHEET_ENTERED = _("The sheet numbered %(reference)s has already been entered.")
NOT_A_KEYED_CHANNEL = _("Choose how this response reached you.")
REFERENCE_TOO_LONG = _("A sheet number has at most %(limit_value)d characters.")


class AlreadyAnswered(ValidationError):
    """The respondent already has a response to this survey (the database said so)."""


class SheetAlreadyEntered(ValidationError):
    """A sheet with this reference has already been keyed in for this survey."""

    def __init__(self, reference):
        super().__init__(SHEET_ENTERED, code="sheet_entered", params={"reference": reference})
        self.reference = reference


def draft_save(*, survey, draft, member, data, step, is_test=False):
    """Keep the answers so far (raw form data) on the server; returns the draft."""
    if draft is None:
        draft = ResponseDraft(survey=survey, is_test=is_test)
    if member is not None and member.is_authenticated and not survey.anonymous:
        draft.member = member
    draft.data = {name: _storable(value) for name, value in data.items()}
    draft.step = step
    draft.save()
    return draft


def _storable(value):
    """PostgreSQL's JSON cannot hold NUL: keep a visible replacement (drafts keep the form
    data as typed; the form's PlainTextField removes NUL from the answer itself)."""
    if isinstance(value, list):
        return [_storable(item) for item in value]
    return value.replace("\x00", "\ufffd") if isinstance(value, str) else value


def draft_delete(*, draft):
    if draft is not None and draft.pk:
        draft.delete()


def drafts_erase(*, updated_before):
    """Erase the answers typed into drafts last saved before `updated_before`, and whose they
    were; the step each stopped at stays, for the results' funnel. Returns how many drafts
    were erased. Their respondents' sessions have long expired, so no one can go back to them.
    """
    drafts = ResponseDraft.objects.filter(updated_at__lt=updated_before)
    # update() leaves updated_at alone (auto_now is applied by save() only).
    return drafts.exclude(data={}, member=None).update(data={}, member=None)


def response_submit(
    *,
    survey,
    respondent,
    answers,
    submission_token,
    is_test=False,
    browser_token=None,
    started_at=None,
    draft=None,
):
    """Store one response with its Answer rows, atomically; returns (response, created).

    The respondent's `draft` (ResponseDraft) is deleted in the same transaction, so a crash
    can never leave a draft whose token already has a response (its next answers would then
    be taken for a replay and lost); a replay deletes what is left of it too.

    `answers` maps question id → the answer value built by surveys.questions. A replayed
    submission (same `submission_token`) creates nothing and returns the response it made,
    with created False.
    A second response from the same member or browser raises AlreadyAnswered, also when two
    arrive at once (the database's unique constraint decides). `respondent` is the member or
    an anonymous user; anonymous surveys never record the member.
    A real response also appends what it adds to the results' tallies (surveys.tallies), in
    the same transaction. Once committed, the words of a new real response's free-text
    answers are indexed (tasks.answer_words_index).
    """
    existing = _by_token(survey=survey, submission_token=submission_token)
    if existing is not None:
        draft_delete(draft=draft)
        return existing, False
    member = respondent if respondent is not None and respondent.is_authenticated else None
    try:
        _check_may_submit(
            survey=survey, respondent=respondent, browser_token=browser_token, is_test=is_test
        )
    except AlreadyAnswered:
        # The same submission may have been committed since the lookup above (a double
        # click whose first request finished meanwhile): that is a replay, not a second one.
        existing = _by_token(survey=survey, submission_token=submission_token)
        if existing is None:
            raise
        draft_delete(draft=draft)
        return existing, False
    rows = _answer_rows(survey=survey, answers=answers)
    key = ""
    if survey.one_response and not is_test:
        key = respondent_key(survey=survey, member=member, browser_token=browser_token)
    try:
        with transaction.atomic():
            response = _response_store(
                survey=survey,
                rows=rows,
                member=None if survey.anonymous else member,
                respondent_key=key,
                submission_token=submission_token,
                is_test=is_test,
                started_at=None if survey.anonymous else started_at,
            )
            draft_delete(draft=draft)
    except IntegrityError:
        response = _after_conflict(survey=survey, submission_token=submission_token, key=key)
        draft_delete(draft=draft)
        return response, False
    return response, True


def _response_store(*, survey, rows, **fields):
    """Create the Response (`fields`) with its Answer `rows` (built by _answer_rows) and append
    what it adds to the tallies, in the caller's transaction; returns the response. Once
    committed, the words of its free-text answers are indexed. Every response, answered on the
    site or keyed in by staff, is written here: they count alike."""
    response = Response.objects.create(survey=survey, **fields)
    Answer.objects.bulk_create(Answer(response=response, survey=survey, **row) for row in rows)
    response_delta_append(response=response, rows=rows)  # never counts test answers
    # Results count these words; they never count test answers.
    if not response.is_test and any(
        row["question_type"] in TYPED_ANSWER_TYPES and row.get("value_text") for row in rows
    ):
        transaction.on_commit(lambda: answer_words_index.enqueue(response_id=response.pk))
    return response


def response_key_in(*, survey, answers, channel, reference, staff):
    """Store one response given on paper, at a counter, by post or e-mail or at an event, as
    `staff` keyed it in; returns the Response.

    `answers` are as response_submit takes them (question id → value, from the same
    surveys.forms), and are stored the same way: the same Answer rows, tallies and word
    indexing, so the response counts exactly like one given on the site. It is a real
    response (never a test), tied to no member, and none of the respondent's rules apply:
    keyed in whether the survey is open, closed (paper arrives late) or members only, and
    outside the one-response-per-member-or-browser rule. It counts on the day it is keyed in.

    `channel` is a models.Channel other than web; `reference`, the number written on the
    sheet (may be empty), is normalised (models.reference_normalise). A reference already entered
    for this survey raises SheetAlreadyEntered, also when two staff key it in at once (the
    database's unique constraint decides). Raises ValidationError for answers to questions
    the survey does not have, or a channel or reference it cannot take.
    """
    reference = reference_normalise(reference)
    if channel not in Channel.values or channel == Channel.WEB:
        raise ValidationError(NOT_A_KEYED_CHANNEL, code="channel")
    if len(reference) > REFERENCE_MAX:
        raise ValidationError(
            REFERENCE_TOO_LONG, code="reference", params={"limit_value": REFERENCE_MAX}
        )
    if sheet_entered(survey=survey, reference=reference):
        raise SheetAlreadyEntered(reference)
    rows = _answer_rows(survey=survey, answers=answers)
    try:
        with transaction.atomic():
            return _response_store(
                survey=survey,
                rows=rows,
                submission_token=uuid.uuid4(),
                channel=channel,
                reference=reference,
                entered_by=staff,
            )
    except IntegrityError:
        # Another staff member's insert of the same sheet committed first.
        if sheet_entered(survey=survey, reference=reference):
            raise SheetAlreadyEntered(reference) from None
        raise


def response_redate(*, response, submitted_at):
    """Move a response's submission time (made-up demo responses, tests): the day the results'
    tallies count it on moves with it. Changed any other way, submitted_at marks the tallies
    stale (migration 0009's trigger); this cancels the mark its own change makes."""
    if submitted_at == response.submitted_at:
        return
    with transaction.atomic():
        response_delta_append(response=response, sign=-1)
        Response.objects.filter(pk=response.pk).update(submitted_at=submitted_at)
        response.submitted_at = submitted_at
        response_delta_append(response=response)
        delta_append(survey_id=response.survey_id, counts={STALE: -1})


def _by_token(*, survey, submission_token):
    return Response.objects.filter(survey=survey, submission_token=submission_token).first()


def _check_may_submit(*, survey, respondent, browser_token, is_test):
    """The views' rule (selectors.survey_refusal), checked again when the answers arrive."""
    refusal = survey_refusal(
        survey=survey,
        member=respondent or AnonymousUser(),
        browser_token=browser_token,
        is_test=is_test,
    )
    if refusal is not None:
        error = AlreadyAnswered if refusal.kind == "answered" else ValidationError
        raise error(refusal.message, code=refusal.kind)


def _answer_rows(*, survey, answers):
    questions = {
        question.id: question
        for step in survey_steps(survey.questions)
        for question in step.questions
    }
    if set(answers) - set(questions):
        raise ValidationError(UNKNOWN_QUESTIONS, code="unknown_question")
    with translation.override(settings.LANGUAGE_CODE):  # labels stored as the site writes them
        return _rows(questions, answers)


def _rows(questions, answers):
    return [
        row
        for question_id, value in answers.items()
        if value is not None
        for row in questions[question_id].kind.rows(questions[question_id], value)
    ]


def _after_conflict(*, survey, submission_token, key):
    """The insert met a unique constraint: the same submission (return it) or the same
    respondent (refuse)."""
    existing = _by_token(survey=survey, submission_token=submission_token)
    if existing is not None:
        return existing
    if key and Response.objects.real().filter(survey=survey, respondent_key=key).exists():
        raise AlreadyAnswered(ALREADY_ANSWERED, code="already_answered")
    raise ValidationError(NOT_ACCEPTING, code="conflict")


def receipt_enqueue(*, survey, member, response, plan):
    """E-mail the member a copy of their answers, after the response is committed."""
    if survey.anonymous or member is None or not member.is_authenticated or not member.email:
        return  # an anonymous survey keeps no trace linking a member to their answers
    lines = [
        [question.text, question.kind.display(question, plan.answers[question.id])]
        for question in plan.questions
        if question.id in plan.answers
    ]
    submitted_at = timezone.localtime(response.submitted_at).isoformat()
    transaction.on_commit(
        lambda: response_receipt_send.enqueue(
            survey_id=survey.pk, member_id=member.pk, submitted_at=submitted_at, lines=lines
        )
    )


def results_export_log(*, survey, user, kind, results_filter):
    """Record that `user` downloads the `kind` export (models.ExportKind) of `survey` for the
    respondents `results_filter` keeps; returns the ResultsExport. The user is named as they
    are now (e-mail, else username), so the log reads the same after they change or leave."""
    filters = results_filter.describe(questions=results_questions(survey))
    return ResultsExport.objects.create(
        survey=survey,
        user=user,
        user_label=(user.email or user.get_username())[:254],
        kind=kind,
        filters=filters[:1000],
    )


NOT_PUBLISHABLE = _(
    "Only this survey's choice, scale, matrix, ranking and number questions can be shown to "
    "respondents."
)


def results_publication_set(*, survey, question_ids, user):
    """Show respondents the aggregated results of `question_ids` (none: nothing) when the
    survey's `results_visibility` allows; returns the ResultsPublication, recording `user`.
    Raises ValidationError for an id that is not a question of `survey`, or is one whose
    answers must stay with staff (free text, dates: see selectors.published)."""
    chosen = set(question_ids)
    publishable = publishable_question_ids(survey)
    if chosen - set(publishable):
        raise ValidationError(NOT_PUBLISHABLE, code="not_publishable")
    publication, _created = ResultsPublication.objects.update_or_create(
        survey=survey,
        defaults={
            "question_ids": [question_id for question_id in publishable if question_id in chosen],
            "updated_by": user,
        },
    )
    return publication
