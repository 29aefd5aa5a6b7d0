from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = _("Community")

    def ready(self):
        # Not in wagtail_hooks.py: the admin screen for allauth's model is part of accounts.
        from . import signals, socialapps  # noqa: F401 - connect receivers, register a viewset
