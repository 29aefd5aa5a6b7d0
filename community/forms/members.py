"""Member forms: the profile (also the sign-up 「プロフィールを設定」 step) and closing an account.

Forms check what a member typed and say how to fix it; the writes are in community.services.
"""

import re
from pathlib import Path

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from core.forms import PlainTextField
from core.prefectures import PREFECTURE_CHOICES

from ..models import AVATAR_EXTENSIONS, StakeholderType
from ..selectors.members import display_name_key, display_name_taken, region_list
from ..services.members import (
    avatar_size_problem,
    avatar_too_large_message,
    avatar_unreadable_message,
    display_name_taken_message,
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

    display_name = PlainTextField(
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
    bio = PlainTextField(
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
    region_name = PlainTextField(
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
        renamed = display_name_key(name) != display_name_key(self.member.display_name)
        if renamed and display_name_taken(name=name, member=self.member):
            raise forms.ValidationError(display_name_taken_message())
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
