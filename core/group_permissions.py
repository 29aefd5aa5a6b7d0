"""Giving a staff group permissions from a data migration, for every app's migrations (in core
so that apps below community can use it too). See docs/roles.md for who holds what."""

from django.contrib.auth.management import create_permissions


def group_permissions_grant(apps, *, group, permissions):
    """Give the group named `group` the (app_label, codename) pairs in `permissions`."""
    # Permissions are normally created after all migrations; make sure ours exist now.
    for app_label in {app_label for app_label, _codename in permissions}:
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    staff_group, _created = Group.objects.get_or_create(name=group)
    staff_group.permissions.add(*_permissions(apps, permissions))


def group_permissions_revoke(apps, *, group, permissions):
    Group = apps.get_model("auth", "Group")
    staff_group = Group.objects.filter(name=group).first()
    if staff_group is not None:
        staff_group.permissions.remove(*_permissions(apps, permissions))


def _permissions(apps, permissions):
    Permission = apps.get_model("auth", "Permission")
    return [
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in permissions
    ]
