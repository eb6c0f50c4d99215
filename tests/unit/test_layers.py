"""The layering rules of ARCHITECTURE.md, checked on the source and at run time."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).parents[2] / "aces_desktop"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _modules(*parts: str) -> list[Path]:
    files: list[Path] = []
    for part in parts:
        target = PACKAGE / part
        files += [target] if target.suffix == ".py" else sorted(target.rglob("*.py"))
    return files


def test_core_imports_nothing_of_the_project_but_core_and_no_frameworks() -> None:
    for path in _modules("core"):
        for name in _imports(path):
            assert not name.startswith(("PySide6", "sqlalchemy", "alembic")), f"{path}: {name}"
            if name.startswith("aces_desktop"):
                assert name.startswith("aces_desktop.core"), f"{path}: {name}"


def test_only_ui_imports_pyside6() -> None:
    for path in _modules(
        "core", "store", "sync", "reports", "ops", "commands", "cli.py", "__main__.py"
    ):
        for name in _imports(path):
            assert not name.startswith("PySide6"), f"{path}: {name}"
            assert not name.startswith("aces_desktop.ui"), f"{path}: {name}"


def test_store_does_not_import_workflows() -> None:
    for path in _modules("store"):
        for name in _imports(path):
            assert not name.startswith(
                (
                    "aces_desktop.sync",
                    "aces_desktop.reports",
                    "aces_desktop.cli",
                    "aces_desktop.ops",
                )
            ), f"{path}: {name}"


def test_workflows_do_not_import_the_operations_or_the_front_ends() -> None:
    for path in _modules("sync", "reports", "ops"):
        for name in _imports(path):
            assert not name.startswith(("aces_desktop.cli", "aces_desktop.commands")), (
                f"{path}: {name}"
            )
            if "ops" not in path.parts:
                assert not name.startswith("aces_desktop.ops"), f"{path}: {name}"


def test_the_gui_opens_no_database_session_itself() -> None:
    """Every read and write of the GUI goes through the operations layer (``ops``)."""
    for path in _modules("ui"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute):
                assert node.attr not in {"session", "writing", "engine", "raw_connection"}, (
                    f"{path}:{node.lineno}: .{node.attr}"
                )


def test_the_gui_exports_through_the_operations_as_the_cli_does() -> None:
    """Scorecards, PDF verification, the register and record lists: ``ops.reports``."""
    for name in ("report_dialogs.py", "register_dialog.py", "export_actions.py"):
        path = PACKAGE / "ui" / name
        found = _imports(path)
        assert "aces_desktop.ops" in found or "aces_desktop.ops.reports" in found, path
        for module in found:
            assert (
                not module.startswith(
                    (
                        "aces_desktop.reports.pki",
                        "aces_desktop.reports.register",
                        "aces_desktop.reports.scorecard_export",
                        "aces_desktop.reports.verify",
                        "aces_desktop.store",
                    )
                )
                or module == "aces_desktop.store.workspace"
            ), f"{path}: {module}"
    for name in ("report.py", "register.py", "export.py"):
        path = PACKAGE / "commands" / name
        assert "aces_desktop.ops" in _imports(path), path


def test_importing_the_cli_loads_no_pyside6() -> None:
    code = (
        "import sys, aces_desktop.cli\n"
        "aces_desktop.cli.main(['--help'])\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _runtime_imports(path: Path, modules: set[str]) -> set[str]:
    """Project modules ``path`` imports at run time (``if TYPE_CHECKING:`` blocks left out;
    imports inside functions counted: they close a cycle as surely, only later)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            node.body = []
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name in modules}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found |= {node.module} & modules
            found |= {f"{node.module}.{a.name}" for a in node.names} & modules
    return found


def test_no_import_cycles() -> None:
    paths = {
        ".".join(p.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__"): p
        for p in PACKAGE.rglob("*.py")
    }
    graph = {name: _runtime_imports(p, set(paths)) - {name} for name, p in paths.items()}

    def reaches(start: str, goal: str) -> list[str] | None:
        seen, todo = {start}, [[start]]
        while todo:
            chain = todo.pop()
            for nxt in graph[chain[-1]]:
                if nxt == goal:
                    return [*chain, nxt]
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append([*chain, nxt])
        return None

    for name, deps in graph.items():
        for dep in deps:
            back = reaches(dep, name)
            assert back is None, f"import cycle: {name} -> {' -> '.join(back or [])}"
