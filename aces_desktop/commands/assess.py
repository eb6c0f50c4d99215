"""``aces evidence add``, ``aces link add``, ``aces membership add``, ``aces coverage add``:
recording what ratings rest on, for scripts (docs/assessment.md).

Each prints the new record's id (with ``--json``: one document with the id and the record as
stored). Input the workspace cannot use is refused with exit status 1 and a message naming
the option; nothing is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from aces_desktop.commands.common import DAY, common_options, emit_json, open_workspace
from aces_desktop.core.errors import AcesError, ValidationError
from aces_desktop.core.reference import SOURCE_TYPES
from aces_desktop.core.schema import EVIDENCE_KINDS, LINK_RELATIONS, MEMBERSHIP_STATUSES

EVIDENCE_OPTIONS = {
    "subject_id": "--subject",
    "criterion": "--criterion",
    "level": "--level",
    "source_type": "--source",
    "kind": "--kind",
    "evidence_date": "--date",
    "url": "--url",
    "description": "--description",
    "facts": "--fact",
    "file": "--file",
}
LINK_OPTIONS = {
    "company_id": "--company",
    "site_id": "--site",
    "relation": "--relation",
    "tier": "--tier",
}
MEMBERSHIP_OPTIONS = {
    "initiative_id": "--initiative",
    "company_id": "--company",
    "status": "--status",
    "since": "--since",
    "until": "--until",
}
COVERAGE_OPTIONS = {
    "initiative_id": "--initiative",
    "site_id": "--site",
    "workers_covered": "--workers",
    "since": "--since",
    "until": "--until",
}


def refusal(problems: list[tuple[str, str]]) -> AcesError:
    """One message naming each refused option and what is wrong with it."""
    shown = "; ".join(f"invalid value for '{option}': {problem}" for option, problem in problems)
    return AcesError(f"Refused, nothing was written: {shown}.")


@contextmanager
def options_named(options: Mapping[str, str]) -> Iterator[None]:
    """Problems with record fields reported as problems with the options that set them."""
    try:
        yield
    except ValidationError as exc:
        raise refusal(
            [(options.get(p.field, p.field), str(p.message)) for p in exc.problems]
        ) from None


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _print_added(added: Any, as_json: bool) -> None:
    if as_json:
        doc: dict[str, Any] = {"id": added.id, "type": added.type_name, "record": added.content}
        if added.type_name == "evidence":
            doc["attachments"] = added.attachments
        emit_json(doc)
    else:
        click.echo(added.id)


def _save(
    type_name: str, values: dict[str, Any], options: Mapping[str, str], as_json: bool
) -> None:
    from aces_desktop.ops import records
    from aces_desktop.ops.assessment import Added

    with open_workspace() as ws, options_named(options):
        record_id = records.save(ws, type_name, values).value
        _type, content = records.load(ws, record_id)
    _print_added(Added(record_id, type_name, content), as_json)


def json_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--json", "as_json", is_flag=True, help="Print the id and the record as JSON."
    )(func)


# --- evidence ----------------------------------------------------------------------------


@click.group()
def evidence() -> None:
    """Evidence for the criteria that rate initiatives and companies."""


SUBJECT_OPTION = click.option(
    "--subject", "subject_id", required=True, metavar="ID", help="Id of an initiative or company."
)


@evidence.command(name="add")
@common_options
@SUBJECT_OPTION
@click.option("--criterion", required=True, metavar="C", help="Criterion id, e.g. T1, A3, C7.")
@click.option(
    "--level",
    type=int,
    default=None,
    metavar="N",
    help="Level the evidence shows (0-4; not needed for LEGAL_STATEMENT).",
)
@click.option(
    "--source",
    "source_type",
    type=click.Choice(SOURCE_TYPES),
    required=True,
    help="Where the evidence comes from (docs/methodology.md ranks the sources).",
)
@click.option("--date", "evidence_date", type=DAY, required=True, help="Date of the evidence.")
@click.option("--kind", type=click.Choice(EVIDENCE_KINDS), default="document", show_default=True)
@click.option("--url", default=None, metavar="URL", help="Where the evidence was published.")
@click.option(
    "--file",
    "document",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="The source document (PDF, web page, picture), stored encrypted with its SHA-256.",
)
@click.option("--description", default=None, metavar="TEXT", help="What the evidence shows.")
@click.option(
    "--fact",
    "facts",
    multiple=True,
    metavar="KEY=VALUE",
    help="A figure the rules read, e.g. workers_covered=150000 or signed=true (repeatable).",
)
@json_option
def evidence_add(
    subject_id: str,
    criterion: str,
    level: int | None,
    source_type: str,
    evidence_date: dt.date,
    kind: str,
    url: str | None,
    document: Path | None,
    description: str | None,
    facts: tuple[str, ...],
    as_json: bool,
) -> None:
    """Record evidence for a criterion of an initiative or a company and print its id."""
    from aces_desktop.core.assessment import parse_fact
    from aces_desktop.core.rubric import default_rubric
    from aces_desktop.ops.assessment import SourceDocument, add_evidence
    from aces_desktop.store.attachments import read_file

    rubric = default_rubric()
    parsed: dict[str, Any] = {}
    for text in facts:
        try:
            key, value = parse_fact(text, rubric)
        except ValueError as exc:
            raise refusal([("--fact", str(exc))]) from None
        if key in parsed:
            raise refusal([("--fact", f"{key} is given twice")])
        parsed[key] = value
    source = None
    if document is not None:
        try:
            source = SourceDocument(read_file(document), document.name)
        except AcesError as exc:
            raise refusal([("--file", exc.message.rstrip("."))]) from None
    values = {
        "subject_id": subject_id,
        "criterion": criterion.strip().upper(),
        "level": level,
        "source_type": source_type,
        "kind": kind,
        "evidence_date": evidence_date.isoformat(),
        "url": url,
        "description": description,
        "facts": parsed,
    }
    with open_workspace() as ws, options_named(EVIDENCE_OPTIONS):
        added = add_evidence(ws, values, rubric, source).value
    _print_added(added, as_json)


# --- links -------------------------------------------------------------------------------


@click.group()
def link() -> None:
    """Links between companies and the sites they source from, own or supply."""


@link.command(name="add")
@common_options
@click.option("--company", "company_id", required=True, metavar="ID", help="Id of the company.")
@click.option("--site", "site_id", required=True, metavar="ID", help="Id of the site.")
@click.option("--relation", type=click.Choice(LINK_RELATIONS), required=True)
@click.option(
    "--tier", type=int, default=None, metavar="N", help="Supply-chain tier of the site (0-9)."
)
@json_option
def link_add(company_id: str, site_id: str, relation: str, tier: int | None, as_json: bool) -> None:
    """Link a company to a site and print the link's id."""
    values = {"company_id": company_id, "site_id": site_id, "relation": relation, "tier": tier}
    _save("company_site", values, LINK_OPTIONS, as_json)


