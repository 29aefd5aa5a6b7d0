"""What staff's screens read about a consultation (its opinions arranged on the grouping board,
and the list of consultations), and the outcomes the public reads."""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef
from wagtail.models import Page

from .models import ConsultationPage, GroupedOpinion
from .sources import ANSWER_KEY, COMMENT_KEY, opinions_of


@dataclass
class BoardGroup:
    """A group on the board: its opinions as (GroupedOpinion, Opinion), and how many of its
    opinions no longer stand (deleted or hidden since they were grouped)."""

    group: object
    opinions: list = field(default_factory=list)
    gone: int = 0


@dataclass(frozen=True)
class Board:
    groups: list
    ungrouped: list
    elsewhere: int  # opinions in another consultation's groups


def _key(member):
    if member.comment_id is not None:
        return f"{COMMENT_KEY}{member.comment_id}"
    return f"{ANSWER_KEY}{member.answer_id}"


def grouping_board(consultation):
    """The consultation's groups in order, each with its opinions, then the opinions of its
    source in no group (four queries, whatever the number of opinions)."""
    opinions = {opinion.key: opinion for opinion in opinions_of(consultation.source)}
    board = {
        group.pk: BoardGroup(group)
        for group in consultation.opinion_groups.select_related("disposition")
    }
    members = GroupedOpinion.objects.filter(group__consultation=consultation).only(
        "pk", "group_id", "comment_id", "answer_id", "quoted", "quote"
    )
    grouped = set()
    for member in members:
        key = _key(member)
        grouped.add(key)
        if key in opinions:
            board[member.group_id].opinions.append((member, opinions[key]))
        else:
            board[member.group_id].gone += 1
    elsewhere = {
        _key(member)
        for member in GroupedOpinion.objects.exclude(group__consultation=consultation)
        .filter(group__consultation__source_id=consultation.source_id)
        .only("comment_id", "answer_id")
    }
    taken = grouped | elsewhere
    ungrouped = [opinion for key, opinion in opinions.items() if key not in taken]
    return Board(groups=list(board.values()), ungrouped=ungrouped, elsewhere=len(elsewhere))


def outcome_list():
    """The outcomes anyone may read: live consultation pages without a view restriction, each
    with its source page (generic), that page's content type and `source_public` (whether
    anyone may read the source: ConsultationPage.source_shown)."""
    public_source = Page.objects.public().filter(pk=OuterRef("source_id"))
    return (
        ConsultationPage.objects.live()
        .public()
        .select_related("source__content_type")
        .annotate(source_public=Exists(public_source))
    )


def consultation_list():
    """Every consultation outcome page with its number of groups, newest first."""
    return (
        ConsultationPage.objects.annotate(group_count=Count("opinion_groups"))
        .select_related("source")
        .order_by("-latest_revision_created_at", "-pk")
    )
