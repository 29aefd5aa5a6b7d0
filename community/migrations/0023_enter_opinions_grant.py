"""Editors and Responders key in opinions received on paper, by post or in person (issue 21).
See docs/roles.md."""

from django.db import migrations

from core.group_permissions import group_permissions_grant, group_permissions_revoke

PERMISSIONS = [("community", "enter_opinions")]
GROUPS = ["Editors", "Responders"]


def grant(apps, schema_editor):
    for group in GROUPS:
        group_permissions_grant(apps, group=group, permissions=PERMISSIONS)


def revoke(apps, schema_editor):
    for group in GROUPS:
        group_permissions_revoke(apps, group=group, permissions=PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("community", "0022_posted_opinions")]

    operations = [migrations.RunPython(grant, revoke)]
