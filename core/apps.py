from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Helpers with no domain word in them. `core` imports nothing of ours (docs/decisions/
    0012-app-layers.md)."""

    name = "core"
    verbose_name = _("Core")

    def ready(self):
        from .converters import converters_register

        converters_register()  # before any URLconf is read
        # Connect receivers: the page cache's purges and the retries of failed tasks.
        from . import background, signals  # noqa: F401
