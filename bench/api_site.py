"""The site bench/api.py reads through the public API: articles, topics, members and opinions,
written in bulk and grown in steps, so that the same lists are measured at two sizes.

Articles: HomePage → ArticleIndexPage → synthetic ArticlePages inserted by bench/search.py's
ArticleWriter (not indexed), each with one or two of 20 authors and up to three of 30 tags, no
two published at the same time; two of the first step's newest are drafts and two need a login
(bench/api_frameworks.py's hidden_mark). Opinions: 意見交換 → five topics (three open whose vote
counts show after a vote, one open showing them always, one ended), 1,000 members with
nicknames, stakeholder types, prefectures and regions (most shown publicly) and a verified
address, and opinions bulk-created on the topics (most with vote counts, some with likes); one
in 200 each hidden, deleted or pending, and one in 100 a reply: none of those may be listed.
"""

import datetime
import random

from bench.api_frameworks import AUTHORS, TAGS, hidden_mark, links_insert
from bench.consensus import PREFECTURES, SENTENCES, TYPES, regions_build

SEED = 20261207
MEMBERS = 1000
BATCH = 2000
# (share of the opinions, vote counts shown to everyone, ended): the first is the largest.
TOPICS = [(0.3, False, False), (0.25, False, False), (0.2, False, False)]
TOPICS += [(0.15, True, False), (0.1, False, True)]
HIDDEN_EVERY = 200  # each of hidden, deleted and pending
REPLY_EVERY = 100
DAYS = 60


class ApiSite:
    """The site, grown by `grow(articles=…, opinions=…)`; `public_ids()` and `hidden_ids()`
    say what the lists must and must not give, from what was written."""

    def __init__(self):
        from bench.search import ArticleWriter
        from tests.factories import ArticleIndexPageFactory, HomePageFactory

        self.rng = random.Random(SEED)
        self.home = HomePageFactory()
        ArticleIndexPageFactory(parent=self.home)
        self.writer = ArticleWriter(self.rng)
        self.authors, self.tags = _authors_tags()
        self.topics = _topics_build(self.home)
        self.members = _members_build(self.rng)
        self.opinions = 0
        self.hidden_marked = False

    def grow(self, *, articles, opinions):
        from articles.models import ArticlePage

        before = set(ArticlePage.objects.values_list("pk", flat=True))
        self.writer.grow(articles, index=False)
        added = list(ArticlePage.objects.exclude(pk__in=before).values_list("pk", flat=True))
        _times_separate(added)
        links_insert(self.rng, added, self.authors, self.tags)
        if not self.hidden_marked:
            hidden_mark()
            self.hidden_marked = True
        _opinions_insert(self.rng, self.topics, self.members, opinions - self.opinions)
        self.opinions = opinions

    @property
    def big_topic(self):
        """The topic with the most opinions (the `topic` filter's measure)."""
        return self.topics[0]

    def public_ids(self):
        """{list: ids} a visitor may read: live articles without a view restriction; published
        top-level opinions (every topic here is public), and those of big_topic."""
        from articles.models import ArticlePage
        from community.models import Comment

        opinions = Comment.objects.filter(status="published", depth=1)
        return {
            "articles": set(
                ArticlePage.objects.filter(live=True)
                .exclude(view_restrictions__isnull=False)
                .values_list("pk", flat=True)
            ),
            "opinions": set(opinions.values_list("pk", flat=True)),
            "opinions?topic=": set(
                opinions.filter(page_id=self.big_topic.pk).values_list("pk", flat=True)
            ),
        }

    def hidden_ids(self):
        """{list: ids} written that it may never give: drafts and private articles; hidden,
        deleted and pending opinions, and replies (and, to the topic's list, other topics')."""
        from articles.models import ArticlePage
        from community.models import Comment

        public = self.public_ids()
        return {
            "articles": set(ArticlePage.objects.values_list("pk", flat=True)) - public["articles"],
            "opinions": set(Comment.objects.values_list("pk", flat=True)) - public["opinions"],
            "opinions?topic=": set(Comment.objects.values_list("pk", flat=True))
            - public["opinions?topic="],
        }


def _authors_tags():
    from taggit.models import Tag

    from tests.factories import AuthorFactory

    authors = [AuthorFactory().pk for _ in range(AUTHORS)]
    tags = [Tag.objects.create(name=f"地域DX{n}", slug=f"dx-{n}").pk for n in range(TAGS)]
    return authors, tags


def _times_separate(pks):
    """No two articles share a publication time (bench/api_frameworks.py's times_separate)."""
    from articles.models import ArticlePage

    articles = list(ArticlePage.objects.filter(pk__in=pks).only("last_published_at"))
    for article in articles:
        article.last_published_at += datetime.timedelta(microseconds=article.pk)
    ArticlePage.objects.bulk_update(articles, ["last_published_at"], batch_size=500)


