"""SIGKILL ``aces bundle merge`` at chosen database statements: the workspace opens
afterwards, its state is the one before or the one after, and merging again reaches the after
state.

The kill points are not moments on the clock but statements: a small driver runs the real
command with a SQLAlchemy event listener (every statement and every commit, on every engine)
that counts them and kills its own process at the chosen one. A first run only records the
statements, so the test knows which kill points lie inside the merge transaction (before its
commit: the before state) and which lie after it (the after state).
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from aces_desktop.demo_data import DemoOptions, fill_demo
from aces_desktop.store.workspace import Workspace
from aces_desktop.sync.export import export_bundle
from aces_desktop.sync.merge import merge_bundle
from tests.conftest import PASSPHRASE
from tests.sync.conftest import enrol, make

TRIALS = 16

# argv: kill_at (0: never), statement log (or "-"), then the ``aces`` arguments.
DRIVER = textwrap.dedent(
    """
    import os, signal, sys
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    kill_at, log_path, args = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
    seen = 0
    lines = []
    numbers = {}

    def tick(conn, what):
        global seen
        seen += 1
        if log_path != "-":  # connection number (transactions interleave), statement
            lines.append(f"{numbers.setdefault(id(conn), len(numbers))} {what}")
        if seen == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    def on_execute(conn, cursor, statement, *rest):
        tick(conn, " ".join(statement.split())[:40])

    event.listen(Engine, "before_cursor_execute", on_execute)
    event.listen(Engine, "commit", lambda conn: tick(conn, "COMMIT"))
    from aces_desktop.cli import main

    status = main(args)
    if log_path != "-":
        with open(log_path, "w", encoding="utf-8") as out:
            out.write("\\n".join(lines) + "\\n")
    sys.exit(status)
    """
)


def _merge_cmd(driver: Path, kill_at: int, log: str, ws: Path, bundle: Path) -> list[str]:
    return [
        sys.executable,
        str(driver),
        str(kill_at),
        log,
        "--workspace",
        str(ws),
        "bundle",
        "merge",
        str(bundle),
    ]


def _kill_points(statements: list[str], rng: random.Random) -> tuple[list[int], int]:
    """Kill points (1-based statement numbers) and the number of the merge's commit: half
    inside the merge transaction (from its first revision insert to the commit on the same
    connection), the rest anywhere, and one past the end (no kill)."""
    first_insert = next(
        i
        for i, s in enumerate(statements, 1)
        if s.split(" ", 1)[1].startswith("INSERT INTO revisions")
    )
    conn = statements[first_insert - 1].split(" ", 1)[0]
    commit = next(
        i for i in range(first_insert, len(statements) + 1) if statements[i - 1] == f"{conn} COMMIT"
    )
    inside = rng.sample(range(first_insert, commit + 1), TRIALS // 2 - 1)
    anywhere = rng.sample(range(1, len(statements) + 1), TRIALS // 2)
    return sorted({first_insert, commit, *inside, *anywhere, len(statements) + 1}), commit


@pytest.mark.slow
def test_sigkill_during_merge_leaves_before_or_after(tmp_path: Path) -> None:
    coord = make(tmp_path, "coord", "coordinator")
    field = make(tmp_path, "field", "field")
    enrol(coord, field, tmp_path / "ids")
    fill_demo(field, DemoOptions(sites=12, observations=12000, seed=5))
    bundle = tmp_path / "big.aces"
    export_bundle(field, bundle)
    before = coord.state_hash()
    coord.close()
    pristine = tmp_path / "pristine"
    shutil.copytree(coord.path, pristine)
    driver = tmp_path / "kill_driver.py"
    driver.write_text(DRIVER, encoding="utf-8")
    # The after state, and the statements a merge runs (the same for every copy).
    reference = tmp_path / "reference"
    shutil.copytree(pristine, reference)
    env = {**os.environ, "ACES_PASSPHRASE": PASSPHRASE}
    log = tmp_path / "statements.txt"
    done = subprocess.run(
        _merge_cmd(driver, 0, str(log), reference, bundle),
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    with Workspace.open(reference, PASSPHRASE) as ws:
        after = ws.state_hash()
    assert after != before
    statements = log.read_text(encoding="utf-8").splitlines()
    points, commit = _kill_points(statements, random.Random(2026))
    for trial, kill_at in enumerate(points):
        target = tmp_path / f"trial-{trial}"
        shutil.copytree(pristine, target)
        proc = subprocess.run(
            _merge_cmd(driver, kill_at, "-", target, bundle),
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        killed = kill_at <= len(statements)
        assert proc.returncode == (-9 if killed else 0), (kill_at, proc.stderr)
        with Workspace.open(target, PASSPHRASE) as ws:
            state = ws.state_hash()
            expected = before if kill_at <= commit else after
            assert state == expected, (
                f"statement {kill_at} ({statements[min(kill_at, len(statements)) - 1]})"
            )
            if trial % 5 == 0 or trial == len(points) - 1:
                merge_bundle(ws, bundle)
                assert ws.state_hash() == after
        shutil.rmtree(target)
