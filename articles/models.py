"""Wagtail pages for the article site: home, article index, articles, contact; authors and series.

Reading order: snippets (Author, Series), then pages from the root down.
"""

import math
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.html import strip_tags
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
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, re_path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager, Site
from wagtail.query import PageQuerySet
from wagtail.search import index

from community.models.discussion import DiscussablePageMixin
from community.selectors.page_likes import page_likes_get
from community.selectors.topics import topic_index_get, topic_list_for_article, topic_open_list
from core.home_sections import home_sections
from core.page_cache import AnonymousPageCacheMixin
from core.page_fragments import page_fragments_get, query_variant
from core.page_slugs import TITLE_PANELS, ReadableSlugPageMixin
from core.pagination import paginate
from core.ratelimit import rate_limit_consume
from core.slugs import unique_slug
from readable.version_panels import edit_handler_with_easy_tab

from .blocks import ArticleBodyBlock
from .easy import ARTICLE_EASY_PANELS, EasyVersion
from .forms import ContactFormBuilder
from .forms_admin import ArticlePageForm, ContactPageForm
from .views import ContactSubmissionsListView

# Japanese readers take in roughly 500 characters a minute of explanatory prose.
READING_CHARACTERS_PER_MINUTE = 500
# The {% page_fragment %}s of article_page.html that are the same for every reader of one
# revision of an article, and the query parameters its comment section's fragment varies by.
REVISION_FRAGMENTS = ("meta", "article", "footer", "related")
COMMENT_PARAMETERS = ("sort", "comments_page")


class Author(index.Indexed, models.Model):
    """A member of staff who writes articles; shown in the 記事を書いた人 box."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=True, blank=True)
    job_title = models.CharField(_("job title"), max_length=100, blank=True)
    department = models.CharField(_("department"), max_length=100, blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    bio = models.TextField(_("biography"), blank=True)

    panels = ["name", "slug", "job_title", "department", "photo", "bio"]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Author, self.name, fallback="author")
        super().save(*args, **kwargs)


class Series(models.Model):
    """A run of articles published in parts (連載): 第1回, 第2回, …"""

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=150, unique=True, allow_unicode=True, blank=True)
    description = models.TextField(pgettext_lazy("model field", "description"), blank=True)

    panels = ["name", "slug", "description"]

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("series")
        verbose_name_plural = _("series")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Series, self.name, fallback="series")
        super().save(*args, **kwargs)


class HomePage(ReadableSlugPageMixin, AnonymousPageCacheMixin, Page):
    """The site's front page: featured articles, the latest ones, and slots for later features."""

    lead = models.TextField(_("lead"), blank=True)

    content_panels = [*TITLE_PANELS, "lead", InlinePanel("featured", label=_("Featured"))]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from .selectors import article_latest_list, home_featured_list

        context = super().get_context(request, *args, **kwargs)
        featured = home_featured_list(home=self)
        context["featured_articles"] = featured
        context["latest_articles"] = article_latest_list(exclude=featured, limit=6)
        context["open_topics"] = topic_open_list(limit=3)
        context["topic_index"] = topic_index_get() if context["open_topics"] else None
        context["home_sections"] = home_sections(request, home=self)
        return context


