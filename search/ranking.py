"""The matches of a ranked search summarised by the database: their counts and the best few.

A common term matches most of the documents (データ: ~7,800 of 10,000 bench articles). The
search page needs only how many match of each kind and the ten it shows, so the database counts
the matches and keeps the first `RANKED_HEAD` in order, in one statement over one pass; bringing
every matching id into Python grew with the matches (ADR 0017, amendment 3).
"""

from collections import Counter
from dataclasses import dataclass

from django.db import connections

# The first this many matches come with the counts: ten pages of ten results then cost no
# further pass over the matches. A later page is ranked again, to its own slice.
RANKED_HEAD = 100


@dataclass(frozen=True)
class MatchSummary:
    """`counts`: {content type id of the matching documents: how many}; `head`: the first
    matches, most relevant first, as (object id, title hits)."""

    counts: dict
    head: list

    @property
    def total(self):
        return sum(self.counts.values())

    def covers(self, start, stop):
        """Whether the slice [start:stop] of the ranked matches is within `head`."""
        if len(self.head) >= self.total:
            return True
        return stop is not None and stop <= len(self.head)


def summarise(ranking):
    """The `MatchSummary` of `ranking`: matching documents annotated with `title_hits`, in the
    order of relevance (title hits, then newer, then the higher object id)."""
    connection = connections[ranking.db]
    if not _materialises(connection):
        return _summarise_in_python(ranking)
    rows = ranking.order_by().values_list("object_id", "title_hits", "content_type_id", "date")
    sql, params = rows.query.sql_with_params()
    # `sql` is Django's own compiled query, its values parameters.
    statement = (
        f"WITH matches (object_id, title_hits, content_type_id, date) AS MATERIALIZED ({sql}) "  # noqa: S608
        "SELECT 0, content_type_id, COUNT(*), NULL FROM matches GROUP BY content_type_id "
        "UNION ALL SELECT * FROM (SELECT 1, object_id, title_hits, date FROM matches "
        "ORDER BY title_hits DESC, date DESC NULLS LAST, object_id DESC LIMIT %s) AS head "
        # The head keeps its order (a UNION's rows come in no promised order).
        "ORDER BY 1, 3 DESC, 4 DESC NULLS LAST, 2 DESC"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, (*params, RANKED_HEAD))
        summary = cursor.fetchall()
    return MatchSummary(
        counts={kind: count for part, kind, count, _date in summary if part == 0},
        head=[(object_id, hits) for part, object_id, hits, _date in summary if part == 1],
    )


def _summarise_in_python(ranking):
    """The summary from every match, ranked, read into Python (as before amendment 3): without
    `MATERIALIZED` (SQLite < 3.35) SQLite may run the CTE once for each use, and flattened
    into `SELECT count(*)` the same query took seconds instead of milliseconds."""
    rows = list(ranking.values_list("object_id", "title_hits", "content_type_id"))
    return MatchSummary(
        counts=dict(Counter(content_type for _pk, _hits, content_type in rows)),
        head=[(pk, hits) for pk, hits, _content_type in rows],
    )


def _materialises(connection):
    """Whether the database takes `AS MATERIALIZED` (PostgreSQL 12, SQLite 3.35)."""
    if connection.vendor == "sqlite":
        return connection.Database.sqlite_version_info >= (3, 35)
    return connection.vendor == "postgresql"
