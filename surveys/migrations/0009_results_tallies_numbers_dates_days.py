"""The tallies also count each number and date answered and the responses of each day
(decision 0014, amendment "Numbers, dates, days"), and no longer the sums of numbers: the
triggers of 0007 now also watch the columns these read (Answer.value_date,
Response.submitted_at), and every survey is recounted as 0008 did."""

from importlib import import_module

from django.db import migrations

stale_triggers = import_module("surveys.migrations.0007_results_tallies_stale_triggers")
pairs = import_module("surveys.migrations.0008_results_tallies_pairs")

COLUMNS = {
    "surveys_answer": (*stale_triggers.ANSWER_COLUMNS, "value_date"),
    "surveys_response": (*stale_triggers.RESPONSE_COLUMNS, "submitted_at"),
}
COLUMNS_BEFORE = {
    "surveys_answer": stale_triggers.ANSWER_COLUMNS,
    "surveys_response": stale_triggers.RESPONSE_COLUMNS,
}


def _triggers_replace(schema_editor, tables):
    vendor = schema_editor.connection.vendor
    for table, columns in tables.items():
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_tallies_stale ON {table}")
            schema_editor.execute(stale_triggers._postgresql(table, columns))
        elif vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_tallies_stale")
            schema_editor.execute(stale_triggers._sqlite(table, columns))


def triggers_widen(apps, schema_editor):
    _triggers_replace(schema_editor, COLUMNS)


def triggers_narrow(apps, schema_editor):
    _triggers_replace(schema_editor, COLUMNS_BEFORE)


class Migration(migrations.Migration):
    atomic = False  # each survey is counted in a transaction of its own (0008's pairs_fill)
    dependencies = [("surveys", "0008_results_tallies_pairs")]

    operations = [
        migrations.RunPython(triggers_widen, triggers_narrow, atomic=True),
        # Going back: merge the deltas first (survey_tallies_check --fix merges them), then
        # recount with the earlier code (its keys for numbers differ).
        migrations.RunPython(pairs.pairs_fill, migrations.RunPython.noop),
    ]
