"""Staff screens of readable: the list of words to rephrase (Snippets → 言い換え語リスト), which
the Editors keep (readable 0002), and the endpoint of the editor's やさしい日本語 check."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from core.admin import StaffSnippetViewSet

from .admin_views import easy_japanese_check_view
from .models import PlainWordEntry


class PlainWordEntryViewSet(StaffSnippetViewSet):
    model = PlainWordEntry
    icon = "list-ul"
    menu_label = _("Words to rephrase")
    list_display = ["word", "plain", "kind"]
    list_filter = ["kind"]
    search_fields = ["word", "plain"]
    ordering = ["word"]


register_snippet(PlainWordEntryViewSet)


@hooks.register("register_admin_urls")
def register_easy_japanese_check_url():
    return [
        path(
            "readable/check/",
            easy_japanese_check_view,
            name="readable_easy_japanese_check",
        )
    ]
