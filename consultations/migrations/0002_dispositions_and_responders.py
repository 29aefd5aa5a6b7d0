"""The usual dispositions of a consultation's answers, and who may group and answer opinions:
the new Responders group (回答担当) and the Editors (docs/roles.md)."""

from django.db import migrations

from core.group_permissions import group_permissions_grant, group_permissions_revoke

DISPOSITIONS = [
    "案を修正します",
    "原案どおりとします",
    "今後の参考とします",
    "既に反映されています",
    "その他",
]
PERMISSIONS = [("consultations", "answer_opinions")]


def forwards(apps, schema_editor):
    Disposition = apps.get_model("consultations", "Disposition")
    for order, label in enumerate(DISPOSITIONS, start=1):
        Disposition.objects.get_or_create(label=label, defaults={"sort_order": order})
    group_permissions_grant(apps, group="Responders", permissions=PERMISSIONS)
    Permission = apps.get_model("auth", "Permission")
    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    apps.get_model("auth", "Group").objects.get(name="Responders").permissions.add(access_admin)
    group_permissions_grant(apps, group="Editors", permissions=PERMISSIONS)


def backwards(apps, schema_editor):
    group_permissions_revoke(apps, group="Editors", permissions=PERMISSIONS)
    apps.get_model("auth", "Group").objects.filter(name="Responders").delete()
    apps.get_model("consultations", "Disposition").objects.filter(label__in=DISPOSITIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0001_outcomes"),
        ("community", "0002_staff_groups"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
