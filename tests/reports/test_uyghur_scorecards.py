"""Scorecards in Uyghur: joined right-to-left text in an embedded Arabic-script font, signed
and verified as any other, and ``pdftotext`` gives the Uyghur text back (after NFKC)."""

from __future__ import annotations

import json
import re
import subprocess
import unicodedata
from pathlib import Path

import pytest

from aces_desktop.core import terms
from aces_desktop.reports import shaping
from aces_desktop.store.workspace import Workspace
from tests.conftest import PASSPHRASE
from tests.helpers import add, small_world
from tests.reports.pdftools import pdfsig
from tests.reports.test_cli_reports import PASS_ENV, aces

SITE_UG = "ئاقسۇ يىپەك توقۇمىچىلىق زاۋۇتى"
NARRATIVE_UG = "ئىشچىلارنىڭ كىملىك كارتىسى ياتاق باشقۇرغۇچىسىدا ساقلىنىدۇ"
BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _text(pdf: Path) -> str:
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return BIDI_CONTROLS.sub("", unicodedata.normalize("NFKC", out))


def _words_missing(expected: str, text: str) -> list[str]:
    return [w for w in expected.split() if w not in text]


@pytest.fixture(scope="module")
def uyghur_world(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    path = tmp_path_factory.mktemp("ug") / "ws"
    ws = Workspace.create(path, PASSPHRASE, role="coordinator", name="Org", person_name="Dana Li")
    try:
        ids = small_world(ws)
        ids["ug_site"] = add(ws, "site", name=SITE_UG, country="CN", region="Aksu")
        ids["ug_visit"] = add(
            ws, "visit", site_id=ids["ug_site"], start_date="2026-09-02", method="unannounced"
        )
        add(
            ws,
            "finding",
            visit_id=ids["ug_visit"],
            site_id=ids["ug_site"],
            indicator="ILO-07",
            grade=3,
            source_type="direct_observation",
            narrative=NARRATIVE_UG,
        )
        ids["path"] = str(path)
    finally:
        ws.close()
    return ids


def test_an_arabic_script_font_is_found() -> None:
    assert shaping.arabic_font() == shaping.ARABIC_FONT
    assert "Arabic" in (shaping.font_path() or "") or "UKIJ" in (shaping.font_path() or "")


@pytest.mark.parametrize(
    ("logical", "visual_has"),
    [
        ("بىلەن", "\ufe91"),  # beh takes its initial form: the letters join
        ("ILO-07 كۆرسەتكۈچى", "ILO-07"),  # Latin and digits keep their direction
        ("2024-يىلى", "2024"),  # numbers are not reversed
    ],
)
def test_shaping_joins_and_keeps_numbers(logical: str, visual_has: str) -> None:
    assert visual_has in shaping.visual_line(logical)


def test_ae_after_a_joining_letter_is_drawn_joined_and_extracts_as_ae() -> None:
    shaped = shaping.reshape("كەلسە")  # final AE after seen
    assert shaped.endswith("\uf6d5") and "\u0629" not in shaped
    assert shaping.reshape("رەت")[1] == shaping.AE  # after reh, which never joins: isolated


def test_signed_uyghur_scorecard_verifies_and_extracts(
    uyghur_world: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "ug.pdf"
    made = aces(
        "--workspace", uyghur_world["path"], "report", "--kind", "site",
        "--id", uyghur_world["ug_site"], "--language", "ug", "--out", str(out), "--sign",
        "--json", env=PASS_ENV,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert json.loads(made.stdout)["scorecards"][0]["signed"] is True
    sig = pdfsig(out)
    assert "Signature is Valid." in sig and "Total document signed" in sig
    verify = aces("--workspace", uyghur_world["path"], "pdf", "verify", str(out), env=PASS_ENV)
    assert verify.returncode == 0, verify.stdout + verify.stderr

    text = _text(out)
    assert _words_missing(SITE_UG, text) == []
    assert _words_missing(NARRATIVE_UG, text) == []
    # The same term as the GUI and the register: one source per language.
    assert _words_missing(terms.indicator_name("ILO-07", "ug"), text) == []
    assert _words_missing("ئورۇن باھا كارتىسى", text) == []  # the layout words too
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True).stdout
    arabic = [line for line in fonts.splitlines() if re.search("Arabic|UKIJ", line)]
    assert arabic and all(" yes " in line for line in arabic)  # embedded (subset)

    png = tmp_path / "page"
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(out), str(png)])
    assert (tmp_path / "page-1.png").stat().st_size > 5000
    keep = Path(__import__("os").environ.get("ACES_KEEP_PDF", ""))
    if keep.name:
        keep.write_bytes(out.read_bytes())


def test_english_scorecard_of_a_uyghur_site_still_shows_its_name(
    uyghur_world: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "en.pdf"
    made = aces(
        "--workspace", uyghur_world["path"], "report", "--kind", "site",
        "--id", uyghur_world["ug_site"], "--out", str(out), env=PASS_ENV,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    text = _text(out)
    assert _words_missing(SITE_UG, text) == []
    assert "Site scorecard" in text and "Retention of identity documents" in text


def test_chinese_scorecard_uses_the_chinese_terms(
    uyghur_world: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "zh.pdf"
    made = aces(
        "--workspace", uyghur_world["path"], "report", "--kind", "site",
        "--id", uyghur_world["site"], "--language", "zh_CN", "--out", str(out), env=PASS_ENV,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    text = _text(out).replace("\n", "")
    assert terms.indicator_name("ILO-07", "zh_CN") == "扣留身份证件"
    assert "扣留身份证件" in text  # the same term as the Chinese interface shows
    assert "Retention of identity documents" not in text.split("Appendix")[0]


@pytest.mark.parametrize(
    ("language", "remediate", "interview"),
    [
        ("ug", "تۈزىتىڭ ۋە تۈزىتىشنى زىيارەتتە دەلىللەڭ", "ئىشچىلار بىلەن ئورۇن سىرتىدا"),
        ("zh_CN", "并在走访中核实整改情况", "在场外访谈工人"),
    ],
)
def test_summary_of_page_one_is_written_in_the_report_language(
    uyghur_world: dict[str, str], tmp_path: Path, language: str, remediate: str, interview: str
) -> None:
    """The summary's sentences (rating, changes, findings, actions) follow the language, not
    only its terms: a grade-3 finding asks for remediation, no off-site interview for one."""
    out = tmp_path / f"{language}.pdf"
    made = aces(
        "--workspace", uyghur_world["path"], "report", "--kind", "site",
        "--id", uyghur_world["ug_site"], "--language", language, "--out", str(out),
        env=PASS_ENV,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    page_one = _text(out).split("\f")[0]
    sentences = ("Remediate", "Interview workers off-site", "No earlier rating", "Risk level 4")
    for english in sentences:
        assert english not in page_one, english
    assert _words_missing(remediate, page_one) == []
    assert _words_missing(interview, page_one) == []
