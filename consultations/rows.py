"""The rows of a consultation's outcome table as readers get them, on the page and in its files
(consultations.exports): labels in the reader's language, dates as dates, links to each row."""

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.channels import Channel


class Progress(models.TextChoices):
    """Where the follow-up of an answered group stands."""

    CONSIDERING = "considering", _("Under consideration")
    UNDERWAY = "underway", _("Underway")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Not going ahead")


def row_anchor(key):
    """The id of a row of the outcome table on the page (its link target)."""
    return f"outcome-{key}"


def outcome_rows(table, *, yours=()):
    """The rows of an outcome `table` as the page shows them: the follow-up's labels in the
    reader's language, the notes' dates as dates, and whether the row holds an opinion of the
    reader's (`yours`: the keys of those rows)."""
    labels = dict(Progress.choices)
    return [
        {
            **row,
            "anchor": row_anchor(row["key"]),
            "yours": row["key"] in yours,
            "progress_label": labels.get(row["progress"], ""),
            "notes": [
                {
                    **note,
                    "on": date.fromisoformat(note["on"]),
                    "progress_label": labels.get(note["progress"], ""),
                }
                for note in row["notes"]
            ],
        }
        for row in table.get("rows", [])
    ]


def outcome_channels(table):
    """How the opinions reached us, as (label, opinions, people) in the reader's language; none
    when every opinion came through the site (nothing to break down)."""
    labels = dict(Channel.choices)
    channels = table.get("channels", [])
    if all(row["channel"] == Channel.WEB for row in channels):
        return []
    return [(labels[row["channel"]], row["opinions"], row["people"]) for row in channels]
