"""Admin hooks for outreach: 「お知らせ配信」 (announcements) for staff holding
`outreach.send_announcement` (the Announcement staff group, docs/roles.md)."""

from django.contrib.auth.models import Permission
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSet

from core.admin import PermissionMenuItem

from .announcements import admin_views
from .announcements.sending import PERMISSION


class AnnouncementsMenuItem(PermissionMenuItem):
    permission = PERMISSION


class AnnouncementViewSet(ViewSet):
    icon = "mail"
    menu_label = _("Announcements")
    menu_order = 280
    url_prefix = "announcements"
    add_to_admin_menu = True
    menu_item_class = AnnouncementsMenuItem

    @property
    def menu_url(self):
        return reverse("announcements:index")

    def get_urlpatterns(self):
        one = "<id:pk>/"
        return [
            path("", admin_views.index, name="index"),
            path("add/", admin_views.create, name="add"),
            path(one, admin_views.detail, name="detail"),
            path(f"{one}edit/", admin_views.edit, name="edit"),
            path(f"{one}send/", admin_views.send, name="send"),
            path(f"{one}approve/", admin_views.approve, name="approve"),
            path(f"{one}cancel/", admin_views.cancel, name="cancel"),
            path(f"{one}draft/", admin_views.return_to_draft, name="return_to_draft"),
        ]


@hooks.register("register_admin_viewset")
def register_announcement_viewset():
    return AnnouncementViewSet("announcements")


@hooks.register("register_permissions")
def register_send_permission():
    app_label, codename = PERMISSION.split(".")
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename)
