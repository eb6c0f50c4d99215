"""The register in Uyghur: lang="ug" dir="rtl", Uyghur headings and methodology terms from
``core.terms`` (the same terms the GUI and the scorecards show), data files unchanged."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from aces_desktop.core import terms
from aces_desktop.ops import reports
from tests.register.conftest import Demo

DATE = dt.date(2026, 11, 20)


@pytest.fixture(scope="module")
def registers(demo: Demo, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("reg-ug")
    out = {}
    for language in ("en", "ug"):
        out[language] = base / language
        reports.register(demo.ws, out[language], export_date=DATE, language=language)
    return out


def test_uyghur_page_is_right_to_left_with_uyghur_words(registers: dict[str, Path]) -> None:
    html = (registers["ug"] / "index.html").read_text("utf-8")
    assert '<html lang="ug" dir="rtl">' in html
    assert "ACES ئاشكارىلىق تىزىملىكى" in html  # the title
    for key in ("T", "S", "A"):
        assert f">{terms.dimension_name(key, 'ug')}</th>" in html
    levels = {terms.site_level_name(level, "ug") for level in range(5)}
    assert any(level in html for level in levels)
    assert "Forced-labour risk level" not in html and "How <b>Transparent</b>" not in html
    assert re.search(r"html\[dir=rtl\] body\{font-family:\"UKIJ Tuz\"", html)


def test_english_page_is_unchanged_and_data_files_do_not_depend_on_language(
    registers: dict[str, Path],
) -> None:
    html = (registers["en"] / "index.html").read_text("utf-8")
    assert '<html lang="en" dir="ltr">' in html and "How <b>Transparent</b>, <b>Scaled</b>" in html
    for name in ("register.json", "sites.csv", "companies.csv", "initiatives.csv"):
        assert (registers["en"] / name).read_bytes() == (registers["ug"] / name).read_bytes()
    doc = json.loads((registers["ug"] / "register.json").read_text("utf-8"))
    assert doc["sites"]  # the data stays in its own (English) vocabulary


def test_one_term_per_language_in_gui_pdf_and_register(
    registers: dict[str, Path], qapp: object
) -> None:
    """A site risk level and an indicator read the same in the GUI, the PDF and the register."""
    from aces_desktop.core.scoring import Result
    from aces_desktop.ui import interface_language
    from aces_desktop.ui.forms.labels import choice_label
    from aces_desktop.ui.ratings_models import risk_text

    html = (registers["ug"] / "index.html").read_text("utf-8")
    interface_language.remember("ug")
    try:
        site = Result("site", "id", "Aksu", "1", "2026-11-20", "0" * 64, "rated", risk_level=4)
        shown = risk_text(site)
        assert shown == f"4 — {terms.site_level_name(4, 'ug')}"
        assert choice_label("indicator", "ILO-01") == "ILO-01 " + terms.indicator_name(
            "ILO-01", "ug"
        )
        interface_language.remember("zh_CN")
        # The Chinese term of the reference data, which the .ts file no longer repeats.
        assert choice_label("indicator", "ILO-01") == "ILO-01 滥用弱势处境"
    finally:
        interface_language.remember("en")
    assert terms.site_level_name(4, "ug") in html or terms.site_level_name(3, "ug") in html
