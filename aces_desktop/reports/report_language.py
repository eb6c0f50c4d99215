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
    "HRDD leadership tier": "كىشىلىك ھوقۇق ئەستايىدىللىقى يېتەكچىلىك قاتلىمى",
    "No tier: insufficient evidence": "قاتلام يوق: ئىسپات يېتەرسىز",
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
    "Tier": "قاتلام",
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
    "Type of site": "ئورۇن تۈرى",
    "Workforce": "ئىشچى سانى",
    "Disclosure": "ئاشكارىلاش",
    "Open Supply Hub id": "Open Supply Hub كىملىكى",
}
# The register's page (index.html): English text -> Uyghur; %1... are filled in after.
UG.update(
    {
        "not rated": "باھالانمىغان",
        "insufficient evidence": "ئىسپات يېتەرسىز",
        "Label": "بەلگە",
        "Members": "ئەزالار",
        "Sites covered": "قاپلانغان ئورۇنلار",
        "Workers covered": "قاپلانغان ئىشچىلار",
        "Initiatives": "تەشەببۇسلار",
        "Companies": "شىركەتلەر",
        "Sites": "ئورۇنلار",
        "Requests sent": "ئەۋەتىلگەن تەلەپلەر",
        "Answered": "جاۋاب بېرىلگەن",
        "Commitments met": "ئورۇندالغان ۋەدىلەر",
        "Covered by": "قاپلىغۇچى",
        "Buyers and owners": "سېتىۋالغۇچى ۋە ئىگىلەر",
        "ACES transparency register": "ACES ئاشكارىلىق تىزىملىكى",
        "About this register": "بۇ تىزىملىك ھەققىدە",
        "no findings above 0": "0 دىن يۇقىرى بايقاش يوق",
        "band %1–%2": "دائىرە %1–%2",
        "%1 of %2 due in %3 days": "%3 كۈندە مۇددىتى توشقان %2 نىڭ %1 ى",
        "%1 of %2": "%2 نىڭ %1 ى",
        "%1 made": "%1 ۋەدە بېرىلگەن",
        "confidence %1": "ئىشەنچ دەرىجىسى %1",
        "%1 of %2 verified": "%2 نىڭ %1 ى دەلىللەنگەن",
        "Exported %1": "چىقىرىلغان ۋاقىت %1",
        "ACES methodology, rubric version %1": "ACES ئۇسۇلى، ئۆلچەم نەشرى %1",
        "%1 initiatives": "%1 تەشەببۇس",
        "%1 companies": "%1 شىركەت",
        "%1 sites published": "%1 ئورۇن ئېلان قىلىندى",
        "Sections": "بۆلۈملەر",
        "Data:": "سانلىق مەلۇمات:",
        "Search names, countries, regions, tiers…": "نام، دۆلەت، رايون، قاتلام ئىزدەش…",
        "Search the register": "تىزىملىكتىن ئىزدەش",
        "Non-responsive": "جاۋاب بەرمىگەن",
    }
)
# Paragraphs of the register's page, with their markup (trusted: written here).
REGISTER_BLOCKS: dict[str, dict[str, str]] = {
    "en": {
        "INITIATIVES_EXPLAIN": (
            "How <b>Transparent</b>, <b>Scaled</b> and <b>Accountable</b> each multi-stakeholder\n"
            "initiative is, each 0–100 with a grade (%1). The band is the\n"
            "lowest and highest score the criteria without evidence still allow; below %2 % "
            "evidence coverage\nonly the band is shown."
        ),
        "COMPANIES_EXPLAIN": (
            "Human-rights due-diligence leadership, 0–100: %1. <i>Non-responsive</i>: no "
            "outreach request answered within\n%2 days. The response record counts every "
            "request sent, answers and commitments met."
        ),
        "SITES_EXPLAIN": (
            "Forced-labour risk level (%1) and remediation progress: verified remediated "
            "findings out of all findings above 0,\nwith its course over the last quarters. "
            "%2 further sites are not\npublished, to protect the people who work there; some "
            "sites are published without address."
        ),
        "ABOUT": (
            "Published by %1 with ACES Desktop. Ratings follow the open ACES methodology: every\n"
            "score can be recomputed from its evidence. No statement of an interviewed worker "
            "and no name of\na person appears in this register. The same data is available as "
            '<a href="register.json">JSON</a>\n(valid against <a href="register-schema.json">'
            "register-schema.json</a>) and CSV; every file is\nlisted with its SHA-256 hash in "
            '<a href="SHA256SUMS">SHA256SUMS</a>\n(check with <code>sha256sum -c SHA256SUMS'
            "</code>)."
        ),
    },
    "ug": {
        "INITIATIVES_EXPLAIN": (
            "ھەر بىر كۆپ تەرەپلىك تەشەببۇسنىڭ قانچىلىك <b>ئاشكارا</b>، <b>كۆلەملىك</b> ۋە "
            "<b>ھېساب بېرىدىغان</b> ئىكەنلىكى، ھەر بىرى 0–100 ۋە دەرىجە بىلەن (%1). دائىرە — "
            "ئىسپاتى يوق ئۆلچەملەر يول قويىدىغان ئەڭ تۆۋەن ۋە ئەڭ يۇقىرى نومۇر؛ ئىسپات قاپلاش "
            "دائىرىسى %2 % تىن تۆۋەن بولسا، پەقەت دائىرىلا كۆرسىتىلىدۇ."
        ),
        "COMPANIES_EXPLAIN": (
            "كىشىلىك ھوقۇق ئەستايىدىللىقى يېتەكچىلىكى، 0–100: %1. <i>جاۋاب بەرمىگەن</i>: "
            "%2 كۈن ئىچىدە ھېچقانداق ئالاقە تەلىپىگە جاۋاب بېرىلمىگەن. جاۋاب خاتىرىسى "
            "ئەۋەتىلگەن ھەر بىر تەلەپ، جاۋاب ۋە ئورۇندالغان ۋەدىلەرنى سانايدۇ."
        ),
        "SITES_EXPLAIN": (
            "مەجبۇرىي ئەمگەك خەۋپ دەرىجىسى (%1) ۋە تۈزىتىش ئىلگىرىلىشى: 0 دىن يۇقىرى بارلىق "
            "بايقاشلار ئىچىدە تۈزىتىلگەنلىكى دەلىللەنگەنلىرى، ئاخىرقى پەسىللەردىكى ئۆزگىرىشى "
            "بىلەن. ئۇ يەردە ئىشلەيدىغان كىشىلەرنى قوغداش ئۈچۈن يەنە %2 ئورۇن ئېلان "
            "قىلىنمىدى؛ بەزى ئورۇنلار ئادرېسسىز ئېلان قىلىندى."
        ),
        "ABOUT": (
            "%1 ACES Desktop بىلەن ئېلان قىلدى. باھالار ئوچۇق ACES ئۇسۇلىغا ئەمەل قىلىدۇ: ھەر "
            "بىر نومۇرنى ئۆز ئىسپاتىدىن قايتا ھېسابلىغىلى بولىدۇ. بۇ تىزىملىكتە سۆھبەتلەشكەن "
            "ئىشچىنىڭ ھېچقانداق بايانى ۋە ھېچقانداق كىشىنىڭ ئىسمى يوق. ئوخشاش سانلىق مەلۇمات "
            '<a href="register.json">JSON</a> (<a href="register-schema.json">'
            "register-schema.json</a> غا ماس) ۋە CSV شەكلىدىمۇ بار؛ ھەر بىر ھۆججەت SHA-256 "
            'قىممىتى بىلەن <a href="SHA256SUMS">SHA256SUMS</a> دا تىزىلغان '
            "(<code>sha256sum -c SHA256SUMS</code> بىلەن تەكشۈرۈڭ)."
        ),
    },
}
TABLES: dict[str, dict[str, str]] = {"ug": {k.casefold(): v for k, v in UG.items()}}


def block(key: str) -> str:
    """A paragraph of the register's page in the report language (English when missing)."""
    return REGISTER_BLOCKS.get(base_language(current()), {}).get(key) or REGISTER_BLOCKS["en"][key]


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
