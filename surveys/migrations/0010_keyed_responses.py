"""How a response reached us (Response.channel), the number of a keyed-in sheet (reference,
once per survey) and who keyed it in (entered_by); the permission to key them in (issue 21).

SQLite adds these columns by rebuilding the response table, which drops the trigger that marks
the results' tallies stale (0007, widened by 0009): it is put back after the rebuild, and
again after the rebuild that going back makes."""

from importlib import import_module

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

stale_triggers = import_module("surveys.migrations.0009_results_tallies_numbers_dates_days")
RESPONSE_TRIGGER = {"surveys_response": stale_triggers.COLUMNS["surveys_response"]}


def response_trigger_restore(apps, schema_editor):
    stale_triggers._triggers_replace(schema_editor, RESPONSE_TRIGGER)


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0009_results_tallies_numbers_dates_days"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Reversed last: after the rebuilds of going back.
        migrations.RunPython(migrations.RunPython.noop, response_trigger_restore),
        migrations.AlterModelOptions(
            name="surveypage",
            options={
                "permissions": [
                    ("view_results", "Can view survey results"),
                    ("key_in_responses", "Can key in responses given on paper or in person"),
                ],
                "verbose_name": "survey",
            },
        ),
        migrations.AddField(
            model_name="response",
            name="channel",
            field=models.CharField(
                choices=[
                    ("web", "Web"),
                    ("paper", "Paper"),
                    ("counter", "At the counter"),
                    ("post", "Post or e-mail"),
                    ("event", "At an event"),
                ],
                default="web",
                max_length=10,
                verbose_name="response channel",
            ),
        ),
        migrations.AddField(
            model_name="response",
            name="entered_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="keyed in by",
            ),
        ),
        migrations.AddField(
            model_name="response",
            name="reference",
            field=models.CharField(
                blank=True,
                help_text="The number written on the paper sheet.",
                max_length=40,
                verbose_name="sheet number",
            ),
        ),
        migrations.AddConstraint(
            model_name="response",
            constraint=models.UniqueConstraint(
                condition=models.Q(("reference", ""), _negated=True),
                fields=("survey", "reference"),
                name="response_sheet_once",
            ),
        ),
        migrations.RunPython(response_trigger_restore, migrations.RunPython.noop),
    ]
