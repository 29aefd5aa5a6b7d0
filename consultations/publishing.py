"""Publishing an outcome only as a second member of staff approved it
(docs/decisions/0018-consultation-outcomes.md).

A consultation outcome page goes through the workflow whose task is a `SecondApprovalTask`
(consultations.models): whoever submits it cannot approve it. Nobody publishes it any other way
— no 「公開する」 button for staff, superusers aside — except the revision that approval accepted,
which its approval publishes.
"""

from wagtail.models import PagePermissionTester, TaskState, WorkflowState


def approved_revision_id(page):
    """The id of the revision of `page` that the last finished workflow approved, or None when
    its last workflow was not approved."""
    state = page.workflow_states.order_by("-created_at", "-pk").first()
    if state is None or state.status != WorkflowState.STATUS_APPROVED:
        return None
    approval = (
        state.task_states.filter(status=TaskState.STATUS_APPROVED)
        .order_by("-finished_at", "-pk")
        .first()
    )
    return approval and approval.revision_id


class ApprovedPublishingTester(PagePermissionTester):
    """Wagtail's page permissions, except that publishing is for superusers and for the
    revision a workflow approved (the approval itself publishes it)."""

    def can_publish(self):
        if not self.user.is_active or self.page_is_root:
            return False
        if self.user.is_superuser:
            return True
        latest = self.page.latest_revision_id
        return latest is not None and approved_revision_id(self.page) == latest
