from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    """Events (説明会, ワークショップ, 相談会, オンライン説明会): pages staff publish, the people
    who register for them (with a waiting list when full), reminders, check-in and attendance."""

    name = "events"
    verbose_name = _("Events")

    def ready(self):
        from wagtail.signals import page_published

        from articles.demo.extensions import demo_builder_register
        from community.models.notifications import page_notices_register
        from core.home_sections import home_sections_register
        from core.page_links import page_links_register
        from core.site_sections import SiteSection, site_section_register
        from surveys.respondent_sets import respondent_sets_register

        from . import tasks  # noqa: F401  (the tasks' labels for the staff screen)
        from .links import event_links
        from .models import EventPage
        from .notices import NOTIFICATION_MESSAGES
        from .respondents import EventAttendance
        from .signals import event_published
        from .views.home import upcoming_events_section

        page_notices_register(NOTIFICATION_MESSAGES)
        # イベント in the header, after 記事.
        site_section_register(
            SiteSection("event_index", "events.EventIndexPage", _("Events"), order=20)
        )
        home_sections_register(upcoming_events_section)
        page_links_register(event_links)  # 関連イベント on the articles, topics, surveys named
        respondent_sets_register(EventAttendance())
        demo_builder_register("events.demo.demo_events_build")
        page_published.connect(event_published, sender=EventPage, dispatch_uid="event_published")
