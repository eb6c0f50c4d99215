"""The rubric's numbers that reports state in words (grade and tier thresholds, coverage
threshold, response window, risk levels), taken from the rubric the scores were computed
with, so a report never repeats a number the rubric file may change."""

from __future__ import annotations

from typing import Any

from aces_desktop.core.rubric import Rubric


def methodology_numbers(rubric: Rubric) -> dict[str, Any]:
    """A JSON-ready summary (thresholds from the highest down)."""
    return {
        "rubric_version": rubric.version,
        "coverage_threshold": rubric.coverage_threshold,
        "stale_months": rubric.stale_months,
        "response_window_days": rubric.response_window_days,
        "statement_cap": rubric.statement_cap,
        "label_min_each": rubric.label_min_each,
        "grades": [{"grade": t.name, "min": t.min} for t in rubric.grades],
        "tiers": [{"tier": t.name, "min": t.min} for t in rubric.tiers],
        "risk_levels": [
            {"level": lv.level, "en": lv.en}
            for lv in sorted(rubric.site.levels.values(), key=lambda lv: -lv.level)
        ],
    }


def _num(value: float) -> str:
    return f"{value:g}"


def grades_text(numbers: dict[str, Any]) -> str:
    """ "A ≥ 80, B ≥ 60, C ≥ 40, D ≥ 20, E below 20" (English, for reports)."""
    grades = numbers["grades"]
    return ", ".join(
        f"{g['grade']} ≥ {_num(g['min'])}"
        if g["min"] > 0
        else f"{g['grade']} below {_num(grades[n - 1]['min'])}"
        for n, g in enumerate(grades)
    )


def tiers_text(numbers: dict[str, Any]) -> str:
    """ "Leader ≥ 70, Improver 40–69, Starter 15–39, Laggard below 15" (English, for reports)."""
    tiers = numbers["tiers"]
    parts = []
    for n, t in enumerate(tiers):
        if n == 0:
            parts.append(f"{t['tier']} ≥ {_num(t['min'])}")
            continue
        above = tiers[n - 1]["min"]
        if t["min"] <= 0:
            parts.append(f"{t['tier']} below {_num(above)}")
        elif float(t["min"]).is_integer() and float(above).is_integer():
            parts.append(f"{t['tier']} {_num(t['min'])}–{_num(above - 1)}")
        else:
            parts.append(f"{t['tier']} {_num(t['min'])} to below {_num(above)}")
    return ", ".join(parts)


def risk_levels_text(numbers: dict[str, Any]) -> str:
    """ "4 likely forced labour, 3 high, …, 0 none found"."""
    return ", ".join(f"{r['level']} {r['en']}" for r in numbers["risk_levels"])
