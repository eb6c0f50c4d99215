"""The enumerations of core keep the exact words that databases and bundles store."""

from __future__ import annotations

from aces_desktop.core import schema
from aces_desktop.core.revision import Op
from aces_desktop.core.roles import WorkspaceRole


def test_record_type_names_are_the_registered_types() -> None:
    assert {str(n) for n in schema.RecordTypeName} == set(schema.RECORD_TYPES)
    for name, rt in schema.RECORD_TYPES.items():
        assert isinstance(rt.name, schema.RecordTypeName) and rt.name == name
    assert schema.RecordTypeName.WORKER_NOTE == "worker_note"


def test_stored_values_are_unchanged() -> None:
    assert [str(k) for k in schema.FieldKind] == [
        "str", "text", "int", "float", "bool", "date",
        "enum", "ref", "refs", "strs", "names", "facts",
    ]  # fmt: skip
    assert [str(o) for o in Op] == ["put", "delete"]
    assert [str(r) for r in WorkspaceRole] == ["field", "coordinator"]


def test_every_field_has_a_kind_of_the_enumeration() -> None:
    kinds = {f.kind for rt in schema.RECORD_TYPES.values() for f in rt.fields}
    assert kinds <= set(schema.FieldKind)
    assert all(isinstance(k, schema.FieldKind) for k in kinds)
