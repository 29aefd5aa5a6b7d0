"""Analysts and Responders (回答担当) may key in survey answers given on paper, at a counter,
by post or e-mail, or at an event (issue 21). See docs/roles.md."""

from django.db import migrations

from core.group_permissions import group_permissions_grant, group_permissions_revoke

PERMISSIONS = [("surveys", "key_in_responses")]
GROUPS = ("Analysts", "Responders")


def grant(apps, schema_editor):
    for group in GROUPS:
        group_permissions_grant(apps, group=group, permissions=PERMISSIONS)
    # The consultations app also creates Responders; whichever runs first, it reaches the admin.
    Permission = apps.get_model("auth", "Permission")
    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    apps.get_model("auth", "Group").objects.get(name="Responders").permissions.add(access_admin)


def revoke(apps, schema_editor):
    # Responders stays: the consultations app owns it too.
    for group in GROUPS:
        group_permissions_revoke(apps, group=group, permissions=PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0010_keyed_responses"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
