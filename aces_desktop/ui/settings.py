"""Every user setting in one typed registry with defaults, stored with QSettings.

The file lives in the platformdirs config folder (``ACES_HOME`` respected). It holds
preferences and workspace paths only; a passphrase or key never goes here.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QSettings

from aces_desktop.store import paths

T = TypeVar("T")

VERSION = 1
MAX_RECENT = 8
LANGUAGES = (("en", "English"), ("zh_CN", "简体中文"), ("ug", "ئۇيغۇرچە"))
DIRECTIONS = ("auto", "ltr", "rtl")


@dataclass(frozen=True)
class Setting(Generic[T]):
    key: str
    default: T
    check: Callable[[Any], bool]


LANGUAGE: Setting[str] = Setting("ui/language", "en", lambda v: v in dict(LANGUAGES))
LAYOUT_DIRECTION: Setting[str] = Setting("ui/layout_direction", "auto", lambda v: v in DIRECTIONS)
AUTO_LOCK_MINUTES: Setting[int] = Setting(
    "security/auto_lock_minutes", 10, lambda v: isinstance(v, int) and 0 <= v <= 24 * 60
)
DEFAULT_WORKSPACE: Setting[str] = Setting("workspace/default", "", lambda v: isinstance(v, str))
RECENT_WORKSPACES: Setting[list[str]] = Setting(
    "workspace/recent",
    [],
    lambda v: isinstance(v, list) and all(isinstance(p, str) for p in v),
)
# The main window's last geometry (QWidget.saveGeometry, base64); "" fits it to the screen.
WINDOW_GEOMETRY: Setting[str] = Setting(
    "ui/window_geometry", "", lambda v: isinstance(v, str) and len(v) < 4096
)
REGISTRY: tuple[Setting[Any], ...] = (
    LANGUAGE,
    LAYOUT_DIRECTION,
    AUTO_LOCK_MINUTES,
    DEFAULT_WORKSPACE,
    RECENT_WORKSPACES,
    WINDOW_GEOMETRY,
)


def settings_file() -> Path:
    return paths.config_dir() / "settings.ini"


class Settings:
    """Typed access to the settings file; values are JSON-encoded so types survive."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or settings_file()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._qs = QSettings(str(self.path), QSettings.Format.IniFormat)
        self._upgrade()

    def get(self, setting: Setting[T]) -> T:
        raw = self._qs.value(setting.key)
        if raw is None:
            return setting.default
        try:
            value = json.loads(str(raw))
        except ValueError:
            return setting.default
        return value if setting.check(value) else setting.default

    def set(self, setting: Setting[T], value: T) -> None:
        if not setting.check(value):
            raise ValueError(f"invalid value for {setting.key}: {value!r}")
        self._qs.setValue(setting.key, json.dumps(value, ensure_ascii=False))
        self._qs.sync()

    def add_recent(self, workspace: Path) -> None:
        path = str(Path(workspace).resolve())
        recent = [p for p in self.get(RECENT_WORKSPACES) if p != path]
        self.set(RECENT_WORKSPACES, [path, *recent][:MAX_RECENT])

    def recent(self) -> list[Path]:
        return [Path(p) for p in self.get(RECENT_WORKSPACES)]

    def _upgrade(self) -> None:
        """Versioned upgrades of older settings files (none needed yet)."""
        version = self._qs.value("meta/version")
        if version is None or int(str(version)) < VERSION:
            self._qs.setValue("meta/version", VERSION)
            self._qs.sync()
