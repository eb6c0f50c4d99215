"""One helper for shipped files (resources/, db/), in development and in the frozen app."""

from __future__ import annotations

import sys
from pathlib import Path


def app_root() -> Path:
    """The folder that holds ``resources/`` and ``db/``.

    In a PyInstaller build that is ``sys._MEIPASS``; in a source checkout (or an editable
    install) it is the repository root, two levels above this file's package.
    """
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root)
    return Path(__file__).resolve().parents[2]


def resource_path(*parts: str) -> Path:
    return app_root().joinpath("resources", *parts)


def migrations_path() -> Path:
    return app_root() / "db"
