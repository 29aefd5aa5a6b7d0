"""The editors' form for event pages (EventPage.base_form_class)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from community.models import StakeholderType
from core.page_slugs import ReadablePageForm


class EventPageForm(ReadablePageForm):
    """The stakeholder types an event is for, ticked from the list members choose from."""

    stakeholder_types = forms.MultipleChoiceField(
        label=_("stakeholder types invited"),
        choices=StakeholderType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
