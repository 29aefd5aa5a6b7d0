"""/api/v1/topics/ and /api/v1/opinions/: live, public opinion exchanges (意見交換) as the site
lists them (community.selectors.topics.topic_public_list), and their opinions as an anonymous
visitor reads them (opinion_public_list), vote counts only where the page shows them."""

from datetime import datetime
from itertools import groupby
from operator import attrgetter

from django.db.models import Case, F, When
from django.db.models.functions import Coalesce, Greatest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_noop
from ninja import Field, Query, Router
from wagtail.rich_text import expand_db_html

from community.selectors.comments import comment_author_attributes_mark, opinion_votes_mark
from community.selectors.topics import (
    opinion_public_list,
    opinion_removed_list,
    topic_public_list,
    topic_public_mark,
)
from core.plain_text import plain_text_from_html

from ..paging import MAX_ID, PageQuery, keyset_page, page_schema
from ..schema import OutSchema

router = Router(tags=[gettext_noop("Opinion exchanges")])


class ConclusionOut(OutSchema):
    html: str = Field(description=gettext_noop("The conclusion as the page shows it, in HTML."))
    text: str = Field(description=gettext_noop("The conclusion as plain text."))
    closed_at: datetime


class TopicOut(OutSchema):
    id: int
    title: str
    slug: str
    url: str = Field(description=gettext_noop("The topic's page on this site."))
    question: str
    background_html: str = Field(
        description=gettext_noop("The background as the page shows it, in HTML.")
    )
    background_text: str = Field(description=gettext_noop("The background as plain text."))
    starts_at: datetime | None = Field(description=gettext_noop("Opinions are taken from."))
    ends_at: datetime | None = Field(description=gettext_noop("Opinions are taken until."))
    status: str = Field(description=gettext_noop("open, upcoming, ended or closed."))
    asks_stance: bool = Field(
        description=gettext_noop("Whether each opinion says for, neutral or against.")
    )
    conclusion: ConclusionOut | None = Field(
        description=gettext_noop("The conclusion staff wrote when closing the topic, or null.")
    )
    opinion_count: int = Field(description=gettext_noop("Published opinions."))
    first_published_at: datetime
    last_published_at: datetime
    changed_at: datetime = Field(
        description=gettext_noop(
            "When it was last published, closed or its period ended: the order of the list "
            "and `updated_since`."
        )
    )


class AttributeOut(OutSchema):
    label: str
    value: str


class OpinionOut(OutSchema):
    id: int
    topic_id: int
    body_html: str = Field(description=gettext_noop("The opinion as the page shows it, in HTML."))
    body_text: str = Field(description=gettext_noop("The opinion as plain text."))
    stance: str | None = Field(
        description=gettext_noop("agree, neutral or disagree; null when the topic asks none.")
    )
    created_at: datetime
    edited_at: datetime | None
    changed_at: datetime = Field(
        description=gettext_noop(
            "When anything shown of it last changed: the order of the list and `updated_since`."
        )
    )
    author_name: str | None = Field(
        description=gettext_noop(
            "The author's public name, or how an opinion staff keyed in was received; null "
            "when the member has left."
        )
    )
    author_attributes: list[AttributeOut] = Field(
        description=gettext_noop("What the author chose to show: stakeholder type, region.")
    )
    is_official: bool = Field(description=gettext_noop("Written by staff."))
    like_count: int
    agree_count: int | None = Field(
        description=gettext_noop("Null while the topic shows vote counts only to voters.")
    )
    disagree_count: int | None
    pass_count: int | None


class RemovedOpinionOut(OutSchema):
    id: int
    topic_id: int
    removed_at: datetime = Field(
        description=gettext_noop("When it was hidden by a moderator or deleted by its author.")
    )


class OpinionQuery(PageQuery):
    topic: int | None = Field(
        None, ge=1, le=MAX_ID, description=gettext_noop("Only the opinions on this topic.")
    )


def topics_listed():
    """topic_public_list with `changed_at`: the latest of its last publication, its closing,
    and the start and end of its period once passed — its status changes then without any
    write, and at the end its opinions' vote counts become public, so a harvester learns to
    read it and its opinions again. (Its opinion_count changes without moving it.)"""
    published = F("last_published_at")
    now = timezone.now()
    started = Case(When(starts_at__lte=now, then=F("starts_at")), default=published)
    ended = Case(When(ends_at__lte=now, then=F("ends_at")), default=published)
    return topic_public_list().annotate(
        changed_at=Greatest(published, Coalesce("closure__closed_at", published), started, ended)
    )


