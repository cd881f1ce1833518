"""The 1200×630 preview image that social media show for a results page: the title on a plain background."""

import hashlib
import textwrap
from functools import cache
from io import BytesIO
from pathlib import Path

from django.core.cache import cache as django_cache
from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT, MARGIN = 1200, 630, 80
BACKGROUND, INK, ACCENT = (255, 255, 255), (26, 26, 26), (0, 84, 140)

_FONT_FILES = [
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
]


@cache
def _font_file() -> str | None:
    candidates = list(_FONT_FILES)
    try:
        import reportlab

        candidates.append(Path(reportlab.__file__).parent / "fonts" / "VeraBd.ttf")
    except ImportError:  # pragma: no cover - reportlab is a dependency of the PDF report
        pass
    return next((str(path) for path in candidates if path.exists()), None)


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = _font_file()
    if path is None:
        return ImageFont.load_default()
    return ImageFont.truetype(path, size)


def share_image(*, title: str, kicker: str, footer: str) -> bytes:
    """The PNG for these texts, drawn once a day at most: the addresses are public, drawing takes ~50 ms."""
    key = "results:share:" + hashlib.sha256("\x1f".join([title, kicker, footer]).encode()).hexdigest()
    content = django_cache.get(key)
    if content is None:
        content = _draw(title=title, kicker=kicker, footer=footer)
        django_cache.set(key, content, 24 * 3600)
    return content


def _draw(*, title: str, kicker: str, footer: str) -> bytes:
    """A PNG with a small kicker line, the title wrapped to at most five lines, and a footer."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, 24, HEIGHT], fill=ACCENT)
    draw.text((MARGIN, MARGIN), kicker, font=_font(36), fill=ACCENT)
    lines = textwrap.wrap(title, width=30) or [""]
    if len(lines) > 5:
        lines = [*lines[:4], lines[4][:27] + "…"]
    font = _font(60)
    y = MARGIN + 80
    for line in lines:
        draw.text((MARGIN, y), line, font=font, fill=INK)
        y += 74
    draw.text((MARGIN, HEIGHT - MARGIN - 36), footer, font=_font(32), fill=INK)
    out = BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
