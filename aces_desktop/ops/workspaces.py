"""Making a workspace and choosing its passphrase: one workflow for the GUI and the CLI.

Both front ends call these functions, so a coordinator workspace always gets its
organisation CA and every new passphrase meets the one policy of ``core.passphrase``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from aces_desktop.core.passphrase import require_acceptable
from aces_desktop.reports.pki import ensure_ca
from aces_desktop.store import keyfile, recovery, rekey
from aces_desktop.store.workspace import Workspace


def create_workspace(
    path: Path,
    passphrase: str,
    *,
    role: str,
    name: str,
    person_name: str | None = None,
    kdf: keyfile.KdfParams = keyfile.DEFAULT_KDF,
) -> Workspace:
    """A new workspace, ready for its role: a coordinator's can sign scorecards at once."""
    require_acceptable(passphrase)
    ws = Workspace.create(path, passphrase, role=role, name=name, person_name=person_name, kdf=kdf)
    try:
        if role == "coordinator":
            ensure_ca(ws)  # the organisation CA that signs PDF scorecards
    except BaseException:
        ws.close()
        raise
    return ws


def change_passphrase(
    ws: Workspace,
    old_passphrase: str,
    new_passphrase: str,
    *,
    new_db_key: bool = True,
    kdf: keyfile.KdfParams = keyfile.DEFAULT_KDF,
) -> rekey.RekeyResult:
    require_acceptable(new_passphrase)
    return rekey.change_passphrase(
        ws, old_passphrase, new_passphrase, new_db_key=new_db_key, kdf=kdf
    )


def restore_from_recovery(
    path: Path,
    recovery_file: Path,
    new_passphrase: str,
    *,
    recovery_passphrase: str | None = None,
    shares: Sequence[str] | None = None,
    kdf: keyfile.KdfParams = keyfile.DEFAULT_KDF,
) -> recovery.RecoveryKeys:
    """A new passphrase for a workspace whose key file or passphrase was lost."""
    require_acceptable(new_passphrase)
    return recovery.restore(
        path,
        recovery_file,
        new_passphrase,
        recovery_passphrase=recovery_passphrase,
        shares=shares,
        kdf=kdf,
    )


def export_recovery(
    ws: Workspace,
    out: Path,
    recovery_passphrase: str | None,
    *,
    shares: int | None = None,
    threshold: int | None = None,
) -> recovery.ExportResult:
    """A recovery file; its passphrase (if any) opens the workspace, so the policy holds."""
    if recovery_passphrase:
        require_acceptable(recovery_passphrase)
    return recovery.export_recovery(
        ws, out, recovery_passphrase, shares=shares, threshold=threshold
    )
