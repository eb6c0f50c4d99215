"""Gathering scoring inputs from a workspace in a few set-based queries.

Never one query per subject: evidence, memberships and responses are read whole (they are
small), and the findings of every site are summarised per (site, indicator) in ONE SQL
aggregate that walks the ``ix_findings_site_indicator`` index, so a workspace of a million
findings is scored in seconds. The aggregate computes exactly what
``core.scoring.sites.summarise`` computes from individual findings (a test compares them).
"""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from aces_desktop.core import messages as msg
from aces_desktop.core.collect import collections_paused
from aces_desktop.core.progress import NullProgress, Progress
from aces_desktop.core.rubric import Rubric, default_rubric
from aces_desktop.core.scoring import (
    CompanyInput,
    EvidenceInput,
    IndicatorSummary,
    InitiativeInput,
    MembershipInput,
    ResponseInput,
    Result,
    ScoringInputs,
    SiteInput,
    score_all,
)
from aces_desktop.core.scoring.common import stale_cutoff
from aces_desktop.store import models as m
from aces_desktop.store.workspace import Workspace, now_date


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _placeholders(prefix: str, values: tuple[str, ...], params: dict[str, Any]) -> str:
    names = []
    for i, value in enumerate(values):
        params[f"{prefix}{i}"] = value
        names.append(f":{prefix}{i}")
    return ", ".join(names) or "NULL"


def _per_finding(rubric: Rubric, params: dict[str, Any], where: str, *, visit_last: bool) -> str:
    """The per-finding columns the aggregate reads: effective grade ``e``, evidence quality
    ``q`` (0 low, 1 medium, 2 strong) and ``v`` (1: verified remediated by ``:as_of``), of
    the findings dated by ``:as_of`` (or undated) that no other finding amends, and
    ``where`` (a condition ending in AND, or ""). Fills ``params`` with the rubric's lists.
    ``visit_last``: test the source type before looking the visit up (the same ``q``)."""
    rules = rubric.site
    low = _placeholders("low", rules.low_confidence_sources, params)
    high = _placeholders("high", rules.high_confidence_sources, params)
    announced = _placeholders("ann", rules.announced_methods, params)
    verified = (
        "f.remediation_status = 'verified_remediated' "
        "AND (f.verified_on IS NULL OR f.verified_on <= :as_of)"
    )
    absent = f"WHEN {verified} THEN 0" if rules.verified_remediated_counts_as_absent else ""
    visit = f"f.visit_id IN (SELECT id FROM visits WHERE method IN ({announced}))"
    source = f"f.source_type IS NULL OR f.source_type IN ({low})"
    weak = (
        f"{source}\n                 OR {visit}"
        if visit_last
        else f"{visit}\n                 OR {source}"
    )
    return f"""
        SELECT f.site_id AS site_id, f.indicator AS indicator, f.id AS id, f.grade AS g,
          CASE WHEN f.grade IS NULL THEN NULL {absent}
               WHEN f.observed_on < :cutoff THEN f.grade / :divisor
               ELSE f.grade END AS e,
          CASE WHEN {weak} THEN 0
               WHEN f.source_type IN ({high}) THEN 2 ELSE 1 END AS q,
          CASE WHEN {verified} THEN 1 ELSE 0 END AS v
        FROM findings f
        WHERE {where}(f.observed_on IS NULL OR f.observed_on <= :as_of)
          AND f.id NOT IN (SELECT amends_id FROM findings WHERE amends_id IS NOT NULL)"""


def findings_sql(
    rubric: Rubric, as_of: dt.date, dialect: str = "sqlite", *, rowids: bool = False
) -> tuple[str, dict[str, Any]]:
    """The one aggregate over findings: per (site, indicator), what the site rules read.

    ``rowids``: over the findings whose rowid is above ``:lo`` and at most ``:hi`` only
    (one part of it, see ``PARTS``). On PostgreSQL (a coordinator store, docs/hub.md) the
    same aggregate is spelled differently (``_findings_sql_postgresql``)."""
    if dialect == "postgresql":
        return _findings_sql_postgresql(rubric, as_of)
    params: dict[str, Any] = {
        "as_of": as_of.isoformat(),
        "cutoff": stale_cutoff(as_of, rubric).isoformat(),
        "divisor": rubric.stale_divisor,
    }
    where = "f.rowid > :lo AND f.rowid <= :hi AND " if rowids else ""
    inner = _per_finding(rubric, params, where, visit_last=False)
    # LIMIT -1 keeps SQLite from flattening the subquery (which would evaluate the CASE
    # expressions once per use instead of once per row). The amends_id lookup uses the
    # partial index ix_findings_amends (migration 0003). Every aggregate costs a call per
    # finding, so the number of graded findings and the highest grade are not aggregated:
    # they follow from the four counts per grade (grades are 0..3, core.schema).
    sql = f"""
        SELECT site_id, indicator,
          TOTAL(e = 0), TOTAL(e = 1), TOTAL(e = 2), TOTAL(e = 3),
          MAX(e || ':' || id),
          MAX(CASE WHEN q = 2 THEN e || ':' || id END),
          MAX(CASE WHEN q >= 1 THEN e END),
          TOTAL(g > 0), TOTAL(g > 0 AND v = 1)
        FROM ({inner}
        LIMIT -1
    ) GROUP BY site_id, indicator
    """
    return sql, params


