"""The figures a survey's tallies keep, named by keys, and what one response adds to them.

A key is its family and its parts joined by SEP (a control character no id or label holds):

| family | parts | what it counts |
|---|---|---|
| RESPONSES | — | real responses |
| ROWS | question | Answer rows |
| RESPONDENTS | question | responses with at least one Answer row |
| FIRST | question | rows ranked first (rankings) |
| STATEMENT | question, row | rows of a matrix statement |
| CHOICE | question, row, choice, label | rows per choice and label as answered (not rankings) |
| POINT | question, point | rating and NPS answers per scale point |
| MATRIX_SUM, MATRIX_VALUES | question, row | sum and number of a statement's scale positions |
| STALE | — | answers rewritten in place since the last recount (migration 0007's triggers) |
| RANK_SUM, RANK_ROWS, RANK_FIRST | question, choice | sum and number of ranks, ranked first |
| NUMBER | question, number as text (number_text) | answers with that number |
| DATE | question, ISO date | answers with that date |
| DAY | ISO date | real responses submitted that day, Japan time |
| WORD | question, word | free-text answers containing the word (AnswerWord, surveys.words) |
| PAIR | grouping question, choice, any key above | that key among who gave that choice to it |

They are exactly what surveys.selectors.results reads with GROUP BY over all the answers of
a survey, so the unfiltered figures can come from them instead; the PAIR keys are what it
reads for a filter on one grouping question (without dates) and what
surveys.selectors.breakdowns reads for a breakdown by one, so those come from them too.

A response's delta does not spell its pair keys out (that would be ~9 × the keys for a survey
with 8 grouping questions, in the submission's transaction): it names its grouping answers
under GROUPED, and the merge and the reads expand them (delta_counts). A delta without GROUPED
(a recount's correction, a trigger's STALE) is its keys as written.
"""

from collections import Counter
from decimal import Decimal

SEP = "\x1f"

RESPONSES = "n"
ROWS = "r"
RESPONDENTS = "p"
FIRST = "f"
STATEMENT = "w"
CHOICE = "c"
POINT = "v"
MATRIX_SUM = "ms"
MATRIX_VALUES = "mn"
RANK_SUM = "ks"
RANK_ROWS = "kn"
RANK_FIRST = "kf"
NUMBER = "u"
DATE = "t"
DAY = "d"
WORD = "o"
PAIR = "g"
STALE = "stale"  # written by database triggers (surveys/migrations/0007), never by this module
GROUPED = "@"  # in a delta's JSON: [[grouping question, choice], …] its keys are also paired with

SCALE_TYPES = ("rating", "nps")
# What an Answer row holds that some key counts (as dicts: services' rows, .values()).
ANSWER_FIELDS = ("question_id", "question_type", "choice_id", "choice_label", "row_id")
ANSWER_FIELDS += ("value_number", "value_date", "rank")
# A response answers these with several rows: their respondents are counted apart.
MULTI_ROW_TYPES = ("multiple_choice", "matrix", "ranking")
# A respondent answers these with one choice at most: what filters and breakdowns group by
# (surveys.selectors.filters.GROUPING_TYPES, which imports it from here).
GROUPING_TYPES = ("single_choice", "dropdown", "prefecture", "stakeholder_type")


def key(*parts):
    return SEP.join(str(part) for part in parts)


def key_parts(name):
    """The family and parts of a key: key_parts(key("c", "q1", "", "a", "ある"))[0] == "c"."""
    return tuple(name.split(SEP))


def pair_prefix(question_id, choice_id=None):
    """The start every PAIR key of a grouping question (and one of its choices) has."""
    parts = (PAIR, question_id) if choice_id is None else (PAIR, question_id, choice_id)
    return key(*parts) + SEP


def number_text(number):
    """A number answer as a key part: the same text for 3.5 and 3.500000 (Answer.value_number
    keeps 6 decimal places; the database gives them back with them)."""
    return f"{Decimal(number).normalize():f}"


def response_counts(rows, *, day, words=()):
    """{key: count} one real response submitted on `day` (a date, Japan time) adds, from its
    Answer rows (dicts with Answer's field names, as surveys.services builds them or .values()
    reads them) and the (question id, word) of its AnswerWord rows, with its grouping answers
    under GROUPED (a list, not a count: see delta_counts)."""
    counts = Counter({key(RESPONSES): 1, key(DAY, day.isoformat()): 1})
    for question_id in {row["question_id"] for row in rows}:
        counts[key(RESPONDENTS, question_id)] += 1
    for row in rows:
        row_counts(counts, row)
    counts.update(key(WORD, question_id, word) for question_id, word in words)
    return _with_grouped(counts, rows)


def words_counts(rows, *, added, removed):
    """{key: count} of one real response's words indexed anew: +1 for each (question id, word)
    `added`, −1 for each `removed`, paired with the grouping answers among its Answer `rows`."""
    counts = Counter(key(WORD, question_id, word) for question_id, word in added)
    counts.subtract(key(WORD, question_id, word) for question_id, word in removed)
    return _with_grouped(counts, rows)


def _with_grouped(counts, rows):
    grouped = sorted(
        [row["question_id"], row["choice_id"]]
        for row in rows
        if row["question_type"] in GROUPING_TYPES and row.get("choice_id")
    )
    counts = dict(counts)
    if grouped:
        counts[GROUPED] = grouped
    return counts


def delta_counts(counts, *, prefixes=None):
    """(key, count) of a delta's stored counts: its keys, and each paired with every grouping
    answer under GROUPED; only the pairs starting with one of `prefixes` when given."""
    grouped = counts.get(GROUPED, ())
    for name, count in counts.items():
        if name != GROUPED:
            yield name, count
    for question_id, choice_id in grouped:
        pair = pair_prefix(question_id, choice_id)
        if prefixes is not None and not any(pair.startswith(p) for p in prefixes):
            continue
        for name, count in counts.items():
            if name != GROUPED:
                yield pair + name, count


def row_counts(counts, row, *, times=1):
    """Add to `counts` what one Answer row (a dict of ANSWER_FIELDS) counts, `times` over (the
    recount's GROUP BY rows stand for several). RESPONDENTS is the caller's: it counts
    responses, not rows."""
    question_id, kind = row["question_id"], row["question_type"]
    row_id, choice_id = row.get("row_id") or "", row.get("choice_id") or ""
    number, rank = row.get("value_number"), row.get("rank")
    counts[key(ROWS, question_id)] += times
    if rank == 1:
        counts[key(FIRST, question_id)] += times
    if row_id:
        counts[key(STATEMENT, question_id, row_id)] += times
    if choice_id and kind != "ranking":
        label = row.get("choice_label") or ""
        counts[key(CHOICE, question_id, row_id, choice_id, label)] += times
    if number is not None and kind in SCALE_TYPES:
        counts[key(POINT, question_id, int(Decimal(number)))] += times
    if number is not None and kind == "matrix":
        counts[key(MATRIX_SUM, question_id, row_id)] += int(Decimal(number)) * times
        counts[key(MATRIX_VALUES, question_id, row_id)] += times
    if number is not None and kind == "number":
        counts[key(NUMBER, question_id, number_text(number))] += times
    if row.get("value_date") is not None:
        counts[key(DATE, question_id, row["value_date"].isoformat())] += times
    if rank is not None and kind == "ranking":
        counts[key(RANK_SUM, question_id, choice_id)] += rank * times
        counts[key(RANK_ROWS, question_id, choice_id)] += times
        if rank == 1:
            counts[key(RANK_FIRST, question_id, choice_id)] += times
