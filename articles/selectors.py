"""Reads for the article site that are more than a filter."""

from django.db import models
from django.db.models import Count, OuterRef, Prefetch, Subquery, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.text import slugify
from taggit.models import Tag
from wagtail.images import get_image_model

from community.models import Comment

from .models import ArticlePage, ArticlePageAuthor, Author, Series

Rendition = get_image_model().get_rendition_model()


def tag_get(*, slug):
    """The tag with this slug, also when typed in another case or width (行政DX, ＤＸ)."""
    tag = Tag.objects.filter(slug__in={slug, slugify(slug, allow_unicode=True)}).first()
    if tag is None:
        raise Http404
    return tag


def author_get(*, slug):
    author = Author.objects.select_related("photo").filter(slug=slug).first()
    if author is None:
        raise Http404
    return author


def series_get(*, slug):
    series = Series.objects.filter(slug=slug).first()
    if series is None:
        raise Http404
    return series


def article_list(*, tag=None, author=None, series=None):
    """Published articles for listings, newest first, optionally narrowed; each with
    `comment_count` (published comments) for its card."""
    articles = ArticlePage.objects.for_listing().annotate(comment_count=_published_comments())
    if tag is not None:
        articles = articles.filter(tagged_items__tag=tag)
    if author is not None:
        articles = articles.filter(article_authors__author=author)
    if series is not None:
        articles = articles.filter(series=series)
    return articles.distinct()


def _published_comments():
    """A subquery (not a join, which would multiply with the tag filters' rows)."""
    counted = (
        Comment.objects.published()
        .filter(page_id=OuterRef("pk"))
        .order_by()
        .values("page_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counted), 0)


def article_latest_list(*, exclude=(), limit):
    return list(article_list().exclude(pk__in=[a.pk for a in exclude])[:limit])


def home_featured_list(*, home):
    """The articles staff chose to feature on `home`, in their order, published ones only."""
    chosen = list(home.featured.values_list("article_id", flat=True))
    by_id = {a.pk: a for a in article_list().filter(pk__in=chosen)}
    return [by_id[pk] for pk in chosen if pk in by_id]


def article_detail_prefetch(*, article):
    """Load what the article page shows (authors and their photos, tags, every image's
    renditions) in a fixed number of queries, however many images the body has."""
    prefetch_related_objects(
        [article],
        Prefetch(
            "article_authors",
            queryset=ArticlePageAuthor.objects.select_related("author__photo"),
        ),
        "tags",
    )
    images = [block.value["image"] for block in article.body if block.block_type == "image"]
    images += [article.header_image, *(author.photo for author in article.authors)]
    prefetch_related_objects(
        [image for image in images if image],
        # Wagtail's get_rendition() looks in `prefetched_renditions` before querying.
        Prefetch("renditions", queryset=Rendition.objects.all(), to_attr="prefetched_renditions"),
    )


def series_neighbours(*, article):
    """(previous part, next part) of the article's series, or None where there is none."""
    if article.series_id is None or article.series_number is None:
        return None, None
    parts = ArticlePage.objects.live().public().filter(series_id=article.series_id)
    previous_part = (
        parts.filter(series_number__lt=article.series_number).order_by("-series_number").first()
    )
    next_part = (
        parts.filter(series_number__gt=article.series_number).order_by("series_number").first()
    )
    return previous_part, next_part


def article_related_list(*, article, limit=3):
    """The related articles staff picked; filled up with articles sharing the most tags."""
    picked_ids = list(article.related.values_list("article_id", flat=True))
    picked = {a.pk: a for a in article_list().filter(pk__in=picked_ids)}
    related = [picked[pk] for pk in picked_ids if pk in picked][:limit]
    if len(related) < limit:
        tag_ids = [tag.pk for tag in article.tags.all()]
        seen = [article.pk, *[a.pk for a in related]]
        more = (
            article_list()
            .filter(tagged_items__tag_id__in=tag_ids)
            .exclude(pk__in=seen)
            .annotate(shared=models.Count("tagged_items", distinct=True))
        )
        related.extend(
            more.order_by("-shared", "-first_published_at", "-pk")[: limit - len(related)]
        )
    return related