class HomePageFeaturedArticle(Orderable):
    home = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured")
    article = models.ForeignKey(
        "articles.ArticlePage",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [PageChooserPanel("article")]


class ArticleIndexPage(ReadableSlugPageMixin, AnonymousPageCacheMixin, RoutablePageMixin, Page):
    """Lists articles, newest first, with pages for each tag, author and series."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*TITLE_PANELS, "intro"]

    subpage_types = ["articles.ArticlePage"]
    parent_page_types = ["articles.HomePage"]

    class Meta:
        verbose_name = _("article index page")

    paginate_by = 12

    @re_path(r"^$", name="index")
    def article_list_view(self, request):
        return self._render_list(request)

    @re_path(r"^tags/(?P<tag>[^/]+)/$", name="tag")
    def tag_view(self, request, tag):
        from .selectors import tag_get

        found = tag_get(slug=tag)
        if found.slug != tag:  # 行政DX or ＤＸ typed by hand: send readers to the one URL
            return redirect(self.url + self.reverse_subpage("tag", args=[found.slug]))
        return self._render_list(request, tag=found)

    @re_path(r"^authors/(?P<slug>[^/]+)/$", name="author")
    def author_view(self, request, slug):
        from .selectors import author_get

        return self._render_list(request, author=author_get(slug=slug))

    @re_path(r"^series/(?P<slug>[^/]+)/$", name="series")
    def series_view(self, request, slug):
        from .selectors import series_get

        return self._render_list(request, series=series_get(slug=slug))

    def _render_list(self, request, *, tag=None, author=None, series=None):
        from .selectors import article_list

        articles = article_list(tag=tag, author=author, series=series)
        context = {
            "filter_tag": tag,
            "filter_author": author,
            "filter_series": series,
            "articles": paginate(articles, request.GET.get("page"), per_page=self.paginate_by),
        }
        return self.render(request, context_overrides=context)


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ArticlePageQuerySet(PageQuerySet):
    def for_listing(self):
        """Live, public articles with what a card shows, newest first (stable tie-break)."""
        return (
            self.live()
            .public()
            .select_related("header_image", "series")
            .prefetch_related(
                "header_image__renditions",
                "article_authors__author",
                "tags",
            )
            .order_by("-first_published_at", "-pk")
        )


ArticlePageManager = PageManager.from_queryset(ArticlePageQuerySet)


class ArticlePage(
    EasyVersion, ReadableSlugPageMixin, DiscussablePageMixin, AnonymousPageCacheMixin, Page
):
    """An article: lead, header image, authors, body blocks, tags, series and related articles;
    its やさしい日本語 version (articles.easy)."""

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
    header_image_alt = models.CharField(
        _("header image alt text"),
        max_length=250,
        blank=True,
        help_text=_(
            "Describe the image for people who cannot see it. Defaults to its description."
        ),
    )
    header_image_caption = models.CharField(_("header image caption"), max_length=250, blank=True)
    body = StreamField(ArticleBodyBlock(), verbose_name=_("body"))
    tags = ClusterTaggableManager(through=ArticlePageTag, blank=True, verbose_name=_("tags"))
    series = models.ForeignKey(
        Series,
        verbose_name=_("series"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    series_number = models.PositiveSmallIntegerField(_("part number"), null=True, blank=True)
    next_part_teaser = models.CharField(
        _("next part teaser"),
        max_length=250,
        blank=True,
        help_text=_("Shown as 次回予告 until the next part of the series is published."),
    )

    objects = ArticlePageManager()

    base_form_class = ArticlePageForm
    content_panels = [
        *TITLE_PANELS,
        "lead",
        MultiFieldPanel(
            ["header_image", "header_image_alt", "header_image_caption"],
            heading=_("Header image"),
        ),
        "body",
        InlinePanel("article_authors", label=_("Authors")),
    ]
    promote_panels = [
        *Page.promote_panels,
        "tags",
        MultiFieldPanel(
            [FieldRowPanel(["series", "series_number"]), "next_part_teaser"],
            heading=_("Series"),
        ),
        InlinePanel("related", label=_("Related articles")),
    ]
    edit_handler = edit_handler_with_easy_tab(
        content_panels=content_panels,
        easy_tab_panels=ARTICLE_EASY_PANELS,
        promote_panels=promote_panels,
        settings_panels=Page.settings_panels,
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("lead"),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("first_published_at"),
    ]

    parent_page_types = ["articles.ArticleIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def clean(self):
        super().clean()
        if self.series_number and not self.series:
            raise ValidationError({"series_number": _("Choose a series for this part number.")})

    @cached_property
    def authors(self):
        """The article's authors in the order staff gave them."""
        return [link.author for link in self.article_authors.all()]

    @property
    def header_image_alt_text(self):
        if self.header_image_alt:
            return self.header_image_alt
        return self.header_image.default_alt_text if self.header_image else ""

    def body_text(self):
        """The body as plain text, for reading time and descriptions."""
        parts = []
        for block in self.body:
            parts.extend(block.block.get_searchable_content(block.value))
        return strip_tags(" ".join(parts))

    @property
    def reading_minutes(self):
        characters = len(self.body_text()) + len(self.lead)
        return max(1, math.ceil(characters / READING_CHARACTERS_PER_MINUTE))

    def structured_data(self, request):
        """schema.org `Article` for JSON-LD."""
        site = Site.find_for_request(request)
        site_name = (site and site.site_name) or settings.WAGTAIL_SITE_NAME
        data = {
            "@context": "https://schema.org",
            "@type": "Article",
            "headline": self.title,
            "description": self.search_description or self.lead,
            "mainEntityOfPage": self.get_full_url(request),
            "author": [{"@type": "Person", "name": a.name} for a in self.authors],
            "publisher": {"@type": "Organization", "name": site_name},
        }
        if self.first_published_at:
            data["datePublished"] = self.first_published_at.isoformat()
        if self.last_published_at:
            data["dateModified"] = self.last_published_at.isoformat()
        return data

    def get_context(self, request, *args, **kwargs):
        """The template's context. Its fragments (REVISION_FRAGMENTS, and the like button and
        comment section for visitors who are not signed in) come from the cache when they can
        (core.page_fragments); what they need is built only when one is missing."""
        context = super().get_context(request, *args, **kwargs)
        viewer = getattr(request, "user", None)
        names = self._fragment_names(request, viewer=viewer)
        fragments = page_fragments_get(request, page=self, names=names)
        context["page_fragments"] = fragments
        # A member's likes come with their follow and unread count (DiscussablePageMixin).
        if "page_viewer" in context:
            context["page_likes"] = context["page_viewer"]
        else:
            context["page_likes"] = SimpleLazyObject(
                partial(page_likes_get, page=self, viewer=viewer)
            )
        if fragments is None or not fragments.have(REVISION_FRAGMENTS):
            context.update(self._revision_context(request))
        return context

    def _fragment_names(self, request, *, viewer):
        """{fragment: variant} to look up: the like button and the comment section are the same
        for every visitor who is not signed in (for a sort and comment page); members see
        their own section, but the same empty comment form, CSRF token apart (not the form
        that answers ?reply_to=)."""
        names = dict.fromkeys(REVISION_FRAGMENTS, "")
        if viewer is None or not viewer.is_authenticated:
            names["like"] = ""
            names["comments"] = query_variant(request, COMMENT_PARAMETERS)
        elif "reply_to" not in request.GET:
            names["comment_form"] = ""
        return names

    def _revision_context(self, request):
        """What the fragments of one revision show beyond the page itself."""
        from .selectors import article_detail_prefetch, article_related_list, series_neighbours

        if not getattr(request, "is_preview", False):  # a preview shows unsaved authors
            article_detail_prefetch(article=self)
        previous_part, next_part = series_neighbours(article=self)
        return {
            "previous_part": previous_part,
            "next_part": next_part,
            "related_articles": article_related_list(article=self),
            "topics": topic_list_for_article(article=self),
            "structured_data": self.structured_data(request),
        }


class ArticlePageAuthor(Orderable):
    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="article_authors")
    author = models.ForeignKey(
        Author, verbose_name=_("author"), on_delete=models.CASCADE, related_name="article_links"
    )

    panels = ["author"]


