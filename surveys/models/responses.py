"""Responses: one Response per respondent, one Answer row per answered choice or value, the
drafts of unfinished responses and the words of free-text answers."""

import unicodedata
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.channels import CHANNEL_MAX_LENGTH, Channel

from .pages import SurveyPage


class ResponseQuerySet(models.QuerySet):
    def real(self):
        """Responses that count: not the test answers staff gave from the preview. Written as
        `is_test = false`: Django writes `is_test=False` as `NOT is_test`, which SQLite does not
        match to the indexes that start (survey, is_test, …), so it sorted every response of a
        survey to find its newest (68 ms at 100,000 instead of an index scan)."""
        return self.filter(is_test=Value(False))


REFERENCE_MAX = 40


def reference_normalise(reference):
    """A sheet's number as stored and compared: NFKC, spaces around it removed (ＡＢ-１２ is
    AB-12)."""
    return unicodedata.normalize("NFKC", reference or "").strip()


class Response(models.Model):
    """One respondent's submitted answers to a survey.

    `respondent_key` is set when the survey allows one response per respondent: a keyed hash
    of the member's id, or of the browser's signed-cookie token. The unique constraint on it
    is what makes concurrent duplicates produce exactly one response. `member` stays empty
    on anonymous surveys; `pseudonym` stands in for the respondent there.

    A response keyed in by staff (services.response_key_in) has another `channel`, the
    `reference` written on its sheet (NFKC, stripped; unique per survey when given) and who
    keyed it (`entered_by`).
    """

    survey = models.ForeignKey(
        SurveyPage, verbose_name=_("survey"), on_delete=models.PROTECT, related_name="responses"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="survey_responses",
    )
    respondent_key = models.CharField(_("respondent key"), max_length=64, blank=True)
    pseudonym = models.UUIDField(_("pseudonymous id"), default=uuid.uuid4, editable=False)
    submission_token = models.UUIDField(_("submission token"), unique=True)
    is_test = models.BooleanField(
        _("test response"), default=False, help_text=_("Given by staff from the preview.")
    )
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    channel = models.CharField(
        _("response channel"),
        max_length=CHANNEL_MAX_LENGTH,
        choices=Channel.choices,
        default=Channel.WEB,
    )
    reference = models.CharField(
        _("sheet number"),
        max_length=REFERENCE_MAX,
        blank=True,
        help_text=_("The number written on the paper sheet."),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("keyed in by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ResponseQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "respondent_key"],
                condition=~Q(respondent_key="") & Q(is_test=False),
                name="response_once_per_respondent",
            ),
            # The same sheet is never entered twice, also when two staff key it in at once.
            models.UniqueConstraint(
                fields=["survey", "reference"],
                condition=~Q(reference=""),
                name="response_sheet_once",
            ),
        ]
        indexes = [
            models.Index(fields=["survey", "is_test", "submitted_at"], name="response_by_day")
        ]

    def __str__(self):
        return f"{self.survey_id}/{self.pseudonym}"


class Answer(models.Model):
    """One answered choice or value of a response.

    Single choice, dropdown, prefecture and stakeholder type: one row with `choice_id`.
    Multiple choice: one row per ticked choice. 「その他」: `choice_id` "other" and the text.
    Rating and NPS: `value_number`. Matrix: one row per row answered (`row_id`, the scale
    point as `choice_id` and its position as `value_number`). Ranking: one row per choice
    with its `rank`. Texts: `value_text`; numbers: `value_number`; dates: `value_date`.
    """

    response = models.ForeignKey(
        Response, verbose_name=_("response"), on_delete=models.CASCADE, related_name="answers"
    )
    survey = models.ForeignKey(
        SurveyPage, verbose_name=_("survey"), on_delete=models.PROTECT, related_name="+"
    )
    question_id = models.CharField(_("question id"), max_length=64)
    question_type = models.CharField(_("question type"), max_length=30)
    question_label = models.CharField(_("question as asked"), max_length=300)
    choice_id = models.CharField(_("choice id"), max_length=64, blank=True)
    choice_label = models.CharField(_("choice as shown"), max_length=200, blank=True)
    row_id = models.CharField(_("row id"), max_length=64, blank=True)
    row_label = models.CharField(_("row as shown"), max_length=200, blank=True)
    value_number = models.DecimalField(
        _("number"), max_digits=18, decimal_places=6, null=True, blank=True
    )
    value_text = models.TextField(_("text"), blank=True)
    value_date = models.DateField(_("date"), null=True, blank=True)
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        indexes = [
            models.Index(fields=["survey", "question_id", "choice_id"], name="answer_by_choice"),
            models.Index(fields=["response", "question_id"], name="answer_by_response"),
        ]

    def __str__(self):
        return f"{self.question_label}: {self.choice_label or self.value_text or self.value_number}"


class ResponseDraft(models.Model):
    """Answers typed so far in a multi-step survey, kept on the server between steps so that
    back, next and a reload lose nothing. Removed when the response is submitted."""

    survey = models.ForeignKey(
        SurveyPage, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="drafts"
    )
    token = models.UUIDField(_("draft token"), default=uuid.uuid4, unique=True, editable=False)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    data = models.JSONField(_("answers so far"), default=dict)
    step = models.PositiveSmallIntegerField(_("step"), default=0)
    is_test = models.BooleanField(_("test"), default=False)
    created_at = models.DateTimeField(_("started at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("response draft")
        verbose_name_plural = _("response drafts")

    def __str__(self):
        return f"{self.survey_id}/{self.token}"


class AnswerWord(models.Model):
    """A word that a free-text answer contains (segmented by surveys.words), once per answer,
    so that "the most frequent words" of a question is a GROUP BY like any other count."""

    answer = models.ForeignKey(
        Answer, verbose_name=_("answer"), on_delete=models.CASCADE, related_name="words"
    )
    response = models.ForeignKey(
        Response, verbose_name=_("response"), on_delete=models.CASCADE, related_name="+"
    )
    survey = models.ForeignKey(
        SurveyPage, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="+"
    )
    question_id = models.CharField(_("question id"), max_length=64)
    word = models.CharField(_("word"), max_length=100)

    class Meta:
        verbose_name = _("answer word")
        verbose_name_plural = _("answer words")
        constraints = [models.UniqueConstraint(fields=["answer", "word"], name="answer_word_once")]
        indexes = [models.Index(fields=["survey", "question_id", "word"], name="word_by_question")]

    def __str__(self):
        return self.word
