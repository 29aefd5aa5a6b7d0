"""やさしい日本語 versions of pages: a page model keeps a やさしい field next to each original text
field it offers in easy Japanese (`easy_title` beside `title`…), and the reader who chose
やさしい日本語 (readable.preferences) reads those, field by field, wherever they are filled.

A page opts in with EasyVersionPageMixin, naming its pairs (`easy_fields`) and the originals
whose やさしい text must be filled for the page to count as having a version (`easy_main`);
templates read the page's texts through `reading` (a Reading), which the mixin puts in the
page's context. What differs is rendered in the page's own response, so the anonymous page
cache and page fragments keep one copy per reader preference (core.page_variants).
"""

from django.utils.functional import cached_property
from django.utils.html import strip_tags

from .preferences import easy_japanese_preferred


def text_filled(value):
    """Whether a field's value holds text: a string with more than white space, rich text with
    words outside its tags, a StreamField with a block."""
    if value is None:
        return False
    if hasattr(value, "source"):  # wagtail.rich_text.RichText
        value = value.source
    if isinstance(value, str):
        return bool(strip_tags(value).strip())
    return len(value) > 0


class Reading:
    """A page's texts in the version its reader reads: `reading.<original field>` is the
    やさしい field when `easy` and that field is filled, else the original (field by field)."""

    def __init__(self, page, *, easy):
        self.page = page
        self.easy = easy

    def __getattr__(self, name):
        easy_name = self.page.easy_fields.get(name)
        if easy_name is None:
            raise AttributeError(name)
        if self.easy:
            easy_value = getattr(self.page, easy_name)
            if text_filled(easy_value):
                return easy_value
        return getattr(self.page, name)


class EasyVersionPageMixin:
    """For a Page model with やさしい日本語 fields.

    `easy_fields`: {original field: its やさしい field}; `easy_main`: the originals whose
    やさしい field must be filled for the page to have a version (its title and main text)."""

    easy_fields = {}
    easy_main = ()

    @cached_property
    def has_easy_version(self):
        return all(text_filled(getattr(self, self.easy_fields[name])) for name in self.easy_main)

    def reading_for(self, request):
        """The page's texts for this request's reader: the やさしい version when the page has one
        and the reader chose it."""
        return Reading(self, easy=self.has_easy_version and easy_japanese_preferred(request))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["reading"] = self.reading_for(request)
        return context
