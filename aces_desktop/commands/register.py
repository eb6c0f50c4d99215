"""``aces register export`` and ``aces register verify``: the public transparency register."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from aces_desktop.commands.common import (
    DAY,
    LANGUAGE_OPTION,
    TerminalProgress,
    common_options,
    emit_json,
    open_workspace,
)


@click.group()
def register() -> None:
    """The public transparency register (HTML, CSV, JSON), redacted."""


@register.command(name="export")
@common_options
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="Folder to write (created, or replaced if it holds an earlier register).",
)
@click.option(
    "--date",
    "export_date",
    type=DAY,
    default=None,
    help="Export date recorded in the register and used for the ratings (default: today, UTC).",
)
@click.option(
    "--publisher",
    default=None,
    help="Organisation named as publisher (default: the workspace name).",
)
@click.option("--sign", is_flag=True, help="Sign SHA256SUMS with this workspace's device key.")
@LANGUAGE_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def export_(
    out: Path,
    export_date: dt.date | None,
    publisher: str | None,
    sign: bool,
    language: str,
    as_json: bool,
) -> None:
    """Write the register to a folder: index.html, register.json, CSV files, SHA256SUMS.

    Withheld sites are left out, sites published without address lose address and
    coordinates, and no worker statement or person name is written. The same workspace
    state and date give byte-identical files.
    """
    from aces_desktop.ops import reports

    day = export_date or dt.datetime.now(dt.UTC).date()
    with open_workspace() as ws, TerminalProgress() as progress:
        result = reports.register(
            ws,
            out,
            export_date=day,
            sign=sign,
            progress=progress,
            publisher=publisher,
            language=language,
        )
    if as_json:
        emit_json(result.to_json())
        return
    counts = result.counts
    click.echo(
        f"Register written to {result.out_dir}: {counts['initiatives']} initiatives, "
        f"{counts['companies']} companies, {counts['sites']} sites "
        f"({counts['sites_withheld']} withheld)."
    )
    skipped = result.not_ready
    if skipped.get("initiatives") or skipped.get("companies"):
        click.echo(
            f"Skipped, not marked ready to publish: {skipped['initiatives']} initiative(s), "
            f"{skipped['companies']} company(ies) (see: aces publish list)."
        )
    if sign:
        click.echo("SHA256SUMS signed with this workspace's device key (SHA256SUMS.sig).")


@register.command(name="verify")
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def verify(folder: Path, as_json: bool) -> None:
    """Check a register folder against its SHA256SUMS (and signature, if signed)."""
    from aces_desktop.core.errors import AcesError
    from aces_desktop.reports.register import verify_register

    problems = verify_register(folder)
    if as_json:
        emit_json({"folder": str(folder), "ok": not problems, "problems": problems})
        if problems:
            raise SystemExit(1)
        return
    if problems:
        raise AcesError("The register does not verify: " + "; ".join(problems) + ".")
    click.echo(f"{folder}: every file matches SHA256SUMS.")


COMMANDS = [register]
