"""One placeholder style in translated strings: Qt's %1, filled by core.messages.fill."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_gui_strings_use_percent_placeholders() -> None:
    offenders = []
    for path in sorted((ROOT / "aces_desktop" / "ui").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if re.search(r"\{\d\}", text) or re.search(r'\.replace\("%\d"', text):
            offenders.append(path.name)
    assert offenders == []


def test_translations_keep_every_placeholder() -> None:
    ts = ET.parse(ROOT / "resources" / "i18n" / "aces_zh_CN.ts")
    for message in ts.iter("message"):
        source = message.findtext("source") or ""
        translation = message.findtext("translation") or ""
        assert not re.search(r"\{\d\}", source), source
        assert set(re.findall(r"%\d", source)) == set(re.findall(r"%\d", translation)), source
