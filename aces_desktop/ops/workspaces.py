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
from aces_desktop.sync.invite import (
    DEFAULT_VALID_HOURS,
    Invitation,
    Issued,
    read_invitation,
    write_invitation,
)
from aces_desktop.sync.trust import trust_identity


def create_workspace(
    path: Path,
    passphrase: str,
    *,
    role: str,
    name: str,
    person_name: str | None = None,
    kdf: keyfile.KdfParams = keyfile.DEFAULT_KDF,
    database: str | None = None,
    invitation: Invitation | None = None,
    own_file: bool = False,
    owner_url: str | None = None,
) -> Workspace:
    """A new workspace, ready for its role: a coordinator's can sign scorecards at once.

    ``database``: a PostgreSQL URL for a coordinator whose records live there.
    ``invitation`` (opened with ``open_invitation``): a second coordinator of the inviter's
    organisation, trusting the inviter; in the inviter's PostgreSQL store unless
    ``database`` names another or ``own_file`` keeps the records in the workspace file.
    ``owner_url``: the database owner's URL, used to make the store; ``database``'s role then
    gets only the application's rights (docs/hub.md)."""
    require_acceptable(passphrase)
    if invitation is not None and database is None and not own_file:
        database = invitation.database
    ws = Workspace.create(
        path,
        passphrase,
        role=role,
        name=name,
        person_name=person_name,
        kdf=kdf,
        database=database,
        join=invitation.store_join() if invitation is not None else None,
        owner_url=owner_url,
    )
    try:
        if invitation is not None:
            trust_identity(ws, invitation.inviter)
        if role == "coordinator":
            ensure_ca(ws)  # the organisation CA that signs PDF scorecards
            ws.load_content_key()  # derived from it: free text is encrypted in PostgreSQL
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


def invite_coordinator(ws: Workspace, out: Path, valid_hours: int = DEFAULT_VALID_HOURS) -> Issued:
    """Write an invitation for a second coordinator of this organisation (``sync.invite``)."""
    return write_invitation(ws, out, valid_hours)


def open_invitation(path: Path, code: str | None) -> Invitation:
    """Open an invitation with the code its coordinator read aloud."""
    return read_invitation(path, code)


def upgrade_store(owner_url: str) -> tuple[str | None, str]:
    """Upgrade an organisation's PostgreSQL store with its owner's URL (the application's
    role may not change tables); returns the schema versions before and after."""
    from aces_desktop.store.migrations import upgrade_store_as_owner

    return upgrade_store_as_owner(owner_url)
