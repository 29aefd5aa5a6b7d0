"""Analysts may read survey results and export them (issue 6). See docs/roles.md."""

from django.db import migrations

from core.group_permissions import group_permissions_grant, group_permissions_revoke

PERMISSIONS = [("surveys", "view_results")]


def grant(apps, schema_editor):
    group_permissions_grant(apps, group="Analysts", permissions=PERMISSIONS)


def revoke(apps, schema_editor):
    group_permissions_revoke(apps, group="Analysts", permissions=PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("surveys", "0003_results"), ("community", "0011_discussion_address_limit")]

    operations = [migrations.RunPython(grant, revoke)]
