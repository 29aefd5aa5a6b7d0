"""PostgreSQL: the normalised text compressed with LZ4 instead of pglz (ADR 0017, amendment 2).

Every search reads the text of its candidates (the term must occur in it); most bodies are long
enough to be compressed, and LZ4 decompresses several times faster. Existing values are written
again so that they are compressed the new way (PostgreSQL keeps a compressed value as it is).
Nothing happens on SQLite, or on a server built without LZ4.
"""

from django.db import migrations

COLUMNS = ("title_norm", "body_norm")


def _lz4_available(cursor):
    cursor.execute(
        "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'"
    )
    row = cursor.fetchone()
    return bool(row and row[0])


def compress_with_lz4(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        if not _lz4_available(cursor):
            return
        alter = ", ".join(f"ALTER COLUMN {column} SET COMPRESSION lz4" for column in COLUMNS)
        cursor.execute(f"ALTER TABLE search_searchdocument {alter}")
        cursor.execute(
            "UPDATE search_searchdocument SET body_norm = body_norm || '' "
            "WHERE pg_column_compression(body_norm) = 'pglz'"
        )


def compress_with_default(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    alter = ", ".join(f"ALTER COLUMN {column} SET COMPRESSION DEFAULT" for column in COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE search_searchdocument {alter}")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(compress_with_lz4, compress_with_default, elidable=False)]
