"""What each registration was last told of its event's times (Registration.sequence_told).
Existing registrations count as told of their event's present calendar SEQUENCE, so the next
publish tells only those whose event's times it moves."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce


def forwards(apps, schema_editor):
    Registration = apps.get_model("events", "Registration")
    EventCalendarVersion = apps.get_model("events", "EventCalendarVersion")
    sequence = EventCalendarVersion.objects.filter(event_id=OuterRef("event_id")).values("sequence")
    Registration.objects.update(sequence_told=Coalesce(Subquery(sequence), 0))


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0003_calendar_version"),
    ]

    operations = [
        migrations.AddField(
            model_name="registration",
            name="sequence_told",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
