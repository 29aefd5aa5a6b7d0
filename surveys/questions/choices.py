"""Questions answered by choosing: single choice (radios), dropdown and multiple choice, with an
optional 「その他」 and its text, and the code lists prefecture and stakeholder type."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from community.models import StakeholderType
from core.prefectures import PREFECTURE_CHOICES

from .base import (
    INVALID_CHOICE_MESSAGE,
    REQUIRED_MESSAGE,
    QuestionKind,
    answer_row,
    choice_field,
    text_field,
)

OTHER_TEXT_MAX = 200
OTHER = "other"

OTHER_LABEL = _("Other")
OTHER_TEXT_LABEL = _("Please specify “Other”")
OTHER_TEXT_REQUIRED = _("You chose “Other”: please write what it is.")


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
        return choice_field(question, self.options(question), self.widget())

    def fields(self, question, member=None):
        fields = {question.field_name(): self.main_field(question)}
        if question.value.get("allow_other"):
            fields[question.field_name(OTHER)] = text_field(
                OTHER_TEXT_LABEL,
                required=False,
                max_length=OTHER_TEXT_MAX,
                widget=forms.TextInput(attrs={"maxlength": OTHER_TEXT_MAX}),
            )
        return fields

    def client_checks(self, question):
        checks = super().client_checks(question)
        if question.value.get("allow_other"):
            checks["other"] = OTHER_TEXT_REQUIRED
        return checks

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
            answer_row(
                question,
                choice_id=choice,
                choice_label=label[:200],
                value_text=value["other"] if choice == OTHER else "",
            )
            for choice, label in self._labels(question, value)
        ]

    def display(self, question, value):
        return [
            _("%(label)s: %(value)s") % {"label": label, "value": value["other"]}
            if choice == OTHER
            else label
            for choice, label in self._labels(question, value)
        ]

    def condition_values(self, question, value):
        return [] if value is None else [label for _choice, label in self._labels(question, value)]


class DropdownKind(ChoiceKind):
    def widget(self):
        return forms.Select

    def main_field(self, question):
        return choice_field(
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

    def client_checks(self, question):
        checks = super().client_checks(question)
        low, high = question.value.get("min_selected"), question.value.get("max_selected")
        if low:
            checks.update({"min": low, "min-message": _at_least(low)})
        if high:
            checks.update({"max": high, "max-message": _at_most(high)})
        return checks

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


class CodeListKind(QuestionKind):
    """Prefecture (a select of the 47) and stakeholder type (radios, from the profile)."""

    def options(self):
        return PREFECTURE_CHOICES

    def fields(self, question, member=None):
        field = choice_field(
            question, self.options(), forms.Select, empty_label=_("Choose a prefecture")
        )
        return {question.field_name(): field}

    def rows(self, question, value):
        label = str(dict(self.options()).get(value, value))
        return [answer_row(question, choice_id=value, choice_label=label[:200])]

    def display(self, question, value):
        return [str(dict(self.options()).get(value, value))]

    def condition_values(self, question, value):
        return [] if value is None else [value, *self.display(question, value)]


class StakeholderTypeKind(CodeListKind):
    def options(self):
        return StakeholderType.choices

    def fields(self, question, member=None):
        field = choice_field(question, self.options(), forms.RadioSelect)
        return {question.field_name(): field}

    def initial(self, question, member=None):
        stakeholder_type = getattr(member, "stakeholder_type", "")
        return {question.field_name(): stakeholder_type} if stakeholder_type else {}
