"""Counting opened links: each announcement leads through a signed redirect /a/<token>/ that
names the announcement and its recipient (sending.announcement_link_path); the channel it was
followed from is in `?via=` (community adds it for e-mail, outreach's channels for LINE and
browser notifications; none: the notification list on the site). The first open per recipient
and channel is counted. No pixels, nothing else recorded."""

from community.models import NotificationChannel

from .models import Announcement, AnnouncementOpen, AnnouncementRecipient
from .sending import announcement_link_unsign

SITE = "site"  # opened from the notification list
OPEN_CHANNELS = (*NotificationChannel.values, SITE)


def announcement_open(*, token, via):
    """Count an opening of the link `token` on channel `via` (unknown channels count as the
    site); returns the page to go to (live), or None when the token is not one of ours or the
    page is gone."""
    ids = announcement_link_unsign(token)
    if ids is None:
        return None
    announcement = Announcement.objects.select_related("page").filter(pk=ids[0]).first()
    if announcement is None:
        return None
    recipient = AnnouncementRecipient.objects.filter(
        announcement_id=ids[0], member_id=ids[1]
    ).first()
    if recipient is not None:
        channel = via if via in OPEN_CHANNELS else SITE
        AnnouncementOpen.objects.bulk_create(
            [AnnouncementOpen(recipient=recipient, channel=channel)], ignore_conflicts=True
        )
    page = announcement.page
    return page if page.live else None
