"""An outcome is published only as a second member of staff approved it
(consultations.publishing, SecondApprovalTask)."""

from django.urls import reverse

from consultations import services
from tests.consultations.conftest import keys
from tests.factories import StaffUserFactory


def _submitted(consultation, user):
    revision = consultation.save_revision(user=user)
    consultation.get_workflow().start(consultation, user)
    consultation.refresh_from_db()
    return revision


def _approve_url(consultation):
    task_state = consultation.current_workflow_state.current_task_state
    return reverse(
        "wagtailadmin_pages:workflow_action", args=[consultation.pk, "approve", task_state.pk]
    )


def test_every_outcome_goes_through_the_second_persons_workflow(consultation):
    workflow = consultation.get_workflow()

    assert workflow.name == "意見への回答の公開"
    assert [task.name for task in workflow.tasks] == ["別の担当者の承認"]


def test_an_editor_cannot_publish_an_outcome_directly(client, consultation, opinions, editor):
    services.group_create(consultation=consultation, summary="支所", keys=keys(opinions[0]))
    client.force_login(editor)
    consultation.save_revision(user=editor)

    assert not consultation.permissions_for_user(editor).can_publish()
    edit = reverse("wagtailadmin_pages:edit", args=[consultation.pk])
    assert 'name="action-publish"' not in client.get(edit).content.decode()
    client.post(
        edit, {"title": consultation.title, "slug": consultation.slug, "action-publish": "1"}
    )
    consultation.refresh_from_db()
    assert not consultation.live


def test_who_submitted_cannot_approve_another_member_of_staff_can(
    client, consultation, opinions, editor
):
    services.group_create(consultation=consultation, summary="支所", keys=keys(opinions[0]))
    _submitted(consultation, editor)
    task = consultation.current_workflow_task

    assert task.get_actions(consultation, editor) == []
    client.force_login(editor)
    refused = client.post(_approve_url(consultation))  # Wagtail's refusal: back to the dashboard
    assert (refused.status_code, refused["Location"]) == (302, reverse("wagtailadmin_home"))
    consultation.refresh_from_db()
    assert not consultation.live

    responder = StaffUserFactory(groups=["Responders"])
    assert [name for name, *_ in task.get_actions(consultation, responder)] == [
        "reject",
        "approve",
        "approve",
    ]
    client.force_login(responder)
    client.post(_approve_url(consultation))
    consultation.refresh_from_db()
    assert consultation.live
    assert [row["summary"] for row in consultation.table["rows"]] == ["支所"]


def test_a_draft_after_the_approval_needs_approving_again(consultation, opinions, editor):
    services.group_create(consultation=consultation, summary="支所", keys=keys(opinions[0]))
    _submitted(consultation, editor)
    consultation.current_workflow_task.on_action(
        consultation.current_workflow_state.current_task_state,
        StaffUserFactory(groups=["Responders"]),
        "approve",
    )
    consultation.refresh_from_db()
    assert consultation.live

    consultation.save_revision(user=editor)

    consultation.refresh_from_db()
    assert not consultation.permissions_for_user(editor).can_publish()
