"""The house rule for dates, times and punctuation (docs/writing.md), checked where text lives:
our templates, our Japanese catalogue and the Japanese date formats.

A breach is something a reader sees: 「意見の受付: …」 with a half-width colon after Japanese,
「2026/12/06 1:30」 next to 「11:30」, 「新規登録」 in one place and 「ユーザー登録」 in another.
"""

import ast
import re
from datetime import datetime

import pytest
from django.conf import settings
from django.utils import formats, translation

BASE = settings.BASE_DIR
JA_PO = BASE / "locale" / "ja" / "LC_MESSAGES" / "django.po"
TEMPLATES = sorted((BASE / "templates").rglob("*.html")) + sorted(
    (BASE / "templates").rglob("*.txt")
)

JAPANESE = "\u3040-\u30ff\u3400-\u9fff\uff01-\uff60（）「」『』【】、。"
# A half-width colon after Japanese text or a placeholder (a label) in Japanese, not "://".
HALF_WIDTH_COLON = re.compile(rf"(?:[{JAPANESE}]|%\(\w+\)[sd])\s?:(?!//)")
# Words for signing up other than the one the header uses (ユーザー登録).
OTHER_SIGN_UP_WORDS = ("新規登録", "会員登録", "アカウント登録", "サインアップ")
# A colon typed after a translated label in a template stays half-width in Japanese; the
# colon belongs inside the message (msgid "Page:", msgstr 「ページ：」).
COLON_AFTER_TRANSLATION = re.compile(
    r"\{%\s*(?:translate|trans|endblocktranslate|endblocktrans)\b[^%]*%\}:"
)
# Hours without a leading zero: Django's G and g (and P, which drops minutes at o'clock).
UNPADDED_HOUR = re.compile(r"""\|(?:date|time):["'][^"']*[GgP][^"']*["']""")

# msgids whose Japanese may keep a half-width colon, with why.
ALLOWED_COLONS = {
    # 「キー: 値」 shows YAML syntax, which the editor types as shown.
    "The front matter must be key: value lines (title, slug, date, …).",
}


def _ja_entries():
    """(msgid, msgstr) of every translated entry in our Japanese catalogue."""
    entries = []
    for block in JA_PO.read_text(encoding="utf-8").split("\n\n")[1:]:
        lines = [line for line in block.splitlines() if not line.startswith("#")]
        fields, current = {}, None
        for line in lines:
            key, _, rest = line.partition(" ")
            if key in ("msgid", "msgstr", "msgid_plural") or key.startswith("msgstr["):
                current = key
                fields[current] = ast.literal_eval(rest)
            elif line.startswith('"') and current:
                fields[current] += ast.literal_eval(line)
        strings = [value for key, value in fields.items() if key.startswith("msgstr")]
        entries.extend((fields.get("msgid", ""), text) for text in strings if text)
    return entries


def test_the_catalogue_is_read():
    assert ("Your opinion has been posted.", "意見を投稿しました。") in _ja_entries()


def test_japanese_text_takes_the_full_width_colon():
    breaches = [
        f"{msgid!r} → {msgstr!r}"
        for msgid, msgstr in _ja_entries()
        if HALF_WIDTH_COLON.search(msgstr) and msgid not in ALLOWED_COLONS
    ]
    assert breaches == [], "use 「：」 after Japanese text:\n" + "\n".join(breaches)


def test_signing_up_has_one_name():
    breaches = [
        f"{msgid!r} → {msgstr!r}"
        for msgid, msgstr in _ja_entries()
        if any(word in msgstr for word in OTHER_SIGN_UP_WORDS)
    ]
    assert breaches == [], "signing up is 「ユーザー登録」 everywhere:\n" + "\n".join(breaches)


@pytest.mark.parametrize(
    ("rule", "pattern"),
    [
        ("a colon after a translated label", COLON_AFTER_TRANSLATION),
        ("an unpadded hour", UNPADDED_HOUR),
    ],
)
def test_templates_follow_the_rule(rule, pattern):
    breaches = [
        f"{path.relative_to(BASE)}:{number}: {line.strip()[:120]}"
        for path in TEMPLATES
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert breaches == [], f"{rule}:\n" + "\n".join(breaches)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("TIME_FORMAT", "01:30"),
        ("SHORT_DATETIME_FORMAT", "2026/12/06 01:30"),
        ("DATETIME_FORMAT", "2026年12月6日 01:30"),
        ("DATE_FORMAT", "2026年12月6日"),
        ("SHORT_DATE_FORMAT", "2026/12/06"),
    ],
)
def test_japanese_times_are_zero_padded_hh_mm(name, expected):
    with translation.override("ja"):
        assert formats.date_format(datetime(2026, 12, 6, 1, 30), name) == expected
