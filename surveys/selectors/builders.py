"""How each display's figures are read from a question's Answer rows (BUILDERS): choices,
scales (with NPS), matrices, rankings, numbers (stats and a histogram), dates (per day or month)
and texts (words and the latest answers). Each builder fills in a QuestionResult. Without a
filter, choices, scales, matrices and rankings read the survey's tallies (scope.tally)."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, F, FloatField, Max, Min, Q
from django.db.models.functions import Floor

from core.figures import percent_of

from ..questions.choices import OTHER
from ..questions.inputs import plain_number
from .figures import (
    CHOICE,
    DATE,
    MATRIX,
    NUMBER,
    RANKING,
    SCALE,
    TEXT,
    MatrixRow,
    NetPromoterScore,
    Option,
    RankItem,
    Stats,
    day_options,
    rounded,
)
from .filters import options_of
from .texts import text_answers, top_words

TEXT_PREVIEW = 5
OTHER_PREVIEW = 5
HISTOGRAM_BINS = 10


def _options(question, counts, *, respondents, answers=None, hide_unused=False):
    """The question's options with their counts; choices no longer offered but answered
    before (label as answered) come last."""
    offered = options_of(question)
    known = {key for key, _label in offered}
    extra = [(key, label or key) for key, (_count, label) in counts.items() if key not in known]
    options = []
    for key, label in offered + extra:
        count = counts.get(key, (0, label))[0]
        if hide_unused and not count:
            continue
        options.append(
            Option(
                key=key,
                label=label,
                count=count,
                percent=percent_of(count, respondents),
                percent_of_answers=percent_of(count, answers) if answers is not None else None,
            )
        )
    return options


def _build_choice(result, answers, scope):
    question = result.question
    counts = scope.choice_counts.get((question.id, ""), {})
    result.options = _options(
        question,
        counts,
        respondents=result.respondents,
        answers=result.answers if result.multiple else None,
        hide_unused=question.type == "prefecture",
    )
    if question.value.get("allow_other"):  # a stakeholder type's 「その他」 has no text
        result.other_count = counts.get(OTHER, (0, ""))[0]
    if result.other_count:
        result.texts = list(
            answers.filter(choice_id=OTHER)
            .exclude(value_text="")
            .order_by("-response__submitted_at", "-pk")[:OTHER_PREVIEW]
        )


def _build_scale(result, answers, scope):
    question = result.question
    if scope.tally:
        distribution = scope.tally.scale_points(question.id)
    else:
        distribution = {
            str(int(row["value_number"])): (row["count"], "")
            for row in answers.values("value_number").annotate(count=Count("id"))
        }
    result.options = _options(question, distribution, respondents=result.respondents)
    result.stats = _stats_from_distribution(result.options)
    if question.type == "nps":
        result.nps = _nps(result.options)


def _stats_from_distribution(options):
    """Mean, median, min and max of scale points from their counts (already aggregated)."""
    points = sorted((int(option.key), option.count) for option in options if option.count)
    count = sum(n for _point, n in points)
    if not count:
        return Stats()
    return Stats(
        count=count,
        mean=round(sum(p * n for p, n in points) / count, 2),
        median=rounded(_median_of_counts(points, count)),
        minimum=points[0][0],
        maximum=points[-1][0],
    )


def _median_of_counts(points, count):
    def nth(position):
        seen = 0
        for point, n in points:
            seen += n
            if position < seen:
                return point
        return points[-1][0]

    return (nth((count - 1) // 2) + nth(count // 2)) / 2


def _nps(options):
    counts = {int(option.key): option.count for option in options}
    promoters = sum(n for point, n in counts.items() if point >= 9)
    detractors = sum(n for point, n in counts.items() if point <= 6)
    total = sum(counts.values())
    score = _half_up(100 * (promoters - detractors) / total) if total else 0
    return NetPromoterScore(
        promoters=promoters,
        passives=total - promoters - detractors,
        detractors=detractors,
        score=score,
    )


def _build_matrix(result, answers, scope):
    question = result.question
    means = scope.tally.matrix_rows(question.id) if scope.tally else _matrix_means(answers)
    for row_id, label in question.items("rows"):
        row = means.get(row_id, {})
        respondents = row.get("respondents", 0)
        if scope.withheld(respondents, question.id, row_id):
            hidden = [Option(key=key, label=text, count=None) for key, text in options_of(question)]
            result.rows.append(MatrixRow(row_id, label, respondents, hidden, None, hidden=True))
            continue
        counts = scope.choice_counts.get((question.id, row_id), {})
        result.rows.append(
            MatrixRow(
                key=row_id,
                label=label,
                respondents=respondents,
                options=_options(question, counts, respondents=respondents),
                mean=rounded(row.get("mean")),
            )
        )


def _matrix_means(answers):
    return {
        row["row_id"]: row
        for row in answers.values("row_id").annotate(
            mean=Avg("value_number", output_field=FloatField()),
            respondents=Count("id"),  # a response answers each statement once
        )
    }


def _half_up(value):
    """Rounded to a whole number, halves away from zero (12.5 → 13, −12.5 → −13)."""
    return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _build_ranking(result, answers, scope):
    if scope.tally:
        ranks = scope.tally.ranks(result.question.id)
    else:
        ranks = {
            row["choice_id"]: row
            for row in answers.values("choice_id").annotate(
                mean=Avg("rank", output_field=FloatField()), first=Count("id", filter=Q(rank=1))
            )
        }
    items = [
        RankItem(
            key=choice_id,
            label=label,
            mean_rank=rounded(ranks.get(choice_id, {}).get("mean")),
            first=ranks.get(choice_id, {}).get("first", 0),
        )
        for choice_id, label in result.question.items()
    ]
    result.ranks = sorted(items, key=lambda item: (item.mean_rank is None, item.mean_rank or 0))


def _build_number(result, answers, scope):
    summary = answers.aggregate(
        count=Count("id"),
        mean=Avg("value_number"),
        low=Min("value_number"),
        high=Max("value_number"),
        fraction=Max(F("value_number") - Floor("value_number")),
    )
    if not summary["count"]:
        result.stats = Stats()
        return
    result.stats = Stats(
        count=summary["count"],
        mean=rounded(summary["mean"]),
        median=_median(answers, summary["count"]),
        minimum=rounded(summary["low"], 6),
        maximum=rounded(summary["high"], 6),
    )
    whole = not summary["fraction"]
    result.options = _histogram(
        answers, Decimal(summary["low"]), Decimal(summary["high"]), whole=whole
    )


def _median(answers, count):
    """The median of the question's numbers: the middle one or two values, read by OFFSET."""
    middle = answers.order_by("value_number").values_list("value_number", flat=True)
    values = list(middle[(count - 1) // 2 : count // 2 + 1])
    return rounded(sum(values) / len(values), 6)


def _histogram(answers, low, high, *, whole):
    """Counts in equal bins between the lowest and highest number: one bin per number when
    they are all `whole` and few, one bin when every answer is the same."""
    if low == high:
        return [Option(key="0", label=plain_number(low), count=answers.count())]
    if whole and high - low < 20:
        width, bins = Decimal(1), int(high - low) + 1
    else:
        bins = HISTOGRAM_BINS
        width = (high - low) / bins or Decimal(1)
    counts = dict(
        answers.annotate(bin=Floor((F("value_number") - low) / width))
        .values("bin")
        .annotate(count=Count("id"))
        .values_list("bin", "count")
    )
    options = []
    for index in range(bins):
        start = low + width * index
        count = counts.get(index, 0) + (counts.get(bins, 0) if index == bins - 1 else 0)
        label = plain_number(start) if width == 1 and whole else _bin_label(start, start + width)
        options.append(Option(key=str(index), label=label, count=count))
    return options


def _bin_label(start, end):
    return f"{plain_number(round(start, 2))}–{plain_number(round(end, 2))}"


def _build_date(result, answers, scope):
    """Answers per day over up to two months, else per month; days or months nobody gave
    are there with 0, so the time axis is even."""
    days = dict(answers.values_list("value_date").annotate(count=Count("id")).order_by())
    if days and (max(days) - min(days)).days > 62:
        months = {}
        for day, count in days.items():
            months[day.replace(day=1)] = months.get(day.replace(day=1), 0) + count
        result.options = [
            Option(key=month.strftime("%Y-%m"), label=month.strftime("%Y-%m"), count=count)
            for month, count in _every_month(months)
        ]
        return
    result.options = day_options(days)


def _every_month(counts):
    month, last = min(counts), max(counts)
    while month <= last:
        yield month, counts.get(month, 0)
        month = (month + datetime.timedelta(days=32)).replace(day=1)


def _build_text(result, answers, scope):
    where = {
        "survey": scope.survey,
        "question_id": result.question.id,
        "responses": scope.responses,
    }
    result.words = top_words(**where)
    result.texts = list(text_answers(**where)[:TEXT_PREVIEW])


BUILDERS = {
    CHOICE: _build_choice,
    SCALE: _build_scale,
    MATRIX: _build_matrix,
    RANKING: _build_ranking,
    NUMBER: _build_number,
    DATE: _build_date,
    TEXT: _build_text,
}
