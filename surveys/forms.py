"""The respondent's forms: one step of a survey (`SurveyForm`), the confirmation
(`SurveyConfirmForm`), and which steps and questions are shown given the answers so far
(`survey_plan`); and staff keying in a sheet answered on paper with the same fields
(`KeyInForm`).

Answers travel as the raw form data of the questions (`{field name: text or [texts]}`): that is
what the draft keeps between steps, so a step shows exactly what was typed, even when it did not
validate. Only the fields of the survey's own questions are ever read from a POST.
"""

from dataclasses import dataclass, field

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.channels import channels_offline
from core.forms import PlainTextField

from .models import REFERENCE_MAX, reference_normalise
from .questions.conditions import TYPED_ANSWER_TYPES, condition_met
from .questions.stream import survey_steps
from .selectors.respondents import sheet_entered
from .services import SheetAlreadyEntered

RAW_TEXT_MAX = 10_000  # what a draft keeps of one field; the fields refuse far less
RAW_LIST_MAX = 100


class SurveyForm(forms.Form):
    """The fields of `questions`; once valid, `answers` maps question id → answer value
    (unanswered optional questions are left out)."""

    def __init__(self, *args, questions, member=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        self.answers = {}
        self.names = {}
        self.new_question_ids = set()  # shown by an answer just sent: never seen before
        for question in self.questions:
            fields = question.kind.fields(question, member)
            self.fields.update(fields)
            self.names[question.id] = list(fields)
            for name, value in question.kind.initial(question, member).items():
                self.initial.setdefault(name, value)

    def clean(self):
        cleaned = super().clean()
        for question in self.checked_questions():
            if any(name in self.errors for name in self.names[question.id]):
                continue
            value = question.kind.value(question, cleaned, self.add_error)
            if value is not None:
                self.answers[question.id] = value
        return cleaned

    def checked_questions(self):
        """The questions whose answers are checked and kept (all of them here)."""
        return self.questions

    def question_blocks(self):
        """Per question: the question, its layout and bound fields (main first; 「その他」 last)."""
        return [
            QuestionFields(
                question,
                [self[name] for name in self.names[question.id]],
                is_new=question.id in self.new_question_ids,
            )
            for question in self.questions
        ]

    def error_entries(self):
        """(field id, what to call it, message) of every error, in question order."""
        entries = []
        for block in self.question_blocks():
            for bound in block.fields:
                label = block.question.text
                if bound.label != label:
                    label = f"{label} — {bound.label}"
                entries.extend((bound.auto_id, label, error) for error in bound.errors)
        return entries


class KeyInForm(SurveyForm):
    """Staff keying in one sheet (paper, counter, post or e-mail, event): the number written on
    it, how it reached us, then every question of the survey on one page with the respondent's
    own fields. As on the site, the questions a sheet's answers leave hidden (conditions) are
    neither checked nor kept; once valid, `answers` holds the others' answers."""

    def __init__(self, *args, survey, **kwargs):
        questions = [q for step in survey_steps(survey.questions) for q in step.questions]
        super().__init__(*args, questions=questions, **kwargs)
        self.fields["reference"] = PlainTextField(
            label=_("Sheet number"),
            required=False,
            max_length=REFERENCE_MAX,
            strip=True,
            help_text=_("The number written on the sheet. A number entered once is refused."),
            widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True}),
        )
        self.fields["channel"] = forms.ChoiceField(
            label=_("How it reached us"),
            choices=channels_offline,
        )
        self.survey = survey
        self.shown = None  # all questions until a sheet's answers say otherwise
        if self.is_bound:
            plan = survey_plan(survey=survey, data=raw_data(questions=questions, post=self.data))
            self.shown = {question.id for question in plan.questions}
            for question in questions:
                if question.id not in self.shown:
                    for name in self.names[question.id]:
                        self.fields[name].required = False

    def checked_questions(self):
        return [q for q in self.questions if self.shown is None or q.id in self.shown]

    def clean_reference(self):
        """The number as stored, refused at once when that sheet was entered already, so the
        typist learns it before the rest of the sheet matters (the service checks again)."""
        reference = reference_normalise(self.cleaned_data["reference"])
        if sheet_entered(survey=self.survey, reference=reference):
            raise SheetAlreadyEntered(reference)
        return reference

    def clean(self):
        checked = {question.id for question in self.checked_questions()}
        for question in self.questions:
            if question.id not in checked:
                for name in self.names[question.id]:
                    self._errors.pop(name, None)
        return super().clean()

    def error_entries(self):
        entries = [
            (self[name].auto_id, self[name].label, error)
            for name in ("reference", "channel")
            for error in self[name].errors
        ]
        return entries + super().error_entries()

    def focus_first_error(self):
        """Move the cursor (autofocus) from the sheet number to the first field in error."""
        names = ["reference", "channel", *(n for q in self.questions for n in self.names[q.id])]
        first = next((name for name in names if name in self.errors), None)
        if first is not None:
            self.fields["reference"].widget.attrs.pop("autofocus", None)
            self.fields[first].widget.attrs["autofocus"] = True


