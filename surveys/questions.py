"""How each question type is asked, checked and stored.

A survey's stream (surveys.blocks) becomes `Step`s of `Question`s. For each block type a
`QuestionKind` says:

- `fields(question, member)`: the Django form fields that ask it, named after the question's
  stable block id (`q-<id>`, `q-<id>-other`, `q-<id>-<row or choice id>`);
- `value(question, cleaned, errors)`: the answer as a small JSON-friendly value (None when not
  answered), reporting cross-field problems through `errors(field_name, message)`;
- `rows(question, value)`: the Answer rows it becomes, with label snapshots (models.Answer);
- `display(question, value)`: the lines shown on the confirmation page and in the receipt;
- `condition_values(question, value)`: what conditions on its code compare against.

Conditions (`condition_met`) compare, after NFKC normalisation, the value a condition names
with the answer of an earlier question: "equals" one of its values (a choice among those
ticked, compared whole), or "includes", which for a typed answer also finds a word inside it.
"""

import unicodedata
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from community.models import StakeholderType
from core.prefectures import PREFECTURE_CHOICES

SHORT_TEXT_MAX = 200
LONG_TEXT_MAX = 5000
OTHER_TEXT_MAX = 200
NUMBER_LIMIT = Decimal("999999999999")  # what Answer.value_number (18 digits, 6 decimals) holds
OTHER = "other"

REQUIRED_MESSAGE = _("Answer this question.")
INVALID_CHOICE_MESSAGE = _("Choose one of the options listed.")
OTHER_LABEL = _("Other")
OTHER_TEXT_LABEL = _("Please specify “Other”")
OTHER_TEXT_REQUIRED = _("You chose “Other”: please write what it is.")
TEXT_TOO_LONG = _("Please keep this to %(limit_value)d characters (it is %(show_value)d now).")
NUMBER_INVALID = _("Enter a number, for example 12 or 3.5.")
DATE_INVALID = _("Enter a date such as 2026-04-01.")
RANK_DISTINCT = _("Give each choice a different rank.")
RANK_ALL = _("Give every choice a rank, or none.")


@dataclass(frozen=True)
class Question:
    """One question of a survey: its stream child's stable id, block type and value."""

    id: str
    type: str
    value: object  # the block's StructValue

    @property
    def text(self):
        return self.value.get("text") or ""

    @property
    def help_text(self):
        return self.value.get("help_text") or ""

    @property
    def required(self):
        return bool(self.value.get("required"))

    @property
    def code(self):
        return (self.value.get("code") or "").strip()

    @property
    def condition(self):
        return self.value.get("condition")

    @property
    def kind(self):
        return KINDS[self.type]

    def field_name(self, suffix=""):
        return f"q-{self.id}-{suffix}" if suffix else f"q-{self.id}"

    def items(self, key="choices"):
        """[(stable id, label)] of a ListBlock of this question (choices, rows, scale)."""
        return [
            (item_id(child, key, index), str(child.value))
            for index, child in enumerate(self.value[key].bound_blocks)
        ]


LIST_KEYS = ("choices", "rows", "scale")


def item_id(child, key, index):
    """A list item's stable id. Items not yet stored with one (a survey being previewed, lists
    written as plain strings by code) are named by their position until SurveyPage.save()
    gives them ids of their own (item_ids_fix)."""
    return child.id or f"{key}-{index}"


def item_ids_fix(questions_stream):
    """Before the stream is stored, give every list item without an id, or with an id an
    earlier item of its list already has, a new random one: answers point at these ids, so an
    id must never move to another item when items are inserted or reordered."""
    for child in questions_stream:
        for key in LIST_KEYS:
            items = child.value.get(key) if hasattr(child.value, "get") else None
            seen = set()
            for item in getattr(items, "bound_blocks", []):
                if not item.id or item.id in seen:
                    item.id = str(uuid.uuid4())
                seen.add(item.id)