def _findings_sql_postgresql(rubric: Rubric, as_of: dt.date) -> tuple[str, dict[str, Any]]:
    """The aggregate of ``findings_sql`` spelled for PostgreSQL, to the same rows.

    PostgreSQL flattens a subquery into its outer query, so each use of ``e`` or ``q`` in an
    aggregate would evaluate its CASE again for every finding (``e`` eight times). A
    ``UNION ALL`` with an empty second branch keeps the per-finding columns computed once,
    in the scan, and still lets PostgreSQL scan and aggregate in parallel workers (``OFFSET
    0``, the usual fence, does not). The visit lookup comes after the cheaper source-type
    tests (the same ``q``), the counts are ``FILTER`` clauses, and the ``grade:id`` maxima
    compare bytes (``COLLATE "C"``) as SQLite and the engine compare ids, whatever the
    database's collation. 1.3-1.5x less CPU than the former spelling (SQLite's, with
    SUM(CASE ...) for TOTAL) on 200,000 findings; a test compares both
    (tests/pg/test_pg_scoring.py)."""
    params: dict[str, Any] = {
        "as_of": as_of,
        "cutoff": stale_cutoff(as_of, rubric),
        "divisor": rubric.stale_divisor,
    }
    rows = _per_finding(rubric, params, "", visit_last=True)
    none = _per_finding(rubric, params, "FALSE AND ", visit_last=True)
    key = "(CAST(e AS TEXT) || ':' || id) COLLATE \"C\""
    sql = f"""
        SELECT site_id, indicator,
          count(*) FILTER (WHERE e = 0), count(*) FILTER (WHERE e = 1),
          count(*) FILTER (WHERE e = 2), count(*) FILTER (WHERE e = 3),
          MAX({key}),
          MAX({key}) FILTER (WHERE q = 2),
          MAX(e) FILTER (WHERE q >= 1),
          count(*) FILTER (WHERE g > 0), count(*) FILTER (WHERE g > 0 AND v = 1)
        FROM ({rows}
        UNION ALL{none}
        ) AS per_finding GROUP BY site_id, indicator
    """
    return sql, params


def _split(value: str | None) -> tuple[int | None, str | None]:
    if not value:
        return None, None
    grade, _, rid = value.partition(":")
    return int(grade), rid


def gather_site_summaries(
    s: Session, rubric: Rubric, as_of: dt.date, ws: Workspace | None = None
) -> dict[str, list[IndicatorSummary]]:
    """Every site's indicator summaries, from the findings aggregate: in parts at once on a
    SQLite workspace ``ws`` of many findings (``_in_parts``), else in one query on ``s``."""
    dialect = s.get_bind().dialect.name
    rows = None
    if ws is not None and dialect == "sqlite":
        top = s.execute(text("SELECT max(rowid) FROM findings")).scalar() or 0
        if top >= PART_MIN:  # the parts must read the state this session reads
            newest = s.execute(text(NEWEST_REVISION)).scalar()
            rows = _in_parts(ws, rubric, as_of, newest)
    if rows is None:
        sql, params = findings_sql(rubric, as_of, dialect)
        if dialect == "postgresql":
            # PostgreSQL cannot see through the aggregate's UNION ALL how few (site,
            # indicator) groups there are (it guesses 40,000), so it sorts every finding,
            # on disk at a million, instead of hashing them into a few thousand groups:
            # 1.5-1.8x longer (tests/benchmarks/README.md). For this statement only.
            s.execute(text("SET LOCAL enable_sort = off"))
        rows = [tuple(row) for row in s.execute(text(sql), params)]
        if dialect == "postgresql":
            s.execute(text("SET LOCAL enable_sort = on"))
    out: dict[str, list[IndicatorSummary]] = defaultdict(list)
    for row in rows:
        site_id, indicator = row[0], row[1]
        at_grade = (int(row[2]), int(row[3]), int(row[4]), int(row[5]))
        checked = sum(at_grade)
        _, newest = _split(row[6])
        max_strong, newest_strong = _split(row[7])
        out[site_id].append(
            IndicatorSummary(
                indicator=indicator,
                checked=checked,
                max_grade=max(g for g in range(4) if at_grade[g]) if checked else None,
                at_grade=at_grade,
                newest_at_max=newest,
                max_strong=max_strong,
                newest_strong=newest_strong,
                max_medium=None if row[8] is None else int(row[8]),
                above_zero=int(row[9]),
                verified=int(row[10]),
            )
        )
    return out


