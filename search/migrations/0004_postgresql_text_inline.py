"""PostgreSQL: the normalised text kept whole inside the documents' rows (ADR 0017, amendment 3).

Every search reads the text of its candidates. A row over ~2 KB had its body compressed with LZ4
and, most often, moved to the TOAST table (at 10,000 bench articles: 13 MB of rows, 8 MB of
TOAST; a body is ~2.6 KB), so checking a candidate meant a lookup there through the TOAST index,
then decompressing. With a tuple target of a whole page, a row up to ~8 KB is stored as it is,
uncompressed, in the row the check has already found: the statements of the common terms ~27 %
faster, for ~30 % more space. `STORAGE MAIN` keeps a longer row's text compressed in the row
where it fits; only what still does not fit goes to the TOAST table. Existing values are written
again so that they move. Nothing happens on SQLite.
"""

from django.db import migrations

COLUMNS = ("title_norm", "body_norm")
# A row may fill a page (8 KB less the page's and the tuple's headers) before its values are
# moved out.
TOAST_TUPLE_TARGET = 8160


def _storage_set(schema_editor, storage, table_option):
    """The columns' storage and the table's tuple target, then every value written again so
    that it moves where they say."""
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    alter = ", ".join(f"ALTER COLUMN {column} SET STORAGE {storage}" for column in COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE search_searchdocument {alter}")
        cursor.execute(f"ALTER TABLE search_searchdocument {table_option}")
        cursor.execute("UPDATE search_searchdocument SET body_norm = body_norm || ''")


def forwards(apps, schema_editor):
    _storage_set(schema_editor, "MAIN", f"SET (toast_tuple_target = {TOAST_TUPLE_TARGET})")


def backwards(apps, schema_editor):
    _storage_set(schema_editor, "EXTENDED", "RESET (toast_tuple_target)")


class Migration(migrations.Migration):
    dependencies = [("search", "0003_sqlite_trigram_index")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
