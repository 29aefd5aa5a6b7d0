"""The form staff key an opinion in with (views.entered_opinions): its text, stance, channel,
the date it was received and the reference number written on the paper. The rules themselves
are checked again by services.entered_opinions, whose refusals the view puts on this form."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.channels import Channel, channels_offline
from core.forms import PlainTextField

from ..models import Stance
from ..models.comments import BODY_MAX_LENGTH, REFERENCE_MAX_LENGTH


class EnteredOpinionForm(forms.Form):
    body = PlainTextField(
        label=_("Opinion"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8, "autofocus": True}),
        help_text=_("Type the text as written. Leave out names, addresses and telephone numbers."),
    )
    stance = forms.ChoiceField(
        label=_("Stance"),
        required=False,
        choices=[("", _("Not stated")), *Stance.choices],
        widget=forms.RadioSelect,
    )
    channel = forms.ChoiceField(
        label=pgettext_lazy("channel", "Received by"),
        choices=channels_offline,
        initial=Channel.POST,
        widget=forms.RadioSelect,
    )
    received_on = forms.DateField(
        label=_("Date received"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Shown as the opinion's date."),
    )
    reference = PlainTextField(
        label=_("Reference number"),
        required=False,
        max_length=REFERENCE_MAX_LENGTH,
        help_text=_(
            "The number written on the letter or sheet, if any. The same number cannot be "
            "entered twice for this topic."
        ),
    )

    def __init__(self, *args, topic, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("received_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        if not topic.asks_stance:
            del self.fields["stance"]

    def focus_first_error(self):
        """Move the keyboard focus (autofocus) from the text to the first field refused."""
        refused = [name for name in self.fields if name in self.errors]
        if refused:
            self.fields["body"].widget.attrs.pop("autofocus", None)
            self.fields[refused[0]].widget.attrs["autofocus"] = True
