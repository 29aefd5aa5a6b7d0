"""/api/v1/articles/ and /api/v1/tags/: published, public articles as the site lists them
(ArticlePage.objects.for_listing(), the rule under articles.selectors.article_list — without
its comment counts and DISTINCT, which made the database count and sort every article for
each page: bench/README.md "Public API"), and the tags they carry."""

from datetime import datetime

from django.db.models import Count, Max
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_noop
from ninja import Field, Query, Router
from taggit.models import Tag

from articles.models import ArticlePage

from ..http import last_modified_set
from ..paging import PageQuery, keyset_page, page_schema
from ..schema import OutSchema

router = Router(tags=[gettext_noop("Articles")])


class TagOut(OutSchema):
    name: str
    slug: str


class AuthorOut(OutSchema):
    name: str
    slug: str
    job_title: str
    department: str


class SeriesOut(OutSchema):
    name: str
    slug: str
    part: int | None = Field(None, description=gettext_noop("Its part number in the series."))


class ImageOut(OutSchema):
    url: str
    alt: str
    width: int
    height: int


class ArticleOut(OutSchema):
    id: int
    title: str
    slug: str
    url: str = Field(description=gettext_noop("The article's page on this site."))
    lead: str
    first_published_at: datetime
    last_published_at: datetime = Field(
        description=gettext_noop("When it was last published: the order of the list.")
    )
    tags: list[TagOut]
    authors: list[AuthorOut]
    series: SeriesOut | None
    header_image: ImageOut | None


class ArticleDetailOut(ArticleOut):
    body_html: str = Field(description=gettext_noop("The body as the page shows it, in HTML."))
    body_text: str = Field(description=gettext_noop("The body as plain text."))


class TagCountOut(TagOut):
    article_count: int = Field(description=gettext_noop("Published articles with this tag."))
    last_published_at: datetime


def article_out(request, article):
    """The API's fields of `article` (as listed: tags, authors and image prefetched)."""
    image = article.header_image
    return {
        "id": article.pk,
        "title": article.title,
        "slug": article.slug,
        "url": article.get_full_url(request),
        "lead": article.lead,
        "first_published_at": article.first_published_at,
        "last_published_at": article.last_published_at,
        "tags": list(article.tags.all()),
        "authors": article.authors,
        "series": article.series
        and {
            "name": article.series.name,
            "slug": article.series.slug,
            "part": article.series_number,
        },
        "header_image": image
        and {
            "url": request.build_absolute_uri(image.file.url),
            "alt": article.header_image_alt_text,
            "width": image.width,
            "height": image.height,
        },
    }


@router.get(
    "/articles/",
    response=page_schema(ArticleOut),
    summary=gettext_noop("Published articles"),
    description=gettext_noop(
        "In the order they were last published, oldest first; follow `next` to read them all."
    ),
)
def articles(request, query: Query[PageQuery]):
    page = keyset_page(
        request, ArticlePage.objects.for_listing(), query, changed_field="last_published_at"
    )
    page["results"] = [article_out(request, article) for article in page["results"]]
    return page


@router.get(
    "/articles/{int:article_id}/",
    response=ArticleDetailOut,
    summary=gettext_noop("One published article, with its body"),
)
def article(request, response: HttpResponse, article_id: int):
    article = get_object_or_404(ArticlePage.objects.for_listing(), pk=article_id)
    last_modified_set(response, article.last_published_at)
    return {
        **article_out(request, article),
        "body_html": str(article.body),
        "body_text": article.body_text(),
    }


@router.get(
    "/tags/",
    response=list[TagCountOut],
    summary=gettext_noop("Tags of published articles"),
    description=gettext_noop("Every tag on at least one published article, most used first."),
)
def tags(request):
    published = ArticlePage.objects.for_listing().order_by().values("pk")
    return (
        Tag.objects.filter(articles_articlepagetag_items__content_object__in=published)
        .annotate(
            article_count=Count("articles_articlepagetag_items", distinct=True),
            last_published_at=Max(
                "articles_articlepagetag_items__content_object__last_published_at"
            ),
        )
        .order_by("-article_count", "name", "pk")
    )
