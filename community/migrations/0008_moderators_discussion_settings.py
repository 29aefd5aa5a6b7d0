"""Moderators keep the discussion settings (rate limits, report threshold). See docs/roles.md."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSION = ("community", "change_discussionsettings")


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure it exists now.
    app_config = apps.get_app_config("community")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    moderators, _created = Group.objects.get_or_create(name="Moderators")
    app_label, codename = PERMISSION
    moderators.permissions.add(
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    moderators = Group.objects.filter(name="Moderators").first()
    if moderators is not None:
        app_label, codename = PERMISSION
        moderators.permissions.remove(
            *Permission.objects.filter(content_type__app_label=app_label, codename=codename)
        )


class Migration(migrations.Migration):
    dependencies = [("community", "0007_moderators_moderate_comment")]

    operations = [migrations.RunPython(grant, revoke)]
