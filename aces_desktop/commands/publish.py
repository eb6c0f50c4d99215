"""``aces publish ready|not-ready|list``: review before publication (docs/assessment.md).

An initiative or company appears in the public register and in batch scorecards only after a
coordinator has marked its assessment ready to publish.
"""

from __future__ import annotations

import click

from aces_desktop.commands.assess import SUBJECT_OPTION, options_named
from aces_desktop.commands.common import common_options, emit_json, open_workspace

PUBLISH_OPTIONS = {"subject_id": "--subject", "note": "--note"}


@click.group()
def publish() -> None:
    """Which initiatives and companies are ready to publish."""


def _mark(subject_id: str, ready: bool, note: str | None, as_json: bool) -> None:
    from aces_desktop.ops import publication

    with open_workspace() as ws, options_named(PUBLISH_OPTIONS):
        decision = publication.mark(ws, subject_id, ready, note).value
    if as_json:
        emit_json(decision.to_json())
    else:
        click.echo(decision.id)


@publish.command(name="ready")
@common_options
@SUBJECT_OPTION
@click.option("--note", default=None, metavar="TEXT", help="Why, for the record.")
@click.option("--json", "as_json", is_flag=True, help="Print the decision as JSON.")
def publish_ready(subject_id: str, note: str | None, as_json: bool) -> None:
    """Mark a subject's assessment ready to publish (coordinator only); prints the id of the
    decision record."""
    _mark(subject_id, True, note, as_json)


@publish.command(name="not-ready")
@common_options
@SUBJECT_OPTION
@click.option("--note", default=None, metavar="TEXT", help="Why, for the record.")
@click.option("--json", "as_json", is_flag=True, help="Print the decision as JSON.")
def publish_not_ready(subject_id: str, note: str | None, as_json: bool) -> None:
    """Withdraw a subject from publication (coordinator only)."""
    _mark(subject_id, False, note, as_json)


@publish.command(name="list")
@common_options
@click.option("--json", "as_json", is_flag=True, help="Print the list as JSON.")
def publish_list(as_json: bool) -> None:
    """Every initiative and company: ready to publish, or why not."""
    from aces_desktop.ops import publication

    with open_workspace() as ws:
        rows = publication.review(ws)
    if as_json:
        emit_json({"subjects": [r.to_json() for r in rows]})
        return
    words = {
        publication.NOT_MARKED: "not marked ready",
        publication.MARKED_NOT_READY: "marked not ready",
        publication.INSUFFICIENT: "insufficient evidence",
    }
    for r in rows:
        state = "ready" if r.ready else "not ready"
        why = "; ".join(words[x] for x in r.reasons)
        click.echo(
            f"{r.subject_id}  {r.subject_type:<10}  {state:<9}  {r.name}"
            + (f"  ({why})" if why else "")
        )
    ready = sum(1 for r in rows if r.ready)
    click.echo(f"{ready} of {len(rows)} ready to publish.")


COMMANDS = [publish]
