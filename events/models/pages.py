"""Event pages: the index that lists them and the event itself.

Reading order: the kinds and statuses, the index page, the event page and what hangs off it
(tags, related articles). Times are stored aware and shown in Japan time (TIME_ZONE)."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from articles.blocks import ArticleBodyBlock
from community.models.discussion import DiscussablePageMixin
from core.page_cache import AnonymousPageCacheMixin
from core.page_slugs import TITLE_PANELS, ReadableSlugPageMixin
from core.pages import published_at_fill
from readable.version_panels import edit_handler_with_easy_tab
from surveys.questions.stream import item_ids_fix

from ..blocks import RegistrationQuestionsBlock, SlotsBlock
from ..forms_admin import EventPageForm
from .easy import EVENT_EASY_PANELS, EventEasyVersion

ONLINE_OPENS_MINUTES = 30  # the online URL is shown to registered people from then on


class EventKind(models.TextChoices):
    BRIEFING = "briefing", _("Briefing session")
    WORKSHOP = "workshop", _("Workshop")
    DESK = "desk", _("Consultation desk")
    ONLINE = "online", _("Online briefing")


class EventStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    POSTPONED = "postponed", _("Postponed")
    CANCELLED = "cancelled", pgettext_lazy("event status", "Cancelled")


class EventIndexPage(ReadableSlugPageMixin, AnonymousPageCacheMixin, RoutablePageMixin, Page):
    """イベント: lists the events under it, upcoming first (past ones on their own route), with
    a month calendar and the iCalendar feeds calendar apps subscribe to."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*TITLE_PANELS, "intro"]

    parent_page_types = ["articles.HomePage"]
    subpage_types = ["events.EventPage"]

    class Meta:
        verbose_name = _("event index page")

    # --- Routes: the views are in events.views.listing -------------------------------------

    @path("", name="index")
    def upcoming_view(self, request):
        from ..views import listing

        return listing.event_list(request, index=self)

    @path("past/", name="past")
    def past_view(self, request):
        from ..views import listing

        return listing.event_list(request, index=self, past=True)

    @path("calendar/", name="calendar")
    def month_view(self, request):
        from ..views import listing

        return listing.event_month(request, index=self)

    @path("feed/", name="feed")
    def feed_view(self, request):
        from ..views import listing

        return listing.event_feed(request, index=self)

    @path("feed/tags/<str:tag>/", name="feed_tag")
    def tag_feed_view(self, request, tag):
        from ..views import listing

        return listing.event_feed(request, index=self, tag=tag)


class EventPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "events.EventPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class EventPage(
    EventEasyVersion,
    ReadableSlugPageMixin,
    DiscussablePageMixin,
    AnonymousPageCacheMixin,
    RoutablePageMixin,
    Page,
):
    """An event: when and where (a venue, online, or both), who it is for, and how to register.

    A 相談会 (`EventKind.DESK`) may have time slots, each with its own capacity; other events
    have one capacity for the whole event (none: no limit). Seats are counted in EventSeats,
    never on the page: publishing a revision must not move them."""

    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    lead = models.TextField(
        _("lead"), help_text=_("One or two sentences shown under the title and on cards.")
    )
    header_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("header image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(ArticleBodyBlock(), verbose_name=_("body"), blank=True)

    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    all_day = models.BooleanField(
        _("all day"), default=False, help_text=_("Show the dates only, without times.")
    )
    status = models.CharField(
        pgettext_lazy("model field", "status"),
        max_length=20,
        choices=EventStatus.choices,
        default=EventStatus.SCHEDULED,
    )
    status_note = models.TextField(
        _("note on the change"),
        blank=True,
        help_text=_(
            "Shown prominently on a postponed or cancelled event, and sent to registrants."
        ),
    )

    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    venue_address = models.CharField(_("address"), max_length=300, blank=True)
    map_url = models.URLField(_("map link"), blank=True)
    access_notes = models.TextField(_("access"), blank=True)
    accessibility = models.TextField(
        _("accessibility"), blank=True, help_text=_("Step-free access, toilets, hearing loops…")
    )
    online_url = models.URLField(
        _("online meeting URL"),
        blank=True,
        help_text=_("Shown only to registered people, from 30 minutes before the start."),
    )

    organiser = models.CharField(_("organiser"), max_length=200, blank=True)
    contact = models.TextField(_("contact"), blank=True)
    fee_note = models.CharField(_("fee"), max_length=200, blank=True)
    audience = models.CharField(
        _("who it is for"),
        max_length=200,
        blank=True,
        help_text=_("For example: 住民の方, 市内の事業者, 自治体職員"),
    )
    stakeholder_types = models.JSONField(_("stakeholder types invited"), default=list, blank=True)
    region = models.ForeignKey(
        "community.Region",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    slots = StreamField(SlotsBlock(), verbose_name=_("time slots"), blank=True)
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(
        _("registration closes"), null=True, blank=True, help_text=_("Empty: at the start.")
    )
    questions = StreamField(
        RegistrationQuestionsBlock(), verbose_name=_("registration questions"), blank=True
    )

    tags = ClusterTaggableManager(through=EventPageTag, blank=True, verbose_name=_("tags"))
    topic = models.ForeignKey(
        "community.TopicPage",
        verbose_name=_("opinion exchange"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    survey = models.ForeignKey(
        "surveys.SurveyPage",
        verbose_name=_("survey"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    report = StreamField(
        ArticleBodyBlock(),
        verbose_name=pgettext_lazy("event", "report"),
        blank=True,
        help_text=_(
            "記録: what happened, with photos and documents; shown once the event is over."
        ),
    )
    erase_after_days = models.PositiveSmallIntegerField(
        _("erase registrations after (days)"),
        default=90,
        help_text=_(
            "Names and e-mail addresses are erased this long after the event; counts stay."
        ),
    )

    content_panels = [
        *TITLE_PANELS,
        "kind",
        "lead",
        "header_image",
        MultiFieldPanel(
            [FieldRowPanel(["starts_at", "ends_at"]), "all_day", "status", "status_note"],
            heading=_("Date and status"),
        ),
        MultiFieldPanel(
            ["venue_name", "venue_address", "map_url", "access_notes", "accessibility"],
            heading=_("Venue"),
        ),
        "online_url",
        "body",
        MultiFieldPanel(
            [
                "capacity",
                FieldRowPanel(["registration_opens_at", "registration_closes_at"]),
                "slots",
                "questions",
                "erase_after_days",
            ],
            heading=_("Registration"),
        ),
        MultiFieldPanel(
            ["organiser", "contact", "fee_note", "audience", "stakeholder_types", "region"],
            heading=_("Organiser and audience"),
        ),
        "report",
    ]
    promote_panels = [
        *Page.promote_panels,
        "tags",
        InlinePanel("related_articles", label=_("Related articles")),
        PageChooserPanel("topic", "community.TopicPage"),
        PageChooserPanel("survey", "surveys.SurveyPage"),
    ]
    edit_handler = edit_handler_with_easy_tab(
        content_panels=content_panels,
        easy_tab_panels=EVENT_EASY_PANELS,
        promote_panels=promote_panels,
        settings_panels=Page.settings_panels,
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("lead"),
        index.SearchField("body"),
        index.SearchField("report"),
        index.SearchField("venue_name"),
        index.SearchField("venue_address"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("starts_at"),
    ]

    base_form_class = EventPageForm
    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    # --- Routes: registering, and each registration's own page (named by its token) --------
    # The views are in events.views.public; the e-mails link to these (events.notices).

    @path("register/", name="register")
    def register_view(self, request):
        from ..views import public

        return public.register(request, event=self)

    @path("calendar/", name="calendar")
    def calendar_view(self, request):
        from ..views import public

        return public.event_calendar(request, event=self)

    @path("r/<str:token>/", name="registration")
    def registration_view(self, request, token):
        from ..views import public

        return public.registration(request, event=self, token=token)

    @path("r/<str:token>/confirm/", name="registration_confirm")
    def registration_confirm_view(self, request, token):
        from ..views import public

        return public.registration_confirm(request, event=self, token=token)

    @path("r/<str:token>/cancel/", name="registration_cancel")
    def registration_cancel_view(self, request, token):
        from ..views import public

        return public.registration_cancel(request, event=self, token=token)

    @path("r/<str:token>/qr/", name="registration_qr")
    def registration_qr_view(self, request, token):
        from ..views import public

        return public.registration_qr(request, event=self, token=token)

    def get_context(self, request, *args, registration_form=None, **kwargs):
        """The page's fields and comment section, with what registering needs and the
        structured data (events.views.page.event_page_context; `registration_form` is the
        form sent back with its errors)."""
        from ..views.page import event_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(event_page_context(request, self, form=registration_form))
        return context

    def save(self, *args, **kwargs):
        item_ids_fix(self.questions)  # answers point at these ids: they must be stored
        published_at_fill(self)
        return super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("The end must not be before the start.")})
        opens, closes = self.registration_opens_at, self.registration_closes_at
        if opens and closes and closes < opens:
            raise ValidationError(
                {"registration_closes_at": _("Registration must close after it opens.")}
            )
        if self.slots and self.kind != EventKind.DESK:
            raise ValidationError({"slots": _("Only a consultation desk has time slots.")})

    # --- What registration offers ---------------------------------------------------------

    @cached_property
    def slot_list(self):
        """[(stable id, starts_at, ends_at, capacity)] of the time slots, in order."""
        return [
            (child.id, child.value["starts_at"], child.value["ends_at"], child.value["capacity"])
            for child in self.slots
        ]

    def seat_capacities(self):
        """{slot id: capacity} of what people register for: each time slot, or "" (the whole
        event) with the page's capacity (None: no limit)."""
        if self.slot_list:
            return {slot_id: capacity for slot_id, _, _, capacity in self.slot_list}
        return {"": self.capacity}

    @property
    def registration_closes(self):
        return self.registration_closes_at or self.starts_at

    def registration_open(self, now=None):
        """Whether people may register now: scheduled, within the registration period."""
        now = now or timezone.now()
        if self.status != EventStatus.SCHEDULED:
            return False
        if self.registration_opens_at and now < self.registration_opens_at:
            return False
        return now < self.registration_closes

    def online_url_open(self, now=None):
        """Whether registered people see the online URL now (from ONLINE_OPENS_MINUTES before
        the start until the end)."""
        now = now or timezone.now()
        opens = self.starts_at - timedelta(minutes=ONLINE_OPENS_MINUTES)
        return bool(self.online_url) and opens <= now <= self.ends_at

    @property
    def is_past(self):
        return self.ends_at < timezone.now()


class EventPageRelatedArticle(Orderable):
    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="related_articles")
    article = models.ForeignKey(
        "articles.ArticlePage",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [PageChooserPanel("article")]
