"""Opinion exchanges (意見交換): topics put to the region, members' votes on opinions, and
members' proposals for new topics.

An opinion is a top-level Comment on a TopicPage with a `stance`; its replies are ordinary
replies. One engine serves articles and topics (community.models.comments).
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.page_cache import AnonymousPageCacheMixin
from core.page_slugs import TITLE_PANELS, ReadableSlugPageMixin
from core.prefectures import PREFECTURE_CHOICES

from .discussion import DiscussablePageMixin, DiscussionSourceChooserPanel
from .members import StakeholderType

QUESTION_MAX_LENGTH = 200
BACKGROUND_FEATURES = ["h2", "h3", "bold", "link", "ul", "ol"]


class VoteChoice(models.TextChoices):
    AGREE = "agree", _("Agree")
    DISAGREE = "disagree", _("Disagree")
    PASS = "pass", _("Pass")


class VoteCountsShown(models.TextChoices):
    AFTER_VOTE = "after_vote", _("After the member has voted")
    ALWAYS = "always", _("Always")


class TopicLayout(models.TextChoices):
    LIST = "list", _("One list")
    COLUMNS = "columns", _("Two columns: for | against")


# Addresses under the 意見交換 page that its routes answer: a topic may not take them as slugs.
RESERVED_TOPIC_SLUGS = {"propose", "my-proposals"}


class TopicIndexPage(ReadableSlugPageMixin, AnonymousPageCacheMixin, RoutablePageMixin, Page):
    """意見交換: the topics, open ones first; members propose topics at propose/ and follow
    their proposals at my-proposals/ (community.views.proposals)."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "link"])

    content_panels = [*TITLE_PANELS, "intro"]
    parent_page_types = ["articles.HomePage"]
    subpage_types = ["community.TopicPage"]
    max_count = 1

    class Meta:
        verbose_name = _("opinion exchange index")

    def get_context(self, request, *args, **kwargs):
        from ..selectors.topics import topic_index_list

        context = super().get_context(request, *args, **kwargs)
        context["topics"] = topic_index_list(index=self, page_number=request.GET.get("page"))
        return context

    @path("propose/", name="propose")
    def propose_route(self, request):
        from ..views.proposals import proposal_create

        return proposal_create(request, index=self)

    @path("my-proposals/", name="my_proposals")
    def my_proposals_route(self, request):
        from ..views.proposals import proposal_list

        return proposal_list(request, index=self)


class TopicPage(ReadableSlugPageMixin, DiscussablePageMixin, AnonymousPageCacheMixin, Page):
    """A question put to the region. Members post opinions with a stance and vote on each
    other's; staff close it with a conclusion (まとめ) pinned on top."""

    question = models.CharField(_("question"), max_length=QUESTION_MAX_LENGTH)
    background = RichTextField(_("background"), blank=True, features=BACKGROUND_FEATURES)
    starts_at = models.DateTimeField(_("opinions from"), null=True, blank=True)
    ends_at = models.DateTimeField(_("opinions until"), null=True, blank=True)
    asks_stance = models.BooleanField(
        _("ask for a stance"),
        default=True,
        help_text=_("Each opinion says 賛成 / 中立 / 反対."),
    )
    vote_counts_shown = models.CharField(
        _("show vote counts"),
        max_length=20,
        choices=VoteCountsShown.choices,
        default=VoteCountsShown.AFTER_VOTE,
    )
    layout = models.CharField(
        _("layout"), max_length=20, choices=TopicLayout.choices, default=TopicLayout.LIST
    )

    content_panels = [
        *TITLE_PANELS,
        "question",
        "background",
        InlinePanel("related_articles", label=_("Related articles")),
    ]
    settings_panels = [
        FieldRowPanel(["starts_at", "ends_at"], heading=_("Period")),
        FieldPanel("asks_stance"),
        FieldPanel("vote_counts_shown"),
        FieldPanel("layout"),
        *Page.settings_panels,
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("question"),
        index.SearchField("background"),
        index.FilterField("first_published_at"),
    ]

    parent_page_types = ["community.TopicIndexPage"]
    subpage_types = []

    is_opinion_exchange = True
    comment_section_template = "community/includes/opinions.html"
    comment_sort_default = ""  # opinions open newest first

    class Meta:
        verbose_name = _("opinion exchange topic")
        verbose_name_plural = _("opinion exchange topics")
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_at__isnull=True)
                | Q(ends_at__isnull=True)
                | Q(ends_at__gt=models.F("starts_at")),
                name="topic_period_order",
            )
        ]

    def clean(self):
        super().clean()
        if self.slug in RESERVED_TOPIC_SLUGS:
            raise ValidationError(
                {"slug": _("This address belongs to the 意見交換 page itself; choose another.")}
            )

    @cached_property
    def closure_or_none(self):
        """The topic's TopicClosure (its conclusion) once staff have closed it, else None."""
        return TopicClosure.objects.filter(topic_id=self.pk).first()

    @property
    def is_closed(self):
        return self.closure_or_none is not None

    def get_context(self, request, *args, **kwargs):
        from ..selectors.topics import topic_related_articles, topic_status

        context = super().get_context(request, *args, **kwargs)
        context["related_article_pages"] = topic_related_articles(topic=self)
        context["topic_status"] = topic_status(self)
        if self.is_closed:
            from ..views.opinion_groups import published_groups_context

            context.update(published_groups_context(topic=self, viewer=request.user))
        return context

    def comment_form_options(self, *, reply_to):
        return {"opinion": reply_to is None}

    def accepts_opinions(self, now=None):
        """Open, and within its period: members may post opinions, replies and votes."""
        now = now or timezone.now()
        return (
            not self.is_closed
            and (self.starts_at is None or self.starts_at <= now)
            and (self.ends_at is None or now < self.ends_at)
        )


