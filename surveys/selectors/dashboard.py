"""The surveys open now, with how many people have answered, for the admin dashboard panel
(surveys.panels.SurveyResultsPanel)."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db.models import Count, F, Q
from django.utils import timezone

from core.japan import JapanDate, japan_today, japan_zone

from ..models import Response, SurveyPage

DAYS = 14


@dataclass(frozen=True)
class DashboardSurvey:
    """One open survey: its real `responses` so far and `daily`, the real responses of each
    of the last DAYS Japan-time days, oldest first, today last."""

    survey: SurveyPage
    responses: int
    daily: list[int]

    @property
    def recent(self):
        """Responses in the last DAYS days."""
        return sum(self.daily)


def dashboard_surveys(*, today=None):
    """The live surveys open now (as SurveyPage.is_open decides), closing soonest first and
    those without an end last, each as a DashboardSurvey whose days end on `today` (a date
    in Japan time; by default the current one).

    Three queries however many surveys and responses: the surveys, their totals, and one
    GROUP BY (survey, day) for the daily counts. Staff test responses are not counted.
    """
    now = timezone.now()
    today = today or japan_today()
    surveys = list(
        SurveyPage.objects.live()
        .filter(Q(opens_at__isnull=True) | Q(opens_at__lte=now))
        .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))
        .order_by(F("closes_at").asc(nulls_last=True), "title", "pk")
    )
    if not surveys:
        return []
    responses = Response.objects.real().filter(survey__in=surveys).order_by()
    totals = dict(responses.values_list("survey").annotate(count=Count("pk")))
    daily = _daily_counts(responses, today)
    days = [today - timedelta(days=n) for n in reversed(range(DAYS))]
    return [
        DashboardSurvey(
            survey=survey,
            responses=totals.get(survey.pk, 0),
            daily=[daily.get((survey.pk, day), 0) for day in days],
        )
        for survey in surveys
    ]


def _daily_counts(responses, today):
    """{(survey id, Japan-time date): count} for the DAYS days ending on `today`."""
    zone = japan_zone()  # Japan, whatever zone the staff member set
    start = datetime.combine(today - timedelta(days=DAYS - 1), time.min, tzinfo=zone)
    end = datetime.combine(today + timedelta(days=1), time.min, tzinfo=zone)
    rows = (
        responses.filter(submitted_at__gte=start, submitted_at__lt=end)
        .annotate(day=JapanDate("submitted_at"))
        .values_list("survey", "day")
        .annotate(count=Count("pk"))
    )
    return {(survey_id, day): count for survey_id, day, count in rows}
