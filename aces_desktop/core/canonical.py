"""Canonical JSON and hashes: the same content gives the same bytes on any machine.

Two canonical forms, on purpose:

- ``canonical_json``/``canonical_bytes``: Python's JSON with sorted keys and no spaces. Record
  content hashes and revision ids (SHA-256 of the canonical revision header) are built with
  it; every stored revision and every sync bundle depends on those exact bytes, so this form
  never changes (a change would make existing workspaces' revision hashes fail to verify).
- ``jcs_bytes``: RFC 8785, the JSON Canonicalization Scheme (through the ``rfc8785``
  package), for data that people outside the application re-hash: the signed scorecard data
  (``reports.signing``). Any JCS implementation (Java, JavaScript, Go, Python…) reproduces
  its bytes and so its SHA-256. It differs from the first form in numbers (``50.0`` is
  written ``50``, exponents as in ECMAScript) and in key order for characters outside the
  Basic Multilingual Plane (UTF-16 order).
"""

from __future__ import annotations

import hashlib
import json
import math
from typing import Any

import rfc8785


def _check_floats(value: Any) -> None:
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("non-finite numbers cannot be hashed canonically")
    if isinstance(value, dict):
        for v in value.values():
            _check_floats(v)
    elif isinstance(value, list | tuple):
        for v in value:
            _check_floats(v)


_ENCODER = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
)


def canonical_json(value: Any) -> str:
    """JSON with sorted keys, no spaces, UTF-8 text kept as is; NaN and infinity refused."""
    try:
        return _ENCODER.encode(value)
    except ValueError:
        _check_floats(value)  # the precise message for non-finite numbers
        raise


def canonical_bytes(value: Any) -> bytes:
    return canonical_json(value).encode("utf-8")


def jcs_bytes(value: Any) -> bytes:
    """RFC 8785 canonical JSON (UTF-8); ``ValueError`` for what JCS cannot represent
    (non-finite numbers, integers beyond 2**53)."""
    try:
        return rfc8785.dumps(value)
    except rfc8785.CanonicalizationError as exc:
        raise ValueError(f"not representable as RFC 8785 canonical JSON: {exc}") from exc


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def content_hash(value: Any) -> str:
    return sha256_hex(canonical_bytes(value))
