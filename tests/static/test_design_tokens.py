"""The colour tokens in static/css/site.css meet WCAG 2.2 AA in light and dark mode.

The stylesheet is parsed, not rendered: each pair below is a text (or border) token that the
components really put on a background token. Dark mode only overrides some tokens, so its
palette is the light one updated with the `prefers-color-scheme: dark` block.
"""

import re
from pathlib import Path

import pytest

SITE_CSS = Path(__file__).resolve().parents[2] / "static" / "css" / "site.css"

TEXT_PAIRS = [
    ("text", "bg"),
    ("text", "surface"),
    ("text-muted", "bg"),
    ("text-muted", "surface"),
    ("link", "bg"),
    ("link", "surface"),
    ("link-hover", "bg"),
    ("primary-text", "primary"),
    ("primary-text", "link-hover"),
    ("header-text", "header-bg"),
    ("header-link", "header-bg"),
    ("accent-text", "accent"),
    ("tag-text", "tag-bg"),
    ("link-hover", "tag-bg"),
    ("info-text", "info-bg"),
    ("success-text", "success-bg"),
    ("warning-text", "warning-bg"),
    ("error", "error-bg"),
    ("error", "bg"),
    ("error", "surface"),
]

# Non-text contrast (WCAG 1.4.11): what identifies a control or shows focus.
BORDER_PAIRS = [
    ("control-border", "bg"),
    ("control-border", "surface"),
    ("focus", "bg"),
    ("focus", "surface"),
    ("primary", "bg"),
    ("header-focus", "header-bg"),
]


def _block_after(css, opening):
    """The text between the brace that ends `opening` and its matching closing brace."""
    start = css.index(opening) + len(opening)
    depth = 1
    for index in range(start, len(css)):
        depth += {"{": 1, "}": -1}.get(css[index], 0)
        if depth == 0:
            return css[start:index]
    raise ValueError(f"unclosed block after {opening!r}")


def _colour_tokens(block):
    return dict(re.findall(r"--color-([\w-]+):\s*(#[0-9a-fA-F]{6})\s*;", block))


def _palettes():
    css = SITE_CSS.read_text(encoding="utf-8")
    light = _colour_tokens(_block_after(css, ":root {"))
    dark_media = _block_after(css, "@media (prefers-color-scheme: dark) {")
    dark = {**light, **_colour_tokens(_block_after(dark_media, ":root {"))}
    return {"light": light, "dark": dark}


def _luminance(hex_colour):
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast(foreground, background):
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


PALETTES = _palettes()


def test_contrast_matches_the_wcag_reference_values():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


def test_both_palettes_define_every_token_the_pairs_use():
    used = {token for pair in TEXT_PAIRS + BORDER_PAIRS for token in pair}

    for palette in PALETTES.values():
        assert used <= palette.keys()


@pytest.mark.parametrize("mode", PALETTES)
@pytest.mark.parametrize(("text", "background"), TEXT_PAIRS)
def test_text_tokens_reach_4_5_to_1(mode, text, background):
    palette = PALETTES[mode]

    ratio = contrast(palette[text], palette[background])

    assert ratio >= 4.5, f"{mode}: --color-{text} on --color-{background} is {ratio:.2f}:1"


@pytest.mark.parametrize("mode", PALETTES)
@pytest.mark.parametrize(("border", "background"), BORDER_PAIRS)
def test_control_borders_and_focus_reach_3_to_1(mode, border, background):
    palette = PALETTES[mode]

    ratio = contrast(palette[border], palette[background])

    assert ratio >= 3, f"{mode}: --color-{border} on --color-{background} is {ratio:.2f}:1"
