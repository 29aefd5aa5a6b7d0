"""Staff's work on a consultation's opinions: gathering them into groups, answering the groups
and following them up. Every function is one transaction; the groups keep the numbers 1, 2, 3…
in the order staff gave them."""

from django.db import transaction
from django.db.models import Max

from community.services.notifications import answers_published_notify

from .models import GroupedOpinion, OpinionGroup, ProgressNote
from .rows import row_anchor
from .sources import opinion_ids, standing


def _positions_renumber(consultation):
    groups = list(consultation.opinion_groups.order_by("position", "pk"))
    for number, group in enumerate(groups, start=1):
        group.position = number
    OpinionGroup.objects.bulk_update(groups, ["position"])


def _members_of(consultation, keys):
    """The opinions named by `keys` that belong to the consultation's source and are in no
    other consultation's group, as (comment ids, answer ids)."""
    comments, answers = opinion_ids(consultation.source, keys)
    elsewhere = GroupedOpinion.objects.exclude(group__consultation=consultation)
    comments -= set(elsewhere.filter(comment_id__in=comments).values_list("comment_id", flat=True))
    answers -= set(elsewhere.filter(answer_id__in=answers).values_list("answer_id", flat=True))
    return comments, answers


def _members_place(consultation, group, members):
    """Put `members` (comment ids, answer ids: `_members_of`) into `group`, out of any group
    they were in (keeping whether and how they are quoted); returns how many. Groups left
    empty are deleted."""
    comments, answers = members
    existing = GroupedOpinion.objects.filter(group__consultation=consultation)
    existing.filter(comment_id__in=comments).update(group=group)
    existing.filter(answer_id__in=answers).update(group=group)
    placed_comments = set(
        existing.filter(comment_id__in=comments).values_list("comment_id", flat=True)
    )
    placed_answers = set(existing.filter(answer_id__in=answers).values_list("answer_id", flat=True))
    GroupedOpinion.objects.bulk_create(
        [GroupedOpinion(group=group, comment_id=pk) for pk in comments - placed_comments]
        + [GroupedOpinion(group=group, answer_id=pk) for pk in answers - placed_answers]
    )
    consultation.opinion_groups.exclude(pk=group.pk).filter(members__isnull=True).delete()
    return len(comments) + len(answers)


@transaction.atomic
def group_create(*, consultation, summary, keys):
    """A new group, last, named `summary`, holding the opinions of `keys` (taken out of any
    group they were in: this is also how a group is split). None when no key is an opinion
    of the consultation."""
    members = _members_of(consultation, keys)
    if not any(members):
        return None
    last = consultation.opinion_groups.aggregate(last=Max("position"))["last"] or 0
    group = OpinionGroup.objects.create(
        consultation=consultation, summary=summary, position=last + 1
    )
    _members_place(consultation, group, members)
    _positions_renumber(consultation)
    return group


@transaction.atomic
def opinions_move(*, consultation, keys, group):
    """The opinions of `keys` into `group`, one of the consultation's; how many moved."""
    moved = _members_place(consultation, group, _members_of(consultation, keys))
    _positions_renumber(consultation)
    return moved


@transaction.atomic
def opinions_ungroup(*, consultation, keys):
    """The opinions of `keys` out of their groups (back among the ungrouped); how many."""
    comments, answers = _members_of(consultation, keys)
    members = GroupedOpinion.objects.filter(group__consultation=consultation)
    removed = members.filter(comment_id__in=comments).delete()[0]
    removed += members.filter(answer_id__in=answers).delete()[0]
    consultation.opinion_groups.filter(members__isnull=True).delete()
    _positions_renumber(consultation)
    return removed


@transaction.atomic
def groups_merge(*, consultation, groups, into):
    """Every opinion of `groups` into `into` (one of them, whose summary and answer stay);
    the others are deleted with their answers and notes."""
    others = [group.pk for group in groups if group.pk != into.pk]
    GroupedOpinion.objects.filter(group_id__in=others).update(group=into)
    consultation.opinion_groups.filter(pk__in=others).delete()
    _positions_renumber(consultation)


@transaction.atomic
def group_delete(*, group):
    """The group, its answer and notes; its opinions go back among the ungrouped."""
    consultation = group.consultation
    group.delete()
    _positions_renumber(consultation)


@transaction.atomic
def group_move(*, group, offset):
    """The group `offset` places later (negative: earlier) in the table."""
    consultation = group.consultation
    groups = list(consultation.opinion_groups.order_by("position", "pk"))
    index = groups.index(group)
    target = min(max(index + offset, 0), len(groups) - 1)
    groups.insert(target, groups.pop(index))
    for number, each in enumerate(groups, start=1):
        each.position = number
    OpinionGroup.objects.bulk_update(groups, ["position"])


@transaction.atomic
def group_update(*, group, summary, view, disposition, progress):
    group.summary, group.view, group.disposition = summary, view, disposition
    group.progress = progress
    group.full_clean()
    group.save()
    return group


@transaction.atomic
def quotes_set(*, group, quotes):
    """Which of the group's opinions the public page quotes, and as what text: `quotes` maps
    a member (GroupedOpinion) id to its text as quoted, masked; members not in it are not
    quoted."""
    members = list(group.members.all())
    for member in members:
        member.quoted = member.pk in quotes
        member.quote = quotes.get(member.pk, "").strip() if member.quoted else member.quote
    GroupedOpinion.objects.bulk_update(members, ["quoted", "quote"])


@transaction.atomic
def progress_note_add(*, group, progress, note, noted_on, author):
    """A dated step of the group's follow-up; the group's follow-up becomes `progress`."""
    created = ProgressNote.objects.create(
        group=group, progress=progress, note=note, noted_on=noted_on, author=author
    )
    group.progress = progress
    group.save(update_fields=["progress", "updated_at"])
    return created


def outcome_published_notify(*, consultation):
    """Tell every member whose opinion is in a row of the published table (a topic's opinion,
    or a survey answered as a member) where their row is: the first of theirs in the table's
    order, once per member and page. Returns the new notifications."""
    keys = [row["key"] for row in consultation.table.get("rows", [])]
    members = {}
    grouped = GroupedOpinion.objects.filter(standing(), group_id__in=keys).values_list(
        "group_id", "comment__author_id", "answer__response__member_id"
    )
    for group_id, author_id, respondent_id in grouped:
        members.setdefault(group_id, []).extend(filter(None, [author_id, respondent_id]))
    anchors = {}
    for key in keys:
        for member_id in members.get(key, []):
            anchors.setdefault(member_id, row_anchor(key))
    return answers_published_notify(page=consultation, anchors=anchors)
