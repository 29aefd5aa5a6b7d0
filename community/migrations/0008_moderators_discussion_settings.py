"""Moderators keep the discussion settings (rate limits, report threshold). See docs/roles.md."""

from django.db import migrations

from core.group_permissions import group_permissions_grant, group_permissions_revoke

PERMISSIONS = [("community", "change_discussionsettings")]


def grant(apps, schema_editor):
    group_permissions_grant(apps, group="Moderators", permissions=PERMISSIONS)


def revoke(apps, schema_editor):
    group_permissions_revoke(apps, group="Moderators", permissions=PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("community", "0007_moderators_moderate_comment")]

    operations = [migrations.RunPython(grant, revoke)]
