"""Uyghur (Arabic script) text in PDFs: joined letters, right to left, in a font that has them.

ReportLab draws characters one by one, left to right, without shaping. For Arabic-script
text we therefore (1) choose each letter's joining form with ``arabic_reshaper`` (the
Arabic Presentation Forms code points), (2) break the paragraph into lines in logical
order, and (3) reorder every line visually with the Unicode bidi algorithm
(``python-bidi``), so numbers and Latin words inside Uyghur text keep their direction.
Runs of Arabic script are drawn in an Arabic font (Noto Sans Arabic, Noto Naskh Arabic or
UKIJ Tuz, all SIL Open Font Licence), other runs in the scorecard font. ReportLab's
TrueType embedding writes a ToUnicode map from the font's cmap, so ``pdftotext`` gives
back the presentation forms, which NFKC normalisation turns into the base letters.

One Uyghur letter has no presentation form for its joined shape: AE (U+06D5) at the end of a
word after a joining letter. It is shaped as a stand-in right-joining letter (teh marbuta)
and drawn with the font's final HEH glyph under a private code point whose ToUnicode entry
says U+06D5, so it both looks right and extracts as the letter it is.
"""

from __future__ import annotations

import os
import re
import threading
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import arabic_reshaper
from bidi import get_display
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

ARABIC_FONT = "AcesArabic"

# (path, subfont index) in order of preference; $ACES_PDF_ARABIC_FONT first.
ARABIC_CANDIDATES: tuple[str, ...] = (
    "/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf",
    "/usr/share/fonts/truetype/fonts-ukij-uyghur/UKIJTuz.ttf",
    "/usr/share/fonts/noto/NotoSansArabic-Regular.ttf",
    "C:/Windows/Fonts/NotoSansArabic-Regular.ttf",
    "C:/Windows/Fonts/arial.ttf",
    "/System/Library/Fonts/Supplemental/Arial Unicode.ttf",
)
# Letters of the Uyghur alphabet; a font must have all their joining forms.
UYGHUR_SAMPLE = "ئابپتجچخدرزژسشغفقكگڭلمنھوۇۆۈۋېىيە"

_ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF\uF6D5]")
_RESHAPER = arabic_reshaper.ArabicReshaper({"delete_harakat": False, "support_ligatures": True})
AE = "\u06d5"
_AE_STAND_IN = "\u0629"  # teh marbuta: joins to the right only, as AE does
_AE_FINAL = "\uf6d5"  # private code point: the final HEH glyph, extracted as AE
_AE_FORMS = str.maketrans({"\ufe94": _AE_FINAL, "\ufe93": AE})
_lock = threading.Lock()
_font: list[str | None] = []


def has_arabic(text: str) -> bool:
    return bool(_ARABIC.search(text))


def _candidates() -> list[Path]:
    env = os.environ.get("ACES_PDF_ARABIC_FONT")
    return ([Path(env)] if env else []) + [Path(p) for p in ARABIC_CANDIDATES]


def arabic_font() -> str | None:
    """Register (once) a font with every joining form of Uyghur; its name, or None."""
    with _lock:
        if _font:
            return _font[0]
        sample = " ".join(UYGHUR_SAMPLE) + " " + UYGHUR_SAMPLE
        needed = {ord(ch) for ch in _RESHAPER.reshape(sample)}
        for path in _candidates():
            if not path.is_file():
                continue
            try:
                font = TTFont(ARABIC_FONT, str(path))
            except Exception:  # ReportLab raises its own TTFError and others
                continue
            face: Any = font.face
            if needed - {32} <= set(face.charWidths) and 0xFEEA in face.charToGlyph:
                face.charToGlyph[ord(_AE_FINAL)] = face.charToGlyph[0xFEEA]
                face.charWidths[ord(_AE_FINAL)] = face.charWidths[0xFEEA]
                _extract_ae_as_ae()
                pdfmetrics.registerFont(font)
                _font.append(ARABIC_FONT)
                return ARABIC_FONT
        _font.append(None)
        return None


def _extract_ae_as_ae() -> None:
    """Make the ToUnicode map of every embedded font say U+06D5 for the AE stand-in."""
    original = ttfonts.makeToUnicodeCMap
    if getattr(original, "aces_ae", False):
        return

    def to_unicode(fontname: str, subset: list[int]) -> str:
        return original(fontname, [0x06D5 if v == ord(_AE_FINAL) else v for v in subset])

    to_unicode.aces_ae = True  # type: ignore[attr-defined]
    ttfonts.makeToUnicodeCMap = to_unicode


