"""Canonical JSON and hashes: the same content gives the same bytes on any machine."""

from __future__ import annotations

import hashlib
import json
import math
from typing import Any


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


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def content_hash(value: Any) -> str:
    return sha256_hex(canonical_bytes(value))
