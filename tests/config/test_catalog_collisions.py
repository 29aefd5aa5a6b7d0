"""Our Japanese catalog comes before Wagtail's and allauth's (LOCALE_PATHS), so an entry of ours
with the same msgid as theirs replaces their word on their screens too: "Reports" as 通報 put a
通報 menu over Wagtail's workflows and site history. Our own words that share a msgid with
theirs carry a message context (pgettext, `{% translate … context … %}`)."""

import ast
import gettext
from pathlib import Path

import allauth
import wagtail
from django.conf import settings
from django.utils import translation

JA_PO = settings.BASE_DIR / "locale" / "ja" / "LC_MESSAGES" / "django.po"

# Their own strings we restyle on purpose, meaning the same on every screen that shows them.
DELIBERATE_OVERRIDES = {
    "This field is required.",  # Django's form error, without the 。 in our error summaries
    "Hello from %(site_name)s!",  # allauth's e-mails, without the exclamation marks
    "Thank you for using %(site_name)s!\n%(site_domain)s",
    # Wagtail's 「調整のために提出されました」: an approval request, as our workflow calls it
    "Page '%(page_title)s' has been submitted for moderation.",
    "%(label)s and Publish",  # 「承認して公開」, not 「承認と公開 」
    # Wagtail's page fields on the 「プロモート」 tab, left in English by its catalogue
    "title tag",  # 「title タグ」
    "meta description",
}


def _string(lines):
    return "".join(
        ast.literal_eval(line.split(" ", 1)[1] if line[0] == "m" else line) for line in lines
    )


def _our_entries():
    """{(msgctxt, msgid): msgstr} of our Japanese catalog (singular forms only)."""
    entries = {}
    for block in JA_PO.read_text(encoding="utf-8").split("\n\n")[1:]:
        fields, current = {}, None
        for line in block.splitlines():
            if line.startswith(("msgctxt ", "msgid ", "msgstr ", "msgid_plural ", "msgstr[")):
                current = line.split(" ", 1)[0]
                fields[current] = [line]
            elif line.startswith('"') and current:
                fields[current].append(line)
        if "msgid" in fields and "msgstr" in fields:
            context = _string(fields["msgctxt"]) if "msgctxt" in fields else None
            entries[context, _string(fields["msgid"])] = _string(fields["msgstr"])
    return entries


def _their_translations():
    """{msgid: {msgstr, …}} of the Japanese catalogs Wagtail and allauth ship."""
    found = {}
    for package in (wagtail, allauth):
        root = Path(package.__file__).parent
        for catalog in root.glob("**/locale/ja/LC_MESSAGES/django.mo"):
            with catalog.open("rb") as file:
                for msgid, msgstr in gettext.GNUTranslations(file)._catalog.items():
                    if isinstance(msgid, str) and msgid and msgstr:
                        found.setdefault(msgid, set()).add(msgstr)
    return found


def test_no_word_of_ours_replaces_a_different_word_of_wagtail_or_allauth():
    theirs = _their_translations()

    collisions = {
        msgid: (ours, sorted(theirs[msgid]))
        for (context, msgid), ours in _our_entries().items()
        if context is None
        and msgid in theirs
        and theirs[msgid] - {ours}
        and msgid not in DELIBERATE_OVERRIDES
    }

    assert collisions == {}


def test_the_admin_menu_says_reports_while_moderation_says_reported_comments():
    with translation.override("ja"):
        menu = translation.gettext("Reports")  # Wagtail's menu of workflows and site history
        moderation = translation.pgettext("reported comments", "Reports")

    assert (menu, moderation) == ("レポート", "通報")
