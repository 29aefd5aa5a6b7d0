"""A digest of templates' sources, for cache keys that must change when a template does."""

import functools
import hashlib

from django.template.loader import get_template


@functools.cache
def templates_digest(*names):
    """A short digest of the sources of the templates `names`, read once per process (a
    deploy's new templates come with new processes)."""
    sources = (get_template(name).template.source for name in names)
    return hashlib.sha256("".join(sources).encode()).hexdigest()[:16]
