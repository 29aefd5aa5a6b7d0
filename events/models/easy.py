"""An event's やさしい日本語 version (articles.easy): title, lead, body and the note on a
postponement or cancellation. Its main text is the lead (an event's body may be empty)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.easy import EASY_TEXT_HELP, EasyVersion
from readable.version_panels import easy_field_panels


class EventEasyVersion(EasyVersion):
    easy_status_note = models.TextField(
        _("note on the change in easy Japanese"), blank=True, help_text=EASY_TEXT_HELP
    )

    easy_fields = {**EasyVersion.easy_fields, "status_note": "easy_status_note"}
    easy_main = ("title", "lead")

    class Meta:
        abstract = True


# The 「やさしい日本語」 tab of an event.
EVENT_EASY_PANELS = easy_field_panels(EventEasyVersion.easy_fields.items())