class ArticlePageRelated(Orderable):
    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="related")
    article = models.ForeignKey(
        ArticlePage, verbose_name=_("article"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [PageChooserPanel("article")]


RATE_LIMITED_MESSAGE = _(
    "You have sent several messages in a short time. Please wait a few minutes "
    "and send again; your text is kept below."
)


class ContactFormField(AbstractFormField):
    page = ParentalKey("ContactPage", on_delete=models.CASCADE, related_name="form_fields")


class ContactPage(ReadableSlugPageMixin, AbstractEmailForm):
    """お問い合わせ: a Wagtail form whose submissions are stored and e-mailed to staff."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "link", "ul", "ol"])
    thank_you_text = RichTextField(
        _("thank-you text"), blank=True, features=["bold", "link", "ul", "ol"]
    )

    base_form_class = ContactPageForm
    content_panels = [
        *TITLE_PANELS,
        FormSubmissionsPanel(),
        "intro",
        InlinePanel("form_fields", label=_("Form fields")),
        "thank_you_text",
        MultiFieldPanel(
            [FieldRowPanel(["from_address", "to_address"]), "subject"],
            heading=_("Notification e-mail"),
        ),
    ]

    parent_page_types = ["articles.HomePage"]
    subpage_types = []
    max_count = 1

    form_builder = ContactFormBuilder
    submissions_list_view_class = ContactSubmissionsListView

    class Meta:
        verbose_name = _("contact page")

    def serve(self, request, *args, **kwargs):
        """Wagtail's form flow, with a rate limit counted only on messages that would be sent
        (a visitor correcting typos is never locked out)."""
        if request.method != "POST":
            return super().serve(request, *args, **kwargs)
        form = self.get_form(request.POST, request.FILES, page=self, user=request.user)
        status = 200
        if form.is_valid():
            if rate_limit_consume(request, scope="contact"):
                submission = self.process_form_submission(form)
                return self.render_landing_page(request, submission, *args, **kwargs)
            form.add_error(None, RATE_LIMITED_MESSAGE)
            status = 429
        context = self.get_context(request)
        context["form"] = form
        return TemplateResponse(request, self.get_template(request), context, status=status)

    def process_form_submission(self, form):
        if form.is_spam:
            return None
        return super().process_form_submission(form)

    def send_mail(self, form):
        from .tasks import contact_notification_send

        contact_notification_send.enqueue(page_id=self.pk, body=self.render_email(form))


class InformationPage(ReadableSlugPageMixin, AnonymousPageCacheMixin, Page):
    """A page of standard information staff keep up to date: プライバシーポリシー, terms, about.

    Pages marked "Show in menus" (promote tab) are linked in the site footer.
    """

    lead = models.TextField(_("lead"), blank=True)
    body = StreamField(ArticleBodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*TITLE_PANELS, "lead", "body"]
    search_fields = [*Page.search_fields, index.SearchField("lead"), index.SearchField("body")]

    parent_page_types = ["articles.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("information page")
        verbose_name_plural = _("information pages")
