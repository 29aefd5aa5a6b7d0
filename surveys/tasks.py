"""Background work for surveys (django-tasks: immediately in dev and tests, by
`manage.py db_worker` in production)."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from community.models import User
from core.background import task_labels_register

from .models import Answer, AnswerWord, SurveyPage
from .questions.conditions import TYPED_ANSWER_TYPES
from .tallies.store import responses_lock, tallies_merge, words_changes_count
from .words import answer_words


@task()
def response_receipt_send(*, survey_id, member_id, submitted_at, lines):
    """E-mail a member the copy of their answers they asked for. `lines` are
    [question, [answer lines]] as shown on the confirmation page; no response id is passed,
    so an anonymous survey's response stays unlinked to the member."""
    survey = SurveyPage.objects.filter(pk=survey_id).first()
    member = User.objects.filter(pk=member_id, is_active=True).first()
    if survey is None or member is None or not member.email:
        return 0
    context = {"survey": survey, "submitted_at": parse_datetime(submitted_at), "lines": lines}
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("surveys/email/receipt_subject.txt", context).strip()
        body = render_to_string("surveys/email/receipt_body.txt", context)
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [member.email])


@task()
def answer_words_index(*, response_id):
    """Write the AnswerWord rows of one response's free-text answers, replacing any it had;
    returns how many rows it wrote. Running it again gives the same rows."""
    return answer_words_replace(answers=answers_with_words().filter(response_id=response_id))


def answers_with_words():
    """The answers AnswerWord rows are kept for: the non-empty answers to free-text questions
    (short_text, long_text) of real responses, not the test answers staff gave."""
    return Answer.objects.filter(
        question_type__in=TYPED_ANSWER_TYPES, response__is_test=False
    ).exclude(value_text="")


def answer_words_replace(*, answers):
    """Replace the AnswerWord rows of `answers` (Answer rows from answers_with_words) with the
    words surveys.words finds in them now, in one transaction, and count the change in the
    results' tallies; returns how many rows it wrote."""
    answers = list(answers)
    rows = [
        AnswerWord(
            answer_id=answer.pk,
            response_id=answer.response_id,
            survey_id=answer.survey_id,
            question_id=answer.question_id,
            word=word,
        )
        for answer in answers
        for word in answer_words(answer.value_text)
    ]
    with transaction.atomic():
        # Two workers indexing the same response take turns: the second replaces the first's
        # rows with the same ones, and the tallies count the words once.
        real = responses_lock({answer.response_id for answer in answers})
        before = AnswerWord.objects.filter(answer_id__in=[answer.pk for answer in answers])
        words_changes_count(real, removed=list(before), added=rows)
        before.delete()
        AnswerWord.objects.bulk_create(rows)
    return len(rows)


def answer_words_remove(*, words):
    """Delete AnswerWord rows (a queryset) and take them out of the results' tallies."""
    with transaction.atomic():
        real = responses_lock(set(words.values_list("response_id", flat=True)))
        words = list(words)
        words_changes_count(real, removed=words, added=[])
        AnswerWord.objects.filter(pk__in=[word.pk for word in words]).delete()


@task()
def survey_tallies_merge(*, survey_id):
    """Merge the survey's results deltas into its tallies (surveys.tallies.store); returns
    how many it merged. Several may run at once."""
    return tallies_merge(survey_id=survey_id)


task_labels_register(
    {
        "surveys.tasks.response_receipt_send": _("E-mail a survey receipt"),
        "surveys.tasks.answer_words_index": _("Index the words of a survey response"),
        "surveys.tasks.survey_tallies_merge": _("Count new survey responses in the results"),
    }
)
