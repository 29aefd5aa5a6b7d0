"""PostgreSQL: the normalised text compressed with LZ4 instead of pglz, and finer statistics of
the tokens (ADR 0017, amendment 2).

Every search reads the text of its candidates (the term must occur in it); most bodies are long
enough to be compressed, and LZ4 decompresses several times faster. Existing values are written
again so that they are compressed the new way (PostgreSQL keeps a compressed value as it is).
Nothing of this happens on a server built without LZ4.

The planner estimated a rare token at ~2,000 documents (the default 100 most common values out of
a few thousand tokens): for 3分 it then checked the text of all 10,000 documents (113 ms) instead
of the one holding the token (0.1 ms). With 2,000 most common values it drives from the tokens.
Nothing happens on SQLite.
"""

from django.db import migrations

COLUMNS = ("title_norm", "body_norm")
TOKEN_STATISTICS = 2000


def _lz4_available(cursor):
    cursor.execute(
        "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'"
    )
    row = cursor.fetchone()
    return bool(row and row[0])


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"ALTER TABLE search_searchtoken ALTER COLUMN token SET STATISTICS {TOKEN_STATISTICS}"
        )
        cursor.execute("ANALYZE search_searchtoken")
        if not _lz4_available(cursor):
            return
        alter = ", ".join(f"ALTER COLUMN {column} SET COMPRESSION lz4" for column in COLUMNS)
        cursor.execute(f"ALTER TABLE search_searchdocument {alter}")
        cursor.execute(
            "UPDATE search_searchdocument SET body_norm = body_norm || '' "
            "WHERE pg_column_compression(body_norm) = 'pglz'"
        )


def backwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    alter = ", ".join(f"ALTER COLUMN {column} SET COMPRESSION DEFAULT" for column in COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE search_searchdocument {alter}")
        cursor.execute("ALTER TABLE search_searchtoken ALTER COLUMN token SET STATISTICS -1")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
