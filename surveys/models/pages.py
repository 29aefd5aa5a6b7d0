"""The survey pages: SurveyIndexPage (アンケート) and SurveyPage, whose questions are
StreamField blocks (surveys.blocks)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.contrib.routable_page.models import path as subpage_path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail.url_routing import RouteResult

from core.page_slugs import TITLE_PANELS, ReadableSlugPageMixin
from core.pagination import paginate
from readable.panels import EasyJapaneseCheckPanel
from readable.version_panels import easy_field_panels, edit_handler_with_easy_tab
from readable.versions import EasyVersionPageMixin

from ..blocks import SurveyQuestionsBlock
from ..forms_admin import SurveyPageForm
from ..questions.stream import item_ids_fix


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
        from ..selectors.listing import survey_cards, survey_index_list

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


class SurveyPage(EasyVersionPageMixin, ReadableSlugPageMixin, RoutablePageMixin, Page):
    """One questionnaire: introduction, questions (sections become steps), thank-you message,
    when it is open, who may answer and how often, and what respondents may see afterwards.

    Its やさしい日本語 version (readable.versions): title, introduction and thank-you message
    here, the questions' in their blocks (surveys.blocks); it has one once its やさしい title and
    introduction are written."""

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
    easy_title = models.CharField(_("title in easy Japanese"), max_length=255, blank=True)
    easy_introduction = RichTextField(_("introduction in easy Japanese"), blank=True)
    easy_thank_you = RichTextField(_("thank-you message in easy Japanese"), blank=True)

    easy_fields = {
        "title": "easy_title",
        "introduction": "easy_introduction",
        "thank_you": "easy_thank_you",
    }
    easy_main = ("title", "introduction")

    content_panels = [
        *TITLE_PANELS,
        HelpPanel(template="surveys/admin/responses_warning.html", heading=_("Responses")),
        FieldPanel("introduction"),
        FieldPanel("questions"),
        # The questions' やさしい texts are written in each block, beside the original: their
        # check follows them here, not on the 「やさしい日本語」 tab.
        EasyJapaneseCheckPanel(
            ["questions"], child_prefix="easy_", heading=_("Easy Japanese check of the questions")
        ),
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
    # The questions' やさしい日本語 is written in each question, beside the original, and
    # checked under them (content_panels).
    easy_tab_panels = easy_field_panels(easy_fields.items())
    edit_handler = edit_handler_with_easy_tab(
        content_panels=content_panels,
        easy_tab_panels=easy_tab_panels,
        promote_panels=Page.promote_panels,
        settings_panels=settings_panels,
    )
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
        from ..views.respondent import SurveyPlace, survey_start

        return survey_start(request, SurveyPlace(self))

    @subpage_path("step/<int:number>/", name="step")
    def step_view(self, request, number):
        from ..views.respondent import SurveyPlace, survey_step

        return survey_step(request, SurveyPlace(self), number)

    @subpage_path("confirm/", name="confirm")
    def confirm_view(self, request):
        from ..views.respondent import SurveyPlace, survey_confirm

        return survey_confirm(request, SurveyPlace(self))

    @subpage_path("thanks/", name="thanks")
    def thanks_view(self, request):
        from ..views.respondent import SurveyPlace, survey_thanks

        return survey_thanks(request, SurveyPlace(self))

    @subpage_path("results/", name="results")
    def published_results_view(self, request):
        from ..views.published import published_results

        return published_results(request, self)

    def route(self, request, path_components):
        """An unpublished survey's own URL says so (naming nothing) instead of a bare 404."""
        if not self.live and not path_components:
            from ..views.respondent import survey_unpublished

            return RouteResult(self, args=(survey_unpublished, (self,), {}))
        return super().route(request, path_components)

    def serve_preview(self, request, mode_name):
        """The preview shows the first step; staff can answer it as a test."""
        from ..views.respondent import survey_preview

        return survey_preview(request, self)
