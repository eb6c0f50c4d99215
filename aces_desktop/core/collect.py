"""Python's cycle collector held back while a bounded piece of work runs."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collections_paused() -> Iterator[None]:
    """No cycle collection until the block ends (then as before).

    For short work that makes many small objects, such as rating every subject: each full
    collection walks every object the process keeps (its GUI, SQLAlchemy, ...), and one
    falling inside a rating added 50-200 ms to it. The objects the block frees are freed by
    reference counting as usual; only cycles wait. Long work (a merge) lowers how often
    instead (``sync.merge.fewer_collections``), as its cycles could pile up."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
