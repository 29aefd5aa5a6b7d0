"""Questions answered in one input box: short and long text, number and date."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from .base import REQUIRED_MESSAGE, QuestionKind, answer_row, text_field

SHORT_TEXT_MAX = 200
LONG_TEXT_MAX = 5000
NUMBER_LIMIT = Decimal("999999999999")  # what Answer.value_number (18 digits, 6 decimals) holds

NUMBER_INVALID = _("Enter a number, for example 12 or 3.5.")
DATE_INVALID = _("Enter a date such as 2026-04-01.")


class TextKind(QuestionKind):
    max_length = SHORT_TEXT_MAX

    def widget(self):
        return forms.TextInput(attrs={"maxlength": self.max_length})

    def fields(self, question, member=None):
        return {
            question.field_name(): text_field(
                question.text,
                required=question.required,
                max_length=self.max_length,
                widget=self.widget(),
                help_text=question.help_text,
            )
        }

    def rows(self, question, value):
        return [answer_row(question, value_text=value)]


class LongTextKind(TextKind):
    max_length = LONG_TEXT_MAX

    def widget(self):
        return forms.Textarea(attrs={"rows": 6, "maxlength": self.max_length})


class NumberKind(QuestionKind):
    def range(self, question):
        """(lowest, highest, the message for a number outside them)."""
        low, high = question.value.get("min_value"), question.value.get("max_value")
        low = -NUMBER_LIMIT if low is None else low
        high = NUMBER_LIMIT if high is None else high
        message = _("Enter a number from %(low)s to %(high)s.") % {
            "low": plain_number(low),
            "high": plain_number(high),
        }
        return low, high, message

    def client_checks(self, question):
        # The bounds are the input's own min and max.
        message = self.range(question)[2]
        return {**super().client_checks(question), "range": message, "invalid": NUMBER_INVALID}

    def fields(self, question, member=None):
        low, high, message = self.range(question)
        unit = question.value.get("unit")
        help_text = question.help_text
        if unit:
            help_text = " ".join(filter(None, [str(help_text), str(_("Unit: %s") % unit)]))
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
        return [answer_row(question, value_number=Decimal(value))]

    def display(self, question, value):
        unit = question.value.get("unit") or ""
        return [f"{value} {unit}".strip()]


def plain_number(number):
    """A Decimal without exponent or trailing zeros: 1E+1 → "10", 2.50 → "2.5"."""
    return format(Decimal(number).normalize(), "f")


class DateKind(QuestionKind):
    def client_checks(self, question):
        return {**super().client_checks(question), "invalid": DATE_INVALID}

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

        return [answer_row(question, value_date=date.fromisoformat(value))]
