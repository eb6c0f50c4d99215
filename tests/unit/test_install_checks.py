"""The installed app's self-test: real checks, and a failing check really fails the verdict."""

from __future__ import annotations

from pathlib import Path

import pytest

from aces_desktop import install_checks


def test_all_checks_pass_on_a_working_installation() -> None:
    seen: list[str] = []
    results = install_checks.run_checks(lambda r: seen.append(install_checks.format_result(r)))
    assert [r.name for r in results] == [name for name, _ in install_checks.CHECKS]
    assert all(r.ok for r in results), seen
    assert install_checks.verdict(results).startswith("Self-test: all checks passed")


def test_a_broken_part_fails_the_verdict(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(_folder: Path) -> str:
        raise OSError("libsqlcipher.so: cannot open shared object file")

    monkeypatch.setattr(install_checks, "CHECKS", [*install_checks.CHECKS, ("Broken part", broken)])
    results = install_checks.run_checks()
    assert not results[-1].ok
    assert "cannot open shared object" in results[-1].detail
    assert install_checks.verdict(results) == "Self-test FAILED: Broken part"
