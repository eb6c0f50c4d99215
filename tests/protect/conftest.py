"""Fixtures for the protection tests (helpers live in ``support.py``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.protect.support import make_world


@pytest.fixture
def world(tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    path = tmp_path / "ws"
    return path, make_world(path)
