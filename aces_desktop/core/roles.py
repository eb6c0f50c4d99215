"""The two roles a workspace is created with (ARCHITECTURE.md, "Who uses it")."""

from __future__ import annotations

from enum import StrEnum


class WorkspaceRole(StrEnum):
    """Stored in the workspace and signed into every revision's authorship: values are fixed."""

    FIELD = "field"
    COORDINATOR = "coordinator"


ROLES = tuple(WorkspaceRole)
