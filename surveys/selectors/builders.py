"""How each display's figures are arranged from a Tally of the respondents counted (BUILDERS):
choices, scales (with NPS), matrices, rankings, numbers (stats and a histogram), dates (per day
or month) and texts (words and the latest answers). Each builder fills in a QuestionResult from
the scope surveys.selectors.results gives it: the Tally (scope.tally) and the latest texts
(scope.latest); none reads the database."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

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

TOP_WORDS = 30
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


def _build_choice(result, scope):
    question = result.question
    counts = scope.tally.choice_counts.get((question.id, ""), {})
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
        result.texts = scope.latest.get(question.id, [])


def _build_scale(result, scope):
    question = result.question
    distribution = scope.tally.scale_points(question.id)
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


def _build_matrix(result, scope):
    question = result.question
    means = scope.tally.matrix_rows(question.id)
    for row_id, label in question.items("rows"):
        row = means.get(row_id, {})
        respondents = row.get("respondents", 0)
        if scope.withheld(respondents, question.id, row_id):
            hidden = [Option(key=key, label=text, count=None) for key, text in options_of(question)]
            result.rows.append(MatrixRow(row_id, label, respondents, hidden, None, hidden=True))
            continue
        counts = scope.tally.choice_counts.get((question.id, row_id), {})
        result.rows.append(
            MatrixRow(
                key=row_id,
                label=label,
                respondents=respondents,
                options=_options(question, counts, respondents=respondents),
                mean=rounded(row.get("mean")),
            )
        )


def _half_up(value):
    """Rounded to a whole number, halves away from zero (12.5 → 13, −12.5 → −13)."""
    return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _build_ranking(result, scope):
    ranks = scope.tally.ranks(result.question.id)
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


def _build_number(result, scope):
    result.stats, result.options = _number_figures(scope.tally.numbers(result.question.id))


def _number_figures(counts):
    """Stats and a histogram from {number: answers}."""
    count = sum(counts.values())
    if not count:
        return Stats(), []
    points = sorted(counts.items())
    low, high = points[0][0], points[-1][0]
    stats = Stats(
        count=count,
        mean=rounded(sum(number * n for number, n in points) / count),
        median=rounded(_median_of_counts(points, count), 6),
        minimum=rounded(low, 6),
        maximum=rounded(high, 6),
    )
    whole = all(number == number.to_integral_value() for number, _n in points)
    return stats, _histogram(points, low, high, whole=whole)


def _histogram(points, low, high, *, whole):
    """Counts in equal bins between the lowest and highest number: one bin per number when
    they are all `whole` and few, one bin when every answer is the same."""
    if low == high:
        return [Option(key="0", label=plain_number(low), count=points[0][1])]
    if whole and high - low < 20:
        width, bins = Decimal(1), int(high - low) + 1
    else:
        bins = HISTOGRAM_BINS
        width = (high - low) / bins
    counts = [0] * bins
    for number, n in points:
        counts[min(int((number - low) / width), bins - 1)] += n  # the highest: the last bin
    options = []
    for index in range(bins):
        start = low + width * index
        label = plain_number(start) if width == 1 and whole else _bin_label(start, start + width)
        options.append(Option(key=str(index), label=label, count=counts[index]))
    return options


def _bin_label(start, end):
    return f"{plain_number(round(start, 2))}–{plain_number(round(end, 2))}"


def _build_date(result, scope):
    """Answers per day over up to two months, else per month; days or months nobody gave
    are there with 0, so the time axis is even."""
    days = scope.tally.dates(result.question.id)
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


def _build_text(result, scope):
    result.words = scope.tally.top_words(result.question.id, limit=TOP_WORDS)
    result.texts = scope.latest.get(result.question.id, [])


BUILDERS = {
    CHOICE: _build_choice,
    SCALE: _build_scale,
    MATRIX: _build_matrix,
    RANKING: _build_ranking,
    NUMBER: _build_number,
    DATE: _build_date,
    TEXT: _build_text,
}
