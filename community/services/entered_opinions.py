"""Opinions staff key in for a topic: received on paper, at a counter, by post or e-mail, or at
an event, attributed to their channel (「郵送でいただいたご意見」) and never to a member.

The text goes through the same cleaning and limits as a member's opinion (services.comments);
the topic may have ended or been closed, since letters arrive late. A reference number written
on the paper is unique per topic, by a database constraint, so the same sheet is never entered
twice, even by two people typing at once.
"""

import datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.channels import Channel
from core.sanitising import plain_text_clean, plain_text_to_html

from .. import tasks
from ..models import Comment, CommentStatus, Stance, TopicPage
from ..models.comments import REFERENCE_MAX_LENGTH
from .comments import _body_clean
from .posting import CommentError

ENTER_PERMISSION = "community.enter_opinions"
JAPAN = ZoneInfo("Asia/Tokyo")
# An opinion received on a day is placed at noon of that day (Japan time): its date is what
# shows, and noon keeps it on that date whatever the reader's time zone rounding.
RECEIVED_HOUR = 12


def opinions_enterable_by(user):
    """Whether `user` may key in opinions received outside the web."""
    return user.is_authenticated and user.has_perm(ENTER_PERMISSION)


def opinion_enter(*, actor, topic, body, channel, received_on, stance="", reference=""):
    """Key in an opinion received through `channel` (a Channel other than WEB) on the date
    `received_on`, for `topic` (a TopicPage, open, ended or closed). Returns the new published
    Comment, with no author.

    Raises PermissionDenied when `actor` may not, and CommentError (keyed by field) for an
    empty or too long text, a stance the topic does not take, a web or unknown channel, a date
    in the future, or a reference number already entered for this topic."""
    if not opinions_enterable_by(actor):
        raise PermissionDenied(_("You may not enter opinions."))
    if not isinstance(topic, TopicPage):
        raise CommentError(_("Opinions are entered for an opinion exchange."), code="page")
    source = _body_clean(body)
    if channel == Channel.WEB or channel not in Channel.values:
        raise CommentError({"channel": _("Choose how the opinion was received.")}, code="channel")
    if stance and (not topic.asks_stance or stance not in Stance.values):
        raise CommentError({"stance": _("This topic does not take this stance.")}, code="stance")
    today = timezone.localdate(timezone=JAPAN)
    if received_on > today:
        raise CommentError(
            {"received_on": _("The date received cannot be in the future.")}, code="future"
        )
    reference = plain_text_clean(reference or "").strip()[:REFERENCE_MAX_LENGTH]
    created_at = datetime.datetime.combine(received_on, datetime.time(RECEIVED_HOUR), tzinfo=JAPAN)
    try:
        with transaction.atomic():
            comment = Comment.objects.create(
                page_id=topic.pk,
                author=None,
                body_source=source,
                body_html=plain_text_to_html(source),
                status=CommentStatus.PUBLISHED,
                created_at=min(created_at, timezone.now()),
                stance=stance,
                channel=channel,
                reference=reference,
                depth=1,
            )
            transaction.on_commit(
                lambda: tasks.comment_published_notify.enqueue(comment_id=comment.pk)
            )
    except IntegrityError:
        if reference and Comment.objects.filter(page_id=topic.pk, reference=reference).exists():
            raise CommentError(_reference_taken(reference), code="reference_taken") from None
        raise
    return comment


def _reference_taken(reference):
    return {
        "reference": _(
            "Reference number %(reference)s has already been entered for this topic. "
            "Check the sheet: the same one must not be entered twice."
        )
        % {"reference": reference}
    }
