"""The survey editor's rules: SurveyPage.base_form_class.

Checked on every save (draft or publish), on top of what each block checks by itself:

- question codes are unique in the survey;
- a condition names the code of an earlier question and, for a choice question, one of its
  choices;
- multiple choice: at least ≤ at most ≤ the number of choices; number: minimum ≤ maximum;
- the survey closes after it opens;
- a question with answers (real responses, not staff tests) keeps its type: its answers were
  given to that type. Rewording it or removing it stays allowed (removal archives its answers).

Errors are attached to the question (and its field) they are about, so the editor shows them
in place.
"""

import unicodedata
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from wagtail.blocks import StreamBlockValidationError, StructBlockValidationError

from core.page_slugs import ReadablePageForm

from .blocks import CHOICE_TYPES, SurveyQuestionsBlock

# How the respondent flow labels the 「その他」 choice (the site's “Other”), in either language.
OTHER_CHOICES = ("その他", "Other")


class SurveyPageForm(ReadablePageForm):
    def clean(self):
        cleaned_data = super().clean()
        opens_at, closes_at = cleaned_data.get("opens_at"), cleaned_data.get("closes_at")
        if opens_at and closes_at and opens_at >= closes_at:
            self.add_error("closes_at", _("The survey must close after it opens."))
        if cleaned_data.get("anonymous") and cleaned_data.get("email_receipt"):
            self.add_error(
                "email_receipt",
                _(
                    "An anonymous survey cannot e-mail receipts: a receipt would link the "
                    "member to their answers."
                ),
            )
        questions = cleaned_data.get("questions")
        if questions is not None:
            error = questions_errors(
                questions,
                answered_types=self._answered_types(),
                previous={child.id: child for child in self.instance.questions},
            )
            if error is not None:
                self.add_error("questions", error)
        return cleaned_data

    def _answered_types(self):
        """{question id: the type it was answered as} for questions with real answers."""
        if not self.instance.pk:
            return {}
        from .models import Answer

        rows = Answer.objects.filter(survey_id=self.instance.pk, response__is_test=False)
        return dict(rows.values_list("question_id", "question_type").distinct())


class BlockErrors:
    """Messages collected per stream child and per field path, turned into the nested
    validation errors Wagtail shows next to each block and field."""

    def __init__(self):
        self._tree = defaultdict(_node)

    def add(self, index, message, *path):
        node = self._tree[index]
        for name in path:
            node = node["children"][name]
        node["messages"].append(message)

    def as_error(self):
        if not self._tree:
            return None
        return StreamBlockValidationError(
            block_errors={index: _node_error(node) for index, node in self._tree.items()}
        )


def _node():
    return {"messages": [], "children": defaultdict(_node)}


def _node_error(node):
    if not node["children"]:
        return ValidationError(node["messages"])
    return StructBlockValidationError(
        block_errors={name: _node_error(child) for name, child in node["children"].items()},
        non_block_errors=node["messages"],
    )


SCALE_LOCKED = _(
    "This question already has answers on this scale, so its points cannot be added, removed "
    "or reordered (rewording them is fine). Add a new question for a different scale."
)


def questions_errors(questions, *, answered_types, previous=None):
    """A StreamBlockValidationError for the survey's questions (a StreamValue), or None.
    `previous` maps question id → that question as last saved, for the rules on answers."""
    previous = previous or {}
    errors = BlockErrors()
    earlier = {}  # code → (index, block type, value) of the questions before this one
    for index, child in enumerate(questions):
        value = child.value
        _condition_check(errors, index, value.get("condition"), earlier=earlier, stream=questions)
        _limits_check(errors, index, child.block_type, value)
        _type_check(errors, index, child, answered_types=answered_types)
        _scale_check(errors, index, child, answered_types=answered_types, previous=previous)
        code = (value.get("code") or "").strip()
        if code and code in earlier:
            other = earlier[code][2]
            errors.add(
                index,
                _("The code “%(code)s” is already used by the question “%(question)s”.")
                % {"code": code, "question": other.get("text", "")},
                "code",
            )
        elif code:
            earlier[code] = (index, child.block_type, value)
    return errors.as_error()


