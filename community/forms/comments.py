"""Comment forms: a comment, reply or opinion, and a report (通報).

Forms check what a member typed and say how to fix it; the writes are in
community.services.comments.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import PlainTextField

from ..models.comments import BODY_MAX_LENGTH, ReportReason, Stance


class CommentForm(forms.Form):
    """A comment or a reply. The text is checked by services.comment_create (length, pace,
    links), whose messages are shown on `body`; `website` is a honeypot as on the contact form."""

    body = PlainTextField(
        label=_("Comment"),
        required=False,  # services.comment_create says what is missing, in one voice
        strip=False,
        help_text=_(
            "Plain text, up to 5,000 characters. Line breaks are kept and web addresses "
            "become links."
        ),
        # No maxlength: it would silently cut a pasted text; the server explains the limit.
        widget=forms.Textarea(attrs={"rows": 5, "data-max-length": BODY_MAX_LENGTH}),
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    # An opinion's stance on a topic that asks for one; services.comment_create says when it
    # is missing, so that the text typed is kept with one message.
    stance = forms.ChoiceField(
        label=_("Your stance"),
        required=False,
        choices=Stance.choices,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose where you stand: for, neutral or against.")},
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, opinion=False, **kwargs):
        """`opinion`: a new opinion on an opinion-exchange topic (its text is "your opinion")."""
        super().__init__(*args, **kwargs)
        self.opinion = opinion
        if opinion:
            self.fields["body"].label = _("Your opinion")

    @property
    def is_spam(self):
        return bool(self.is_bound and self.data.get("website"))

    def honeypot_refusal(self):
        """This form again, its text kept, the honeypot emptied and a neutral message: a
        person whose browser filled in the hidden field just posts again; a bot is not told
        why nothing was posted."""
        data = self.data.copy()
        data["website"] = ""
        form = type(self)(data, opinion=self.opinion)
        form.full_clean()
        form.add_error(None, _("Your comment has not been posted yet. Check it and post it again."))
        return form


class CommentReportForm(forms.Form):
    """A report (通報): a reason and, for 「その他」 required, what is wrong. The rules are in
    services.comment_report."""

    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=ReportReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a reason for your report.")},
    )
    text = PlainTextField(
        label=_("Details"),
        required=False,
        help_text=_("Up to 1,000 characters. Required when the reason is “Other”."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
