"""Questionnaires: SurveyIndexPage (アンケート) and SurveyPage, whose questions are StreamField
blocks (surveys.blocks); the responses, one Answer row per answered choice or value.

Storage follows DESIGN.md so that results are SQL aggregates (issue 6): an Answer names the
question, choice and matrix row by their stable block ids and keeps the labels as the
respondent saw them. A response is written once, atomically, by surveys.services.
"""

import unicodedata
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.contrib.routable_page.models import path as subpage_path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail.url_routing import RouteResult

from core.page_slugs import TITLE_PANELS, ReadableSlugPageMixin
from core.pagination import paginate

from .blocks import SurveyQuestionsBlock
from .forms_admin import SurveyPageForm
from .questions.stream import item_ids_fix


class SurveyIndexPage(ReadableSlugPageMixin, Page):
    """アンケート: the list of open surveys."""

    introduction = RichTextField(_("introduction"), blank=True, features=["bold", "link"])

    content_panels = [*TITLE_PANELS, FieldPanel("introduction")]

    parent_page_types = ["articles.HomePage"]
    subpage_types = ["surveys.SurveyPage"]
    max_count_per_parent = 1
    paginate_by = 12

    class Meta:
        verbose_name = _("survey index")

    def get_context(self, request, *args, **kwargs):
        from .selectors.listing import survey_cards, survey_index_list

        context = super().get_context(request, *args, **kwargs)
        surveys = paginate(
            survey_index_list(index=self), request.GET.get("page"), per_page=self.paginate_by
        )
        context["surveys"] = surveys
        context["survey_cards"] = survey_cards(surveys.object_list)
        return context


class Audience(models.TextChoices):
    ANYONE = "anyone", _("Anyone, signed in or not")
    MEMBERS = "members", _("Signed-in members only")


class ResultsVisibility(models.TextChoices):
    NEVER = "never", _("Never")
    AFTER_ANSWERING = "after_answering", _("After they answer")
    AFTER_CLOSING = "after_closing", _("After the survey closes")


ONE_RESPONSE_HELP = _(
    "Members can answer once: a second response is refused by the database. Respondents who "
    "are not signed in are recognised by a signed cookie in their browser: this stops double "
    "submissions and casual repeats, but not someone who clears cookies, uses another browser "
    "or a private window, or a member who answers once signed in and again signed out. For a "
    "survey where that matters, choose “Signed-in members only”."
)
ANONYMOUS_HELP = _(
    "Responses are never linked to accounts in results or exports; each carries a "
    "pseudonymous id instead. One response per member still holds (through a keyed hash)."
)


