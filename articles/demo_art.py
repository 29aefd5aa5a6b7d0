"""Abstract pictures for the demo, drawn locally with Pillow (the demo never downloads anything).

The same title always gives the same picture, so demo images look alike on every machine.
"""

import hashlib
import random
from io import BytesIO

from PIL import Image, ImageDraw, ImageFilter

# (name used in the alt text, background from, background to, accents)
PALETTES = [
    ("藍と若草色", "#1d3557", "#2a9d8f", ["#e9f5db", "#b7e4c7", "#f1faee"]),
    ("朝焼けの橙と桃色", "#f4a261", "#e76f51", ["#ffe8d6", "#ffd6a5", "#fff1e6"]),
    ("空色と白", "#48cae4", "#0077b6", ["#caf0f8", "#ffffff", "#ade8f4"]),
    ("抹茶色と生成り", "#606c38", "#a3b18a", ["#fefae0", "#dda15e", "#f2e8cf"]),
    ("夕暮れの紫と藍", "#3c096c", "#5a189a", ["#e0aaff", "#ffd6ff", "#c77dff"]),
    ("木漏れ日の黄色と緑", "#ffb703", "#52b788", ["#fff3b0", "#d8f3dc", "#ffffff"]),
    ("海の青緑と砂色", "#006d77", "#83c5be", ["#edf6f9", "#ffddd2", "#e29578"]),
]
SHAPES = {
    "circles": "やわらかな円",
    "bands": "斜めの帯",
    "tiles": "角の丸い四角形",
}


def _rng(title):
    return random.Random(hashlib.sha256(title.encode()).hexdigest())


def _gradient(size, start, end, angle):
    """A two-colour linear gradient filling `size`, at one of eight angles."""
    mask = Image.linear_gradient("L").rotate(angle, resample=Image.Resampling.BICUBIC)
    # The rotated square has empty corners; its inscribed middle is all gradient.
    mask = mask.crop((64, 64, 192, 192)).resize(size, Image.Resampling.BICUBIC)
    return Image.composite(Image.new("RGB", size, end), Image.new("RGB", size, start), mask)


def _rgba(colour, alpha):
    colour = colour.lstrip("#")
    return (*(int(colour[i : i + 2], 16) for i in (0, 2, 4)), alpha)


def _draw_shapes(layer, rng, shape, accents):
    width, height = layer.size
    draw = ImageDraw.Draw(layer)
    for _ in range(rng.randint(6, 10)):
        colour = _rgba(rng.choice(accents), rng.randint(40, 120))
        x, y = rng.uniform(-0.1, 1.0) * width, rng.uniform(-0.1, 1.0) * height
        size = rng.uniform(0.08, 0.35) * width
        if shape == "circles":
            draw.ellipse((x, y, x + size, y + size), fill=colour)
        elif shape == "tiles":
            draw.rounded_rectangle((x, y, x + size, y + size * 0.7), radius=size / 6, fill=colour)
        else:
            offset = rng.uniform(0.1, 0.3) * width
            band = [
                (x, 0),
                (x + size / 2, 0),
                (x + size / 2 - offset, height),
                (x - offset, height),
            ]
            draw.polygon(band, fill=colour)


def abstract_picture(*, title, variant=None, size=(1600, 900)):
    """(JPEG bytes, Japanese description for alt text) of an abstract picture seeded by `title`.

    Pictures with different `variant` numbers get different palettes (up to len(PALETTES)).
    """
    rng = _rng(title)
    palette = PALETTES[variant % len(PALETTES)] if variant is not None else rng.choice(PALETTES)
    palette_name, start, end, accents = palette
    shape = rng.choice(sorted(SHAPES))
    picture = _gradient(size, start, end, angle=rng.choice(range(0, 360, 45))).convert("RGBA")
    for blur in (12, 0):  # a soft layer behind a crisp one gives depth
        layer = Image.new("RGBA", size, (0, 0, 0, 0))
        _draw_shapes(layer, rng, shape, accents)
        if blur:
            layer = layer.filter(ImageFilter.GaussianBlur(blur))
        picture = Image.alpha_composite(picture, layer)
    description = f"{palette_name}のグラデーションに{SHAPES[shape]}が重なる抽象的なイラスト"
    return _jpeg(picture), description


def portrait_picture(*, name, size=(800, 800)):
    """(JPEG bytes, description) of a friendly abstract silhouette standing in for a staff photo."""
    rng = _rng(name)
    palette_name, start, end, accents = rng.choice(PALETTES)
    picture = _gradient(size, start, end, angle=rng.choice(range(0, 360, 45))).convert("RGBA")
    layer = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    width, height = size
    colour = _rgba(rng.choice(accents), 230)
    head = width * 0.17
    draw.ellipse(
        (width / 2 - head, height * 0.22, width / 2 + head, height * 0.22 + 2 * head), colour
    )
    draw.rounded_rectangle(
        (width * 0.2, height * 0.62, width * 0.8, height * 1.1), radius=width * 0.2, fill=colour
    )
    picture = Image.alpha_composite(picture, layer)
    description = f"{name}さんを表す、{palette_name}を背景にした人物のシルエット"
    return _jpeg(picture), description


def _jpeg(picture):
    buffer = BytesIO()
    picture.convert("RGB").save(buffer, format="JPEG", quality=85, optimize=True)
    return buffer.getvalue()
