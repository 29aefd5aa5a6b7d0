"""Forms of opinion-exchange proposals and closing: a member's topic proposal, a moderator's
decision on one, staff's conclusion when they close a topic.

They say how to fix what was typed; the rules themselves (lengths, who may, how often) are
checked again by community.services.topics, whose refusals the views put on these forms.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.forms import PlainTextField

from ..models import ProposalStatus
from ..models.topics import QUESTION_MAX_LENGTH
from ..services.moderation import REASON_MAX_LENGTH
from ..services.topics import (
    CONCLUSION_MAX_LENGTH,
    PROPOSAL_BACKGROUND_MAX_LENGTH,
    PROPOSAL_TITLE_MAX_LENGTH,
)

PROPOSAL_FILTER_ALL = "all"


class TopicProposalForm(forms.Form):
    """What a member proposes: a title, the question put to the region, and why."""

    title = PlainTextField(
        label=_("Title"),
        max_length=PROPOSAL_TITLE_MAX_LENGTH,
        help_text=_("A short name for the opinion exchange, e.g. 「書かない窓口を支所にも」."),
    )
    question = PlainTextField(
        label=_("Question to put to the region"),
        max_length=QUESTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One question people can answer for, neutral or against."),
    )
    background = PlainTextField(
        label=_("Background"),
        required=False,
        max_length=PROPOSAL_BACKGROUND_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Why this matters to the region and what people should know (optional)."),
    )


class ProposalFilterForm(forms.Form):
    """The queue's filter: pending proposals first, or any other status, or all."""

    status = forms.ChoiceField(
        label=pgettext_lazy("state of an item", "Status"),
        choices=[
            *ProposalStatus.choices,
            (PROPOSAL_FILTER_ALL, pgettext_lazy("filter choice", "All")),
        ],
        required=False,
    )

    def status_value(self):
        """The status to list: a ProposalStatus value, "" for all; pending when unset."""
        if not self.is_valid() or not self.cleaned_data["status"]:
            return ProposalStatus.PENDING
        status = self.cleaned_data["status"]
        return "" if status == PROPOSAL_FILTER_ALL else status


class ProposalDeclineForm(forms.Form):
    reason = PlainTextField(
        label=_("Reason (shown to the member)"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give a reason: the member will read it.")},
    )


class TopicCloseForm(forms.Form):
    conclusion = PlainTextField(
        label=_("Conclusion (まとめ)"),
        max_length=CONCLUSION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Plain text, pinned on top of the topic for everyone to read. Line breaks are "
            "kept and web addresses become links."
        ),
        error_messages={"required": _("Write the conclusion before closing.")},
    )
