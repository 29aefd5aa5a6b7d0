"""Output shared by the article commands (Django does not treat `_`-modules as commands)."""

import logging
from contextlib import contextmanager

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

# Loggers that report every background task and page action at INFO: useful in a server log,
# noise in a command's summary.
CHATTY_LOGGERS = ("django_tasks", "wagtail")


@contextmanager
def background_logs_quietened(*, verbosity):
    """Hide INFO lines from tasks and page actions unless the command runs with -v 2 or more."""
    if verbosity >= 2:
        yield
        return
    loggers = [logging.getLogger(name) for name in CHATTY_LOGGERS]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def import_result_line(result):
    # Context keeps these short words from borrowing Django's or Wagtail's translations.
    states = {
        "created": pgettext("article import", "created"),
        "updated": pgettext("article import", "updated"),
        "unchanged": pgettext("article import", "unchanged"),
    }
    visibility = (
        pgettext("article import", "published")
        if result.page.live
        else pgettext("article import", "draft")
    )
    return f"  {states[result.status]:<10} {result.page.slug}  {result.page.title} ({visibility})"


def import_summary(results):
    """One line counting created / updated / unchanged / published articles."""
    count = dict.fromkeys(("created", "updated", "unchanged"), 0)
    for result in results:
        count[result.status] += 1
    return _(
        "Articles: %(created)d created, %(updated)d updated, %(unchanged)d unchanged; "
        "%(published)d published."
    ) % {**count, "published": sum(result.published for result in results)}
