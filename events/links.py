"""Events linked from the pages they name (core.page_links): an article among an event's
related articles, its opinion exchange (topic) or its survey shows 「関連イベント」."""

from datetime import timedelta

from django.db.models import Q
from django.template.defaultfilters import date as date_format
from django.utils import timezone
from django.utils.translation import gettext as _

from core.japan import japan_zone
from core.page_links import PageLink

from .models import EventPage, EventPageRelatedArticle
from .models.pages import EventStatus

RECENT_DAYS = 30  # an event is linked until this long after it ends (its 記録 may follow)
MOST = 3


def event_links(page):
    """Links to the live, public events that name `page` and have not ended (soonest first),
    then those that ended within RECENT_DAYS (latest first); cancelled ones are left out. At
    most MOST, in one query (and Wagtail's one for view restrictions). The link's text is the
    event's date (Japan time) and title."""
    articles = EventPageRelatedArticle.objects.filter(article_id=page.pk).values("page_id")
    now = timezone.now()
    events = (
        EventPage.objects.live()
        .public()
        .filter(Q(pk__in=articles) | Q(topic_id=page.pk) | Q(survey_id=page.pk))
        .filter(ends_at__gte=now - timedelta(days=RECENT_DAYS))
        .exclude(status=EventStatus.CANCELLED)
        .order_by("starts_at", "pk")
    )
    upcoming = [event for event in events if event.ends_at >= now]
    ended = [event for event in events if event.ends_at < now]
    events = upcoming + ended[::-1]  # the next first; then the one that ended last
    return [
        PageLink(label=_("Related event"), title=_link_title(event), url=event.url)
        for event in events[:MOST]
    ]


def _link_title(event):
    day = date_format(event.starts_at.astimezone(japan_zone()), "DATE_FORMAT")
    return f"{day} {event.title}"
