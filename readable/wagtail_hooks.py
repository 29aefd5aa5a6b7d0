from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet

from core.admin import StaffSnippetViewSet

from .models import ReadingOverride


class ReadingOverrideViewSet(StaffSnippetViewSet):
    """The reading dictionary (ふりがな辞書): readings staff give words that SudachiPy reads
    wrongly, such as place names; a change applies to every page at once."""

    model = ReadingOverride
    icon = "openquote"
    menu_label = _("Furigana dictionary")
    menu_name = "furigana-dictionary"
    add_to_admin_menu = True
    menu_order = 900
    list_display = ["word", "reading", "updated_at"]
    search_fields = ["word", "reading"]
    form_fields = ["word", "reading"]


register_snippet(ReadingOverrideViewSet)
