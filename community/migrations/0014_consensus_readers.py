"""Moderators and Analysts read opinion-exchange reports and export them (issue 8); proposals
are decided by Moderators with the moderation permission they hold. See docs/roles.md."""

from django.db import migrations

from core.group_permissions import group_permissions_grant, group_permissions_revoke

PERMISSIONS = [("community", "view_consensus")]
GROUPS = ["Moderators", "Analysts"]


def grant(apps, schema_editor):
    for group in GROUPS:
        group_permissions_grant(apps, group=group, permissions=PERMISSIONS)


def revoke(apps, schema_editor):
    for group in GROUPS:
        group_permissions_revoke(apps, group=group, permissions=PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("community", "0013_consensus")]

    operations = [migrations.RunPython(grant, revoke)]
