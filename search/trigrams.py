"""SQLite's trigram index of the documents' text (FTS5 `search_fts`, migration 0003).

A phrase of a term's trigrams, one after the other, is exactly "the text contains the term": the
index answers any term of three characters or more without reading the text (ADR 0017,
amendment 2). PostgreSQL has no such index here; its searches read the text.
"""

from django.db.models.expressions import RawSQL

# The index answers terms this long.
TRIGRAM = 3

_exists = {}


def trigram_index_exists(connection):
    """Whether this database has the trigram index (SQLite with FTS5's trigram tokenizer, and
    migration 0003 applied). Looked up once per database."""
    if connection.vendor != "sqlite":
        return False
    key = (connection.alias, str(connection.settings_dict["NAME"]))
    if key not in _exists:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'search_fts'"
            )
            _exists[key] = cursor.fetchone() is not None
    return _exists[key]


def trigram_matches(term, columns):
    """The ids of the documents with `term` (normalised, three characters or more) in one of
    `columns` (title_norm, body_norm): a subquery for `pk__in`."""
    phrase = term.replace('"', '""')
    return RawSQL(
        "SELECT rowid FROM search_fts WHERE search_fts MATCH %s",
        [f'{{{" ".join(columns)}}} : "{phrase}"'],
    )