def font_path() -> str | None:
    name = arabic_font()
    return pdfmetrics.getFont(name).face.filename if name else None  # type: ignore[attr-defined]


def reshape(text: str) -> str:
    """Joining forms for Arabic-script letters (logical order kept)."""
    text = unicodedata.normalize("NFC", text).replace(AE, _AE_STAND_IN)
    return _RESHAPER.reshape(text).translate(_AE_FORMS)


def _runs(text: str) -> list[tuple[str, bool]]:
    """``text`` cut into runs of Arabic script (True) and everything else (False)."""
    runs: list[tuple[str, bool]] = []
    for ch in text:
        arabic = bool(_ARABIC.match(ch)) or (ch == " " and bool(runs) and runs[-1][1])
        if runs and runs[-1][1] == arabic:
            runs[-1] = (runs[-1][0] + ch, arabic)
        else:
            runs.append((ch, arabic))
    return runs


def visual_line(text: str) -> str:
    """One line of logical text, shaped and in visual (left-to-right drawing) order."""
    return str(get_display(reshape(text), base_dir="R" if has_arabic(text) else "L"))


def line_markup(visual: str) -> str:
    """Paragraph markup for a visual line: Arabic runs in the Arabic font."""
    font = arabic_font()
    parts = []
    for run, arabic in _runs(visual):
        shown = escape(run)
        parts.append(f'<font name="{font}">{shown}</font>' if arabic and font else shown)
    return "".join(parts)


def _width(text: str, font: str, size: float) -> float:
    arabic = arabic_font()
    return sum(
        pdfmetrics.stringWidth(run, arabic if is_arabic and arabic else font, size)
        for run, is_arabic in _runs(reshape(text))
    )


def break_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy line breaking at spaces, in logical order (before bidi reordering)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if line and _width(candidate, font, size) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


@lru_cache(maxsize=64)
def _rtl_style(style: ParagraphStyle) -> ParagraphStyle:
    return ParagraphStyle(style.name + "-rtl", parent=style, alignment=TA_RIGHT, wordWrap=None)


class RightToLeftParagraph(Paragraph):
    """A paragraph of Arabic-script text: broken into lines at the width it gets, each line
    shaped and reordered, aligned right."""

    def __init__(self, text: str, style: ParagraphStyle) -> None:
        self.logical = text
        self.base_style = style
        super().__init__(line_markup(visual_line(text)), _rtl_style(style))

    def wrap(self, width: float, height: float) -> tuple[float, float]:
        style = self.base_style
        lines = break_lines(self.logical, style.fontName, style.fontSize, max(width, 10))
        markup = "<br/>".join(line_markup(visual_line(line)) for line in lines)
        Paragraph.__init__(self, markup, _rtl_style(style))
        return super().wrap(width, height)


def paragraph(text: str, style: ParagraphStyle) -> Paragraph | None:
    """A right-to-left paragraph for text with Arabic script (when a font has it), else None."""
    if not has_arabic(text) or arabic_font() is None:
        return None
    return RightToLeftParagraph(text, style)


def plain_text(markup: str) -> str:
    """Paragraph markup as the text it shows (tags dropped, entities decoded)."""
    text = re.sub(r"<br\s*/?>", "\n", markup)
    text = re.sub(r"<[^>]+>", "", text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def draw_line(
    canvas: Canvas, x: float, y: float, text: str, font: str, size: float, align: str = "left"
) -> None:
    """``canvas.drawString`` for text that may hold Arabic script (shaped, reordered)."""
    arabic = arabic_font()
    if not has_arabic(text) or arabic is None:
        draw: Any = {
            "left": canvas.drawString,
            "right": canvas.drawRightString,
            "centre": canvas.drawCentredString,
        }[align]
        draw(x, y, text)
        return
    runs = [(run, arabic if is_arabic else font) for run, is_arabic in _runs(visual_line(text))]
    total = sum(pdfmetrics.stringWidth(run, f, size) for run, f in runs)
    start = {"left": x, "right": x - total, "centre": x - total / 2}[align]
    for run, f in runs:
        canvas.setFont(f, size)
        canvas.drawString(start, y, run)
        start += pdfmetrics.stringWidth(run, f, size)
    canvas.setFont(font, size)
