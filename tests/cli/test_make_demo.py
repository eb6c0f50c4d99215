"""`make demo` (scripts/make_demo.py): everything it promises lands in the folder and checks out."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from aces_desktop.demo_data import DEMO_PASSPHRASE
from aces_desktop.store import models as m
from aces_desktop.store.workspace import Workspace

ROOT = Path(__file__).resolve().parents[2]


def test_demo_writes_workspace_scorecards_bundles_and_register(tmp_path: Path) -> None:
    out = tmp_path / "demo-out"
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "make_demo.py"),
            "--out",
            str(out),
            "--sites",
            "8",
            "--observations",
            "400",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 0, done.stderr
    assert DEMO_PASSPHRASE in (out / "PASSPHRASE.txt").read_text(encoding="utf-8")
    cards = sorted((out / "scorecards").glob("*.pdf"))
    assert cards and "verified" in done.stdout
    assert (out / "scorecards" / "organisation-ca.pem").exists()
    assert (out / "bundles" / "field-to-coordinator.aces-bundle").stat().st_size > 0
    assert (out / "bundles" / "coordinator-to-field.aces-bundle").stat().st_size > 0
    assert (out / "register" / "index.html").exists()
    with Workspace.open(out / "workspace", DEMO_PASSPHRASE) as ws, ws.session() as s:
        info = ws.info()
        names = set(s.scalars(select(m.Site.name)))
    assert info["role"] == "coordinator"
    assert "Demo Field Spinning Mill" in names  # the field laptop's site came by bundle
    verify = subprocess.run(
        [
            sys.executable,
            "-m",
            "aces_desktop",
            "pdf",
            "verify",
            str(cards[0]),
            "--trust",
            str(out / "scorecards" / "organisation-ca.pem"),
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert verify.returncode == 0, verify.stderr
    assert json.loads(verify.stdout)["valid"] is True
