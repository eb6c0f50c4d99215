"""The schema's words are visible to translators and shown translated."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QTranslator

from aces_desktop.core import schema
from aces_desktop.ui.forms import labels
from aces_desktop.ui.forms.schema_strings import STRINGS


def test_schema_strings_module_is_complete_and_current() -> None:
    # Regenerate with: python -m aces_desktop.ui.forms.labels > aces_desktop/ui/forms/schema_strings.py
    assert set(STRINGS) == labels.source_texts()


def test_every_field_has_a_label() -> None:
    for rt in schema.RECORD_TYPES.values():
        for f in rt.fields:
            assert labels.field_label(f).strip()
    assert labels.field_label(schema.SITE.by_name["os_hub_id"]) == "Open Supply Hub id"
    assert labels.choice_label("indicator", "ILO-07") == "ILO-07 Retention of identity documents"


def test_one_name_per_field_everywhere() -> None:
    # Forms (by field), list headers and the detail pane (by key) read the same registry.
    assert labels.field_label("region") == "Region or province"
    assert labels.field_label(schema.SITE.by_name["region"]) == "Region or province"
    assert set(schema.TYPE_LABELS) == set(schema.RECORD_TYPES)


class _Chinese(QTranslator):
    def translate(self, context: str, source: str, disambiguation: Any = None, n: int = -1) -> str:
        return {"Site": "工厂", "Name": "名称"}.get(source, "") if context == "schema" else ""


def test_labels_go_through_the_translator(qapp: Any) -> None:
    translator = _Chinese()
    qapp.installTranslator(translator)
    try:
        assert labels.type_label("site") == "工厂"
        assert labels.field_label(schema.SITE.by_name["name"]) == "名称"
    finally:
        QCoreApplication.removeTranslator(translator)
    assert labels.type_label("site") == "Site"
