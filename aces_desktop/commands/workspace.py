"""``aces init``, ``aces info``, ``aces demo``, ``aces import``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from aces_desktop.commands.common import (
    TerminalProgress,
    common_options,
    emit_json,
    open_workspace,
    passphrase,
    workspace_path,
)


@click.command()
@common_options
@click.option(
    "--role",
    type=click.Choice(["field", "coordinator"]),
    required=True,
    help="What this workspace is for.",
)
@click.option("--name", default=None, help="A name for the workspace (default: its folder name).")
@click.option("--person", default=None, help="Your name, recorded on every change you make.")
@click.option(
    "--database",
    envvar="ACES_DATABASE_URL",
    default=None,
    metavar="URL",
    help="Coordinators: keep the records in this PostgreSQL database "
    "(postgresql://user:password@host/database; also $ACES_DATABASE_URL). The URL is kept "
    "encrypted in the workspace folder. See docs/hub.md.",
)
@click.option(
    "--owner-url",
    envvar="ACES_DATABASE_OWNER_URL",
    default=None,
    metavar="URL",
    help="With --database: the URL of the role owning the database (also "
    "$ACES_DATABASE_OWNER_URL). The store is made with it and --database's role gets only "
    "the application's rights; this URL is not kept. See docs/hub.md.",
)
@click.option(
    "--join",
    "join",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    default=None,
    metavar="FILE",
    help="Coordinators: join the organisation of the coordinator that wrote this invitation "
    "(aces org invite).",
)
@click.option(
    "--code",
    envvar="ACES_INVITE_CODE",
    default=None,
    help="The invitation's one-time code (also $ACES_INVITE_CODE; asked for when missing).",
)
@click.option(
    "--own-file",
    is_flag=True,
    help="With --join: keep this coordinator's records in its own workspace file even when "
    "the inviter's are in PostgreSQL (the two then exchange bundles like devices).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def init(
    role: str,
    name: str | None,
    person: str | None,
    database: str | None,
    owner_url: str | None,
    join: Path | None,
    code: str | None,
    own_file: bool,
    as_json: bool,
) -> None:
    """Create an encrypted workspace."""
    from aces_desktop.ops.workspaces import create_workspace, open_invitation

    path = workspace_path()
    invitation = None
    if join is not None:
        if code is None and sys.stdin.isatty():
            code = click.prompt("Invitation code", hide_input=False)
        invitation = open_invitation(join, code)
    with create_workspace(
        path,
        passphrase(confirm=True),
        role=role,
        name=name or path.name,
        person_name=person,
        database=database,
        invitation=invitation,
        own_file=own_file,
        owner_url=owner_url,
    ) as ws:
        info = ws.info()
        on_postgres = ws.on_postgres
    if as_json:
        emit_json(info)
    else:
        click.echo(f"Created {role} workspace '{info['name']}' at {path}")
        if on_postgres:
            click.echo("Records:         in the PostgreSQL database given (docs/hub.md)")
        if invitation is not None:
            click.echo(f"Joined the organisation of '{invitation.inviter.name}'.")
        click.echo(f"Device id:       {info['device_id']}")
        click.echo(f"Key fingerprint: {info['key_fingerprint']}")


@click.command()
@common_options
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def info(as_json: bool) -> None:
    """Role, schema version, device and key fingerprint, record counts and state hash."""
    with open_workspace() as ws:
        data = ws.info()
    if as_json:
        emit_json(data)
        return
    click.echo(f"Workspace:       {data['name']} ({data['role']})")
    click.echo(f"Folder:          {data['workspace']}")
    click.echo(f"Schema version:  {data['schema_version']}")
    if data["store"] != "file":
        click.echo(f"Records in:      {data['store']}")
    click.echo(f"Device id:       {data['device_id']}")
    click.echo(f"Key fingerprint: {data['key_fingerprint']}")
    click.echo("Records:")
    for kind, count in data["counts"].items():
        click.echo(f"  {kind.replace('_', ' '):<18} {count:>10,}")
    click.echo(f"State hash:      {data['state_hash']}")


@click.command()
@common_options
@click.option("--sites", default=40, show_default=True, type=click.IntRange(1, 100_000))
@click.option(
    "--observations",
    default=2000,
    show_default=True,
    type=click.IntRange(0, 50_000_000),
    help="Number of findings.",
)
@click.option("--seed", default=1, show_default=True, type=int)
@click.option(
    "--role",
    type=click.Choice(["field", "coordinator"]),
    default="coordinator",
    show_default=True,
    help="Role when the workspace has to be created.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def demo(sites: int, observations: int, seed: int, role: str, as_json: bool) -> None:
    """Create (or fill) a workspace with realistic synthetic data."""
    from aces_desktop.demo_data import DemoOptions, fill_demo
    from aces_desktop.store.workspace import Workspace, is_workspace

    path = workspace_path()
    if is_workspace(path):
        ws = Workspace.open(path, passphrase())
    else:
        ws = Workspace.create(
            path, passphrase(confirm=True), role=role, name="ACES demo (synthetic data)"
        )
    with ws, TerminalProgress() as progress:
        summary = fill_demo(
            ws, DemoOptions(sites=sites, observations=observations, seed=seed), progress
        )
        result: dict[str, Any] = {
            "workspace": str(path),
            "created": summary.counts,
            "state_hash": ws.state_hash(),
        }
    if as_json:
        emit_json(result)
    else:
        click.echo(f"Demo data written to {path}:")
        for kind, count in summary.counts.items():
            click.echo(f"  {kind.replace('_', ' '):<18} {count:>10,}")
        click.echo(f"State hash: {result['state_hash']}")


@click.command(name="import")
@common_options
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def import_(file: Path, as_json: bool) -> None:
    """Import sites, companies, initiatives and evidence (JSON, or CSV for sites)."""
    from aces_desktop.ops import imports

    sections = imports.read(file)  # read and parse before asking for the passphrase
    with open_workspace() as ws:
        summary = imports.import_sections(ws, sections).value
    if as_json:
        emit_json(summary.to_dict())
        return
    created = sum(summary.created.values())
    updated = sum(summary.updated.values())
    click.echo(
        f"Imported {file.name}: {created} created, {updated} updated, {summary.unchanged} unchanged."
    )


COMMANDS = [init, info, demo, import_]
