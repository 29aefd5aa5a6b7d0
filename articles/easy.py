"""The やさしい日本語 version of pages that have a title, a lead and a body of article blocks
(articles, events): the fields, and the panels of the editor's 「やさしい日本語」 tab
(readable.versions, readable.version_panels).

Only the page itself changes for a reader of やさしい日本語: cards, lists, feeds, search and
the meta tags of shared links stay on the original (docs/decisions/0023-readable-japanese.md).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.fields import StreamField

from readable.version_panels import easy_field_panels
from readable.versions import EasyVersionPageMixin

from .blocks import ArticleBodyBlock

EASY_TEXT_HELP = _("Shown to readers who chose やさしい日本語. Empty: they see the original.")


class EasyVersion(EasyVersionPageMixin, models.Model):
    """やさしい日本語 title, lead and body; the page has a version once its やさしい title and body
    are written (an article's; an event says which of its texts count, `easy_main`)."""

    easy_title = models.CharField(
        _("title in easy Japanese"), max_length=255, blank=True, help_text=EASY_TEXT_HELP
    )
    easy_lead = models.TextField(_("lead in easy Japanese"), blank=True, help_text=EASY_TEXT_HELP)
    easy_body = StreamField(ArticleBodyBlock(), verbose_name=_("body in easy Japanese"), blank=True)

    easy_fields = {"title": "easy_title", "lead": "easy_lead", "body": "easy_body"}
    easy_main = ("title", "body")

    class Meta:
        abstract = True


# The 「やさしい日本語」 tab of an article.
ARTICLE_EASY_PANELS = easy_field_panels(EasyVersion.easy_fields.items())
