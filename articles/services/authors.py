"""Authors and series (連載), found by name or created: what imported articles credit and
belong to."""

from ..models import Author, Series


def _name_normalised(name):
    name = " ".join(str(name).split())
    if not name:
        raise ValueError("A name must not be blank.")
    return name


def author_get_or_create(*, name):
    """The author called `name` (the oldest, if several share it), created if there is none."""
    name = _name_normalised(name)
    author = Author.objects.filter(name=name).order_by("pk").first()
    return author or Author.objects.create(name=name)


def author_profile_update(*, author, job_title, department, bio, photo=None):
    """Set the 記事を書いた人 details; saves only when something changed."""
    fields = {"job_title": job_title, "department": department, "bio": bio, "photo": photo}
    changed = [key for key, value in fields.items() if getattr(author, key) != value]
    for key in changed:
        setattr(author, key, fields[key])
    if changed:
        author.save(update_fields=changed)
    return author


def series_get_or_create(*, name):
    name = _name_normalised(name)
    series = Series.objects.filter(name=name).order_by("pk").first()
    return series or Series.objects.create(name=name)
