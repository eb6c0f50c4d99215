"""Recovery file and SLIP-39 shares restore a workspace whose key file or passphrase was lost."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from aces_desktop.core.errors import AcesError, WrongPassphrase
from aces_desktop.store import recovery, rekey
from aces_desktop.store.secrets import SECRET_DEVICE_SIGNING
from aces_desktop.store.workspace import Workspace
from tests.conftest import PASSPHRASE
from tests.protect.support import FAST_KDF, NEW_PASSPHRASE, assert_opens_with

RECOVERY_PASS = "recovery words on paper in the safe"
FAST_N = 2**12


def export(path: Path, out: Path, **kw: Any) -> recovery.ExportResult:
    with Workspace.open(path, PASSPHRASE) as ws:
        return recovery.export_recovery(
            ws, out, kw.pop("secret", RECOVERY_PASS), scrypt_n=FAST_N, **kw
        )


def test_restore_after_key_file_deleted(world: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    path, facts = world
    out = tmp_path / "ws.recovery"
    export(path, out)
    text = out.read_text()
    assert "db_key" not in text and "secrets" not in text  # all of it is encrypted
    (path / "workspace.key").unlink()
    with pytest.raises(AcesError, match=r"key file .* is missing"):
        Workspace.open(path, PASSPHRASE)
    with pytest.raises(WrongPassphrase, match="Wrong recovery passphrase"):
        recovery.restore(path, out, NEW_PASSPHRASE, recovery_passphrase="guess", kdf=FAST_KDF)
    assert not (path / "workspace.key").exists()
    keys = recovery.restore(
        path, out, NEW_PASSPHRASE, recovery_passphrase=RECOVERY_PASS, kdf=FAST_KDF
    )
    assert SECRET_DEVICE_SIGNING in keys.secrets
    assert_opens_with(path, NEW_PASSPHRASE, facts)


def test_shares_restore_and_below_threshold_fails(
    world: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    path, facts = world
    out = tmp_path / "ws.recovery"
    result = export(path, out, secret=None, shares=5, threshold=3)
    assert len(result.shares) == 5 and result.threshold == 3
    assert all(len(s.split()) == 33 for s in result.shares)  # 256-bit secret in SLIP-39 words
    assert not any(s.split()[0] in out.read_text() for s in result.shares)
    (path / "workspace.key").write_text("forgotten passphrase: overwritten by mistake")
    with pytest.raises(AcesError, match="2 different share\\(s\\) given, but 3 of 5 are needed"):
        recovery.restore(path, out, NEW_PASSPHRASE, shares=result.shares[:2], kdf=FAST_KDF)
    with pytest.raises(AcesError, match="needed"):  # the same share twice is still one share
        recovery.restore(path, out, NEW_PASSPHRASE, shares=[result.shares[0]] * 3, kdf=FAST_KDF)
    with pytest.raises(AcesError, match="opens only with its shares"):
        recovery.restore(path, out, NEW_PASSPHRASE, recovery_passphrase="x", kdf=FAST_KDF)
    recovery.restore(
        path,
        out,
        NEW_PASSPHRASE,
        shares=[result.shares[4], result.shares[1], result.shares[2]],
        kdf=FAST_KDF,
    )
    assert_opens_with(path, NEW_PASSPHRASE, facts)


def test_shares_of_another_file_are_refused(
    world: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    path, _ = world
    first = export(path, tmp_path / "a.recovery", shares=3, threshold=2)
    export(path, tmp_path / "b.recovery", shares=3, threshold=2)
    with pytest.raises(AcesError, match="another recovery file"):
        recovery.read_recovery(tmp_path / "b.recovery", shares=first.shares[:2])


def test_recovery_outdated_after_rekey(world: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    path, _ = world
    out = tmp_path / "old.recovery"
    export(path, out)
    with Workspace.open(path, PASSPHRASE) as ws:
        rekey.change_passphrase(ws, PASSPHRASE, NEW_PASSPHRASE, kdf=FAST_KDF)
    before = (path / "workspace.key").read_bytes()
    with pytest.raises(AcesError, match="made before a passphrase change"):
        recovery.restore(path, out, "third", recovery_passphrase=RECOVERY_PASS, kdf=FAST_KDF)
    assert (path / "workspace.key").read_bytes() == before  # nothing written


def test_recovery_of_another_workspace_is_refused(
    world: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    path, _ = world
    other = Workspace.create(tmp_path / "other", PASSPHRASE, role="field", name="o", kdf=FAST_KDF)
    other.close()
    out = tmp_path / "other.recovery"
    export(tmp_path / "other", out)
    with pytest.raises(AcesError, match="does not open the database"):
        recovery.restore(path, out, NEW_PASSPHRASE, recovery_passphrase=RECOVERY_PASS)


def test_cli_export_and_restore_with_shares(
    world: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    path, facts = world
    out = tmp_path / "cli.recovery"
    env = {
        **os.environ,
        "ACES_PASSPHRASE": PASSPHRASE,
        "ACES_RECOVERY_PASSPHRASE": RECOVERY_PASS,
    }

    def aces(*args: str, extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "aces_desktop", "--workspace", str(path), *args],
            capture_output=True,
            text=True,
            env={**env, **(extra or {})},
            timeout=300,
            check=False,
            stdin=subprocess.DEVNULL,
        )

    made = aces(
        "recovery", "export", "--out", str(out), "--shares", "3", "--threshold", "2", "--json"
    )
    assert made.returncode == 0, made.stderr
    shares = json.loads(made.stdout)["shares"]
    (path / "workspace.key").unlink()
    few = aces(
        "recovery",
        "restore",
        str(out),
        "--share",
        shares[0],
        extra={"ACES_NEW_PASSPHRASE": NEW_PASSPHRASE},
    )
    assert few.returncode == 1 and "2 of 3 are needed" in few.stderr
    assert "Traceback" not in few.stderr
    share_file = tmp_path / "shares.txt"
    share_file.write_text("\n".join(shares[1:]) + "\n")
    done = aces(
        "recovery",
        "restore",
        str(out),
        "--share-file",
        str(share_file),
        extra={"ACES_NEW_PASSPHRASE": NEW_PASSPHRASE},
    )
    assert done.returncode == 0, done.stderr
    assert_opens_with(path, NEW_PASSPHRASE, facts)
    # The recovery passphrase slot opens it too.
    (path / "workspace.key").unlink()
    again = aces(
        "recovery",
        "restore",
        str(out),
        extra={"ACES_NEW_PASSPHRASE": "a third passphrase, 77 moons"},
    )
    assert again.returncode == 0, again.stderr
    assert_opens_with(path, "a third passphrase, 77 moons", facts)


def test_coordinator_recovery_carries_the_organisation_ca(tmp_path: Path) -> None:
    from aces_desktop.reports import pki

    ws = Workspace.create(tmp_path / "c", PASSPHRASE, role="coordinator", name="c", kdf=FAST_KDF)
    try:
        pki.ensure_ca(ws)
        with ws.session() as s:
            ca_key = pki.get_secret(s, pki.SECRET_CA_KEY)
        recovery.export_recovery(ws, tmp_path / "c.recovery", RECOVERY_PASS, scrypt_n=FAST_N)
    finally:
        ws.close()
    keys = recovery.read_recovery(tmp_path / "c.recovery", recovery_passphrase=RECOVERY_PASS)
    assert keys.secrets[pki.SECRET_CA_KEY] == ca_key
    assert {"device_signing_key", "device_age_identity", "blob_age_identity"} <= set(keys.secrets)
