"""Name Wagtail's default workflow and its task in Japanese, the admin's first language: an
editor's submit button reads 「記事の承認に提出する」 (Wagtail writes "<workflow>に提出する"),
not 「Moderators approvalに提出する」, and Moderators never approved it (0002 gave the task to
Editors)."""

from django.db import migrations

NAMES = {
    # model: (old name, new name)
    "Workflow": ("Moderators approval", "記事の承認"),
    "GroupApprovalTask": ("Editors approval", "編集者の承認"),
}


def rename(apps, schema_editor, *, backwards=False):
    for model_name, (old, new) in NAMES.items():
        if backwards:
            old, new = new, old
        model = apps.get_model("wagtailcore", model_name)
        model.objects.filter(name=old).update(name=new)


def rename_backwards(apps, schema_editor):
    rename(apps, schema_editor, backwards=True)


class Migration(migrations.Migration):
    dependencies = [("community", "0016_cache_table")]

    operations = [migrations.RunPython(rename, rename_backwards)]
