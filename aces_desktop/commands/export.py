"""``aces export``: record lists (and, with ``--scores``, ratings) to XLSX or CSV."""

from __future__ import annotations

from pathlib import Path

import click

from aces_desktop.cli import common_options, emit_json, open_workspace
from aces_desktop.reports.exports import EXPORT_TYPES


@click.command(name="export")
@common_options
@click.option(
    "--type",
    "export_type",
    type=click.Choice(sorted(EXPORT_TYPES)),
    required=True,
    help="Which list to export.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="The file to write: FILE.xlsx or FILE.csv.",
)
@click.option("--bom", is_flag=True, help="CSV: start with a UTF-8 byte order mark (for Excel).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def export(export_type: str, out: Path, bom: bool, as_json: bool) -> None:
    """Export a record list to a spreadsheet, redacted for leaving the workspace.

    Worker notes appear only with consent scope public_anonymised (anonymised), person
    names never, withheld sites not at all, and sites published without address lose
    their address and coordinates.
    """
    from aces_desktop.core.errors import AcesError
    from aces_desktop.reports.exports import export_records

    if out.suffix.lower() not in (".xlsx", ".csv"):
        raise AcesError(f"Cannot export to '{out.name}': the file name must end in .xlsx or .csv.")
    with open_workspace() as ws:
        written, held_back = export_records(ws, export_type, out, bom=bom)
    if as_json:
        emit_json({"type": export_type, "out": str(out), "rows": written, "held_back": held_back})
        return
    click.echo(f"Exported {written} {export_type} to {out}.")
    if held_back:
        click.echo(f"{held_back} row(s) held back by consent or disclosure settings.")


COMMANDS = [export]
