"""The moderators' forms in the Wagtail admin: the queue's filters, a decision on comments, a
page's comment setting and a suspension."""

from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.converters import MAX_ID
from core.forms import PlainTextField

from ..models import Comment, DiscussionMode, ModerationActionKind
from ..selectors.moderation import QueueFilter


class ModerationQueueFilterForm(forms.Form):
    """The filters above the moderation queue (GET); page and member come from links."""

    status = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            (QueueFilter.REVIEW, _("Needs a decision")),
            (QueueFilter.REPORTED, _("Reported")),
            (QueueFilter.PENDING, _("Waiting for review")),
            (QueueFilter.HIDDEN, _("Hidden")),
            (QueueFilter.DELETED, _("Deleted")),
            (QueueFilter.ALL, _("All comments")),
        ],
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    page = forms.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, widget=forms.HiddenInput
    )
    member = forms.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, widget=forms.HiddenInput
    )

    def filters(self):
        """Keyword arguments for selectors.moderation.moderation_queue: each filter that is valid,
        the default for one that is not (a bad page number keeps the search)."""
        self.is_valid()
        data = self.cleaned_data
        return {
            "status": data.get("status") or QueueFilter.REVIEW,
            "query": data.get("q") or "",
            "page_id": data.get("page"),
            "member_id": data.get("member"),
        }


class CommentChoiceField(forms.ModelMultipleChoiceField):
    """Comments by id; an id no database column could hold is refused before any query."""

    def _check_values(self, value):
        for pk in value:
            if not str(pk).isdigit() or int(pk) > MAX_ID:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class ModerationDecisionForm(forms.Form):
    """One decision for one or several comments, with the reason the authors will read."""

    kind = forms.ChoiceField(
        label=pgettext_lazy("moderation", "Action"),
        choices=[
            (ModerationActionKind.APPROVE, pgettext_lazy("moderation", "Approve")),
            (ModerationActionKind.HIDE, _("Hide")),
            (ModerationActionKind.DELETE, _("Delete")),
            (ModerationActionKind.RESTORE, _("Restore")),
        ],
        error_messages={"required": _("Choose an action.")},
    )
    comments = CommentChoiceField(
        queryset=Comment.objects.select_related("author", "page"),
        error_messages={"required": _("Select at least one comment.")},
    )
    reason = PlainTextField(
        label=_("Reason (shown to the author)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PageDiscussionForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("Comments"), choices=DiscussionMode.choices, widget=forms.RadioSelect
    )


class SuspensionForm(forms.Form):
    """How long a member is suspended and why; a custom end date-time when the lengths offered
    do not fit."""

    CUSTOM = "custom"
    INDEFINITE = "indefinite"

    length = forms.ChoiceField(
        label=_("Length"),
        choices=[
            ("1", _("1 day")),
            ("3", _("3 days")),
            ("7", _("7 days")),
            ("30", _("30 days")),
            (INDEFINITE, _("Until lifted")),
            (CUSTOM, _("Until a date and time")),
        ],
        initial="7",
        widget=forms.RadioSelect,
    )
    ends_at = forms.DateTimeField(
        label=_("Until"),
        required=False,
        help_text=_("Japan time. Only for “Until a date and time”."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    reason = PlainTextField(
        label=_("Reason (shown to the member)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give a reason: the member will read it.")},
    )

    def clean(self):
        cleaned = super().clean()
        length = cleaned.get("length")
        if length != self.CUSTOM:
            self.errors.pop("ends_at", None)  # not used: a typo there must not block the form
        elif not cleaned.get("ends_at") and "ends_at" not in self.errors:
            self.add_error("ends_at", _("Choose the date and time the suspension ends."))
        return cleaned

    def ends_at_value(self, *, now):
        """When the suspension ends (None: until lifted)."""
        length = self.cleaned_data["length"]
        if length == self.INDEFINITE:
            return None
        if length == self.CUSTOM:
            return self.cleaned_data["ends_at"]
        return now + timedelta(days=int(length))
