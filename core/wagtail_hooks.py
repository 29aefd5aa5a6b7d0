"""Staff screens of core: バックグラウンド処理 (Settings → Background tasks) for superusers."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import AdminOnlyMenuItem
from wagtail.admin.viewsets.base import ViewSet

from .views import tasks_admin


class BackgroundTaskViewSet(ViewSet):
    """バックグラウンド処理: failed and retrying tasks for superusers (views in
    core.views.tasks_admin, each checking superuser status)."""

    icon = "cogs"
    menu_label = _("Background tasks")
    url_prefix = "background-tasks"
    add_to_settings_menu = True
    menu_item_class = AdminOnlyMenuItem  # shown to superusers only

    @property
    def menu_url(self):
        return reverse("background_tasks:list")

    def get_urlpatterns(self):
        return [
            path("", tasks_admin.task_list, name="list"),
            path("<uuid:pk>/", tasks_admin.task_detail, name="detail"),
            path("<uuid:pk>/retry/", tasks_admin.task_retry_view, name="retry"),
        ]


@hooks.register("register_admin_viewset")
def register_background_task_viewset():
    return BackgroundTaskViewSet("background_tasks")
