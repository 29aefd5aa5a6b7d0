from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReadableConfig(AppConfig):
    """Text every resident can read (issue 24): furigana over kanji, computed once per text and
    switched on by the reader, and やさしい日本語 — the checker staff write with and the reader's
    switch between the two versions. Below every app that shows text, above core only."""

    name = "readable"
    verbose_name = _("Readable Japanese")

    def ready(self):
        from core.page_variants import page_variant_register, response_filter_register

        from . import signals  # noqa: F401
        from .furigana import furigana_response_filter
        from .preferences import EASY_COOKIE, EASY_PATTERN, FURIGANA_COOKIE, FURIGANA_PATTERN

        page_variant_register(FURIGANA_COOKIE, FURIGANA_PATTERN)
        page_variant_register(EASY_COOKIE, EASY_PATTERN)
        response_filter_register(furigana_response_filter)
