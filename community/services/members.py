"""Writes for members: their profile and picture, verified badges, closing an account.

Each function takes keyword arguments, checks what it is given and writes in one transaction.
Problems a member can fix raise ValidationError keyed by form field name.
"""

import logging
import unicodedata
import uuid
from io import BytesIO

from botocore.exceptions import BotoCoreError, ClientError
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from core.sanitising import plain_text_clean

from ..models import Comment, CommentStatus, Region, Verification
from ..selectors.members import display_name_key, display_name_taken, user_is_staff

AVATAR_SIZE = 256
AVATAR_QUALITY = 85
# Checked on the header, before decoding: a few-KB PNG can claim 6300×6300 pixels and take
# hundreds of MB once decoded and converted. Far above what a 2 MB picture normally holds.
AVATAR_MAX_PIXELS = 12_000_000
VERIFY_PERMISSION = "community.verify_member"
# What a media storage raises when it cannot take a file: a full or read-only disk (OSError),
# object storage that refuses or cannot be reached (botocore).
STORAGE_ERRORS = (OSError, BotoCoreError, ClientError)

logger = logging.getLogger(__name__)


def text_normalise(value):
    """Cleaned as all typed text (core.sanitising.plain_text_clean), NFKC (ＤＸ → DX,
    ﾏｲﾅﾝﾊﾞｰ → マイナンバー), runs of spaces collapsed, ends trimmed."""
    return " ".join(unicodedata.normalize("NFKC", plain_text_clean(str(value or ""))).split())


# --- Profile ----------------------------------------------------------------------------------


def member_profile_update(
    *,
    member,
    display_name,
    bio,
    stakeholder_type,
    prefecture,
    region,
    region_name,
    stakeholder_type_public,
    region_public,
    avatar=None,
    avatar_remove=False,
):
    """Save a member's profile; returns the member.

    `region` (a Region or None) must lie in `prefecture`; a typed `region_name` that matches a
    listed region of the prefecture is stored as that region. `avatar` (an uploaded image file)
    is re-encoded as a 256×256 JPEG without its metadata; `avatar_remove` drops the picture.
    """
    region, region_name = _region_resolve(
        prefecture=prefecture, region=region, region_name=text_normalise(region_name)
    )
    picture = _avatar_render(avatar) if avatar else None
    display_name = text_normalise(display_name)
    renamed = display_name_key(display_name) != display_name_key(member.display_name)
    shown_before = _shown_with_comments(member)
    member.display_name = display_name
    member.bio = plain_text_clean(bio).strip()
    member.stakeholder_type = stakeholder_type
    member.stakeholder_type_public = stakeholder_type_public
    member.prefecture, member.region, member.region_name = prefecture, region, region_name
    member.region_public = region_public
    with transaction.atomic():
        # Checked again here: the form's check may be seconds old.
        if renamed and display_name_taken(name=display_name, member=member):
            raise ValidationError({"display_name": display_name_taken_message()})
        if picture or avatar_remove:
            _member_avatar_replace(member=member, picture=picture)
        member.save()
        if _shown_with_comments(member) != shown_before:
            # What their comments show of them changed: the public API's copies must learn it.
            Comment.objects.filter(author=member, status=CommentStatus.PUBLISHED).update(
                changed_at=timezone.now()
            )
    return member


def _shown_with_comments(member):
    """What a member's comments show of them: their name and the attributes they make public."""
    return (
        member.display_name,
        member.stakeholder_type_public and member.stakeholder_type,
        member.region_public and (member.prefecture, member.region_id, member.region_name),
    )


def display_name_taken_message():
    """Another active member goes by the nickname: no one can pose as someone else."""
    return _("Another member uses this nickname. Choose a different one.")


def _member_avatar_replace(*, member, picture):
    """Give `member` the rendered `picture` (None removes theirs), without saving the member;
    the old file is deleted once the surrounding transaction commits."""
    old_avatar, storage = member.avatar.name, member.avatar.storage
    if picture:
        try:
            member.avatar.save(f"{uuid.uuid4().hex}.jpg", picture, save=False)
        except STORAGE_ERRORS as error:
            logger.exception("Could not store the profile picture of member %s", member.pk)
            raise ValidationError(
                _(
                    "The profile picture could not be saved just now, so nothing was changed. "
                    "Please choose the picture again and save in a few minutes."
                ),
                code="storage_failed",
            ) from error
    else:
        member.avatar = ""
    if old_avatar:
        transaction.on_commit(lambda: storage.delete(old_avatar))