@dataclass
class Step:
    """A section of the survey (the questions before the first section are step 0)."""

    index: int
    heading: str = ""
    description: str = ""
    condition: object = None
    questions: list = field(default_factory=list)


def survey_steps(questions_stream):
    """The survey's stream as a list of steps; sections without questions are dropped."""
    steps = [Step(index=0)]
    for child in questions_stream:
        if child.block_type == "section":
            value = child.value
            steps.append(
                Step(
                    index=len(steps),
                    heading=value.get("heading") or "",
                    description=value.get("description") or "",
                    condition=value.get("condition"),
                )
            )
        elif child.block_type in KINDS:
            steps[-1].questions.append(Question(child.id, child.block_type, child.value))
    steps = [step for step in steps if step.questions]
    for number, step in enumerate(steps):
        step.index = number
    return steps


def normalise(text):
    return unicodedata.normalize("NFKC", str(text)).strip().casefold()


TYPED_ANSWER_TYPES = {"short_text", "long_text"}


def condition_met(condition, values_by_code):
    """Whether a question or section with this condition is shown, given the condition values
    of the earlier questions shown (by code: (values, typed)). No condition: always shown.

    A choice is compared whole (「税」 is not included in 「税の申告」); only a typed answer
    "includes" words of it."""
    code = ((condition and condition.get("question")) or "").strip()
    if not code:
        return True
    wanted = normalise(condition.get("value") or "")
    values, typed = values_by_code.get(code, ([], False))
    answers = [normalise(value) for value in values]
    if condition.get("operator") == "includes" and typed:
        return bool(wanted) and any(wanted in answer for answer in answers)
    return wanted in answers


def _row(question, **kwargs):
    return {
        "question_id": question.id,
        "question_type": question.type,
        "question_label": question.text[:300],
        **kwargs,
    }


def _choice_field(question, choices, widget, *, empty_label=None):
    field_choices = [("", empty_label)] if empty_label else []
    return forms.ChoiceField(
        label=question.text,
        help_text=question.help_text,
        required=question.required,
        choices=field_choices + list(choices),
        widget=widget,
        error_messages={"required": REQUIRED_MESSAGE, "invalid_choice": INVALID_CHOICE_MESSAGE},
    )


def _text_field(label, *, required, max_length, widget, help_text=""):
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        max_length=max_length,
        strip=True,
        widget=widget,
        error_messages={"required": REQUIRED_MESSAGE, "max_length": TEXT_TOO_LONG},
    )


class QuestionKind:
    """The default: one field named after the question whose cleaned value is the answer."""

    layout = "single"  # how templates/surveys/includes/question.html lays it out

    def fields(self, question, member=None):
        raise NotImplementedError

    def initial(self, question, member=None):
        return {}

    def value(self, question, cleaned, errors):
        value = cleaned.get(question.field_name())
        return value if value not in (None, "", []) else None

    def rows(self, question, value):
        raise NotImplementedError

    def display(self, question, value):
        return [str(value)]

    def condition_values(self, question, value):
        return [] if value is None else [str(value)]


