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

They are exactly what surveys.selectors.results reads with GROUP BY over all the answers of
a survey, so the unfiltered figures can come from them instead.
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
STALE = "stale"  # written by database triggers (surveys/migrations/0007), never by this module

SCALE_TYPES = ("rating", "nps")


def key(*parts):
    return SEP.join(str(part) for part in parts)


def key_parts(name):
    """The family and parts of a key: key_parts(key("c", "q1", "", "a", "ある"))[0] == "c"."""
    return tuple(name.split(SEP))


def response_counts(rows):
    """{key: count} one real response adds, from its Answer rows (dicts with Answer's field
    names, as surveys.services builds them or .values() reads them)."""
    counts = Counter({key(RESPONSES): 1})
    for question_id in {row["question_id"] for row in rows}:
        counts[key(RESPONDENTS, question_id)] += 1
    for row in rows:
        _row_counts(counts, row)
    return counts


def _row_counts(counts, row):
    question_id, kind = row["question_id"], row["question_type"]
    row_id, choice_id = row.get("row_id") or "", row.get("choice_id") or ""
    number, rank = row.get("value_number"), row.get("rank")
    counts[key(ROWS, question_id)] += 1
    if rank == 1:
        counts[key(FIRST, question_id)] += 1
    if row_id:
        counts[key(STATEMENT, question_id, row_id)] += 1
    if choice_id and kind != "ranking":
        counts[key(CHOICE, question_id, row_id, choice_id, row.get("choice_label") or "")] += 1
    if number is not None and kind in SCALE_TYPES:
        counts[key(POINT, question_id, int(Decimal(number)))] += 1
    if number is not None and kind == "matrix":
        counts[key(MATRIX_SUM, question_id, row_id)] += int(Decimal(number))
        counts[key(MATRIX_VALUES, question_id, row_id)] += 1
    if rank is not None and kind == "ranking":
        counts[key(RANK_SUM, question_id, choice_id)] += rank
        counts[key(RANK_ROWS, question_id, choice_id)] += 1
        if rank == 1:
            counts[key(RANK_FIRST, question_id, choice_id)] += 1
