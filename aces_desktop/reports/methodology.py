"""The methodology appendix of a scorecard: principles, the rules of its kind, and the
rubric's criteria with every level described (read from the shipped rubric file)."""

from __future__ import annotations

import re
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from aces_desktop.core.reference import reference
from aces_desktop.core.scoring.methodology import grades_text, methodology_numbers, tiers_text

PRINCIPLES = [
    "Unknown is not zero. A criterion with no evidence is unknown. A rating shows its "
    "coverage (the share of criteria with evidence, weighted by criterion weight) and a band: "
    "the lowest score (every unknown at 0) and the highest (every unknown at its maximum). "
    "The point score is computed over the criteria with evidence only and always lies inside "
    "the band; it is shown only when coverage is at least {coverage} %.",
    "Every point is explained: each level awarded names the evidence records that earned it.",
    "Evidence quality counts. Source types, best first: direct observation by the assessor; "
    "document seen; corroborated worker testimony (two or more independent workers); single "
    "worker testimony; credible public report; the subject's own claim. A level that needs "
    "verification is not earned by the subject's own claim alone. Evidence older than "
    "{stale} months is stale and earns at most half of its level (rounded down).",
    "No black box: the whole formula is published and the rubric is a versioned file; "
    "changing a weight means a new rubric version. Separate dimensions, no hidden totals.",
]

KIND_RULES = {
    "initiative": [
        "Initiatives are rated on three dimensions side by side: Transparent, Scaled and "
        "Accountable. Each criterion is scored 0–4 and all criteria of a dimension weigh the "
        "same; a dimension's score is 100 × (sum of levels) / (4 × number of criteria).",
        "Grades per dimension: {grades}. The label 'Scaled, transparent and binding model' is "
        "given when all three dimensions are at least {label_min}.",
    ],
    "company": [
        "Companies are rated on weighted human-rights due-diligence criteria, each 0–4: "
        "score = Σ weight × level / 4 (0–100). Tiers: {tiers}. Levels 1 and 3 lie between the "
        "described 0, 2 and 4.",
        "Gates: a modern-slavery statement meeting the legal minimum is required for any "
        "score above {cap}; initiative membership earns credit in C6/C7 only in proportion to the "
        "initiative's Accountable score; audits in the Uyghur Region earn no credit for C3; a "
        "company that answered no outreach request within {window} days is tagged "
        "Non-responsive.",
    ],
    "site": [
        "Findings are recorded per indicator and graded 0 checked and absent, 1 risk factor "
        "present, 2 medium indicator, 3 strong indicator. Elements: involuntariness, penalty "
        "or coercion, and context.",
        "Risk level 4 (likely forced labour): a strong involuntariness indicator together with "
        "a medium or strong penalty indicator, or any evidence of state-imposed labour. 3 "
        "(high): at least one strong indicator. 2 (elevated): two or more medium indicators. "
        "1 (low): isolated risk factors only. 0 (none found): all indicators checked and "
        "absent, backed by off-site worker interviews. Unknown: fewer than half the "
        "indicators checked.",
        "Remediation progress = verified remediated findings / all findings above grade 0, "
        "shown over time.",
    ],
}


def _rubric() -> Any | None:
    from aces_desktop.core.rubric import default_rubric

    try:
        return default_rubric()
    except Exception:
        return None


def _table(rows: list[list[Any]], widths: list[float]) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.HexColor("#D5DDD9")),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#F3F7F4")]),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


_SHORT_ID = re.compile(r"^[A-Z]{1,4}-?\d{1,3}$")


def criterion_title(cid: str, name: str) -> str:
    """'C3 · Uyghur Region…' for short codes; a long internal id (LEGAL_STATEMENT) is left
    out, so no code reaches a reader."""
    return f"{cid} · {name}" if _SHORT_ID.match(cid) else name


