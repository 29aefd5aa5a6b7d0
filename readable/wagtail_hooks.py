"""Staff screens of readable, in one admin menu 「読みやすい日本語」: the furigana dictionary
(ふりがな辞書) and the list of words to rephrase (言い換え語リスト), which the Editors keep
(readable 0002, 0003); and the endpoint of the editor's やさしい日本語 check."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from core.admin import StaffSnippetViewSet

from .admin_views import easy_japanese_check_view
from .models import PlainWordEntry, ReadingOverride


class ReadingOverrideViewSet(StaffSnippetViewSet):
    """The reading dictionary (ふりがな辞書): readings staff give words that SudachiPy reads
    wrongly, such as place names; a change applies to every page at once."""

    model = ReadingOverride
    icon = "openquote"
    menu_label = _("Furigana dictionary")
    list_display = ["word", "reading", "updated_at"]
    search_fields = ["word", "reading"]
    form_fields = ["word", "reading"]


class PlainWordEntryViewSet(StaffSnippetViewSet):
    model = PlainWordEntry
    icon = "list-ul"
    menu_label = _("Words to rephrase")
    list_display = ["word", "plain", "kind"]
    list_filter = ["kind"]
    search_fields = ["word", "plain"]
    ordering = ["word"]


class ReadableSnippetGroup(SnippetViewSetGroup):
    items = (ReadingOverrideViewSet, PlainWordEntryViewSet)
    menu_icon = "openquote"
    menu_label = _("Readable Japanese")
    menu_name = "readable-japanese"
    menu_order = 900


register_snippet(ReadableSnippetGroup)


@hooks.register("register_admin_urls")
def register_easy_japanese_check_url():
    return [
        path(
            "readable/check/",
            easy_japanese_check_view,
            name="readable_easy_japanese_check",
        )
    ]
