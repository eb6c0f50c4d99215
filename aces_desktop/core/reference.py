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
    definition_en: str = ""  # what an auditor looks for, in a sentence or two
    definition_zh: str = ""

    def name(self, lang: str = "en") -> str:
        return self.zh if lang.startswith("zh") else self.en

    def definition(self, lang: str = "en") -> str:
        return self.definition_zh if lang.startswith("zh") else self.definition_en


@dataclass(frozen=True)
class SourceType:
    code: str
    rank: int
    en: str
    zh: str


@dataclass(frozen=True)
class Reference:
    categories: dict[str, dict[str, str]]
    indicators: dict[str, Indicator]
    source_types: dict[str, SourceType]

    def indicators_in(self, category: str) -> list[Indicator]:
        return [i for i in self.indicators.values() if i.category == category]


@cache
def reference() -> Reference:
    path = resource_path("reference", "indicators.json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        indicators = {i["code"]: Indicator(**i) for i in data["indicators"]}
        sources = {s["code"]: SourceType(**s) for s in data["source_types"]}
        categories = {c["code"]: {"en": c["en"], "zh": c["zh"]} for c in data["categories"]}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise AcesError(f"The shipped reference data {path} is damaged: {exc}") from exc
    return Reference(categories, indicators, sources)


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
