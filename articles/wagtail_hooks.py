from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from core.admin import StaffSnippetViewSet

from .models import Author, Series


class AuthorViewSet(StaffSnippetViewSet):
    model = Author
    icon = "user"
    menu_label = _("Authors")
    list_display = ["name", "job_title", "department"]
    search_fields = ["name"]


class SeriesViewSet(StaffSnippetViewSet):
    model = Series
    icon = "list-ol"
    menu_label = _("Series")
    list_display = ["name", "slug"]


class ArticleSnippetGroup(SnippetViewSetGroup):
    items = (AuthorViewSet, SeriesViewSet)
    menu_icon = "doc-full"
    menu_label = _("Article settings")
    menu_name = "article-settings"


register_snippet(ArticleSnippetGroup)
