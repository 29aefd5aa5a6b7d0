"""The people checked in at an event, as a filter of the results of the event's survey
(surveys.respondent_sets): 「参加したもの：「書かない窓口」説明会に参加した人」. Only members can be
matched to their answers; people who came without an account are not in the set."""

import re

from django.utils.translation import gettext as _

from surveys.respondent_sets import RespondentSet

from .models import EventPage, Registration

KEY = re.compile(r"^event-(\d+)$")


class EventAttendance:
    """A surveys.respondent_sets provider: one set per event that names the survey."""

    def for_survey(self, survey):
        events = EventPage.objects.filter(survey=survey).order_by("-starts_at", "-pk")
        return [self._set(event) for event in events.only("pk", "title")]

    def get(self, key):
        match = KEY.match(key)
        event = EventPage.objects.filter(pk=match[1]).only("pk", "title").first() if match else None
        return self._set(event) if event else None

    @staticmethod
    def _set(event):
        attended = Registration.objects.filter(
            event_id=event.pk, checked_in_at__isnull=False, member__isnull=False
        )
        return RespondentSet(
            key=f"event-{event.pk}",
            label=_("Attended “%(title)s”") % {"title": event.title},
            members=attended.values("member_id"),
        )
