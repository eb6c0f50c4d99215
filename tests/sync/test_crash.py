"""SIGKILL ``aces bundle merge`` at random moments: the workspace opens afterwards, its
state is the one before or the one after, and merging again reaches the after state."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from aces_desktop.store.demo import DemoOptions, fill_demo
from aces_desktop.store.workspace import Workspace
from aces_desktop.sync.export import export_bundle
from aces_desktop.sync.merge import merge_bundle
from tests.conftest import PASSPHRASE
from tests.sync.conftest import enrol, make

TRIALS = 20


def _merge_cmd(ws: Path, bundle: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "aces_desktop",
        "--workspace",
        str(ws),
        "bundle",
        "merge",
        str(bundle),
    ]


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
    # The after state, and how long a merge takes as a subprocess.
    reference = tmp_path / "reference"
    shutil.copytree(pristine, reference)
    env = {**os.environ, "ACES_PASSPHRASE": PASSPHRASE}
    started = time.monotonic()
    done = subprocess.run(
        _merge_cmd(reference, bundle), env=env, capture_output=True, text=True, check=False
    )
    duration = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    with Workspace.open(reference, PASSPHRASE) as ws:
        after = ws.state_hash()
    assert after != before and duration > 1.0  # long enough for kills to land mid-merge
    rng = random.Random(2026)
    outcomes = {"before": 0, "after": 0}
    for trial in range(TRIALS):
        target = tmp_path / f"trial-{trial}"
        shutil.copytree(pristine, target)
        proc = subprocess.Popen(
            _merge_cmd(target, bundle),
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            proc.wait(timeout=rng.uniform(0.3, duration * 1.05))
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
        with Workspace.open(target, PASSPHRASE) as ws:
            state = ws.state_hash()
            assert state in (before, after), f"trial {trial}: a state between before and after"
            outcomes["before" if state == before else "after"] += 1
            if trial % 7 == 0 or trial == TRIALS - 1:
                merge_bundle(ws, bundle)
                assert ws.state_hash() == after
        shutil.rmtree(target)
    assert outcomes["before"] > 0
