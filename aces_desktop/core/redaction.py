"""The one redaction layer: what may leave the workspace, by which path, in what form.

Every path that takes data out of a workspace asks here first: sync bundles, PDF
scorecards, the public register, CSV/JSON/XLSX exports, and logs or crash messages. The
safe behaviour is the default: what is not explicitly allowed does not leave.

Consent scopes (worker notes and attachments):
- ``device``: stays on the device that recorded it. Never leaves, by any path.
- ``coordinator``: may travel to the trusted coordinator in an encrypted bundle; never
  published, never exported, never in a PDF.
- ``public_anonymised``: may travel to the coordinator, and may be published or exported
  only in anonymised form (no pseudonym, no demographics, no file name).

Personal data in narratives (``core.pii``): a worker note whose narrative contains a
detected person name, phone number or ID-document number is held back from every path until
the auditor has acknowledged it for exactly that text (``pii_acknowledged=True``, which the
store looks up with ``store.pii_ack``). Public paths additionally replace every detected span
in every free-text field of every record type by a placeholder (``[name]``), acknowledged or
not: publication never carries them.

Other record types: person names and contacts never appear in published or exported
output; everything else follows the record's own publication rules.

Sites carry a disclosure setting, applied on the register and export paths (naming a site
can endanger its workers): ``withhold`` (the default) keeps the site out entirely;
``no_address`` publishes it without address, coordinates and Open Supply Hub id (which
leads to the address); ``full`` publishes it whole.

Tables (spreadsheet exports, GUI lists) pass their rows through ``redact_row``: a row is a
subset of a record's fields, possibly with derived columns; fields it lacks take their
schema defaults, which are the cautious ones (consent ``device``, disclosure ``withhold``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from aces_desktop.core import pii, schema

ExitPath = Literal["bundle", "pdf", "register", "export", "log"]
EXIT_PATHS: tuple[ExitPath, ...] = ("bundle", "pdf", "register", "export", "log")
PUBLIC_PATHS: frozenset[str] = frozenset({"pdf", "register", "export"})
# Paths on which a site's disclosure setting applies.
DISCLOSURE_PATHS: frozenset[str] = frozenset({"register", "export"})
# Fields of a site dropped when its disclosure is ``no_address``.
SITE_LOCATION_FIELDS: tuple[str, ...] = ("address", "latitude", "longitude", "os_hub_id")

# Fields of a public_anonymised worker note or attachment that survive anonymisation.
ANONYMISED_FIELDS: dict[str, frozenset[str]] = {
    "worker_note": frozenset(
        {"site_id", "visit_id", "consent_scope", "narrative", "interviewed_on"}
    ),
    "attachment": frozenset(
        {
            "owner_type",
            "owner_id",
            "sha256",
            "media_type",
            "size",
            "consent_scope",
            "metadata_removed",
        }
    ),
}


# Free-text fields scanned for personal data before a record leaves.
PII_FIELDS: dict[str, tuple[str, ...]] = {"worker_note": ("narrative",)}


def pii_spans(type_name: str, content: Mapping[str, Any] | None) -> dict[str, list[pii.PiiSpan]]:
    """Detected personal data per free-text field (empty when there is none)."""
    if content is None:
        return {}
    out: dict[str, list[pii.PiiSpan]] = {}
    for name in PII_FIELDS.get(type_name, ()):
        value = content.get(name)
        spans = pii.detect(value) if isinstance(value, str) else []
        if spans:
            out[name] = spans
    return out


def pii_digest(type_name: str, content: Mapping[str, Any]) -> str:
    """The fingerprint an acknowledgement is bound to: editing the text voids it."""
    return pii.digest(
        "\x00".join(str(content.get(name) or "") for name in PII_FIELDS.get(type_name, ()))
    )


def needs_pii_ack(type_name: str, content: Mapping[str, Any] | None) -> bool:
    return bool(pii_spans(type_name, content))


def may_leave(
    type_name: str,
    content: Mapping[str, Any] | None,
    path: ExitPath,
    *,
    pii_acknowledged: bool = False,
) -> bool:
    """Whether a record (any part of it) may leave the workspace by ``path``.

    A worker note with detected personal data in its narrative is held back unless
    ``pii_acknowledged`` (the auditor saw the warning for this exact text and chose to share).
    """
    if path == "log":
        return False  # logs never carry record content
    if content is None:
        return path == "bundle"  # a tombstone carries no content
    scope = content.get("consent_scope")
    if type_name in ANONYMISED_FIELDS:
        if scope == "device":
            return False
        if path == "bundle":
            allowed = scope in ("coordinator", "public_anonymised")
        else:
            allowed = scope == "public_anonymised"
        if allowed and not pii_acknowledged and needs_pii_ack(type_name, content):
            return False
        return allowed
    if type_name == "site" and path in DISCLOSURE_PATHS:
        return site_disclosure(content) != "withhold"
    return not (type_name == "person" and path in PUBLIC_PATHS)


def site_disclosure(content: Mapping[str, Any]) -> str:
    """A site's disclosure setting; anything unknown or missing counts as ``withhold``."""
    value = content.get("disclosure")
    return value if value in schema.DISCLOSURES else "withhold"


