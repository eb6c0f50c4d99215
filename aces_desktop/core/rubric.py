"""The ACES rubric as data: loading and checking ``resources/methodology/rubric-v*.toml``.

The rubric file is the methodology the scoring engine applies (docs/methodology.md). It is
checked on load; a broken file is refused with an :class:`RubricError` naming the key that is
wrong (or the line, for a TOML syntax error), never a traceback.
"""

from __future__ import annotations

import tomllib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from aces_desktop.core.errors import AcesError
from aces_desktop.core.resources import resource_path

DEFAULT_RUBRIC = "rubric-v1.toml"
SUBJECTS = ("initiative", "company")


class RubricError(AcesError):
    """The rubric file is missing, not valid TOML, or does not match the expected schema."""


@dataclass(frozen=True)
class Criterion:
    id: str
    subject: str
    en: str
    weight: float
    levels: tuple[str, ...]
    verification_level: int
    dimension: str | None = None
    fact: str | None = None
    thresholds: tuple[float, ...] = ()

    def level_text(self, level: int | None) -> str:
        if level is None or not 0 <= level < len(self.levels):
            return ""
        return self.levels[level]


@dataclass(frozen=True)
class Dimension:
    id: str
    en: str
    zh: str
    criteria: tuple[str, ...]


@dataclass(frozen=True)
class Threshold:
    name: str
    min: float


@dataclass(frozen=True)
class Rubric:
    version: str
    title: str
    path: str
    max_level: int
    coverage_threshold: float
    stale_months: int
    stale_divisor: int
    verification_level: int
    own_claim_sources: tuple[str, ...]
    confidence_high_min_rank: int
    confidence_low_max_rank: int
    confidence_low_share: float
    criteria: dict[str, Criterion]
    dimensions: tuple[Dimension, ...]
    grades: tuple[Threshold, ...]
    accountable_dimension: str
    label_id: str
    label_en: str
    label_zh: str
    label_min_each: float
    company_criteria: tuple[str, ...]
    tiers: tuple[Threshold, ...]
    statement_criterion: str
    statement_facts: tuple[str, ...]
    statement_cap: float
    statement_max_age_months: int
    membership_criteria: tuple[str, ...]
    membership_max_level: int
    membership_statuses: tuple[str, ...]
    no_assurance_criteria: tuple[str, ...]
    no_assurance_kinds: tuple[str, ...]
    no_assurance_regions: tuple[str, ...]
    no_assurance_region_names: tuple[str, ...]
    response_criterion: str
    response_window_days: int
    response_tag: str
    response_tag_en: str
    response_tag_zh: str
    response_source_type: str
    site: SiteRules
    raw: dict[str, Any] = field(repr=False, compare=False, default_factory=dict)

    def grade_for(self, score: float) -> str:
        return _pick(self.grades, score)

    def tier_for(self, score: float) -> str:
        return _pick(self.tiers, score)

    def initiative_criteria(self) -> tuple[str, ...]:
        return tuple(c for d in self.dimensions for c in d.criteria)


@dataclass(frozen=True)
class SiteLevel:
    level: int
    en: str
    zh: str


@dataclass(frozen=True)
class SiteRules:
    forced_labour_categories: tuple[str, ...]
    state_imposed_category: str
    involuntariness_element: str
    penalty_element: str
    max_grade: int
    strong_grade: int
    medium_grade: int
    min_checked_share: float
    offsite_interview_methods: tuple[str, ...]
    verified_remediated_counts_as_absent: bool
    high_confidence_sources: tuple[str, ...]
    low_confidence_sources: tuple[str, ...]
    announced_methods: tuple[str, ...]
    trend_quarters: int
    levels: dict[int, SiteLevel]


def _pick(thresholds: tuple[Threshold, ...], score: float) -> str:
    for t in thresholds:
        if score >= t.min:
            return t.name
    return thresholds[-1].name


