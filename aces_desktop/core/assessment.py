"""Evidence checked against the rubric, and evidence facts read from text (pure).

The schema keeps typos out of an evidence record; the rubric says what the record means: a
criterion rates either initiatives or companies and describes a set of levels. Evidence
that the rubric cannot use (a company criterion on an initiative, a level the criterion
does not describe) would be stored and then silently ignored by the scoring engine, so it is
refused before it is written.

Facts are the small figures the scoring rules read from evidence (``core.scoring.engine``):
the number behind a threshold criterion (``workers_covered``), the yes/no conditions of the
legal-statement gate (``published``), the initiative a membership claim goes through
(``initiative_id``) and the region of an audit (``region``).
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any

from aces_desktop.core import messages as msg
from aces_desktop.core.errors import FieldProblem
from aces_desktop.core.ids import is_uuid
from aces_desktop.core.rubric import Rubric


class FactKind(StrEnum):
    NUMBER = "number"
    YES_NO = "true or false"
    RECORD_ID = "record id"
    TEXT = "text"


# A plain decimal: digits with an optional sign and fraction; no exponents, no grouping.
_DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_YES_NO = {"true": True, "false": False}


def fact_kinds(rubric: Rubric) -> dict[str, FactKind]:
    """Every fact the scoring rules of ``rubric`` read, with the kind of value it holds."""
    kinds: dict[str, FactKind] = {"initiative_id": FactKind.RECORD_ID, "region": FactKind.TEXT}
    for crit in rubric.criteria.values():
        if crit.fact:
            kinds[crit.fact] = FactKind.NUMBER
    for name in rubric.statement_facts:
        kinds[name] = FactKind.YES_NO
    return dict(sorted(kinds.items()))


def facts_for(rubric: Rubric, criterion: str) -> dict[str, FactKind]:
    """The facts the scoring rules read from evidence for ``criterion`` (in rule order): the
    figure behind a threshold criterion, the conditions of the legal-statement gate, the
    initiative a membership claim goes through, the region of an audit."""
    crit = rubric.criteria.get(criterion)
    if crit is None:
        return {}
    out: dict[str, FactKind] = {}
    if crit.fact:
        out[crit.fact] = FactKind.NUMBER
    if criterion == rubric.statement_criterion:
        out.update(dict.fromkeys(rubric.statement_facts, FactKind.YES_NO))
    if criterion in rubric.no_assurance_criteria:
        out["region"] = FactKind.TEXT
    if criterion in rubric.membership_criteria:
        out["initiative_id"] = FactKind.RECORD_ID
    return out


def level_from_fact(rubric: Rubric, criterion: str, value: float) -> int | None:
    """The level a threshold criterion's figure earns (the engine's rule), or None."""
    crit = rubric.criteria.get(criterion)
    if crit is None or not crit.thresholds:
        return None
    return sum(1 for t in crit.thresholds if value >= t)


def parse_fact(text: str, rubric: Rubric) -> tuple[str, Any]:
    """``KEY=VALUE`` as (key, value of the fact's kind); ``ValueError`` says what is wrong."""
    key, sep, raw = text.partition("=")
    key, raw = key.strip(), raw.strip()
    if not sep or not key:
        raise ValueError(f"'{text[:60]}' is not of the form KEY=VALUE")
    kinds = fact_kinds(rubric)
    kind = kinds.get(key)
    if kind is None:
        raise ValueError(f"unknown fact '{key[:40]}'; the rubric reads {', '.join(kinds)}")
    if kind is FactKind.NUMBER:
        if not _DECIMAL.fullmatch(raw):
            raise ValueError(
                f"{key} must be a plain decimal number such as 150000 or 12.5, not '{raw[:40]}'"
            )
        return key, float(raw) if "." in raw else int(raw)
    if kind is FactKind.YES_NO:
        if raw.lower() not in _YES_NO:
            raise ValueError(f"{key} must be true or false, not '{raw[:40]}'")
        return key, _YES_NO[raw.lower()]
    if kind is FactKind.RECORD_ID:
        if not is_uuid(raw.lower()):
            raise ValueError(f"{key} must be a record id, not '{raw[:40]}'")
        return key, raw.lower()
    if not raw:
        raise ValueError(f"{key} must not be empty")
    return key, raw


def evidence_problems(
    rubric: Rubric, subject_type: str, criterion: str, level: int | None
) -> list[FieldProblem]:
    """What makes evidence for ``criterion`` at ``level`` about a ``subject_type`` unusable."""
    crit = rubric.criteria.get(criterion)
    if crit is None:
        order = (
            *rubric.initiative_criteria(),
            *rubric.company_criteria,
            rubric.statement_criterion,
        )
        own = [c for c in order if rubric.criteria[c].subject == subject_type]
        return [
            FieldProblem(
                "criterion",
                msg.UNKNOWN_CRITERION_SUBJECT(criterion[:20], subject_type, ", ".join(own)),
            )
        ]
    if crit.subject != subject_type:
        return [
            FieldProblem(
                "criterion",
                msg.RATES_BUT_SUBJECT(crit.id, crit.en, crit.subject, subject_type),
            )
        ]
    described = [i for i, text in enumerate(crit.levels) if text]
    if level is not None and level not in described:
        shown = ", ".join(str(i) for i in described)
        return [FieldProblem("level", msg.LEVELS_NOT(crit.id, shown, level))]
    return []
