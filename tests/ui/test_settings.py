"""The typed settings registry."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from aces_desktop.ui import settings as cfg


def test_defaults_types_and_persistence(tmp_path: Path, qtbot: Any) -> None:
    path = tmp_path / "s.ini"
    s = cfg.Settings(path)
    assert s.get(cfg.LANGUAGE) == "en"
    assert s.get(cfg.AUTO_LOCK_MINUTES) == 10
    assert s.get(cfg.RECENT_WORKSPACES) == []
    s.set(cfg.LANGUAGE, "zh_CN")
    s.set(cfg.AUTO_LOCK_MINUTES, 3)
    s.add_recent(tmp_path / "one")
    s.add_recent(tmp_path / "二")
    s.add_recent(tmp_path / "one")
    again = cfg.Settings(path)
    assert again.get(cfg.LANGUAGE) == "zh_CN"
    assert again.get(cfg.AUTO_LOCK_MINUTES) == 3
    assert again.recent() == [(tmp_path / "one").resolve(), (tmp_path / "二").resolve()]
    with pytest.raises(ValueError, match="invalid"):
        s.set(cfg.AUTO_LOCK_MINUTES, -1)
    with pytest.raises(ValueError, match="invalid"):
        s.set(cfg.LANGUAGE, "xx")


def test_a_damaged_value_falls_back_to_the_default(tmp_path: Path, qtbot: Any) -> None:
    path = tmp_path / "s.ini"
    path.write_text('[security]\nauto_lock_minutes=lots\n[ui]\nlanguage="\\"de\\""\n')
    s = cfg.Settings(path)
    assert s.get(cfg.AUTO_LOCK_MINUTES) == 10
    assert s.get(cfg.LANGUAGE) == "en"


def test_the_default_file_is_in_the_config_folder(qtbot: Any) -> None:
    s = cfg.Settings()
    assert s.path == cfg.settings_file()
    assert s.path.parent.name == "config"  # ACES_HOME/config in tests
