"""Forms of the events' staff screens: filtering the registrations, searching at check-in,
adding a walk-in and choosing the follow-up page attendees are invited to."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from community.models import StakeholderType

from .models import RegistrationStatus

STATUS_FILTERS = [
    ("", _("All")),
    *RegistrationStatus.choices,
    ("attended", _("Checked in")),
    ("walk_in", _("Walk-ins")),
]


class RegistrationFilterForm(forms.Form):
    """Which registrations the list shows: a status (or 受付済み, 当日参加) and a time slot."""

    status = forms.ChoiceField(
        label=pgettext_lazy("model field", "status"), choices=STATUS_FILTERS, required=False
    )
    slot = forms.ChoiceField(label=_("Time slot"), required=False)

    def __init__(self, data=None, *, slots):
        super().__init__(data)
        self.fields["slot"].choices = [("", _("All")), *slots.items()]
        if not slots:
            del self.fields["slot"]

    def filters(self):
        """{"status": …, "slot_id": … or None} for selectors_staff.event_registrations."""
        if not self.is_valid():
            return {"status": "", "slot_id": None}
        slot = self.cleaned_data.get("slot")
        return {"status": self.cleaned_data["status"], "slot_id": slot or None}


class CheckinSearchForm(forms.Form):
    q = forms.CharField(label=_("Name or e-mail address"), max_length=100, required=False)


class WalkInForm(forms.Form):
    """A walk-in: a name and, if they say, their stakeholder type. `once` makes a double tap
    add them only once (the view remembers the ones used)."""

    name = forms.CharField(label=_("Name"), max_length=100)
    stakeholder_type = forms.ChoiceField(
        label=_("Stakeholder type"),
        choices=[("", _("Not given")), *StakeholderType.choices],
        required=False,
    )
    slot = forms.ChoiceField(label=_("Time slot"), required=False)
    once = forms.CharField(widget=forms.HiddenInput, max_length=40)

    def __init__(self, data=None, *, slots, **kwargs):
        super().__init__(data, initial={"once": uuid.uuid4().hex}, **kwargs)
        self.fields["slot"].choices = [("", _("Not in a time slot")), *slots.items()]
        if not slots:
            del self.fields["slot"]


class FollowUpForm(forms.Form):
    """The event's follow-up survey or opinion exchange attendees are invited to."""

    page = forms.TypedChoiceField(label=_("Invite attendees to"), coerce=int)

    def __init__(self, data=None, *, pages):
        super().__init__(data)
        self.pages = {page.pk: page for page in pages}
        self.fields["page"].choices = [(page.pk, page.title) for page in pages]

    def clean_page(self):
        return self.pages[self.cleaned_data["page"]]
