"""Reads for members (public profiles, what a viewer may see of them, the data export), for
moderators (the queue, a comment's history, suspensions, the log), for discussions
(comment threads and counts) and for the superusers' background-task screen."""

from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth.models import AnonymousUser, Permission
from django.core.paginator import Paginator
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Least
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from wagtail.models import Page

from .models import (
    Comment,
    CommentStatus,
    DiscussionMode,
    Follow,
    Like,
    ModerationAction,
    Notification,
    OpinionVote,
    Region,
    Report,
    Stance,
    TopicClosure,
    TopicPage,
    TopicProposal,
    User,
    VoteCountsShown,
)

STAFF_PERMISSION = "wagtailadmin.access_admin"
EXPORT_FORMAT_VERSION = 1


def user_is_staff(user):
    """Whether `user` is staff: flagged is_staff, a superuser, or allowed into the Wagtail admin.

    Staff see every profile attribute, are not closed through 退会 and have no public member
    page (_members_with_public_page says the same in SQL)."""
    return bool(
        user.is_authenticated
        and (user.is_staff or user.is_superuser or user.has_perm(STAFF_PERMISSION))
    )


def member_public_get(*, pk):
    """The member `pk` with their region, as their public page shows them; Http404 unless
    they are active, have a verified primary e-mail address and are not staff (staff speak
    with the 公式 badge instead of a member page)."""
    return get_object_or_404(_members_with_public_page().select_related("region"), pk=pk)


def member_has_public_page(member):
    """Whether /members/<pk>/ shows `member` (see member_public_get)."""
    return _members_with_public_page().filter(pk=member.pk).exists()


def _members_with_public_page():
    """Active members with a verified primary e-mail address who are not staff: no is_staff
    flag, not superusers, and no admin access through their groups or their own permissions."""
    from allauth.account.models import EmailAddress

    app_label, codename = STAFF_PERMISSION.split(".")
    admin_access = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    verified = EmailAddress.objects.filter(user=OuterRef("pk"), primary=True, verified=True)
    return (
        User.objects.filter(Exists(verified), is_active=True, is_staff=False, is_superuser=False)
        .exclude(groups__permissions__in=admin_access)
        .exclude(user_permissions__in=admin_access)
    )


@dataclass(frozen=True)
class ProfileAttribute:
    label: str
    value: str
    staff_only: bool  # shown only because the viewer is staff; the member keeps it private


def member_public_attributes(*, member, viewer):
    """Stakeholder type and region as `viewer` may see them: what the member made public, and
    everything filled in when the viewer is staff (marked `staff_only` when not public)."""
    staff = user_is_staff(viewer)
    shown = []
    candidates = [
        (
            User._meta.get_field("stakeholder_type").verbose_name,
            member.get_stakeholder_type_display() if member.stakeholder_type else "",
            member.stakeholder_type_public,
        ),
        (User._meta.get_field("region").verbose_name, member.region_label, member.region_public),
    ]
    for label, value, public in candidates:
        if value and (public or staff):
            shown.append(ProfileAttribute(label=label, value=value, staff_only=not public))
    return shown


def member_public_activity(*, member):
    """The member's published comments on live pages, newest first, ready to paginate
    (opinions will join them: they are comments with a stance)."""
    return (
        Comment.objects.published()
        .filter(author=member, page__live=True)
        .select_related("page")
        .order_by("-created_at", "-pk")
    )


def region_list():
    """Every region staff keep, in prefecture order, for the profile form's grouped choices."""
    return Region.objects.order_by("prefecture", "sort_order", "name", "pk")


class QueueFilter:
    """The views of the moderation queue (the `status` filter)."""

    REVIEW = "review"
    REPORTED = "reported"
    PENDING = "pending"
    HIDDEN = "hidden"
    DELETED = "deleted"
    ALL = "all"


