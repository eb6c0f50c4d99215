"""Scorecard PDFs (ReportLab platypus) for initiatives, companies and sites.

Page 1: the subject, the rating at a glance (grades, tier or risk level; band, coverage,
confidence) and a chart, with room at the bottom right for the visible signature. Then every
criterion with its level, the level's description, the explanation and the evidence
(source type, date, link or document, SHA-256 of attached files); remediation progress and
its trend for sites; how to re-check the score (rubric version, input hash, data hash); and
a methodology appendix. Every page has a header and a footer with the workspace, the date
and "page x of y".

The scorecard content comes from ``scorecard_data.collect`` (already redacted).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from aces_desktop import __version__
from aces_desktop.core import terms
from aces_desktop.core.reference import reference
from aces_desktop.reports import charts, shaping, summary
from aces_desktop.reports.fonts import locate_font
from aces_desktop.reports.methodology import criterion_title, method_words
from aces_desktop.reports.report_language import current as report_language
from aces_desktop.reports.report_language import label as tr
from aces_desktop.reports.scorecard_data import REMEDIATION_ORDER, CriterionBlock, Scorecard
from aces_desktop.reports.signing import DEFAULT_STAMP_BOX, data_keyword

PAGE_W, PAGE_H = A4
MARGIN_X = 18 * mm
TOP = PAGE_H - 22 * mm
BOTTOM = 20 * mm
FIRST_BOTTOM = DEFAULT_STAMP_BOX[3] + 14
CONTENT_W = PAGE_W - 2 * MARGIN_X
NO_PADDING: dict[str, Any] = {
    "leftPadding": 0,
    "rightPadding": 0,
    "topPadding": 0,
    "bottomPadding": 0,
    "showBoundary": 0,
}

INK = charts.INK
MUTED = charts.MUTED
ACCENT = charts.ACCENT
PALE = colors.HexColor("#F3F7F4")
RULE = colors.HexColor("#D5DDD9")
LABEL = '<font color="#1E6B52">'

KIND_TITLES = {
    "initiative": "Initiative scorecard",
    "company": "Company scorecard",
    "site": "Site scorecard",
}
STATUS_TEXT = {
    "rated": "Rated",
    "insufficient_evidence": "Insufficient evidence (coverage below {coverage} %)",
    "unknown": "Unknown (too few indicators checked)",
}
REMEDIATION_TEXT = {
    "open": "Open",
    "in_remediation": "In remediation",
    "remediated": "Remediated (not yet verified)",
    "verified_remediated": "Verified remediated",
}
DIMENSION_TITLES = {
    "T": "Transparent",
    "S": "Scaled",
    "A": "Accountable",
    "ILO": "ILO indicators of forced labour",
    "SIL": "State-imposed labour",
    "DW": "Decent work",
    "ENV": "Environment",
}
GATE_TITLES = {
    "legal_statement": "Modern-slavery statement",
    "membership_credit": "Credit from initiative membership",
    "no_assurance_region": "Audits where assurance is not credible",
    "response_log": "Answers to requests",
}
HISTORY_COLUMNS = {  # (heading, key) per kind: only what applies to the subject
    "initiative": (("As of", "as_of"), ("Status", "status"), ("Grades", "grade")),
    "company": (("As of", "as_of"), ("Status", "status"), ("Score", "score"), ("Tier", "tier")),
    "site": (("As of", "as_of"), ("Status", "status"), ("Risk level", "risk_level")),
}


@dataclass(frozen=True)
class SignedBy:
    """Who issues the scorecard, as printed: the person and organisation, the certificate
    readers must trust (name and SHA-256 fingerprint), and the organisation's logo."""

    person: str | None  # None: not signed
    organisation: str
    trust_name: str | None = None
    trust_sha256: str | None = None
    source: str = "organisation CA"
    logo: bytes | None = None

    @property
    def line(self) -> str:
        if self.person is None:
            return "not signed"
        if self.person == self.organisation:
            return self.organisation
        return f"{self.person}, for {self.organisation}"


def status_text(status: Any, result: dict[str, Any]) -> str:
    return STATUS_TEXT.get(str(status), str(status).replace("_", " ")).format(
        **method_words(result)
    )


