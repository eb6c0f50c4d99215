"""The record types of a workspace, their fields, and validation.

This is the single description of what a record may contain. The same rules check a form in
the GUI, a row of an import file and a revision arriving in a sync bundle. The SQLAlchemy
models in ``store.models`` mirror these fields (a test keeps the two in step).

A record's *content* is a dict with every field of its type (absent optional fields are
``None`` or an empty list), normalised: text NFC-normalised and stripped, dates as
``YYYY-MM-DD``. Revisions hash this content, so normalisation must be deterministic.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import pairwise
from typing import Any

from aces_desktop.core import messages as m
from aces_desktop.core.errors import FieldProblem, ValidationError
from aces_desktop.core.ids import is_uuid
from aces_desktop.core.reference import SOURCE_TYPES, indicator_codes, reference


class FieldKind(StrEnum):
    """What a field holds."""

    STR = "str"  # one line of text
    TEXT = "text"  # free text (narratives)
    INT = "int"
    FLOAT = "float"
    BOOL = "bool"
    DATE = "date"
    ENUM = "enum"
    REF = "ref"  # id of another record
    REFS = "refs"  # list of ids of other records
    STRS = "strs"  # list of short texts
    NAMES = "names"  # list of {"text": ..., "lang": ...}
    FACTS = "facts"  # small JSON object of scalar facts


# Shorthands for the field kinds, used by the record types below and across the code.
STR, TEXT, INT, FLOAT, BOOL, DATE = (
    FieldKind.STR,
    FieldKind.TEXT,
    FieldKind.INT,
    FieldKind.FLOAT,
    FieldKind.BOOL,
    FieldKind.DATE,
)
ENUM, REF, REFS, STRS, NAMES, FACTS = (
    FieldKind.ENUM,
    FieldKind.REF,
    FieldKind.REFS,
    FieldKind.STRS,
    FieldKind.NAMES,
    FieldKind.FACTS,
)


class RecordTypeName(StrEnum):
    """The record types; the values are stored in databases, bundles and import files."""

    SITE = "site"
    COMPANY = "company"
    COMPANY_SITE = "company_site"
    INITIATIVE = "initiative"
    MEMBERSHIP = "membership"
    COVERAGE = "coverage"
    PERSON = "person"
    VISIT = "visit"
    FINDING = "finding"
    WORKER_NOTE = "worker_note"
    COMPANY_RESPONSE = "company_response"
    EVIDENCE = "evidence"
    ATTACHMENT = "attachment"
    AMENDMENT = "amendment"
    PUBLICATION = "publication"


MAX_STR = 300
MAX_TEXT = 20_000
MAX_LIST = 50
MAX_FACTS_KEYS = 20
# Dates a record may carry: far-off years are typing mistakes and overflow date arithmetic.
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2199, 12, 31)

CONSENT_SCOPES = ("device", "coordinator", "public_anonymised")
REMEDIATION_STATUSES = ("open", "in_remediation", "remediated", "verified_remediated")
VISIT_METHODS = ("announced", "unannounced", "offsite_interviews", "remote", "desk_research")
SITE_KINDS = ("factory", "farm", "mill", "mine", "warehouse", "other")
COMPANY_KINDS = ("brand", "retailer", "buyer", "investor", "supplier", "labour_agent")
LINK_RELATIONS = ("sources_from", "owns", "supplies")
DISCLOSURES = ("withhold", "no_address", "full")
MEMBERSHIP_STATUSES = ("member", "suspended", "expelled", "former")
PERSON_ROLES = ("auditor", "researcher", "coordinator", "interpreter", "other")
RESPONSE_CHANNELS = ("email", "letter", "meeting", "phone", "web_form", "other")
EVIDENCE_KINDS = (
    "document",
    "audit",
    "policy",
    "disclosure",
    "statement",
    "public_report",
    "observation",
    "response",
    "other",
)
CONFIDENCES = ("low", "medium", "high")
AGE_BANDS = ("under_18", "18_25", "26_35", "36_50", "over_50")
SUBJECT_TYPES = ("initiative", "company")
ATTACHMENT_OWNERS = (
    "site",
    "company",
    "initiative",
    "visit",
    "finding",
    "worker_note",
    "company_response",
    "evidence",
    "amendment",
)
AMENDMENT_TARGETS = ("visit", "finding", "worker_note")

# Criterion ids accepted on evidence records (docs/methodology.md); the rubric file is the
# authority for scoring, this list only keeps typos out of the workspace.
CRITERIA = (
    "T1",
    "T2",
    "T3",
    "S1",
    "S2",
    "S3",
    "A1",
    "A2",
    "A3",
    "A4",
    "A5",
    "C1",
    "C2",
    "C3",
    "C4",
    "C5",
    "C6",
    "C7",
    "LEGAL_STATEMENT",
)

_COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
_LANG_RE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_OSH_RE = re.compile(r"^([A-Z]{2})(\d{7})([A-Z0-9]{6})$")
_SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
_URL_RE = re.compile(r"^(https?|ftp)://[^\s]+$", re.IGNORECASE)
_CRITERION_SET = frozenset(CRITERIA)


@dataclass(frozen=True)
class Field:
    name: str
    kind: FieldKind
    required: bool = False
    max_len: int | None = None
    choices: tuple[str, ...] | Callable[[], tuple[str, ...]] | None = None
    minimum: float | None = None
    maximum: float | None = None
    ref: str | tuple[str, ...] | None = None
    default: Any = None
    # Text that can identify a worker or a source; the redaction layer uses this flag.
    sensitive: bool = False
    check: Callable[[Any, Mapping[str, Any]], str | None] | None = None

    def allowed(self) -> tuple[str, ...]:
        if callable(self.choices):
            return self.choices()
        return self.choices or ()

    def empty(self) -> Any:
        if self.kind in (REFS, STRS, NAMES):
            return []
        if self.kind == FACTS:
            return {}
        return self.default


@dataclass(frozen=True)
class RecordType:
    name: RecordTypeName
    table: str
    fields: tuple[Field, ...]
    title_field: str = "name"
    # Records that hold what a worker said: never leave the device beyond their consent.
    sensitive: bool = False
    sealable: bool = False
    checks: tuple[Callable[[Mapping[str, Any]], FieldProblem | None], ...] = ()
    by_name: dict[str, Field] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self.by_name.update({f.name: f for f in self.fields})

    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def references(self) -> list[Field]:
        return [f for f in self.fields if f.kind in (REF, REFS)]


def _check_os_hub(value: Any, content: Mapping[str, Any]) -> str | None:
    match = _OSH_RE.match(value)
    if not match:
        return m.NOT_OS_HUB_ID()
    country = content.get("country")
    if isinstance(country, str) and country and match.group(1) != country.strip().upper():
        return m.OS_HUB_COUNTRY(match.group(1), country.upper())
    return None


def _check_country(value: Any, _content: Mapping[str, Any]) -> str | None:
    if not _COUNTRY_RE.match(value):
        return m.NOT_A_COUNTRY()
    return None


def _check_url(value: Any, _content: Mapping[str, Any]) -> str | None:
    if not _URL_RE.match(value):
        return m.NOT_A_URL()
    return None


def _check_sha256(value: Any, _content: Mapping[str, Any]) -> str | None:
    if not _SHA256_RE.match(value):
        return m.NOT_SHA256()
    return None


def _check_criterion(value: Any, _content: Mapping[str, Any]) -> str | None:
    if value not in _CRITERION_SET:
        return m.UNKNOWN_CRITERION(value)
    return None


def _dates_in_order(
    start: str, end: str, label: m.Message
) -> Callable[[Mapping[str, Any]], FieldProblem | None]:
    def check(content: Mapping[str, Any]) -> FieldProblem | None:
        a, b = content.get(start), content.get(end)
        if a and b and b < a:
            return FieldProblem(end, m.ENDS_BEFORE_START(label()))
        return None

    return check


def _both_coordinates(content: Mapping[str, Any]) -> FieldProblem | None:
    if (content.get("latitude") is None) != (content.get("longitude") is None):
        return FieldProblem("longitude", m.BOTH_COORDINATES())
    return None


def _level_matches_criterion(content: Mapping[str, Any]) -> FieldProblem | None:
    if content.get("criterion") != "LEGAL_STATEMENT" and content.get("level") is None:
        return FieldProblem("level", m.LEVEL_REQUIRED())
    return None


def _name_fields() -> tuple[Field, ...]:
    return (
        Field("name", STR, required=True),
        Field("other_names", NAMES),
    )


RECORD_TYPES: dict[str, RecordType] = {}


def _register(rt: RecordType) -> RecordType:
    RECORD_TYPES[rt.name] = rt
    return rt


SITE = _register(
    RecordType(
        RecordTypeName.SITE,
        "sites",
        (
            *_name_fields(),
            Field("aliases", STRS),
            Field("kind", ENUM, choices=SITE_KINDS, default="factory", required=True),
            Field("country", STR, required=True, check=_check_country),
            Field("region", STR),
            Field("address", TEXT, max_len=1000),
            Field("latitude", FLOAT, minimum=-90, maximum=90),
            Field("longitude", FLOAT, minimum=-180, maximum=180),
            Field("os_hub_id", STR, max_len=15, check=_check_os_hub),
            Field("products", STRS),
            Field("workforce_size", INT, minimum=0, maximum=10_000_000),
            Field("tier", INT, minimum=0, maximum=9),
            Field("disclosure", ENUM, choices=DISCLOSURES, default="withhold", required=True),
            Field("notes", TEXT),
        ),
        checks=(_both_coordinates,),
    )
)

COMPANY = _register(
    RecordType(
        RecordTypeName.COMPANY,
        "companies",
        (
            *_name_fields(),
            Field("kind", ENUM, choices=COMPANY_KINDS, required=True),
            Field("country", STR, check=_check_country),
            Field("website", STR, check=_check_url),
            Field("notes", TEXT),
        ),
    )
)

COMPANY_SITE = _register(
    RecordType(
        RecordTypeName.COMPANY_SITE,
        "company_sites",
        (
            Field("company_id", REF, required=True, ref="company"),
            Field("site_id", REF, required=True, ref="site"),
            Field("relation", ENUM, choices=LINK_RELATIONS, required=True),
            Field("tier", INT, minimum=0, maximum=9),
            Field("products", STRS),
            Field("period_start", DATE),
            Field("period_end", DATE),
            Field("source_type", ENUM, choices=SOURCE_TYPES),
            Field("evidence", TEXT, max_len=2000),
        ),
        title_field="relation",
        checks=(_dates_in_order("period_start", "period_end", m.THE_PERIOD),),
    )
)

INITIATIVE = _register(
    RecordType(
        RecordTypeName.INITIATIVE,
        "initiatives",
        (
            *_name_fields(),
            Field("acronym", STR, max_len=30),
            Field("sector", STR),
            Field("countries", STRS),
            Field("website", STR, check=_check_url),
            Field("description", TEXT),
        ),
    )
)

MEMBERSHIP = _register(
    RecordType(
        RecordTypeName.MEMBERSHIP,
        "memberships",
        (
            Field("initiative_id", REF, required=True, ref="initiative"),
            Field("company_id", REF, required=True, ref="company"),
            Field("status", ENUM, choices=MEMBERSHIP_STATUSES, default="member", required=True),
            Field("since", DATE),
            Field("until", DATE),
        ),
        title_field="status",
        checks=(_dates_in_order("since", "until", m.THE_MEMBERSHIP),),
    )
)

COVERAGE = _register(
    RecordType(
        RecordTypeName.COVERAGE,
        "coverages",
        (
            Field("initiative_id", REF, required=True, ref="initiative"),
            Field("site_id", REF, required=True, ref="site"),
            Field("since", DATE),
            Field("until", DATE),
            Field("workers_covered", INT, minimum=0, maximum=10_000_000),
        ),
        title_field="since",
        checks=(_dates_in_order("since", "until", m.THE_COVERAGE),),
    )
)

PERSON = _register(
    RecordType(
        RecordTypeName.PERSON,
        "persons",
        (
            Field("name", STR, required=True, sensitive=True),
            Field("role", ENUM, choices=PERSON_ROLES, default="auditor", required=True),
            Field("organisation", STR),
            Field("contact", STR, sensitive=True),
        ),
    )
)

VISIT = _register(
    RecordType(
        RecordTypeName.VISIT,
        "visits",
        (
            Field("site_id", REF, required=True, ref="site"),
            Field("start_date", DATE, required=True),
            Field("end_date", DATE),
            Field("method", ENUM, choices=VISIT_METHODS, required=True),
            Field("team", REFS, ref="person"),
            Field("summary", TEXT),
            Field("sealed", BOOL, default=False, required=True),
        ),
        title_field="start_date",
        sealable=True,
        checks=(_dates_in_order("start_date", "end_date", m.THE_VISIT),),
    )
)

FINDING = _register(
    RecordType(
        RecordTypeName.FINDING,
        "findings",
        (
            Field("visit_id", REF, required=True, ref="visit"),
            Field("site_id", REF, required=True, ref="site"),
            Field("indicator", ENUM, required=True, choices=indicator_codes),
            Field("grade", INT, minimum=0, maximum=3),
            Field("source_type", ENUM, choices=SOURCE_TYPES),
            Field("confidence", ENUM, choices=CONFIDENCES),
            Field("narrative", TEXT),
            Field("observed_on", DATE),
            Field(
                "remediation_status",
                ENUM,
                choices=REMEDIATION_STATUSES,
                default="open",
                required=True,
            ),
            Field("remediation_due", DATE),
            Field("remediation_started_on", DATE),
            Field("remediated_on", DATE),
            Field("verified_on", DATE),
            Field("amends_id", REF, ref="finding"),
            Field("sealed", BOOL, default=False, required=True),
        ),
        title_field="indicator",
        sealable=True,
    )
)

WORKER_NOTE = _register(
    RecordType(
        RecordTypeName.WORKER_NOTE,
        "worker_notes",
        (
            Field("site_id", REF, required=True, ref="site"),
            Field("visit_id", REF, ref="visit"),
            Field("pseudonym", STR, required=True, max_len=100, sensitive=True),
            Field("consent_scope", ENUM, choices=CONSENT_SCOPES, default="device", required=True),
            Field("gender", STR, max_len=40, sensitive=True),
            Field("age_band", ENUM, choices=AGE_BANDS, sensitive=True),
            Field("origin", STR, sensitive=True),
            Field("job_role", STR, sensitive=True),
            Field("narrative", TEXT, sensitive=True),
            Field("interviewed_on", DATE),
            Field("sealed", BOOL, default=False, required=True),
        ),
        title_field="pseudonym",
        sensitive=True,
        sealable=True,
    )
)

COMPANY_RESPONSE = _register(
    RecordType(
        RecordTypeName.COMPANY_RESPONSE,
        "company_responses",
        (
            Field("company_id", REF, required=True, ref="company"),
            Field("request_sent_on", DATE, required=True),
            Field("channel", ENUM, choices=RESPONSE_CHANNELS, default="email", required=True),
            Field("subject", STR, required=True),
            Field("request", TEXT),
            Field("answered_on", DATE),
            Field("answer", TEXT),
            Field("commitments", TEXT),
            Field("follow_up_due", DATE),
            Field("commitment_met", BOOL),
        ),
        title_field="subject",
        checks=(_dates_in_order("request_sent_on", "answered_on", m.THE_REQUEST),),
    )
)

EVIDENCE = _register(
    RecordType(
        RecordTypeName.EVIDENCE,
        "evidence",
        (
            Field("subject_type", ENUM, choices=SUBJECT_TYPES, required=True),
            Field("subject_id", REF, required=True, ref=("initiative", "company")),
            Field("criterion", STR, required=True, max_len=20, check=_check_criterion),
            Field("level", INT, minimum=0, maximum=4),
            Field("source_type", ENUM, choices=SOURCE_TYPES, required=True),
            Field("kind", ENUM, choices=EVIDENCE_KINDS, default="document", required=True),
            Field("url", STR, max_len=2000, check=_check_url),
            Field("evidence_date", DATE, required=True),
            Field("description", TEXT),
            Field("facts", FACTS),
        ),
        title_field="criterion",
        checks=(_level_matches_criterion,),
    )
)

ATTACHMENT = _register(
    RecordType(
        RecordTypeName.ATTACHMENT,
        "attachments",
        (
            Field("owner_type", ENUM, choices=ATTACHMENT_OWNERS, required=True),
            Field("owner_id", REF, required=True, ref=ATTACHMENT_OWNERS),
            Field("sha256", STR, required=True, max_len=64, check=_check_sha256),
            Field("media_type", STR, required=True, max_len=100),
            Field("size", INT, required=True, minimum=0, maximum=2**40),
            Field("original_name", STR, sensitive=True),
            Field("caption", TEXT, max_len=2000),
            Field(
                "consent_scope",
                ENUM,
                choices=CONSENT_SCOPES,
                default="device",
                required=True,
            ),
            Field("metadata_removed", BOOL, default=True, required=True),
        ),
        title_field="original_name",
    )
)

AMENDMENT = _register(
    RecordType(
        RecordTypeName.AMENDMENT,
        "amendments",
        (
            Field("target_type", ENUM, choices=AMENDMENT_TARGETS, required=True),
            Field("target_id", REF, required=True, ref=AMENDMENT_TARGETS),
            Field("reason", TEXT, required=True, max_len=2000),
            Field("text", TEXT),
        ),
        title_field="reason",
    )
)

# A coordinator's decision that an initiative's or company's assessment may be published (the
# public register, batch scorecards). A revision like any other, so it syncs; only revisions
# written by a coordinator count (``ops.publication``; refused at merge from field devices).
PUBLICATION = _register(
    RecordType(
        RecordTypeName.PUBLICATION,
        "publications",
        (
            Field("subject_type", ENUM, choices=SUBJECT_TYPES, required=True),
            Field("subject_id", REF, required=True, ref=("initiative", "company")),
            Field("ready", BOOL, default=False, required=True),
            Field("note", TEXT, max_len=2000),
            Field("decided_at", STR, required=True, max_len=32),
        ),
        title_field="decided_at",
    )
)

# Record types only a coordinator writes (checked locally and when a bundle is merged).
COORDINATOR_ONLY_TYPES = frozenset({"publication"})

# --- the words shown for the schema -------------------------------------------------------
# The one registry of the names users read for record types, fields and choices. English here;
# the GUI translates these texts (context "schema", listed for translators by
# ``ui/forms/schema_strings.py``); the CLI, exports and reports show them as they are.

TYPE_LABELS: dict[str, str] = {
    "site": "Site",
    "company": "Company",
    "company_site": "Company–site link",
    "initiative": "Initiative",
    "membership": "Membership",
    "coverage": "Coverage",
    "person": "Person",
    "visit": "Visit",
    "finding": "Finding",
    "worker_note": "Worker note",
    "company_response": "Company response",
    "evidence": "Evidence",
    "attachment": "Attachment",
    "amendment": "Amendment",
    "publication": "Publication decision",
}

# Fields whose label is not their name with spaces (one name reads the same in every type).
FIELD_LABELS: dict[str, str] = {
    "other_names": "Names in other scripts",
    "region": "Region or province",
    "origin": "Region of origin",
    "os_hub_id": "Open Supply Hub id",
    "company_id": "Company",
    "site_id": "Site",
    "initiative_id": "Initiative",
    "visit_id": "Visit",
    "subject_id": "Subject",
    "owner_id": "Belongs to",
    "target_id": "Amended record",
    "amends_id": "Amends finding",
    "url": "Web address",
    "follow_up_due": "Follow-up due",
    "ready": "Ready to publish",
    "decided_at": "Decided at",
}


def type_label(name: str) -> str:
    """The English name of a record type, e.g. "Worker note"."""
    return TYPE_LABELS.get(name) or name.replace("_", " ").capitalize()


def field_label(name: str) -> str:
    """The English name of a field, e.g. "Region or province"."""
    return FIELD_LABELS.get(name) or name.replace("_", " ").capitalize()


def choice_label(field_name: str, code: str) -> str:
    """The English name of a stored choice (``code``) of an enumerated field."""
    if field_name == "indicator":
        found = reference().indicators.get(code)
        return found.en if found else code
    if field_name == "source_type":
        found_type = reference().source_types.get(code)
        return found_type.en if found_type else code
    if code in TYPE_LABELS:
        return TYPE_LABELS[code]
    return code.replace("_", " ").capitalize()


def record_type(name: str) -> RecordType:
    try:
        return RECORD_TYPES[name]
    except KeyError:
        raise ValidationError([FieldProblem("record_type", m.UNKNOWN_RECORD_TYPE(name))]) from None


def _norm_text(value: str) -> str:
    return unicodedata.normalize("NFC", value).strip()


# Invisible characters a one-line field may keep: the zero-width non-joiner and joiner shape
# Persian, Uyghur and Indic words and emoji; every other format character (category Cf:
# bidirectional embeddings, overrides, isolates and marks, zero-width spaces, word joiners,
# byte order marks, soft hyphens) can make a name read differently from what it is.
_ALLOWED_FORMAT_CHARS = frozenset("\u200c\u200d")
# Bidirectional embeddings, overrides and isolates are refused in multi-line text too.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _text_problem(text: str, one_line: bool) -> str | None:
    """Why ``text`` may not be stored, or None: control characters, line breaks in one-line
    fields, and invisible characters that change how the text reads (``_ALLOWED_FORMAT_CHARS``)."""
    for ch in text:
        if ch in "\n\t\r" and not one_line:
            continue
        category = unicodedata.category(ch)
        if category in ("Cc", "Cs") or (one_line and category in ("Zl", "Zp")):
            return m.CONTROL_CHARACTERS()
        if ch in _BIDI_CONTROLS or (
            one_line and category == "Cf" and ch not in _ALLOWED_FORMAT_CHARS
        ):
            return m.INVISIBLE_CHARACTER(
                f"U+{ord(ch):04X}", unicodedata.name(ch, "format character")
            )
    return None


def _norm_value(f: Field, value: Any) -> tuple[Any, str | None]:
    """Normalise one value; return (value, problem or None)."""
    kind = f.kind
    if kind in (STR, TEXT, ENUM, REF):
        if not isinstance(value, str):
            return None, m.MUST_BE_TEXT(type(value).__name__)
        text = _norm_text(value)
        if kind == ENUM:
            text = text.lower()
            allowed = f.allowed()
            if kind == ENUM and f.name == "indicator":
                text = text.upper()
            if text not in allowed:
                shown = ", ".join(allowed[:12])
                return None, m.NOT_ONE_OF(text[:40], shown)
            return text, None
        if kind == REF:
            text = text.lower()
            if not is_uuid(text):
                return None, m.NOT_A_RECORD_ID(text[:40])
            return text, None
        limit = f.max_len or (MAX_TEXT if kind == TEXT else MAX_STR)
        if len(text) > limit:
            return None, m.TOO_LONG(len(text), limit)
        problem = _text_problem(text, one_line=kind != TEXT)
        if problem:
            return None, problem
        if kind == STR and f.name == "country":
            text = text.upper()
        if not text:
            return None, None
        return text, None
    if kind == INT:
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            else:
                return None, m.MUST_BE_WHOLE_NUMBER(type(value).__name__)
        return _in_range(f, value)
    if kind == FLOAT:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None, m.MUST_BE_NUMBER(type(value).__name__)
        if not math.isfinite(value):
            return None, m.MUST_BE_FINITE()
        return _in_range(f, float(value))
    if kind == BOOL:
        if not isinstance(value, bool):
            return None, m.MUST_BE_BOOL(type(value).__name__)
        return value, None
    if kind == DATE:
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return value.isoformat(), None
        if not isinstance(value, str):
            return None, m.MUST_BE_DATE(type(value).__name__)
        try:
            day = dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None, m.NOT_A_DATE(value[:40])
        if len(value.strip()) != 10:
            return day.isoformat(), m.DATE_FORM()
        if not EARLIEST_DATE <= day <= LATEST_DATE:
            return None, m.DATE_OUT_OF_RANGE(
                day.isoformat(), EARLIEST_DATE.isoformat(), LATEST_DATE.isoformat()
            )
        return day.isoformat(), None
    if kind in (STRS, REFS):
        if not isinstance(value, list):
            return None, m.MUST_BE_LIST(type(value).__name__)
        if len(value) > MAX_LIST:
            return None, m.TOO_MANY_ENTRIES(len(value), MAX_LIST)
        inner = Field(f.name, STR if kind == STRS else REF, ref=f.ref)
        out: list[str] = []
        for item in value:
            norm, problem = _norm_value(inner, item)
            if problem:
                return None, m.ENTRY_PROBLEM(len(out) + 1, problem)
            if norm and norm not in out:
                out.append(norm)
        if kind == REFS:
            out.sort()
        return out, None
    if kind == NAMES:
        if not isinstance(value, list):
            return None, m.MUST_BE_NAMES(type(value).__name__)
        if len(value) > MAX_LIST:
            return None, m.TOO_MANY_ENTRIES(len(value), MAX_LIST)
        names: list[dict[str, str]] = []
        for item in value:
            if not isinstance(item, dict) or set(item) - {"text", "lang"} or "text" not in item:
                return None, m.NAME_SHAPE()
            text, problem = _norm_value(Field("text", STR), item["text"])
            if problem or not text:
                return None, m.NAME_PROBLEM(len(names) + 1, problem or m.IS_EMPTY())
            lang = item.get("lang") or ""
            if not isinstance(lang, str) or (lang and not _LANG_RE.match(lang)):
                return None, m.NOT_A_LANGUAGE(len(names) + 1, str(lang)[:20])
            names.append({"text": text, "lang": lang})
        return names, None
    if kind == FACTS:
        if not isinstance(value, dict):
            return None, m.MUST_BE_OBJECT_GOT(type(value).__name__)
        if len(value) > MAX_FACTS_KEYS:
            return None, m.TOO_MANY_KEYS(len(value), MAX_FACTS_KEYS)
        facts: dict[str, Any] = {}
        for key, item in value.items():
            if not isinstance(key, str) or not re.match(r"^[a-z][a-z0-9_]{0,40}$", key):
                return None, m.BAD_FACT_KEY(str(key)[:40])
            if isinstance(item, str):
                if len(item) > MAX_STR:
                    return None, m.FACT_TOO_LONG(key, MAX_STR)
                problem = _text_problem(item, one_line=True)
                if problem:
                    return None, m.FACT_PROBLEM(key, problem)
                facts[key] = _norm_text(item)
            elif (
                item is None
                or isinstance(item, bool | int)
                or (isinstance(item, float) and math.isfinite(item))
            ):
                facts[key] = item
            else:
                return None, m.BAD_FACT_VALUE(key)
        return facts, None
    raise AssertionError(f"unknown field kind {kind}")  # pragma: no cover


def _in_range(f: Field, value: float) -> tuple[Any, str | None]:
    if f.minimum is not None and value < f.minimum:
        return None, m.AT_LEAST(f"{f.minimum:g}")
    if f.maximum is not None and value > f.maximum:
        return None, m.AT_MOST(f"{f.maximum:g}")
    return value, None


def normalize(type_name: str, data: Mapping[str, Any], *, record: str = "") -> dict[str, Any]:
    """Validate ``data`` as a record of ``type_name`` and return its canonical content.

    Unknown fields, wrong types, out-of-range values and missing required fields are all
    reported together in one ``ValidationError`` naming the record and each field.
    """
    rt = record_type(type_name)
    problems: list[FieldProblem] = []
    if not isinstance(data, Mapping):
        raise ValidationError([FieldProblem("(record)", m.MUST_BE_OBJECT(), record)])
    for key in data:
        if key not in rt.by_name:
            problems.append(FieldProblem(str(key)[:60], m.NOT_A_FIELD(), record))
    content: dict[str, Any] = {}
    for f in rt.fields:
        raw = data.get(f.name)
        if raw is None or (isinstance(raw, str) and not raw.strip() and f.kind != BOOL):
            value, problem = f.empty(), None
        else:
            value, problem = _norm_value(f, raw)
            if value is None and not problem:
                value = f.empty()
        if problem:
            problems.append(FieldProblem(f.name, problem, record))
            continue
        if f.required and (value is None or value == []):
            problems.append(FieldProblem(f.name, m.REQUIRED(), record))
            continue
        if value is not None and f.check and f.kind in (STR, TEXT):
            message = f.check(value, {**data, **content})
            if message:
                problems.append(FieldProblem(f.name, message, record))
                continue
        content[f.name] = value
    if not problems:
        for check in rt.checks:
            found = check(content)
            if found:
                problems.append(FieldProblem(found.field, found.message, record))
    if problems:
        raise ValidationError(problems)
    return content


def validate_field(
    type_name: str, field_name: str, value: Any, content: Mapping[str, Any]
) -> str | None:
    """Check one field as a form would; return a message for the user or ``None``."""
    f = record_type(type_name).by_name[field_name]
    if value is None or (isinstance(value, str) and not value.strip()):
        return m.FIELD_REQUIRED() if f.required else None
    norm, problem = _norm_value(f, value)
    if problem:
        return m.sentence(problem)
    if norm is not None and f.check and f.kind in (STR, TEXT):
        message = f.check(norm, content)
        if message:
            return m.sentence(message)
    return None


_REFERENCES: dict[str, tuple[Field, ...]] = {}


def referenced_ids(type_name: str, content: Mapping[str, Any]) -> list[tuple[str, Field, str]]:
    """Every (field name, field, id) that ``content`` refers to."""
    out: list[tuple[str, Field, str]] = []
    fields = _REFERENCES.get(type_name)
    if fields is None:
        fields = _REFERENCES[type_name] = tuple(record_type(type_name).references())
    for f in fields:
        value = content.get(f.name)
        if f.kind == REF and value:
            out.append((f.name, f, value))
        elif f.kind == REFS and value:
            out.extend((f.name, f, v) for v in value)
    return out


def ref_targets(f: Field, content: Mapping[str, Any]) -> tuple[str, ...]:
    """The record types a reference field may point at, given the rest of the content."""
    if isinstance(f.ref, str):
        return (f.ref,)
    # Polymorphic references name their type in a sibling field (subject_type, owner_type...).
    sibling = {"subject_id": "subject_type", "owner_id": "owner_type", "target_id": "target_type"}
    kind = content.get(sibling.get(f.name, ""))
    if isinstance(kind, str) and f.ref and kind in f.ref:
        return (kind,)
    return tuple(f.ref or ())


def is_shared(type_name: str, content: Mapping[str, Any] | None) -> bool:
    """Whether content of this record may leave the device in a sync bundle at all."""
    if content is None:
        return True
    if type_name in ("worker_note", "attachment"):
        return content.get("consent_scope") != "device"
    return True


def title_of(type_name: str, content: Mapping[str, Any]) -> str:
    rt = record_type(type_name)
    value = content.get(rt.title_field)
    return str(value) if value is not None else ""


# --- a quick test for content that is already canonical ----------------------------------
# A bundle carries content exactly as ``normalize`` returned it. ``is_canonical`` confirms
# that with one check per field compiled once per record type, without building a new dict.
# It only ever answers True where ``normalize`` would return the content unchanged without
# a problem; anything else (a wrong type, text to normalise, an unknown field, a value out
# of range, anything it does not know) answers False, and the caller runs ``normalize``,
# which names the problem (tests/unit/test_schema_canonical.py compares both).

_ASCII_ONE_LINE = re.compile(r"[\x20-\x7e]*\Z")
_ASCII_TEXT = re.compile(r"[\t\n\r\x20-\x7e]*\Z")
_is_nfc = unicodedata.is_normalized


def _canonical_text(value: Any, one_line: bool, limit: int) -> bool:
    """``value`` is text that ``_norm_value`` keeps as it is (NFC, stripped, not empty,
    within ``limit``, no character ``_text_problem`` refuses)."""
    if type(value) is not str or not value or len(value) > limit or value != value.strip():
        return False
    if value.isascii():
        return (_ASCII_ONE_LINE if one_line else _ASCII_TEXT).match(value) is not None
    return _is_nfc("NFC", value) and _text_problem(value, one_line) is None


_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\Z")


def _canonical_uuid(value: Any) -> bool:
    """Lower-case hex, nothing around it (``is_uuid`` also takes a final line break)."""
    return type(value) is str and _CANONICAL_UUID.match(value) is not None


def _field_check(f: Field) -> Callable[[Any, Mapping[str, Any]], bool]:
    """A check that ``value`` is the canonical value of ``f`` in ``content``."""
    kind = f.kind
    empty = f.empty()
    none_ok = empty is None and not f.required

    if kind in (STR, TEXT):
        one_line = kind == STR
        limit = f.max_len or (MAX_TEXT if kind == TEXT else MAX_STR)
        upper = kind == STR and f.name == "country"
        check = f.check

        def text(value: Any, content: Mapping[str, Any]) -> bool:
            if value is None:
                return none_ok
            if not _canonical_text(value, one_line, limit) or (upper and value != value.upper()):
                return False
            return check is None or check(value, content) is None

        return text
    if kind == ENUM:
        indicator = f.name == "indicator"

        def enum(value: Any, _content: Mapping[str, Any]) -> bool:
            if value is None:
                return none_ok
            if type(value) is not str or not value.strip() or value not in f.allowed():
                return False
            norm = _norm_text(value).lower()
            return (norm.upper() if indicator else norm) == value

        return enum
    if kind == REF:
        return lambda value, _content: none_ok if value is None else _canonical_uuid(value)
    if kind in (INT, FLOAT):
        wanted = int if kind == INT else float
        low, high = f.minimum, f.maximum

        def number(value: Any, _content: Mapping[str, Any]) -> bool:
            if value is None:
                return none_ok
            if type(value) is not wanted or (wanted is float and not math.isfinite(value)):
                return False
            return (low is None or value >= low) and (high is None or value <= high)

        return number
    if kind == BOOL:
        return lambda value, _content: none_ok if value is None else type(value) is bool
    if kind == DATE:
        earliest, latest = EARLIEST_DATE.isoformat(), LATEST_DATE.isoformat()

        def date(value: Any, _content: Mapping[str, Any]) -> bool:
            if value is None:
                return none_ok
            if type(value) is not str or len(value) != 10 or not earliest <= value <= latest:
                return False
            try:
                return dt.date.fromisoformat(value).isoformat() == value
            except ValueError:
                return False

        return date
    if kind in (STRS, REFS):
        is_refs = kind == REFS

        def items(value: Any, _content: Mapping[str, Any]) -> bool:
            if type(value) is not list or len(value) > MAX_LIST:
                return False
            if not value:
                return not f.required
            if is_refs:
                if not all(_canonical_uuid(v) for v in value):
                    return False
                return all(a < b for a, b in pairwise(value))
            if not all(_canonical_text(v, True, MAX_STR) for v in value):
                return False
            return len(set(value)) == len(value)

        return items
    if kind == NAMES:

        def names(value: Any, _content: Mapping[str, Any]) -> bool:
            if type(value) is not list or len(value) > MAX_LIST:
                return False
            if not value:
                return not f.required
            for item in value:
                if type(item) is not dict or item.keys() != {"text", "lang"}:
                    return False
                lang = item["lang"]
                if not _canonical_text(item["text"], True, MAX_STR) or type(lang) is not str:
                    return False
                if lang and not _LANG_RE.match(lang):
                    return False
            return True

        return names

    def other(value: Any, _content: Mapping[str, Any]) -> bool:  # FACTS: as ``normalize``
        if value is None:
            return none_ok
        if f.required or (isinstance(value, str) and not value.strip()):
            return False
        norm, problem = _norm_value(f, value)
        return problem is None and norm is not None and norm == value

    return other


_CANONICAL_CHECKS: dict[str, tuple[frozenset[str], tuple[tuple[str, Any], ...]]] = {}


def _compiled(rt: RecordType) -> tuple[frozenset[str], tuple[tuple[str, Any], ...]]:
    found = _CANONICAL_CHECKS.get(rt.name)
    if found is None:
        checks = tuple((f.name, _field_check(f)) for f in rt.fields)
        found = _CANONICAL_CHECKS[rt.name] = (frozenset(rt.by_name), checks)
    return found


def is_canonical(type_name: str, content: Any) -> bool:
    """True only if ``normalize(type_name, content)`` returns ``content`` unchanged, without
    a problem; False means "run ``normalize``" (it may still find nothing wrong)."""
    rt = RECORD_TYPES.get(type_name)
    if rt is None or type(content) is not dict:
        return False
    names, checks = _compiled(rt)
    if content.keys() != names:
        return False
    for name, check in checks:
        if not check(content[name], content):
            return False
    return all(check(content) is None for check in rt.checks)
