"""Admin hooks for api: 「APIキー」 for staff who may see the keys (api.admin_views decides who
may see, issue and revoke; docs/roles.md), and the key permissions on the group screen."""

from django.contrib.auth.models import Permission
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSet

from core.admin import PermissionMenuItem

from . import admin_views


class ApiKeysMenuItem(PermissionMenuItem):
    permission = admin_views.VIEW_PERMISSION


class ApiKeyViewSet(ViewSet):
    icon = "key"
    menu_label = _("API keys")
    menu_order = 290
    url_prefix = "api-keys"
    add_to_admin_menu = True
    menu_item_class = ApiKeysMenuItem

    @property
    def menu_url(self):
        return reverse("api_keys:index")

    def get_urlpatterns(self):
        return [
            path("", admin_views.index, name="index"),
            path("issue/", admin_views.issue, name="issue"),
            path("<id:pk>/revoke/", admin_views.revoke, name="revoke"),
        ]


@hooks.register("register_admin_viewset")
def register_api_key_viewset():
    return ApiKeyViewSet("api_keys")


@hooks.register("register_permissions")
def register_api_key_permissions():
    codenames = [permission.split(".")[1] for permission in admin_views.PERMISSIONS]
    return Permission.objects.filter(content_type__app_label="api", codename__in=codenames)
