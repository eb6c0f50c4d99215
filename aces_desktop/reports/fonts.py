"""Find a TrueType font that renders Chinese (and Latin) text for PDF scorecards.

ReportLab embeds TrueType fonts (subset), so names in Chinese render and extract with
``pdftotext`` when such a font is found. Search order: ``$ACES_PDF_FONT`` (a .ttf/.ttc
path, with ``$ACES_PDF_FONT_INDEX`` for a collection), ``resources/fonts/``, then the usual
system places on Linux, Windows and macOS. Fonts with PostScript (CFF) outlines, such as
Noto Sans CJK .otf/.ttc, cannot be embedded by ReportLab and are skipped.

Without any usable font the scorecard falls back to the built-in Helvetica: Latin text
still renders, other scripts show as blanks, and ``FontChoice.warning`` says so.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from aces_desktop.core.resources import resource_path

FONT_NAME = "AcesText"
FALLBACK_FONT = "Helvetica"

# (path, subfont index) in order of preference.
SYSTEM_CANDIDATES: tuple[tuple[str, int], ...] = (
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/wqy-microhei/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),
    ("C:/Windows/Fonts/msyh.ttc", 0),
    ("C:/Windows/Fonts/simsun.ttc", 0),
    ("C:/Windows/Fonts/simhei.ttf", 0),
    ("/System/Library/Fonts/STHeiti Light.ttc", 0),
    ("/Library/Fonts/Arial Unicode.ttf", 0),
    ("/System/Library/Fonts/Supplemental/Arial Unicode.ttf", 0),
)


@dataclass(frozen=True)
class FontChoice:
    name: str  # the ReportLab font name to use
    path: str | None  # the file embedded, None for the built-in fallback
    cjk: bool  # whether Chinese text renders
    warning: str | None = None


_lock = threading.Lock()
_chosen: FontChoice | None = None


def _candidates() -> list[tuple[Path, int]]:
    found: list[tuple[Path, int]] = []
    env = os.environ.get("ACES_PDF_FONT")
    if env:
        found.append((Path(env), int(os.environ.get("ACES_PDF_FONT_INDEX", "0") or 0)))
    bundled = resource_path("fonts")
    if bundled.is_dir():
        found += [(p, 0) for p in sorted(bundled.iterdir()) if p.suffix.lower() in (".ttf", ".ttc")]
    found += [(Path(p), i) for p, i in SYSTEM_CANDIDATES]
    return found


def _covers_cjk(font: TTFont) -> bool:
    widths = font.face.charWidths
    return all(ord(ch) in widths for ch in "中文纺织")


def locate_font() -> FontChoice:
    """Register (once per process) and return the font scorecards are written in."""
    global _chosen
    with _lock:
        if _chosen is not None:
            return _chosen
        problems: list[str] = []
        for path, index in _candidates():
            if not path.is_file():
                continue
            try:
                font = TTFont(FONT_NAME, str(path), subfontIndex=index)
            except Exception as exc:  # ReportLab raises its own TTFError and others
                problems.append(f"{path}: {type(exc).__name__}")
                continue
            if not _covers_cjk(font):
                problems.append(f"{path}: no Chinese glyphs")
                continue
            pdfmetrics.registerFont(font)
            _chosen = FontChoice(FONT_NAME, str(path), cjk=True)
            return _chosen
        _chosen = FontChoice(
            FALLBACK_FONT,
            None,
            cjk=False,
            warning=(
                "No TrueType font with Chinese characters was found, so names in Chinese and "
                "other non-Latin scripts will show as blanks in scorecards. Install "
                "WenQuanYi Micro Hei (package fonts-wqy-microhei), put a .ttf/.ttc font in "
                "resources/fonts/, or set ACES_PDF_FONT to a font file."
                + (f" Skipped: {'; '.join(problems)}." if problems else "")
            ),
        )
        return _chosen


def reset_for_tests() -> None:
    global _chosen
    with _lock:
        _chosen = None
