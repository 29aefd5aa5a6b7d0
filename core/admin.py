"""Wiring the apps' screens into the Wagtail admin: a sidebar menu item shown only to users who
hold a permission (PermissionMenuItem), and a page action offered in both of a page's menus
(page_buttons_register)."""

from wagtail import hooks
from wagtail.admin.menu import MenuItem


class PermissionMenuItem(MenuItem):
    """A sidebar menu item (a ViewSet's `menu_item_class`) shown only to users who hold
    `permission` ("app_label.codename"), which a subclass sets; superusers hold them all.
    The screens behind it check the permission again: hiding the item only tidies the menu."""

    permission = None

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


def page_buttons_register(menu_item_class, *, applies_to):
    """Offer `menu_item_class` (a PageMenuItem, whose is_shown(user) says who sees it) in the
    header menu of each page that `applies_to(page)` accepts, and in that page's 「…」 (more)
    menu in page listings."""

    def header_buttons(page, user, view_name, next_url=None):
        if applies_to(page):
            yield menu_item_class(page=page)

    def listing_more_buttons(page, user, next_url=None):
        if applies_to(page):
            yield menu_item_class(page=page)

    hooks.register("register_page_header_buttons", header_buttons)
    hooks.register("register_page_listing_more_buttons", listing_more_buttons)
