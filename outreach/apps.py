from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    """Reaching people where they are: notifications delivered on LINE and as browser
    notifications besides e-mail (community's), each delivery recorded once per notification
    and channel (docs/decisions/0022-notification-channels.md)."""

    name = "outreach"
    verbose_name = _("Outreach")

    def ready(self):
        from community.services.notification_channels import notifications_announced

        from . import tasks  # noqa: F401  (the tasks' labels for the staff screen)
        from .channels import channels_register
        from .receivers import deliveries_plan_on_announce

        channels_register()
        notifications_announced.connect(
            deliveries_plan_on_announce, dispatch_uid="outreach_deliveries_plan"
        )
