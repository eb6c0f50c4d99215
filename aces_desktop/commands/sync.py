"""``aces keys``, ``aces trust``, ``aces bundle``, ``aces conflicts``, ``aces duplicates``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from aces_desktop.commands.common import TerminalProgress, common_options, emit_json, open_workspace
from aces_desktop.core.errors import AcesError

_json = click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")


@click.group()
def keys() -> None:
    """This workspace's public identity (for enrolment)."""


@keys.command(name="export")
@common_options
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), required=True)
@_json
def keys_export(out: Path, as_json: bool) -> None:
    """Write this workspace's public identity file (no secret in it)."""
    from aces_desktop.sync.trust import export_identity

    with open_workspace() as ws:
        ident = export_identity(ws, out)
    if as_json:
        emit_json({"file": str(out), **ident.as_json()})
        return
    click.echo(f"Wrote the identity of '{ident.name}' ({ident.role}) to {out}")
    click.echo(f"Fingerprint (read it aloud to compare): {ident.readable()}")


@click.group()
def trust() -> None:
    """Devices and coordinators this workspace trusts."""


@trust.command(name="add")
@common_options
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@_json
def trust_add(file: Path, as_json: bool) -> None:
    """Trust the device whose identity file is FILE (compare the fingerprint first)."""
    from aces_desktop.sync.trust import read_identity, trust_identity

    ident = read_identity(file)
    with open_workspace() as ws:
        result = trust_identity(ws, ident)
    if as_json:
        emit_json({"added": result.added, **ident.as_json()})
        return
    verb = "Now trusting" if result.added else "Already trusted"
    click.echo(f"{verb} '{ident.name}' ({ident.role}, device {ident.device_id})")
    click.echo(f"Fingerprint: {ident.readable()}")


@trust.command(name="list")
@common_options
@_json
def trust_list(as_json: bool) -> None:
    """List trusted devices with their fingerprints, then the revoked ones."""
    from aces_desktop.sync.trust import list_trusted, own_identity

    with open_workspace() as ws:
        rows = list_trusted(ws, revoked=True)
        me = own_identity(ws)
    trusted = [r for r in rows if not r["revoked"]]
    revoked = [r for r in rows if r["revoked"]]
    if as_json:
        emit_json({"self": me.as_json(), "trusted": trusted, "revoked": revoked})
        return
    click.echo(f"This workspace: {me.name} ({me.role})  {me.readable()}")
    if not trusted:
        click.echo("No trusted devices yet.")
    for row in trusted:
        click.echo(
            f"{row['name']:<30} {row['role']:<12} {row['fingerprint_readable']}  {row['device_id']}"
        )
    if revoked:
        click.echo("Revoked (their changes after the revocation are refused):")
    for row in revoked:
        gone = row["revoked"]
        click.echo(
            f"{row['name']:<30} {row['role']:<12} {row['device_id']}  revoked "
            f"{gone['time'][:10]}: {gone['reason']}"
        )


@trust.command(name="revoke")
@common_options
@click.argument("device")
@click.option("--reason", required=True, help="Why (e.g. 'laptop seized at the border').")
@_json
def trust_revoke(device: str, reason: str, as_json: bool) -> None:
    """Revoke DEVICE (its id or name): nothing it writes from now on is accepted anywhere.

    Coordinator only. The signed revocation travels in this coordinator's bundles; what the
    device wrote before stays, marked as from a revoked device."""
    from aces_desktop.sync.trust import revoke_device

    with open_workspace() as ws:
        notice = revoke_device(ws, device, reason)
    if as_json:
        emit_json(notice.as_json())
        return
    click.echo(
        f"Revoked device {notice.device_id}: revisions after number {notice.after_seq} are "
        "refused from now on. Export a bundle to the field devices so they learn it."
    )


@click.group()
def bundle() -> None:
    """Sync bundles: export, verify, merge."""


