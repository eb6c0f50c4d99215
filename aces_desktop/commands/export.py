"""``aces export``: record lists, or with ``--scores`` the ratings, to XLSX or CSV."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from aces_desktop.commands.common import DAY, common_options, emit_json, open_workspace
from aces_desktop.reports.spreadsheets import EXPORT_TYPES


@click.command(name="export")
@common_options
@click.option(
    "--type",
    "export_type",
    type=click.Choice(sorted(EXPORT_TYPES)),
    default=None,
    help="Which list to export.",
)
@click.option("--scores", is_flag=True, help="Export the ratings of `aces score` instead.")
@click.option(
    "--kind",
    type=click.Choice(["initiative", "company", "site"]),
    default=None,
    help="With --scores: only this kind of subject.",
)
@click.option(
    "--as-of",
    "as_of",
    type=DAY,
    default=None,
    help="With --scores: rate as of this date (default: today, UTC).",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="The file to write: FILE.xlsx or FILE.csv.",
)
@click.option("--bom", is_flag=True, help="CSV: start with a UTF-8 byte order mark (for Excel).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def export(
    export_type: str | None,
    scores: bool,
    kind: str | None,
    as_of: dt.date | None,
    out: Path,
    bom: bool,
    as_json: bool,
) -> None:
    """Export a record list (--type) or the ratings (--scores) to a spreadsheet.

    Everything is redacted for leaving the workspace: worker notes appear only with
    consent scope public_anonymised (anonymised), person names never, withheld sites not
    at all, and sites published without address lose their address and coordinates.
    """
    from aces_desktop.core.errors import AcesError
    from aces_desktop.ops import reports

    if (export_type is None) == (not scores):
        raise click.UsageError("Give either --type TYPE or --scores.")
    if not scores and (kind or as_of):
        raise click.UsageError("--kind and --as-of go with --scores.")
    if out.suffix.lower() not in (".xlsx", ".csv"):
        raise AcesError(f"Cannot export to '{out.name}': the file name must end in .xlsx or .csv.")
    with open_workspace() as ws:
        if scores:
            written, held_back = reports.scores_sheet(ws, out, kind=kind, as_of=as_of, bom=bom)
            label = "ratings"
        else:
            assert export_type is not None
            written, held_back = reports.records_sheet(ws, export_type, out, bom=bom)
            label = export_type
    if as_json:
        emit_json({"type": label, "out": str(out), "rows": written, "held_back": held_back})
        return
    click.echo(f"Exported {written} {label} to {out}.")
    if held_back:
        click.echo(f"{held_back} row(s) held back by consent or disclosure settings.")


COMMANDS = [export]
