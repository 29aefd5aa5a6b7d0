"""Text and colour for the charts: label widths estimated on the server, labels wrapped and cut
to fit, values printed at their bars, and the colour-blind-safe palette with its contrasts."""

import unicodedata
from dataclasses import dataclass

FONT = 15
SMALL = 13
LINE = 19
SUPPRESSED = "—"
ELLIPSIS = "…"

# Okabe–Ito hues (and greys), each with at least 3:1 contrast against white, ordered so that
# neighbours differ in lightness: stacked series stay apart on a greyscale printer too, with the
# white separators between segments. On a five-point scale the middle one is grey.
PALETTE = ("#0072B2", "#CC79A7", "#4D4D4D", "#D55E00", "#1A1A1A", "#009E73", "#8A5A00")
BAR_COLOUR = PALETTE[0]


def contrast(colour, other="#ffffff"):
    """The WCAG contrast ratio of two "#rrggbb" colours (1 to 21)."""
    lighter, darker = sorted((_luminance(colour), _luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(colour):
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def text_colour(background):
    """Black or white, whichever reads better on `background` (both pass AA on the palette)."""
    return "#000000" if contrast(background, "#000000") > contrast(background) else "#ffffff"


def text_width(text, font_size=FONT):
    """An estimate of how wide `text` is drawn: full-width characters (kana, kanji, 「」) are
    one em, the rest a generous 0.6 em. The browser measures nothing for us on the server."""
    ems = sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.6 for c in text)
    return ems * font_size


def _ellipsised(text, width, font_size):
    while text and text_width(text + ELLIPSIS, font_size) > width:
        text = text[:-1]
    return text + ELLIPSIS


def _wrapped(text, width, font_size):
    """Lines of `text` each at most `width` wide (Japanese breaks between any characters)."""
    lines, line = [], ""
    for character in text:
        if line and text_width(line + character, font_size) > width:
            lines.append(line)
            line = character.lstrip()
        else:
            line += character
    return [*lines, line] if line else lines


@dataclass(frozen=True)
class TextLine:
    x: float
    y: float
    text: str


@dataclass(frozen=True)
class Label:
    """A label fitted into a width: `lines` to draw, and `full` for a `<title>` when
    `truncated` (the template shows it as a tooltip and keeps it in the markup)."""

    lines: tuple[TextLine, ...]
    full: str
    truncated: bool


def label_fit(text, *, x, y, width, font_size=FONT, max_lines=2):
    """`text` wrapped into at most `max_lines` lines of `width`, the last one ending in 「…」
    when it does not fit; the first baseline is at `y`, each next line LINE lower."""
    full = str(text)
    lines = _wrapped(full, width, font_size) or [""]
    truncated = len(lines) > max_lines
    if truncated:
        lines = [*lines[: max_lines - 1], _ellipsised(lines[max_lines - 1], width, font_size)]
    placed = tuple(TextLine(x, y + i * LINE, line) for i, line in enumerate(lines))
    return Label(lines=placed, full=full, truncated=truncated)


def format_value(value, unit="%"):
    """How a value is printed at its bar: 42.9%, 1,234 (with the unit after a count)."""
    if value is None:
        return SUPPRESSED
    if unit == "%":
        return f"{value:.1f}%"
    number = f"{value:,}" if float(value).is_integer() else f"{value:,.1f}"
    return f"{number.removesuffix('.0')}{unit}"
