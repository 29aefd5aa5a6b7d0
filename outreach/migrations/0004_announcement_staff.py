"""The Announcement staff group 「お知らせ配信」: admin access and `send_announcement` (write,
send and approve announcements; docs/roles.md)."""

from django.db import migrations

from core.group_permissions import group_permissions_grant, group_permissions_revoke

PERMISSIONS = [("outreach", "send_announcement")]
GROUP = "Announcement staff"


def forwards(apps, schema_editor):
    group_permissions_grant(apps, group=GROUP, permissions=PERMISSIONS)
    access_admin = apps.get_model("auth", "Permission").objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    apps.get_model("auth", "Group").objects.get(name=GROUP).permissions.add(access_admin)


def backwards(apps, schema_editor):
    group_permissions_revoke(apps, group=GROUP, permissions=PERMISSIONS)
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("outreach", "0003_announcement_recipients"),
        ("community", "0002_staff_groups"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
