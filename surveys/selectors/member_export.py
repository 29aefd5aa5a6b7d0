"""The survey sections of a member's data export (community.selectors.member_export).

Only what is linked to the member: their responses to named surveys with every answer as it
was asked, and the answers they are still typing. Anonymous surveys never store the member on
a response or a draft (surveys.services), so nothing of them can be found here.
"""

from ..models import Response, ResponseDraft


def _isoformat(value):
    return value.isoformat() if value else None


def member_survey_responses_export(member):
    """The member's survey responses, oldest first, each with its answers: the question and
    choice as shown when they answered, and the value they gave."""
    responses = (
        Response.objects.filter(member=member)
        .select_related("survey")
        .prefetch_related("answers")
        .order_by("submitted_at", "pk")
    )
    return [
        {
            "survey": response.survey.title,
            "submitted_at": _isoformat(response.submitted_at),
            "started_at": _isoformat(response.started_at),
            "test_response": response.is_test,
            "answers": [_answer_export(answer) for answer in _in_order(response.answers.all())],
        }
        for response in responses
    ]


def _in_order(answers):
    return sorted(answers, key=lambda answer: answer.pk)


def _answer_export(answer):
    return {
        "question": answer.question_label,
        "question_type": answer.question_type,
        "row": answer.row_label,
        "choice": answer.choice_label,
        "text": answer.value_text,
        "number": None if answer.value_number is None else f"{answer.value_number.normalize():f}",
        "date": _isoformat(answer.value_date),
        "rank": answer.rank,
    }


def member_survey_drafts_export(member):
    """The answers the member has typed into surveys they have not submitted yet (as the
    form received them), with the step they reached."""
    drafts = ResponseDraft.objects.filter(member=member).select_related("survey")
    return [
        {
            "survey": draft.survey.title,
            "step": draft.step,
            "started_at": _isoformat(draft.created_at),
            "updated_at": _isoformat(draft.updated_at),
            "answers_so_far": draft.data,
        }
        for draft in drafts.order_by("created_at", "pk")
    ]
