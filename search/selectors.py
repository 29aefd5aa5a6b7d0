"""The public search: which pages it covers, how they narrow, and what a result shows."""

from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, prefetch_related_objects
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from .indexing import document_text
from .text import TermPattern, highlight, query_terms

SNIPPET_WIDTH = 120


@dataclass(frozen=True)
class Kind:
    """A kind of page readers can search for, and the filter that narrows to it."""

    key: str
    label: str
    model_label: str

    @cached_property
    def model(self):
        return apps.get_model(self.model_label)


KINDS = (
    Kind("article", _("Article"), "articles.ArticlePage"),
    Kind("survey", _("Survey"), "surveys.SurveyPage"),
    Kind("information", _("Information"), "articles.InformationPage"),
    Kind("topic", _("Opinion exchange"), "community.TopicPage"),
    Kind("event", _("Event"), "events.EventPage"),
)


def kind_get(key):
    return next((kind for kind in KINDS if kind.key == key), None)


def kind_of(page):
    return next(kind for kind in KINDS if isinstance(page, kind.model))


def searchable_pages(*, kind=None, tag=None):
    """Live, public pages of the searchable kinds, narrowed to one kind and one article tag."""
    pages = Page.objects.live().public()
    pages = pages.type(kind.model) if kind else pages.type(*(k.model for k in KINDS))
    if tag is not None:
        tagged = kind_get("article").model.objects.filter(tagged_items__tag=tag)
        pages = pages.filter(pk__in=tagged.values("pk"))
    return pages


def site_search(query, *, kind=None, tag=None):
    """Pages matching every term of `query`: title matches first, then newer first. Lazy; slice
    or paginate it, then `search_hits` for the page of results shown."""
    return get_search_backend().search(query, searchable_pages(kind=kind, tag=tag).specific())


def kind_counts(results):
    """How many of `results` (a `site_search` of every kind) are of each kind, by key: one
    query, which counts `results` as well (paginating them next costs no count)."""
    counts = dict.fromkeys((kind.key for kind in KINDS), 0)
    for content_type_id, count in results.facet("content_type_id").items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        for kind in KINDS:
            if model is not None and issubclass(model, kind.model):
                counts[kind.key] += count
    return counts


def search_tags(*, limit=30):
    """Tags of live articles, most used first, for narrowing results. Each tagging is checked
    against its article (not every live article against the taggings), so the cost follows the
    taggings, not the number of articles."""
    article_model = kind_get("article").model
    live = article_model.objects.live().public()
    tagged_live = live.filter(pk=OuterRef("articles_articlepagetag_items__content_object"))
    return (
        Tag.objects.filter(Exists(tagged_live))
        .annotate(uses=Count("articles_articlepagetag_items"))
        .order_by("-uses", "name")[:limit]
    )


@dataclass(frozen=True)
class SearchHit:
    """One result: `title` and `snippet` are (text, is_match) pairs, `tags` one such list per
    tag of an article (a page found by its tag shows why)."""

    page: Page
    kind: Kind
    date: object
    title: list
    snippet: list
    tags: list


def search_hits(pages, query):
    """What each result shows: its kind, date, and title, snippet and tags with the terms
    marked. One query for the tags of the whole page of results."""
    patterns = [TermPattern.of(term) for term in query_terms(query)]
    pages = list(pages)
    articles = [page for page in pages if isinstance(page, kind_get("article").model)]
    prefetch_related_objects(articles, "tags")
    return [
        SearchHit(
            page=page,
            kind=kind_of(page),
            date=page.first_published_at,
            title=highlight(page.title, patterns),
            snippet=highlight(
                " ".join(document_text(page, related=False)[1].split()),
                patterns,
                width=SNIPPET_WIDTH,
            ),
            tags=[highlight(tag.name, patterns) for tag in page.tags.all()]
            if page in articles
            else [],
        )
        for page in pages
    ]
