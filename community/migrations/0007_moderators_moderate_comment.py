"""Moderators may moderate comments (issue 4). See docs/roles.md."""

from django.db import migrations

from core.group_permissions import group_permissions_grant, group_permissions_revoke

PERMISSIONS = [("community", "moderate_comment")]


def grant(apps, schema_editor):
    group_permissions_grant(apps, group="Moderators", permissions=PERMISSIONS)


def revoke(apps, schema_editor):
    group_permissions_revoke(apps, group="Moderators", permissions=PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("community", "0006_comments")]

    operations = [migrations.RunPython(grant, revoke)]
