"""``aces score``: ratings with coverage, band, level and explanation; ``aces score history``."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import click

from aces_desktop.commands.common import (
    DAY,
    TerminalProgress,
    common_options,
    emit_json,
    open_workspace,
)

KINDS = ("initiative", "company", "site")


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def _band(r: Any) -> str:
    return "—" if r.band is None else f"{r.band.low:.1f}–{r.band.high:.1f}"


def _print_tables(results: list[Any], as_of: dt.date, saved: int | None) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(soft_wrap=False, width=None if sys.stdout.isatty() else 160)
    by_kind: dict[str, list[Any]] = {k: [] for k in KINDS}
    for r in results:
        by_kind[r.kind].append(r)
    if by_kind["initiative"]:
        t = Table(title=f"Initiatives (as of {as_of.isoformat()})", title_justify="left")
        t.add_column("Initiative")
        for dim in ("Transparent", "Scaled", "Accountable"):
            t.add_column(dim)
        t.add_column("Coverage", justify="right")
        t.add_column("Confidence")
        t.add_column("Label")
        for r in by_kind["initiative"]:
            cells = []
            for d in r.dimensions:
                if d.score is None:
                    cells.append(f"insufficient ({d.band.low:.0f}–{d.band.high:.0f})")
                else:
                    cells.append(f"{d.grade} {d.score:.1f} ({d.band.low:.0f}–{d.band.high:.0f})")
            t.add_row(
                r.subject_name,
                *cells,
                f"{r.coverage:.0f} %",
                r.confidence,
                ", ".join(label.en for label in r.labels),
            )
        console.print(t)
    if by_kind["company"]:
        t = Table(title=f"Companies (as of {as_of.isoformat()})", title_justify="left")
        for col in ("Company", "Tier", "Score", "Band", "Coverage", "Confidence", "Tags", "Gates"):
            t.add_column(col, justify="right" if col in ("Score", "Coverage") else "left")
        for r in by_kind["company"]:
            failed = [g.id for g in r.gates if not g.passed and g.id != "response_log"]
            t.add_row(
                r.subject_name,
                r.tier or "insufficient evidence",
                _fmt(r.score),
                _band(r),
                f"{r.coverage:.0f} %",
                r.confidence,
                ", ".join(tag.en for tag in r.tags),
                ", ".join(failed) or "ok",
            )
        console.print(t)
    if by_kind["site"]:
        t = Table(title=f"Sites (as of {as_of.isoformat()})", title_justify="left")
        for col in ("Site", "Country", "Risk", "Confidence", "Checked", "Remediation"):
            t.add_column(col)
        for r in by_kind["site"]:
            site = r.site or {}
            rem = site.get("remediation") or {}
            progress = rem.get("progress")
            t.add_row(
                r.subject_name,
                site.get("country") or "",
                f"{r.risk_level} {r.risk_label}" if r.risk_level is not None else "unknown",
                r.confidence,
                f"{site.get('indicators_checked', 0)}/{site.get('indicators_total', 0)}",
                "—"
                if progress is None
                else f"{progress:.0%} ({rem.get('verified')}/{rem.get('above_zero')})",
            )
        console.print(t)
    if not results:
        click.echo("Nothing to score: the workspace has no initiatives, companies or sites.")
    if saved is not None:
        click.echo(f"Saved {saved} new snapshot(s).", err=True)


@click.group(invoke_without_command=True)
@common_options
@click.option("--kind", type=click.Choice(KINDS), default=None, help="Score only this kind.")
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@click.option(
    "--save/--no-save",
    default=True,
    show_default=True,
    help="Store the results as dated snapshots (for trends).",
)
@click.option(
    "--as-of",
    "as_of",
    type=DAY,
    default=None,
    help="Score as of this date (default: today, UTC).",
)
@click.option(
    "--xlsx",
    "xlsx_out",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Also write the ratings to this Excel file (redacted; see docs/exports.md).",
)
@click.option(
    "--csv",
    "csv_out",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Also write the ratings to this CSV file (redacted; see docs/exports.md).",
)
@click.option(
    "--backfill",
    "backfill_quarters",
    type=click.IntRange(0, 40),
    default=0,
    metavar="N",
    help="Also score the last N quarter ends that have no snapshot yet (for trends).",
)
@click.option(
    "--rubric",
    "rubric_file",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Score with this rubric file instead of the shipped one (e.g. a draft version 2).",
)
@click.pass_context
def score(
    ctx: click.Context,
    kind: str | None,
    as_json: bool,
    save: bool,
    as_of: dt.date | None,
    xlsx_out: Path | None,
    csv_out: Path | None,
    backfill_quarters: int,
    rubric_file: Path | None,
) -> None:
    """Compute ratings with coverage, band, level and explanation."""
    if ctx.invoked_subcommand is not None:
        return
    from aces_desktop.core.rubric import default_rubric, load_rubric
    from aces_desktop.store.gather import score_workspace
    from aces_desktop.store.snapshots import backfill, save_snapshot
    from aces_desktop.store.workspace import now_date

    for out, suffix in ((xlsx_out, ".xlsx"), (csv_out, ".csv")):
        if out is not None and out.suffix.lower() != suffix:
            raise click.UsageError(f"--{suffix[1:]} needs a file name ending in {suffix}.")
    rubric = load_rubric(rubric_file) if rubric_file else default_rubric()
    day = as_of or now_date()
    with open_workspace() as ws, TerminalProgress() as progress:
        results = score_workspace(ws, kind=kind, as_of=day, rubric=rubric, progress=progress)
        saved = save_snapshot(ws, results) if save else None
        if backfill_quarters:
            saved = (saved or 0) + backfill(
                ws, day, backfill_quarters, kind, progress, rubric=rubric
            )
        if xlsx_out or csv_out:
            from aces_desktop.reports.spreadsheets import score_rows, write_table

            table = score_rows(ws, [r.to_json() for r in results])
            for out in (xlsx_out, csv_out):
                if out is not None:
                    write_table(table, out)
    if as_json:
        emit_json(
            {
                "format": 1,
                "as_of": day.isoformat(),
                "rubric_version": rubric.version,
                "kind": kind,
                "count": len(results),
                "snapshots_saved": saved,
                "results": [r.to_json() for r in results],
            }
        )
    else:
        _print_tables(results, day, saved)


@score.command(name="history")
@common_options
@click.option("--id", "subject_id", required=True, help="Id of an initiative, company or site.")
@click.option("--json", "as_json", is_flag=True, help="Print the history as JSON.")
def score_history(subject_id: str, as_json: bool) -> None:
    """Dated snapshots of one subject's rating, oldest first."""
    from aces_desktop.core.errors import AcesError
    from aces_desktop.store.snapshots import history

    with open_workspace() as ws:
        snaps = history(ws, subject_id.strip().lower())
    if as_json:
        emit_json({"subject_id": subject_id, "snapshots": [s.to_json() for s in snaps]})
        return
    if not snaps:
        raise AcesError(
            f"No score snapshots for {subject_id}. Run 'aces score' (snapshots are saved by "
            "default) and try again."
        )
    from rich.console import Console
    from rich.table import Table

    t = Table(title=f"{snaps[-1].subject_name} ({snaps[-1].subject_type})", title_justify="left")
    for col in ("Date", "Status", "Score", "Band", "Grade/Tier/Risk", "Remediation", "Input hash"):
        t.add_column(col)
    for sn in snaps:
        level = sn.tier or sn.grade or ("" if sn.risk_level is None else str(sn.risk_level))
        t.add_row(
            sn.as_of,
            sn.status,
            _fmt(sn.score),
            "—" if sn.band_low is None else f"{sn.band_low:.1f}–{sn.band_high:.1f}",
            level,
            "—" if sn.remediation_progress is None else f"{sn.remediation_progress:.0%}",
            sn.input_hash[:12],
        )
    Console().print(t)


COMMANDS = [score]
