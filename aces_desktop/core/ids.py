"""Record identifiers: UUID version 7 (RFC 9562), time-ordered and made on the device."""

from __future__ import annotations

import os
import re
import threading
import time
import uuid
from collections.abc import Callable

_UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")

_lock = threading.Lock()
_last_ms = 0
_last_rand_a = 0


def uuid7_from(ms: int, rand: bytes) -> str:
    """Build a UUIDv7 from a millisecond Unix timestamp and 10 random bytes."""
    if len(rand) < 10:
        raise ValueError("uuid7 needs 10 random bytes")
    rand_a = int.from_bytes(rand[:2], "big") & 0x0FFF
    rand_b = int.from_bytes(rand[2:10], "big") & 0x3FFF_FFFF_FFFF_FFFF
    value = (ms & 0xFFFF_FFFF_FFFF) << 80 | 0x7 << 76 | rand_a << 64 | 0b10 << 62 | rand_b
    return str(uuid.UUID(int=value))


def new_id(now_ms: Callable[[], int] | None = None) -> str:
    """A new UUIDv7; monotonic within this process even within one millisecond."""
    global _last_ms, _last_rand_a
    ms = now_ms() if now_ms else time.time_ns() // 1_000_000
    rand = os.urandom(10)
    with _lock:
        if ms <= _last_ms:
            ms = _last_ms
            rand_a = _last_rand_a + 1
            if rand_a > 0x0FFF:
                ms += 1
                rand_a = 0
        else:
            rand_a = int.from_bytes(rand[:2], "big") & 0x07FF
        _last_ms, _last_rand_a = ms, rand_a
    return uuid7_from(ms, rand_a.to_bytes(2, "big") + rand[2:])


def is_uuid(value: object) -> bool:
    return isinstance(value, str) and bool(_UUID_RE.match(value))


def uuid7_time_ms(value: str) -> int:
    return uuid.UUID(value).int >> 80
