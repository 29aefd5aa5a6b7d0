"""The workflow every consultation outcome page goes through (ConsultationPage.get_workflow):
「意見への回答の公開」, whose one task 「別の担当者の承認」 Editors and Responders approve, except
whoever submitted. Named in Japanese, the admin's first language (the submit button reads
「意見への回答の公開に提出する」)."""

from django.db import migrations

WORKFLOW = "意見への回答の公開"
TASK = "別の担当者の承認"
APPROVERS = ["Editors", "Responders"]


def forwards(apps, schema_editor):
    content_type, _created = apps.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="consultations", model="secondapprovaltask"
    )
    task, _created = apps.get_model("consultations", "SecondApprovalTask").objects.get_or_create(
        name=TASK, defaults={"content_type": content_type, "active": True}
    )
    task.groups.set(apps.get_model("auth", "Group").objects.filter(name__in=APPROVERS))
    workflow, _created = apps.get_model("wagtailcore", "Workflow").objects.get_or_create(
        name=WORKFLOW, defaults={"active": True}
    )
    apps.get_model("wagtailcore", "WorkflowTask").objects.get_or_create(
        workflow=workflow, task=task, defaults={"sort_order": 0}
    )


def backwards(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW).delete()
    apps.get_model("consultations", "SecondApprovalTask").objects.filter(name=TASK).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0003_second_approval"),
        ("consultations", "0002_dispositions_and_responders"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