def moderation_queue(*, status=QueueFilter.REVIEW, page_id=None, member_id=None, query=""):
    """Comments for the moderation queue, newest first, with their page and author and
    `open_report_count` (reports no moderator has decided on); their open reports are
    prefetched as `open_reports`.

    `status` picks a QueueFilter view; REVIEW is everything that needs a decision: waiting,
    hidden by reports, or published with open reports. `query` searches the text, the
    author's nickname and e-mail address, and the page title."""
    open_reports = Report.objects.filter(comment=OuterRef("pk"), resolved_at__isnull=True)
    comments = Comment.objects.select_related("author", "page").annotate(
        open_report_count=Coalesce(
            Subquery(open_reports.order_by().values("comment").annotate(n=Count("pk")).values("n")),
            0,
        )
    )
    comments = comments.filter(_queue_condition(status, open_reports))
    if page_id:
        comments = comments.filter(page_id=page_id)
    if member_id:
        comments = comments.filter(author_id=member_id)
    if query := " ".join(query.split()):
        comments = comments.filter(
            Q(body_source__icontains=query)
            | Q(author__display_name__icontains=query)
            | Q(author__email__icontains=query)
            | Q(page__title__icontains=query)
        )
    open_prefetch = Prefetch(
        "reports",
        queryset=Report.objects.filter(resolved_at__isnull=True)
        .select_related("reporter")
        .order_by("reason", "-created_at"),  # grouped by reason in the queue
        to_attr="open_reports",
    )
    return comments.prefetch_related(open_prefetch).order_by("-created_at", "-pk")


def _queue_condition(status, open_reports):
    by_status = {
        QueueFilter.REPORTED: Exists(open_reports),
        QueueFilter.PENDING: Q(status=CommentStatus.PENDING),
        QueueFilter.HIDDEN: Q(status=CommentStatus.HIDDEN),
        QueueFilter.DELETED: Q(status=CommentStatus.DELETED),
        QueueFilter.ALL: Q(),
    }
    return by_status.get(
        status,
        Q(status=CommentStatus.PENDING)
        | Q(status=CommentStatus.HIDDEN) & ~Q(review_reason="")
        | Exists(open_reports),
    )


def moderation_comment_get(*, pk):
    """One comment for the moderator's detail screen, with its revisions, every report and
    the moderation log for it."""
    comments = Comment.objects.select_related("author", "page", "in_reply_to__author")
    return get_object_or_404(
        comments.prefetch_related(
            "revisions",
            Prefetch("reports", queryset=Report.objects.select_related("reporter")),
            Prefetch(
                "moderation_actions",
                queryset=ModerationAction.objects.select_related("moderator"),
            ),
        ),
        pk=pk,
    )