def topic_out(request, topic):
    """The API's fields of `topic` (from topics_listed, marked by topic_public_mark)."""
    closure = topic.closure_or_none
    background_html = expand_db_html(topic.background)
    return {
        "id": topic.pk,
        "title": topic.title,
        "slug": topic.slug,
        "url": topic.get_full_url(request),
        "question": topic.question,
        "background_html": background_html,
        "background_text": plain_text_from_html(background_html),
        "starts_at": topic.starts_at,
        "ends_at": topic.ends_at,
        "status": topic.status,
        "asks_stance": topic.asks_stance,
        "conclusion": closure
        and {
            "html": closure.conclusion_html,
            "text": plain_text_from_html(closure.conclusion_html),
            "closed_at": closure.closed_at,
        },
        "opinion_count": topic.opinion_count,
        "first_published_at": topic.first_published_at,
        "last_published_at": topic.last_published_at,
        "changed_at": topic.changed_at,
    }


def opinions_out(opinions):
    """The API's fields of each of `opinions` (from opinion_public_list), vote counts as an
    anonymous visitor sees them: their topics are read in one query, none when empty."""
    topic_ids = {opinion.page_id for opinion in opinions}
    topics = topic_public_mark(list(topic_public_list().filter(pk__in=topic_ids)))
    by_pk = {topic.pk: topic for topic in topics}
    by_topic = attrgetter("page_id")
    for topic_id, shown in groupby(sorted(opinions, key=by_topic), key=by_topic):
        opinion_votes_mark(list(shown), viewer=None, topic=by_pk[topic_id])
    comment_author_attributes_mark(opinions)
    return [_opinion_out(opinion) for opinion in opinions]


def _opinion_out(opinion):
    counted = opinion.counts_shown
    return {
        "id": opinion.pk,
        "topic_id": opinion.page_id,
        "body_html": opinion.body_html,
        "body_text": plain_text_from_html(opinion.body_html),
        "stance": opinion.stance or None,
        "created_at": opinion.created_at,
        "edited_at": opinion.edited_at,
        "changed_at": opinion.changed_at,
        "author_name": _author_name(opinion),
        "author_attributes": [
            {"label": item.label, "value": item.value} for item in opinion.author_attributes
        ],
        "is_official": opinion.is_official,
        "like_count": opinion.like_count,
        "agree_count": opinion.agree_count if counted else None,
        "disagree_count": opinion.disagree_count if counted else None,
        "pass_count": opinion.pass_count if counted else None,
    }


def _author_name(opinion):
    if opinion.attribution:
        return opinion.attribution
    return opinion.author.public_name if opinion.author is not None else None


@router.get(
    "/topics/",
    response=page_schema(TopicOut),
    summary=gettext_noop("Opinion exchange topics"),
    description=gettext_noop(
        "In the order they were last published or closed, oldest first; follow `next` to read "
        "them all."
    ),
)
def topics(request, query: Query[PageQuery]):
    page = keyset_page(request, topics_listed(), query, changed_field="changed_at")
    page["results"] = [topic_out(request, t) for t in topic_public_mark(page["results"])]
    return page


@router.get(
    "/topics/{int:topic_id}/",
    response=TopicOut,
    summary=gettext_noop("One opinion exchange topic"),
)
def topic(request, topic_id: int):
    (found,) = topic_public_mark([get_object_or_404(topics_listed(), pk=topic_id)])
    return topic_out(request, found)


@router.get(
    "/opinions/",
    response=page_schema(OpinionOut),
    summary=gettext_noop("Published opinions"),
    description=gettext_noop(
        "Opinions on every topic, or on one (`topic`), in the order they last changed, oldest "
        "first. Vote counts are null where the topic's page does not show them to everyone."
    ),
)
def opinions(request, query: Query[OpinionQuery]):
    page = _opinion_page(request, opinion_public_list(), query)
    page["results"] = opinions_out(page["results"])
    return page


@router.get(
    "/opinions/removed/",
    response=page_schema(RemovedOpinionOut),
    summary=gettext_noop("Opinions taken down"),
    description=gettext_noop(
        "Opinions that were hidden or deleted, in the order they were taken down: delete them "
        "from any copy. Only which they are and when, never their text."
    ),
)
def opinions_removed(request, query: Query[OpinionQuery]):
    listed = opinion_removed_list().only("pk", "page_id", "changed_at")
    page = _opinion_page(request, listed, query)
    page["results"] = [
        {"id": opinion.pk, "topic_id": opinion.page_id, "removed_at": opinion.changed_at}
        for opinion in page["results"]
    ]
    return page


def _opinion_page(request, listed, query):
    """One page of `listed` (opinions) for `query`: of its topic only when it names one."""
    if query.topic is not None:
        listed = listed.filter(page_id=query.topic)
    return keyset_page(request, listed, query, changed_field="changed_at")
