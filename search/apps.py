from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self):
        from wagtail.signals import page_published

        from .signals import page_published_index

        page_published.connect(page_published_index, dispatch_uid="search_page_published_index")