@dataclass
class QuestionFields:
    question: object
    fields: list
    is_new: bool = False

    @property
    def layout(self):
        return self.question.kind.layout

    @property
    def main(self):
        return self.fields[0]

    @property
    def others(self):
        return self.fields[1:]

    @property
    def has_errors(self):
        return any(bound.errors for bound in self.fields)

    @property
    def checks(self):
        """(name, value) of the question's data-check-… attributes (static/js/site.js)."""
        return sorted(self.question.kind.client_checks(self.question).items())


def raw_data(*, questions, post):
    """The submitted values of these questions' fields (nothing else), capped in size."""
    data = {}
    form = SurveyForm(questions=questions)
    for name, form_field in form.fields.items():
        if isinstance(form_field, forms.MultipleChoiceField):
            values = post.getlist(name)[:RAW_LIST_MAX]
            data[name] = [value[:RAW_TEXT_MAX] for value in values]
        elif name in post:
            data[name] = post.get(name, "")[:RAW_TEXT_MAX]
    return data


def field_names(*, questions):
    return list(SurveyForm(questions=questions).fields)


@dataclass
class PlannedStep:
    """A step as the respondent sees it: its section and the questions shown."""

    step: object
    questions: list
    position: int = 0  # 1-based among the steps shown

    @property
    def number(self):
        """Its number in the URL (1-based among all steps, stable as answers change)."""
        return self.step.index + 1


@dataclass
class SurveyPlan:
    steps: list = field(default_factory=list)
    answers: dict = field(default_factory=dict)
    total_steps: int = 0

    def get(self, number):
        return next((planned for planned in self.steps if planned.number == number), None)

    def after(self, number):
        return next((planned for planned in self.steps if planned.number > number), None)

    def before(self, number):
        earlier = [planned for planned in self.steps if planned.number < number]
        return earlier[-1] if earlier else None

    @property
    def questions(self):
        return [question for planned in self.steps for question in planned.questions]


def survey_plan(*, survey, data, member=None, easy=False):
    """Which steps and questions are shown given the raw `data` answered so far, and the valid
    answers of those shown. Hidden questions are neither asked nor stored. `easy`: the steps
    and questions show their やさしい日本語 texts (the same fields, answers and conditions)."""
    plan = SurveyPlan()
    values_by_code = {}
    for step in survey_steps(survey.questions, easy=easy):
        plan.total_steps += 1
        if not condition_met(step.condition, values_by_code):
            continue
        shown = []
        for question in step.questions:
            if not condition_met(question.condition, values_by_code):
                continue
            shown.append(question)
            value = _question_value(question, data, member)
            if value is not None:
                plan.answers[question.id] = value
            if question.code:
                values_by_code[question.code] = _condition_values(question.original, value)
        if shown:
            plan.steps.append(PlannedStep(step, shown, position=len(plan.steps) + 1))
    return plan


def _condition_values(question, value):
    """What conditions compare with, in both languages (a condition written 「その他」 or
    「東京都」 holds for a respondent reading the survey in English too), and whether it was
    typed (see questions.condition_met)."""
    values = []
    for language in ("ja", "en"):
        with translation.override(language):
            values += [str(each) for each in question.kind.condition_values(question, value)]
    return values, question.type in TYPED_ANSWER_TYPES


def _question_value(question, data, member):
    form = SurveyForm(data=data, questions=[question], member=member)
    return form.answers.get(question.id) if form.is_valid() else None


def plan_first_invalid(*, plan, data, member=None):
    """The first shown step whose answers do not validate, or None."""
    for planned in plan.steps:
        if not SurveyForm(data=data, questions=planned.questions, member=member).is_valid():
            return planned
    return None


class SurveyConfirmForm(forms.Form):
    """The confirmation page: the submission token (a replayed POST carries the same one) and,
    when offered, the e-mail receipt."""

    submission_token = forms.UUIDField(widget=forms.HiddenInput)
    email_receipt = forms.BooleanField(label=_("E-mail me a copy of my answers"), required=False)

    def __init__(self, *args, offer_receipt=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not offer_receipt:
            del self.fields["email_receipt"]
