"""``aces passphrase change``, ``aces recovery export|restore``, ``aces wipe``, ``aces pii``."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from aces_desktop.commands.common import (
    common_options,
    emit_json,
    open_workspace,
    passphrase,
    workspace_path,
)
from aces_desktop.core.errors import AcesError


def _secret_from(file: Path | None, env: str, prompt: str, *, confirm: bool = True) -> str:
    """A secret from a file (first line), an environment variable, or a terminal prompt."""
    if file is not None:
        try:
            lines = file.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise AcesError(f"Cannot read {file} ({exc}).") from exc
        if not lines or not lines[0]:
            raise AcesError(f"The file {file} is empty.")
        return lines[0]
    value = os.environ.get(env)
    if value:
        return value
    if sys.stdin.isatty():
        return str(click.prompt(prompt, hide_input=True, confirmation_prompt=confirm, err=True))
    raise AcesError(
        f"No {prompt.lower()} given: use the file option, the {env} environment variable, "
        "or run the command in a terminal to be asked."
    )


# --- passphrase -----------------------------------------------------------------------------


@click.group(name="passphrase")
def passphrase_group() -> None:
    """Change the workspace passphrase."""


@passphrase_group.command(name="change")
@common_options
@click.option(
    "--new-passphrase-file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Read the new passphrase from the first line of this file "
    "(else $ACES_NEW_PASSPHRASE, else asked twice on the terminal).",
)
@click.option(
    "--keep-db-key",
    is_flag=True,
    help="Only re-wrap the database key (fast; a copy of the old key file with the old "
    "passphrase would still open the database).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def passphrase_change(new_passphrase_file: Path | None, keep_db_key: bool, as_json: bool) -> None:
    """Re-key the workspace under a new passphrase; safe to interrupt."""
    from aces_desktop.ops.workspaces import change_passphrase

    new = _secret_from(new_passphrase_file, "ACES_NEW_PASSPHRASE", "New passphrase")
    old = passphrase()
    with open_workspace() as ws:
        result = change_passphrase(ws, old, new, new_db_key=not keep_db_key)
    if as_json:
        emit_json(
            {
                "new_db_key": result.new_db_key,
                "blobs_reencrypted": result.blobs_reencrypted,
                "recovery_outdated": result.recovery_outdated,
            }
        )
        return
    click.echo("The passphrase was changed.")
    if result.new_db_key:
        click.echo(
            f"The database has a new key; {result.blobs_reencrypted} attachment file(s) were "
            "re-encrypted."
        )
    if result.recovery_outdated:
        click.echo(
            "Recovery files made before this change no longer open the workspace: export a "
            "new one with 'aces recovery export'.",
            err=True,
        )


# --- personal data in notes -------------------------------------------------------------------


@click.group(name="pii")
def pii_group() -> None:
    """Worker notes held back because their text contains names, phone or ID numbers."""


@pii_group.command(name="list")
@common_options
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def pii_list(as_json: bool) -> None:
    """List the held notes and what was found (kinds and positions, not the text)."""
    from aces_desktop.store import pii_ack

    with open_workspace() as ws, ws.session() as s:
        held = pii_ack.held_notes(s)
    rows = [
        {
            "id": h.record_id,
            "consent_scope": h.consent_scope,
            "found": [
                {"field": f, "kind": sp.kind, "start": sp.start, "end": sp.end}
                for f, spans in h.spans.items()
                for sp in spans
            ],
        }
        for h in held
    ]
    if as_json:
        emit_json(rows)
        return
    if not rows:
        click.echo("No worker note is waiting for a personal-data check.")
    for h in held:
        kinds = ", ".join(sorted({sp.kind for spans in h.spans.values() for sp in spans}))
        click.echo(f"{h.record_id}  ({h.consent_scope}): {kinds}")


@pii_group.command(name="acknowledge")
@common_options
@click.argument("note_id")
def pii_acknowledge(note_id: str) -> None:
    """Share NOTE_ID despite the personal data found in it (until its text changes)."""
    from aces_desktop.store import pii_ack

    with open_workspace() as ws, ws.session() as s:
        type_name, content = ws.records.get(s, note_id)
        if type_name != "worker_note":
            raise AcesError(f"{note_id} is a {type_name}, not a worker note.")
        pii_ack.acknowledge(s, type_name, note_id, content)
    click.echo(f"Worker note {note_id} may now leave within its consent scope.")


# --- recovery -------------------------------------------------------------------------------


@click.group(name="recovery")
def recovery_group() -> None:
    """Back up the workspace keys to an encrypted recovery file, and restore from it."""


@recovery_group.command(name="export")
@common_options
@click.option(
    "--out", type=click.Path(path_type=Path, dir_okay=False), required=True, help="Recovery file."
)
@click.option(
    "--recovery-passphrase-file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Read the recovery passphrase from this file "
    "(else $ACES_RECOVERY_PASSPHRASE, else asked twice on the terminal).",
)
@click.option("--shares", type=click.IntRange(2, 16), help="Split the recovery key into N shares.")
@click.option("--threshold", type=click.IntRange(2, 16), help="Shares needed to restore (K).")
@click.option(
    "--shares-only",
    is_flag=True,
    help="No recovery passphrase: only the shares open the file.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def recovery_export(
    out: Path,
    recovery_passphrase_file: Path | None,
    shares: int | None,
    threshold: int | None,
    shares_only: bool,
    as_json: bool,
) -> None:
    """Write an encrypted recovery file of the workspace keys (no record content)."""
    from aces_desktop.ops.workspaces import export_recovery

    if (shares is None) != (threshold is None):
        raise click.UsageError("--shares and --threshold go together.")
    if shares_only and shares is None:
        raise click.UsageError("--shares-only needs --shares and --threshold.")
    secret = None
    if not shares_only:
        secret = _secret_from(
            recovery_passphrase_file, "ACES_RECOVERY_PASSPHRASE", "Recovery passphrase"
        )
    with open_workspace() as ws:
        result = export_recovery(ws, out, secret, shares=shares, threshold=threshold)
    if as_json:
        emit_json({"out": str(out), "threshold": result.threshold, "shares": result.shares})
        return
    click.echo(f"Recovery file written to {out}.")
    if result.shares:
        click.echo(
            f"Give each of these {len(result.shares)} shares to a different person; any "
            f"{result.threshold} of them open the recovery file. Write them on paper; do not "
            "keep them on this computer."
        )
        for i, words in enumerate(result.shares, 1):
            click.echo(f"\nShare {i} of {len(result.shares)}:\n{words}")


@recovery_group.command(name="restore")
@common_options
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--share", "shares", multiple=True, help="One share (its words, quoted); repeat.")
@click.option(
    "--share-file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="A file with one share per line.",
)
@click.option(
    "--recovery-passphrase-file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Read the recovery passphrase from this file (else $ACES_RECOVERY_PASSPHRASE).",
)
@click.option(
    "--new-passphrase-file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The new workspace passphrase (else $ACES_NEW_PASSPHRASE, else asked twice).",
)
def recovery_restore(
    file: Path,
    shares: tuple[str, ...],
    share_file: Path | None,
    recovery_passphrase_file: Path | None,
    new_passphrase_file: Path | None,
) -> None:
    """Give the workspace a new passphrase using a recovery FILE (lost key file or passphrase)."""
    from aces_desktop.ops.workspaces import restore_from_recovery
    from aces_desktop.store.recovery import describe

    all_shares = list(shares)
    if share_file is not None:
        try:
            all_shares += [ln for ln in share_file.read_text("utf-8").splitlines() if ln.strip()]
        except (OSError, UnicodeDecodeError) as exc:
            raise AcesError(f"Cannot read {share_file} ({exc}).") from exc
    header = describe(file)
    secret = None
    if not all_shares:
        secret = _secret_from(
            recovery_passphrase_file,
            "ACES_RECOVERY_PASSPHRASE",
            "Recovery passphrase",
            confirm=False,
        )
    new = _secret_from(new_passphrase_file, "ACES_NEW_PASSPHRASE", "New passphrase")
    keys = restore_from_recovery(
        workspace_path(), file, new, recovery_passphrase=secret, shares=all_shares or None
    )
    click.echo(
        f"Restored the keys of '{keys.workspace_name}' (recovery file of {header['created_at']}); "
        "the workspace now opens with the new passphrase."
    )


# --- wipe ----------------------------------------------------------------------------------


@click.command(name="wipe")
@common_options
@click.option(
    "--confirm",
    "typed_name",
    required=True,
    help="The workspace's exact name, typed to confirm.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def wipe(typed_name: str, as_json: bool) -> None:
    """Destroy the workspace: its keys at once, then all its files. Cannot be undone."""
    from aces_desktop.store.wipe import wipe_workspace
    from aces_desktop.store.workspace import Workspace

    ws = Workspace.open(workspace_path(), passphrase())
    try:
        report = wipe_workspace(ws, typed_name)
    finally:
        ws.close()
    if as_json:
        emit_json(
            {
                "workspace": str(report.path),
                "keys_destroyed": report.keys_destroyed,
                "files_removed": report.files_removed,
                "left_in_place": report.left_in_place,
            }
        )
        return
    click.echo(
        f"Wiped {report.path}: keys destroyed, {report.files_removed} file(s) removed. "
        "Recovery files and backups made elsewhere still exist: destroy them too."
    )
    for name in report.left_in_place:
        click.echo(f"Left in place (not made by ACES): {name}", err=True)


COMMANDS: list[click.Command] = [passphrase_group, pii_group, recovery_group, wipe]
