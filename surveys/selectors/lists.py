"""Reads for the staff results' lists: every survey with its number of responses, and the
answers of a page of responses as lines to read."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from ..models import Answer, SurveyPage
from ..questions.inputs import plain_number


def survey_list():
    """Every survey (published or not), newest first, with `response_count` (real ones)."""
    real = Q(responses__is_test=False)
    return SurveyPage.objects.annotate(response_count=Count("responses", filter=real)).order_by(
        "-pk"
    )


def response_answers(responses, *, questions):
    """{response id: [(question text, [answer lines])]} in survey order for a page of
    responses, read in one query."""
    lines = {}
    rows = Answer.objects.filter(response__in=[r.pk for r in responses]).order_by("rank", "pk")
    for answer in rows:
        by_question = lines.setdefault(answer.response_id, {})
        by_question.setdefault(answer.question_id, []).append(_answer_line(answer))
    order = [(question.id, question.text) for question in questions]
    return {
        response_id: [(text, by_question[qid]) for qid, text in order if qid in by_question]
        for response_id, by_question in lines.items()
    }


def _answer_line(answer):
    if answer.row_id:
        return _("%(label)s: %(value)s") % {"label": answer.row_label, "value": answer.choice_label}
    if answer.rank is not None:
        return f"{answer.rank}. {answer.choice_label}"
    if answer.choice_id:
        text = f"：{answer.value_text}" if answer.value_text else ""
        return f"{answer.choice_label}{text}"
    if answer.value_number is not None:
        return plain_number(answer.value_number)
    if answer.value_date is not None:
        return answer.value_date.isoformat()
    return answer.value_text