class ChoiceKind(QuestionKind):
    """Single choice (radios) and dropdown, with an optional 「その他」 text box."""

    multiple = False

    def widget(self):
        return forms.RadioSelect

    def options(self, question):
        options = question.items()
        if question.value.get("allow_other"):
            options.append((OTHER, OTHER_LABEL))
        return options

    def main_field(self, question):
        return _choice_field(question, self.options(question), self.widget())

    def fields(self, question, member=None):
        fields = {question.field_name(): self.main_field(question)}
        if question.value.get("allow_other"):
            fields[question.field_name(OTHER)] = _text_field(
                OTHER_TEXT_LABEL,
                required=False,
                max_length=OTHER_TEXT_MAX,
                widget=forms.TextInput(attrs={"maxlength": OTHER_TEXT_MAX}),
            )
        return fields

    def selected(self, question, cleaned):
        chosen = cleaned.get(question.field_name())
        if self.multiple:
            return list(chosen or [])
        return [chosen] if chosen else []

    def value(self, question, cleaned, errors):
        chosen = self.selected(question, cleaned)
        if not chosen:
            return None
        other = cleaned.get(question.field_name(OTHER), "") if OTHER in chosen else ""
        if OTHER in chosen and not other:
            errors(question.field_name(OTHER), OTHER_TEXT_REQUIRED)
            return None
        return {"choices": chosen, "other": other}

    def _labels(self, question, value):
        labels = dict(self.options(question))
        return [(choice, str(labels[choice])) for choice in value["choices"] if choice in labels]

    def rows(self, question, value):
        return [
            _row(
                question,
                choice_id=choice,
                choice_label=label[:200],
                value_text=value["other"] if choice == OTHER else "",
            )
            for choice, label in self._labels(question, value)
        ]

    def display(self, question, value):
        return [
            f"{label}: {value['other']}" if choice == OTHER else label
            for choice, label in self._labels(question, value)
        ]

    def condition_values(self, question, value):
        return [] if value is None else [label for _choice, label in self._labels(question, value)]


class DropdownKind(ChoiceKind):
    def widget(self):
        return forms.Select

    def main_field(self, question):
        return _choice_field(
            question, self.options(question), forms.Select, empty_label=_("Choose…")
        )


class MultipleChoiceKind(ChoiceKind):
    multiple = True

    def main_field(self, question):
        low, high = question.value.get("min_selected"), question.value.get("max_selected")
        help_text = question.help_text or _selection_help(low, high)
        return forms.MultipleChoiceField(
            label=question.text,
            help_text=help_text,
            required=question.required,
            choices=self.options(question),
            widget=forms.CheckboxSelectMultiple,
            error_messages={
                "required": REQUIRED_MESSAGE,
                "invalid_choice": INVALID_CHOICE_MESSAGE,
                "invalid_list": INVALID_CHOICE_MESSAGE,
            },
        )

    def value(self, question, cleaned, errors):
        value = super().value(question, cleaned, errors)
        count = len(self.selected(question, cleaned))
        low, high = question.value.get("min_selected"), question.value.get("max_selected")
        if count and low and count < low:
            errors(question.field_name(), _at_least(low))
            return None
        if high and count > high:
            errors(question.field_name(), _at_most(high))
            return None
        return value


def _at_least(count):
    return ngettext_lazy("Choose at least %(count)d.", "Choose at least %(count)d.", count) % {
        "count": count
    }


def _at_most(count):
    return ngettext_lazy("Choose at most %(count)d.", "Choose at most %(count)d.", count) % {
        "count": count
    }


def _selection_help(low, high):
    if low and high:
        return _("Choose %(low)d to %(high)d.") % {"low": low, "high": high}
    if low:
        return _at_least(low)
    if high:
        return _at_most(high)
    return _("Choose all that apply.")


class ScaleKind(QuestionKind):
    """Rating (1–5 or 1–10) and NPS (0–10): one radio scale, the end labels on its ends."""

    layout = "scale"

    def points(self, question):
        return range(1, int(question.value.get("scale") or 5) + 1)

    def fields(self, question, member=None):
        points = list(self.points(question))
        low, high = question.value.get("low_label"), question.value.get("high_label")
        choices = []
        for point in points:
            label = str(point)
            if point == points[0] and low:
                label = f"{point}（{low}）"
            elif point == points[-1] and high:
                label = f"{point}（{high}）"
            choices.append((str(point), label))
        widget = forms.RadioSelect(attrs={"class": "survey-scale__input"})
        return {question.field_name(): _choice_field(question, choices, widget)}

    def value(self, question, cleaned, errors):
        value = cleaned.get(question.field_name())
        return int(value) if value else None

    def rows(self, question, value):
        return [_row(question, value_number=Decimal(value))]