def _region_resolve(*, prefecture, region, region_name):
    if region is not None and region.prefecture != prefecture:
        raise ValidationError(
            {
                "region": _(
                    "%(region)s is not in the prefecture you chose. Choose a municipality in "
                    "that prefecture, or type its name below."
                )
                % {"region": region.name}
            }
        )
    if region is not None and region_name:
        raise ValidationError(
            {"region_name": _("Choose a municipality from the list or type one, not both.")}
        )
    if region_name and not prefecture:
        raise ValidationError(
            {"prefecture": _("Choose the prefecture your municipality or region is in.")}
        )
    if region_name:
        listed = Region.objects.filter(prefecture=prefecture, name=region_name).first()
        if listed is not None:
            return listed, ""
    return region, region_name


def _avatar_render(upload):
    """The uploaded picture as a square 256×256 JPEG (ContentFile), EXIF and all metadata gone.

    Pictures over AVATAR_MAX_PIXELS are refused from their header, before any decoding."""
    try:
        upload.seek(0)
        with Image.open(upload) as source:
            if problem := avatar_size_problem(source.size):
                raise ValidationError({"avatar": problem})
            source.draft("RGB", (AVATAR_SIZE, AVATAR_SIZE))  # JPEG: decode at 1/2 to 1/8 scale
            picture = _avatar_square(ImageOps.exif_transpose(source))
    except Image.DecompressionBombError as error:
        raise ValidationError({"avatar": avatar_too_large_message()}) from error
    except (OSError, UnidentifiedImageError, ValueError) as error:
        raise ValidationError({"avatar": avatar_unreadable_message()}) from error
    flattened = Image.new("RGB", picture.size, (255, 255, 255))
    flattened.paste(picture, mask=picture.getchannel("A"))
    output = BytesIO()
    flattened.save(output, format="JPEG", quality=AVATAR_QUALITY, optimize=True)
    return ContentFile(output.getvalue())


def _avatar_square(picture):
    """The centre square of `picture` as a 256×256 RGBA image, shrunk before it is converted
    (a one-bit or palette image grows up to 32 times in memory as RGBA)."""
    width, height = picture.size
    side = min(width, height)
    left, top = (width - side) // 2, (height - side) // 2
    square = picture.crop((left, top, left + side, top + side))
    square.thumbnail((AVATAR_SIZE * 2, AVATAR_SIZE * 2))
    return square.convert("RGBA").resize((AVATAR_SIZE, AVATAR_SIZE), Image.Resampling.LANCZOS)


def avatar_size_problem(size):
    """Why a picture of `size` (width, height, read from its header) cannot be processed, as
    a message for the member; "" when its pixel count is fine."""
    width, height = size
    if width * height <= AVATAR_MAX_PIXELS:
        return ""
    return avatar_too_large_message(width=width, height=height)


def avatar_too_large_message(*, width=None, height=None):
    if width is None:
        return _("This picture is too large to process. Choose a smaller one.")
    return _("This picture is too large to process (%(width)d × %(height)d pixels).") % {
        "width": width,
        "height": height,
    }


def avatar_unreadable_message():
    return _("This file could not be read as a picture. Choose a JPEG, PNG or WebP image.")


# --- Verified badges --------------------------------------------------------------------------


def member_verify(*, member, moderator, verified_as):
    """Give `member` the verified badge `verified_as` (a Verification value), or take it away
    with "". Only someone with the verify_member permission may; returns the member."""
    if not moderator.has_perm(VERIFY_PERMISSION):
        raise PermissionDenied
    if verified_as and verified_as not in Verification.values:
        raise ValidationError({"verified_as": _("Choose one of the badges offered.")})
    if verified_as == member.verified_as:
        return member
    member.verified_as = verified_as
    member.verified_at = timezone.now() if verified_as else None
    member.verified_by = moderator if verified_as else None
    member.save(update_fields=["verified_as", "verified_at", "verified_by"])
    return member


# --- Closing an account -----------------------------------------------------------------------


def member_delete(*, member):
    """Remove the member's account: profile, picture, login, e-mail addresses, social accounts,
    MFA authenticators (all cascade with the user row) and their recorded sessions.

    What they wrote stays, shown as 「退会したユーザー」: comments (issue 4) and survey
    responses (issue 5) point at the member with on_delete=SET_NULL and keep no personal data.
    Sessions on other devices stop working even without a session registry: the user row is
    gone, and Django checks each session's password hash against the user it names.

    Staff accounts are refused with PermissionDenied: a superuser removes them in the admin.
    """
    if user_is_staff(member):
        raise PermissionDenied(staff_account_delete_refused_message())
    avatar = member.avatar.name
    storage = member.avatar.storage
    with transaction.atomic():
        _user_sessions_end(member)
        member.delete()
        if avatar:
            transaction.on_commit(lambda: storage.delete(avatar))


def staff_account_delete_refused_message():
    return _("Staff accounts cannot be deleted here: a superuser removes them in the admin.")


def _user_sessions_end(member):
    if not apps.is_installed("allauth.usersessions"):
        return
    from allauth.usersessions.models import UserSession

    for session in UserSession.objects.filter(user=member):
        session.end()
