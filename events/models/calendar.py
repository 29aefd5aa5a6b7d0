"""What calendar apps were last given of an event: its SEQUENCE (RFC 5545) and the times and
status it was given for. Calendar apps replace an event they already hold only when SEQUENCE
grows, so it grows each time a publish changes the times or the status (a postponement, a new
date, a cancellation). Kept beside the page, like its seats: publishing a revision must not
set it back."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .pages import EventStatus


class EventCalendarVersion(models.Model):
    """The `sequence` of `event`'s calendar entry, and the times and status last published."""

    event = models.OneToOneField(
        "events.EventPage",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="calendar_version",
        verbose_name=_("event"),
    )
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    all_day = models.BooleanField(_("all day"), default=False)
    status = models.CharField(
        pgettext_lazy("model field", "status"), max_length=20, choices=EventStatus.choices
    )

    class Meta:
        verbose_name = _("calendar version")
        verbose_name_plural = _("calendar versions")

    def __str__(self):
        return f"{self.event_id}: {self.sequence}"


# What the calendar entry's SEQUENCE follows (RFC 5545 §3.8.7.4: the start, the end, the status).
CALENDAR_FIELDS = ("starts_at", "ends_at", "all_day", "status")


def calendar_sequence(event):
    """The SEQUENCE of `event`'s calendar entry: 0 until a publish changes its times or status."""
    try:
        return event.calendar_version.sequence
    except EventCalendarVersion.DoesNotExist:
        return 0
