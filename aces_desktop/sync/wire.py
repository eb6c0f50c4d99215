"""What travels inside a bundle: constants, limits and strict decoding of revision lines."""

from __future__ import annotations

import json
import re
from typing import Any

from aces_desktop.core import messages as msg
from aces_desktop.core import schema
from aces_desktop.core.canonical import canonical_bytes, content_hash, sha256_hex
from aces_desktop.core.errors import ValidationError
from aces_desktop.core.ids import is_uuid
from aces_desktop.core.revision import OPS, REVISION_FORMAT, Revision, revision_from_header
from aces_desktop.sync.agestream import BundleError
from aces_desktop.sync.authorship import parse_utc

FORMAT_NAME = "aces-bundle"
FORMAT_VERSION = 2
# Version of the record schema (core/schema.py field set) the revisions follow.
RECORD_SCHEMA_VERSION = 2  # 2: the publication record type
SIGNATURE_DOMAIN = b"aces-bundle-manifest-v1\n"

# Limits (docs/bundle-format.md, "Limits").
MAX_BUNDLE_BYTES = 64 * 1024**3
MAX_MEMBERS = 250_000
MAX_MANIFEST_BYTES = 32 * 1024**2
MAX_CHUNK_COMPRESSED = 32 * 1024**2
MAX_CHUNK_PLAIN = 64 * 1024**2
MAX_LINE_BYTES = 1024**2
MAX_ATTACHMENT_BYTES = 2 * 1024**3
MAX_PARENTS = 64
MAX_SEQ = 2**53
CHUNK_REVISIONS = 5_000
CHUNK_PLAIN_TARGET = 8 * 1024**2

_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_HEADER_KEYS = frozenset(
    (
        "v",
        "record_type",
        "record_id",
        "op",
        "device_id",
        "device_seq",
        "prev",
        "person_id",
        "time",
        "clock",
        "parents",
        "content_hash",
    )
)


def encode_line(r: Revision, content: dict[str, Any] | None) -> bytes:
    return canonical_bytes({"c": content, "h": r.header()}) + b"\n"


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise BundleError(msg.JSON_OBJECT_REPEATS_KEY(key[:40]))
        out[key] = value
    return out


def _no_constants(name: str) -> Any:
    raise BundleError(msg.JSON_VALUE_NOT_FINITE_NUMBER(name))


