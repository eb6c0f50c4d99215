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
# The sentences of a scorecard's summary (reports/summary.py), in Uyghur and Chinese; the
# rest of the Chinese layout stays English for now (its terms come from core.terms).
SUMMARY_UG: dict[str, str] = {
    "Risk level unknown: too few indicators have been checked.": "خەۋپ دەرىجىسى نامەلۇم: تەكشۈرۈلگەن كۆرسەتكۈچ بەك ئاز.",
    "Risk level %1 of 4: %2 (confidence %3).": "خەۋپ دەرىجىسى 4 تىن %1: %2 (ئىشەنچ دەرىجىسى %3).",
    "No tier yet: too little evidence to rate this company.": "تېخى قاتلام يوق: بۇ شىركەتكە باھا بېرىشكە ئىسپات بەك ئاز.",
    "%1 tier, %2 of 100 (confidence %3).": "%1 قاتلىمى، 100 دىن %2 (ئىشەنچ دەرىجىسى %3).",
    "Grades: %1.": "دەرىجىلەر: %1.",
    "Earns the label '%1'.": "«%1» بەلگىسىگە ئېرىشىدۇ.",
    "unknown": "نامەلۇم",
    "risk level %1": "خەۋپ دەرىجىسى %1",
    "no tier": "قاتلام يوق",
    "No earlier rating is stored: this is the first scorecard of this subject.": "ئىلگىرىكى باھا ساقلانمىغان: بۇ بۇ ئوبيېكتنىڭ تۇنجى باھا كارتىسى.",
    "Rating changed from %1 (as of %2) to %3.": "باھا %1 دىن (%2 دىكى) %3 غا ئۆزگەردى.",
    "Rating unchanged since %1 (%2).": "باھا %1 دىن بۇيان ئۆزگەرمىدى (%2).",
    "%1: level %2 → %3": "%1: سەۋىيە %2 → %3",
    "%1 more criteria changed level.": "يەنە %1 ئۆلچەمنىڭ سەۋىيەسى ئۆزگەردى.",
    "%1: grade %2 (%3).": "%1: دەرىجە %2 (%3).",
    "No indicator graded 2 or 3 (medium or strong).": "2 ياكى 3 دەرىجىلىك (ئوتتۇرا ياكى كۈچلۈك) كۆرسەتكۈچ يوق.",
    "Tagged %1.": "%1 بەلگىسى قويۇلغان.",
    "Strength: %1, level %2 of %3 (%4).": "ئارتۇقچىلىق: %1، %3 تىن %2-سەۋىيە (%4).",
    "Weakness: %1, level %2 of %3 (%4).": "ئاجىزلىق: %1، %3 تىن %2-سەۋىيە (%4).",
    "Remediate %1 and verify the remediation on a visit.": "%1 نى تۈزىتىڭ ۋە تۈزىتىشنى زىيارەتتە دەلىللەڭ.",
    " and %1 more": " ۋە يەنە %1",
    "Check the indicators not yet graded at the next visit: %1.": "كېيىنكى زىيارەتتە تېخى دەرىجە بېرىلمىگەن كۆرسەتكۈچلەرنى تەكشۈرۈڭ: %1.",
    "Interview workers off-site: it is needed for high confidence.": "ئىشچىلار بىلەن ئورۇن سىرتىدا سۆھبەتلىشىڭ: يۇقىرى ئىشەنچ ئۈچۈن بۇ زۆرۈر.",
    "Gather evidence for %1: no evidence counted yet.": "%1 ئۈچۈن ئىسپات توپلاڭ: تېخى ھېچقانداق ئىسپات ھېسابلانمىغان.",
    "%1: level %2 requires %3.": "%1: %2-سەۋىيە ئۈچۈن %3 كېرەك.",
    "high": "يۇقىرى",
    "medium": "ئوتتۇرا",
    "low": "تۆۋەن",
    "Leader": "يېتەكچى",
    "Improver": "ياخشىلىنىۋاتقان",
    "Starter": "باشلىغۇچى",
    "Laggard": "ئارقىدا قالغان",
}

SUMMARY_ZH: dict[str, str] = {
    "Risk level unknown: too few indicators have been checked.": "风险等级未知：已检查的指标太少。",
    "Risk level %1 of 4: %2 (confidence %3).": "风险等级 %1（共 4 级）：%2（可信度 %3）。",
    "No tier yet: too little evidence to rate this company.": "尚无层级：证据太少，无法评级此公司。",
    "%1 tier, %2 of 100 (confidence %3).": "%1层级，%2 分（满分 100，可信度 %3）。",
    "Grades: %1.": "等级：%1。",
    "Earns the label '%1'.": "获得“%1”标签。",
    "unknown": "未知",
    "risk level %1": "风险等级 %1",
    "no tier": "无层级",
    "No earlier rating is stored: this is the first scorecard of this subject.": "没有保存更早的评级：这是此对象的第一份评分卡。",
    "Rating changed from %1 (as of %2) to %3.": "评级从 %1（截至 %2）变为 %3。",
    "Rating unchanged since %1 (%2).": "自 %1 以来评级未变（%2）。",
    "%1: level %2 → %3": "%1：等级 %2 → %3",
    "%1 more criteria changed level.": "另有 %1 项标准的等级发生变化。",
    "%1: grade %2 (%3).": "%1：等级 %2（%3）。",
    "No indicator graded 2 or 3 (medium or strong).": "没有评为 2 或 3（中等或强）的指标。",
    "Tagged %1.": "已标记为%1。",
    "Strength: %1, level %2 of %3 (%4).": "优势：%1，等级 %2/%3（%4）。",
    "Weakness: %1, level %2 of %3 (%4).": "弱项：%1，等级 %2/%3（%4）。",
    "Remediate %1 and verify the remediation on a visit.": "整改%1，并在走访中核实整改情况。",
    " and %1 more": "，另有 %1 项",
    "Check the indicators not yet graded at the next visit: %1.": "在下次走访时检查尚未评级的指标：%1。",
    "Interview workers off-site: it is needed for high confidence.": "在场外访谈工人：这是获得高可信度所必需的。",
    "Gather evidence for %1: no evidence counted yet.": "为%1收集证据：尚未计入任何证据。",
    "%1: level %2 requires %3.": "%1：等级 %2 需要%3。",
    "high": "高",
    "medium": "中",
    "low": "低",
    "Leader": "领先者",
    "Improver": "改进者",
    "Starter": "起步者",
    "Laggard": "落后者",
}

TABLES: dict[str, dict[str, str]] = {
    "ug": {k.casefold(): v for k, v in {**UG, **SUMMARY_UG}.items()},
    "zh": {k.casefold(): v for k, v in SUMMARY_ZH.items()},
}


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