class _Reader:
    """Typed access to the parsed TOML that names the full key of anything wrong."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, key: str, problem: str) -> RubricError:
        return RubricError(f"The rubric file {self.path} is invalid: key '{key}' {problem}.")

    def table(self, data: Mapping[str, Any], key: str, prefix: str = "") -> Mapping[str, Any]:
        full = f"{prefix}{key}"
        if key not in data:
            raise self.fail(full, "is missing")
        value = data[key]
        if not isinstance(value, Mapping):
            raise self.fail(full, "must be a table")
        return value

    def get(
        self, data: Mapping[str, Any], key: str, kind: type | tuple[type, ...], prefix: str
    ) -> Any:
        full = f"{prefix}{key}"
        if key not in data:
            raise self.fail(full, "is missing")
        value = data[key]
        kinds = kind if isinstance(kind, tuple) else (kind,)
        if isinstance(value, bool) and bool not in kinds:
            raise self.fail(full, f"must be {_kind_name(kinds)}, not true/false")
        if not isinstance(value, kinds):
            raise self.fail(full, f"must be {_kind_name(kinds)}, not {type(value).__name__}")
        return value

    def text(self, data: Mapping[str, Any], key: str, prefix: str) -> str:
        value = self.get(data, key, str, prefix)
        if not value.strip():
            raise self.fail(f"{prefix}{key}", "must not be empty")
        return str(value)

    def number(
        self,
        data: Mapping[str, Any],
        key: str,
        prefix: str,
        low: float | None = None,
        high: float | None = None,
    ) -> float:
        value = float(self.get(data, key, (int, float), prefix))
        if (low is not None and value < low) or (high is not None and value > high):
            raise self.fail(
                f"{prefix}{key}", f"must be between {low:g} and {high:g}, got {value:g}"
            )
        return value

    def integer(
        self, data: Mapping[str, Any], key: str, prefix: str, low: int = 0, high: int = 10_000
    ) -> int:
        value = self.get(data, key, int, prefix)
        if not low <= value <= high:
            raise self.fail(f"{prefix}{key}", f"must be between {low} and {high}, got {value}")
        return int(value)

    def strings(
        self, data: Mapping[str, Any], key: str, prefix: str, allow_empty: bool = False
    ) -> tuple[str, ...]:
        value = self.get(data, key, list, prefix)
        if not allow_empty and not value:
            raise self.fail(f"{prefix}{key}", "must not be an empty list")
        for i, item in enumerate(value):
            if not isinstance(item, str):
                raise self.fail(f"{prefix}{key}[{i}]", "must be text")
        return tuple(value)

    def thresholds(
        self, data: Mapping[str, Any], key: str, name_key: str, prefix: str
    ) -> tuple[Threshold, ...]:
        value = self.get(data, key, list, prefix)
        if not value:
            raise self.fail(f"{prefix}{key}", "must not be an empty list")
        out: list[Threshold] = []
        for i, item in enumerate(value):
            where = f"{prefix}{key}[{i}]."
            if not isinstance(item, Mapping):
                raise self.fail(
                    f"{prefix}{key}[{i}]", f"must be a table like {{ {name_key} = ..., min = ... }}"
                )
            out.append(
                Threshold(self.text(item, name_key, where), self.number(item, "min", where, 0, 100))
            )
        mins = [t.min for t in out]
        if mins != sorted(mins, reverse=True) or len(set(mins)) != len(mins):
            raise self.fail(
                f"{prefix}{key}", "must list thresholds from the highest 'min' down, each different"
            )
        if mins[-1] != 0:
            raise self.fail(f"{prefix}{key}", "must end with an entry whose 'min' is 0")
        return tuple(out)


def _kind_name(kinds: tuple[type, ...]) -> str:
    names = {
        str: "text",
        int: "a whole number",
        float: "a number",
        list: "a list",
        bool: "true or false",
    }
    return " or ".join(names.get(k, k.__name__) for k in kinds)


def parse_rubric(text: str, path: Path | str = "<rubric>") -> Rubric:
    """Parse and check rubric TOML text."""
    path = Path(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RubricError(f"The rubric file {path} is not valid TOML: {exc}.") from None
    r = _Reader(path)
    head = r.table(data, "rubric")
    p = "rubric."
    max_level = r.integer(head, "max_level", p, 1, 10)
    verification_level = r.integer(head, "verification_level", p, 1, max_level)
    conf = r.table(data, "confidence")
    pc = "confidence."

    # criteria
    crit_table = r.table(data, "criteria")
    criteria: dict[str, Criterion] = {}
    for cid, spec in crit_table.items():
        where = f"criteria.{cid}."
        if not isinstance(spec, Mapping):
            raise r.fail(f"criteria.{cid}", "must be a table")
        subject = r.text(spec, "subject", where)
        if subject not in SUBJECTS:
            raise r.fail(f"{where}subject", f"must be one of {', '.join(SUBJECTS)}")
        levels = r.strings(spec, "levels", where)
        if len(levels) != max_level + 1:
            raise r.fail(
                f"{where}levels",
                f"must have {max_level + 1} entries (levels 0 to {max_level}), not {len(levels)}",
            )
        thresholds: tuple[float, ...] = ()
        fact = None
        if "fact" in spec:
            fact = r.text(spec, "fact", where)
            raw_t = r.get(spec, "thresholds", list, where)
            if len(raw_t) != max_level or not all(
                isinstance(x, int | float) and not isinstance(x, bool) for x in raw_t
            ):
                raise r.fail(f"{where}thresholds", f"must be {max_level} numbers")
            if list(raw_t) != sorted(raw_t):
                raise r.fail(f"{where}thresholds", "must be in increasing order")
            thresholds = tuple(float(x) for x in raw_t)
        criteria[cid] = Criterion(
            id=cid,
            subject=subject,
            en=r.text(spec, "en", where),
            weight=r.number(spec, "weight", where, 0, 100),
            levels=levels,
            verification_level=r.integer(spec, "verification_level", where, 1, max_level)
            if "verification_level" in spec
            else verification_level,
            fact=fact,
            thresholds=thresholds,
        )

    def known(cid: str, key: str, subject: str) -> str:
        if cid not in criteria:
            raise r.fail(key, f"names criterion '{cid}', which is not defined under [criteria]")
        if criteria[cid].subject != subject:
            raise r.fail(
                key, f"names criterion '{cid}', which is a {criteria[cid].subject} criterion"
            )
        return cid

    # initiatives
    ini = r.table(data, "initiative")
    pi = "initiative."
    dims_raw = r.get(ini, "dimensions", list, pi)
    if not dims_raw:
        raise r.fail("initiative.dimensions", "must not be empty")
    dimensions: list[Dimension] = []
    for i, d in enumerate(dims_raw):
        where = f"initiative.dimensions[{i}]."
        if not isinstance(d, Mapping):
            raise r.fail(f"initiative.dimensions[{i}]", "must be a table")
        crits = r.strings(d, "criteria", where)
        for j, c in enumerate(crits):
            known(c, f"{where}criteria[{j}]", "initiative")
        dim = Dimension(r.text(d, "id", where), r.text(d, "en", where), str(d.get("zh", "")), crits)
        dimensions.append(dim)
        for c in crits:
            criteria[c] = Criterion(**{**criteria[c].__dict__, "dimension": dim.id})
    dim_ids = [d.id for d in dimensions]
    accountable = r.text(ini, "accountable_dimension", pi)
    if accountable not in dim_ids:
        raise r.fail("initiative.accountable_dimension", f"must be one of {', '.join(dim_ids)}")
    label = r.table(ini, "label", pi)
    pl = "initiative.label."

    # companies
    comp = r.table(data, "company")
    pco = "company."
    company_criteria = r.strings(comp, "criteria", pco)
    for j, c in enumerate(company_criteria):
        known(c, f"company.criteria[{j}]", "company")
    weights = sum(criteria[c].weight for c in company_criteria)
    if abs(weights - 100) > 1e-9:
        raise r.fail(
            "company.criteria", f"weights of these criteria must sum to 100, not {weights:g}"
        )
    gates = r.table(comp, "gates", pco)
    pg = "company.gates."
    stmt = r.table(gates, "legal_statement", pg)
    ps = pg + "legal_statement."
    mem = r.table(gates, "membership", pg)
    pm = pg + "membership."
    noa = r.table(gates, "no_assurance_region", pg)
    pn = pg + "no_assurance_region."
    resp = r.table(gates, "response_log", pg)
    pr = pg + "response_log."
    for key, names, where in (
        ("criteria", r.strings(mem, "criteria", pm), pm),
        ("criteria", r.strings(noa, "criteria", pn), pn),
    ):
        for j, c in enumerate(names):
            known(c, f"{where}{key}[{j}]", "company")
    statement_criterion = known(r.text(stmt, "criterion", ps), ps + "criterion", "company")
    response_criterion = known(r.text(resp, "criterion", pr), pr + "criterion", "company")

    # sites
    st = r.table(data, "site")
    pst = "site."
    levels_raw = r.get(st, "levels", list, pst)
    site_levels: dict[int, SiteLevel] = {}
    for i, item in enumerate(levels_raw):
        where = f"site.levels[{i}]."
        if not isinstance(item, Mapping):
            raise r.fail(f"site.levels[{i}]", "must be a table")
        lv = r.integer(item, "level", where, 0, 4)
        site_levels[lv] = SiteLevel(lv, r.text(item, "en", where), str(item.get("zh", "")))
    if sorted(site_levels) != [0, 1, 2, 3, 4]:
        raise r.fail("site.levels", "must describe each risk level 0, 1, 2, 3 and 4 once")
    site = SiteRules(
        forced_labour_categories=r.strings(st, "forced_labour_categories", pst),
        state_imposed_category=r.text(st, "state_imposed_category", pst),
        involuntariness_element=r.text(st, "involuntariness_element", pst),
        penalty_element=r.text(st, "penalty_element", pst),
        max_grade=r.integer(st, "max_grade", pst, 1, 10),
        strong_grade=r.integer(st, "strong_grade", pst, 1, 10),
        medium_grade=r.integer(st, "medium_grade", pst, 1, 10),
        min_checked_share=r.number(st, "min_checked_share", pst, 0, 1),
        offsite_interview_methods=r.strings(st, "offsite_interview_methods", pst),
        verified_remediated_counts_as_absent=bool(
            r.get(st, "verified_remediated_counts_as_absent", bool, pst)
        ),
        high_confidence_sources=r.strings(st, "high_confidence_sources", pst),
        low_confidence_sources=r.strings(st, "low_confidence_sources", pst),
        announced_methods=r.strings(st, "announced_methods", pst),
        trend_quarters=r.integer(st, "trend_quarters", pst, 1, 40),
        levels=site_levels,
    )
    if not site.medium_grade < site.strong_grade <= site.max_grade:
        raise r.fail("site.strong_grade", "must be above medium_grade and at most max_grade")

    return Rubric(
        version=r.text(head, "version", p),
        title=r.text(head, "title", p),
        path=str(path),
        max_level=max_level,
        coverage_threshold=r.number(head, "coverage_threshold", p, 0, 100),
        stale_months=r.integer(head, "stale_months", p, 1, 1200),
        stale_divisor=r.integer(head, "stale_divisor", p, 1, 100),
        verification_level=verification_level,
        own_claim_sources=r.strings(head, "own_claim_sources", p),
        confidence_high_min_rank=r.integer(conf, "high_min_rank", pc, 1, 10),
        confidence_low_max_rank=r.integer(conf, "low_max_rank", pc, 0, 10),
        confidence_low_share=r.number(conf, "low_share", pc, 0, 1),
        criteria=criteria,
        dimensions=tuple(dimensions),
        grades=r.thresholds(ini, "grades", "grade", pi),
        accountable_dimension=accountable,
        label_id=r.text(label, "id", pl),
        label_en=r.text(label, "en", pl),
        label_zh=str(label.get("zh", "")),
        label_min_each=r.number(label, "min_each", pl, 0, 100),
        company_criteria=company_criteria,
        tiers=r.thresholds(comp, "tiers", "tier", pco),
        statement_criterion=statement_criterion,
        statement_facts=r.strings(stmt, "required_facts", ps),
        statement_cap=r.number(stmt, "cap", ps, 0, 100),
        statement_max_age_months=r.integer(stmt, "max_age_months", ps, 1, 1200),
        membership_criteria=r.strings(mem, "criteria", pm),
        membership_max_level=r.integer(mem, "max_level", pm, 0, max_level),
        membership_statuses=r.strings(mem, "statuses", pm),
        no_assurance_criteria=r.strings(noa, "criteria", pn),
        no_assurance_kinds=r.strings(noa, "evidence_kinds", pn),
        no_assurance_regions=r.strings(noa, "regions", pn),
        no_assurance_region_names=tuple(
            unicodedata.normalize("NFKC", n).casefold()
            for n in r.strings(noa, "region_names", pn, allow_empty=True)
        ),
        response_criterion=response_criterion,
        response_window_days=r.integer(resp, "window_days", pr, 1, 3650),
        response_tag=r.text(resp, "tag", pr),
        response_tag_en=r.text(resp, "tag_en", pr),
        response_tag_zh=str(resp.get("tag_zh", "")),
        response_source_type=r.text(resp, "source_type", pr),
        site=site,
        raw=dict(data),
    )


def load_rubric(path: Path | str) -> Rubric:
    """Load and check a rubric file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RubricError(f"The rubric file {path} does not exist.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RubricError(f"The rubric file {path} cannot be read: {exc}.") from None
    return parse_rubric(text, path)


@cache
def default_rubric() -> Rubric:
    """The rubric shipped with the application (version 1)."""
    return load_rubric(resource_path("methodology", DEFAULT_RUBRIC))