def loads_strict(raw: bytes, what: str) -> Any:
    """JSON from UTF-8 bytes, refusing invalid UTF-8, NaN, duplicate keys and absurd nesting."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BundleError(msg.NOT_VALID_UTF_TEXT_BYTE(what, exc.start)) from None
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constants)
    except BundleError:
        raise
    except RecursionError:
        raise BundleError(msg.NESTED_TOO_DEEPLY(what)) from None
    except ValueError as exc:
        raise BundleError(msg.NOT_VALID_JSON(what, str(exc)[:120])) from None


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_header(h: Any, where: str) -> None:
    if not isinstance(h, dict):
        raise BundleError(msg.REVISION_HEADER_NOT_OBJECT(where))
    keys = set(h)
    if keys != _HEADER_KEYS:
        extra = sorted(keys - _HEADER_KEYS)[:3]
        missing = sorted(_HEADER_KEYS - keys)[:3]
        raise BundleError(msg.REVISION_HEADER_WRONG_FIELDS_UNKNOWN(where, extra, missing))
    if h["v"] != REVISION_FORMAT or not _is_int(h["v"]):
        raise BundleError(msg.UNKNOWN_REVISION_FORMAT(where, str(h["v"])[:20]))
    if not isinstance(h["record_type"], str) or h["record_type"] not in schema.RECORD_TYPES:
        raise BundleError(msg.UNKNOWN_RECORD_TYPE_2(where, str(h["record_type"])[:40]))
    for key in ("record_id", "device_id"):
        if not is_uuid(h[key]):
            raise BundleError(msg.NOT_VALID_ID(where, key))
    if h["person_id"] is not None and not is_uuid(h["person_id"]):
        raise BundleError(msg.PERSON_ID_NOT_VALID_ID(where))
    if h["op"] not in OPS:
        raise BundleError(msg.UNKNOWN_OPERATION(where, str(h["op"])[:20]))
    for key, low in (("device_seq", 1), ("clock", 1)):
        value = h[key]
        if not _is_int(value):
            raise BundleError(msg.MUST_WHOLE_NUMBER(where, key))
        if not low <= value <= MAX_SEQ:
            raise BundleError(msg.OUT_RANGE(where, key, str(value)[:30]))
    if parse_utc(h["time"]) is None:
        raise BundleError(msg.NOT_A_REAL_TIMESTAMP(where, str(h["time"])[:40]))
    for key in ("prev", "content_hash"):
        if h[key] is not None and (not isinstance(h[key], str) or not _HEX64.match(h[key])):
            raise BundleError(msg.NOT_SHA_HASH(where, key))
    parents = h["parents"]
    if not isinstance(parents, list) or len(parents) > MAX_PARENTS:
        raise BundleError(msg.PARENTS_MUST_LIST_MOST_HASHES(where, MAX_PARENTS))
    for p in parents:
        if not isinstance(p, str) or not _HEX64.match(p):
            raise BundleError(msg.PARENT_NOT_SHA_HASH(where))
    if parents != sorted(set(parents)):
        raise BundleError(msg.PARENTS_NOT_SORTED_DISTINCT(where))
    if h["device_seq"] == 1 and h["prev"] is not None:
        raise BundleError(msg.FIRST_REVISION_DEVICE_LINKS_PREDECESSOR(where))
    if h["device_seq"] > 1 and h["prev"] is None:
        raise BundleError(msg.REVISION_DOES_NOT_LINK_PREDECESSOR(where))
    if h["op"] == "delete" and h["content_hash"] is not None:
        raise BundleError(msg.DELETION_CARRIES_CONTENT_HASH(where))
    if h["op"] == "put" and h["content_hash"] is None:
        raise BundleError(msg.CHANGE_NO_CONTENT_HASH(where))


def _canonical_line(raw: bytes) -> tuple[dict[str, Any], bytes, bytes] | None:
    """(the parsed line, the canonical bytes of its content and of its header) when ``raw`` is byte for byte
    the canonical encoding of a revision line (``encode_line``, as every export writes), or
    None.

    Such a line has no repeated keys (the re-encoding would drop one), no NaN or infinity
    (refused by the encoder), valid UTF-8 and no lone surrogates, so the plain parser reads
    it exactly as ``loads_strict`` would; anything else takes the strict path."""
    try:
        data = json.loads(raw.decode("utf-8"))
        if type(data) is not dict or data.keys() != {"c", "h"}:
            return None
        content, header = canonical_bytes(data["c"]), canonical_bytes(data["h"])
        if raw != b'{"c":' + content + b',"h":' + header + b"}":
            return None
    except (ValueError, RecursionError):  # UnicodeError and JSONDecodeError are ValueErrors
        return None
    return data, content, header


def decode_line(raw: bytes, where: str) -> Revision:
    """A revision from one JSON line, checked field by field (types, lengths, hashes)."""
    if len(raw) > MAX_LINE_BYTES:
        raise BundleError(msg.LINE_LONGER_BYTES(where, MAX_LINE_BYTES))
    canonical = _canonical_line(raw)
    if canonical is not None:
        data, content_bytes, header_bytes = canonical
    else:
        data, content_bytes, header_bytes = loads_strict(raw, where), None, None
        if not isinstance(data, dict) or set(data) != {"c", "h"}:
            raise BundleError(msg.REVISION_LINE_MUST_OBJECT_H(where))
    header, content = data["h"], data["c"]
    _check_header(header, where)
    type_name = header["record_type"]
    if content is not None:
        if header["op"] != "put":
            raise BundleError(msg.DELETION_CARRIES_CONTENT(where))
        if not isinstance(content, dict):
            raise BundleError(msg.CONTENT_NOT_OBJECT(where))
        if not schema.is_canonical(type_name, content):  # else ``normalize`` changes nothing
            try:
                normal = schema.normalize(
                    type_name, content, record=f"{type_name} {header['record_id']}"
                )
            except ValidationError as exc:
                raise BundleError(msg.MESSAGE(where, exc.message)) from None
            if normal != content:
                raise BundleError(msg.CONTENT_NOT_CANONICAL_FORM(where, type_name))
        try:
            digest = (
                sha256_hex(content_bytes) if content_bytes is not None else content_hash(content)
            )
        except (UnicodeEncodeError, ValueError):
            raise BundleError(msg.CONTENT_INVALID_TEXT_ENCODING(where)) from None
        if digest != header["content_hash"]:
            raise BundleError(msg.CONTENT_DOES_NOT_MATCH_HASH(where))
        if not schema.is_shared(type_name, content):
            raise BundleError(
                msg.CARRIES_WHOSE_CONSENT_KEEPS_DEVICE(where, type_name.replace("_", " "))
            )
    if header_bytes is None:
        return revision_from_header(header, content)
    return revision_from_header(
        header,
        content,
        header_bytes=header_bytes,
        content_json=content_bytes.decode("utf-8") if content_bytes and content else None,
    )


def decode_verified(raw: bytes, where: str) -> Revision:
    """A revision from a line already checked by ``decode_line`` in pass 1.

    Used by pass 2 of a merge: the member is re-hashed against the signed manifest and
    the transaction rolled back on any difference, so the field checks need not be
    repeated. Anything unexpected still ends as a refusal."""
    try:
        data = json.loads(raw)
        return revision_from_header(data["h"], data["c"])
    except Exception:
        raise BundleError(msg.BUNDLE_CHANGED_WHILE_BEING_MERGED(where)) from None
