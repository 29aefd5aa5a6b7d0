"""The SEQUENCE of each event's calendar entry (events.models.calendar). Published events start
at 0 with their present times and status: what the calendar files sent so far carried (none
had a SEQUENCE, which calendar apps read as 0)."""

import django.db.models.deletion
from django.db import migrations, models


def forwards(apps, schema_editor):
    EventPage = apps.get_model("events", "EventPage")
    EventCalendarVersion = apps.get_model("events", "EventCalendarVersion")
    EventCalendarVersion.objects.bulk_create(
        EventCalendarVersion(
            event_id=event.pk,
            starts_at=event.starts_at,
            ends_at=event.ends_at,
            all_day=event.all_day,
            status=event.status,
        )
        for event in EventPage.objects.filter(live=True).only(
            "pk", "starts_at", "ends_at", "all_day", "status"
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0002_staff"),
    ]

    operations = [
        migrations.CreateModel(
            name="EventCalendarVersion",
            fields=[
                (
                    "event",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="calendar_version",
                        serialize=False,
                        to="events.eventpage",
                        verbose_name="event",
                    ),
                ),
                (
                    "sequence",
                    models.PositiveIntegerField(default=0, verbose_name="calendar sequence"),
                ),
                ("starts_at", models.DateTimeField(verbose_name="starts at")),
                ("ends_at", models.DateTimeField(verbose_name="ends at")),
                ("all_day", models.BooleanField(default=False, verbose_name="all day")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("scheduled", "Scheduled"),
                            ("postponed", "Postponed"),
                            ("cancelled", "Cancelled"),
                        ],
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
            ],
            options={
                "verbose_name": "calendar version",
                "verbose_name_plural": "calendar versions",
            },
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
