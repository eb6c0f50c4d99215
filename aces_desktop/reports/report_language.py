"""The language a scorecard or register is written in.

Methodology terms (indicator, criterion and level names) come from ``core.terms``, the one
place they are kept per language. The fixed words of the scorecard layout (headings, column
titles) are looked up here by their English text; a word without a translation stays
English, so the layout can grow without breaking other languages. ``use_language`` sets
the language for the code that draws the PDF (a context variable: safe across threads).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from aces_desktop.core.reference import base_language

REPORT_LANGUAGES = ("en", "zh_CN", "ug")
RTL_LANGUAGES = frozenset({"ug"})

_language: ContextVar[str] = ContextVar("report_language", default="en")

# English layout words -> Uyghur. Reviewers: see docs/translations.md.
UG: dict[str, str] = {
    "Initiative scorecard": "تەشەببۇس باھا كارتىسى",
    "Company scorecard": "شىركەت باھا كارتىسى",
    "Site scorecard": "ئورۇن باھا كارتىسى",
    "Rated": "باھالاندى",
    "Unknown (too few indicators checked)": "نامەلۇم (تەكشۈرۈلگەن كۆرسەتكۈچ بەك ئاز)",
    "Open": "ئوچۇق",
    "In remediation": "تۈزىتىلىۋاتىدۇ",
    "Remediated (not yet verified)": "تۈزىتىلگەن (تېخى دەلىللەنمىگەن)",
    "Verified remediated": "تۈزىتىلگەنلىكى دەلىللەنگەن",
    "Record id": "خاتىرە كىملىكى",
    "Subject id": "ئوبيېكت كىملىكى",
    "Risk level unknown": "خەۋپ دەرىجىسى نامەلۇم",
    "Risk level": "خەۋپ دەرىجىسى",
    "HRDD leadership tier": "كىشىلىك ھوقۇق ئەستايىدىللىقى يېتەكچىلىك دەرىجىسى",
    "No tier: insufficient evidence": "دەرىجە يوق: ئىسپات يېتەرسىز",
    "Rating at a glance": "باھا قىسقىچە",
    "Criteria and evidence": "ئۆلچەم ۋە ئىسپاتلار",
    "Dimensions": "ئۆلچەم ساھەلىرى",
    "Dimension": "ساھە",
    "Gates": "دەرۋازىلار",
    "Gate": "دەرۋازا",
    "Passed": "ئۆتتى",
    "Effect": "تەسىرى",
    "Company-response log": "شىركەت جاۋابى خاتىرىسى",
    "Remediation": "تۈزىتىش",
    "Rating history (stored snapshots)": "باھا تارىخى (ساقلانغان كەسمىلەر)",
    "Re-checking this score": "بۇ نومۇرنى قايتا تەكشۈرۈش",
    "Indicators by element": "ئېلېمېنت بويىچە كۆرسەتكۈچلەر",
    "Element or category": "ئېلېمېنت ياكى تۈر",
    "Highest grade": "ئەڭ يۇقىرى دەرىجە",
    "Indicators": "كۆرسەتكۈچلەر",
    "Findings": "بايقاشلار",
    "Status": "ھالەت",
    "Source": "مەنبە",
    "Date": "چېسلا",
    "Link or document": "ئۇلانما ياكى ھۆججەت",
    "SHA-256 of attached files": "قوشۇلغان ھۆججەتلەرنىڭ SHA-256 قىممىتى",
    "No evidence recorded for this criterion.": "بۇ ئۆلچەم ئۈچۈن ئىسپات خاتىرىلەنمىگەن.",
    "Why: ": "سەۋەبى: ",
    "yes": "ھەئە",
    "no": "ياق",
    "As of": "ۋاقتى",
    "Score": "نومۇر",
    "Tier": "دەرىجە",
    "Band": "دائىرە",
    "Coverage": "قاپلاش دائىرىسى",
    "Confidence": "ئىشەنچ دەرىجىسى",
    "Grade": "دەرىجە",
    "Labels and tags": "بەلگە ۋە خەتكۈچلەر",
    "Scored as of": "نومۇر ھېسابلانغان ۋاقىت",
    "Rubric version": "ئۆلچەم نەشرى",
    "Input hash (SHA-256)": "كىرگۈزۈش خەشى (SHA-256)",
    "Data SHA-256 (attached JSON)": "سانلىق مەلۇمات SHA-256 (قوشۇلغان JSON)",
    "Signed by": "ئىمزالىغۇچى",
    "Generated": "ياسالغان ۋاقىت",
    "Workspace": "خىزمەت بوشلۇقى",
    "Not signed": "ئىمزالانمىغان",
    "Checking this scorecard": "بۇ باھا كارتىسىنى تەكشۈرۈش",
    "Band (unknowns at 0 / at max)": "دائىرە (نامەلۇملار 0 دە / ئەڭ يۇقىرىدا)",
    "Trend: share of findings verified remediated at each month end": (
        "يۈزلىنىش: ھەر ئاي ئاخىرىدا تۈزىتىلگەنلىكى دەلىللەنگەن بايقاشلارنىڭ ئۈلۈشى"
    ),
    "Level description:": "سەۋىيە چۈشەندۈرۈشى:",
    "Explanation:": "چۈشەندۈرۈش:",
    "Country": "دۆلەت",
    "Region": "رايون",
    "Address": "ئادرېس",
    "Kind": "تۈرى",
    "Products": "مەھسۇلاتلار",
    "Workforce size": "ئىشچى سانى",
    "Site": "ئورۇن",
    "Company": "شىركەت",
    "Initiative": "تەشەببۇس",
}
TABLES: dict[str, dict[str, str]] = {"ug": {k.casefold(): v for k, v in UG.items()}}


def current() -> str:
    return _language.get()


def is_rtl(language: str | None = None) -> bool:
    return base_language(language or current()) in RTL_LANGUAGES


@contextmanager
def use_language(language: str) -> Iterator[None]:
    token = _language.set(language or "en")
    try:
        yield
    finally:
        _language.reset(token)


def label(text: str) -> str:
    """A fixed layout word in the report language (English when it has no translation)."""
    table = TABLES.get(base_language(current()))
    if not table:
        return text
    return table.get(text.casefold(), text)
