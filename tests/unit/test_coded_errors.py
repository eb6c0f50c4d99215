"""Refusals users can meet carry a code (``core.messages``), so the GUI shows them in the
user's language: no error in the workspace, sync, reports or core layers is raised with bare
English words.

Left out, on purpose: ``commands/`` (the CLI speaks English, and its usage errors are
click's), ``core/rubric.py`` and ``core/reference.py`` (broken shipped data is a developer's
error, found by the test suite before it ships) and errors that mark programming mistakes (``ValueError``,
``TypeError``, ``AssertionError``)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "aces_desktop"
LAYERS = ("core", "store", "sync", "reports", "ops")
EXEMPT_FILES = {"core/rubric.py", "core/reference.py"}
PROGRAMMING_ERRORS = {"ValueError", "TypeError", "AssertionError", "NotImplementedError"}


def _bare_english(call: ast.Call) -> bool:
    if not call.args:
        return False
    first = call.args[0]
    if isinstance(first, ast.BinOp):
        first = first.left
    return isinstance(first, ast.JoinedStr) or (
        isinstance(first, ast.Constant) and isinstance(first.value, str)
    )


def uncoded_raises() -> list[str]:
    found = []
    for layer in LAYERS:
        for path in sorted((PACKAGE / layer).rglob("*.py")):
            where = path.relative_to(PACKAGE).as_posix()
            if where in EXEMPT_FILES:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                call = None
                if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
                    call = node.exc
                elif (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "fail"
                ):
                    call = node
                if call is None or not _bare_english(call):
                    continue
                name = ast.unparse(call.func).rsplit(".", 1)[-1]
                if name not in PROGRAMMING_ERRORS:
                    found.append(f"{where}:{call.lineno} {name}")
    return found


def test_every_refusal_carries_a_message_code() -> None:
    assert uncoded_raises() == []


def test_the_check_finds_a_bare_english_refusal(tmp_path: Path) -> None:
    tree = ast.parse('raise BundleError("the bundle is damaged")\nraise ValueError("x")')
    calls = [n.exc for n in ast.walk(tree) if isinstance(n, ast.Raise)]
    assert [_bare_english(c) for c in calls if isinstance(c, ast.Call)] == [True, True]
    coded = ast.parse("raise BundleError(msg.BUNDLE_TRUNCATED())").body[0]
    assert isinstance(coded, ast.Raise) and isinstance(coded.exc, ast.Call)
    assert not _bare_english(coded.exc)
