"""Methodology terms in one language, read from the one place each is kept.

Indicator, category, element and source-type names live in
``resources/reference/indicators.json`` (keys ``en``, ``zh``, ``ug``); criterion names, level
descriptions, dimensions, site risk levels and rating labels live in the rubric
(``en``/``zh``/``ug``, ``levels``/``levels_<lang>``, ``tag_<lang>``). The GUI, the PDF
scorecards and the register all ask here, so a term reads the same everywhere; the
interface translations (.ts files) do not carry these terms. A missing translation falls
back to English.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aces_desktop.core.reference import base_language, pick, reference
from aces_desktop.core.rubric import Rubric, default_rubric


def indicator_name(code: str, lang: str) -> str:
    indicator = reference().indicators.get(code)
    return indicator.name(lang) if indicator else code


def category_name(code: str, lang: str) -> str:
    names = reference().categories.get(code)
    return pick(names, lang) if names else code


def element_name(code: str, lang: str) -> str:
    names = reference().elements.get(code)
    return pick(names, lang) if names else code


def source_type_name(code: str, lang: str) -> str:
    source = reference().source_types.get(code)
    return source.name(lang) if source else code.replace("_", " ")


def _rubric(rubric: Rubric | None) -> Rubric:
    return rubric if rubric is not None else default_rubric()


def _text(entry: Mapping[str, Any], lang: str) -> str:
    return str(entry.get(base_language(lang)) or entry.get("en") or "")


def criterion_name(
    criterion_id: str, lang: str, rubric: Rubric | None = None, fallback: str | None = None
) -> str:
    """The name of a rubric criterion, or of an indicator (site ratings use indicators);
    ``fallback`` (e.g. the name the engine gave it) when neither knows the id."""
    raw = _rubric(rubric).raw.get("criteria", {}).get(criterion_id)
    name = indicator_name(criterion_id, lang) if raw is None else _text(raw, lang)
    return name if name and name != criterion_id else fallback or criterion_id


def level_text(
    criterion_id: str, level: int | None, lang: str, rubric: Rubric | None = None
) -> str:
    """What ``level`` of a criterion means, in ``lang`` ("" when the rubric says nothing)."""
    raw = _rubric(rubric).raw.get("criteria", {}).get(criterion_id)
    if raw is None or level is None:
        return ""
    base = base_language(lang)
    levels = raw.get(f"levels_{base}") if base != "en" else None
    levels = levels or raw.get("levels") or []
    return str(levels[level]) if 0 <= level < len(levels) else ""


def dimension_name(dimension_id: str, lang: str, rubric: Rubric | None = None) -> str:
    for d in _rubric(rubric).raw.get("initiative", {}).get("dimensions", []):
        if d.get("id") == dimension_id:
            return _text(d, lang)
    return dimension_id


def site_level_name(level: int, lang: str, rubric: Rubric | None = None) -> str:
    for item in _rubric(rubric).raw.get("site", {}).get("levels", []):
        if item.get("level") == level:
            return _text(item, lang)
    return str(level)


def label_name(label_id: str, lang: str, rubric: Rubric | None = None) -> str:
    """A rating label or tag (the initiative label, the company Non-responsive tag)."""
    raw = _rubric(rubric).raw
    label = raw.get("initiative", {}).get("label", {})
    if label.get("id") == label_id:
        return _text(label, lang)
    gate = raw.get("company", {}).get("gates", {}).get("response_log", {})
    if gate.get("tag") == label_id:
        return str(gate.get(f"tag_{base_language(lang)}") or gate.get("tag_en") or label_id)
    return label_id
