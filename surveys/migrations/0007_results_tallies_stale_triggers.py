"""Answers rewritten in place (an UPDATE the app never makes: a fix by hand, a data migration)
would leave the results' tallies counting what they were. These triggers append a delta
counting the key "stale" for the survey instead; results then group the raw answers again
until `manage.py survey_tallies_check --fix` recounts them (decision 0014)."""

from django.db import migrations

STALE = """'{"stale": 1}'"""
# The columns surveys.tallies counts; a change to anything else (a text) changes no tally.
ANSWER_COLUMNS = (
    "survey_id", "response_id", "question_id", "question_type", "choice_id", "choice_label",
    "row_id", "value_number", "rank",
)  # fmt: skip
RESPONSE_COLUMNS = ("survey_id", "is_test")


def _changed(columns, differs):
    return " OR ".join(f'OLD."{column}" {differs} NEW."{column}"' for column in columns)


def _sqlite(table, columns):
    return (
        f"CREATE TRIGGER {table}_tallies_stale AFTER UPDATE ON {table} "
        f"WHEN {_changed(columns, 'IS NOT')} BEGIN "
        f"INSERT INTO surveys_tallydelta (survey_id, counts, sign) "
        f"SELECT OLD.survey_id, {STALE}, 1 UNION SELECT NEW.survey_id, {STALE}, 1; END"
    )


PG_FUNCTION = f"""
CREATE FUNCTION surveys_tallies_stale() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO surveys_tallydelta (survey_id, counts, sign) VALUES (OLD.survey_id, {STALE}, 1);
    IF NEW.survey_id IS DISTINCT FROM OLD.survey_id THEN
        INSERT INTO surveys_tallydelta (survey_id, counts, sign)
        VALUES (NEW.survey_id, {STALE}, 1);
    END IF;
    RETURN NULL;
END $$
"""  # noqa: S608


def _postgresql(table, columns):
    return (
        f"CREATE TRIGGER {table}_tallies_stale AFTER UPDATE ON {table} FOR EACH ROW "
        f"WHEN ({_changed(columns, 'IS DISTINCT FROM')}) "
        f"EXECUTE FUNCTION surveys_tallies_stale()"
    )


TABLES = {"surveys_answer": ANSWER_COLUMNS, "surveys_response": RESPONSE_COLUMNS}


def triggers_create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FUNCTION)
    for table, columns in TABLES.items():
        if vendor == "postgresql":
            schema_editor.execute(_postgresql(table, columns))
        elif vendor == "sqlite":
            schema_editor.execute(_sqlite(table, columns))


def triggers_drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_tallies_stale ON {table}")
        elif vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_tallies_stale")
    if vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS surveys_tallies_stale()")


class Migration(migrations.Migration):
    dependencies = [("surveys", "0006_results_tallies")]

    operations = [migrations.RunPython(triggers_create, triggers_drop)]
