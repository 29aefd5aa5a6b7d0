"""Staff roles as groups. See docs/roles.md for what each role may do and why.

- Editors write, schedule and publish articles, and approve each other's submissions through
  Wagtail's default workflow (renamed "Editors approval"; 0017 names both in Japanese).
- Moderators keep discussions healthy; their community permissions arrive with comments.
  They no longer get Wagtail's default page-publishing rights.
- Analysts read survey results; their permission arrives with the survey results.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PAGE_PERMISSIONS = {
    "Editors": ["add_page", "change_page", "publish_page", "lock_page"],
    "Moderators": [],
    "Analysts": [],
}
SNIPPET_PERMISSIONS = {
    "Editors": [
        ("articles", "add_author"),
        ("articles", "change_author"),
        ("articles", "delete_author"),
        ("articles", "add_series"),
        ("articles", "change_series"),
        ("articles", "delete_series"),
    ],
}


def _permission(apps, app_label, codename):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def create_staff_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure ours exist now.
    for label in ("wagtailcore", "articles"):
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)

    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    access_admin = _permission(apps, "wagtailadmin", "access_admin")
    root = Page.objects.filter(depth=1).first()

    for name, codenames in PAGE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(access_admin)
        GroupPagePermission.objects.filter(group=group).delete()
        for codename in codenames:
            GroupPagePermission.objects.create(
                group=group, page=root, permission=_permission(apps, "wagtailcore", codename)
            )
        for app_label, codename in SNIPPET_PERMISSIONS.get(name, []):
            group.permissions.add(_permission(apps, app_label, codename))

    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    editors = Group.objects.get(name="Editors")
    for approval in GroupApprovalTask.objects.filter(groups__name="Moderators"):
        approval.groups.set([editors])
        approval.name = "Editors approval"
        approval.save(update_fields=["name"])


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0001_initial"),
        ("articles", "0001_initial"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create_staff_groups, migrations.RunPython.noop)]