@bundle.command(name="export")
@common_options
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), required=True)
@click.option("--full", is_flag=True, help="Everything, not only what was not acknowledged.")
@click.option(
    "--to", "to", multiple=True, help="Only for this trusted device (id or name); repeatable."
)
@_json
def bundle_export(out: Path, full: bool, to: tuple[str, ...], as_json: bool) -> None:
    """Write a signed, encrypted bundle for the trusted coordinator(s)."""
    from aces_desktop.sync.export import export_bundle

    with open_workspace() as ws, TerminalProgress() as progress:
        summary = export_bundle(ws, out, full=full, to=list(to) or None, progress=progress)
    if as_json:
        emit_json(summary.as_json())
        return
    click.echo(
        f"Wrote {out}: {summary.revisions:,} revisions ({summary.withheld:,} without content "
        f"that stays on this device), {summary.attachments:,} attachments, for "
        f"{', '.join(summary.recipients)}."
    )
    if summary.missing_attachments:
        click.echo(f"{summary.missing_attachments} attachment file(s) are not on this device.")


@bundle.command(name="verify")
@common_options
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@_json
def bundle_verify(file: Path, as_json: bool) -> None:
    """Check a bundle completely without merging it."""
    from aces_desktop.sync.verify import verify_bundle

    with open_workspace() as ws, TerminalProgress() as progress:
        plan = verify_bundle(ws, file, progress)
    if as_json:
        emit_json({"valid": True, **plan.as_json()})
        return
    click.echo(
        f"{file.name} is valid: from '{plan.sender_name}', {plan.revisions:,} revisions, "
        f"{plan.attachments:,} attachments."
    )
    for r in plan.held:
        click.echo(
            f"Revisions {r.first_seq}-{r.last_seq} of device {r.device_id} will wait for an "
            f"earlier bundle (revisions from {r.known_tip + 1} are missing)."
        )


@bundle.command(name="merge")
@common_options
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@_json
def bundle_merge(files: tuple[Path, ...], as_json: bool) -> None:
    """Merge bundles; each one all-or-nothing."""
    from aces_desktop.sync.merge import merge_bundles

    with open_workspace() as ws, TerminalProgress() as progress:
        results = merge_bundles(ws, list(files), progress)
    refused = [r for r in results if r.refused]
    if as_json:
        emit_json({"bundles": [r.as_json() for r in results], "refused": len(refused)})
    else:
        for r in results:
            if r.refused:
                continue
            click.echo(
                f"{Path(r.file).name}: {r.new_revisions:,} new revisions, {r.created:,} new and "
                f"{r.updated:,} updated records, {r.conflicts:,} conflicts, {r.duplicates:,} "
                f"possible duplicate sites."
            )
            for w in r.waiting:
                click.echo(
                    f"  {w['held']} revision(s) of device {w['device_id']} wait for an earlier "
                    f"bundle (revisions {w['missing_from']}-{w['missing_to']} are missing)."
                )
    if len(results) == 1 and refused:
        raise AcesError(refused[0].refused or "The bundle was refused.")
    if refused:
        for r in refused:
            click.echo(f"aces: {r.refused}", err=True)
        raise AcesError(
            f"{len(refused)} of {len(results)} bundles were refused (see above); the others "
            "were merged."
        )


@click.group()
def conflicts() -> None:
    """Records edited on two devices without seeing each other."""


@conflicts.command(name="list")
@common_options
@_json
def conflicts_list(as_json: bool) -> None:
    """List open conflicts with both versions."""
    from aces_desktop.sync.conflicts import list_conflicts

    with open_workspace() as ws:
        rows = list_conflicts(ws)
    if as_json:
        emit_json(rows)
        return
    if not rows:
        click.echo("No open conflicts.")
    for row in rows:
        click.echo(f"{row['record_type']} {row['record_id']} {row['title']}")
        for v in row["versions"]:
            state = "deleted" if v["deleted"] else "changed"
            click.echo(f"   {v['rev'][:12]}  {state} on device {v['device_id']} at {v['time']}")


