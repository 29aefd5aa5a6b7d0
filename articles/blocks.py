"""StreamField blocks for article bodies. Each block renders through its own template."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

from surveys.selectors.listing import SurveyCard, survey_fits_inline

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3", "h4", "superscript", "subscript"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=120)
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Heading (large)")), ("h3", _("Subheading"))],
        default="h2",
        label=_("Level"),
        search_index=False,  # an editor's choice, never shown as words
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "articles/blocks/heading_block.html"


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)
    credit = blocks.CharBlock(label=_("Credit"), required=False, max_length=120)

    class Meta:
        icon = "image"
        label = _("Image with caption")
        template = "articles/blocks/captioned_image_block.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Attribution"), required=False, max_length=120)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "articles/blocks/quote_block.html"


class CaptionedEmbedBlock(blocks.StructBlock):
    embed = EmbedBlock(label=_("URL (YouTube, X, etc.)"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "media"
        label = pgettext_lazy("block", "Embed")
        template = "articles/blocks/embed_block.html"


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        choices=[
            ("point", _("Point")),
            ("info", _("Information")),
            ("warning", _("Caution")),
        ],
        default="point",
        label=_("Kind"),
        search_index=False,  # read out as a label, not text a reader searches for
    )
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=120)
    text = blocks.RichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "warning"
        label = _("Callout")
        template = "articles/blocks/callout_block.html"


class CaptionedTableBlock(blocks.StructBlock):
    table = TableBlock(label=_("Table"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "table"
        label = _("Table")
        template = "articles/blocks/table_block.html"


SURVEY_LEAD_DEFAULT = "よろしければアンケートにご協力ください"


class SurveyEmbedBlock(blocks.StructBlock):
    """A survey inside an article: answered in place when short (display "auto"), otherwise
    a card linking to it. Either way the respondent is sent back to the article afterwards."""

    survey = blocks.PageChooserBlock(page_type="surveys.SurveyPage", label=_("Survey"))
    lead = blocks.CharBlock(
        label=_("Lead"), required=False, max_length=200, default=SURVEY_LEAD_DEFAULT
    )
    display = blocks.ChoiceBlock(
        choices=[
            ("auto", _("In the article when short, otherwise a card")),
            ("card", _("Always a card")),
        ],
        default="auto",
        label=_("Display"),
        search_index=False,  # an editor's choice, never shown as words
    )

    class Meta:
        icon = "tasks"
        label = _("Survey")
        template = "articles/blocks/survey_block.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        survey = value["survey"]
        if survey is None or not survey.live or survey.get_view_restrictions().exists():
            context["survey"] = None  # unpublished or restricted: nothing to show readers
            return context
        request = context.get("request")
        context["survey"] = survey
        context["card"] = SurveyCard.for_survey(survey)
        context["return_to"] = _article_url(context)
        context["heading_id"] = f"survey-{survey.pk}-form-heading"
        # The inline form needs the request (the respondent's draft and CSRF token).
        context["inline"] = (
            value["display"] == "auto"
            and request is not None
            and survey_fits_inline(survey, user=getattr(request, "user", None))
        )
        return context


def _article_url(context):
    """The page the block is on (where the respondent comes back to), as a path."""
    page, request = context.get("page"), context.get("request")
    if page is not None and page.pk:
        return page.get_url(request) or ""
    return request.path if request is not None else ""


class ArticleBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Rich text"),
        icon="pilcrow",
        features=RICH_TEXT_FEATURES,
        template="articles/blocks/paragraph_block.html",
    )
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    embed = CaptionedEmbedBlock()
    callout = CalloutBlock()
    table = CaptionedTableBlock()
    survey = SurveyEmbedBlock()