# The findings aggregate of a large workspace file runs in parts at once, one per core (at
# most PARTS), each on its own connection over a range of rowids: SQLite lets go of the
# interpreter lock while it reads, so the parts read, sort and aggregate side by side, and
# their rows are merged (counts added, maxima of maxima). Below PART_MIN findings one query
# is quicker.
PARTS = 4
PART_MIN = 50_000
# The columns of a row of the aggregate: summed (the counts) or the greatest (the rest).
_SUMMED = frozenset({2, 3, 4, 5, 9, 10})
# Every change of a record is a revision, so one newest revision means one committed state.
NEWEST_REVISION = "SELECT max(rowid) FROM revisions"


def _in_parts(
    ws: Workspace, rubric: Rubric, as_of: dt.date, newest: int | None
) -> list[tuple[Any, ...]] | None:
    """The aggregate's rows, read in parts at once; None when one query should read them
    (few findings or one core, or a state other than the one whose newest revision is
    ``newest``, the gathering session's: a change committed since it began)."""
    parts = min(PARTS, os.cpu_count() or 1)
    if parts < 2:
        return None  # one query
    raws = [ws.engine.raw_connection() for _ in range(parts)]
    cursors = [raw.cursor() for raw in raws]
    try:
        # Each part reads in its own transaction; all must see the gathering session's state.
        seen = set()
        for cursor in cursors:
            cursor.execute("BEGIN")
            seen.add(cursor.execute(NEWEST_REVISION).fetchone()[0])
        top = cursors[0].execute("SELECT max(rowid) FROM findings").fetchone()[0] or 0
        if seen != {newest} or top < PART_MIN:
            return None
        sql, params = findings_sql(rubric, as_of, rowids=True)
        bounds = [top * i // parts for i in range(parts + 1)]

        def part(i: int) -> list[tuple[Any, ...]]:
            cursors[i].execute(sql, {**params, "lo": bounds[i], "hi": bounds[i + 1]})
            return [tuple(row) for row in cursors[i].fetchall()]

        with ThreadPoolExecutor(parts, thread_name_prefix="aggregate") as pool:
            found = list(pool.map(part, range(parts)))
    finally:
        for raw, cursor in zip(raws, cursors, strict=True):
            with suppress(Exception):  # a broken connection is discarded by the pool
                cursor.execute("ROLLBACK")
            raw.close()
    merged: dict[tuple[str, str], list[Any]] = {}
    for rows in found:
        for row in rows:
            into = merged.get((row[0], row[1]))
            if into is None:
                merged[(row[0], row[1])] = list(row)
                continue
            for column, value in enumerate(row[2:], 2):
                if column in _SUMMED:
                    into[column] += value
                elif value is not None and (into[column] is None or value > into[column]):
                    into[column] = value
    return [tuple(row) for row in merged.values()]


def gather(
    ws: Workspace,
    as_of: dt.date,
    rubric: Rubric | None = None,
    kind: str | None = None,
    progress: Progress | None = None,
) -> ScoringInputs:
    """Every scoring input of the workspace as of ``as_of`` (a handful of queries)."""
    rubric = rubric or default_rubric()
    progress = progress or NullProgress()
    inputs = ScoringInputs()
    with ws.session() as s:
        if s.get_bind().dialect.name == "postgresql":
            # Every query of the gathering reads one state of the store, as a workspace
            # file's transaction does (PostgreSQL's default gives each statement its own).
            s.connection(execution_options={"isolation_level": "REPEATABLE READ"})
            # Compiling the aggregate's expressions (JIT, planned above a cost that a store
            # of about a million findings reaches) gains nothing measurable here and costs
            # ~0.5 s once PostgreSQL also optimises them (stores of several million).
            s.execute(text("SET LOCAL jit = off"))
        if kind in (None, "initiative", "company"):
            _gather_subjects(s, inputs, kind)
        if kind in (None, "site"):
            progress.start(msg.PROGRESS_SUMMARISING(), None)
            summaries = gather_site_summaries(s, rubric, as_of, ws)
            offsite = {
                r[0]
                for r in s.execute(
                    select(m.Visit.site_id)
                    .where(m.Visit.method.in_(rubric.site.offsite_interview_methods))
                    .where(m.Visit.start_date <= as_of)
                    .distinct()
                )
            }
            for row in s.execute(select(m.Site.id, m.Site.name, m.Site.country, m.Site.region)):
                inputs.sites.append(
                    SiteInput(
                        id=row.id,
                        name=row.name,
                        country=row.country,
                        region=row.region,
                        indicators=tuple(
                            sorted(summaries.get(row.id, []), key=lambda x: x.indicator)
                        ),
                        offsite_interviews=row.id in offsite,
                    )
                )
    return inputs


def _gather_subjects(s: Session, inputs: ScoringInputs, kind: str | None) -> None:
    hashes: dict[str, list[str]] = defaultdict(list)
    for owner, sha in s.execute(
        select(m.Attachment.owner_id, m.Attachment.sha256).where(
            m.Attachment.owner_type == "evidence"
        )
    ):
        hashes[owner].append(sha)
    evidence: dict[str, list[EvidenceInput]] = defaultdict(list)
    for e in s.execute(select(m.Evidence.__table__)).mappings():
        evidence[e["subject_id"]].append(
            EvidenceInput(
                id=e["id"],
                criterion=e["criterion"],
                level=e["level"],
                source_type=e["source_type"],
                date=_date(e["evidence_date"]) or dt.date.min,
                kind=e["kind"],
                url=e["url"],
                sha256=tuple(sorted(hashes.get(e["id"], []))),
                facts=dict(e["facts"] or {}),
                description=e["description"],
            )
        )
    for row in s.execute(select(m.Initiative.id, m.Initiative.name)):
        inputs.initiatives.append(
            InitiativeInput(row.id, row.name, tuple(evidence.get(row.id, [])))
        )
    if kind == "initiative":
        return
    memberships: dict[str, list[MembershipInput]] = defaultdict(list)
    for mr in s.execute(select(m.Membership.__table__)).mappings():
        memberships[mr["company_id"]].append(
            MembershipInput(
                mr["id"], mr["initiative_id"], mr["status"], _date(mr["since"]), _date(mr["until"])
            )
        )
    responses: dict[str, list[ResponseInput]] = defaultdict(list)
    for r in s.execute(
        select(
            m.CompanyResponse.id,
            m.CompanyResponse.company_id,
            m.CompanyResponse.request_sent_on,
            m.CompanyResponse.answered_on,
            m.CompanyResponse.commitments,
            m.CompanyResponse.commitment_met,
            m.CompanyResponse.subject,
        )
    ):
        responses[r.company_id].append(
            ResponseInput(
                id=r.id,
                sent_on=_date(r.request_sent_on) or dt.date.min,
                answered_on=_date(r.answered_on),
                has_commitments=bool(r.commitments),
                commitment_met=r.commitment_met,
                subject=r.subject,
            )
        )
    for row in s.execute(select(m.Company.id, m.Company.name)):
        inputs.companies.append(
            CompanyInput(
                row.id,
                row.name,
                tuple(evidence.get(row.id, [])),
                tuple(memberships.get(row.id, [])),
                tuple(responses.get(row.id, [])),
            )
        )


def score_workspace(
    ws: Workspace,
    kind: str | None = None,
    as_of: dt.date | None = None,
    rubric: Rubric | None = None,
    progress: Progress | None = None,
) -> list[Result]:
    """Rate every subject of the workspace (or every subject of one ``kind``) as of
    ``as_of`` (default: today, UTC)."""
    rubric = rubric or default_rubric()
    as_of = as_of or now_date()
    with collections_paused():
        inputs = gather(ws, as_of, rubric, kind, progress)
        return score_all(inputs, as_of, rubric, kind)
