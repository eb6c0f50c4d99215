"""Shipped reference data: forced-labour indicators, categories and source types."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

from aces_desktop.core.errors import AcesError
from aces_desktop.core.resources import resource_path


@dataclass(frozen=True)
class Indicator:
    code: str
    category: str
    element: str | None
    en: str
    zh: str
    ug: str = ""
    definition_en: str = ""  # what an auditor looks for, in a sentence or two
    definition_zh: str = ""

    def name(self, lang: str = "en") -> str:
        """The name in ``lang`` (``en``, ``zh``/``zh_CN``, ``ug``), English when missing."""
        return getattr(self, base_language(lang)) or self.en

    def definition(self, lang: str = "en") -> str:
        return self.definition_zh if lang.startswith("zh") else self.definition_en


@dataclass(frozen=True)
class SourceType:
    code: str
    rank: int
    en: str
    zh: str
    ug: str = ""

    def name(self, lang: str = "en") -> str:
        return getattr(self, base_language(lang)) or self.en


TERM_LANGUAGES = ("en", "zh", "ug")


def base_language(lang: str) -> str:
    """The language whose terms are shipped: ``zh_CN`` -> ``zh``; unknown ones -> ``en``."""
    base = lang.split("_")[0].split("-")[0].lower()
    return base if base in TERM_LANGUAGES else "en"


def pick(names: dict[str, str], lang: str) -> str:
    return names.get(base_language(lang)) or names.get("en", "")


@dataclass(frozen=True)
class Reference:
    categories: dict[str, dict[str, str]]
    indicators: dict[str, Indicator]
    source_types: dict[str, SourceType]
    elements: dict[str, dict[str, str]]

    def indicators_in(self, category: str) -> list[Indicator]:
        return [i for i in self.indicators.values() if i.category == category]


def _names(entry: dict[str, str]) -> dict[str, str]:
    return {lang: str(entry[lang]) for lang in TERM_LANGUAGES if entry.get(lang)}


@cache
def reference() -> Reference:
    path = resource_path("reference", "indicators.json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        indicators = {i["code"]: Indicator(**i) for i in data["indicators"]}
        sources = {s["code"]: SourceType(**s) for s in data["source_types"]}
        categories = {c["code"]: _names(c) for c in data["categories"]}
        elements = {e["code"]: _names(e) for e in data.get("elements", [])}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise AcesError(f"The shipped reference data {path} is damaged: {exc}") from exc
    return Reference(categories, indicators, sources, elements)


def indicator_codes() -> tuple[str, ...]:
    return tuple(reference().indicators)


SOURCE_TYPES: tuple[str, ...] = (
    "direct_observation",
    "document",
    "testimony_corroborated",
    "testimony_single",
    "public_report",
    "own_claim",
)
