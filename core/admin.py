"""Wiring the apps' screens into the Wagtail admin: a sidebar menu item shown only to users who
hold a permission (PermissionMenuItem), a page action offered in both of a page's menus
(page_buttons_register), and the base of the apps' snippet screens (StaffSnippetViewSet)."""

from django.utils.functional import cached_property, lazy
from django.utils.translation import gettext
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail.snippets.widgets import AdminSnippetChooser


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


def _translated_when_shown(message, name):
    return lazy(lambda: gettext(message) % {"object": name}, str)()


class TranslatedSnippetChooser(AdminSnippetChooser):
    """Wagtail's snippet chooser with its buttons' texts translated when they are shown.
    Wagtail translates them once, when it registers the chooser as the model's form widget at
    start-up, before any language is active: editors read 「Choose series」."""

    def __init__(self, model, **kwargs):
        super().__init__(model, **kwargs)
        name = model._meta.verbose_name
        # Wagtail's own messages (its catalogue has their Japanese).
        self.choose_one_text = _translated_when_shown("Choose %(object)s", name)
        self.choose_another_text = _translated_when_shown("Choose another %(object)s", name)
        self.link_to_chosen_text = _translated_when_shown("Edit this %(object)s", name)


class TranslatedSnippetChooserViewSet(SnippetChooserViewSet):
    @cached_property
    def widget_class(self):
        return TranslatedSnippetChooser(model=self.model, icon=self.icon)


class StaffSnippetViewSet(SnippetViewSet):
    """The base of the apps' snippet screens: an id too large for the database is a 404
    (core.converters), and the model's chooser speaks the editor's language."""

    pk_path_converter = "id"
    chooser_viewset_class = TranslatedSnippetChooserViewSet
