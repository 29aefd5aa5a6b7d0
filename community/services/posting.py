"""Who may post, where and how fast. A refusal the member can read and act on is a CommentError:
an account that may not post now (unverified, suspended), a page or topic not taking comments,
or the pace, duplicate, link and per-address limits of DiscussionSettings."""

import math
from datetime import timedelta
from functools import partial

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.page_cache import page_cache_remember
from core.ratelimit import rate_limit_wait
from core.sanitising import URL_RE

from ..models import Comment, DiscussionMode, Suspension, TopicPage
from ..selectors.members import MEMBERS_SCOPE, user_is_staff
from .discussions import discussion_mode


class CommentError(ValidationError):
    """A comment, like or report refused for a reason the member can read and act on."""


def member_can_post(member):
    """Whether `member` may comment, like and report now (see member_post_refusal)."""
    return member_post_refusal(member) is None


def member_post_refusal(member, *, kept=False):
    """Why `member` may not comment, like or report now, as a CommentError to show them, or
    None when they may: a signed-in, active account with a verified e-mail address (or staff:
    their accounts are made by a superuser and use MFA) that no moderator has suspended.
    `kept`: the account's facts as kept in the pages cache until it changes (MEMBERS_SCOPE),
    for showing the comment form on every read; a write reads them afresh."""
    if member is None or not member.is_authenticated or not member.is_active:
        return CommentError(_("Your account cannot post at the moment."), code="member")
    if kept:
        facts = page_cache_remember(
            f"member-posting:{member.pk}", partial(_posting_facts, member), scope=MEMBERS_SCOPE
        )
    else:
        facts = _posting_facts(member)
    verified, suspensions = facts
    if not verified:
        return CommentError(
            _("Confirm your e-mail address before you post."), code="email_unverified"
        )
    suspension = _suspension_in_force(suspensions, at=timezone.now())
    if suspension is not None:
        return CommentError(_suspended_message(suspension), code="suspended")
    return None


def _posting_facts(member):
    """(whether the member counts as verified, their suspensions neither lifted nor over)."""
    verified = user_is_staff(member) or _member_email_verified(member)
    not_over = Q(ends_at__isnull=True) | Q(ends_at__gt=timezone.now())
    suspensions = Suspension.objects.filter(not_over, member=member, lifted_at__isnull=True)
    return verified, tuple(suspensions) if verified else ()


def _suspension_in_force(suspensions, *, at):
    """The longest of `suspensions` in force `at` (one without an end first), or None."""
    in_force = [suspension for suspension in suspensions if suspension.in_force(at=at)]
    return max(in_force, key=lambda s: (s.ends_at is None, s.ends_at or at), default=None)


def _suspended_message(suspension):
    if suspension.ends_at is None:
        return _("A moderator has suspended your account from posting. Reason: %(reason)s") % {
            "reason": suspension.reason
        }
    until = date_format(timezone.localtime(suspension.ends_at), "SHORT_DATETIME_FORMAT")
    return _(
        "A moderator has suspended your account from posting until %(time)s. Reason: %(reason)s"
    ) % {"time": until, "reason": suspension.reason}


def _member_email_verified(member):
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(user=member, verified=True).exists()


def _member_may_post_check(member):
    if refusal := member_post_refusal(member):
        raise refusal


def _page_open_check(page):
    if not page.live:
        raise CommentError(
            _("Comments can only be posted on published pages."), code="page_not_live"
        )
    mode = discussion_mode(page)
    if mode == DiscussionMode.CLOSED:
        raise CommentError(_("Comments are closed on this page."), code="closed")
    _topic_open_check(page.pk)
    return mode


def _topic_open_check(page_id):
    """On an opinion exchange that takes no opinions now (not begun, ended, closed), comments
    are read-only: no likes, no edits."""
    topic = TopicPage.objects.filter(pk=page_id).first()
    if topic is not None and not topic.accepts_opinions():
        raise CommentError(_("This opinion exchange is not taking opinions."), code="closed")


def _links_check(source, *, limit):
    if len(URL_RE.findall(source)) > limit:
        raise CommentError(
            {
                "body": ngettext(
                    "On your first day you can include at most %(limit)s web address in a comment.",
                    "On your first day you can include at most %(limit)s web addresses in a "
                    "comment.",
                    limit,
                )
                % {"limit": limit}
            },
            code="too_many_links",
        )


def _duplicate_check(*, author, source, limits, now):
    since = now - timedelta(minutes=limits.duplicate_window_minutes)
    if Comment.objects.filter(author=author, body_source=source, created_at__gte=since).exists():
        raise CommentError(
            {"body": _("You have just posted the same text. Please write something new.")},
            code="duplicate",
        )


def _pace_check(*, author, limits, now, first_day):
    """Refuse a comment that comes too soon after the member's last one, or one over the
    first-day allowance; the message says when they may post again."""
    mine = Comment.objects.filter(author=author)
    last = mine.order_by("-created_at").values_list("created_at", flat=True).first()
    gap = (
        limits.min_seconds_between_comments_first_day
        if first_day
        else limits.min_seconds_between_comments
    )
    if last is not None and (wait := gap - (now - last).total_seconds()) > 0:
        raise _wait_error(seconds=wait)
    if first_day and mine.count() >= limits.max_comments_first_day:
        allowed_from = timezone.localtime(author.date_joined + timedelta(days=1))
        raise CommentError(
            _(
                "On your first day you can post %(limit)s comments. You can post again from "
                "%(time)s."
            )
            % {
                "limit": limits.max_comments_first_day,
                "time": date_format(allowed_from, "SHORT_DATETIME_FORMAT"),
            },
            code="first_day_limit",
        )


def _address_pace_check(ip_address, *, limits):
    per_address = (limits.max_comments_per_address, limits.address_window_minutes * 60)
    if wait := rate_limit_wait(scope="comment", ip_address=ip_address, limit=per_address):
        raise _wait_error(seconds=wait)


def wait_message(seconds, *, count=None):
    """「次のコメントを投稿できるまで、あと11秒お待ちください。」 for `seconds`; a countdown
    passes the text "{seconds}" with the `count` whose grammatical number it needs."""
    return ngettext(
        "Please wait %(seconds)s second before posting another comment.",
        "Please wait %(seconds)s seconds before posting another comment.",
        seconds if count is None else count,
    ) % {"seconds": seconds}


def vote_wait_message(seconds, *, count=None):
    """「次に投票できるまで、あと3秒お待ちください。」, as wait_message for comments."""
    return ngettext(
        "Please wait %(seconds)s second before voting again.",
        "Please wait %(seconds)s seconds before voting again.",
        seconds if count is None else count,
    ) % {"seconds": seconds}


def _wait_error(*, seconds, message=wait_message):
    """A wait, not a mistake: `params["seconds"]` tells the form how long (views.comments);
    `message` is wait_message or vote_wait_message."""
    seconds = max(1, math.ceil(seconds))
    return CommentError(message(seconds), code="too_soon", params={"seconds": seconds})
