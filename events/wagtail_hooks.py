"""Admin hooks for events: 「イベントの申込者」 (registrations, check-in, follow-up) for staff
holding `events.manage_registrations`, and the event's screens offered in its page menus."""

from django.contrib.auth.models import Permission
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.viewsets.base import ViewSet

from core.admin import PermissionMenuItem, page_buttons_register

from .models import EventPage
from .views import checkin, staff
from .views.staff import MANAGE_PERMISSION


class RegistrationsMenuItem(PermissionMenuItem):
    permission = MANAGE_PERMISSION


class EventStaffViewSet(ViewSet):
    icon = "calendar"
    menu_label = _("Event registrations")
    menu_order = 270
    url_prefix = "events"
    add_to_admin_menu = True
    menu_item_class = RegistrationsMenuItem

    @property
    def menu_url(self):
        return reverse("event_staff:index")

    def get_urlpatterns(self):
        event = "<id:page_id>/"
        return [
            path("", staff.index, name="index"),
            path(event, staff.registrations, name="registrations"),
            path(f"{event}registrations.csv", staff.registrations_csv, name="csv"),
            path(f"{event}registrations.xlsx", staff.registrations_xlsx, name="xlsx"),
            path(f"{event}follow-up/", staff.follow_up, name="follow_up"),
            path(f"{event}check-in/", checkin.checkin, name="checkin"),
            path(f"{event}check-in/code/", checkin.check_in_token, name="check_in_token"),
            path(f"{event}check-in/walk-in/", checkin.walk_in, name="walk_in"),
            path(f"{event}check-in/<id:registration_id>/", checkin.check_in, name="check_in"),
            path(
                f"{event}check-in/<id:registration_id>/undo/",
                checkin.check_in_undo,
                name="check_in_undo",
            ),
        ]


@hooks.register("register_admin_viewset")
def register_event_staff_viewset():
    return EventStaffViewSet("event_staff")


@hooks.register("register_permissions")
def register_manage_permission():
    app_label, codename = MANAGE_PERMISSION.split(".")
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename)


class RegistrationsPageMenuItem(PageMenuItem):
    """「申込者一覧」 in an event page's header and listing menus."""

    label = _("Registrations")
    icon_name = "group"
    url_name = "event_staff:registrations"
    priority = 66

    def is_shown(self, user):
        return staff.may_manage(user, self.page)


class CheckinPageMenuItem(RegistrationsPageMenuItem):
    """「受付」 (check-in) in an event page's menus."""

    label = _("Check-in")
    icon_name = "calendar-check"
    url_name = "event_staff:checkin"
    priority = 67


def _is_event(page):
    return page.specific_class is EventPage


page_buttons_register(RegistrationsPageMenuItem, applies_to=_is_event)
page_buttons_register(CheckinPageMenuItem, applies_to=_is_event)
