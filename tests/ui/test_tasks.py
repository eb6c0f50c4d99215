"""The background task helper: result on the UI thread, late progress dialog, cancel, errors."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from aces_desktop.core.errors import AcesError
from aces_desktop.ui import dialogs, tasks


def test_quick_work_returns_its_result_without_a_dialog(qtbot: Any) -> None:
    results: list[int] = []
    task = tasks.run_task(lambda _p: 6 * 7, label="quick", on_done=results.append)
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert results == [42]
    assert task.dialog is None and not task.running


def test_slow_work_shows_progress_late_and_can_be_cancelled(qtbot: Any) -> None:
    release = threading.Event()
    reached: list[int] = []

    def work(progress: tasks.TaskProgress) -> str:
        progress.start("Counting", 1000)
        for i in range(1000):
            reached.append(i)
            progress.advance()
            release.wait(0.01)
        return "finished"

    done: list[object] = []
    task = tasks.run_task(work, label="slow", on_done=done.append)
    assert task.dialog is None  # nothing flashes up for work that may end soon
    qtbot.waitUntil(lambda: task.dialog is not None, timeout=5000)
    assert task.dialog is not None
    assert task.dialog.labelText() == "Counting"
    with qtbot.waitSignal(task.finished, timeout=10_000):
        button = task.dialog.findChild(QPushButton)
        assert button.text() == "Cancel"
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert done == [] and len(reached) < 1000
    assert task.dialog is None and task.error is None


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (AcesError("The bundle is from a newer version."), "The bundle is from a newer version."),
        (ZeroDivisionError("boom"), "ZeroDivisionError"),
    ],
)
def test_errors_reach_the_user_once(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, error: Exception, expected: str
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _parent, message: shown.append(message))

    def fail(_progress: Any) -> None:
        raise error

    task = tasks.run_task(fail, label="failing")
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert len(shown) == 1 and expected in shown[0]
    assert task.error == shown[0]


def test_a_failed_task_logs_the_kind_and_place_of_its_error_not_its_text(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(dialogs, "show_error", lambda _parent, _message: None)

    def fail(_progress: Any) -> None:
        raise ValueError("worker story LOGMARK-41c")

    with caplog.at_level("ERROR", logger="aces_desktop.ui.tasks"):
        task = tasks.run_task(fail, label="failing")
        with qtbot.waitSignal(task.finished, timeout=5000):
            pass
    lines = [r.getMessage() for r in caplog.records if r.name == "aces_desktop.ui.tasks"]
    assert len(lines) == 1
    assert lines[0].startswith(
        "background_task_failed error=ValueError raised_at=ui/test_tasks.py:"
    )
    assert " project_at=ui/tasks.py:" in lines[0]
    assert "LOGMARK" not in caplog.text


@pytest.mark.parametrize(
    ("language", "expected"),
    [("zh_CN", "正在合并 week-12.aces（KiB）"), ("ug", "week-12.aces بىرلەشتۈرۈلۈۋاتىدۇ (KiB)")],
)
def test_progress_labels_are_shown_in_the_users_language(
    qtbot: Any, qapp: Any, language: str, expected: str
) -> None:
    """Long work names itself with a message of ``core.messages`` (the merge's label here);
    the progress dialog shows it translated, with its parameter."""
    from aces_desktop.core import messages as msg
    from aces_desktop.ui import i18n

    release = threading.Event()

    def work(progress: tasks.TaskProgress) -> None:
        progress.start(msg.PROGRESS_MERGING_FILE("week-12.aces"), 10)
        release.wait(60)

    assert i18n.set_language(qapp, language)
    try:
        task = tasks.run_task(work, label="merging")
        qtbot.waitUntil(lambda: task.dialog is not None, timeout=5000)
        assert task.dialog is not None
        assert task.dialog.labelText() == expected
        with qtbot.waitSignal(task.finished, timeout=10_000):
            release.set()
    finally:
        i18n.set_language(qapp, "en")


def test_every_progress_label_is_a_message() -> None:
    """A label written as a plain string would stay English in every language."""
    import ast
    from pathlib import Path

    import aces_desktop

    plain = []
    for path in Path(aces_desktop.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            label = {"start": 0, "FileProgress": 1}.get(name)
            if label is None or len(node.args) <= label or len(node.args) < 2:
                continue
            if isinstance(node.args[label], ast.Constant | ast.JoinedStr):
                plain.append(f"{path.name}:{node.lineno}")
    assert plain == []
