"""``aces search TEXT``: find records by name or text, in any script."""

from __future__ import annotations

import click

from aces_desktop.commands.common import common_options, emit_json, open_workspace
from aces_desktop.store.search import SEARCHED


@click.command()
@common_options
@click.argument("text")
@click.option(
    "--type",
    "types",
    type=click.Choice(sorted(SEARCHED)),
    multiple=True,
    help="Only records of this type (repeatable; default: every type).",
)
@click.option("--limit", type=click.IntRange(1, 10_000), default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the hits as JSON.")
def search(text: str, types: tuple[str, ...], limit: int, as_json: bool) -> None:
    """Records whose names, aliases or narratives contain TEXT.

    Names are found across scripts: Aksu, akesu, 阿克苏 and ئاقسۇ find a site named in any
    of them (pinyin for Chinese, Uyghur Latin script for Uyghur, see docs/search.md).
    """
    from aces_desktop.ops import lists

    with open_workspace() as ws:
        hits = lists.find(ws, text, list(types) or None, limit)
    if as_json:
        emit_json(
            {
                "query": text,
                "count": len(hits),
                "hits": [
                    {"type": h.record_type, "id": h.record_id, "title": h.title} for h in hits
                ],
            }
        )
        return
    if not hits:
        click.echo(f"No records match '{text}'.")
        return
    for h in hits:
        click.echo(f"{h.record_type:<16} {h.record_id}  {h.title}")


COMMANDS = [search]
