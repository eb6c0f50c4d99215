"""The font locator: a CJK TrueType font when one exists, a clear fallback otherwise."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from aces_desktop.reports import fonts


@pytest.fixture(autouse=True)
def _fresh_choice() -> Iterator[None]:
    fonts.reset_for_tests()
    yield
    fonts.reset_for_tests()


def test_finds_a_font_with_chinese_glyphs() -> None:
    choice = fonts.locate_font()
    assert choice.cjk and choice.path is not None and choice.warning is None


def test_explicit_font_must_cover_chinese(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    latin = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    assert latin.is_file()
    monkeypatch.setenv("ACES_PDF_FONT", str(latin))
    choice = fonts.locate_font()
    assert choice.path != str(latin) and choice.cjk  # skipped: no Chinese glyphs


def test_without_any_usable_font_falls_back_with_a_warning(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.ttf"
    broken.write_bytes(b"not a font")
    monkeypatch.setenv("ACES_PDF_FONT", str(broken))
    monkeypatch.setattr(fonts, "SYSTEM_CANDIDATES", ())
    monkeypatch.setattr(fonts, "resource_path", lambda *_: tmp_path / "none")
    choice = fonts.locate_font()
    assert choice.name == fonts.FALLBACK_FONT and not choice.cjk
    assert choice.warning is not None and "fonts-wqy-microhei" in choice.warning
    assert "broken.ttf" in choice.warning
