"""core.admin"""

import pytest
from django.test import RequestFactory
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.models import Page

from core import admin
from core.admin import PermissionMenuItem, page_buttons_register
from tests.factories import StaffUserFactory, UserFactory


class ReportsMenuItem(PermissionMenuItem):
    permission = "wagtailadmin.access_admin"


class ReportMenuItem(PageMenuItem):
    label = "Report"


def _request_by(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("make_user", "shown"),
    [
        (UserFactory, False),
        (lambda: StaffUserFactory(groups=["Editors"]), True),
        (lambda: StaffUserFactory(is_superuser=True), True),
    ],
)
def test_a_permission_menu_item_is_shown_to_those_who_hold_the_permission(make_user, shown):
    user = make_user()
    item = ReportsMenuItem("Reports", "/admin/reports/")

    assert item.is_shown(_request_by(user)) is shown


def test_page_buttons_are_offered_in_both_menus_of_the_pages_they_apply_to(monkeypatch):
    registered = {}
    monkeypatch.setattr(admin.hooks, "register", lambda name, fn: registered.setdefault(name, fn))
    applies, other = Page(id=1, title="applies"), Page(id=2, title="other")

    page_buttons_register(ReportMenuItem, applies_to=lambda page: page.title == "applies")
    header = registered["register_page_header_buttons"]
    listing = registered["register_page_listing_more_buttons"]

    # Called as Wagtail's page header and listing "More" menus call their hooks.
    assert [b.page for b in header(page=applies, user=None, next_url=None, view_name="edit")] == [
        applies
    ]
    assert [b.page for b in listing(page=applies, user=None, next_url=None)] == [applies]
    assert list(header(page=other, user=None, next_url=None, view_name="edit")) == []
    assert list(listing(page=other, user=None, next_url=None)) == []
