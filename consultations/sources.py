"""The opinions a consultation answers, read from its source page: a topic's opinions (its
members' top-level comments, as published) or a survey's text answers (real responses only).

Each opinion has a key, "c<comment id>" or "a<answer id>", by which staff's screens name it.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, F, Q

from community.models.comments import Comment, CommentStatus
from community.models.topics import TopicPage
from core.channels import Channel
from surveys.models import Answer

TEXT_QUESTION_TYPES = ("short_text", "long_text")
COMMENT_KEY, ANSWER_KEY = "c", "a"


@dataclass(frozen=True)
class Opinion:
    """One opinion as staff's screens show it: `detail` is the stance of a topic's opinion or
    the question a survey's answer answers."""

    key: str
    text: str
    created_at: datetime
    detail: str


def _topic_opinions(source):
    return Comment.objects.filter(
        page_id=source.pk, depth=1, status=CommentStatus.PUBLISHED, is_official=False
    )


def _survey_answers(source):
    return Answer.objects.filter(
        survey_id=source.pk,
        question_type__in=TEXT_QUESTION_TYPES,
        response__is_test=False,
    ).exclude(value_text="")


def _is_topic(source):
    return source.specific_class is TopicPage


def opinions_of(source):
    """Every opinion of `source`, oldest first (one query)."""
    if source is None:
        return []
    if _is_topic(source):
        rows = _topic_opinions(source).order_by("created_at", "pk")
        labels = dict(Comment._meta.get_field("stance").choices)
        return [
            Opinion(f"{COMMENT_KEY}{pk}", text, created_at, str(labels.get(stance, "")))
            for pk, text, created_at, stance in rows.values_list(
                "pk", "body_source", "created_at", "stance"
            )
        ]
    rows = _survey_answers(source).order_by("response__submitted_at", "pk")
    return [
        Opinion(f"{ANSWER_KEY}{pk}", text, submitted_at, label)
        for pk, text, submitted_at, label in rows.values_list(
            "pk", "value_text", "response__submitted_at", "question_label"
        )
    ]


def opinion_counts(source):
    """{channel: (opinions, people who gave them)} of `source`, by how they reached us (web,
    paper, counter, post or e-mail, event), in one query. A survey's people are its responses
    with a text answer; a topic's are its members, and each opinion staff entered from a letter
    or a sheet is one person (it has no member)."""
    if source is None:
        return {}
    if _is_topic(source):
        rows = (
            _topic_opinions(source)
            .values(by=F("channel"))
            .annotate(opinions=Count("pk"), people=Count("author", distinct=True))
        )
        return {row["by"]: (row["opinions"], _topic_people(row)) for row in rows}
    rows = (
        _survey_answers(source)
        .values(by=F("response__channel"))
        .annotate(opinions=Count("pk"), people=Count("response", distinct=True))
    )
    return {row["by"]: (row["opinions"], row["people"]) for row in rows}


def _topic_people(row):
    # What staff entered has no author: each letter or sheet is one person.
    return row["people"] if row["by"] == Channel.WEB else row["opinions"]


def _ids(keys, kind):
    return {int(key[1:]) for key in keys if key[:1] == kind and key[1:].isdigit()}


def opinion_ids(source, keys):
    """The keys among `keys` that are opinions of `source`, as (comment ids, answer ids)."""
    if source is None:
        return set(), set()
    if _is_topic(source):
        found = _topic_opinions(source).filter(pk__in=_ids(keys, COMMENT_KEY))
        return set(found.values_list("pk", flat=True)), set()
    found = _survey_answers(source).filter(pk__in=_ids(keys, ANSWER_KEY))
    return set(), set(found.values_list("pk", flat=True))


def standing(prefix=""):
    """The condition on GroupedOpinion rows (through `prefix`) that their opinion still stands:
    a comment still published, or an answer (which is only ever deleted with its response)."""
    return Q(**{f"{prefix}answer__isnull": False}) | Q(
        **{f"{prefix}comment__status": CommentStatus.PUBLISHED}
    )
