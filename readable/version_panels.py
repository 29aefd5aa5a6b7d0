"""The editor's 「やさしい日本語」 tab (readable.versions): each やさしい field beside the original
text it renders, the やさしい日本語 check of them all, and the page's tabs with that one after
Wagtail's 「コンテンツ」.

The original is shown as it stands in the revision being edited (read-only, as plain text);
an edit of the original made in this editor shows beside its やさしい field once the page is
saved. On a wide screen the two sit side by side, original on the left; on a phone the
original comes first, above the field (static/css/easy-japanese-editor.css).
"""

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import FieldPanel, ObjectList, TabbedInterface

from core.plain_text import plain_text_from_html

from .panels import EasyJapaneseCheckPanel

EDITOR_CSS = "css/easy-japanese-editor.css"


def original_text(value):
    """A field's value as plain text: a string as it is, rich text without its tags, a
    StreamField's blocks one paragraph each."""
    if value is None:
        return ""
    if isinstance(value, str):
        return plain_text_from_html(value) if value.lstrip().startswith("<") else value
    if hasattr(value, "source"):  # wagtail.rich_text.RichText
        return plain_text_from_html(value.source)
    paragraphs = []
    for child in value:
        parts = child.block.get_searchable_content(child.value)
        text = plain_text_from_html(" ".join(str(part) for part in parts))
        if text:
            paragraphs.append(text)
    return "\n\n".join(paragraphs)


class EasyFieldPanel(FieldPanel):
    """The やさしい field `field_name`, with the current text of the original field `original`
    beside it."""

    def __init__(self, field_name, *, original, **kwargs):
        super().__init__(field_name, **kwargs)
        self.original = original

    def clone_kwargs(self):
        return {**super().clone_kwargs(), "original": self.original}

    class BoundPanel(FieldPanel.BoundPanel):
        template_name = "readable/admin/easy_field_panel.html"

        class Media:
            css = {"all": [EDITOR_CSS]}

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            model_field = self.panel.model._meta.get_field(self.panel.original)
            context["original_label"] = capfirst(model_field.verbose_name)
            context["original_text"] = original_text(getattr(self.instance, self.panel.original))
            return context


def easy_field_panels(pairs):
    """An EasyFieldPanel for each (original field, やさしい field) of `pairs`, in order, then
    the やさしい日本語 check of them all (readable.panels)."""
    pairs = list(pairs)
    return [
        *(EasyFieldPanel(easy, original=original) for original, easy in pairs),
        EasyJapaneseCheckPanel([easy for _original, easy in pairs]),
    ]


def edit_handler_with_easy_tab(*, content_panels, easy_tab_panels, promote_panels, settings_panels):
    """Wagtail's tabs (their own headings, as Wagtail builds them for a page) with the
    「やさしい日本語」 tab, `easy_tab_panels`, after 「コンテンツ」."""
    tabs = [
        ObjectList(content_panels, heading=gettext_lazy("Content")),
        ObjectList(easy_tab_panels, heading=gettext_lazy("Easy Japanese")),
        ObjectList(promote_panels, heading=gettext_lazy("Promote")),
        ObjectList(settings_panels, heading=gettext_lazy("Settings")),
    ]
    return TabbedInterface([tab for tab in tabs if tab.children])
