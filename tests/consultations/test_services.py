"""consultations.services: gathering a consultation's opinions into groups, numbered in order;
an opinion is in one group at most."""

import pytest
from django.db import IntegrityError, transaction

from community.models import CommentStatus
from consultations import services
from consultations.models import GroupedOpinion
from tests.consultations.conftest import keys
from tests.factories import OpinionFactory, TopicPageFactory


def _summaries(consultation):
    return [
        (group.position, group.summary, sorted(member.comment_id for member in group.members.all()))
        for group in consultation.opinion_groups.all()
    ]


def test_a_group_is_made_of_the_ticked_opinions_and_numbered_last(consultation, opinions):
    first = services.group_create(
        consultation=consultation, summary="支所にも広げてほしい", keys=keys(*opinions[:2])
    )
    second = services.group_create(
        consultation=consultation, summary="費用への懸念", keys=keys(opinions[2])
    )

    assert (first.position, second.position) == (1, 2)
    assert _summaries(consultation) == [
        (1, "支所にも広げてほしい", sorted([opinions[0].pk, opinions[1].pk])),
        (2, "費用への懸念", [opinions[2].pk]),
    ]


def test_opinions_of_another_page_or_not_published_are_never_grouped(consultation, opinions):
    elsewhere = OpinionFactory(page=TopicPageFactory(parent=consultation.source.get_parent()))
    hidden = OpinionFactory(page=consultation.source, status=CommentStatus.HIDDEN)

    assert (
        services.group_create(consultation=consultation, summary="x", keys=keys(elsewhere, hidden))
        is None
    )
    group = services.group_create(
        consultation=consultation,
        summary="窓口",
        keys=[*keys(opinions[0], elsewhere, hidden), "c-1", "x9", "a"],
    )
    assert [member.comment_id for member in group.members.all()] == [opinions[0].pk]


def test_moving_an_opinion_takes_it_out_of_its_group_and_an_emptied_group_goes(
    consultation, opinions
):
    one = services.group_create(consultation=consultation, summary="一", keys=keys(opinions[0]))
    two = services.group_create(consultation=consultation, summary="二", keys=keys(opinions[1]))
    services.group_create(consultation=consultation, summary="三", keys=keys(opinions[2]))

    moved = services.opinions_move(consultation=consultation, keys=keys(opinions[0]), group=two)

    assert moved == 1
    assert not consultation.opinion_groups.filter(pk=one.pk).exists()
    assert _summaries(consultation) == [
        (1, "二", sorted([opinions[0].pk, opinions[1].pk])),
        (2, "三", [opinions[2].pk]),
    ]


def test_splitting_a_group_is_making_a_new_one_of_some_of_its_opinions(consultation, opinions):
    services.group_create(consultation=consultation, summary="色々", keys=keys(*opinions[:3]))

    services.group_create(consultation=consultation, summary="費用", keys=keys(opinions[2]))

    assert _summaries(consultation) == [
        (1, "色々", sorted([opinions[0].pk, opinions[1].pk])),
        (2, "費用", [opinions[2].pk]),
    ]


def test_merged_groups_keep_the_first_groups_summary_and_every_opinion(consultation, opinions):
    groups = [
        services.group_create(consultation=consultation, summary=summary, keys=keys(opinion))
        for summary, opinion in zip(["一", "二", "三"], opinions, strict=False)
    ]

    services.groups_merge(consultation=consultation, groups=groups[1:], into=groups[1])

    assert _summaries(consultation) == [
        (1, "一", [opinions[0].pk]),
        (2, "二", sorted([opinions[1].pk, opinions[2].pk])),
    ]


def test_ungrouped_opinions_leave_their_group_and_the_numbers_close_up(consultation, opinions):
    services.group_create(consultation=consultation, summary="一", keys=keys(opinions[0]))
    services.group_create(consultation=consultation, summary="二", keys=keys(*opinions[1:3]))

    removed = services.opinions_ungroup(consultation=consultation, keys=keys(*opinions[:2]))

    assert removed == 2
    assert _summaries(consultation) == [(1, "二", [opinions[2].pk])]


def test_a_group_moves_up_and_down_within_the_table(consultation, opinions):
    groups = [
        services.group_create(consultation=consultation, summary=summary, keys=keys(opinion))
        for summary, opinion in zip(["一", "二", "三"], opinions, strict=False)
    ]

    services.group_move(group=groups[2], offset=-1)
    services.group_move(group=groups[0], offset=-1)  # already first: stays

    assert [group.summary for group in consultation.opinion_groups.all()] == ["一", "三", "二"]


def test_a_deleted_group_gives_its_opinions_back_to_the_ungrouped(consultation, opinions):
    one = services.group_create(consultation=consultation, summary="一", keys=keys(opinions[0]))
    services.group_create(consultation=consultation, summary="二", keys=keys(opinions[1]))

    services.group_delete(group=one)

    assert _summaries(consultation) == [(1, "二", [opinions[1].pk])]
    assert not GroupedOpinion.objects.filter(comment=opinions[0]).exists()


def test_an_opinion_is_in_one_group_at_most_by_the_database_too(consultation, opinions):
    one = services.group_create(consultation=consultation, summary="一", keys=keys(opinions[0]))

    with pytest.raises(IntegrityError), transaction.atomic():
        GroupedOpinion.objects.create(group=one, comment=opinions[0])


def test_a_follow_up_note_sets_the_groups_follow_up(consultation, opinions, editor):
    group = services.group_create(consultation=consultation, summary="一", keys=keys(opinions[0]))

    services.progress_note_add(
        group=group,
        progress="underway",
        note="来年度から2支所で試行します。",
        noted_on="2027-04-01",
        author=editor,
    )

    group.refresh_from_db()
    assert group.progress == "underway"
    assert [note.note for note in group.notes.all()] == ["来年度から2支所で試行します。"]
