"""The member's notification settings form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models.notifications import NotificationChannel, NotificationEmail, NotificationKind


class NotificationSettingsForm(forms.Form):
    """How often a member is e-mailed about their notifications, and which kinds reach them on
    each channel: one checkbox per (kind, channel), named `<kind>:<channel>`, ticked unless the
    member turned that kind off there (`opt_outs`). `channels` are the NotificationChannel
    values shown: e-mail and those another app delivers."""

    notification_email = forms.ChoiceField(
        label=_("E-mail me about notifications"),
        choices=NotificationEmail.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how often we may e-mail you.")},
    )
    announcements = forms.BooleanField(
        label=_("Receive announcements from the operators"),
        help_text=_(
            "News from the site's operators, such as new surveys. Off: none on any channel."
        ),
        required=False,
    )

    def __init__(self, *args, channels, opt_outs, **kwargs):
        super().__init__(*args, **kwargs)
        self.channels = [NotificationChannel(channel) for channel in channels]
        for kind in NotificationKind:
            for channel in self.channels:
                self.fields[f"{kind}:{channel}"] = forms.BooleanField(
                    label=f"{kind.label} ({channel.label})",
                    required=False,
                    initial=(kind.value, channel.value) not in opt_outs,
                )

    @property
    def kind_rows(self):
        """(kind label, [bound checkbox per channel]) for each NotificationKind: the table."""
        return [
            (kind.label, [self[f"{kind}:{channel}"] for channel in self.channels])
            for kind in NotificationKind
        ]

    def opt_outs(self):
        """{(kind, channel)} left unticked (call after is_valid())."""
        return {
            (kind.value, channel.value)
            for kind in NotificationKind
            for channel in self.channels
            if not self.cleaned_data[f"{kind}:{channel}"]
        }
