"""Importing article files: all of them checked first, then each article created or updated
under the article index like an editor would, with its authors, series, images and related
articles."""

from dataclasses import dataclass, replace

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.images.models import Image

from ..importing.sources import ArticleSource, ArticleSourceError, article_source_read
from ..models import ArticleIndexPage, ArticlePage, ArticlePageAuthor, ArticlePageRelated
from .authors import author_get_or_create, series_get_or_create


class ArticleImportError(Exception):
    """Nothing was imported; `problems` lists one message per bad file (or one overall)."""

    def __init__(self, problems):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class ArticleImportResult:
    page: ArticlePage
    status: str  # "created", "updated" or "unchanged"
    published: bool


def article_index_get():
    """The live article index (記事) that imported articles go under."""
    index = ArticleIndexPage.objects.live().order_by("path").first()
    if index is None:
        raise ArticleImportError(
            [
                _(
                    "There is no published article index page. Create and publish one under the "
                    "home page (or run seed_demo) first."
                )
            ]
        )
    return index


def articles_import(*, paths, publish, appended_blocks=None):
    """Import article files into the live article index, all or nothing.

    Every file is read and checked before anything is written; a bad file raises
    ArticleImportError listing each problem with its file name. Articles are matched by slug, so
    running again updates them. `appended_blocks` ({slug: [{"type", "value"}, ...]}) adds body
    blocks Markdown cannot express (such as a survey) at the end of those articles, as part of
    the import: a re-run with the same blocks leaves them unchanged. Returns one
    ArticleImportResult per file, in order.
    """
    index = article_index_get()
    sources, problems = _sources_read(paths)
    appended_blocks = appended_blocks or {}
    sources = [
        replace(source, body=[*source.body, *appended_blocks.get(source.slug, [])])
        for source in sources
    ]
    images = _images_by_title(sources)
    problems += _sources_check(sources, index=index, images=images)
    if problems:
        raise ArticleImportError(problems)
    with transaction.atomic():
        results = [
            article_import(index=index, source=s, images=images, publish=publish) for s in sources
        ]
        # Related articles that were new in this run could not be linked on the first pass.
        return [
            _relink(result, source, index=index, images=images, publish=publish)
            for result, source in zip(results, sources, strict=True)
        ]


def _sources_read(paths):
    sources, problems = [], []
    for path in paths:
        try:
            sources.append(article_source_read(path))
        except ArticleSourceError as error:
            problems.append(str(error))
    return sources, problems


def _images_by_title(sources):
    titles = {title for source in sources for title in source.image_titles}
    images = {}
    for image in Image.objects.filter(title__in=titles).order_by("-pk"):
        images[image.title] = image  # the oldest wins when titles repeat
    return images


def _sources_check(sources, *, index, images):
    """Problems (as "file: message") that only show across files or against the database."""
    problems, first_path_by_slug = [], {}
    for source in sources:
        other = first_path_by_slug.setdefault(source.slug, source.path)
        if other != source.path:
            message = _("Slug %(slug)s is also used by %(other)s.")
            problems.append(_problem(source, message % {"slug": source.slug, "other": other}))
    existing_slugs = set(ArticlePage.objects.child_of(index).values_list("slug", flat=True))
    known_slugs = existing_slugs | set(first_path_by_slug)
    for source in sources:
        problems += [
            _problem(source, message)
            for message in _source_problems(source, images=images, known_slugs=known_slugs)
        ]
    return problems


def _problem(source, message):
    return str(ArticleSourceError(source.path, message))


def _source_problems(source, *, images, known_slugs):
    problems = [
        _("Image %(title)s is not in the image library; upload it or correct the title.")
        % {"title": title}
        for title in dict.fromkeys(source.image_titles)
        if title not in images
    ]
    problems += [
        _("Related article %(slug)s does not exist.") % {"slug": slug}
        for slug in source.related
        if slug not in known_slugs
    ]
    if not problems:
        problems += _body_problems(source, images=images)
    return problems


def _body_problems(source, *, images):
    stream_block = ArticlePage._meta.get_field("body").stream_block
    try:
        stream_block.clean(stream_block.to_python(_body_data(source.body, images=images)))
    except ValidationError as error:
        block_errors = error.as_json_data().get("blockErrors", {})
        return [
            _("Block %(number)d (%(type)s): %(problem)s")
            % {
                "number": index + 1,
                "type": source.body[index]["type"],
                "problem": " ".join(_error_messages(block_error)),
            }
            for index, block_error in sorted(block_errors.items())
        ]
    return []


