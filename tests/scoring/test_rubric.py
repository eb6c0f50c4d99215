"""The rubric file: the shipped one loads; broken ones are refused naming the key or line."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aces_desktop.core.resources import resource_path
from aces_desktop.core.rubric import RubricError, default_rubric, load_rubric, parse_rubric

SHIPPED = resource_path("methodology", "rubric-v1.toml")


def test_shipped_rubric_matches_methodology() -> None:
    r = default_rubric()
    assert r.version == "1"
    assert r.coverage_threshold == 60 and r.stale_months == 24 and r.response_window_days == 60
    assert [d.id for d in r.dimensions] == ["T", "S", "A"]
    assert [d.criteria for d in r.dimensions] == [
        ("T1", "T2", "T3"),
        ("S1", "S2", "S3"),
        ("A1", "A2", "A3", "A4", "A5"),
    ]
    assert {c: r.criteria[c].weight for c in r.company_criteria} == {
        "C1": 10,
        "C2": 15,
        "C3": 15,
        "C4": 10,
        "C5": 10,
        "C6": 15,
        "C7": 25,
    }
    assert [(t.name, t.min) for t in r.tiers] == [
        ("Leader", 70),
        ("Improver", 40),
        ("Starter", 15),
        ("Laggard", 0),
    ]
    assert [(g.name, g.min) for g in r.grades] == [
        ("A", 80),
        ("B", 60),
        ("C", 40),
        ("D", 20),
        ("E", 0),
    ]
    assert r.statement_cap == 15 and r.label_min_each == 75
    assert r.criteria["A4"].levels[0] == "announced audits paid by the site"
    assert r.no_assurance_regions == ("CN-XJ",)


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    text = SHIPPED.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "rubric.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "fragments"),
    [
        ("coverage_threshold = 60", "", ["rubric.coverage_threshold", "missing"]),
        (
            "coverage_threshold = 60",
            'coverage_threshold = "60"',
            ["rubric.coverage_threshold", "number"],
        ),
        (
            "coverage_threshold = 60",
            "coverage_threshold = 160",
            ["rubric.coverage_threshold", "between"],
        ),
        ("stale_months = 24", "stale_months = 2.5", ["rubric.stale_months", "whole number"]),
        ("weight = 25", "weight = 20", ["company.criteria", "sum to 100"]),
        (
            'criteria = ["T1", "T2", "T3"]',
            'criteria = ["T1", "T2", "T9"]',
            ["initiative.dimensions[0].criteria[2]", "T9"],
        ),
        (
            '{ tier = "Improver", min = 40 }',
            '{ tier = "Improver", min = 80 }',
            ["company.tiers", "highest"],
        ),
        (
            'levels = ["< 10,000", "< 100,000", "< 500,000", "< 2,000,000", ">= 2,000,000"]',
            'levels = ["< 10,000"]',
            ["criteria.S1.levels", "5 entries"],
        ),
        (
            "verified_remediated_counts_as_absent = true",
            "verified_remediated_counts_as_absent = 1",
            ["site.verified_remediated_counts_as_absent", "true or false"],
        ),
        (
            'accountable_dimension = "A"',
            'accountable_dimension = "X"',
            ["initiative.accountable_dimension"],
        ),
        (
            'criterion = "C7"',
            'criterion = "T1"',
            ["company.gates.response_log.criterion", "initiative criterion"],
        ),
    ],
)
def test_broken_rubric_names_the_key(
    tmp_path: Path, old: str, new: str, fragments: list[str]
) -> None:
    path = _broken(tmp_path, old, new)
    with pytest.raises(RubricError) as err:
        load_rubric(path)
    for fragment in fragments:
        assert fragment in err.value.message, err.value.message
    assert str(path) in err.value.message


def test_toml_syntax_error_names_the_line(tmp_path: Path) -> None:
    text = SHIPPED.read_text(encoding="utf-8")
    lines = text.splitlines()
    target = next(i for i, line in enumerate(lines) if line.startswith("stale_months"))
    lines[target] = "stale_months = = 24"
    path = tmp_path / "rubric.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(RubricError) as err:
        load_rubric(path)
    assert "not valid TOML" in err.value.message
    assert f"line {target + 1}" in err.value.message


def test_missing_file_and_missing_table(tmp_path: Path) -> None:
    with pytest.raises(RubricError, match="does not exist"):
        load_rubric(tmp_path / "nope.toml")
    with pytest.raises(RubricError, match="key 'rubric' is missing"):
        parse_rubric("[other]\nx = 1\n")


_LINES = SHIPPED.read_text(encoding="utf-8").splitlines()


@settings(max_examples=200, deadline=None)
@given(
    st.integers(0, len(_LINES) - 1),
    st.sampled_from(["delete", "string", "negative", "garbage", "empty_list", "bool"]),
)
def test_any_damaged_rubric_gives_a_rubric_error_never_a_crash(index: int, mutation: str) -> None:
    lines = list(_LINES)
    line = lines[index]
    key = line.split("=", 1)[0].strip() if "=" in line else None
    if mutation == "delete":
        lines.pop(index)
    elif key and mutation == "string":
        lines[index] = f'{key} = "oops"'
    elif key and mutation == "negative":
        lines[index] = f"{key} = -5"
    elif key and mutation == "empty_list":
        lines[index] = f"{key} = []"
    elif key and mutation == "bool":
        lines[index] = f"{key} = true"
    else:
        lines[index] = line + " ]] = ["
    message = ""
    try:
        rubric = parse_rubric("\n".join(lines), "mutated.toml")
    except RubricError as exc:
        message = exc.message
    else:
        assert rubric.version
    if message:
        assert "mutated.toml" in message
        assert "key '" in message or "line" in message, message