@click.group()
def membership() -> None:
    """Companies' memberships of initiatives."""


@membership.command(name="add")
@common_options
@click.option(
    "--initiative", "initiative_id", required=True, metavar="ID", help="Id of the initiative."
)
@click.option(
    "--company", "company_id", required=True, metavar="ID", help="Id of the member company."
)
@click.option("--since", type=DAY, default=None, help="Member since this date.")
@click.option("--until", type=DAY, default=None, help="Member until this date.")
@click.option(
    "--status", type=click.Choice(MEMBERSHIP_STATUSES), default="member", show_default=True
)
@json_option
def membership_add(
    initiative_id: str,
    company_id: str,
    since: dt.date | None,
    until: dt.date | None,
    status: str,
    as_json: bool,
) -> None:
    """Record a company's membership of an initiative and print its id."""
    values = {
        "initiative_id": initiative_id,
        "company_id": company_id,
        "status": status,
        "since": _day(since),
        "until": _day(until),
    }
    _save("membership", values, MEMBERSHIP_OPTIONS, as_json)


@click.group()
def coverage() -> None:
    """Sites covered by initiatives."""


@coverage.command(name="add")
@common_options
@click.option(
    "--initiative", "initiative_id", required=True, metavar="ID", help="Id of the initiative."
)
@click.option("--site", "site_id", required=True, metavar="ID", help="Id of the covered site.")
@click.option(
    "--workers", "workers_covered", type=int, default=None, metavar="N", help="Workers covered."
)
@click.option("--since", type=DAY, default=None, help="Covered since this date.")
@click.option("--until", type=DAY, default=None, help="Covered until this date.")
@json_option
def coverage_add(
    initiative_id: str,
    site_id: str,
    workers_covered: int | None,
    since: dt.date | None,
    until: dt.date | None,
    as_json: bool,
) -> None:
    """Record that an initiative covers a site and print the coverage's id."""
    values = {
        "initiative_id": initiative_id,
        "site_id": site_id,
        "workers_covered": workers_covered,
        "since": _day(since),
        "until": _day(until),
    }
    _save("coverage", values, COVERAGE_OPTIONS, as_json)


COMMANDS = [evidence, link, membership, coverage]
