"""A consultation's outcome (意見募集の結果): what staff answered to the opinions received.

The opinions are a topic's (意見交換) or a survey's text answers; staff gather them into groups
(`OpinionGroup`), each with a short summary (意見の概要), the organisation's view (市の考え方),
a disposition and, later, how its follow-up went. Those groups are staff's working copy: the
public page shows `ConsultationPage.table`, the copy of them taken whenever the page is saved in
the editor, so only what went through Wagtail's review and publishing is ever public
(docs/decisions/0018-consultation-outcomes.md).
"""

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldRowPanel, HelpPanel, PageChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import AbstractGroupApprovalTask, Page, Workflow

from core.channels import Channel
from core.page_cache import AnonymousPageCacheMixin
from core.page_slugs import TITLE_PANELS, ReadableSlugPageMixin
from core.pages import published_at_fill

from .exports import outcome_csv, outcome_xlsx
from .publishing import ApprovedPublishingTester
from .rows import Progress, outcome_channels, outcome_rows
from .sources import opinion_counts, standing

SUMMARY_MAX_LENGTH = 500
QUOTE_MAX_LENGTH = 2000
NOTE_MAX_LENGTH = 1000
VIEW_FEATURES = ["bold", "link", "ul", "ol"]


class Disposition(models.Model):
    """How an answered group of opinions was dealt with: 案を修正します, 原案どおりとします…
    A list staff keep (Snippets), in their order."""

    label = models.CharField(pgettext_lazy("disposition", "label"), max_length=100, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("disposition")
        verbose_name_plural = _("dispositions")

    def __str__(self):
        return self.label


@register_setting(icon="comment")
class ConsultationSettings(BaseSiteSetting):
    """The name the answers go under: 「市の考え方」, 「町の考え方」, 「当社の考え方」…"""

    view_heading = models.CharField(
        _("heading of the answers (Japanese)"), max_length=40, default="市の考え方"
    )
    view_heading_en = models.CharField(
        _("heading of the answers (English)"), max_length=60, default="The city’s view"
    )

    def heading(self, language):
        """The heading for pages in `language` ("ja", "en")."""
        return self.view_heading_en if language == "en" else self.view_heading

    class Meta:
        verbose_name = _("consultation settings")


class ConsultationIndexPage(ReadableSlugPageMixin, AnonymousPageCacheMixin, Page):
    """意見募集の結果: the published outcomes, newest first."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "link"])

    content_panels = [*TITLE_PANELS, "intro"]

    parent_page_types = ["articles.HomePage"]
    subpage_types = ["consultations.ConsultationPage"]

    class Meta:
        verbose_name = _("consultation outcomes index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["outcomes"] = (
            ConsultationPage.objects.child_of(self).live().public().order_by("-first_published_at")
        )
        return context


class ConsultationPage(ReadableSlugPageMixin, AnonymousPageCacheMixin, RoutablePageMixin, Page):
    """The outcome of one consultation: its period and counts, then the table 「No. / 意見の
    概要 / 件数 / 市の考え方 / 対応」 as `table` holds it (`table_build`),
    also as files at outcome.csv and outcome.xlsx (consultations.exports)."""

    source = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("where the opinions were given"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The opinion exchange or survey whose opinions this answers."),
    )
    lead = RichTextField(_("introduction"), blank=True, features=["bold", "link", "ul", "ol"])
    opened_on = models.DateField(_("opinions from"), null=True, blank=True)
    closed_on = models.DateField(_("opinions until"), null=True, blank=True)
    # The groups as they were when the page was last saved (`table_build`): its revisions
    # carry them through review, and the live page shows the published one.
    table = models.JSONField(_("outcome table"), default=dict, editable=False)

    content_panels = [
        *TITLE_PANELS,
        PageChooserPanel("source", ["community.TopicPage", "surveys.SurveyPage"]),
        "lead",
        FieldRowPanel(["opened_on", "closed_on"], heading=_("Period")),
        HelpPanel(
            template="consultations/admin/table_panel.html",
            heading=_("Opinions and answers"),
        ),
    ]

    parent_page_types = ["consultations.ConsultationIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("consultation outcome")
        verbose_name_plural = _("consultation outcomes")

    def permissions_for_user(self, user):
        return ApprovedPublishingTester(user, self)

    def get_workflow(self):
        """The workflow with a second person's approval, wherever the page is in the tree
        (before any workflow assigned to its ancestors, such as the articles' one)."""
        workflow = Workflow.objects.filter(
            active=True, workflow_tasks__task__in=SecondApprovalTask.objects.filter(active=True)
        ).first()
        return workflow or super().get_workflow()

    @property
    def has_workflow(self):
        return self.get_workflow() is not None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["rows"] = outcome_rows(self.table, yours=self.rows_of(request.user))
        context["channels"] = outcome_channels(self.table)
        context["heading"] = self.view_heading(request)
        source = self.source_shown()
        context["source_page"] = source and source.specific
        return context

    def source_shown(self):
        """The page the opinions were given on (a generic Page) as the outcome links it: only
        while anyone may read it (live, no view restriction on it or above it), else None.
        `source_public` is read when a listing annotated it (selectors.outcome_list)."""
        source = self.source
        if source is None or not source.live:
            return None
        public = getattr(self, "source_public", None)
        if public is None:
            public = Page.objects.public().filter(pk=source.pk).exists()
        return source if public else None

    # RoutablePageMixin ends every sub-path with "/"; the addresses are …/outcome.csv without
    # it (config.urls sends them to Wagtail, whose own pattern takes no dot).
    @path("outcome.csv/", name="outcome_csv")
    def outcome_csv_route(self, request):
        return outcome_csv(request, self, heading=self.view_heading(request))

    @path("outcome.xlsx/", name="outcome_xlsx")
    def outcome_xlsx_route(self, request):
        return outcome_xlsx(request, self, heading=self.view_heading(request))

    @staticmethod
    def view_heading(request):
        """「市の考え方」 as configured, in the reader's language."""
        return ConsultationSettings.for_request(request).heading(request.LANGUAGE_CODE)

    def rows_of(self, user):
        """The keys of the table's rows that hold an opinion of `user`'s (none for anonymous
        readers, without a query)."""
        if not user.is_authenticated:
            return set()
        keys = [row["key"] for row in self.table.get("rows", [])]
        mine = GroupedOpinion.objects.filter(standing(), group_id__in=keys).filter(
            Q(comment__author=user) | Q(answer__response__member=user)
        )
        return set(mine.values_list("group_id", flat=True))

    def save(self, *args, **kwargs):
        published_at_fill(self)
        return super().save(*args, **kwargs)

    def save_revision(self, *args, **kwargs):
        """Every revision carries the groups as they are now: what is submitted for review is
        what will be published, whatever staff change in the groups meanwhile."""
        self.table = self.table_build()
        return super().save_revision(*args, **kwargs)

    def serve_preview(self, request, mode_name):
        self.table = self.table_build()
        return super().serve_preview(request, mode_name)

    def table_build(self):
        """The outcome table from the groups as they are now, in their order (four queries):

            {"opinions": 42, "people": 30,
             "channels": [{"channel": "web", "opinions": 40, "people": 28}, …],
             "rows": [{"key": 7, "number": 1, "summary": "…", "count": 3, "view": "<p>…</p>",
                       "disposition": "案を修正します", "progress": "underway",
                       "quotes": ["…"],
                       "notes": [{"on": "2026-12-01", "progress": "considering", "note": "…"}]}]}

        Opinions that no longer stand (deleted or hidden since) are neither counted nor quoted.
        No row says who wrote an opinion: quotes are the texts staff ticked, as they masked them.
        """
        counts = opinion_counts(self.source)
        table = {
            "opinions": sum(opinions for opinions, _people in counts.values()),
            "people": sum(people for _opinions, people in counts.values()),
            "channels": [
                {"channel": channel, "opinions": counts[channel][0], "people": counts[channel][1]}
                for channel in Channel.values
                if channel in counts
            ],
            "rows": [],
        }
        if self.pk is None:
            return table
        groups = (
            self.opinion_groups.select_related("disposition")
            .annotate(count=Count("members", filter=standing("members__")))
            .prefetch_related("notes")
        )
        quotes = {}
        quoted = GroupedOpinion.objects.filter(standing(), group__consultation=self, quoted=True)
        for group_id, quote in quoted.values_list("group_id", "quote"):
            quotes.setdefault(group_id, []).append(quote)
        table["rows"] = [
            group.table_row(number, quotes.get(group.pk, []))
            for number, group in enumerate(groups, start=1)
        ]
        return table


class OpinionGroup(models.Model):
    """Opinions answered together: staff's summary of them, the organisation's view, and what
    was done about them."""

    consultation = models.ForeignKey(
        ConsultationPage,
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="opinion_groups",
    )
    position = models.PositiveIntegerField(_("number"), default=0)
    summary = models.TextField(_("summary of the opinions"), max_length=SUMMARY_MAX_LENGTH)
    view = RichTextField(_("our view"), blank=True, features=VIEW_FEATURES)
    disposition = models.ForeignKey(
        Disposition,
        verbose_name=_("disposition"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    progress = models.CharField(_("follow-up"), max_length=20, choices=Progress.choices, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("opinion group")
        verbose_name_plural = _("opinion groups")
        permissions = [("answer_opinions", _("Can group and answer consultations' opinions"))]

    def __str__(self):
        return self.summary[:40]

    def table_row(self, number, quotes):
        """This group's row of the outcome table (ConsultationPage.table_build), numbered
        `number`; `count` is annotated by the caller."""
        return {
            "key": self.pk,
            "number": number,
            "summary": self.summary,
            "count": self.count,
            "view": self.view,
            "disposition": self.disposition.label if self.disposition else "",
            "progress": self.progress,
            "quotes": quotes,
            "notes": [
                {"on": note.noted_on.isoformat(), "progress": note.progress, "note": note.note}
                for note in self.notes.all()
            ],
        }


class GroupedOpinion(models.Model):
    """One opinion in a group: a topic's opinion (a top-level comment) or a survey's text
    answer. An opinion is in one group at most. Quoted on the public page only when staff
    tick `quoted`, as `quote` (its text, with whatever personal details staff masked)."""

    group = models.ForeignKey(
        OpinionGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="members"
    )
    comment = models.OneToOneField(
        "community.Comment",
        verbose_name=_("opinion"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    answer = models.OneToOneField(
        "surveys.Answer",
        verbose_name=_("answer"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    quoted = models.BooleanField(_("quoted on the outcome page"), default=False)
    quote = models.TextField(_("text as quoted"), max_length=QUOTE_MAX_LENGTH, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("grouped opinion")
        verbose_name_plural = _("grouped opinions")
        constraints = [
            models.CheckConstraint(
                condition=Q(comment__isnull=False, answer__isnull=True)
                | Q(comment__isnull=True, answer__isnull=False),
                name="grouped_opinion_one_source",
            )
        ]

    def __str__(self):
        return f"{self.group_id}: {self.comment_id or self.answer_id}"


class ProgressNote(models.Model):
    """A dated step of a group's follow-up (検討中 → 実施中 → 完了), shown on the public page."""

    group = models.ForeignKey(
        OpinionGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="notes"
    )
    progress = models.CharField(_("follow-up"), max_length=20, choices=Progress.choices)
    note = models.TextField(pgettext_lazy("follow-up", "note"), max_length=NOTE_MAX_LENGTH)
    noted_on = models.DateField(_("date"), default=timezone.localdate)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["noted_on", "pk"]
        verbose_name = _("follow-up note")
        verbose_name_plural = _("follow-up notes")

    def __str__(self):
        return f"{self.noted_on} {self.get_progress_display()}"


class SecondApprovalTask(AbstractGroupApprovalTask):
    """Approval by a member of the chosen groups other than the person who submitted: a
    consultation's outcome is published only after a second member of staff has read it."""

    def _submitted_by(self, obj, user):
        state = obj.current_workflow_state
        return state is not None and state.requested_by_id == user.pk

    def get_actions(self, obj, user):
        if self._submitted_by(obj, user):
            return []
        return super().get_actions(obj, user)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        return states.exclude(workflow_state__requested_by=user)

    @classmethod
    def get_description(cls):
        return _("Members of the chosen groups approve, except whoever submitted")

    class Meta:
        verbose_name = _("approval by a second person")
        verbose_name_plural = _("approvals by a second person")
