"""The first-page summary of a scorecard: the rating in one sentence, what changed since the
last stored rating, the most important findings and the recommended actions.

Everything is derived from the scoring result and the rubric, never written by hand:
an unknown criterion calls for evidence; a criterion below its highest level names what the
next level requires (the rubric's level description); a site's indicators graded 2 or 3
call for remediation and its unchecked indicators for a visit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from aces_desktop.core import terms
from aces_desktop.core.messages import fill
from aces_desktop.reports import report_language
from aces_desktop.reports.methodology import criterion_title
from aces_desktop.reports.scorecard_data import CriterionBlock, Scorecard

MAX_ITEMS = 4


@dataclass
class Summary:
    rating: str
    changes: list[str] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)


def _name(c: CriterionBlock | dict[str, Any]) -> str:
    """A criterion (or a site's indicator) named in the report language (``core.terms``)."""
    cid, name = (
        (str(c.get("id")), str(c.get("name") or c.get("id")))
        if isinstance(c, dict)
        else (c.id, c.name)
    )
    if cid:
        name = terms.criterion_name(cid, report_language.current(), fallback=name)
    return criterion_title(cid, name)


def _t(template: str, *params: object) -> str:
    """A sentence of the summary in the report language (English when it has no
    translation), its values filled in."""
    return fill(report_language.label(template), *params)


def _level_text(c: CriterionBlock) -> str:
    """What the level earned means, in the report language."""
    return terms.level_text(c.id, c.level, report_language.current()) or c.level_text


def _rating(card: Scorecard) -> str:
    r = card.result
    if card.kind == "site":
        level = r.get("risk_level")
        if level is None:
            return _t("Risk level unknown: too few indicators have been checked.")
        return _t(
            "Risk level %1 of 4: %2 (confidence %3).",
            level,
            terms.site_level_name(int(level), report_language.current()),
            _t(str(r.get("confidence"))),
        )
    if card.kind == "company":
        tier = r.get("tier")
        score = r.get("score")
        if not tier:
            return _t("No tier yet: too little evidence to rate this company.")
        return _t(
            "%1 tier, %2 of 100 (confidence %3).",
            _t(str(tier)),
            f"{score:g}",
            _t(str(r.get("confidence"))),
        )
    dims = r.get("dimensions") or []
    lang = report_language.current()
    grades = ", ".join(
        f"{terms.dimension_name(str(d.get('id')), lang) or d.get('name')} "
        f"{d.get('grade') or _t('unknown')}"
        for d in dims
    )
    labels = [terms.label_name(str(x.get("id")), lang) for x in r.get("labels") or []]
    return _t("Grades: %1.", grades) + (
        " " + _t("Earns the label '%1'.", labels[0]) if labels else ""
    )


def _headline_value(kind: str, r: dict[str, Any]) -> str:
    if kind == "site":
        level = r.get("risk_level")
        return _t("unknown") if level is None else _t("risk level %1", level)
    if kind == "company":
        score = r.get("score")
        return _t(str(r.get("tier") or "no tier")) + (f" ({score:g})" if score is not None else "")
    return ", ".join(f"{d.get('id')} {d.get('grade') or '?'}" for d in r.get("dimensions") or [])


def _changes(card: Scorecard) -> list[str]:
    prev = card.previous
    if prev is None:
        return [_t("No earlier rating is stored: this is the first scorecard of this subject.")]
    kind, now = card.kind, card.result
    before, after = _headline_value(kind, prev), _headline_value(kind, now)
    since = str(prev.get("as_of"))
    out = []
    if before != after:
        out.append(_t("Rating changed from %1 (as of %2) to %3.", before, since, after))
    else:
        out.append(_t("Rating unchanged since %1 (%2).", since, after))
    old_levels = {str(c.get("id")): c.get("level") for c in prev.get("criteria") or []}
    moved = []
    for c in now.get("criteria") or []:
        cid = str(c.get("id"))
        if cid in old_levels and old_levels[cid] != c.get("level"):
            old = old_levels[cid]
            new = c.get("level")
            moved.append(
                _t(
                    "%1: level %2 → %3",
                    _name(c),
                    _t("unknown") if old is None else old,
                    _t("unknown") if new is None else new,
                )
            )
    out += moved[: MAX_ITEMS - 1]
    if len(moved) > MAX_ITEMS - 1:
        out.append(_t("%1 more criteria changed level.", len(moved) - (MAX_ITEMS - 1)))
    return out


def _findings(card: Scorecard) -> list[str]:
    r, out = card.result, []
    if card.kind == "site":
        worst = sorted(
            (c for c in card.criteria if (c.level or 0) >= 2),
            key=lambda c: (-(c.level or 0), c.id),
        )
        for c in worst[:MAX_ITEMS]:
            out.append(_t("%1: grade %2 (%3).", _name(c), c.level, _level_text(c)))
        if not worst:
            out.append(_t("No indicator graded 2 or 3 (medium or strong)."))
        return out
    for gate in r.get("gates") or []:
        if not gate.get("passed"):
            out.append(f"{str(gate.get('effect') or '').capitalize()}.")
    for tag in r.get("tags") or []:
        out.append(
            _t("Tagged %1.", terms.label_name(str(tag.get("id")), report_language.current()))
        )
    known = [c for c in card.criteria if c.level is not None]
    strongest = [c for c in known if c.level == c.max_level]
    weakest = sorted((c for c in known if c.level is not None and c.level <= 1), key=_weight)
    for c in strongest[:2]:
        out.append(
            _t("Strength: %1, level %2 of %3 (%4).", _name(c), c.level, c.max_level, _level_text(c))
        )
    for c in weakest[:2]:
        out.append(
            _t("Weakness: %1, level %2 of %3 (%4).", _name(c), c.level, c.max_level, _level_text(c))
        )
    return out[:MAX_ITEMS]


def _weight(c: CriterionBlock) -> tuple[float, str]:
    return (-c.weight, c.id)


def _next_level(card: Scorecard, c: CriterionBlock) -> str:
    from aces_desktop.core.rubric import default_rubric

    if card.kind == "site":
        return ""
    try:
        crit = default_rubric().criteria.get(c.id)
    except Exception:  # a damaged rubric file must not stop a scorecard
        return ""
    if crit is None or c.level is None:
        return ""
    return terms.level_text(c.id, c.level + 1, report_language.current()) or crit.level_text(
        c.level + 1
    )


def _actions(card: Scorecard) -> list[str]:
    out: list[str] = []
    unknown = [c for c in card.criteria if c.level is None]
    if card.kind == "site":
        for c in sorted(
            (c for c in card.criteria if (c.level or 0) >= 2), key=lambda c: -(c.level or 0)
        )[:2]:
            out.append(_t("Remediate %1 and verify the remediation on a visit.", _name(c)))
        if unknown:
            names = ", ".join(c.id for c in unknown[:6])
            if len(unknown) > 6:
                names += _t(" and %1 more", len(unknown) - 6)
            out.append(_t("Check the indicators not yet graded at the next visit: %1.", names))
        if not (card.result.get("site") or {}).get("offsite_interviews"):
            out.append(_t("Interview workers off-site: it is needed for high confidence."))
        return out[:MAX_ITEMS]
    for c in sorted(unknown, key=_weight)[:2]:
        out.append(_t("Gather evidence for %1: no evidence counted yet.", _name(c)))
    below = sorted(
        (c for c in card.criteria if c.level is not None and c.level < c.max_level),
        key=lambda c: (-(c.max_level - (c.level or 0)) * c.weight, c.id),
    )
    for c in below:
        if len(out) >= MAX_ITEMS:
            break
        needed = _next_level(card, c)
        if needed:
            out.append(_t("%1: level %2 requires %3.", _name(c), (c.level or 0) + 1, needed))
    return out[:MAX_ITEMS]


def summarise(card: Scorecard) -> Summary:
    return Summary(
        rating=_rating(card),
        changes=_changes(card),
        findings=_findings(card),
        actions=_actions(card),
    )
