"""The public forms of events: registering (`RegistrationForm`: who, which time slot, and the
event's own questions, asked with the survey's form machinery) and the filters of the event
list (`EventFilterForm`)."""

import re
from datetime import date

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from community.models import Region, StakeholderType
from core.forms import PlainTextField
from core.japan import japan_zone
from surveys.forms import SurveyForm
from surveys.questions.stream import survey_steps

from .models import EventKind

NAME_MAX = 100  # Registration.name
EMAIL_MAX = 254
MONTH_PATTERN = re.compile(r"(\d{4})-(\d{2})")


def registration_questions(event, *, easy=False):
    """The event's registration questions as surveys.questions.stream.Question objects (`easy`:
    showing their やさしい日本語)."""
    steps = survey_steps(event.questions, easy=easy)
    return [question for step in steps for question in step.questions]


class RegistrationForm(SurveyForm):
    """Registering for `event`: a non-member gives a name and an e-mail address (and may say
    who they are); a 相談会 with time slots asks which one; then the event's questions. Once
    valid, `answers_snapshot()` is what the registration keeps of the answers. `easy`: the
    questions in やさしい日本語 (the reader's choice, readable.versions)."""

    def __init__(self, *args, event, member=None, seats_left=None, easy=False, **kwargs):
        questions = registration_questions(event, easy=easy)
        super().__init__(*args, questions=questions, member=member, **kwargs)
        own = {}
        if member is None:
            own = self._identity_fields()
        if event.slot_list:
            own["slot"] = self._slot_field(event, seats_left or {})
        self.fields = {**own, **self.fields}
        self.own_field_names = list(own)

    def _identity_fields(self):
        return {
            "name": PlainTextField(
                label=pgettext_lazy("registration", "Name"),
                max_length=NAME_MAX,
                strip=True,
                error_messages={
                    "required": _("Enter your name."),
                    "max_length": _("Please keep your name to %(limit_value)d characters."),
                },
                widget=forms.TextInput(attrs={"autocomplete": "name"}),
            ),
            "email": forms.EmailField(
                label=_("Email address"),
                max_length=EMAIL_MAX,
                help_text=_("We send a link to this address to complete your registration."),
                error_messages={
                    "required": _("Enter your e-mail address."),
                    "invalid": _("Enter an e-mail address such as taro@example.jp."),
                },
                widget=forms.EmailInput(attrs={"autocomplete": "email"}),
            ),
            "stakeholder_type": forms.ChoiceField(
                label=_("Which describes you best?"),
                required=False,
                choices=[("", _("Prefer not to say")), *StakeholderType.choices],
            ),
        }

    def _slot_field(self, event, seats_left):
        choices = [
            (slot_id, slot_label(starts_at, ends_at, seats_left.get(slot_id)))
            for slot_id, starts_at, ends_at, _capacity in event.slot_list
        ]
        return forms.ChoiceField(
            label=_("Time slot"),
            choices=choices,
            widget=forms.RadioSelect,
            error_messages={
                "required": _("Choose a time slot."),
                "invalid_choice": _("Choose one of the time slots listed."),
            },
        )

    def own_fields(self):
        """The bound fields asked before the event's questions (name, e-mail, time slot)."""
        return [self[name] for name in self.own_field_names]

    def error_entries(self):
        own = [
            (self[name].auto_id, self[name].label, error)
            for name in self.own_field_names
            for error in self[name].errors
        ]
        return own + super().error_entries()

    def answers_snapshot(self):
        """{question id: {"question": its text, "value": the answer, "text": the answer as
        shown}}: the answers with the labels they were given under, so staff read them as
        the person did even after the questions are edited (the originals, when they read
        them in やさしい日本語)."""
        by_id = {question.id: question.original for question in self.questions}
        return {
            question_id: {
                "question": by_id[question_id].text,
                "value": value,
                "text": "、".join(
                    str(line) for line in by_id[question_id].kind.display(by_id[question_id], value)
                ),
            }
            for question_id, value in self.answers.items()
        }


def slot_label(starts_at, ends_at, left):
    """「12月20日 10:00–10:30（残り2席）」: a time slot and its seats left (None: no limit)."""
    starts_at, ends_at = _japan(starts_at), _japan(ends_at)
    when = "{} {}–{}".format(
        date_format(starts_at, "MONTH_DAY_FORMAT"),
        date_format(starts_at, "H:i"),
        date_format(ends_at, "H:i"),
    )
    if left is None:
        return when
    if left == 0:
        return f"{when}（{_('full: join the waiting list')}）"
    return f"{when}（{seats_left_text(left)}）"


def _japan(moment):
    return moment.astimezone(japan_zone()) if timezone.is_aware(moment) else moment


def seats_left_text(left):
    return pgettext_lazy("seats", "%(count)d left") % {"count": left}


class EventFilterForm(forms.Form):
    """The event list's filters (GET): kind, municipality, month (YYYY-MM). A value that is
    not one of the choices is an error and that filter is left off."""

    kind = forms.ChoiceField(
        label=pgettext_lazy("event", "Kind"),
        required=False,
        choices=[("", _("All kinds")), *EventKind.choices],
    )
    region = forms.ModelChoiceField(
        label=pgettext_lazy("event", "Municipality"),
        required=False,
        queryset=Region.objects.none(),
        empty_label=_("All municipalities"),
    )
    month = forms.CharField(label=pgettext_lazy("event", "Month"), required=False, max_length=7)

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
        self.fields["month"].widget = forms.TextInput(attrs={"type": "month"})

    def clean_month(self):
        return month_parse(self.cleaned_data["month"], required=False)

    def filters(self):
        """{kind, region, month} of the valid filters (empty ones left out)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {name: cleaned[name] for name in ("kind", "region", "month") if cleaned.get(name)}


def month_parse(text, *, required=True):
    """The first day of the month written "2026-12"; None for an empty text when not
    `required`. Raises ValidationError otherwise."""
    if not text and not required:
        return None
    match = MONTH_PATTERN.fullmatch(text or "")
    if match and 1 <= int(match[2]) <= 12 and 1900 <= int(match[1]) <= 2999:
        return date(int(match[1]), int(match[2]), 1)
    raise forms.ValidationError(_("Enter a month such as 2026-12."), code="invalid")