class _Styles:
    def __init__(self, font: str) -> None:
        def style(name: str, size: float, lead: float, colour: Any = INK, **kw: Any) -> Any:
            return ParagraphStyle(
                name,
                fontName=font,
                fontSize=size,
                leading=lead,
                textColor=colour,
                alignment=TA_LEFT,
                **kw,
            )

        self.font = font
        self.kicker = style("kicker", 9, 12, ACCENT, spaceAfter=2)
        self.title = style("title", 22, 27, INK, spaceAfter=2)
        self.subtitle = style("subtitle", 11, 14, MUTED, spaceAfter=6)
        self.h1 = style("h1", 15, 19, ACCENT, spaceBefore=6, spaceAfter=6)
        self.h2 = style("h2", 11.5, 15, INK, spaceBefore=4, spaceAfter=3)
        self.body = style("body", 9, 12.2, INK, spaceAfter=2.5)
        self.small = style("small", 8, 10.4, MUTED)
        self.cell = style("cell", 7.8, 9.8, INK, wordWrap="CJK")
        self.cell_muted = style("cellm", 7.8, 9.8, MUTED, wordWrap="CJK")
        self.hash = ParagraphStyle(
            "hash", fontName="Courier", fontSize=6.6, leading=8.2, textColor=INK, wordWrap="CJK"
        )
        self.big = style("big", 20, 24, colors.white)
        self.label = style("label", 7.5, 9.5, MUTED)
        self.value = style("value", 11, 14, INK)


_LONG_TOKEN = re.compile(r"\S{26,}")
_plain_styles: dict[int, ParagraphStyle] = {}


def _fit(text: str, style: ParagraphStyle) -> ParagraphStyle:
    """CJK line breaking (anywhere) only where needed: it is slow, and Latin text reads
    better broken at spaces. Needed for Chinese text and long unbroken tokens (hashes)."""
    if getattr(style, "wordWrap", None) != "CJK":
        return style
    if any(ord(ch) >= 0x2E80 for ch in text) or _LONG_TOKEN.search(text):
        return style
    plain = _plain_styles.get(id(style))
    if plain is None:
        plain = ParagraphStyle(style.name + "-plain", parent=style, wordWrap=None)
        _plain_styles[id(style)] = plain
    return plain


def _p(text: Any, style: ParagraphStyle) -> Paragraph:
    raw = tr(str(text))
    return shaping.paragraph(raw, style) or Paragraph(escape(raw), _fit(raw, style))


def _para(markup: str, style: ParagraphStyle) -> Paragraph:
    plain = re.sub(r"<[^>]+>", " ", markup)
    if shaping.has_arabic(plain):
        return shaping.paragraph(shaping.plain_text(markup), style) or Paragraph(markup, style)
    return Paragraph(markup, _fit(plain, style))


def _dimension_title(key: str) -> str:
    """An initiative dimension or an indicator category, named in the report language."""
    if key in reference().categories:
        return terms.category_name(key, report_language())
    if key in reference().elements:
        return terms.element_name(key, report_language())
    return terms.dimension_name(key, report_language())


def _grade(value: Any) -> str:
    return "–" if value is None else str(value)


def _source(code: str | None) -> str:
    """A source type's name in the report language (no code reaches a reader)."""
    return terms.source_type_name(code, report_language()) if code else "–"


def _numbered_canvas(card: Scorecard, font: str) -> type[Canvas]:
    """A canvas that knows the page count when it saves: 'Page x of y' in the footer."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()  # type: ignore[attr-defined]  # private, absent from the stubs

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont(font, 7.5)
                self.setFillColor(MUTED)
                self.drawRightString(
                    PAGE_W - MARGIN_X, 12 * mm, f"Page {self.getPageNumber()} of {total}"
                )
                super().showPage()
            super().save()

    return NumberedCanvas


class ScorecardBuilder:
    """Lays out one scorecard. ``build()`` returns the PDF bytes."""

    def __init__(
        self, card: Scorecard, data_sha256: str, *, signed_by: SignedBy | None = None
    ) -> None:
        self.card = card
        self.data_sha256 = data_sha256
        self.signed_by = signed_by or SignedBy(None, card.workspace)
        self.signer = self.signed_by.person
        self.font = locate_font().name
        self.s = _Styles(self.font)
        self.ref = reference()

    # --- page furniture ------------------------------------------------------------------

    def _header_footer(self, canvas: Canvas, _doc: Any) -> None:
        card = self.card
        canvas.saveState()
        canvas.setFillColor(ACCENT)
        canvas.rect(0, PAGE_H - 6, PAGE_W, 6, stroke=0, fill=1)
        canvas.setFont(self.font, 8)
        canvas.setFillColor(ACCENT)
        shaping.draw_line(
            canvas, MARGIN_X, PAGE_H - 14 * mm, f"ACES · {tr(KIND_TITLES[card.kind])}", self.font, 8
        )
        canvas.setFillColor(MUTED)
        name = card.subject_name
        while canvas.stringWidth(name, self.font, 8) > CONTENT_W * 0.6 and len(name) > 3:
            name = name[:-2] + "…"
        shaping.draw_line(canvas, PAGE_W - MARGIN_X, PAGE_H - 14 * mm, name, self.font, 8, "right")
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN_X, PAGE_H - 16 * mm, PAGE_W - MARGIN_X, PAGE_H - 16 * mm)
        canvas.line(MARGIN_X, 16 * mm, PAGE_W - MARGIN_X, 16 * mm)
        canvas.setFont(self.font, 7.5)
        workspace = self.signed_by.organisation
        if len(workspace) > 60:
            workspace = workspace[:59] + "…"
        canvas.drawString(
            MARGIN_X,
            12 * mm,
            f"Issued by {workspace} · Generated {card.generated_at[:10]} · "
            f"Rubric v{card.result.get('rubric_version', '?')}",
        )
        canvas.restoreState()

    def _first_page(self, canvas: Canvas, doc: Any) -> None:
        self._header_footer(canvas, doc)
        x1, y1, x2, y2 = DEFAULT_STAMP_BOX
        canvas.saveState()
        left = MARGIN_X
        canvas.setFillColor(PALE)
        canvas.setStrokeColor(RULE)
        canvas.roundRect(left, y1, x1 - 10 - left, y2 - y1, 4, stroke=1, fill=1)
        canvas.setFillColor(INK)
        canvas.setFont(self.font, 8.5)
        canvas.drawString(left + 8, y2 - 14, "Checking this scorecard")
        canvas.setFillColor(MUTED)
        canvas.setFont(self.font, 7)
        if self.signer is None:
            lines = [
                "Not signed: this copy does not prove who issued it or that it is",
                "unchanged; ask the issuer for the signed scorecard.",
                "SHA-256 of the scorecard data:",
            ]
        else:
            lines = [
                "Carries its data (attached aces-scorecard.json). Verify the signature with",
                "aces pdf verify, pdfsig or Adobe Reader: see 'Checking the signature' at",
                "the end of this scorecard. SHA-256 of the attached data:",
            ]
        y: float = y2 - 25
        for line in lines:
            canvas.drawString(left + 8, y, line)
            y -= 8.6
        canvas.setFont("Courier", 6.2)
        canvas.setFillColor(INK)
        canvas.drawString(left + 8, y, self.data_sha256)
        if self.signer is None:
            canvas.setStrokeColor(MUTED)
            canvas.setDash(3, 2)
            canvas.roundRect(x1, y1, x2 - x1, y2 - y1, 4, stroke=1, fill=0)
            canvas.setDash()
            canvas.setFont(self.font, 9)
            canvas.drawCentredString((x1 + x2) / 2, (y1 + y2) / 2 - 3, "Not signed")
        canvas.restoreState()

    # --- sections --------------------------------------------------------------------------

    def _title(self) -> list[Flowable]:
        card, s = self.card, self.s
        out: list[Flowable] = [
            _p(KIND_TITLES[card.kind].upper(), s.kicker),
            _p(card.subject_name, s.title),
        ]
        logo = self._logo()
        if logo is not None:
            head = Table([[out, logo]], colWidths=[CONTENT_W - 42 * mm, 42 * mm])
            head.setStyle(
                TableStyle(
                    [
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                        ("LEFTPADDING", (0, 0), (-1, -1), 0),
                        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ]
                )
            )
            out = [head]
        if card.other_names:
            out.append(_p(" · ".join(card.other_names), s.subtitle))
        if any(v.startswith("CONFIDENTIAL") for _k, v in card.facts):
            out.append(
                _p(
                    "Confidential: this site is withheld from publication. Do not publish or "
                    "forward this scorecard.",
                    ParagraphStyle("confidential", parent=s.body, textColor=charts.RISK_COLOURS[4]),
                )
            )
        facts = [*card.facts, ("Record id", card.subject_id)]
        rows = []
        for i in range(0, len(facts), 2):
            row: list[Any] = []
            for label, value in facts[i : i + 2]:
                row += [_p(label, s.label), _p(value, s.cell if label == "Record id" else s.body)]
            while len(row) < 4:
                row.append("")
            rows.append(row)
        table = Table(rows, colWidths=[28 * mm, 57 * mm, 28 * mm, 57 * mm])
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        out += [Spacer(1, 4), table, Spacer(1, 10)]
        return out

    def _logo(self) -> Flowable | None:
        from reportlab.lib.utils import ImageReader
        from reportlab.platypus import Image

        data = self.signed_by.logo
        if not data:
            return None
        w, h = ImageReader(io.BytesIO(data)).getSize()
        scale = min(40 * mm / w, 16 * mm / h)
        return Image(io.BytesIO(data), width=w * scale, height=h * scale)

    def _summary(self) -> list[Flowable]:
        s, card = self.s, self.card
        parts = summary.summarise(card)
        rows: list[list[Any]] = []
        for heading, items in (
            ("Rating", [parts.rating]),
            ("Since the last scorecard", parts.changes),
            ("Most important findings", parts.findings),
            ("Recommended actions", parts.actions),
        ):
            if not items:
                continue
            text = "<br/>".join(("• " if len(items) > 1 else "") + escape(i) for i in items)
            rows.append([_p(heading, s.label), _para(text, s.cell)])
        table = Table(rows, colWidths=[36 * mm, CONTENT_W - 36 * mm])
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("BACKGROUND", (0, 0), (-1, -1), PALE),
                    ("LINEBELOW", (0, 0), (-1, -2), 0.4, RULE),
                    ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                    ("LEFTPADDING", (0, 0), (-1, -1), 5),
                ]
            )
        )
        return [_p("Summary", s.h1), table, Spacer(1, 6)]

    def _headline(self) -> tuple[str, Any, str]:
        """(big text, colour, caption) of the rating badge."""
        r = self.card.result
        if self.card.kind == "site":
            level = r.get("risk_level")
            label = str(r.get("risk_label") or "unknown")
            if level is None:
                return "?", charts.UNKNOWN, "Risk level unknown"
            if report_language() != "en" and isinstance(level, int):
                label = terms.site_level_name(level, report_language())
            return str(level), charts.RISK_COLOURS.get(level, INK), f"{tr('Risk level')}: {label}"
        if self.card.kind == "company":
            tier = r.get("tier")
            if tier:
                return str(tier), charts.TIER_COLOURS.get(tier, ACCENT), "HRDD leadership tier"
            return "–", charts.UNKNOWN, "No tier: insufficient evidence"
        dims = r.get("dimensions") or []
        big = "  ".join(str(d.get("grade") or "?") for d in dims) or "–"
        caption = " · ".join(f"{d.get('name')} {d.get('grade') or '?'}" for d in dims)
        labels = [
            terms.label_name(str(x.get("id")), report_language()) for x in r.get("labels") or []
        ]
        return big, ACCENT, caption + "".join(f" — {x}" for x in labels[:1])

    def _glance(self) -> list[Flowable]:
        card, s, r = self.card, self.s, self.card.result
        big, colour, caption = self._headline()
        badge = Table(
            [
                [_p(big, s.big)],
                [_p(caption, ParagraphStyle("cap", parent=s.small, textColor=colors.white))],
            ],
            colWidths=[62 * mm],
        )
        badge.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, -1), colour),
                    ("LEFTPADDING", (0, 0), (-1, -1), 10),
                    ("TOPPADDING", (0, 0), (0, 0), 10),
                    ("BOTTOMPADDING", (0, -1), (-1, -1), 10),
                ]
            )
        )
        band = r.get("band")
        if card.kind == "initiative":
            band_text = "; ".join(
                f"{d.get('id')} {d['band']['low']:g}–{d['band']['high']:g}"
                for d in r.get("dimensions") or []
                if d.get("band")
            )
            score_text = "; ".join(
                f"{d.get('id')} {d.get('score'):g}"
                if d.get("score") is not None
                else f"{d.get('id')} –"
                for d in r.get("dimensions") or []
            )
        elif card.kind == "company":
            band_text = f"{band['low']:g}–{band['high']:g} of 100" if band else "–"
            score_text = f"{r['score']:g} of 100" if r.get("score") is not None else "not shown"
        else:
            site = r.get("site") or {}
            band_text = "–"
            score_text = (
                f"{site.get('indicators_checked', '?')} of {site.get('indicators_total', '?')} "
                "indicators checked"
            )
        cov = r.get("coverage")
        facts = [
            ("Status", status_text(r.get("status"), r)),
            ("Score" if card.kind != "site" else "Indicators", score_text),
            (
                "Band (unknowns at 0 / at max)" if card.kind != "site" else "Confidence",
                band_text if card.kind != "site" else str(r.get("confidence") or "–"),
            ),
            ("Coverage", f"{cov:g} %" if isinstance(cov, int | float) else "–"),
        ]
        if card.kind != "site":
            facts.append(("Confidence", str(r.get("confidence") or "–")))
        facts.append(("As of", str(r.get("as_of") or "–")))
        tags = [str(t.get("en")) for t in (r.get("labels") or []) + (r.get("tags") or [])]
        if tags:
            facts.append(("Labels and tags", ", ".join(tags)))
        rows = [[_p(k, s.label), _p(v, s.body)] for k, v in facts]
        info = Table(rows, colWidths=[42 * mm, CONTENT_W - 62 * mm - 48 * mm])
        info.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("TOPPADDING", (0, 0), (-1, -1), 1.2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2),
                ]
            )
        )
        outer = Table([[badge, info]], colWidths=[66 * mm, CONTENT_W - 66 * mm])
        outer.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        out: list[Flowable] = [_p("Rating at a glance", s.h1), outer, Spacer(1, 6)]
        out.append(self._chart())
        reasons = r.get("reasons") or []
        if reasons:
            out.append(Spacer(1, 6))
            out.append(_p("Why: " + "; ".join(str(x) for x in reasons), s.small))
        return out

    def _chart(self) -> Flowable:
        r, font = self.card.result, self.font
        if self.card.kind == "initiative":
            return charts.initiative_chart(r.get("dimensions") or [], font, CONTENT_W)
        if self.card.kind == "company":
            return charts.company_chart(r, font, CONTENT_W)
        rem = self.card.remediation
        return charts.site_chart(
            r.get("criteria") or [], rem.progress if rem else None, font, CONTENT_W
        )

    def _level_pill(self, c: CriterionBlock) -> Table:
        s = self.s
        if c.level is None:
            text, colour = "unknown", charts.UNKNOWN
        else:
            text = f"level {c.level} of {c.max_level}"
            if self.card.kind == "site":
                colour = charts.GRADE_BY_LEVEL.get(c.level, INK)
            else:
                colour = charts.GRADE_COLOURS["ABCDE"[min(4, 4 - c.level)]]
        pill = Table(
            [[_p(text, ParagraphStyle("pill", parent=s.small, textColor=colors.white))]],
            colWidths=[28 * mm],
        )
        pill.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, -1), colour),
                    ("TOPPADDING", (0, 0), (-1, -1), 2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                    ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ]
            )
        )
        return pill

    def _evidence_table(self, c: CriterionBlock) -> Flowable | None:
        """Source, date, the document (kind and link), what it shows, and the SHA-256 of
        its published files: that last column only when some evidence here has files."""
        s = self.s
        if not c.evidence:
            return None
        with_files = any(e.files or e.withheld_files for e in c.evidence)
        header = [_p(h, s.label) for h in ("Source", "Date", "Document or link", "What it shows")]
        if with_files:
            header.append(_p("SHA-256 of attached files", s.label))
        rows: list[list[Any]] = [header]
        for e in c.evidence:
            source = _source(e.source_type)
            if e.counted:
                source = f"★ {source}"
            doc_parts = []
            if e.document:
                doc_parts.append(escape(e.document))
            if e.link:
                doc_parts.append(
                    f'<link href="{escape(e.link)}" color="#1E6B52">{escape(e.link)}</link>'
                )
            if e.record_type == "finding":
                status = REMEDIATION_TEXT.get(str(e.status), str(e.status or "–"))
                grade = "–" if e.earned_level is None else str(e.earned_level)
                doc_parts.append(f"Finding, grade {grade} · {escape(status)}")
            shows = [escape(e.description)] if e.description else []
            extra = [escape(n) for n in e.notes]
            if e.stale and not any("stale" in n for n in e.notes):
                extra.append("stale (older than 24 months): earns half")
            if extra:
                shows.append(f"<font color='#66736D'>{'; '.join(extra)}</font>")
            row = [
                _p(source, s.cell),
                _p(e.date or "–", s.cell),
                _para("<br/>".join(doc_parts) or "–", s.cell),
                _para("<br/>".join(shows) or "–", s.cell),
            ]
            if with_files:
                files = "<br/>".join(e.files) if e.files else "–"
                if e.withheld_files:
                    files += (
                        f"<br/><font color='#66736D'>{e.withheld_files} file(s) withheld "
                        "(consent)</font>"
                    )
                row.append(_para(files, s.hash))
            rows.append(row)
        if with_files:
            rest = CONTENT_W - 30 * mm - 18 * mm - 46 * mm
            widths = [30 * mm, 18 * mm, rest * 0.45, rest * 0.55, 46 * mm]
        else:
            rest = CONTENT_W - 30 * mm - 18 * mm
            widths = [30 * mm, 18 * mm, rest * 0.42, rest * 0.58]
        table = Table(rows, colWidths=widths, repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEBELOW", (0, 0), (-1, 0), 0.6, RULE),
                    ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, PALE]),
                    ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                    ("LEFTPADDING", (0, 0), (-1, -1), 3),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ]
            )
        )
        return table

    def _criterion(self, c: CriterionBlock) -> list[Flowable]:
        s = self.s
        lang = report_language()
        title = criterion_title(
            c.id, terms.criterion_name(c.id, lang, fallback=c.name) if c.id else c.name
        )
        if self.card.kind == "company":
            title += f"  (weight {c.weight:g})"
        head = Table(
            [[_p(title, s.h2), self._level_pill(c)]],
            colWidths=[CONTENT_W - 30 * mm, 30 * mm],
        )
        head.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("LINEABOVE", (0, 0), (-1, 0), 0.6, RULE),
                    ("TOPPADDING", (0, 0), (-1, -1), 5),
                ]
            )
        )
        parts: list[Flowable] = [head]
        level_text = terms.level_text(c.id, c.level, lang) or c.level_text
        if level_text:
            parts.append(
                _para(f"{LABEL}{tr('Level description:')}</font> {escape(level_text)}", s.body)
            )
        explain = [str(n) for n in c.notes]
        counted = sum(1 for e in c.evidence if e.counted)
        if c.level is not None and counted:
            explain.append(f"earned by {counted} record(s) marked ★")
        if c.stale:
            explain.append("the level rests only on stale evidence")
        if c.withheld:
            explain.append(f"{c.withheld} record(s) not shown (consent or not publishable)")
        if c.more_findings:
            explain.append(f"{c.more_findings} more finding(s) not listed")
        if explain:
            parts.append(
                Paragraph(f"{LABEL}Explanation:</font> {escape('; '.join(explain))}", s.body)
            )
        parts.append(Spacer(1, 3))
        table = self._evidence_table(c)
        if table is None:
            parts.append(_p("No evidence recorded for this criterion.", s.small))
            return [KeepTogether(parts), Spacer(1, 6)]
        return [KeepTogether([*parts, table]), Spacer(1, 6)]

    def _criteria(self) -> list[Flowable]:
        s = self.s
        out: list[Flowable] = [_p("Criteria and evidence", s.h1)]
        out.append(
            _p(
                "★ marks the evidence that earned the level. Files attached to evidence are "
                "identified by their SHA-256 (a reader holding a copy can check it with "
                "sha256sum); files whose consent does not allow publication are counted but "
                "not listed.",
                s.small,
            )
        )
        out.append(Spacer(1, 6))
        current = None
        for c in self.card.criteria:
            if c.dimension and c.dimension != current:
                current = c.dimension
                out.append(CondPageBreak(60 * mm))
                title = _dimension_title(str(current))
                dims = {d.get("id"): d for d in self.card.result.get("dimensions") or []}
                dim = dims.get(current)
                if dim is not None and dim.get("score") is not None:
                    title += f" — {dim['score']:g} (grade {dim.get('grade')})"
                out.append(_p(title, ParagraphStyle("dim", parent=s.h2, textColor=ACCENT)))
            out += self._criterion(c)
        return out

    def _remediation(self) -> list[Flowable]:
        rem, s = self.card.remediation, self.s
        if rem is None:
            return []
        out: list[Flowable] = [CondPageBreak(90 * mm), _p("Remediation", s.h1)]
        progress = "–" if rem.progress is None else f"{rem.progress * 100:.0f} %"
        out.append(
            _p(
                f"{rem.verified} of {rem.above_zero} findings graded above 0 are verified "
                f"remediated: progress {progress}.",
                s.body,
            )
        )
        rows = [[_p("Status", s.label), _p("Findings", s.label)]]
        for key in REMEDIATION_ORDER:
            rows.append([_p(REMEDIATION_TEXT[key], s.body), _p(rem.by_status.get(key, 0), s.body)])
        table = Table(rows, colWidths=[70 * mm, 25 * mm])
        table.setStyle(
            TableStyle(
                [
                    ("LINEBELOW", (0, 0), (-1, 0), 0.6, RULE),
                    ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, PALE]),
                ]
            )
        )
        out += [Spacer(1, 4), table, Spacer(1, 8)]
        out.append(_p("Trend: share of findings verified remediated at each month end", s.h2))
        out.append(charts.trend_chart(rem.trend, self.font, CONTENT_W))
        return out

    def _history(self) -> list[Flowable]:
        hist, s = self.card.history, self.s
        if len(hist) < 2:
            return []
        columns = HISTORY_COLUMNS[self.card.kind]
        rows = [[_p(h, s.label) for h, _k in columns]]
        for h in hist[-12:]:
            row = []
            for _h, key in columns:
                value = h.get(key)
                if key == "status":
                    value = status_text(value, self.card.result)
                elif key == "grade" and value:
                    value = " · ".join(str(value).replace(":", " ").replace(" -", " –").split("/"))
                elif key == "score" and isinstance(value, int | float):
                    value = f"{value:g}"
                row.append(_p("–" if value in (None, "") else value, s.cell))
            rows.append(row)
        first = 24 * mm
        widths = [first] + [(CONTENT_W - first) / (len(columns) - 1)] * (len(columns) - 1)
        table = Table(rows, colWidths=widths)
        table.setStyle(
            TableStyle(
                [
                    ("LINEBELOW", (0, 0), (-1, 0), 0.6, RULE),
                    ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, PALE]),
                ]
            )
        )
        return [Spacer(1, 8), _p("Rating history (stored snapshots)", s.h2), table]

    def _company_extras(self) -> list[Flowable]:
        r, s = self.card.result, self.s
        out: list[Flowable] = []
        gates = r.get("gates") or []
        if gates:
            rows = [[_p("Gate", s.label), _p("Passed", s.label), _p("Effect", s.label)]]
            for g in gates:
                rows.append(
                    [
                        _p(
                            GATE_TITLES.get(str(g.get("id")), str(g.get("id", "")))
                            .replace("_", " ")
                            .capitalize(),
                            s.cell,
                        ),
                        _p("yes" if g.get("passed") else "no", s.cell),
                        _p(g.get("effect") or "", s.cell),
                    ]
                )
            table = Table(rows, colWidths=[38 * mm, 16 * mm, CONTENT_W - 54 * mm])
            table.setStyle(
                TableStyle(
                    [
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("LINEBELOW", (0, 0), (-1, 0), 0.6, RULE),
                        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, PALE]),
                    ]
                )
            )
            out += [Spacer(1, 6), _p("Gates", s.h2), table, Spacer(1, 4)]
        resp = r.get("responses")
        if resp:
            text = (
                f"{resp.get('requests', 0)} request(s) sent, {resp.get('due', 0)} due, "
                f"{resp.get('answered_in_time', 0)} answered within {resp['window_days']} "
                f"days; {resp.get('commitments_met', 0)} of {resp.get('commitments_checked', 0)} "
                "checked commitment(s) met."
            )
            if resp.get("non_responsive"):
                text += " Tagged Non-responsive."
            out += [_p("Company-response log", s.h2), _p(text, s.body)]
        return out

    def _dimensions(self) -> list[Flowable]:
        s = self.s
        dims = self.card.result.get("dimensions") or []
        if not dims:
            return []
        heads = ("Dimension", "Score", "Band", "Coverage", "Grade", "Confidence")
        rows: list[list[Any]] = [[_p(h, s.label) for h in heads]]
        for d in dims:
            band = d.get("band") or {}
            rows.append(
                [
                    _p(d.get("name") or d.get("id"), s.cell),
                    _p("–" if d.get("score") is None else f"{d['score']:g}", s.cell),
                    _p(f"{band['low']:g}–{band['high']:g}" if band else "–", s.cell),
                    _p(f"{d.get('coverage', 0):g} %", s.cell),
                    _p(d.get("grade") or "–", s.cell),
                    _p(d.get("confidence") or "–", s.cell),
                ]
            )
        table = Table(rows, colWidths=[45 * mm, 22 * mm, 30 * mm, 25 * mm, 20 * mm, 32 * mm])
        table.setStyle(
            TableStyle(
                [
                    ("LINEBELOW", (0, 0), (-1, 0), 0.6, RULE),
                    ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, PALE]),
                ]
            )
        )
        return [Spacer(1, 8), _p("Dimensions", s.h2), table]

    def _site_extras(self) -> list[Flowable]:
        site, s = self.card.result.get("site") or {}, self.s
        if not site:
            return []
        rows = [
            [
                _p("Element or category", s.label),
                _p("Highest grade", s.label),
                _p("Indicators", s.label),
            ]
        ]
        for key, value in (site.get("elements") or {}).items():
            rows.append(
                [
                    _p(
                        key.capitalize() if report_language() == "en" else _dimension_title(key),
                        s.cell,
                    ),
                    _p(_grade(value.get("max_grade")), s.cell),
                    _p(", ".join(value.get("indicators") or []) or "–", s.cell),
                ]
            )
        for key, value in (site.get("other_findings") or {}).items():
            rows.append(
                [
                    _p(_dimension_title(key), s.cell),
                    _p(_grade(value.get("max_grade")), s.cell),
                    _p(", ".join(value.get("indicators") or []) or "–", s.cell),
                ]
            )
        table = Table(rows, colWidths=[55 * mm, 28 * mm, CONTENT_W - 83 * mm])
        table.setStyle(
            TableStyle(
                [
                    ("LINEBELOW", (0, 0), (-1, 0), 0.6, RULE),
                    ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, PALE]),
                ]
            )
        )
        offsite = "yes" if site.get("offsite_interviews") else "no"
        return [
            Spacer(1, 8),
            _p("Indicators by element", s.h2),
            table,
            Spacer(1, 3),
            _p(f"Off-site worker interviews recorded: {offsite}.", s.small),
        ]

    def _reproduce(self) -> list[Flowable]:
        r, s, card = self.card.result, self.s, self.card
        rows = [
            ("Rubric version", str(r.get("rubric_version", "?"))),
            ("Scored as of", str(r.get("as_of", "?"))),
            ("Input hash (SHA-256)", str(r.get("input_hash", "?"))),
            ("Data SHA-256 (attached JSON)", self.data_sha256),
            ("Subject id", card.subject_id),
            ("Issued by", self.signed_by.organisation),
            ("Generated", f"{card.generated_at} by ACES Desktop {__version__}"),
            ("Signed by", self.signed_by.line),
        ]
        table = Table(
            [
                [
                    _p(k, s.label),
                    Paragraph(escape(v), s.hash if "SHA" in k or "hash" in k else s.cell),
                ]
                for k, v in rows
            ],
            colWidths=[48 * mm, CONTENT_W - 48 * mm],
        )
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("ROWBACKGROUNDS", (0, 0), (-1, -1), [colors.white, PALE]),
                ]
            )
        )
        return [
            KeepTogether(
                [
                    _p("Re-checking this score", s.h1),
                    _p(
                        "The same inputs always give the same score. To re-check it, run "
                        "'aces score --as-of DATE --json' on the same workspace state and compare the "
                        "input hash and the figures. The attached file aces-scorecard.json holds this "
                        "scorecard's data and the SHA-256 of every evidence file it cites.",
                        s.body,
                    ),
                    Spacer(1, 5),
                    table,
                ]
            )
        ]

    def _verification(self) -> list[Flowable]:
        """How a reader checks the signature, with the certificate to trust."""
        s, by = self.s, self.signed_by
        if by.person is None or not by.trust_sha256:
            return []
        fp = by.trust_sha256.upper()
        shown_fp = ":".join(fp[i : i + 2] for i in range(0, len(fp), 2))
        steps = [
            f"Signed by {by.line} with a certificate from {by.source}. Readers trust the "
            f"signature once they trust this certificate: <b>{escape(by.trust_name or '')}</b>, "
            f"SHA-256 fingerprint:",
        ]
        body = [_para(steps[0], s.body), Paragraph(escape(shown_fp), s.hash), Spacer(1, 3)]
        where = (
            "The organisation publishes it (organisation-ca.pem) with its public register and "
            "on request; compare the fingerprint above with the one it announces through "
            "another channel before trusting it."
        )
        items = [
            where,
            "<b>ACES:</b> aces pdf verify FILE.pdf --trust organisation-ca.pem (exit status 0 "
            "only when the signature, the certificate chain and the attached data all hold).",
            "<b>Adobe Acrobat Reader:</b> Edit → Preferences → Signatures → Identities &amp; "
            "Trusted Certificates → More… → Trusted Certificates → Import, choose "
            "organisation-ca.pem, then Edit Trust and tick 'Use this certificate as a trusted "
            "root'. Reopen the file: the signature panel says the signature is valid.",
            "<b>pdfsig (poppler):</b> certutil -N --empty-password -d sql:$HOME/aces-nss; "
            'certutil -A -n "ACES organisation CA" -t "CT,C,C" -i organisation-ca.pem -d '
            "sql:$HOME/aces-nss; then pdfsig -nssdir sql:$HOME/aces-nss FILE.pdf shows "
            "'Signature is Valid' and 'Certificate is Trusted'. pdfsig exits 0 even when a "
            "signature is broken: read what it prints.",
        ]
        if by.source != "organisation CA":
            items[0] = (
                "This certificate comes from a certification authority outside ACES: readers "
                "whose software already trusts it need no extra step."
            )
        for item in items:
            body.append(_para("• " + item, s.body))
        return [CondPageBreak(50 * mm), _p("Checking the signature", s.h1), *body]

    def _appendix(self) -> list[Flowable]:
        from aces_desktop.reports.methodology import appendix

        return [CondPageBreak(90 * mm), *appendix(self.card.kind, self.s, self.card.result)]

    # --- the document ----------------------------------------------------------------------

    def story(self) -> list[Flowable]:
        story: list[Flowable] = [NextPageTemplate("later")]
        story += self._title()
        story += self._summary()
        story += self._glance()
        story.append(PageBreak())
        if self.card.kind == "site":
            story += self._site_extras()
        elif self.card.kind == "company":
            story += self._company_extras()
        else:
            story += self._dimensions()
        story += self._history()
        story.append(Spacer(1, 8))
        story += self._criteria()
        if self.card.kind == "site":
            story += self._remediation()
        story += self._reproduce()
        story += self._verification()
        story += self._appendix()
        return story

    def build(self) -> bytes:
        buf = io.BytesIO()
        card = self.card
        doc = BaseDocTemplate(
            buf,
            pagesize=A4,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=PAGE_H - TOP,
            bottomMargin=BOTTOM,
            title=f"{KIND_TITLES[card.kind]}: {card.subject_name}",
            author=self.signed_by.organisation,
            subject=f"ACES {card.kind} scorecard (rubric v{card.result.get('rubric_version')})",
            keywords=[data_keyword(self.data_sha256)],
            creator=f"ACES Desktop {__version__}",
        )
        first = Frame(
            MARGIN_X, FIRST_BOTTOM, CONTENT_W, TOP - FIRST_BOTTOM, id="first", **NO_PADDING
        )
        later = Frame(MARGIN_X, BOTTOM, CONTENT_W, TOP - BOTTOM, id="later", **NO_PADDING)
        doc.addPageTemplates(
            [
                PageTemplate("first", [first], onPage=self._first_page),
                PageTemplate("later", [later], onPage=self._header_footer),
            ]
        )
        doc.build(self.story(), canvasmaker=_numbered_canvas(card, self.font))
        return buf.getvalue()


def build_scorecard_pdf(
    card: Scorecard, data_sha256: str, *, signed_by: SignedBy | None = None
) -> bytes:
    return ScorecardBuilder(card, data_sha256, signed_by=signed_by).build()
