"""Staff's forms on a consultation's opinions (consultations.views)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .models import NOTE_MAX_LENGTH, SUMMARY_MAX_LENGTH, OpinionGroup, ProgressNote


class OpinionGroupForm(WagtailAdminModelForm):
    """A group's summary, the organisation's view on it, its disposition and follow-up."""

    class Meta:
        model = OpinionGroup
        fields = ["summary", "view", "disposition", "progress"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}


class ProgressNoteForm(forms.ModelForm):
    class Meta:
        model = ProgressNote
        fields = ["progress", "noted_on", "note"]
        widgets = {
            "noted_on": forms.DateInput(attrs={"type": "date"}),
            "note": forms.Textarea(attrs={"rows": 2, "maxlength": NOTE_MAX_LENGTH}),
        }


class BoardForm(forms.Form):
    """One action on the grouping board with the opinions (and groups) ticked."""

    ACTIONS = ("create", "move", "ungroup", "merge")

    action = forms.ChoiceField(choices=[(action, action) for action in ACTIONS])
    opinions = forms.MultipleChoiceField(required=False)
    groups = forms.MultipleChoiceField(required=False)
    summary = forms.CharField(
        label=_("Summary of the opinions"), required=False, max_length=SUMMARY_MAX_LENGTH
    )
    target = forms.TypedChoiceField(label=_("Move to group"), required=False, coerce=int)

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        keys = [opinion.key for opinion in board.ungrouped] + [
            opinion.key for entry in board.groups for _member, opinion in entry.opinions
        ]
        groups = [(entry.group.pk, str(entry.group.position)) for entry in board.groups]
        self.fields["opinions"].choices = [(key, key) for key in keys]
        self.fields["groups"].choices = [(str(pk), label) for pk, label in groups]
        self.fields["target"].choices = [("", "—"), *groups]

    def clean(self):
        cleaned = super().clean()
        action = cleaned.get("action")
        if action in ("create", "move", "ungroup") and not cleaned.get("opinions"):
            raise forms.ValidationError(_("Tick at least one opinion."))
        if action == "create" and not cleaned.get("summary", "").strip():
            self.add_error("summary", _("Write a short summary of the opinions for the group."))
        if action == "move" and not cleaned.get("target"):
            self.add_error("target", _("Choose the group to move the opinions to."))
        if action == "merge" and len(cleaned.get("groups") or []) < 2:
            raise forms.ValidationError(_("Tick two groups or more to merge them."))
        return cleaned
