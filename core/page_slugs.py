"""Short readable URLs for pages (docs/decisions/0013-page-slugs.md).

Wagtail makes a page's slug from its title as the editor types, and with Japanese titles that
is the title itself: a ~200-character percent-encoded URL in share links, LINE and feeds. Here
the slug is left to the server instead: empty in the editor until the page is first saved, then
the title's romanised words (core.slugs.romanised_slug), unique among the page's siblings. An
editor may type their own; clearing the field makes it again from the title. Wagtail's
redirects app keeps old URLs working when a published page's slug changes or it moves, in
every language's URLs (below).
"""

from django.conf import settings
from django.dispatch import receiver
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import TitleFieldPanel
from wagtail.contrib.redirects.signal_handlers import (
    autocreate_redirects_on_page_move,
    autocreate_redirects_on_slug_change,
)
from wagtail.signals import page_slug_changed, post_page_move

from .slugs import first_free_slug, romanised_slug

FALLBACK_SLUG = "page"
SLUG_HELP_TEXT = _(
    "The last part of the page's URL, in lower-case letters, numbers and hyphens. Leave it "
    "empty to have it made from the title when the page is saved (マイナンバーカードの普及 → "
    "…/mainanbakado-fukyu/)."
)


class UnsyncedTitlePanel(TitleFieldPanel):
    """Wagtail's title panel (large, with its placeholder) without its copying of the title
    into the slug as it is typed: the server makes the slug. (`targets=[]` is not enough:
    Wagtail's script then fails on an empty selector.)"""

    class BoundPanel(TitleFieldPanel.BoundPanel):
        def get_attrs(self):
            return {
                name: value for name, value in super().get_attrs().items() if name == "placeholder"
            }


TITLE_PANELS = [UnsyncedTitlePanel("title")]


class ReadableSlugFormMixin:
    """Lets the editor leave the slug empty (for ReadableSlugPageMixin to make on save)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = SLUG_HELP_TEXT


class ReadablePageForm(ReadableSlugFormMixin, WagtailAdminPageForm):
    pass


class ReadableSlugPageMixin:
    """For a Page model: a page saved without a slug gets its title's romanised slug."""

    base_form_class = ReadablePageForm

    # Wagtail makes an empty slug from the title in both cleans (a draft gets the minimal
    # one) once the page is in the tree (self.path set); doing it first here gives the
    # romanised slug instead.
    def full_clean(self, *args, **kwargs):
        self._readable_slug_set()
        super().full_clean(*args, **kwargs)

    def minimal_clean(self):
        self._readable_slug_set()
        super().minimal_clean()

    def _readable_slug_set(self):
        if not self.slug and self.path:
            self.slug = available_child_slug(
                self.get_parent(), romanised_slug(self.title) or FALLBACK_SLUG, page=self
            )


def available_child_slug(parent, base, *, page=None):
    """`base`, or `base-2`, `base-3`… : the first that no other child of `parent` uses."""
    taken = (
        parent.get_children()
        .exclude(pk=getattr(page, "pk", None))
        .filter(slug__startswith=base)
        .values_list("slug", flat=True)
    )
    return first_free_slug(base, set(taken))


@receiver(page_slug_changed)
@receiver(post_page_move)
def redirects_in_every_language(sender, **kwargs):
    """Wagtail redirects a page's old URL in the language active when it changed (the staff
    member's); pages are served at /… and /en/… (docs/decisions/0001-language-urls.md), so
    the old URL of each language redirects. The redirect follows the reader's language."""
    handler = (
        autocreate_redirects_on_slug_change
        if "instance_before" in kwargs
        else autocreate_redirects_on_page_move
    )
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            handler(**kwargs)
