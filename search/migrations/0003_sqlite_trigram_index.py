"""SQLite: a trigram index of the normalised text (FTS5), kept by triggers (ADR 0017, amendment 2).

`search_fts` indexes `search_searchdocument`'s title_norm and body_norm without a copy of them
(external content), with SQLite's `trigram` tokenizer, case-sensitive: a phrase of a term's
trigrams at consecutive places is exactly "the text contains the term", for any term of three
characters or more, read from the index instead of the text. Triggers on the documents' table
keep it in step with every insert, update and delete, whoever makes them; it is filled from the
documents already there. Nothing happens on PostgreSQL, or with an SQLite without FTS5's trigram
tokenizer (3.34 or later): the search then reads the text, as before.
"""

from django.db import migrations

CREATE = [
    "CREATE VIRTUAL TABLE search_fts USING fts5(title_norm, body_norm, "
    "content='search_searchdocument', content_rowid='id', "
    "tokenize='trigram case_sensitive 1')",
    "CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchdocument BEGIN "
    "INSERT INTO search_fts (rowid, title_norm, body_norm) "
    "VALUES (new.id, new.title_norm, new.body_norm); END",
    "CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchdocument BEGIN "
    "INSERT INTO search_fts (search_fts, rowid, title_norm, body_norm) "
    "VALUES ('delete', old.id, old.title_norm, old.body_norm); END",
    "CREATE TRIGGER search_fts_update AFTER UPDATE ON search_searchdocument BEGIN "
    "INSERT INTO search_fts (search_fts, rowid, title_norm, body_norm) "
    "VALUES ('delete', old.id, old.title_norm, old.body_norm); "
    "INSERT INTO search_fts (rowid, title_norm, body_norm) "
    "VALUES (new.id, new.title_norm, new.body_norm); END",
    "INSERT INTO search_fts (search_fts) VALUES ('rebuild')",
]
DROP = [
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TABLE IF EXISTS search_fts",
]


def _trigram_available(cursor):
    try:
        cursor.execute(
            "CREATE VIRTUAL TABLE temp.search_fts_probe USING fts5(a, tokenize='trigram')"
        )
    except Exception:  # noqa: BLE001 - no FTS5, or no trigram tokenizer: nothing to create
        return False
    cursor.execute("DROP TABLE temp.search_fts_probe")
    return True


def create(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        if not _trigram_available(cursor):
            return
        for statement in CREATE:
            cursor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        for statement in DROP:
            cursor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_postgresql_text_and_statistics")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
