"""What a survey's staff results hold for one question (QuestionResult and its parts: options,
stats, NPS, matrix rows, ranks), which display each question type has, which types store several
Answer rows per response, and how a figure is rounded to be shown."""

import datetime
from dataclasses import dataclass, field

from ..questions.stream import Question

CHOICE = "choice"
SCALE = "scale"
MATRIX = "matrix"
RANKING = "ranking"
NUMBER = "number"
DATE = "date"
TEXT = "text"

DISPLAY_BY_TYPE = {
    "single_choice": CHOICE,
    "multiple_choice": CHOICE,
    "dropdown": CHOICE,
    "prefecture": CHOICE,
    "stakeholder_type": CHOICE,
    "rating": SCALE,
    "nps": SCALE,
    "matrix": MATRIX,
    "ranking": RANKING,
    "number": NUMBER,
    "date": DATE,
    "short_text": TEXT,
    "long_text": TEXT,
}

# A response has one Answer row per question of these types, and a ranking one row ranked 1:
# counting rows is counting respondents. COUNT(DISTINCT response) over millions of rows is what
# made the results page slow (bench/survey_results.py), so it is used for none of them.
MANY_ROWS_TYPES = ("multiple_choice", "matrix")


@dataclass
class Option:
    """One choice, scale point, histogram bin or day with how many chose it. `percent` is of
    the question's respondents; `percent_of_answers` of all choices ticked (multiple choice)."""

    key: str
    label: str
    count: int = 0
    percent: float | None = None
    percent_of_answers: float | None = None


@dataclass
class Stats:
    count: int = 0
    mean: float | None = None
    median: float | None = None
    minimum: float | None = None
    maximum: float | None = None


@dataclass
class NetPromoterScore:
    promoters: int
    passives: int
    detractors: int
    score: int  # % promoters − % detractors, −100 to 100


@dataclass
class MatrixRow:
    """One statement of a matrix; `hidden` (too few answered it, or too few are left out)
    shows 「—」 instead of its figures."""

    key: str
    label: str
    respondents: int
    options: list
    mean: float | None
    hidden: bool = False


@dataclass
class RankItem:
    key: str
    label: str
    mean_rank: float | None
    first: int  # how many put it first


@dataclass
class QuestionResult:
    """Everything shown for one question. `display` says which parts apply: choice (options),
    scale (options, stats, nps), matrix (rows), ranking (ranks), number (stats, options as a
    histogram), date (options per day or month), text (words, texts). A `withheld` question
    (fewer respondents than the minimum, or fewer left out by the filter) has no figures."""

    question: Question
    display: str
    withheld: bool = False
    respondents: int = 0
    answers: int = 0
    options: list = field(default_factory=list)
    stats: Stats | None = None
    nps: NetPromoterScore | None = None
    rows: list = field(default_factory=list)
    ranks: list = field(default_factory=list)
    words: list = field(default_factory=list)  # [(word, answers)]
    texts: list = field(default_factory=list)  # the latest few text answers (Answer)
    other_count: int = 0

    @property
    def multiple(self):
        return self.question.type == "multiple_choice"


def rounded(value, digits=2):
    """A figure to show: rounded, and a whole number without 「.0」."""
    if value is None:
        return None
    value = round(float(value), digits)
    return int(value) if value.is_integer() else value


def day_options(counts):
    """[Option] for every day from the first to the last in {date: count}."""
    if not counts:
        return []
    first, last = min(counts), max(counts)
    days = (first + datetime.timedelta(days=n) for n in range((last - first).days + 1))
    return [Option(key=str(day), label=str(day), count=counts.get(day, 0)) for day in days]
