"""What an announcement is: its text and the live page it leads to, its audience (conditions
joined by AND or OR), where it stands (status), and who wrote and approved it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from community.models import StakeholderType
from core.prefectures import PREFECTURE_CHOICES

TEXT_LENGTH = 200
# The pages an announcement may lead to (and an audience condition may name): app_label.Model.
LINKABLE_PAGES = (
    "articles.ArticlePage",
    "surveys.SurveyPage",
    "community.TopicPage",
    "events.EventPage",
)


class AnnouncementStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("announcement status", "Draft")
    AWAITING_APPROVAL = "awaiting", _("Awaiting approval")
    SCHEDULED = "scheduled", pgettext_lazy("announcement status", "Scheduled")
    SENDING = "sending", _("Sending")
    SENT = "sent", pgettext_lazy("announcement status", "Sent")
    CANCELLED = "cancelled", pgettext_lazy("announcement status", "Cancelled")


class Combinator(models.TextChoices):
    ALL = "and", _("Members who meet every condition")
    ANY = "or", _("Members who meet any condition")


class Announcement(ClusterableModel):
    """A short message from the operators to the members its conditions select.

    Draft → (awaiting approval, when its audience is over ANNOUNCEMENT_APPROVAL_OVER) →
    scheduled (to go at `scheduled_at`, or at once) → sending → sent; cancelled any time before
    it is sent. `recipient_count` is how many it was sent to."""

    title = models.CharField(_("title"), max_length=60)
    text = models.CharField(
        _("text"), max_length=TEXT_LENGTH, help_text=_("A short text: up to 200 characters.")
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page it leads to"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    combinator = models.CharField(
        _("audience"), max_length=3, choices=Combinator.choices, default=Combinator.ALL
    )
    status = models.CharField(
        pgettext_lazy("model field", "status"),
        max_length=10,
        choices=AnnouncementStatus.choices,
        default=AnnouncementStatus.DRAFT,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    scheduled_at = models.DateTimeField(_("send at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    recipient_count = models.PositiveIntegerField(_("recipients"), null=True, blank=True)
    created_at = models.DateTimeField(
        pgettext_lazy("model field", "created at"), default=timezone.now
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        permissions = [("send_announcement", _("Can write, send and approve announcements"))]

    def __str__(self):
        return self.title

    def clean(self):
        if self.page_id and not page_linkable(self.page):
            raise ValidationError(
                {"page": _("Choose a published article, survey, topic or event.")}
            )


def page_linkable(page):
    """Is `page` live and one of LINKABLE_PAGES?"""
    return page.live and _page_label(page) in LINKABLE_PAGES


class ConditionKind(models.TextChoices):
    STAKEHOLDER_TYPE = "stakeholder", _("Stakeholder type")
    PREFECTURE = "prefecture", _("Prefecture")
    REGION = "region", _("Municipality")
    FOLLOWERS = "followers", _("Follow the page")
    SURVEY = "survey", _("Answered the survey (signed in)")
    TOPIC = "topic", _("Took part in the opinion exchange")
    EVENT = "event", _("Registered for the event")


# Which field of a condition each kind reads.
KIND_FIELDS = {
    ConditionKind.STAKEHOLDER_TYPE: "stakeholder_type",
    ConditionKind.PREFECTURE: "prefecture",
    ConditionKind.REGION: "region",
    ConditionKind.FOLLOWERS: "page",
    ConditionKind.SURVEY: "page",
    ConditionKind.TOPIC: "page",
    ConditionKind.EVENT: "page",
}
# The page type a condition of these kinds must name.
KIND_PAGES = {
    ConditionKind.SURVEY: "surveys.SurveyPage",
    ConditionKind.TOPIC: "community.TopicPage",
    ConditionKind.EVENT: "events.EventPage",
}


class AudienceCondition(models.Model):
    """One condition of an announcement's audience: members of a stakeholder type, of a
    prefecture or municipality, who follow a page, answered a survey signed in, took part in an
    opinion exchange, or registered for an event. The field its kind reads is set (KIND_FIELDS)."""

    announcement = ParentalKey(
        Announcement,
        verbose_name=_("announcement"),
        on_delete=models.CASCADE,
        related_name="conditions",
    )
    kind = models.CharField(_("condition"), max_length=12, choices=ConditionKind.choices)
    stakeholder_type = models.CharField(
        _("stakeholder type"), max_length=20, choices=StakeholderType.choices, blank=True
    )
    prefecture = models.CharField(
        _("prefecture"), max_length=2, choices=PREFECTURE_CHOICES, blank=True
    )
    region = models.ForeignKey(
        "community.Region",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("audience condition")
        verbose_name_plural = _("audience conditions")

    def __str__(self):
        return f"{self.get_kind_display()}：{self.value_label}"

    @property
    def value_label(self):
        field = KIND_FIELDS.get(self.kind)
        if field in ("stakeholder_type", "prefecture"):
            return getattr(self, f"get_{field}_display")()
        value = getattr(self, field) if field else None
        return str(value) if value is not None else ""

    def clean(self):
        field = KIND_FIELDS.get(self.kind)
        if field is None:
            return
        if not getattr(
            self, field if field in ("stakeholder_type", "prefecture") else f"{field}_id"
        ):
            raise ValidationError({field: _("Choose what this condition is about.")})
        wanted = KIND_PAGES.get(self.kind)
        if wanted and _page_label(self.page) != wanted:
            raise ValidationError({"page": _("This page is of another type than the condition.")})


def _page_label(page):
    model = page.specific_class if page is not None else None
    return f"{model._meta.app_label}.{model.__name__}" if model else ""


class AnnouncementRecipient(models.Model):
    """A member an announcement was sent to, with the notification that told them: written in
    the same transaction as the notification, and unique, so an announcement reaches each
    member once however often sending runs."""

    announcement = models.ForeignKey(
        Announcement,
        verbose_name=_("announcement"),
        on_delete=models.CASCADE,
        related_name="recipients",
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    notification = models.OneToOneField(
        "community.Notification",
        verbose_name=_("notification"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("announcement recipient")
        verbose_name_plural = _("announcement recipients")
        constraints = [
            models.UniqueConstraint(
                fields=["announcement", "member"], name="announcement_recipient_once"
            )
        ]

    def __str__(self):
        return f"{self.announcement_id} → {self.member_id}"


class AnnouncementOpen(models.Model):
    """A recipient's first opening of the announcement's link on one channel (e-mail, LINE,
    browser notification, or the notification list on the site: `channel` "site")."""

    recipient = models.ForeignKey(
        AnnouncementRecipient,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="opens",
    )
    channel = models.CharField(pgettext_lazy("notification channel", "channel"), max_length=10)
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)

    class Meta:
        verbose_name = _("announcement opened")
        verbose_name_plural = _("announcements opened")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "channel"], name="announcement_open_once")
        ]

    def __str__(self):
        return f"{self.recipient_id}: {self.channel}"
