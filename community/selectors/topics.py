"""Reads for opinion exchanges (意見交換): where a topic stands, the topic lists (the index,
the home page, an article's topics), a topic's related articles and its participants."""

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail.models import Page

from core.pagination import paginate

from ..models import (
    Comment,
    CommentStatus,
    OpinionVote,
    TopicClosure,
    TopicIndexPage,
    TopicPage,
    TopicPageRelatedArticle,
    User,
)

TOPICS_PER_PAGE = 12


class TopicStatus:
    """Where a topic stands, for its badge: 受付中, 受付前, 受付終了, 終了・まとめあり."""

    OPEN = "open"
    UPCOMING = "upcoming"
    ENDED = "ended"
    CLOSED = "closed"


def _topics_listed(*, now):
    """Live, public topics with `opinion_count` (published opinions), `has_closure` and
    `listing_group` (0 open, 1 upcoming, 2 ended or closed); `.status` comes from
    _topic_status_mark."""
    opinions = (
        Comment.objects.published()
        .filter(page_id=OuterRef("pk"), depth=1)
        .order_by()
        .values("page_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    closed = Exists(TopicClosure.objects.filter(topic_id=OuterRef("pk")))
    return (
        TopicPage.objects.live()
        .public()
        .annotate(opinion_count=Coalesce(Subquery(opinions), 0), has_closure=closed)
        .annotate(
            listing_group=Case(
                When(has_closure=True, then=Value(2)),
                When(ends_at__lte=now, then=Value(2)),
                When(starts_at__gt=now, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
    )


def topic_status(topic, *, closed=None, now=None):
    """The TopicStatus of `topic`; `closed` says whether it has a TopicClosure (looked up
    when not given)."""
    now = now or timezone.now()
    if topic.is_closed if closed is None else closed:
        return TopicStatus.CLOSED
    if topic.ends_at is not None and topic.ends_at <= now:
        return TopicStatus.ENDED
    if topic.starts_at is not None and topic.starts_at > now:
        return TopicStatus.UPCOMING
    return TopicStatus.OPEN


def _topic_status_mark(topics, *, now):
    for topic in topics:
        topic.status = topic_status(topic, closed=topic.has_closure, now=now)
    return topics


def topic_public_list():
    """Live, public topics as the site lists them, a queryset to filter and order: each with
    `opinion_count` (published opinions), `has_closure` and its TopicClosure loaded. Pass
    them through topic_public_mark before reading `.status` or `.closure_or_none`."""
    return _topics_listed(now=timezone.now()).select_related("closure")


def topic_public_mark(topics):
    """`topics` (a list from topic_public_list) with `.status` set and `.closure_or_none`
    taken from what was loaded with them: no query."""
    for topic in topics:
        topic.__dict__["closure_or_none"] = topic.closure if topic.has_closure else None
    return _topic_status_mark(topics, now=timezone.now())


def opinion_public_list():
    """The opinions an anonymous visitor reads on the topics' pages, a queryset: published
    top-level comments on live, public topics, with their authors and the authors' regions.
    Their vote counts are shown as opinion_votes_mark says."""
    return (
        Comment.objects.published()
        .filter(depth=1, page_id__in=topic_public_list().values("pk"))
        .select_related("author__region")
    )


def opinion_removed_list():
    """Top-level comments on live, public topics that are not published now (hidden by
    moderators, deleted by their authors, waiting for review again after an edit), a queryset:
    what a copy made from opinion_public_list must forget. Their texts are never to be read
    from it, only which they are and when. One never published is named too: its id says no
    more than the gap it leaves in the published ids."""
    return Comment.objects.filter(
        depth=1,
        status__in=[CommentStatus.PENDING, CommentStatus.HIDDEN, CommentStatus.DELETED],
        page_id__in=topic_public_list().values("pk"),
    )


def topic_index_get():
    """The live 意見交換 page, or None (there is at most one)."""
    return TopicIndexPage.objects.live().public().first()


def topic_index_list(*, index, page_number=1, per_page=TOPICS_PER_PAGE):
    """One page (django.core.paginator.Page) of the topics under `index`: those taking
    opinions first, then those not open yet, then ended and closed ones; newest first within
    each. Each has `opinion_count` and `status` (a TopicStatus value). Two queries."""
    now = timezone.now()
    topics = (
        _topics_listed(now=now)
        .child_of(index)
        .order_by("listing_group", "-first_published_at", "-pk")
    )
    topics_page = paginate(topics, page_number, per_page=per_page)
    topics_page.object_list = _topic_status_mark(list(topics_page.object_list), now=now)
    return topics_page


def topic_open_list(*, limit=3):
    """Up to `limit` topics taking opinions now, newest first, with `opinion_count` and
    `status` (the home page's 「受付中の意見交換」). One query."""
    now = timezone.now()
    topics = _topics_listed(now=now).filter(listing_group=0)
    return _topic_status_mark(list(topics.order_by("-first_published_at", "-pk")[:limit]), now=now)


def topic_list_for_article(*, article):
    """Live topics that list `article` among their related articles, open ones first, with
    `opinion_count` and `status` (the article's 「この記事について意見交換する」). One query."""
    return topic_list_for_pages(page_ids=[article.pk])


def topic_list_for_pages(*, page_ids):
    """Live topics that list any of `page_ids` among their related articles, each once, open
    ones first, with `opinion_count` and `status`. One query."""
    now = timezone.now()
    topics = (
        _topics_listed(now=now)
        .filter(
            pk__in=TopicPageRelatedArticle.objects.filter(article_id__in=page_ids).values(
                "topic_id"
            )
        )
        .order_by("listing_group", "-first_published_at", "-pk")
    )
    return _topic_status_mark(list(topics), now=now)


def topic_related_articles(*, topic):
    """The live pages (articles) `topic` grew out of, in the editors' order (one query)."""
    return list(
        Page.objects.live()
        .public()
        .filter(topic_links__topic=topic)
        .order_by("topic_links__sort_order", "pk")
    )


def topic_participants(*, topic_id):
    """Active members who posted in the topic (opinions, replies) or voted on its opinions: the
    people told of its closing, and the participants its report and the topic list count.
    `topic_id` may be an expression (OuterRef) to count them in a subquery."""
    posted = Comment.objects.filter(page_id=topic_id).values("author_id")
    voted = OpinionVote.objects.filter(opinion__page_id=topic_id).values("member_id")
    return User.objects.filter(Q(pk__in=posted) | Q(pk__in=voted), is_active=True)
