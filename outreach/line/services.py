"""Linking and unlinking members' LINE accounts (outreach.LineAccount).

Two ways to link: a member who signed in with LINE links that account in one step (with the same
LINE provider for LINE Login and the official account, the sign-in's user ID is the one messages
go to); anyone else adds the official account as a friend and sends it a one-time code
(LineLinkCode) shown on their settings page, and the webhook links the sender. A code is
CODE_LENGTH characters that cannot be mistaken for one another, lasts CODE_LIFETIME, is used
once, and a member has one at a time. A LINE account is linked to one member at most."""

import datetime
import secrets
import unicodedata

from allauth.socialaccount.models import SocialAccount
from django.db import transaction
from django.utils import timezone

from community.models import NotificationChannel, NotificationKind
from community.services.announcements import announcements_set, announcements_unsubscribe

from ..models import Delivery, DeliveryStatus, LineAccount, LineLinkCode

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
CODE_LENGTH = 8
CODE_LIFETIME = datetime.timedelta(minutes=30)


def line_account_link(*, member, line_user_id, display_name=""):
    """Link the LINE account `line_user_id` to `member` (replacing the member's previous one,
    and taking it from any other member it was linked to); returns the LineAccount."""
    with transaction.atomic():
        LineAccount.objects.filter(line_user_id=line_user_id).exclude(member=member).delete()
        account, _created = LineAccount.objects.update_or_create(
            member=member,
            defaults={
                "line_user_id": line_user_id,
                "display_name": display_name[:100],
                "linked_at": timezone.now(),
            },
        )
    return account


def line_sign_in_account(*, member):
    """The member's LINE sign-in (allauth SocialAccount), or None."""
    return SocialAccount.objects.filter(user=member, provider="line").first()


def line_account_link_sign_in(*, member):
    """Link the LINE account the member signs in with; returns the LineAccount, or None when
    they do not sign in with LINE."""
    social = line_sign_in_account(member=member)
    if social is None:
        return None
    data = social.extra_data or {}
    name = str(data.get("displayName") or data.get("name") or "")
    return line_account_link(member=member, line_user_id=social.uid, display_name=name)


def line_account_unlink(*, member=None, line_user_id=None):
    """Unlink the LINE account of `member`, or the account `line_user_id` (unfollowed)."""
    accounts = LineAccount.objects.all()
    if member is not None:
        accounts = accounts.filter(member=member)
    if line_user_id is not None:
        accounts = accounts.filter(line_user_id=line_user_id)
    accounts.delete()


def line_link_code_create(*, member, now=None):
    """A new code for `member` (their earlier ones no longer work); returns the LineLinkCode."""
    now = now or timezone.now()
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    with transaction.atomic():
        LineLinkCode.objects.filter(member=member).delete()
        return LineLinkCode.objects.create(member=member, code=code, expires_at=now + CODE_LIFETIME)


def line_link_code_active(*, member, now=None):
    """The member's code that still works, or None."""
    now = now or timezone.now()
    return LineLinkCode.objects.filter(member=member, expires_at__gt=now).first()


def line_code_normalize(text):
    """`text` as a code would be stored: full-width characters, case, spaces and hyphens do not
    matter (「ａｂｃｄ－１２３４」 is ABCD1234); None when it cannot be a code."""
    code = unicodedata.normalize("NFKC", text).upper().replace("-", "").replace(" ", "")
    if len(code) != CODE_LENGTH or any(char not in CODE_ALPHABET for char in code):
        return None
    return code


def line_link_by_code(*, text, line_user_id, now=None):
    """Link `line_user_id` to the member whose working code `text` is, using the code up;
    returns the LineAccount, or None when `text` is no such code."""
    now = now or timezone.now()
    code = line_code_normalize(text)
    if code is None:
        return None
    with transaction.atomic():
        found = (
            LineLinkCode.objects.select_for_update()
            .select_related("member")
            .filter(code=code, expires_at__gt=now, member__is_active=True)
            .first()
        )
        if found is None:
            return None
        found.delete()
        return line_account_link(member=found.member, line_user_id=line_user_id)


def line_display_name_set(*, account, display_name):
    """Keep the LINE name of `account` (shown on the member's settings page)."""
    LineAccount.objects.filter(pk=account.pk).update(display_name=display_name[:100])
    account.display_name = display_name[:100]


def line_announcements_stop(*, line_user_id):
    """「配信停止」 from `line_user_id`: its member takes no more announcements, counted for the
    last announcement they were sent on LINE (if any). Returns the member, or None when the
    LINE account is linked to nobody."""
    account = LineAccount.objects.select_related("member").filter(line_user_id=line_user_id)
    account = account.first()
    if account is None:
        return None
    last = (
        Delivery.objects.select_related("notification__recipient")
        .filter(
            notification__recipient=account.member,
            notification__kind=NotificationKind.ANNOUNCEMENT,
            channel=NotificationChannel.LINE,
            status=DeliveryStatus.SENT,
        )
        .order_by("-sent_at", "-pk")
        .first()
    )
    if last is None:
        return announcements_set(member=account.member, wanted=False)
    return announcements_unsubscribe(notification=last.notification, via=NotificationChannel.LINE)
