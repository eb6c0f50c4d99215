"""Importing records from a JSON or CSV file (docs/import-format.md), for GUI and CLI."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from aces_desktop.ops import Changes, Outcome
from aces_desktop.store.importer import ImportSource, ImportSummary, import_records, load_file
from aces_desktop.store.workspace import Workspace

Sections = Mapping[str, list[dict[str, Any]]] | ImportSource


def read(path: Path) -> ImportSource:
    """Read the file through and check its form (before the workspace is opened, in the
    CLI); its records are read again, one at a time, when they are imported."""
    return load_file(path)


def import_sections(ws: Workspace, sections: Sections) -> Outcome[ImportSummary]:
    """Create or update the records, all in one transaction."""
    summary = import_records(ws, sections)
    return Outcome(summary, Changes.of_types({*summary.created, *summary.updated}))


def import_file(ws: Workspace, path: Path) -> Outcome[ImportSummary]:
    return import_sections(ws, read(path))
