from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = _("Community")

    def ready(self):
        # Not in wagtail_hooks.py: the admin screen for allauth's model is part of accounts.
        # Connect receivers, register a viewset and the tasks' labels.
        from core.site_sections import SiteSection, site_section_register

        from . import signals, socialapps, tasks  # noqa: F401

        site_section_register(
            SiteSection("topic_index", "community.TopicIndexPage", _("Opinion exchanges"), order=30)
        )