def _error_messages(error_data):
    """Every message in a nested block-error structure (as_json_data), innermost last."""
    messages = list(error_data.get("messages", []))
    nested = error_data.get("blockErrors", {})
    for child in nested.values() if isinstance(nested, dict) else nested:
        if child:
            messages += _error_messages(child)
    return messages


def _body_data(body, *, images):
    """StreamField data with each ImageReference replaced by the image's id."""
    data = []
    for block in body:
        if block["type"] == "image":
            reference = block["value"]["image"]
            image = images[reference["image"].title]
            image_value = {
                **reference,
                "image": image.pk,
                "alt_text": reference["alt_text"] or image.description,
            }
            block = {**block, "value": {**block["value"], "image": image_value}}
        data.append(block)
    return data


def article_import(*, index, source: ArticleSource, images, publish):
    """Create or update the article `source.slug` under `index`.

    A new article gets a revision that is published when `publish` is true (otherwise it stays a
    draft). An existing one is edited like an editor would: unchanged content makes no new
    revision; changed content makes one, published only when `publish` is true. The front
    matter's date is the first-published date, set on drafts too so that publishing later keeps it.
    """
    page = ArticlePage.objects.child_of(index).filter(slug=source.slug).first()
    if page is None:
        page = ArticlePage(slug=source.slug, live=False)
        _article_fill(page, source=source, images=images, index=index)
        with transaction.atomic():
            index.add_child(instance=page)
            revision = page.save_revision(clean=False)
            if publish:
                revision.publish()
                # Imported as first published on its date: not "updated" on the import day.
                ArticlePage.objects.filter(pk=page.pk).update(last_published_at=source.published_at)
                page.refresh_from_db()
        return ArticleImportResult(page=page, status="created", published=publish)
    return _article_update(page, source=source, images=images, index=index, publish=publish)


def _article_update(page, *, source, images, index, publish):
    draft = page.get_latest_revision_as_object()
    before = _article_fingerprint(draft)
    _article_fill(draft, source=source, images=images, index=index)
    changed = _article_fingerprint(draft) != before
    needs_publishing = publish and (changed or not page.live or page.has_unpublished_changes)
    with transaction.atomic():
        revision = draft.save_revision(clean=False) if changed else page.get_latest_revision()
        if needs_publishing:
            (revision or draft.save_revision(clean=False)).publish()
    page.refresh_from_db()
    return ArticleImportResult(
        page=page, status="updated" if changed else "unchanged", published=needs_publishing
    )


def _relink(result, source, *, index, images, publish):
    """Second pass: import again when a related article was missing from the first pass."""
    linked = {
        link.article.slug for link in result.page.get_latest_revision_as_object().related.all()
    }
    if linked >= set(source.related):
        return result
    again = article_import(index=index, source=source, images=images, publish=publish)
    return ArticleImportResult(
        page=again.page,
        status=result.status,
        published=result.published or again.published,
    )


def _article_fill(page, *, source, images, index):
    page.title = source.title
    page.draft_title = source.title
    page.lead = source.lead
    page.first_published_at = source.published_at
    page.body = _body_data(source.body, images=images)
    header = images.get(source.header_image)
    page.header_image = header
    page.header_image_caption = source.header_image_caption
    page.series = series_get_or_create(name=source.series) if source.series else None
    page.series_number = source.part
    page.next_part_teaser = source.next_part_teaser
    page.tags.set(list(source.tags))
    page.article_authors = [
        ArticlePageAuthor(author=author_get_or_create(name=name), sort_order=order)
        for order, name in enumerate(source.authors)
    ]
    related = {
        article.slug: article
        for article in ArticlePage.objects.child_of(index).filter(slug__in=source.related)
    }
    page.related = [
        ArticlePageRelated(article=related[slug], sort_order=order)
        for order, slug in enumerate(s for s in source.related if s in related)
    ]


def _article_fingerprint(page):
    """What an import sets, in a form that compares equal when nothing changed."""
    return (
        page.title,
        page.lead,
        page.first_published_at,
        [(block["type"], block["value"]) for block in page.body.raw_data],
        page.header_image_id,
        page.header_image_caption,
        page.series_id,
        page.series_number,
        page.next_part_teaser,
        sorted(tag.name for tag in page.tags.all()),
        [link.author_id for link in sorted(page.article_authors.all(), key=_order)],
        [link.article_id for link in sorted(page.related.all(), key=_order)],
    )


def _order(link):
    return link.sort_order or 0
