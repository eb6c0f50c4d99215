"""Benchmarks print measurements; they never assert on time. `BENCH_SCALE` scales sizes."""

from __future__ import annotations

import os

import pytest


@pytest.fixture(scope="session")
def scale() -> float:
    return float(os.environ.get("BENCH_SCALE", "1.0"))


def report(title: str, rows: list[tuple[str, str]]) -> None:
    width = max(len(k) for k, _ in rows)
    print(f"\n== {title}")
    for key, value in rows:
        print(f"   {key:<{width}}  {value}")
