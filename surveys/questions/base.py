"""What every question type has: the QuestionKind a block type is asked, checked and stored
by, and the form fields and Answer row most kinds build on.

For each block type (surveys.blocks) a `QuestionKind` says:

- `fields(question, member)`: the Django form fields that ask it, named after the question's
  stable block id (`q-<id>`, `q-<id>-other`, `q-<id>-<row or choice id>`);
- `value(question, cleaned, errors)`: the answer as a small JSON-friendly value (None when not
  answered), reporting cross-field problems through `errors(field_name, message)`;
- `rows(question, value)`: the Answer rows it becomes, with label snapshots (models.Answer);
- `display(question, value)`: the lines shown on the confirmation page and in the receipt;
- `condition_values(question, value)`: what conditions on its code compare against.

The kinds themselves are in surveys.questions.choices, .scales and .inputs; surveys.questions.stream
names which block type each kind asks (KINDS).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import PlainTextField

REQUIRED_MESSAGE = _("Answer this question.")
INVALID_CHOICE_MESSAGE = _("Choose one of the options listed.")
TEXT_TOO_LONG = _("Please keep this to %(limit_value)d characters (it is %(show_value)d now).")


def answer_row(question, **kwargs):
    return {
        "question_id": question.id,
        "question_type": question.type,
        "question_label": question.text[:300],
        **kwargs,
    }


def choice_field(question, choices, widget, *, empty_label=None):
    field_choices = [("", empty_label)] if empty_label else []
    return forms.ChoiceField(
        label=question.text,
        help_text=question.help_text,
        required=question.required,
        choices=field_choices + list(choices),
        widget=widget,
        error_messages={"required": REQUIRED_MESSAGE, "invalid_choice": INVALID_CHOICE_MESSAGE},
    )


def text_field(label, *, required, max_length, widget, help_text=""):
    """A typed answer, cleaned as all typed text is (core.forms.PlainTextField)."""
    return PlainTextField(
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

    def client_checks(self, question):
        """What the page may check before the server does (one question per screen's 次へ),
        as data- attributes of the question, each with the server's own message."""
        return {"required": REQUIRED_MESSAGE} if question.required else {}

    def condition_values(self, question, value):
        return [] if value is None else [str(value)]