class NPSKind(ScaleKind):
    def points(self, question):
        return range(0, 11)


class MatrixKind(QuestionKind):
    """One radio group per row (statement) over the shared scale."""

    layout = "group"

    def fields(self, question, member=None):
        scale = question.items("scale")
        fields = {}
        for row_id, row_label in question.items("rows"):
            field = _choice_field(question, scale, forms.RadioSelect)
            field.label = row_label
            field.help_text = ""
            fields[question.field_name(row_id)] = field
        return fields

    def value(self, question, cleaned, errors):
        value = {
            row_id: cleaned[question.field_name(row_id)]
            for row_id, _label in question.items("rows")
            if cleaned.get(question.field_name(row_id))
        }
        return value or None

    def rows(self, question, value):
        scale = question.items("scale")
        positions = {point: (index + 1, label) for index, (point, label) in enumerate(scale)}
        return [
            _row(
                question,
                row_id=row_id,
                row_label=row_label[:200],
                choice_id=value[row_id],
                choice_label=positions[value[row_id]][1][:200],
                value_number=Decimal(positions[value[row_id]][0]),
            )
            for row_id, row_label in question.items("rows")
            if value.get(row_id) in positions
        ]

    def display(self, question, value):
        scale = dict(question.items("scale"))
        return [
            f"{row_label}: {scale[value[row_id]]}"
            for row_id, row_label in question.items("rows")
            if value.get(row_id) in scale
        ]

    def condition_values(self, question, value):
        return []


class TextKind(QuestionKind):
    max_length = SHORT_TEXT_MAX

    def widget(self):
        return forms.TextInput(attrs={"maxlength": self.max_length})

    def fields(self, question, member=None):
        return {
            question.field_name(): _text_field(
                question.text,
                required=question.required,
                max_length=self.max_length,
                widget=self.widget(),
                help_text=question.help_text,
            )
        }

    def rows(self, question, value):
        return [_row(question, value_text=value)]


class LongTextKind(TextKind):
    max_length = LONG_TEXT_MAX

    def widget(self):
        return forms.Textarea(attrs={"rows": 6, "maxlength": self.max_length})


class NumberKind(QuestionKind):
    def fields(self, question, member=None):
        low, high = question.value.get("min_value"), question.value.get("max_value")
        low = -NUMBER_LIMIT if low is None else low
        high = NUMBER_LIMIT if high is None else high
        unit = question.value.get("unit")
        help_text = question.help_text
        if unit:
            help_text = " ".join(filter(None, [str(help_text), str(_("Unit: %s") % unit)]))
        message = _("Enter a number from %(low)s to %(high)s.") % {
            "low": plain_number(low),
            "high": plain_number(high),
        }
        attrs = {
            "inputmode": "decimal",
            "step": "any",
            "min": plain_number(low),
            "max": plain_number(high),
        }
        field = forms.DecimalField(
            label=question.text,
            help_text=help_text,
            required=question.required,
            min_value=low,
            max_value=high,
            max_digits=18,
            decimal_places=6,
            widget=forms.NumberInput(attrs=attrs),
            error_messages={
                "required": REQUIRED_MESSAGE,
                "invalid": NUMBER_INVALID,
                "min_value": message,
                "max_value": message,
                "max_digits": message,
                "max_whole_digits": message,
                "max_decimal_places": _("Use at most 6 digits after the decimal point."),
            },
        )
        return {question.field_name(): field}

    def value(self, question, cleaned, errors):
        value = cleaned.get(question.field_name())
        return None if value is None else plain_number(value)

    def rows(self, question, value):
        return [_row(question, value_number=Decimal(value))]

    def display(self, question, value):
        unit = question.value.get("unit") or ""
        return [f"{value} {unit}".strip()]


def plain_number(number):
    """A Decimal without exponent or trailing zeros: 1E+1 → "10", 2.50 → "2.5"."""
    return format(Decimal(number).normalize(), "f")