def method_words(result: dict[str, Any], rubric: Any | None = None) -> dict[str, str]:
    """The rubric's numbers for the texts above, from the result (the rubric it was scored
    with); results saved before results carried them fall back to the shipped rubric."""
    numbers = result.get("methodology")
    if not numbers:
        rubric = rubric or _rubric()
        numbers = methodology_numbers(rubric) if rubric is not None else None
    if not numbers:
        return dict.fromkeys(
            ("coverage", "stale", "grades", "label_min", "tiers", "cap", "window"), "?"
        )
    return {
        "coverage": f"{numbers['coverage_threshold']:g}",
        "stale": str(numbers["stale_months"]),
        "grades": grades_text(numbers),
        "label_min": f"{numbers['label_min_each']:g}",
        "tiers": tiers_text(numbers),
        "cap": f"{numbers['statement_cap']:g}",
        "window": str(numbers["response_window_days"]),
    }


def appendix(kind: str, s: Any, result: dict[str, Any]) -> list[Flowable]:
    def p(text: str, style: Any) -> Paragraph:
        return Paragraph(escape(text), style)

    out: list[Flowable] = [p("Appendix: methodology", s.h1)]
    rubric = _rubric()
    version = str(result.get("rubric_version") or getattr(rubric, "version", "?"))
    out.append(
        p(
            f"ACES scoring methodology, rubric version {version}. The rubric ships with ACES "
            "Desktop as resources/methodology/rubric-v{version}.toml; the full method is in "
            "the application's documentation (docs/scoring.md).".replace("{version}", version),
            s.small,
        )
    )
    numbers = method_words(result, rubric)
    out.append(p("Principles", s.h2))
    out += [p(text.format(**numbers), s.body) for text in PRINCIPLES]
    out.append(Spacer(1, 4))
    out.append(p("How this kind of subject is rated", s.h2))
    out += [p(text.format(**numbers), s.body) for text in KIND_RULES[kind]]
    out.append(Spacer(1, 6))
    width = 170 * 2.8346  # about the content width in points
    if kind in ("initiative", "company") and rubric is not None:
        crits = [c for c in rubric.criteria.values() if getattr(c, "subject", kind) == kind]
        if crits:
            out.append(p("Criteria and level descriptions", s.h2))
            rows: list[list[Any]] = [[p("Criterion", s.label), p("Levels", s.label)]]
            for c in crits:
                levels = "<br/>".join(
                    f"<b>{i}</b> {escape(text)}" for i, text in enumerate(c.levels) if text
                )
                head = criterion_title(c.id, c.en)
                if kind == "company":
                    head += f" (weight {c.weight:g})"
                rows.append([p(head, s.cell), Paragraph(levels, s.cell)])
            out.append(_table(rows, [55 * 2.8346, width - 55 * 2.8346]))
    if kind == "site":
        ref = reference()
        out.append(p("Indicators", s.h2))
        rows = [[p("Code", s.label), p("Indicator", s.label), p("Category / element", s.label)]]
        for ind in ref.indicators.values():
            category = ref.categories.get(ind.category, {}).get("en", ind.category)
            where = f"{category}" + (f" / {ind.element}" if ind.element else "")
            rows.append([p(ind.code, s.cell), p(f"{ind.en} ({ind.zh})", s.cell), p(where, s.cell)])
        out.append(_table(rows, [22 * 2.8346, 80 * 2.8346, width - 102 * 2.8346]))
    out.append(Spacer(1, 6))
    out.append(p("Sources of evidence, best first", s.h2))
    rows = [[p("Rank", s.label), p("Source type", s.label)]]
    for st in sorted(reference().source_types.values(), key=lambda x: -x.rank):
        rows.append([p(str(st.rank), s.cell), p(f"{st.en} ({st.zh})", s.cell)])
    out.append(_table(rows, [18 * 2.8346, width - 18 * 2.8346]))
    out.append(Spacer(1, 6))
    out.append(
        p(
            "Sources behind the rubric: MSI Integrity, Not Fit-for-Purpose (2020); KnowTheChain "
            "benchmark methodology; Corporate Human Rights Benchmark; ILO Indicators of Forced "
            "Labour and 'Hard to see, harder to count' (2012); OECD Due Diligence Guidance; UK "
            "Modern Slavery Act 2015 s.54; California Transparency in Supply Chains Act; the "
            "Coalition to End Forced Labour in the Uyghur Region; the US Uyghur Forced Labor "
            "Prevention Act.",
            s.small,
        )
    )
    return out
