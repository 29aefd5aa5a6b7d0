"""Editors keep the furigana dictionary (ふりがな辞書, readable.ReadingOverride; issue 24). Here,
not in readable: the staff groups are community's. See docs/roles.md."""

from django.db import migrations

from community.migrations._grants import group_permissions_grant, group_permissions_revoke

PERMISSIONS = [
    ("readable", "add_readingoverride"),
    ("readable", "change_readingoverride"),
    ("readable", "delete_readingoverride"),
]


def grant(apps, schema_editor):
    group_permissions_grant(apps, group="Editors", permissions=PERMISSIONS)


def revoke(apps, schema_editor):
    group_permissions_revoke(apps, group="Editors", permissions=PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0027_notification_email_failures"),
        ("readable", "0001_reading_override"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
