"""URL slugs."""

from django.utils.text import slugify


def unique_slug(model, text, *, fallback):
    """A URL slug for `text` (Japanese kept readable) that no other `model` row uses."""
    base = slugify(text, allow_unicode=True) or fallback
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug
