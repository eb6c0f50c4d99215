"""The three tables of the Ratings page, one model each (tested without a window).

Texts are translated in the ``RatingsPage`` context, where the page has always kept them.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor

from aces_desktop.core import terms
from aces_desktop.core.messages import fill
from aces_desktop.core.rubric import default_rubric
from aces_desktop.core.scoring import Result
from aces_desktop.ui.interface_language import current_language
from aces_desktop.ui.row_models import RowTableModel

RISK_COLOURS = {
    4: "#8e1b1b",
    3: "#d9480f",
    2: "#f59f00",
    1: "#94b447",
    0: "#2b8a3e",
    None: "#adb5bd",
}
TIER_ORDER = ("Leader", "Improver", "Starter", "Laggard")


def score_text(score: float | None, low: float, high: float) -> str:
    if score is None:
        return f"— ({low:.0f}–{high:.0f})"
    return f"{score:.1f} ({low:.0f}–{high:.0f})"


def confidence_text(value: str) -> str:
    return {
        "high": QCoreApplication.translate("RatingsPage", "high"),
        "medium": QCoreApplication.translate("RatingsPage", "medium"),
        "low": QCoreApplication.translate("RatingsPage", "low"),
    }.get(value, value)


def risk_text(r: Result) -> str:
    """The site risk level with its name from the rubric, in the interface language."""
    if r.risk_level is None or not 0 <= r.risk_level <= 4:
        return QCoreApplication.translate("RatingsPage", "unknown")
    return f"{r.risk_level} — {terms.site_level_name(r.risk_level, current_language())}"


def dimension_names() -> list[str]:
    """The initiative dimensions (Transparent, Scaled, Accountable) as the rubric names them."""
    return [terms.dimension_name(d.id, current_language()) for d in default_rubric().dimensions]


def company_rating_text(r: Result) -> str:
    """A company's rating in one line: tier, score, band and coverage."""
    band = r.band
    return fill(
        QCoreApplication.translate("RatingsPage", "%1, score %2, band %3, coverage %4 %"),
        r.tier or QCoreApplication.translate("RatingsPage", "insufficient evidence"),
        "—" if r.score is None else f"{r.score:.1f}",
        f"{band.low:.1f}–{band.high:.1f}" if band else "—",
        f"{r.coverage:.0f}",
    )


def labels_text(labels: list[Any]) -> str:
    """Rating labels and tags, named as the rubric names them in the interface language."""
    return ", ".join(terms.label_name(label.id, current_language()) for label in labels)


def label_text(r: Result) -> str:
    """The rubric's label for a scaled, transparent and binding model: its name when the
    initiative earned it, else what it would take (every dimension at least ``min_each``)."""
    if r.labels:
        return labels_text(r.labels)
    if r.status == "insufficient_evidence":
        return QCoreApplication.translate("RatingsPage", "not earned: evidence is insufficient")
    return fill(
        QCoreApplication.translate("RatingsPage", "not earned: needs %1 in each dimension"),
        f"{default_rubric().label_min_each:g}",
    )


class _ResultsModel(RowTableModel[Result]):
    NAME = 0

    def subject_id(self, row: int) -> str | None:
        result = self.row_at(row)
        return result.subject_id if result is not None else None


class InitiativeRatingsModel(_ResultsModel):
    def headers(self) -> list[str]:
        return [
            QCoreApplication.translate("RatingsPage", "Initiative"),
            *dimension_names(),
            QCoreApplication.translate("RatingsPage", "Coverage"),
            QCoreApplication.translate("RatingsPage", "Confidence"),
            QCoreApplication.translate("RatingsPage", "Model label"),
        ]

    def text(self, r: Result, column: int) -> str:
        if column == 0:
            return r.subject_name
        if 1 <= column <= 3:
            if column > len(r.dimensions):
                return ""
            d = r.dimensions[column - 1]
            text = score_text(d.score, d.band.low, d.band.high)
            return (
                f"{d.grade}  {text}"
                if d.grade
                else QCoreApplication.translate("RatingsPage", "insufficient") + f"  {text}"
            )
        if column == 4:
            return f"{r.coverage:.0f} %"
        if column == 5:
            return confidence_text(r.confidence)
        return label_text(r)

    def sort_key(self, r: Result, column: int) -> Any:
        if 1 <= column <= 3 and column <= len(r.dimensions):
            score = r.dimensions[column - 1].score
            return score if score is not None else -1.0
        if column == 4:
            return r.coverage
        return super().sort_key(r, column)


class CompanyRatingsModel(_ResultsModel):
    def headers(self) -> list[str]:
        return [
            QCoreApplication.translate("RatingsPage", "Company"),
            QCoreApplication.translate("RatingsPage", "Tier"),
            QCoreApplication.translate("RatingsPage", "Score"),
            QCoreApplication.translate("RatingsPage", "Band"),
            QCoreApplication.translate("RatingsPage", "Coverage"),
            QCoreApplication.translate("RatingsPage", "Confidence"),
            QCoreApplication.translate("RatingsPage", "Tags"),
        ]

    def text(self, r: Result, column: int) -> str:
        band = r.band
        if column == 0:
            return r.subject_name
        if column == 1:
            return r.tier or QCoreApplication.translate("RatingsPage", "insufficient evidence")
        if column == 2:
            return "—" if r.score is None else f"{r.score:.1f}"
        if column == 3:
            return f"{band.low:.1f}–{band.high:.1f}" if band else "—"
        if column == 4:
            return f"{r.coverage:.0f} %"
        if column == 5:
            return confidence_text(r.confidence)
        return labels_text(r.tags)

    def sort_key(self, r: Result, column: int) -> Any:
        if column == 1:
            return {t: i for i, t in enumerate(TIER_ORDER)}.get(r.tier or "", 9)
        if column == 2:
            return r.score if r.score is not None else -1.0
        if column == 3:
            return r.band.low if r.band else -1.0
        if column == 4:
            return r.coverage
        return super().sort_key(r, column)


class SiteRatingsModel(_ResultsModel):
    RISK = 3

    def headers(self) -> list[str]:
        return [
            QCoreApplication.translate("RatingsPage", "Site"),
            QCoreApplication.translate("RatingsPage", "Country"),
            QCoreApplication.translate("RatingsPage", "Region"),
            QCoreApplication.translate("RatingsPage", "Risk level"),
            QCoreApplication.translate("RatingsPage", "Confidence"),
            QCoreApplication.translate("RatingsPage", "Indicators checked"),
            QCoreApplication.translate("RatingsPage", "Remediation progress"),
        ]

    def text(self, r: Result, column: int) -> str:
        site = r.site or {}
        if column == 0:
            return r.subject_name
        if column == 1:
            return str(site.get("country") or "")
        if column == 2:
            return str(site.get("region") or "")
        if column == 3:
            return risk_text(r)
        if column == 4:
            return confidence_text(r.confidence)
        if column == 5:
            return f"{site.get('indicators_checked', 0)} / {site.get('indicators_total', 0)}"
        rem = site.get("remediation") or {}
        progress = rem.get("progress")
        if progress is None:
            return "—"
        return f"{progress:.0%}  ({rem.get('verified')}/{rem.get('above_zero')})"

    def sort_key(self, r: Result, column: int) -> Any:
        site = r.site or {}
        if column == 3:
            return -1 if r.risk_level is None else r.risk_level
        if column == 5:
            return site.get("indicators_checked", 0)
        if column == 6:
            progress = (site.get("remediation") or {}).get("progress")
            return -1.0 if progress is None else progress
        return super().sort_key(r, column)

    def style(self, r: Result, column: int, role: int) -> Any:
        if column == self.RISK and role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor(RISK_COLOURS.get(r.risk_level, "#495057")))
        return None