def redact(
    type_name: str,
    content: Mapping[str, Any],
    path: ExitPath,
    *,
    pii_acknowledged: bool = False,
) -> dict[str, Any] | None:
    """The content as it may leave by ``path``, or ``None`` when it may not leave at all.

    Bundles carry allowed records whole (they are encrypted to the coordinator). Public
    paths carry anonymised worker notes and attachments only, and drop fields marked
    sensitive in the schema.
    """
    if not may_leave(type_name, content, path, pii_acknowledged=pii_acknowledged):
        return None
    if path == "bundle":
        return dict(content)
    keep = ANONYMISED_FIELDS.get(type_name)
    rt = schema.record_type(type_name)
    out: dict[str, Any] = {}
    for f in rt.fields:
        if keep is not None and f.name not in keep:
            continue
        if keep is None and f.sensitive:
            continue
        out[f.name] = content.get(f.name)
    # Public output never carries detected personal data in any free-text field of any
    # record (a finding's narrative, a company's answer, a caption): it is masked.
    for f in rt.fields:
        if f.kind == schema.TEXT and isinstance(out.get(f.name), str):
            out[f.name] = pii.mask(out[f.name])
    if type_name == "site" and path in DISCLOSURE_PATHS and site_disclosure(content) != "full":
        for name in SITE_LOCATION_FIELDS:
            out[name] = None
    return out


# Derived columns of these names never leave: they are sensitive wherever they occur.
_ALWAYS_SENSITIVE: frozenset[str] = frozenset(
    f.name for rt in schema.RECORD_TYPES.values() for f in rt.fields if f.sensitive
) - frozenset(f.name for rt in schema.RECORD_TYPES.values() for f in rt.fields if not f.sensitive)
# Extra (non-field) columns allowed beside the fields of a worker note or a person.
_SENSITIVE_TYPE_EXTRAS: frozenset[str] = frozenset({"id", "site_name", "visit_date"})


def redact_row(
    type_name: str | None,
    row: Mapping[str, Any],
    path: ExitPath,
    *,
    pii_acknowledged: bool = False,
) -> dict[str, Any] | None:
    """One table row as it may leave by ``path``, or ``None`` when the row may not leave.

    ``type_name`` names the record type the row shows (its keys that are field names are
    that record's fields; other keys are derived columns such as ``id`` or a resolved
    name). With ``type_name=None`` the row holds derived figures (e.g. scores): columns
    named like a sensitive field are dropped, and a row carrying a consent scope other
    than ``public_anonymised`` does not leave by a public path. ``pii_acknowledged`` as for
    ``redact`` (exporters look it up with ``store.pii_ack``).
    """
    if path == "log":
        return None
    if type_name is None:
        scope = row.get("consent_scope")
        if path in PUBLIC_PATHS and scope is not None and scope != "public_anonymised":
            return None
        return {k: v for k, v in row.items() if k not in _ALWAYS_SENSITIVE}
    rt = schema.record_type(type_name)
    content = {f.name: row[f.name] if f.name in row else f.empty() for f in rt.fields}
    out = redact(type_name, content, path, pii_acknowledged=pii_acknowledged)
    if out is None:
        return None
    strict = rt.sensitive or type_name in ANONYMISED_FIELDS or type_name == "person"
    result: dict[str, Any] = {}
    for key, value in row.items():
        if key in rt.by_name:
            if key in out:
                result[key] = out[key]
        elif key in _ALWAYS_SENSITIVE:
            continue
        elif not strict or key in _SENSITIVE_TYPE_EXTRAS:
            result[key] = value
    return result
