"""The PyInstaller spec names every module the app imports by name, and only real modules."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

from aces_desktop.store.workspace import ORM_MODULES
from aces_desktop.ui.app import DATA_LAYER

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "build_installer.spec"


def _hidden_imports() -> list[str]:
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "hiddenimports" for t in node.targets
        ):
            value = ast.literal_eval(node.value)
            assert isinstance(value, list)
            return [str(name) for name in value]
    raise AssertionError("build_installer.spec has no hiddenimports list")


def _imported_by_migrations() -> set[str]:
    """Project modules that db/env.py and the migrations (bundled as data files) import."""
    found: set[str] = set()
    for path in [ROOT / "db" / "env.py", *(ROOT / "db" / "versions").glob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("aces_desktop"):
                found.add(str(node.module))
    return found


def test_modules_imported_by_name_are_hidden_imports() -> None:
    hidden = set(_hidden_imports())
    assert set(DATA_LAYER) <= hidden
    assert set(ORM_MODULES) <= hidden
    assert _imported_by_migrations() <= hidden
    assert "aces_desktop.store.models" in _imported_by_migrations()


def test_hidden_imports_exist() -> None:
    missing = [name for name in _hidden_imports() if importlib.util.find_spec(name) is None]
    assert missing == []


def test_no_blanket_collection_of_the_package() -> None:
    assert "collect_submodules" not in SPEC.read_text(encoding="utf-8")
