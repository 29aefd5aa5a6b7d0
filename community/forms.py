"""Member forms: the profile (also the sign-up 「プロフィールを設定」 step) and closing an account;
comment forms; the moderators' forms in the admin.

Forms check what a member typed and say how to fix it; the writes are in community.services.
"""

import re
from datetime import timedelta
from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from core.prefectures import PREFECTURE_CHOICES

from .models import (
    AVATAR_EXTENSIONS,
    Comment,
    DiscussionMode,
    ModerationActionKind,
    StakeholderType,
)
from .models.comments import BODY_MAX_LENGTH, ReportReason, Stance
from .models.notifications import NotificationEmail
from .selectors.members import region_list
from .selectors.moderation import QueueFilter
from .services.members import (
    avatar_size_problem,
    avatar_too_large_message,
    avatar_unreadable_message,
    text_normalise,
)

DISPLAY_NAME_MAX = 30
BIO_MAX = 300
REGION_NAME_MAX = 100
AVATAR_MAX_BYTES = 2 * 1024 * 1024
AVATAR_FORMATS = {"JPEG", "PNG", "WEBP"}

EMAIL_PATTERN = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+")
# Any word.word (bit.ly/abc, example.tokyo), not only known top-level domains.
URL_PATTERN = re.compile(r"(https?://|www\.|\w\.[a-z]{2,})", re.IGNORECASE)
# Words that would make a nickname pass for staff, the site or a badge (checked after NFKC,
# case-insensitively): 公式 and the verified badge are shown by the site itself.
RESERVED_NAME_WORDS = (
    "✓", "✔", "☑", "✅", "認証済み", "退会したユーザー", "公式", "運営", "事務局", "寄り合い",
    "yoriai", "admin", "staff",
)  # fmt: skip


