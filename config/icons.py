"""Draws the site's icons into static/icons/ (run `.venv/bin/python -m config.icons`).

The mark: three people around one table — three white dots on a white ring — on the site's
blue (--color-primary), as one SVG (browsers scale it) and PNGs for what needs bitmaps:
favicon.ico (16, 32, 48 px), the home-screen icons of the web app manifest (192, 512 px; the
maskable one bleeds to the edges) and apple-touch-icon.png (180 px, square: iOS rounds it).
The PNGs are committed; draw them again only when the design changes.
"""

import math
from pathlib import Path

from PIL import Image, ImageDraw

ICONS = Path(__file__).resolve().parent.parent / "static" / "icons"
BLUE = "#0a5688"  # --color-primary in static/css/site.css
WHITE = "#ffffff"
GRID = 64  # the design's units; the SVG's viewBox
CORNER = 14  # rounded corners of the tile (none where the platform rounds it)
RING, RING_WIDTH = 17, 5
DOT = 7
SEATS = (0, 120, 240)  # degrees, clockwise from the top


def seats():
    """The centres of the three dots on the ring, in design units."""
    middle = GRID / 2
    return [
        (
            middle + RING * math.sin(math.radians(angle)),
            middle - RING * math.cos(math.radians(angle)),
        )
        for angle in SEATS
    ]


def svg():
    dots = "".join(f'<circle cx="{x:.2f}" cy="{y:.2f}" r="{DOT}"/>' for x, y in seats())
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {GRID} {GRID}">'
        f'<rect width="{GRID}" height="{GRID}" rx="{CORNER}" fill="{BLUE}"/>'
        f'<circle cx="{GRID / 2}" cy="{GRID / 2}" r="{RING}" fill="none" stroke="{WHITE}" '
        f'stroke-width="{RING_WIDTH}"/>'
        f'<g fill="{WHITE}">{dots}</g></svg>\n'
    )


def png(size, *, rounded=True):
    """The mark as a `size`-pixel image, drawn four times larger and scaled down (smooth edges)."""
    scale = size * 4 / GRID
    image = Image.new("RGBA", (size * 4, size * 4), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle(
        (0, 0, size * 4 - 1, size * 4 - 1), radius=CORNER * scale if rounded else 0, fill=BLUE
    )
    middle, ring = GRID / 2 * scale, RING * scale
    outer = ring + RING_WIDTH / 2 * scale
    draw.ellipse(
        (middle - outer, middle - outer, middle + outer, middle + outer),
        outline=WHITE,
        width=round(RING_WIDTH * scale),
    )
    for x, y in seats():
        draw.ellipse(
            ((x - DOT) * scale, (y - DOT) * scale, (x + DOT) * scale, (y + DOT) * scale), fill=WHITE
        )
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main():
    ICONS.mkdir(parents=True, exist_ok=True)
    (ICONS / "favicon.svg").write_text(svg())
    png(48).save(ICONS / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])
    png(180, rounded=False).convert("RGB").save(ICONS / "apple-touch-icon.png", optimize=True)
    png(192).save(ICONS / "icon-192.png", optimize=True)
    png(512).save(ICONS / "icon-512.png", optimize=True)
    png(512, rounded=False).save(ICONS / "icon-maskable-512.png", optimize=True)


if __name__ == "__main__":
    main()
