"""Surveys as readers meet them outside the survey itself: the アンケート list and the card
(used by the list and by the article block 「アンケート」), and whether a survey is short
enough to answer inside an article.
"""

import html
from dataclasses import dataclass

from django.db.models import Case, DateTimeField, F, IntegerField, Q, Value, When
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import get_template
from django.utils import timezone
from django.utils.html import strip_tags

from ..models import Audience, SurveyPage

OPEN, UPCOMING, CLOSED = "open", "upcoming", "closed"
INLINE_MAX_QUESTIONS = 5
# The article block's inline form: it loads the respondent flow's `survey_form` tag, which
# renders surveys/includes/survey_form.html.
INLINE_TEMPLATES = ("articles/blocks/survey_block_inline.html", "surveys/includes/survey_form.html")


@dataclass(frozen=True)
class SurveyCard:
    """What a card shows of one survey; built without further queries."""

    survey: SurveyPage
    status: str  # OPEN, UPCOMING or CLOSED

    @property
    def question_count(self):
        return survey_question_count(self.survey)

    @property
    def excerpt(self):
        """The introduction as plain text (entities decoded: the template escapes it once)."""
        return html.unescape(strip_tags(self.survey.introduction)).strip()

    @classmethod
    def for_survey(cls, survey, *, at=None):
        return cls(survey=survey, status=survey_status(survey, at=at))


def survey_status(survey, *, at=None):
    at = at or timezone.now()
    if survey.opens_at is not None and at < survey.opens_at:
        return UPCOMING
    return OPEN if survey.is_open(at=at) else CLOSED


def survey_question_count(survey):
    """Questions in the survey, sections not counted (read from the stored stream as is)."""
    return sum(1 for block in survey.questions.raw_data if block["type"] != "section")


def survey_step_count(survey):
    """Steps the respondent goes through: each section after the first block starts one."""
    blocks = survey.questions.raw_data
    return 1 + sum(1 for i, block in enumerate(blocks) if i and block["type"] == "section")


def survey_index_list(*, index, at=None):
    """The live, public surveys under `index` in one query: open ones first (closing soonest
    first, those without an end last), then upcoming (opening soonest first), then closed
    (most recently closed first). Each carries `status`."""
    at = at or timezone.now()
    has_opened = Q(opens_at__isnull=True) | Q(opens_at__lte=at)
    not_closed = Q(closes_at__isnull=True) | Q(closes_at__gt=at)
    status_order = Case(
        When(has_opened & not_closed, then=Value(0)),
        When(opens_at__gt=at, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    when_of = Case(
        When(status_order=0, then=F("closes_at")),
        When(status_order=1, then=F("opens_at")),
        output_field=DateTimeField(),
    )
    closed_at = Case(When(status_order=2, then=F("closes_at")), output_field=DateTimeField())
    return (
        SurveyPage.objects.child_of(index)
        .live()
        .public()
        .annotate(status_order=status_order)
        .order_by(
            "status_order",
            when_of.asc(nulls_last=True),
            closed_at.desc(nulls_last=True),
            "-first_published_at",
            "-pk",
        )
    )


def survey_cards(surveys, *, at=None):
    at = at or timezone.now()
    return [SurveyCard.for_survey(survey, at=at) for survey in surveys]


def survey_fits_inline(survey, *, user, at=None):
    """True when the survey can be answered inside an article: open, one step, at most
    INLINE_MAX_QUESTIONS questions, the viewer may answer it, and the inline form exists."""
    return (
        survey.live
        and survey.is_open(at=at)
        and survey_question_count(survey) <= INLINE_MAX_QUESTIONS
        and survey_step_count(survey) == 1
        and (survey.audience == Audience.ANYONE or bool(user and user.is_authenticated))
        and inline_form_available()
    )


def inline_form_available():
    """Whether the respondent flow's inline form (its template and template tag) is installed;
    without it, embeds fall back to the card instead of failing."""
    try:
        for name in INLINE_TEMPLATES:
            get_template(name)
    except (TemplateDoesNotExist, TemplateSyntaxError):
        return False
    return True