class RegionSelect(forms.Select):
    """Regions grouped by prefecture; each option names its prefecture for site.js to filter."""

    def __init__(self, *args, prefecture_of=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.prefecture_of = prefecture_of or {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        prefecture = self.prefecture_of.get(str(value))
        if prefecture:
            option["attrs"]["data-prefecture"] = prefecture
        return option


class ProfileForm(forms.Form):
    """The member's public profile. `cleaned_data` maps onto member_profile_update()."""

    display_name = forms.CharField(
        label=_("Nickname"),
        help_text=_(
            "Shown publicly next to what you write, 1 to 30 characters. "
            "Not your e-mail address or a web address."
        ),
        error_messages={"required": _("Enter a nickname (1 to 30 characters).")},
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    avatar = forms.FileField(
        label=_("Profile picture"),
        required=False,
        help_text=_("JPEG, PNG or WebP, up to 2 MB. It is cropped to a square."),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    avatar_remove = forms.BooleanField(label=_("Remove my picture"), required=False)
    bio = forms.CharField(
        label=_("Short bio"),
        required=False,
        help_text=_("Up to 300 characters of plain text."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    stakeholder_type = forms.ChoiceField(
        label=_("I take part as"),
        required=False,
        choices=[("", _("Prefer not to say")), *StakeholderType.choices],
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose one of the options listed.")},
    )
    stakeholder_type_public = forms.BooleanField(
        label=_("Show my stakeholder type on my public profile"), required=False
    )
    prefecture = forms.ChoiceField(
        label=_("Prefecture"),
        required=False,
        choices=[("", _("Not specified")), *PREFECTURE_CHOICES],
        error_messages={"invalid_choice": _("Choose a prefecture from the list.")},
    )
    region = forms.ChoiceField(
        label=_("Municipality or region"),
        required=False,
        help_text=_("Choose from the list for your prefecture."),
        error_messages={"invalid_choice": _("Choose a municipality from the list.")},
    )
    region_name = forms.CharField(
        label=_("Not in the list? Type your municipality or region"),
        required=False,
    )
    region_public = forms.BooleanField(
        label=_("Show my prefecture and municipality on my public profile"), required=False
    )

    def __init__(self, *args, member, **kwargs):
        kwargs.setdefault("initial", self.initial_for(member))
        super().__init__(*args, **kwargs)
        self.member = member
        self.regions = {str(region.pk): region for region in region_list()}
        self.fields["region"].choices = self._region_choices()
        self.fields["region"].widget = RegionSelect(
            prefecture_of={pk: region.prefecture for pk, region in self.regions.items()},
            attrs={"data-region-for": self.add_prefix("prefecture")},
        )
        self.fields["region"].widget.choices = self.fields["region"].choices
        if not member.avatar:
            del self.fields["avatar_remove"]

    @staticmethod
    def initial_for(member):
        return {
            "display_name": member.display_name,
            "bio": member.bio,
            "stakeholder_type": member.stakeholder_type,
            "stakeholder_type_public": member.stakeholder_type_public,
            "prefecture": member.prefecture,
            "region": member.region_id or "",
            "region_name": member.region_name,
            "region_public": member.region_public,
        }

    def _region_choices(self):
        labels = dict(PREFECTURE_CHOICES)
        groups = {}
        for pk, region in self.regions.items():
            groups.setdefault(region.prefecture, []).append((pk, region.name))
        return [("", _("Not listed / not specified"))] + [
            (str(labels[code]), options) for code, options in groups.items()
        ]

    def clean_display_name(self):
        name = text_normalise(self.cleaned_data["display_name"])
        if not name:
            raise forms.ValidationError(self.fields["display_name"].error_messages["required"])
        if len(name) > DISPLAY_NAME_MAX:
            raise forms.ValidationError(
                _("Use 30 characters or fewer for your nickname (it has %(count)d).")
                % {"count": len(name)}
            )
        if EMAIL_PATTERN.search(name):
            raise forms.ValidationError(
                _(
                    "Your nickname looks like an e-mail address. "
                    "Choose a name that does not reveal it."
                )
            )
        if URL_PATTERN.search(name):
            raise forms.ValidationError(_("Your nickname must not be a web address."))
        if any(word in name.casefold() for word in RESERVED_NAME_WORDS):
            raise forms.ValidationError(
                _(
                    "Your nickname must not suggest that you speak for Yoriai or its staff, "
                    "or carry a badge (such as 公式, 運営, admin or ✓). Choose another name."
                )
            )
        return name

    def clean_bio(self):
        bio = self.cleaned_data["bio"].replace("\r\n", "\n").strip()
        if len(bio) > BIO_MAX:
            raise forms.ValidationError(
                _("Keep your bio to 300 characters or fewer (it has %(count)d).")
                % {"count": len(bio)}
            )
        return bio

    def clean_region(self):
        return self.regions.get(self.cleaned_data["region"])

    def clean_region_name(self):
        name = text_normalise(self.cleaned_data["region_name"])
        if len(name) > REGION_NAME_MAX:
            raise forms.ValidationError(
                _("Use 100 characters or fewer for the municipality or region (it has %(count)d).")
                % {"count": len(name)}
            )
        return name

    def clean_avatar(self):
        upload = self.cleaned_data.get("avatar")
        if not upload:
            return None
        if Path(upload.name).suffix.lower().lstrip(".") not in AVATAR_EXTENSIONS:
            raise forms.ValidationError(_("Choose a JPEG, PNG or WebP picture."))
        if upload.size > AVATAR_MAX_BYTES:
            raise forms.ValidationError(
                _("This picture is %(size)s. Choose one of 2 MB or less.")
                % {"size": filesizeformat(upload.size)}
            )
        _avatar_check(upload)
        return upload


def _avatar_check(upload):
    """Refuse files that are not really a JPEG, PNG or WebP picture, or have too many pixels.

    Only the header is read (Image.open does not decode): the pixel count is checked before
    verify(), and nothing here decodes the image."""
    try:
        with Image.open(upload) as picture:
            kind, too_large = picture.format, avatar_size_problem(picture.size)
            if kind in AVATAR_FORMATS and not too_large:
                picture.verify()
    except Image.DecompressionBombError as error:
        raise forms.ValidationError(avatar_too_large_message()) from error
    except (OSError, UnidentifiedImageError, ValueError) as error:
        raise forms.ValidationError(avatar_unreadable_message()) from error
    finally:
        upload.seek(0)
    if kind not in AVATAR_FORMATS:
        raise forms.ValidationError(_("Choose a JPEG, PNG or WebP picture."))
    if too_large:
        raise forms.ValidationError(too_large)


class AccountDeleteForm(forms.Form):
    """Confirms 退会. Who is asking is checked by allauth's re-authentication, not here."""

    confirm = forms.BooleanField(
        label=_("I understand that my account cannot be restored."),
        error_messages={"required": _("Tick the box to confirm that you want to leave.")},
    )


class SanitisedTextField(forms.CharField):
    """Text that a service passes through core.sanitising, which removes NUL with the
    other unsafe characters. Unlike CharField it does not refuse NUL: that would send back a
    confusing message about text the member did type."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators = [
            validator
            for validator in self.validators
            if not isinstance(validator, ProhibitNullCharactersValidator)
        ]


class CommentForm(forms.Form):
    """A comment or a reply. The text is checked by services.comment_create (length, pace,
    links), whose messages are shown on `body`; `website` is a honeypot as on the contact form."""

    body = SanitisedTextField(
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
    text = SanitisedTextField(
        label=_("Details"),
        required=False,
        help_text=_("Up to 1,000 characters. Required when the reason is “Other”."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


# --- Moderation (Wagtail admin) ---------------------------------------------------------------

MAX_ID = 2**63 - 1  # the largest id a database column holds; larger ones are refused as invalid


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
        label=_("Action"),
        choices=[
            (ModerationActionKind.APPROVE, _("Approve")),
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
    reason = forms.CharField(
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
    reason = forms.CharField(
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


class NotificationSettingsForm(forms.Form):
    """How often a member is e-mailed about their notifications."""

    notification_email = forms.ChoiceField(
        label=_("E-mail me about notifications"),
        choices=NotificationEmail.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how often we may e-mail you.")},
    )
