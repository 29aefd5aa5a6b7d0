"""The member's notification settings form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models.notifications import NotificationEmail


class NotificationSettingsForm(forms.Form):
    """How often a member is e-mailed about their notifications."""

    notification_email = forms.ChoiceField(
        label=_("E-mail me about notifications"),
        choices=NotificationEmail.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how often we may e-mail you.")},
    )
