"""Fixtures for the field-capture widgets: a small world of records in a fresh workspace."""

from __future__ import annotations

from typing import Any

import pytest

from tests.helpers import small_world


@pytest.fixture
def world(workspace: Any) -> dict[str, str]:
    return small_world(workspace)
