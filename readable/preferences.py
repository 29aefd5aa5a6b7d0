"""What a reader chose to read, kept in cookies for a year (also for readers who are not signed
in), each a variant of the anonymous page cache (core.page_variants):

- FURIGANA_COOKIE: ruby readings over kanji — "all" over every kanji, or "1"–"6": only over
  words holding a kanji taught after that school grade (readable.grades). No cookie: none.
- EASY_COOKIE: "1" to read the やさしい日本語 version of a page that has one.
"""

import re

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

FURIGANA_COOKIE = "furigana"
EASY_COOKIE = "yasashii"
COOKIE_SECONDS = 365 * 24 * 3600
FURIGANA_PATTERN = r"all|[1-6]"
EASY_PATTERN = r"1"


def furigana_choices():
    """[(cookie value, label)] in the active language; "" turns furigana off."""
    return [
        ("", pgettext("furigana", "Off")),
        ("all", _("Over every kanji")),
        *(
            (str(grade), _("Over kanji taught after grade %(grade)s") % {"grade": grade})
            for grade in range(1, 7)
        ),
    ]


def furigana_choice(request):
    """The reader's furigana cookie when it holds one of furigana_choices(), else "" (off)."""
    value = request.COOKIES.get(FURIGANA_COOKIE, "")
    return value if re.fullmatch(FURIGANA_PATTERN, value) else ""


def furigana_grade(request):
    """None (furigana off), 0 (over every kanji) or 1–6 (over words with a kanji taught after
    that grade)."""
    value = furigana_choice(request)
    if not value:
        return None
    return 0 if value == "all" else int(value)


def easy_japanese_preferred(request):
    """Whether the reader chose the やさしい日本語 version of pages that have one."""
    return request.COOKIES.get(EASY_COOKIE) == "1"


def preferences_set(response, *, furigana=None, easy=None):
    """Store the reader's choices on `response` (None leaves a choice as it is; "" or False
    clears it)."""
    for name, value in ((FURIGANA_COOKIE, furigana), (EASY_COOKIE, "1" if easy else easy)):
        if value is None:
            continue
        if value:
            response.set_cookie(
                name,
                value,
                max_age=COOKIE_SECONDS,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        else:
            response.delete_cookie(name, samesite="Lax")
    return response
