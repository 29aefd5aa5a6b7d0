"""Background work for discussions (run by django-tasks: immediately in dev and tests, by
`manage.py db_worker` in production): telling members what happened, and e-mailing them.

Computing a topic's opinion groups from its votes is here too: numpy work, never in a request.

Requests only enqueue these, after their transaction commits, so a page with many followers
does not slow the member who comments, and a failure here never undoes what they posted.
"""

from django.utils.translation import gettext_lazy as _
from django_tasks import task

from core.background import task_labels_register


@task()
def comment_published_notify(*, comment_id):
    """Announce a newly published comment to the member it answers and the page's followers."""
    from .models import Comment
    from .services import notifications

    comment = Comment.objects.filter(pk=comment_id).select_related("page").first()
    return len(notifications.comment_published_notify(comment=comment)) if comment else 0


@task()
def like_notify(*, comment_id, member_id):
    """Add a like to the batch of like notifications of the comment's author."""
    from .models import Comment, User
    from .services import notifications

    comment = Comment.objects.filter(pk=comment_id).first()
    member = User.objects.filter(pk=member_id).first()
    if comment and member:
        notifications.like_notify(comment=comment, member=member)


@task()
def moderation_notify(*, action_id, published, tell_member):
    """Tell the member concerned of a moderator's decision (`tell_member`); announce a comment
    it `published`."""
    from .models import ModerationAction
    from .services import notifications

    action = ModerationAction.objects.filter(pk=action_id).select_related("comment").first()
    if action is None:
        return
    if tell_member:
        notifications.moderation_notify(action=action)
    if published and action.comment is not None:
        notifications.comment_published_notify(comment=action.comment)


@task()
def topic_closed_notify(*, topic_id):
    """Tell everyone who took part in an opinion exchange that staff closed it."""
    from .models import TopicPage
    from .services import notifications

    topic = TopicPage.objects.filter(pk=topic_id).first()
    return len(notifications.topic_closed_notify(topic=topic)) if topic else 0


@task()
def proposal_decided_notify(*, proposal_id):
    """Tell a member the decision on their topic proposal."""
    from .models import TopicProposal
    from .services import notifications

    proposal = TopicProposal.objects.filter(pk=proposal_id).first()
    if proposal:
        notifications.proposal_decided_notify(proposal=proposal)


@task()
def notification_emails_send(*, notification_ids):
    """E-mail these notifications to members who want e-mail immediately (each at most once)."""
    from .services.notification_emails import notification_emails_send as send

    return send(notification_ids=notification_ids)


@task()
def notification_digest_send(*, recipient_id):
    """E-mail one member their daily digest of notifications not yet e-mailed."""
    from .services.notification_emails import notification_digest_send as send

    return send(recipient_id=recipient_id)


@task()
def opinion_groups_compute(*, topic_id):
    """Compute a topic's opinion groups from its votes and store them (the report reads them)."""
    from .consensus.groups.runs import opinion_groups_compute as compute

    run = compute(topic_id=topic_id)
    return run.pk if run else None


task_labels_register(
    {
        "community.tasks.comment_published_notify": _("Tell followers of a new comment"),
        "community.tasks.like_notify": _("Tell a member of a like"),
        "community.tasks.moderation_notify": _("Tell a member of a moderation decision"),
        "community.tasks.topic_closed_notify": _("Tell participants that a topic closed"),
        "community.tasks.proposal_decided_notify": _("Tell a member the decision on a proposal"),
        "community.tasks.notification_emails_send": _("E-mail notifications"),
        "community.tasks.notification_digest_send": _("E-mail a daily digest"),
        "community.tasks.opinion_groups_compute": _("Find the opinion groups of a topic"),
    }
)