def _topics_build(home):
    from django.utils import timezone

    from community.models import TopicPage, VoteCountsShown
    from tests.factories import TopicIndexPageFactory, TopicPageFactory

    index = TopicIndexPageFactory(parent=home)
    now = timezone.now()
    topics = []
    for n, (_share, always, ended) in enumerate(TOPICS):
        topic = TopicPageFactory(
            parent=index,
            slug=f"bench-topic-{n}",
            vote_counts_shown=VoteCountsShown.ALWAYS if always else VoteCountsShown.AFTER_VOTE,
            starts_at=now - datetime.timedelta(days=DAYS + 1),
            ends_at=now - datetime.timedelta(hours=1) if ended else None,
        )
        topics.append(TopicPage.objects.get(pk=topic.pk))
    return topics


def _members_build(rng):
    """MEMBERS members with a verified address and a profile, most of it public."""
    from allauth.account.models import EmailAddress
    from django.utils import timezone

    from community.models import User

    regions = regions_build()
    kinds = rng.choices([t for t, _w, _s in TYPES], [w for _t, w, _s in TYPES], k=MEMBERS)
    codes = rng.choices([c for c, _w in PREFECTURES], [w for _c, w in PREFECTURES], k=MEMBERS)
    joined = timezone.now() - datetime.timedelta(days=DAYS + 30)
    members = [
        User(
            username=f"api-member-{n}",
            email=f"api-member-{n}@example.jp",
            password="!",  # noqa: S106 (unusable, as set_unusable_password writes)
            display_name=f"地域の声{n}",
            date_joined=joined,
            stakeholder_type=kind,
            stakeholder_type_public=rng.random() < 0.6,
            prefecture=code,
            region=rng.choice(regions[code]) if code and rng.random() < 0.8 else None,
            region_public=rng.random() < 0.7,
        )
        for n, (kind, code) in enumerate(zip(kinds, codes, strict=True))
    ]
    User.objects.bulk_create(members, batch_size=BATCH)
    members = list(User.objects.filter(username__startswith="api-member-").order_by("pk"))
    EmailAddress.objects.bulk_create(
        EmailAddress(user=m, email=m.email, verified=True, primary=True) for m in members
    )
    return members


def _opinions_insert(rng, topics, members, count):
    """`count` more opinions over the topics by their shares, and the replies among them."""
    from django.utils import timezone

    from community.models import Comment

    now = timezone.now()
    shares = [share for share, _always, _ended in TOPICS]
    opinions = []
    for _ in range(count):
        created = now - datetime.timedelta(minutes=rng.randrange(10, DAYS * 24 * 60))
        opinions.append(_opinion(rng, rng.choices(topics, shares)[0], members, created))
    Comment.objects.bulk_create(opinions, batch_size=BATCH)
    replies = [_reply(rng, parent, members) for parent in opinions[::REPLY_EVERY]]
    Comment.objects.bulk_create(replies, batch_size=BATCH)


def _opinion(rng, topic, members, created):
    from community.models import Comment, CommentStatus, Stance
    from core.sanitising import plain_text_to_html

    text = f"{rng.choice(SENTENCES)}{rng.choice(SENTENCES)}"
    draw = rng.randrange(HIDDEN_EVERY)
    hidden = {0: CommentStatus.HIDDEN, 1: CommentStatus.DELETED, 2: CommentStatus.PENDING}
    voted = rng.random() < 0.8
    return Comment(
        page_id=topic.pk,
        author=rng.choice(members),
        body_source=text,
        body_html=plain_text_to_html(text),
        status=hidden.get(draw, CommentStatus.PUBLISHED),
        stance=rng.choice(list(Stance.values)),
        created_at=created,
        changed_at=created,
        like_count=rng.choice((0, 0, 1, 3)),
        agree_count=rng.randrange(60) if voted else 0,
        disagree_count=rng.randrange(40) if voted else 0,
        pass_count=rng.randrange(10) if voted else 0,
    )


def _reply(rng, parent, members):
    from community.models import Comment
    from core.sanitising import plain_text_to_html

    text = rng.choice(SENTENCES)
    return Comment(
        page_id=parent.page_id,
        parent=parent,
        root=parent,
        depth=2,
        author=rng.choice(members),
        body_source=text,
        body_html=plain_text_to_html(text),
        created_at=parent.created_at + datetime.timedelta(minutes=5),
        changed_at=parent.created_at + datetime.timedelta(minutes=5),
    )