class TopicClosure(models.Model):
    """A topic closed by staff, with its conclusion (まとめ) pinned on top of the page.

    Kept beside the page rather than on it: a page's fields travel in its revisions, and
    publishing an older revision must not reopen the topic or lose the conclusion.
    """

    topic = models.OneToOneField(
        TopicPage, verbose_name=_("topic"), on_delete=models.CASCADE, related_name="closure"
    )
    conclusion = models.TextField(_("conclusion"))
    conclusion_html = models.TextField(editable=False)
    closed_at = models.DateTimeField(_("closed at"), default=timezone.now)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("topic closure")
        verbose_name_plural = _("topic closures")

    def __str__(self):
        return f"{self.topic_id} {self.closed_at:%Y-%m-%d}"


class TopicPageRelatedArticle(Orderable):
    """An article the topic grew out of; the article links back to the topic
    (「この記事について意見交換する」)."""

    topic = ParentalKey(TopicPage, on_delete=models.CASCADE, related_name="related_articles")
    article = models.ForeignKey(
        Page, verbose_name=_("article"), on_delete=models.CASCADE, related_name="topic_links"
    )

    panels = [DiscussionSourceChooserPanel("article")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["topic", "article"], name="topic_article_once")
        ]


class OpinionVote(models.Model):
    """A member's vote on an opinion: agree, disagree or pass; one per member, changeable.

    The voter's stakeholder type, prefecture and region are kept as they were when they voted,
    so the consensus report does not move when a profile changes later.
    """

    opinion = models.ForeignKey(
        "community.Comment",
        verbose_name=_("opinion"),
        on_delete=models.CASCADE,
        related_name="votes",
    )
    # A member who closes their account leaves their votes unlinked, so the opinions' counts
    # and the reports stay as they were (the profile kept here names nobody).
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="opinion_votes",
    )
    choice = models.CharField(_("vote"), max_length=10, choices=VoteChoice.choices)
    stakeholder_type = models.CharField(
        _("stakeholder type"), max_length=30, choices=StakeholderType.choices, blank=True
    )
    prefecture = models.CharField(
        _("prefecture"), max_length=2, choices=PREFECTURE_CHOICES, blank=True
    )
    region = models.ForeignKey(
        "community.Region",
        verbose_name=_("municipality or region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("voted at"), default=timezone.now)
    updated_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("vote on an opinion")
        verbose_name_plural = _("votes on opinions")
        permissions = [("view_consensus", _("Can see opinion-exchange reports and exports"))]
        constraints = [
            models.UniqueConstraint(fields=["opinion", "member"], name="one_vote_per_opinion")
        ]
        indexes = [models.Index(fields=["opinion", "choice"], name="opinion_vote_tally")]

    def __str__(self):
        return f"{self.member_id} {self.choice} #{self.opinion_id}"


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a decision")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class TopicProposal(models.Model):
    """A member's proposal for a topic; a moderator accepts it (it becomes a draft topic) or
    declines it with a reason, and the member hears either way."""

    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="topic_proposals",
    )
    title = models.CharField(_("title"), max_length=100)
    question = models.CharField(_("question"), max_length=QUESTION_MAX_LENGTH)
    background = models.TextField(_("background"), max_length=2000, blank=True)
    status = models.CharField(
        pgettext_lazy("model field", "status"),
        max_length=20,
        choices=ProposalStatus.choices,
        default=ProposalStatus.PENDING,
    )
    created_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decline_reason = models.TextField(_("reason for declining"), max_length=1000, blank=True)
    topic = models.ForeignKey(
        TopicPage,
        verbose_name=_("topic"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("topic proposal")
        verbose_name_plural = _("topic proposals")
        indexes = [models.Index(fields=["status", "created_at"], name="proposal_queue")]

    def __str__(self):
        return self.title


class ConsensusGeneration(models.Model):
    """Which figures a cached consensus report was computed from: a token per topic
    ("topic:<page id>"), replaced in the same transaction as every write that changes the
    topic's report, and one for the whole site ("site": profiles, regions). A report cached
    under the tokens read before its figures is never served after such a write commits
    (community.consensus.generation; docs/decisions/0015-consensus-counts.md)."""

    key = models.CharField(_("key"), max_length=40, primary_key=True)
    token = models.UUIDField(_("token"), default=uuid.uuid4)

    class Meta:
        verbose_name = _("consensus report generation")
        verbose_name_plural = _("consensus report generations")

    def __str__(self):
        return f"{self.key} {self.token}"
