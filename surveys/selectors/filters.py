"""Which respondents a survey's staff results count: the analyst's ResultsFilter (Japan-time
days, answers to grouping questions, how the responses reached us), the options a choice
question offers, and whether a view of so many respondents may be shown at all
(docs/decisions/0008-results-privacy.md).

How a response reached us (回答方法: the site, or keyed in from paper, a counter, post or
e-mail, an event) filters and breaks results down as a grouping question does: the
ChannelDimension stands in the questions' place, under the id CHANNEL, in the same query
string (`a=channel:paper`, `by=channel`). The tallies do not pair figures with it, so views
filtered or broken down by it count answers with GROUP BY, as other filtered views do.
"""

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Exists, OuterRef, Q
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from community.models import StakeholderType
from core.japan import japan_zone
from core.prefectures import PREFECTURE_CHOICES

from ..models import Answer, Channel, Response
from ..questions.choices import OTHER, OTHER_LABEL
from ..respondent_sets import TOOK_PART, respondent_set_get

# Questions whose answers are one choice per respondent: what filters and breakdowns use (the
# tallies pair every figure with them: surveys.tallies.keys).
from ..tallies.keys import GROUPING_TYPES

CHANNEL = "channel"  # no question's block id (a UUID) looks like it


@dataclass(frozen=True)
class ChannelDimension:
    """回答方法, as filters and breakdowns use a grouping question (id, type, text)."""

    id: str = CHANNEL
    type: str = CHANNEL

    @property
    def text(self):
        return capfirst(Response._meta.get_field("channel").verbose_name)


def dimensions(questions):
    """What results can be filtered and broken down by: the grouping questions, then 回答方法."""
    return [*grouping_questions(questions), ChannelDimension()]


@dataclass(frozen=True)
class ResultsFilter:
    """The respondents an analyst is looking at: a range of Japan-time days (both ends
    included) and, per grouping question (or CHANNEL), the choices to keep (any of them; every
    question named must match)."""

    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    answers: tuple = ()  # ((question_id, (choice_id, …)), …), sorted

    @classmethod
    def from_params(cls, params, *, questions):
        """The filter the query string describes (`from`, `to`: YYYY-MM-DD; `a`: repeated
        `question_id:choice_id`). Whatever does not name a grouping question and one of its
        choices is ignored, so a stale or hand-made link shows the unfiltered results."""
        choices = {q.id: set(dict(options_of(q))) for q in dimensions(questions)}
        wanted = {}
        for value in params.getlist("a"):
            question_id, _sep, choice_id = value.partition(":")
            known = choices.get(question_id, ())
            if question_id == TOOK_PART:
                known = (choice_id,) if respondent_set_get(choice_id) else ()
            if choice_id in known:
                wanted.setdefault(question_id, set()).add(choice_id)
        return cls(
            date_from=_date(params.get("from")),
            date_to=_date(params.get("to")),
            answers=tuple(sorted((q, tuple(sorted(c))) for q, c in wanted.items())),
        )

    @property
    def active(self):
        return bool(self.date_from or self.date_to or self.answers)

    def chosen(self, question_id):
        return dict(self.answers).get(question_id, ())

    def params(self):
        """The query-string pairs that recreate this filter."""
        pairs = [("from", self.date_from), ("to", self.date_to)]
        pairs = [(key, value.isoformat()) for key, value in pairs if value]
        pairs += [("a", f"{q}:{c}") for q, choice_ids in self.answers for c in choice_ids]
        return pairs

    def query_string(self, **extra):
        pairs = self.params() + [(key, value) for key, value in extra.items() if value]
        return urlencode(pairs)

    def describe(self, *, questions):
        """A line a person reads (export log, printed report): 「期間: …; 立場: 自治体職員」."""
        parts = []
        if self.date_from or self.date_to:
            start = self.date_from.isoformat() if self.date_from else ""
            end = self.date_to.isoformat() if self.date_to else ""
            parts.append(_("Submitted: %(start)s–%(end)s") % {"start": start, "end": end})
        by_id = {q.id: q for q in dimensions(questions)}
        for question_id, choice_ids in self.answers:
            if question_id == TOOK_PART:
                names = "、".join(str(respondent_set_get(c).label) for c in choice_ids)
                parts.append(_("Took part in: %(value)s") % {"value": names})
                continue
            question = by_id[question_id]
            labels = dict(options_of(question))
            names = "、".join(str(labels[c]) for c in choice_ids)
            parts.append(_("%(label)s: %(value)s") % {"label": question.text, "value": names})
        return "; ".join(parts)

    def period(self, field_name):
        """Q() keeping rows whose `field_name` falls within the filter's Japan-time days."""
        period = Q()
        if self.date_from:
            period &= Q(**{f"{field_name}__gte": _day_start(self.date_from)})
        if self.date_to:
            end = _day_start(self.date_to + datetime.timedelta(days=1))
            period &= Q(**{f"{field_name}__lt": end})
        return period

    def responses(self, survey):
        """The real responses of `survey` this filter keeps (a queryset, used as a subquery)."""
        responses = Response.objects.real().filter(self.period("submitted_at"), survey=survey)
        for question_id, choice_ids in self.answers:
            if question_id == CHANNEL:
                responses = responses.filter(channel__in=choice_ids)
                continue
            if question_id == TOOK_PART:  # in any of the sets chosen
                in_any = Q()
                for choice_id in choice_ids:
                    in_any |= Q(member_id__in=respondent_set_get(choice_id).members)
                responses = responses.filter(in_any)
                continue
            chosen = Answer.objects.filter(
                response=OuterRef("pk"), question_id=question_id, choice_id__in=choice_ids
            )
            responses = responses.filter(Exists(chosen))
        return responses


def _date(value):
    """A YYYY-MM-DD day this century or the next; anything else is no limit."""
    try:
        day = datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None
    return day if day and 2000 <= day.year < 2200 else None


def _day_start(day):
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=japan_zone())


def options_of(question):
    """[(choice id, label)] a choice question offers, 「その他」 last when it has one."""
    if question.type == CHANNEL:
        return [(value, str(label)) for value, label in Channel.choices]
    if question.type == "prefecture":
        return [(code, str(label)) for code, label in PREFECTURE_CHOICES]
    if question.type == "stakeholder_type":
        return [(code, str(label)) for code, label in StakeholderType.choices]
    if question.type in ("rating", "nps"):
        return [(str(point), str(point)) for point in question.kind.points(question)]
    key = "scale" if question.type == "matrix" else "choices"
    options = question.items(key)
    if question.value.get("allow_other"):
        options.append((OTHER, str(OTHER_LABEL)))
    return options


def grouping_questions(questions):
    return [question for question in questions if question.type in GROUPING_TYPES]


def view_withheld(respondents, total, minimum):
    """Whether a view of `respondents` out of `total` would describe fewer than `minimum`
    people, directly or by subtraction from the unfiltered view."""
    left_out = total - respondents
    return respondents < minimum or 0 < left_out < minimum
