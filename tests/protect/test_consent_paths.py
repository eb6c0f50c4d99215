"""A worker note of each consent scope appears only on the exit paths its scope allows.

The cases come from ``consent_cases.CASES`` (see there how to add the bundle, PDF, register
and CSV/JSON/XLSX paths as they land)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from aces_desktop.store import pii_ack
from aces_desktop.store.workspace import Workspace
from tests.helpers import add
from tests.protect.consent_cases import ALLOWED, CASES, NARRATIVE, PSEUDONYM, ExitPathCase

PUBLIC = {"pdf", "register", "export"}


def fill(ws: Workspace) -> dict[str, str]:
    site = add(ws, "site", name="Consent Mill", country="CN")
    return {
        scope: add(
            ws,
            "worker_note",
            site_id=site,
            pseudonym=PSEUDONYM[scope],
            consent_scope=scope,
            gender="female",
            narrative=text,
        )
        for scope, text in NARRATIVE.items()
    }


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_each_scope_leaves_only_where_allowed(
    case: ExitPathCase, workspace: Workspace, tmp_path: Path
) -> None:
    fill(workspace)
    output = case.produce(workspace, tmp_path)
    present = {scope for scope, text in NARRATIVE.items() if text.split()[-1].encode() in output}
    assert present == ALLOWED[case.rule]
    if case.rule in PUBLIC or case.rule == "log":
        assert b"PSEUDOMARK" not in output  # pseudonyms are never published
    if case.rule == "bundle":
        for scope in ALLOWED["bundle"]:
            assert PSEUDONYM[scope].encode() in output  # whole record for the coordinator


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_personal_data_is_held_until_acknowledged(
    case: ExitPathCase, workspace: Workspace, tmp_path: Path
) -> None:
    site = add(workspace, "site", name="Mill", country="CN")
    nid = add(
        workspace,
        "worker_note",
        site_id=site,
        pseudonym="W",
        consent_scope="public_anonymised",
        narrative="PIIMARK: the foreman Ma Jun, phone 13812345678",
    )
    assert b"PIIMARK" not in case.produce(workspace, tmp_path)
    with workspace.session() as s:
        pii_ack.acknowledge(s, "worker_note", nid, workspace.records.get(s, nid)[1])
    output = case.produce(workspace, tmp_path)
    assert (b"PIIMARK" in output) == (case.rule != "log")
    if case.rule in PUBLIC:
        assert b"Ma Jun" not in output and b"13812345678" not in output
        assert b"[name]" in output and b"[phone]" in output
    elif case.rule == "bundle":
        assert b"Ma Jun" in output  # acknowledged: travels whole, encrypted to the coordinator


def test_crash_messages_carry_no_content() -> None:
    script = textwrap.dedent(
        f"""
        from aces_desktop.core.logging import install_excepthook
        install_excepthook()
        raise ValueError({NARRATIVE["coordinator"]!r})
        """
    )
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert run.returncode == 1
    assert "internal error (ValueError)" in run.stderr
    assert "COORDMARK" not in run.stderr and "Traceback" not in run.stderr


def test_thread_crash_carries_no_content(capsys: Any) -> None:
    import sys as _sys
    import threading

    from aces_desktop.core.logging import install_excepthook

    saved = (_sys.excepthook, threading.excepthook)
    shown: list[str] = []
    try:
        install_excepthook(shown.append)

        def boom() -> None:
            raise RuntimeError(NARRATIVE["device"])

        t = threading.Thread(target=boom)
        t.start()
        t.join()
    finally:
        _sys.excepthook, threading.excepthook = saved
    assert shown and "RuntimeError" in shown[0] and "DEVICEMARK" not in shown[0]