class SurveyPage(ReadableSlugPageMixin, RoutablePageMixin, Page):
    """One questionnaire: introduction, questions (sections become steps), thank-you message,
    when it is open, who may answer and how often, and what respondents may see afterwards."""

    introduction = RichTextField(_("introduction"), blank=True)
    questions = StreamField(SurveyQuestionsBlock(), verbose_name=_("questions"), blank=True)
    thank_you = RichTextField(
        _("thank-you message"), blank=True, default="<p>ご協力ありがとうございました。</p>"
    )
    opens_at = models.DateTimeField(
        _("opens at"), null=True, blank=True, help_text=_("Japan time. Empty: open once published.")
    )
    closes_at = models.DateTimeField(
        _("closes at"), null=True, blank=True, help_text=_("Japan time. Empty: no end.")
    )
    audience = models.CharField(
        _("who may answer"), max_length=20, choices=Audience.choices, default=Audience.ANYONE
    )
    one_response = models.BooleanField(
        _("one response per member or browser"), default=True, help_text=ONE_RESPONSE_HELP
    )
    anonymous = models.BooleanField(_("anonymous"), default=False, help_text=ANONYMOUS_HELP)
    min_group_size = models.PositiveSmallIntegerField(
        _("minimum group size for breakdowns"),
        default=5,
        help_text=_("Groups with fewer respondents are shown as 「—」 in results and exports."),
    )
    results_visibility = models.CharField(
        _("respondents may see aggregated results"),
        max_length=20,
        choices=ResultsVisibility.choices,
        default=ResultsVisibility.NEVER,
    )
    email_receipt = models.BooleanField(_("offer members an e-mail receipt"), default=False)
    one_question_per_screen = models.BooleanField(
        _("one question per screen on phones"),
        default=False,
        help_text=_(
            "On a narrow screen, each step's questions are shown one at a time, with Next and "
            "Back buttons and “Question 3 of 8”. Wider screens, and browsers without "
            "JavaScript, show the whole step as usual."
        ),
    )

    content_panels = [
        *TITLE_PANELS,
        HelpPanel(template="surveys/admin/responses_warning.html", heading=_("Responses")),
        FieldPanel("introduction"),
        FieldPanel("questions"),
        FieldPanel("thank_you"),
    ]
    settings_panels = [
        MultiFieldPanel(
            [FieldPanel("opens_at"), FieldPanel("closes_at")], heading=_("When it is open")
        ),
        MultiFieldPanel(
            [
                FieldPanel("audience"),
                FieldPanel("one_response"),
                FieldPanel("anonymous"),
                FieldPanel("email_receipt"),
                FieldPanel("one_question_per_screen"),
            ],
            heading=_("Respondents"),
        ),
        MultiFieldPanel(
            [FieldPanel("min_group_size"), FieldPanel("results_visibility")],
            heading=_("Results"),
        ),
        *Page.settings_panels,
    ]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]
    base_form_class = SurveyPageForm

    parent_page_types = ["surveys.SurveyIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("survey")
        permissions = [
            ("view_results", _("Can view survey results")),
            ("key_in_responses", _("Can key in responses given on paper or in person")),
        ]

    def is_open(self, *, at=None):
        at = at or timezone.now()
        return (self.opens_at is None or self.opens_at <= at) and (
            self.closes_at is None or at < self.closes_at
        )

    def save(self, *args, **kwargs):
        item_ids_fix(self.questions)  # answers point at these ids: they must be stored
        return super().save(*args, **kwargs)

    # The respondent's pages (surveys.views.respondent): the first step at the page's URL, then
    # step/<n>/, confirm/ and thanks/.

    @subpage_path("", name="start")
    def start_view(self, request):
        from .views.respondent import SurveyPlace, survey_start

        return survey_start(request, SurveyPlace(self))

    @subpage_path("step/<int:number>/", name="step")
    def step_view(self, request, number):
        from .views.respondent import SurveyPlace, survey_step

        return survey_step(request, SurveyPlace(self), number)

    @subpage_path("confirm/", name="confirm")
    def confirm_view(self, request):
        from .views.respondent import SurveyPlace, survey_confirm

        return survey_confirm(request, SurveyPlace(self))

    @subpage_path("thanks/", name="thanks")
    def thanks_view(self, request):
        from .views.respondent import SurveyPlace, survey_thanks

        return survey_thanks(request, SurveyPlace(self))

    @subpage_path("results/", name="results")
    def published_results_view(self, request):
        from .views.published import published_results

        return published_results(request, self)

    def route(self, request, path_components):
        """An unpublished survey's own URL says so (naming nothing) instead of a bare 404."""
        if not self.live and not path_components:
            from .views.respondent import survey_unpublished

            return RouteResult(self, args=(survey_unpublished, (self,), {}))
        return super().route(request, path_components)

    def serve_preview(self, request, mode_name):
        """The preview shows the first step; staff can answer it as a test."""
        from .views.respondent import survey_preview

        return survey_preview(request, self)


class ResponseQuerySet(models.QuerySet):
    def real(self):
        """Responses that count: not the test answers staff gave from the preview. Written as
        `is_test = false`: Django writes `is_test=False` as `NOT is_test`, which SQLite does not
        match to the indexes that start (survey, is_test, …), so it sorted every response of a
        survey to find its newest (68 ms at 100,000 instead of an index scan)."""
        return self.filter(is_test=Value(False))


class Channel(models.TextChoices):
    """How a response reached us: on the site, or keyed in by staff from elsewhere."""

    WEB = "web", pgettext_lazy("response channel", "Web")
    PAPER = "paper", pgettext_lazy("response channel", "Paper")
    COUNTER = "counter", pgettext_lazy("response channel", "At the counter")
    POST = "post", pgettext_lazy("response channel", "Post or e-mail")
    EVENT = "event", pgettext_lazy("response channel", "At an event")


REFERENCE_MAX = 40


def reference_normalise(reference):
    """A sheet's number as stored and compared: NFKC, spaces around it removed (ＡＢ-１２ is
    AB-12)."""
    return unicodedata.normalize("NFKC", reference or "").strip()


class Response(models.Model):
    """One respondent's submitted answers to a survey.

    `respondent_key` is set when the survey allows one response per respondent: a keyed hash
    of the member's id, or of the browser's signed-cookie token. The unique constraint on it
    is what makes concurrent duplicates produce exactly one response. `member` stays empty
    on anonymous surveys; `pseudonym` stands in for the respondent there.

    A response keyed in by staff (services.response_key_in) has another `channel`, the
    `reference` written on its sheet (NFKC, stripped; unique per survey when given) and who
    keyed it (`entered_by`).
    """

    survey = models.ForeignKey(
        SurveyPage, verbose_name=_("survey"), on_delete=models.PROTECT, related_name="responses"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="survey_responses",
    )
    respondent_key = models.CharField(_("respondent key"), max_length=64, blank=True)
    pseudonym = models.UUIDField(_("pseudonymous id"), default=uuid.uuid4, editable=False)
    submission_token = models.UUIDField(_("submission token"), unique=True)
    is_test = models.BooleanField(
        _("test response"), default=False, help_text=_("Given by staff from the preview.")
    )
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    channel = models.CharField(
        _("response channel"), max_length=10, choices=Channel.choices, default=Channel.WEB
    )
    reference = models.CharField(
        _("sheet number"),
        max_length=REFERENCE_MAX,
        blank=True,
        help_text=_("The number written on the paper sheet."),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("keyed in by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ResponseQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "respondent_key"],
                condition=~Q(respondent_key="") & Q(is_test=False),
                name="response_once_per_respondent",
            ),
            # The same sheet is never entered twice, also when two staff key it in at once.
            models.UniqueConstraint(
                fields=["survey", "reference"],
                condition=~Q(reference=""),
                name="response_sheet_once",
            ),
        ]
        indexes = [
            models.Index(fields=["survey", "is_test", "submitted_at"], name="response_by_day")
        ]

    def __str__(self):
        return f"{self.survey_id}/{self.pseudonym}"


class Answer(models.Model):
    """One answered choice or value of a response.

    Single choice, dropdown, prefecture and stakeholder type: one row with `choice_id`.
    Multiple choice: one row per ticked choice. 「その他」: `choice_id` "other" and the text.
    Rating and NPS: `value_number`. Matrix: one row per row answered (`row_id`, the scale
    point as `choice_id` and its position as `value_number`). Ranking: one row per choice
    with its `rank`. Texts: `value_text`; numbers: `value_number`; dates: `value_date`.
    """

    response = models.ForeignKey(
        Response, verbose_name=_("response"), on_delete=models.CASCADE, related_name="answers"
    )
    survey = models.ForeignKey(
        SurveyPage, verbose_name=_("survey"), on_delete=models.PROTECT, related_name="+"
    )
    question_id = models.CharField(_("question id"), max_length=64)
    question_type = models.CharField(_("question type"), max_length=30)
    question_label = models.CharField(_("question as asked"), max_length=300)
    choice_id = models.CharField(_("choice id"), max_length=64, blank=True)
    choice_label = models.CharField(_("choice as shown"), max_length=200, blank=True)
    row_id = models.CharField(_("row id"), max_length=64, blank=True)
    row_label = models.CharField(_("row as shown"), max_length=200, blank=True)
    value_number = models.DecimalField(
        _("number"), max_digits=18, decimal_places=6, null=True, blank=True
    )
    value_text = models.TextField(_("text"), blank=True)
    value_date = models.DateField(_("date"), null=True, blank=True)
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        indexes = [
            models.Index(fields=["survey", "question_id", "choice_id"], name="answer_by_choice"),
            models.Index(fields=["response", "question_id"], name="answer_by_response"),
        ]

    def __str__(self):
        return f"{self.question_label}: {self.choice_label or self.value_text or self.value_number}"


class ResponseDraft(models.Model):
    """Answers typed so far in a multi-step survey, kept on the server between steps so that
    back, next and a reload lose nothing. Removed when the response is submitted."""

    survey = models.ForeignKey(
        SurveyPage, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="drafts"
    )
    token = models.UUIDField(_("draft token"), default=uuid.uuid4, unique=True, editable=False)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    data = models.JSONField(_("answers so far"), default=dict)
    step = models.PositiveSmallIntegerField(_("step"), default=0)
    is_test = models.BooleanField(_("test"), default=False)
    created_at = models.DateTimeField(_("started at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("response draft")
        verbose_name_plural = _("response drafts")

    def __str__(self):
        return f"{self.survey_id}/{self.token}"


class AnswerWord(models.Model):
    """A word that a free-text answer contains (segmented by surveys.words), once per answer,
    so that "the most frequent words" of a question is a GROUP BY like any other count."""

    answer = models.ForeignKey(
        Answer, verbose_name=_("answer"), on_delete=models.CASCADE, related_name="words"
    )
    response = models.ForeignKey(
        Response, verbose_name=_("response"), on_delete=models.CASCADE, related_name="+"
    )
    survey = models.ForeignKey(
        SurveyPage, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="+"
    )
    question_id = models.CharField(_("question id"), max_length=64)
    word = models.CharField(_("word"), max_length=100)

    class Meta:
        verbose_name = _("answer word")
        verbose_name_plural = _("answer words")
        constraints = [models.UniqueConstraint(fields=["answer", "word"], name="answer_word_once")]
        indexes = [models.Index(fields=["survey", "question_id", "word"], name="word_by_question")]

    def __str__(self):
        return self.word


class ExportKind(models.TextChoices):
    RESPONSES_CSV = "responses_csv", _("Responses (CSV)")
    RESPONSES_XLSX = "responses_xlsx", _("Responses and summary (Excel)")
    SUMMARY_CSV = "summary_csv", _("Summary (CSV)")


class ResultsExport(models.Model):
    """Who downloaded which export of a survey's results, with which filters, and when.
    Written once by surveys.services.results_export_log; never edited."""

    survey = models.ForeignKey(
        SurveyPage, verbose_name=_("survey"), on_delete=models.PROTECT, related_name="exports"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("downloaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    user_label = models.CharField(_("downloaded by (as it was then)"), max_length=254)
    kind = models.CharField(_("export"), max_length=20, choices=ExportKind.choices)
    filters = models.CharField(_("filters"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("downloaded at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("results export")
        verbose_name_plural = _("results exports")

    def __str__(self):
        return f"{self.survey_id}/{self.kind}/{self.created_at:%Y-%m-%d %H:%M}"


class ResultsPublication(models.Model):
    """Which questions' aggregated results respondents may see (when the survey's
    `results_visibility` allows). Kept apart from the page so that publishing a new revision
    of the survey does not undo the analysts' choice."""

    survey = models.OneToOneField(
        SurveyPage,
        verbose_name=_("survey"),
        on_delete=models.CASCADE,
        related_name="results_publication",
    )
    question_ids = models.JSONField(_("questions shown to respondents"), default=list)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chosen by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("chosen at"), auto_now=True)

    class Meta:
        verbose_name = _("published results")
        verbose_name_plural = _("published results")

    def __str__(self):
        return f"{self.survey_id}: {len(self.question_ids)}"


class ResultsTally(models.Model):
    """One figure of a survey's unfiltered results, counted as responses arrive (decision
    0014): answer rows, respondents and choice counts per question, scale points, matrix and
    ranking sums. `key` names the figure (surveys.tallies.keys). Written only by the merge of
    TallyDelta rows (surveys.tallies.store), so a submission never updates a shared row."""

    survey = models.ForeignKey(
        SurveyPage, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(_("figure"), max_length=500)
    count = models.BigIntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("results tally")
        verbose_name_plural = _("results tallies")
        constraints = [
            models.UniqueConstraint(fields=["survey", "key"], name="results_tally_once_per_key")
        ]

    def __str__(self):
        return f"{self.survey_id}/{self.key}: {self.count}"


class TallyDelta(models.Model):
    """What one response adds to its survey's ResultsTally rows (`sign` +1) or takes from
    them (−1), appended in the response's own transaction and merged later by a task."""

    survey = models.ForeignKey(
        SurveyPage, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="+"
    )
    counts = models.JSONField(_("counts"), default=dict)  # {key: count}
    sign = models.SmallIntegerField(_("sign"), default=1)

    class Meta:
        verbose_name = _("results tally delta")
        verbose_name_plural = _("results tally deltas")
        indexes = [models.Index(fields=["survey", "id"], name="tally_delta_by_survey")]

    def __str__(self):
        return f"{self.survey_id}/{self.pk} ({self.sign:+d})"
