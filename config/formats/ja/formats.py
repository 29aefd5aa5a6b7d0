"""Japanese date and time formats: Django's, with hours always two digits and a space between
the date and the time (「2026年12月6日 09:30」, 「2026/12/06 09:30」), so times line up in
lists and 「1:30」 never stands next to 「11:30」. The rule: docs/writing.md."""

TIME_FORMAT = "H:i"
DATETIME_FORMAT = "Y年n月j日 H:i"
SHORT_DATETIME_FORMAT = "Y/m/d H:i"