@conflicts.command(name="resolve")
@common_options
@click.argument("record_id")
@click.option("--choose", help="Keep this version (revision hash or its first characters).")
@click.option(
    "--content",
    "content_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="JSON file with the combined record content.",
)
def conflicts_resolve(record_id: str, choose: str | None, content_file: Path | None) -> None:
    """Resolve a conflict by choosing one version or giving combined content."""
    from aces_desktop.sync.conflicts import resolve_conflict

    content: dict[str, Any] | None = None
    if content_file is not None:
        try:
            content = json.loads(content_file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise AcesError(f"Cannot read {content_file} as JSON ({exc}).") from None
        if not isinstance(content, dict):
            raise AcesError(f"{content_file} must hold a JSON object.")
    with open_workspace() as ws:
        resolve_conflict(ws, record_id, choose=choose, content=content)
    click.echo(f"Resolved the conflict on {record_id}.")


@click.group()
def duplicates() -> None:
    """Likely duplicate sites queued for review."""


@duplicates.command(name="list")
@common_options
@_json
def duplicates_list(as_json: bool) -> None:
    """List likely duplicate sites."""
    from aces_desktop.sync.duplicates import list_duplicates

    with open_workspace() as ws:
        rows = list_duplicates(ws)
    if as_json:
        emit_json(rows)
        return
    if not rows:
        click.echo("No likely duplicate sites.")
    for row in rows:
        a, b = row["site_a"], row["site_b"]
        click.echo(f"[{row['id']}] {row['reason']} ({row['score']:.0f})")
        click.echo(f"     {a['id']}  {a['name']}")
        click.echo(f"     {b['id']}  {b['name']}")


@duplicates.command(name="merge")
@common_options
@click.argument("keep")
@click.argument("other")
@_json
def duplicates_merge(keep: str, other: str, as_json: bool) -> None:
    """Merge site OTHER into site KEEP (both histories are kept)."""
    from aces_desktop.sync.duplicates import merge_sites

    with open_workspace() as ws:
        result = merge_sites(ws, keep, other)
    if as_json:
        emit_json(result.as_json())
        return
    click.echo(f"Merged {other} into {keep}: {result.repointed} record(s) now point to {keep}.")


@duplicates.command(name="dismiss")
@common_options
@click.argument("pair_id", type=int)
def duplicates_dismiss(pair_id: int) -> None:
    """Mark a queued pair as not a duplicate."""
    from aces_desktop.sync.duplicates import dismiss_duplicate

    with open_workspace() as ws:
        dismiss_duplicate(ws, pair_id)
    click.echo(f"Dismissed pair {pair_id}.")


@click.group()
def org() -> None:
    """The organisation: invite another coordinator (docs/hub.md)."""


@org.command(name="invite")
@common_options
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), required=True)
@click.option(
    "--valid-hours",
    type=click.IntRange(1, 24 * 14),
    default=72,
    show_default=True,
    help="How long the invitation can be used.",
)
@_json
def org_invite(out: Path, valid_hours: int, as_json: bool) -> None:
    """Write an invitation for a second coordinator; print its one-time code.

    Give the file to the new coordinator (USB stick, e-mail) and read the code aloud to them
    (never send it with the file). They run: aces init --role coordinator --join FILE.
    The invitation carries the organisation's signing CA: keep it only until it is used."""
    from aces_desktop.ops.workspaces import invite_coordinator

    with open_workspace() as ws:
        issued = invite_coordinator(ws, out, valid_hours)
    if as_json:
        emit_json(
            {
                "file": str(issued.path),
                "invitation": issued.invitation_id,
                "code": issued.code,
                "expires": issued.expires,
            }
        )
        return
    click.echo(f"Wrote an invitation to {issued.path} (valid until {issued.expires}).")
    click.echo(f"One-time code (read it aloud, never send it with the file): {issued.code}")


@org.command(name="upgrade-store")
@click.option(
    "--owner-url",
    envvar="ACES_DATABASE_OWNER_URL",
    required=True,
    metavar="URL",
    help="The URL of the role owning the store's database (also $ACES_DATABASE_OWNER_URL).",
)
def org_upgrade_store(owner_url: str) -> None:
    """Upgrade the organisation's PostgreSQL store to this application's schema, as the
    database's owner (the coordinators' role may not change tables). Back it up with
    pg_dump first (docs/hub.md)."""
    from aces_desktop.ops.workspaces import upgrade_store

    before, after = upgrade_store(owner_url)
    if before == after:
        click.echo(f"The store is at schema {after} already.")
    else:
        click.echo(f"Upgraded the store from schema {before} to {after}.")


COMMANDS = [keys, trust, bundle, conflicts, duplicates, org]
