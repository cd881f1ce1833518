"""The PDF toolkit that the period report and the member's certificate share: fonts, ink and markup.

It imports reportlab: import it only from the code that draws a PDF, never from anything Django loads
at start-up (see core/tests/test_startup_imports.py).
"""

import re
from functools import cache
from pathlib import Path

import reportlab
from reportlab.lib import colors
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT = "ReportSans"
FONT_BOLD = "ReportSans-Bold"
# DejaVu Sans (Debian's fonts-dejavu-core) covers every Latin letter, Sámi ŋ and ŧ included; Bitstream
# Vera, which reportlab ships, is its ancestor and the fallback (Finnish and Swedish letters only).
_REPORTLAB_FONTS = Path(reportlab.__file__).parent / "fonts"
FONT_FILES = (
    (
        Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
        Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    ),
    (_REPORTLAB_FONTS / "Vera.ttf", _REPORTLAB_FONTS / "VeraBd.ttf"),
)
INK = colors.HexColor("#1a1a1a")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@cache
def register_fonts() -> str:
    """Register the first font family found on disk; return where it came from."""
    for regular, bold in FONT_FILES:
        if regular.exists() and bold.exists():
            pdfmetrics.registerFont(TTFont(FONT, str(regular)))
            pdfmetrics.registerFont(TTFont(FONT_BOLD, str(bold)))
            pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)
            return str(regular)
    raise RuntimeError("No TrueType font for the PDF")  # reportlab always ships Vera


def markup(text: object) -> str:
    """Plain text as Paragraph markup: escaped, line breaks kept, control characters dropped."""
    text = _CONTROL.sub("", str(text))
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return escaped.replace("\r\n", "\n").replace("\n", "<br/>")
