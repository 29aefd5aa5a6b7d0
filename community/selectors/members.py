"""Reads for members: who is staff, public profiles and what a viewer may see of them, a
member's public activity, and the regions of the profile form."""

import hashlib
import unicodedata
from dataclasses import dataclass
from functools import partial

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Permission
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404

from core.page_cache import page_cache_remember

from ..models import Comment, Region, User

STAFF_PERMISSION = "wagtailadmin.access_admin"
# What members' accounts decide (public member pages, who may post) is kept in the pages cache
# under this scope, which every write to an account, an e-mail address, a suspension, a
# group or a permission renews (community.signals).
MEMBERS_SCOPE = "members"


def user_is_staff(user):
    """Whether `user` is staff: flagged is_staff, a superuser, or allowed into the Wagtail admin.

    Staff see every profile attribute, are not closed through 退会 and have no public member
    page (_members_with_public_page says the same in SQL)."""
    return bool(
        user.is_authenticated
        and (user.is_staff or user.is_superuser or user.has_perm(STAFF_PERMISSION))
    )


def display_name_key(name):
    """What two nicknames share when a reader would take them for the same: NFKC (ＡＢＣ and
    ABC, ﾀﾅﾀﾞ and タナダ), case-folded, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFKC", name or "").casefold().split())


def display_name_taken(*, name, member):
    """Whether another active member goes by `name`, NFKC-normalised and ignoring case.

    Stored nicknames are NFKC with spaces collapsed (services.members.text_normalise), so
    full- and half-width look-alikes compare equal; `iexact` ignores case (for ASCII only on
    SQLite, for all letters on PostgreSQL).
    """
    text = " ".join(unicodedata.normalize("NFKC", name or "").split())
    if not text:
        return False
    others = User.objects.filter(is_active=True, display_name__iexact=text).exclude(pk=member.pk)
    return others.exists()


def member_public_get(*, pk):
    """The member `pk` with their region, as their public page shows them; Http404 unless
    they are active, have a verified primary e-mail address and are not staff (staff speak
    with the 公式 badge instead of a member page)."""
    return get_object_or_404(_members_with_public_page().select_related("region"), pk=pk)


def member_has_public_page(member):
    """Whether /members/<pk>/ shows `member` (see member_public_get)."""
    return _members_with_public_page().filter(pk=member.pk).exists()


def members_with_public_page_ids(member_ids):
    """Which of `member_ids` have a public member page (see member_public_get), kept until
    an account changes (MEMBERS_SCOPE): a thread's authors, on every read of it."""
    ids = sorted(set(member_ids))
    if not ids:
        return frozenset()
    digest = hashlib.sha256(",".join(map(str, ids)).encode()).hexdigest()[:32]
    return page_cache_remember(
        f"member-pages:{digest}", partial(_public_page_ids, ids), scope=MEMBERS_SCOPE
    )


def _public_page_ids(member_ids):
    return frozenset(
        _members_with_public_page().filter(pk__in=member_ids).values_list("pk", flat=True)
    )


def _members_with_public_page():
    """Active members with a verified primary e-mail address who are not staff: no is_staff
    flag, not superusers, and no admin access through their groups or their own permissions."""
    app_label, codename = STAFF_PERMISSION.split(".")
    admin_access = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    verified = EmailAddress.objects.filter(user=OuterRef("pk"), primary=True, verified=True)
    return (
        User.objects.filter(Exists(verified), is_active=True, is_staff=False, is_superuser=False)
        .exclude(groups__permissions__in=admin_access)
        .exclude(user_permissions__in=admin_access)
    )


@dataclass(frozen=True)
class ProfileAttribute:
    label: str
    value: str
    staff_only: bool  # shown only because the viewer is staff; the member keeps it private


def member_public_attributes(*, member, viewer):
    """Stakeholder type and region as `viewer` may see them: what the member made public, and
    everything filled in when the viewer is staff (marked `staff_only` when not public)."""
    staff = user_is_staff(viewer)
    shown = []
    candidates = [
        (
            User._meta.get_field("stakeholder_type").verbose_name,
            member.get_stakeholder_type_display() if member.stakeholder_type else "",
            member.stakeholder_type_public,
        ),
        (User._meta.get_field("region").verbose_name, member.region_label, member.region_public),
    ]
    for label, value, public in candidates:
        if value and (public or staff):
            shown.append(ProfileAttribute(label=label, value=value, staff_only=not public))
    return shown


def member_public_activity(*, member):
    """The member's published comments on live pages, newest first, ready to paginate
    (opinions will join them: they are comments with a stance)."""
    return (
        Comment.objects.published()
        .filter(author=member, page__live=True)
        .select_related("page")
        .order_by("-created_at", "-pk")
    )


def region_list():
    """Every region staff keep, in prefecture order, for the profile form's grouped choices."""
    return Region.objects.order_by("prefecture", "sort_order", "name", "pk")
