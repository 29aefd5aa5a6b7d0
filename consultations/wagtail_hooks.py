"""Admin hooks for consultations: 「意見への回答」 (the consultations' grouping boards and their
groups' answers) for staff holding `consultations.answer_opinions`, the list of dispositions
as a snippet, and the board offered in a consultation page's menus."""

from django.contrib.auth.models import Permission
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.viewsets.base import ViewSet
from wagtail.snippets.models import register_snippet

from core.admin import PermissionMenuItem, StaffSnippetViewSet, page_buttons_register

from . import views
from .models import ConsultationPage, Disposition
from .views import ANSWER_PERMISSION


class AnswersMenuItem(PermissionMenuItem):
    permission = ANSWER_PERMISSION


class ConsultationAnswersViewSet(ViewSet):
    icon = "comment"
    menu_label = _("Answers to opinions")
    menu_order = 260
    url_prefix = "consultations"
    add_to_admin_menu = True
    menu_item_class = AnswersMenuItem

    @property
    def menu_url(self):
        return reverse("consultations:index")

    def get_urlpatterns(self):
        group = "<id:page_id>/groups/<id:group_id>/"
        return [
            path("", views.index, name="index"),
            path("<id:page_id>/", views.board, name="board"),
            path(group, views.group, name="group"),
            path(f"{group}notes/", views.note_add, name="note_add"),
            path(f"{group}up/", views.group_move, {"offset": -1}, name="group_up"),
            path(f"{group}down/", views.group_move, {"offset": 1}, name="group_down"),
            path(f"{group}delete/", views.group_delete, name="group_delete"),
        ]


@hooks.register("register_admin_viewset")
def register_answers_viewset():
    return ConsultationAnswersViewSet("consultations")


@hooks.register("register_permissions")
def register_answer_permission():
    app_label, codename = ANSWER_PERMISSION.split(".")
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename)


class DispositionViewSet(StaffSnippetViewSet):
    model = Disposition
    icon = "list-ol"
    menu_label = _("Dispositions")
    list_display = ["label", "sort_order"]
    ordering = ["sort_order", "pk"]


register_snippet(DispositionViewSet)


class BoardMenuItem(PageMenuItem):
    """「意見の整理と回答」 in a consultation page's header and listing menus."""

    label = _("Group and answer the opinions")
    icon_name = "comment"
    url_name = "consultations:board"
    priority = 65

    def is_shown(self, user):
        return user.has_perm(ANSWER_PERMISSION)


def _is_consultation(page):
    return page.specific_class is ConsultationPage


page_buttons_register(BoardMenuItem, applies_to=_is_consultation)
