"""Staff screens for events: who may see and manage registrations (`manage_registrations`,
given to the new Event staff group 「イベント担当」 and to Editors; docs/roles.md), and the record
of follow-up invitations sent to attendees."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from core.group_permissions import group_permissions_grant, group_permissions_revoke

PERMISSIONS = [("events", "manage_registrations")]
GROUP = "Event staff"


def _permission_create(apps):
    # On Registration, not in its Meta: the permission is about the people who registered.
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    registration, _ = ContentType.objects.get_or_create(app_label="events", model="registration")
    Permission.objects.get_or_create(
        content_type=registration,
        codename="manage_registrations",
        defaults={"name": "Can see event registrations, export them and check people in"},
    )


def forwards(apps, schema_editor):
    _permission_create(apps)
    group_permissions_grant(apps, group=GROUP, permissions=PERMISSIONS)
    access_admin = apps.get_model("auth", "Permission").objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    apps.get_model("auth", "Group").objects.get(name=GROUP).permissions.add(access_admin)
    group_permissions_grant(apps, group="Editors", permissions=PERMISSIONS)
    _event_pages_editable(apps)


def _event_pages_editable(apps):
    """Event staff edit the pages under each event index that exists now (the page check of
    the staff screens); an index added later is given to them under Settings → Groups."""
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    group = apps.get_model("auth", "Group").objects.get(name=GROUP)
    change_page = Permission.objects.get(
        content_type__app_label="wagtailcore", codename="change_page"
    )
    for index in apps.get_model("events", "EventIndexPage").objects.all():
        GroupPagePermission.objects.get_or_create(
            group=group, page_id=index.pk, permission=change_page
        )


def backwards(apps, schema_editor):
    group_permissions_revoke(apps, group="Editors", permissions=PERMISSIONS)
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()
    apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="events", codename="manage_registrations"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0001_initial"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("community", "0002_staff_groups"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.CreateModel(
            name="FollowUpInvitation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "sent_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="sent at"),
                ),
                ("count", models.PositiveIntegerField(default=0, verbose_name="notices sent")),
                (
                    "event",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="follow_up_invitations",
                        to="events.eventpage",
                        verbose_name="event",
                    ),
                ),
                (
                    "page",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="wagtailcore.page",
                        verbose_name="follow-up page",
                    ),
                ),
                (
                    "sent_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="sent by",
                    ),
                ),
            ],
            options={
                "verbose_name": "follow-up invitation",
                "verbose_name_plural": "follow-up invitations",
                "ordering": ["-sent_at", "-pk"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("event", "page"), name="follow_up_invitation_once"
                    )
                ],
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