def _later_codes(stream, index):
    return {(child.value.get("code") or "").strip() for child in list(stream)[index:]}


def _condition_check(errors, index, condition, *, earlier, stream):
    if not condition:
        return
    code = (condition.get("question") or "").strip()
    answer = (condition.get("value") or "").strip()
    if not code and not answer:
        return
    if not code:
        message = _("Give the code of the earlier question this depends on.")
        errors.add(index, message, "condition", "question")
    elif code not in earlier:
        if code in _later_codes(stream, index):
            message = _(
                "The question “%(code)s” does not come before this one: a condition can only "
                "depend on an earlier question."
            )
        else:
            message = _("No earlier question has the code “%(code)s”.")
        errors.add(index, message % {"code": code}, "condition", "question")
    if not answer:
        errors.add(index, _("Give the answer this depends on."), "condition", "value")
    elif code in earlier:
        _condition_answer_check(errors, index, answer, question=earlier[code])


def _condition_answer_check(errors, index, answer, *, question):
    _index, block_type, value = question
    if block_type not in CHOICE_TYPES:
        return
    choices = [str(choice).strip() for choice in value.get("choices", [])]
    allowed = {_normalised(choice) for choice in choices}
    if value.get("allow_other"):
        allowed |= {_normalised(label) for label in OTHER_CHOICES}
        choices.append(OTHER_CHOICES[0])
    if _normalised(answer) not in allowed:
        message = _("“%(answer)s” is not a choice of “%(question)s”. Its choices: %(choices)s.")
        errors.add(
            index,
            message
            % {"answer": answer, "question": value.get("text", ""), "choices": "、".join(choices)},
            "condition",
            "value",
        )


def _normalised(text):
    """As the respondent flow compares answers: ＡＢＣ = abc, surrounding spaces ignored."""
    return unicodedata.normalize("NFKC", text).strip().casefold()


def _limits_check(errors, index, block_type, value):
    if block_type == "multiple_choice":
        _selection_limits_check(errors, index, value)
    elif block_type == "number":
        low, high = value.get("min_value"), value.get("max_value")
        if low is not None and high is not None and low > high:
            errors.add(index, _("The maximum must not be less than the minimum."), "max_value")


def _selection_limits_check(errors, index, value):
    low, high = value.get("min_selected"), value.get("max_selected")
    count = len(value.get("choices", [])) + (1 if value.get("allow_other") else 0)
    if low is not None and high is not None and low > high:
        errors.add(index, _("“At most” must not be less than “At least”."), "max_selected")
    for name, limit in (("min_selected", low), ("max_selected", high)):
        if limit is not None and limit > count:
            message = _("This is more than the number of choices (%(count)d).")
            errors.add(index, message % {"count": count}, name)


def _type_check(errors, index, child, *, answered_types):
    answered_as = answered_types.get(child.id)
    if answered_as is None or answered_as == child.block_type:
        return
    message = _(
        "The question “%(question)s” already has answers as a %(old)s question, so its type "
        "cannot change to %(new)s. Add a new question instead: removing this one keeps its "
        "answers in the results."
    )
    errors.add(
        index,
        message
        % {
            "question": child.value.get("text") or child.value.get("heading", ""),
            "old": _type_label(answered_as),
            "new": _type_label(child.block_type),
        },
    )


def _scale_check(errors, index, child, *, answered_types, previous):
    """A rating's range and a matrix's scale points (their order and number) cannot change
    once the question has answers: those answers store a position on that scale."""
    before = previous.get(child.id)
    if child.id not in answered_types or before is None or before.block_type != child.block_type:
        return
    if child.block_type == "rating" and child.value["scale"] != before.value["scale"]:
        errors.add(index, SCALE_LOCKED, "scale")
    if child.block_type == "matrix" and _item_ids(child, "scale") != _item_ids(before, "scale"):
        errors.add(index, SCALE_LOCKED, "scale")


def _item_ids(child, key):
    return [item.id for item in child.value[key].bound_blocks]


def _type_label(block_type):
    block = SurveyQuestionsBlock.base_blocks.get(block_type)
    return str(block.meta.label) if block is not None else block_type