class DateKind(QuestionKind):
    def fields(self, question, member=None):
        field = forms.DateField(
            label=question.text,
            help_text=question.help_text,
            required=question.required,
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            input_formats=["%Y-%m-%d", "%Y/%m/%d"],
            error_messages={"required": REQUIRED_MESSAGE, "invalid": DATE_INVALID},
        )
        return {question.field_name(): field}

    def value(self, question, cleaned, errors):
        value = cleaned.get(question.field_name())
        return value.isoformat() if value else None

    def rows(self, question, value):
        from datetime import date

        return [_row(question, value_date=date.fromisoformat(value))]


class CodeListKind(QuestionKind):
    """Prefecture (a select of the 47) and stakeholder type (radios, from the profile)."""

    def options(self):
        return PREFECTURE_CHOICES

    def fields(self, question, member=None):
        field = _choice_field(
            question, self.options(), forms.Select, empty_label=_("Choose a prefecture")
        )
        return {question.field_name(): field}

    def rows(self, question, value):
        label = str(dict(self.options()).get(value, value))
        return [_row(question, choice_id=value, choice_label=label[:200])]

    def display(self, question, value):
        return [str(dict(self.options()).get(value, value))]

    def condition_values(self, question, value):
        return [] if value is None else [value, *self.display(question, value)]


class StakeholderTypeKind(CodeListKind):
    def options(self):
        return StakeholderType.choices

    def fields(self, question, member=None):
        field = _choice_field(question, self.options(), forms.RadioSelect)
        return {question.field_name(): field}

    def initial(self, question, member=None):
        stakeholder_type = getattr(member, "stakeholder_type", "")
        return {question.field_name(): stakeholder_type} if stakeholder_type else {}


class RankingKind(QuestionKind):
    """Each choice gets a rank (1 = first) from a select; ranks must differ."""

    layout = "group"

    def fields(self, question, member=None):
        choices = question.items()
        ranks = [(str(rank), str(rank)) for rank in range(1, len(choices) + 1)]
        fields = {}
        for choice_id, label in choices:
            field = _choice_field(question, ranks, forms.Select, empty_label="—")
            field.label, field.help_text, field.required = label, "", False
            fields[question.field_name(choice_id)] = field
        return fields

    def value(self, question, cleaned, errors):
        ranks = {
            choice_id: int(cleaned[question.field_name(choice_id)])
            for choice_id, _label in question.items()
            if cleaned.get(question.field_name(choice_id))
        }
        first_field = question.field_name(question.items()[0][0])
        if not ranks:
            if question.required:
                errors(first_field, REQUIRED_MESSAGE)
            return None
        if len(ranks) != len(question.items()):
            errors(first_field, RANK_ALL)
            return None
        if len(set(ranks.values())) != len(ranks):
            errors(first_field, RANK_DISTINCT)
            return None
        return ranks

    def rows(self, question, value):
        return [
            _row(question, choice_id=choice_id, choice_label=label[:200], rank=value[choice_id])
            for choice_id, label in question.items()
            if choice_id in value
        ]

    def display(self, question, value):
        labels = dict(question.items())
        ordered = sorted((rank, choice) for choice, rank in value.items() if choice in labels)
        return [f"{rank}. {labels[choice]}" for rank, choice in ordered]

    def condition_values(self, question, value):
        if not value:
            return []
        first = min(value, key=value.get)
        return [dict(question.items()).get(first, "")]


KINDS = {
    "single_choice": ChoiceKind(),
    "multiple_choice": MultipleChoiceKind(),
    "dropdown": DropdownKind(),
    "rating": ScaleKind(),
    "nps": NPSKind(),
    "matrix": MatrixKind(),
    "short_text": TextKind(),
    "long_text": LongTextKind(),
    "number": NumberKind(),
    "date": DateKind(),
    "prefecture": CodeListKind(),
    "stakeholder_type": StakeholderTypeKind(),
    "ranking": RankingKind(),
}
