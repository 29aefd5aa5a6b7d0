"""Analysts see, issue and revoke API keys (issue 26). See docs/roles.md."""

from django.db import migrations

from core.group_permissions import group_permissions_grant, group_permissions_revoke

PERMISSIONS = [("api", "view_apikey"), ("api", "add_apikey"), ("api", "change_apikey")]
GROUP = "Analysts"


def grant(apps, schema_editor):
    group_permissions_grant(apps, group=GROUP, permissions=PERMISSIONS)


def revoke(apps, schema_editor):
    group_permissions_revoke(apps, group=GROUP, permissions=PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0002_page_last_published_index"),
        ("community", "0002_staff_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