def member_moderation_get(*, pk):
    """A member for the suspension screen, with their suspensions (newest first) and
    `comment_totals`: (status label, number of their comments) for each status they have."""
    member = get_object_or_404(User.objects.prefetch_related("suspensions__created_by"), pk=pk)
    totals = dict(
        Comment.objects.filter(author=member)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    member.comment_totals = [
        (status.label, totals[status]) for status in CommentStatus if status in totals
    ]
    return member


def moderation_log(*, kind="", member_id=None, moderator_id=None):
    """The moderation log, newest first."""
    actions = ModerationAction.objects.select_related("moderator", "member", "comment__page")
    if kind:
        actions = actions.filter(kind=kind)
    if member_id:
        actions = actions.filter(member_id=member_id)
    if moderator_id:
        actions = actions.filter(moderator_id=moderator_id)
    return actions.order_by("-created_at", "-pk")


def member_data_export(*, member):
    """Everything the site keeps about `member`, as JSON-ready data (APPI disclosure).

    The section `survey_responses` is an empty list until that feature exists; each later
    issue fills its own section here.
    """
    return {
        "format_version": EXPORT_FORMAT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "account": _account_export(member),
        "profile": _profile_export(member),
        "email_addresses": _email_addresses_export(member),
        "social_accounts": _social_accounts_export(member),
        "comments": _comments_export(member),
        "reactions": _reactions_export(member),
        "notifications": _notifications_export(member),
        "moderation": _moderation_export(member),
        "opinions": _opinions_export(member),
        "survey_responses": [],
    }


def _isoformat(value):
    return value.isoformat() if value else None


def _account_export(member):
    return {
        "id": member.pk,
        "username": member.username,
        "email": member.email,
        "first_name": member.first_name,
        "last_name": member.last_name,
        "date_joined": _isoformat(member.date_joined),
        "last_login": _isoformat(member.last_login),
    }


def _profile_export(member):
    return {
        "display_name": member.display_name,
        "avatar": member.avatar.url if member.avatar else None,
        "bio": member.bio,
        "stakeholder_type": member.stakeholder_type,
        "stakeholder_type_public": member.stakeholder_type_public,
        "prefecture_code": member.prefecture,
        "prefecture": str(member.get_prefecture_display()) if member.prefecture else "",
        "region": member.region.name if member.region_id else "",
        "region_name_typed": member.region_name,
        "region_public": member.region_public,
        "verified_as": member.verified_as,
        "verified_at": _isoformat(member.verified_at),
    }


def _comments_export(member):
    """The member's comments with every text they had (a deleted one keeps its text only in
    `earlier_texts`, see docs/decisions/0004-comment-deletion.md)."""
    comments = (
        Comment.objects.filter(author=member)
        .select_related("page")
        .prefetch_related("revisions")
        .order_by("created_at", "pk")
    )
    return [
        {
            "id": comment.pk,
            "page": comment.page.title,
            "reply_to": comment.in_reply_to_id or comment.parent_id,
            "created_at": _isoformat(comment.created_at),
            "edited_at": _isoformat(comment.edited_at),
            "status": comment.status,
            "stance": comment.stance,
            "text": comment.body_source,
            "earlier_texts": [revision.body_source for revision in comment.revisions.all()],
        }
        for comment in comments
    ]


def _opinions_export(member):
    """The member's votes on opinions (with the profile kept on each) and their proposals for
    opinion exchanges. Their opinions themselves are among `comments` (with their stance)."""
    votes = (
        OpinionVote.objects.filter(member=member)
        .select_related("opinion__page", "region")
        .order_by("created_at", "pk")
    )
    proposals = TopicProposal.objects.filter(proposer=member).order_by("created_at", "pk")
    return {
        "votes": [
            {
                "opinion": vote.opinion_id,
                "topic": vote.opinion.page.title,
                "vote": vote.choice,
                "stakeholder_type": vote.stakeholder_type,
                "prefecture_code": vote.prefecture,
                "region": vote.region.name if vote.region_id else "",
                "voted_at": _isoformat(vote.created_at),
                "changed_at": _isoformat(vote.updated_at),
            }
            for vote in votes
        ],
        "proposals": [
            {
                "title": proposal.title,
                "question": proposal.question,
                "background": proposal.background,
                "status": proposal.status,
                "proposed_at": _isoformat(proposal.created_at),
                "decided_at": _isoformat(proposal.decided_at),
                "reason_for_declining": proposal.decline_reason,
            }
            for proposal in proposals
        ],
    }


def _reactions_export(member):
    likes = Like.objects.filter(member=member).select_related("page").order_by("created_at", "pk")
    return [
        {
            "liked": "comment" if like.comment_id else "page",
            "comment": like.comment_id,
            "page": like.page.title if like.page_id else None,
            "created_at": _isoformat(like.created_at),
        }
        for like in likes
    ]


def _notifications_export(member):
    """The member's e-mail preference, the pages they follow and their notifications."""
    notifications = (
        Notification.objects.filter(recipient=member)  # also those no longer shown
        .select_related("actor", "comment__page", "moderation_action", "topic", "proposal")
        .order_by("created_at", "pk")
    )
    return {
        "email": member.notification_email,
        "following": [
            {"page": follow.page.title, "since": _isoformat(follow.created_at)}
            for follow in Follow.objects.filter(member=member).select_related("page")
        ],
        "received": [
            {
                "kind": notification.kind,
                "message": str(notification.message),
                "comment": notification.comment_id,
                "created_at": _isoformat(notification.created_at),
                "updated_at": _isoformat(notification.updated_at),
                "read_at": _isoformat(notification.read_at),
                "emailed_at": _isoformat(notification.emailed_at),
            }
            for notification in notifications
        ],
    }


def _moderation_export(member):
    """Moderators' decisions about the member and their comments, and their suspensions
    (without naming the moderators)."""
    return {
        "decisions": [
            {
                "action": action.kind,
                "comment": action.comment_id,
                "subject": action.subject,
                "reason": action.reason,
                "at": _isoformat(action.created_at),
            }
            for action in ModerationAction.objects.filter(member=member).order_by(
                "created_at", "pk"
            )
        ],
        "suspensions": [
            {
                "from": _isoformat(suspension.starts_at),
                "until": _isoformat(suspension.ends_at),
                "lifted_at": _isoformat(suspension.lifted_at),
                "reason": suspension.reason,
            }
            for suspension in member.suspensions.order_by("starts_at", "pk")
        ],
    }


def _email_addresses_export(member):
    from allauth.account.models import EmailAddress

    return [
        {"email": address.email, "verified": address.verified, "primary": address.primary}
        for address in EmailAddress.objects.filter(user=member).order_by("pk")
    ]


def _social_accounts_export(member):
    if not apps.is_installed("allauth.socialaccount"):
        return []
    from allauth.socialaccount.models import SocialAccount

    return [
        {
            "provider": account.provider,
            "date_joined": _isoformat(account.date_joined),
            "last_login": _isoformat(account.last_login),
        }
        for account in SocialAccount.objects.filter(user=member).order_by("pk")
    ]


# --- Comments ---------------------------------------------------------------------------------

COMMENT_SORTS = {
    "oldest": ("created_at", "pk"),
    "newest": ("-created_at", "-pk"),
    "liked": ("-like_count", "created_at", "pk"),
    # Opinions on a topic: most agreed, and most divisive (many agree *and* many disagree).
    "agreed": ("-agree_count", "-created_at", "-pk"),
    "divisive": (
        Least("agree_count", "disagree_count").desc(),
        (F("agree_count") + F("disagree_count") + F("pass_count")).desc(),
        "-created_at",
        "-pk",
    ),
}
ARTICLE_SORTS = ("oldest", "newest", "liked")
TOPIC_SORTS = ("newest", "agreed", "divisive", "oldest")
TOPIC_UNCOUNTED_SORTS = ("newest", "oldest")
COMMENTS_PER_PAGE = 50


def comment_thread(*, page, viewer, sort="oldest", page_number=1, per_page=COMMENTS_PER_PAGE):
    """One page (django.core.paginator.Page) of the top-level comments on `page`, in `sort`
    order (a key of COMMENT_SORTS; anything else is "oldest").

    Each comment has `.replies`: its direct replies, oldest first, each with its own
    `.replies`; `.liked_by_viewer`; `.by_viewer` (the viewer wrote it); and
    `.author_attributes`: the author's stakeholder type and region as anyone may see them
    (ProfileAttribute list, empty unless the member made them public). Shown are published
    comments, the viewer's own ones
    waiting for review, and deleted ones that still have shown replies (as placeholders).
    Authors, their regions and the comment a reply answers (`in_reply_to`) are loaded with
    them. Four queries whatever the number of comments (count, top level, replies, the
    viewer's likes); fewer when there is nothing to show or the viewer is anonymous.
    """
    top_level = _top_level_visible_to(viewer, page=page).order_by(
        *COMMENT_SORTS.get(sort, COMMENT_SORTS["oldest"])
    )
    comments_page = Paginator(top_level, per_page).get_page(page_number)
    comments_page.object_list = threads = list(comments_page.object_list)
    replies = list(_replies_visible_to(viewer, threads=threads)) if threads else []
    _viewer_mark(threads + replies, viewer=viewer)
    if isinstance(page, TopicPage):
        opinion_votes_mark(threads, viewer=viewer, topic=page)
    _author_attributes_mark(threads + replies)
    _threads_build(threads, replies)
    return comments_page


def _shown_to(viewer):
    """Published comments and the viewer's own ones waiting for review."""
    shown = Q(status=CommentStatus.PUBLISHED)
    if viewer is not None and viewer.is_authenticated:
        shown |= Q(status=CommentStatus.PENDING, author_id=viewer.pk)
    return shown


def _top_level_visible_to(viewer, *, page):
    """Top-level comments on `page` shown to `viewer`, with deleted ones that have a
    published reply (shown as placeholders)."""
    replied = Comment.objects.filter(root=OuterRef("pk"), status=CommentStatus.PUBLISHED)
    placeholder = Q(Exists(replied), status=CommentStatus.DELETED)
    return (
        Comment.objects.filter(page_id=page.pk, depth=1)
        .filter(_shown_to(viewer) | placeholder)
        .select_related("author__region")
    )


def _replies_visible_to(viewer, *, threads):
    """All replies in `threads` shown to `viewer`, oldest first. Deleted ones come too:
    _threads_build keeps those that still have shown replies, as placeholders."""
    return (
        Comment.objects.filter(root__in=threads)
        .filter(_shown_to(viewer) | Q(status=CommentStatus.DELETED))
        .select_related("author__region", "in_reply_to__author")
        .order_by("created_at", "pk")
    )


def _viewer_mark(comments, *, viewer):
    """Set `.liked_by_viewer` and `.by_viewer` on each of `comments` (one query)."""
    signed_in = viewer is not None and viewer.is_authenticated
    liked = set()
    if comments and signed_in:
        liked = set(
            Like.objects.filter(member_id=viewer.pk, comment__in=comments).values_list(
                "comment_id", flat=True
            )
        )
    for comment in comments:
        comment.liked_by_viewer = comment.pk in liked
        comment.by_viewer = signed_in and comment.author_id == viewer.pk


def opinion_votes_mark(opinions, *, viewer, topic):
    """Set on each of `opinions` (top-level comments on `topic`) what its vote buttons show:
    `.viewer_vote` (the viewer's VoteChoice value, or ""), `.counts_shown` and the figures
    `.vote_total`, `.agree_percent`, `.disagree_percent`, `.pass_percent` (whole numbers).

    Counts are shown once the topic no longer takes votes, always when the topic says so, after
    the viewer voted on the opinion, and to the opinion's author. One query for a signed-in
    viewer, none otherwise (`.by_viewer` must be set, as _viewer_mark does)."""
    votes = {}
    if opinions and viewer is not None and viewer.is_authenticated:
        votes = dict(
            OpinionVote.objects.filter(member_id=viewer.pk, opinion__in=opinions).values_list(
                "opinion_id", "choice"
            )
        )
    open_now = topic.accepts_opinions()
    always = topic.vote_counts_shown == VoteCountsShown.ALWAYS
    for opinion in opinions:
        opinion.viewer_vote = votes.get(opinion.pk, "")
        opinion.counts_shown = bool(
            not open_now or always or opinion.viewer_vote or getattr(opinion, "by_viewer", False)
        )
        opinion_figures_mark(opinion)


def opinion_figures_mark(opinion):
    """Set `.vote_total` and the whole-number percentages of agree, disagree and pass."""
    counts = (opinion.agree_count, opinion.disagree_count, opinion.pass_count)
    opinion.vote_total = total = sum(counts)
    opinion.agree_percent, opinion.disagree_percent, opinion.pass_percent = (
        round(100 * count / total) if total else 0 for count in counts
    )


def _author_attributes_mark(comments):
    """Set `.author_attributes` on each of `comments`: what its author made public (no
    query: authors come with their regions)."""
    everyone = AnonymousUser()
    by_author = {}
    for comment in comments:
        author = comment.author
        if author is not None and author.pk not in by_author:
            by_author[author.pk] = member_public_attributes(member=author, viewer=everyone)
        comment.author_attributes = by_author.get(comment.author_id, [])


def _threads_build(threads, replies):
    """Nest `replies` (oldest first) under their parents; a reply whose parent is not shown is
    left out, and so is a deleted reply with nothing shown under it."""
    by_pk = {comment.pk: comment for comment in threads}
    for comment in threads:
        comment.replies = []
    for reply in replies:
        parent = by_pk.get(reply.parent_id)
        if parent is not None:
            reply.replies = []
            parent.replies.append(reply)
            by_pk[reply.pk] = reply
    for comment in threads:
        comment.replies = _placeholders_prune(comment.replies)


def _placeholders_prune(replies):
    kept = []
    for reply in replies:
        reply.replies = _placeholders_prune(reply.replies)
        if reply.status != CommentStatus.DELETED or reply.replies:
            kept.append(reply)
    return kept


def comment_counts(*, pages):
    """{page id: number of published comments} for `pages` (article cards), in one query;
    pages without comments are missing from the dict."""
    rows = (
        Comment.objects.published()
        .filter(page_id__in=[page.pk for page in pages])
        .order_by()
        .values("page_id")
        .annotate(count=Count("pk"))
        .values_list("page_id", "count")
    )
    return dict(rows)


@dataclass(frozen=True)
class CommentSection:
    """What the comments section of a page shows to one viewer (see comment_section_get)."""

    comments: object  # a django.core.paginator.Page of top-level comments (comment_thread)
    sort: str
    count: int  # published comments on the page, replies included
    mode: str  # a DiscussionMode value
    viewer_can_post: bool
    viewer_needs_verification: bool  # signed in without a verified e-mail address
    viewer_refusal: str  # why else a signed-in viewer may not post now (suspended), or ""
    viewer_can_moderate: bool  # may delete anyone's comment (community.moderate_comment)
    member_page_ids: frozenset  # authors in the thread whose member page may be linked
    reply_to: object  # the published comment the form answers (?reply_to=), or None
    like_count: int  # スキ on the page itself
    liked_by_viewer: bool
    is_topic: bool = False  # an opinion exchange: top-level comments are opinions
    votes_open: bool = False  # the topic takes opinions, replies and votes now

    sorts: tuple = ARTICLE_SORTS  # the keys of the sorts this page offers, default first

    @property
    def is_closed(self):
        """The discussion takes nothing now (comments closed; a topic ended or closed)."""
        return self.mode == DiscussionMode.CLOSED

    @property
    def sort_choices(self):
        """(key, label) of the sorts this page offers, the default first."""
        return tuple((key, SORT_LABELS[key]) for key in self.sorts)

    @property
    def opinion_columns(self):
        """The opinions of this page of the thread as (for, against, the others): the
        two-column layout of a topic."""
        groups = {Stance.AGREE: [], Stance.DISAGREE: [], "": []}
        for opinion in self.comments.object_list:
            groups.get(opinion.stance, groups[""]).append(opinion)
        return groups[Stance.AGREE], groups[Stance.DISAGREE], groups[""]


SORT_LABELS = {
    "oldest": gettext_lazy("Oldest first"),
    "newest": gettext_lazy("Newest first"),
    "liked": gettext_lazy("Most liked"),
    "agreed": gettext_lazy("Most agreed"),
    "divisive": gettext_lazy("Most divisive"),
}


def comment_sorts(page):
    """The sorts `page`'s thread offers, the default first: newest opinions first on a topic,
    the conversation from its start on an article. Opinions sort by their votes only where
    everyone may see the counts (a topic that always shows them, or one that has ended):
    elsewhere the order would tell what the counts hide until one votes."""
    if not isinstance(page, TopicPage):
        return ARTICLE_SORTS
    if page.vote_counts_shown == VoteCountsShown.ALWAYS or not page.accepts_opinions():
        return TOPIC_SORTS
    return TOPIC_UNCOUNTED_SORTS


def comment_sort_default(page):
    """The sort a page's thread opens with (the first of comment_sorts)."""
    return comment_sorts(page)[0]


def comment_section_get(*, page, viewer, sort="oldest", page_number=1, reply_to_pk=None):
    """The comments section of `page` for `viewer`, in a fixed number of queries whatever the
    number of comments (the thread, the counts, the viewer's rights, the linked members)."""
    from .services.discussions import MODERATE_PERMISSION, discussion_mode
    from .services.posting import member_post_refusal

    is_topic = isinstance(page, TopicPage)
    sorts = comment_sorts(page)
    sort = sort if sort in sorts else sorts[0]
    comments = comment_thread(page=page, viewer=viewer, sort=sort, page_number=page_number)
    votes_open = is_topic and page.accepts_opinions()
    mode = discussion_mode(page)
    if is_topic and not votes_open:
        mode = DiscussionMode.CLOSED  # ended or closed: read-only, like closed comments
    refusal = member_post_refusal(viewer) if viewer.is_authenticated else None
    can_post = viewer.is_authenticated and refusal is None
    needs_verification = refusal is not None and refusal.code == "email_unverified"
    authors = {c.author_id for c in _thread_walk(comments.object_list) if c.author_id}
    likes = Like.objects.filter(page_id=page.pk).aggregate(
        count=Count("pk"),
        mine=Count("pk", filter=Q(member_id=getattr(viewer, "pk", None))),
    )
    return CommentSection(
        comments=comments,
        sort=sort,
        count=comment_counts(pages=[page]).get(page.pk, 0),
        mode=mode,
        viewer_can_post=can_post,
        viewer_needs_verification=needs_verification,
        viewer_refusal=refusal.messages[0] if refusal and not needs_verification else "",
        viewer_can_moderate=bool(viewer.is_authenticated and viewer.has_perm(MODERATE_PERMISSION)),
        member_page_ids=frozenset(
            _members_with_public_page().filter(pk__in=authors).values_list("pk", flat=True)
        )
        if authors
        else frozenset(),
        reply_to=reply_target_get(page=page, pk=reply_to_pk) if can_post else None,
        like_count=likes["count"],
        liked_by_viewer=bool(likes["mine"]),
        is_topic=is_topic,
        votes_open=votes_open,
        sorts=sorts,
    )


DISCUSSABLE_PAGE_MODELS = ["articles.ArticlePage", "community.TopicPage"]


def discussable_page_models():
    """The page classes that take comments (DISCUSSABLE_PAGE_MODELS)."""
    return [apps.get_model(label) for label in DISCUSSABLE_PAGE_MODELS]


def discussable_pages():
    """Live pages that everyone may read and that take comments."""
    return Page.objects.live().public().type(*discussable_page_models())


def discussable_page_get(*, pk):
    """The page with this pk if it takes comments and a site serves it; 404 otherwise."""
    page = get_object_or_404(discussable_pages().specific(), pk=pk)
    if page.get_url() is None:
        raise Http404
    return page


def comment_on_discussable_page_get(*, pk, **filters):
    """The comment with this pk (and `filters`) on a page that takes comments and everyone may
    read, with its page and author; 404 otherwise. Every comment form looks comments up here,
    so a comment on an unpublished or restricted page is out of reach."""
    comments = Comment.objects.select_related("page", "author").filter(
        page__in=discussable_pages(), **filters
    )
    return get_object_or_404(comments, pk=pk)


def comment_page_number(*, page, comment, viewer, per_page=COMMENTS_PER_PAGE):
    """The page of `page`'s oldest-first thread (comment_thread's `page_number`) on which
    `viewer` finds `comment`: the page of its top-level comment."""
    root = comment.root if comment.root_id else comment
    earlier = Q(created_at__lt=root.created_at) | Q(created_at=root.created_at, pk__lt=root.pk)
    before = _top_level_visible_to(viewer, page=page).filter(earlier).count()
    return before // per_page + 1


def _thread_walk(comments):
    for comment in comments:
        yield comment
        yield from _thread_walk(comment.replies)


def reply_target_get(*, page, pk):
    """The published comment on `page` with this pk that a reply may answer, or None."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return (
        Comment.objects.published().filter(page_id=page.pk, pk=pk).select_related("author").first()
    )


# --- Opinion exchanges (意見交換) ----------------------------------------------------------------

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


def topic_index_get():
    """The live 意見交換 page, or None (there is at most one)."""
    from .models import TopicIndexPage

    return TopicIndexPage.objects.live().public().first()


def topic_index_list(*, index, page_number=1, per_page=TOPICS_PER_PAGE):
    """One page (django.core.paginator.Page) of the topics under `index`: those taking
    opinions first, then those not open yet, then ended and closed ones; newest first within
    each. Each has `opinion_count` and `status` (a TopicStatus value). Two queries."""
    from core.pagination import paginate

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
    now = timezone.now()
    topics = (
        _topics_listed(now=now)
        .filter(related_articles__article_id=article.pk)
        .order_by("listing_group", "-first_published_at", "-pk")
    )
    return _topic_status_mark(list(topics), now=now)


def topic_related_articles(*, topic):
    """The live articles `topic` grew out of, in the editors' order (one query)."""
    from articles.models import ArticlePage

    return list(
        ArticlePage.objects.live()
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


# --- Notifications ----------------------------------------------------------------------------


def notification_list(*, member):
    """The notifications of `member` that are still shown (NotificationQuerySet.shown), newest
    first (the latest like of a batch counts), with what their messages need: actor, comment,
    page and moderation action."""
    return (
        Notification.objects.filter(recipient=member)
        .shown()
        .select_related("actor", "comment__page", "moderation_action", "topic", "proposal")
        .order_by("-updated_at", "-pk")
    )


def notification_unread_count(*, member):
    """How many shown notifications `member` has not read (one query)."""
    return Notification.objects.filter(recipient=member).unread().shown().count()


def notification_target_url(*, notification):
    """Where opening `notification` leads: its comment's permalink, or None when it concerns
    no comment (a suspension)."""
    if notification.comment_id is None:
        return None
    return reverse("community:comment_permalink", args=[notification.comment_id])


def page_followed(*, member, page):
    """Whether `member` follows `page` (False for anonymous visitors, without a query)."""
    if member is None or not member.is_authenticated:
        return False
    return Follow.objects.filter(member_id=member.pk, page_id=page.pk).exists()
