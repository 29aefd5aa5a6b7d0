"""The staff forms of announcements: the announcement with its audience (one formset row per
condition), and when to send it."""

from django import forms
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateTimeInput, AdminPageChooser

from .models import LINKABLE_PAGES, Announcement, AudienceCondition


class AnnouncementForm(forms.ModelForm):
    class Meta:
        model = Announcement
        fields = ["title", "text", "page", "combinator"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3, "maxlength": 200}),
            "page": AdminPageChooser(target_models=LINKABLE_PAGES),
            "combinator": forms.RadioSelect,
        }


class AudienceConditionForm(forms.ModelForm):
    class Meta:
        model = AudienceCondition
        fields = ["kind", "stakeholder_type", "prefecture", "region", "page"]
        widgets = {"page": AdminPageChooser()}


AudienceConditionFormSet = inlineformset_factory(
    Announcement,
    AudienceCondition,
    form=AudienceConditionForm,
    extra=1,
    min_num=1,
    validate_min=True,
    can_delete=True,
)


class SendForm(forms.Form):
    """Now, or at a time to come."""

    send_at = forms.DateTimeField(
        label=_("Send at (empty: now)"), required=False, widget=AdminDateTimeInput
    )

    def clean_send_at(self):
        send_at = self.cleaned_data["send_at"]
        if send_at is not None and send_at <= timezone.now():
            raise forms.ValidationError(_("Choose a time to come, or leave it empty to send now."))
        return send_at
