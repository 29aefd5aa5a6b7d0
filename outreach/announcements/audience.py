"""Who an announcement reaches: the members its conditions select (AND or OR), never those who
turned announcements off, closed accounts or staff accounts (they write and approve
announcements; a member of staff who wants them as a member uses a member's account). Then how
many that is, exact only from the privacy minimum up, and by which channel each will hear of it.

Each condition is a subquery of member ids, read through the selectors of the apps that know
them (community: follows, topic participants; surveys: responses; events: registrations)."""

import operator
from dataclasses import dataclass
from functools import reduce

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from community.models import (
    Follow,
    NotificationChannel,
    NotificationEmail,
    NotificationKind,
    User,
)
from community.selectors.topics import topic_participants
from community.services.notification_channels import opted_out
from events.models import Registration, RegistrationStatus
from surveys.models import Response

from ..channels import outreach_channels
from ..models import LineAccount, PushSubscription
from .models import Combinator, ConditionKind


def eligible_members():
    """Members who may receive announcements at all."""
    return User.objects.filter(
        is_active=True, announcements=True, is_staff=False, is_superuser=False
    )


def condition_q(condition):
    """A Q over User selecting the members `condition` names."""
    kind = condition.kind
    if kind == ConditionKind.STAKEHOLDER_TYPE:
        return Q(stakeholder_type=condition.stakeholder_type)
    if kind == ConditionKind.PREFECTURE:
        return Q(prefecture=condition.prefecture)
    if kind == ConditionKind.REGION:
        return Q(region_id=condition.region_id)
    return Q(pk__in=_page_members(kind, condition.page_id))


def _page_members(kind, page_id):
    if kind == ConditionKind.FOLLOWERS:
        return Follow.objects.filter(page_id=page_id).values("member_id")
    if kind == ConditionKind.SURVEY:
        return (
            Response.objects.real()
            .filter(survey_id=page_id, member__isnull=False)
            .values("member_id")
        )
    if kind == ConditionKind.TOPIC:
        return topic_participants(topic_id=page_id).values("pk")
    if kind == ConditionKind.EVENT:
        registered = Q(status=RegistrationStatus.REGISTERED) | Q(checked_in_at__isnull=False)
        return Registration.objects.filter(
            registered, event_id=page_id, member__isnull=False
        ).values("member_id")
    raise ValueError(f"Unknown audience condition: {kind!r}")


def audience_members(*, conditions, combinator):
    """The members `conditions` (AudienceConditions) select, joined by `combinator` (a
    Combinator value), who may receive announcements; none without a condition."""
    if not conditions:
        return User.objects.none()
    join = operator.or_ if combinator == Combinator.ANY else operator.and_
    return eligible_members().filter(reduce(join, map(condition_q, conditions)))


def announcement_audience(announcement):
    """The members `announcement` is for (its saved conditions)."""
    return audience_members(
        conditions=list(announcement.conditions.all()), combinator=announcement.combinator
    )


@dataclass(frozen=True)
class AudienceCount:
    """How many members an audience holds: `exact` is None below the privacy minimum."""

    exact: int | None
    minimum: int

    def __str__(self):
        if self.exact is None:
            return _("Fewer than %(count)s") % {"count": self.minimum}
        return _("%(count)s people") % {"count": f"{self.exact:,}"}


def counted(number):
    """`number` as staff may see it: exact from ANNOUNCEMENT_PRIVACY_MINIMUM up (and 0)."""
    minimum = settings.ANNOUNCEMENT_PRIVACY_MINIMUM
    return AudienceCount(
        exact=number if number == 0 or number >= minimum else None, minimum=minimum
    )


def _opted_out(channel):
    return opted_out(channel, member="pk", kind=NotificationKind.ANNOUNCEMENT)


def channel_split(members):
    """{label: AudienceCount} of how `members` will hear of an announcement: e-mail at once,
    in the daily digest, or not at all; and on each channel the site has (a LINE account
    linked, a browser subscribed), each without those who turned announcements off there."""
    email_off = _opted_out(NotificationChannel.EMAIL)
    email = members.annotate(email_off=email_off)
    split = {
        _("E-mail at once"): email.filter(
            email_off=False, notification_email=NotificationEmail.IMMEDIATELY
        ),
        _("E-mail in the daily digest"): email.filter(
            email_off=False, notification_email=NotificationEmail.DAILY
        ),
        _("No e-mail"): email.filter(
            Q(email_off=True) | Q(notification_email=NotificationEmail.NONE)
        ),
    }
    channels = outreach_channels()
    if NotificationChannel.LINE in channels:
        split[_("LINE linked")] = members.filter(
            Exists(LineAccount.objects.filter(member_id=OuterRef("pk")))
        ).exclude(_opted_out(NotificationChannel.LINE))
    if NotificationChannel.PUSH in channels:
        split[_("Browser notifications on")] = members.filter(
            Exists(PushSubscription.objects.filter(member_id=OuterRef("pk")))
        ).exclude(_opted_out(NotificationChannel.PUSH))
    return {label: counted(queryset.count()) for label, queryset in split.items()}
