"""GUI responsiveness on a demo workspace of 1,000,000 findings (``BENCH_SCALE`` scales it).

Aims of issue 20 (ratios and times measured in the same run; nothing here asserts on time):

1. Start-up: ``aces-desktop --demo`` until its main window is shown, minus the key derivation
   (Argon2id, slow by design; the app measures it and prints it with ``--exit-when-shown``),
   as a ratio to a bare PySide6 ``QMainWindow`` process started the same way (both
   subprocesses, offscreen, best of three). Aim: (app - KDF) / bare at most 3. The app
   derives the demo's key in a thread while it imports; that overlap hides part of the KDF,
   so the aim's ratio is taken from a second run with ``--kdf-after-imports`` (the app's own
   work alone), and the overlapped run is printed apart (what a user waits, and the wait).
   "Shown" is the main window on screen with the first list's rows read and painted, the
   event loop free (``Controller.window_shown``, a zero timer after ``show``). SQLAlchemy,
   its ORM and the models then load in a thread (``store.workspace.load_orm``): when that
   ends, and the longest gap between two turns of the event loop meanwhile, are printed.
2. Opening the findings list and jumping to its last row (model + view, in process), with a
   raw ``SELECT`` of the last page of rows as the baseline. Aim: at most 0.2 s.
3. Search: typing a term into the findings list until its hits are counted and its first
   rows painted, against the raw FTS5 ``MATCH`` of the same term returning the matching
   rowids through a DB-API cursor of the same engine. Aim: at most 5 times the raw query.
   The time until the rows are known, before Qt paints them, is printed too, and the time
   when none of the cell texts was laid out before (the list's cell painter keeps the
   layouts of the texts it has shown, ``ui.cell_delegate``; a repeated search finds them).
4. Sort: clicking each column header of the findings list (both directions) until the first
   row and the last are shown. Aim: at most 0.5 s for every column.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from aces_desktop.demo_data import DEMO_PASSPHRASE, DemoOptions, fill_demo
from aces_desktop.store import paths
from aces_desktop.store.search import fts_phrase
from aces_desktop.store.workspace import Workspace, is_workspace, load_orm
from tests.benchmarks.conftest import report

ROOT = Path(__file__).resolve().parents[2]
BARE = (
    "import sys, time\n"
    "t = time.perf_counter()\n"
    "from PySide6.QtCore import QTimer\n"
    "from PySide6.QtWidgets import QApplication, QMainWindow\n"
    "app = QApplication(sys.argv)\n"
    "w = QMainWindow(); w.resize(1280, 800); w.show()\n"
    "QTimer.singleShot(0, lambda: (print(f'shown {time.perf_counter() - t:.3f}', flush=True), app.quit()))\n"
    "app.exec()\n"
)


def _best_of(
    command: list[str], env: dict[str, str], runs: int = 3
) -> tuple[float, float, float, float, float]:
    """Seconds from starting the process until it prints that its window is shown, the key
    derivation time it prints on the same line and how long its window waited for the
    derivation (``shown S kdf K wait W``; 0 if it prints none), of the run that was
    quickest without the wait; then, from the app's next line (``loaded S stall MS``), when
    the ORM it loads in the background after the window was there and the longest the
    event loop went unanswered meanwhile (0 for the bare window)."""
    best = (float("inf"), 0.0, 0.0, 0.0, 0.0)
    for _ in range(runs):
        start = time.perf_counter()
        with subprocess.Popen(
            command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
        ) as process:
            assert process.stdout is not None
            line = process.stdout.readline()
            elapsed = time.perf_counter() - start
            assert line.startswith("shown"), line
            later = process.stdout.read().split()
            assert process.wait() == 0
        words = line.split()
        kdf = float(words[words.index("kdf") + 1]) if "kdf" in words else 0.0
        wait = float(words[words.index("wait") + 1]) if "wait" in words else kdf
        loaded = float(later[later.index("loaded") + 1]) if "loaded" in later else 0.0
        stall = float(later[later.index("stall") + 1]) if "stall" in later else 0.0
        if elapsed - wait < best[0] - best[2]:
            best = (elapsed, kdf, wait, loaded, stall)
    return best


def _timed(fn: Any) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


@pytest.mark.timeout(3600)  # writing a million demo findings takes minutes on a busy machine
def test_gui_startup_list_and_search(tmp_path: Path, scale: float, qapp: Any) -> None:
    from aces_desktop.ui.cell_delegate import CellDelegate
    from aces_desktop.ui.list_page import ListPage

    n = max(2000, int(1_000_000 * scale))
    # BENCH_GUI_HOME: a data folder whose demo an earlier run built (of this scale), reused
    # so that profiling does not rebuild a million findings each time.
    reuse = os.environ.get("BENCH_GUI_HOME")
    home = Path(reuse) if reuse else tmp_path / "home"
    env = {**os.environ, "ACES_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    # As installed: bytecode cached after the first run (best of three), not compiled each time.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["ACES_HOME"] = str(home)
    demo = paths.demo_workspace()
    if not (reuse and is_workspace(demo)):
        ws = Workspace.create(demo, DEMO_PASSPHRASE, role="coordinator", name="ACES demo")
        fill_demo(ws, DemoOptions(sites=200, observations=n))
        ws.close()

    app = [sys.executable, "-m", "aces_desktop.ui.app", "--demo", "--exit-when-shown"]
    # As a user starts it: the demo's key derived in a thread while the data layer imports.
    app_seconds, kdf_seconds, wait_seconds, _, _ = _best_of(app, env)
    # The key derived after the imports: the app's own work is the time minus all of it.
    alone = _best_of([*app, "--kdf-after-imports"], env)
    alone_seconds, alone_kdf, _, loaded_seconds, stall_ms = alone
    bare_seconds = _best_of([sys.executable, "-c", BARE], env)[0]

    ws = Workspace.open(demo, DEMO_PASSPHRASE)
    load_orm()  # as the app does in a thread once its window is shown
    holder: dict[str, Any] = {}

    def open_and_jump() -> None:
        fresh = ListPage(ws, "finding")
        fresh.resize(1200, 800)
        fresh.show()
        last = fresh.model.rowCount() - 1
        fresh.select_row(last)
        qapp.processEvents()
        holder["last"] = fresh.model.index(last, 0).data()
        holder["rows"] = fresh.model.rowCount()
        fresh.close()

    # The first opening of the list in a session reads its pages from the encrypted file
    # (SQLCipher decrypts every page it reads into its cache); later ones find them cached.
    cold_open_seconds = _timed(open_and_jump)
    open_seconds = _timed(open_and_jump)
    page = ListPage(ws, "finding")
    page.resize(1200, 800)
    page.show()
    if reuse:
        n = holder["rows"]  # whatever the reused demo holds

    def raw_last_page() -> None:
        with ws.engine.connect() as conn:
            conn.exec_driver_sql("SELECT * FROM findings ORDER BY rowid DESC LIMIT 200").fetchall()
            conn.exec_driver_sql("SELECT count(*) FROM findings").scalar()

    raw_open_seconds = _timed(raw_last_page)

    rows: list[tuple[str, float, float, float, float, int]] = []
    for term in ("wastewater", "印染废水"):

        def gui_search(term: str = term, fresh: bool = False) -> tuple[float, float]:
            """Seconds until the hits are counted and the first page read, and until the
            first rows are painted; ``fresh``: with no cell text laid out before."""
            page.model.set_search("")  # untimed: back to the whole list
            qapp.processEvents()
            painter = page.table.itemDelegate()
            if fresh and isinstance(painter, CellDelegate):
                painter.forget()  # as if none of these texts was ever shown
            start = time.perf_counter()
            page.search.setText(term)
            page.apply_search()
            page.model.index(0, 0).data()
            known = time.perf_counter() - start
            qapp.processEvents()
            return known, time.perf_counter() - start

        def raw_search(term: str = term) -> None:
            # The query alone, through the DB-API cursor the list reads its rowids with.
            raw = ws.engine.raw_connection()
            try:
                cursor = raw.cursor()
                cursor.execute(
                    "SELECT rowid FROM fts_findings WHERE fts_findings MATCH ?",
                    (fts_phrase(term),),
                )
                cursor.fetchall()
            finally:
                raw.close()

        raw_search()  # warm the page cache for both
        runs = [gui_search() for _ in range(5)]
        known, gui = min(k for k, _ in runs), min(g for _, g in runs)  # each the best of 5
        fresh = min(gui_search(fresh=True)[1] for _ in range(5))
        raw = min(_timed(raw_search) for _ in range(5))
        rows.append((term, known, gui, fresh, raw, page.model.rowCount()))
        page.search.clear()
        page.apply_search()
    qapp.processEvents()

    sorts: list[tuple[str, str, float, float]] = []
    for number, column in enumerate(page.model.spec.columns):
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):

            def click_header(number: int = number, order: Qt.SortOrder = order) -> None:
                page.table.sortByColumn(number, order)  # what a click on the header does
                page.model.index(0, 0).data()
                qapp.processEvents()
                last = page.model.rowCount() - 1
                page.select_row(last)
                assert page.model.index(last, 0).data() is not None
                qapp.processEvents()

            word = "ascending" if order == Qt.SortOrder.AscendingOrder else "descending"
            first = _timed(click_header)  # the column's index read for the first time
            page.table.sortByColumn(0 if number else 1, order)  # untimed: another order
            qapp.processEvents()
            sorts.append((column.key, word, first, _timed(click_header)))
    page.close()
    ws.close()

    lines = [
        ("bare PySide6 QMainWindow process", f"{bare_seconds:8.3f} s"),
        (
            "aces-desktop --demo to window shown, key derived after imports",
            f"{alone_seconds:8.3f} s",
        ),
        ("  of which key derivation (Argon2id)", f"{alone_kdf:8.3f} s"),
        (
            "  app's own work: (window - KDF) / bare (aim <= 3)",
            f"{(alone_seconds - alone_kdf) / bare_seconds:8.2f}",
        ),
        (
            "  then SQLAlchemy + ORM loaded in a thread, by (after start)",
            f"{loaded_seconds:8.3f} s",
        ),
        ("  longest the event loop went unanswered meanwhile", f"{stall_ms:8.1f} ms"),
        (
            "aces-desktop --demo to window shown, key derived during imports",
            f"{app_seconds:8.3f} s",
        ),
        ("  key derivation (Argon2id) in its thread", f"{kdf_seconds:8.3f} s"),
        ("  of it, the time the unlock waited for it", f"{wait_seconds:8.3f} s"),
        ("  what a user waits: window / bare", f"{app_seconds / bare_seconds:8.2f}"),
        (
            "  (window - waited part of KDF) / bare",
            f"{(app_seconds - wait_seconds) / bare_seconds:8.2f}",
        ),
        (
            "  issue's formula (window - KDF) / bare, flattered by the overlap",
            f"{(app_seconds - kdf_seconds) / bare_seconds:8.2f}",
        ),
        (
            f"open findings list + jump to row {holder['rows']:,}, first time (aim <= 0.2 s)",
            f"{cold_open_seconds:8.3f} s",
        ),
        ("  the same again (pages cached)", f"{open_seconds:8.3f} s"),
        ("raw SQL: count + last 200 rows", f"{raw_open_seconds:8.3f} s"),
    ]
    for term, known, gui, fresh, raw, hits in rows:
        lines.append(
            (f"search '{term}' in the list ({hits:,} hits), painted", f"{gui * 1000:8.2f} ms")
        )
        lines.append(("  of it, hits counted and first page read", f"{known * 1000:8.2f} ms"))
        lines.append(
            (
                "  painted with no cell text laid out before",
                f"{fresh * 1000:8.2f} ms  ratio {fresh / raw:6.1f}",
            )
        )
        lines.append(
            (
                f"raw FTS5 MATCH '{term}' (aim: ratio <= 5)",
                f"{raw * 1000:8.2f} ms  ratio {gui / raw:6.1f}  (unpainted {known / raw:4.1f})",
            )
        )
    for key, word, first, again in sorts:
        lines.append(
            (f"sort by {key}, {word}, first + last row", f"{first:8.3f} s  again {again:6.3f} s")
        )
    lines.append(("slowest sort, first time (aim <= 0.5 s)", f"{max(s[2] for s in sorts):8.3f} s"))
    lines.append(("slowest sort, again", f"{max(s[3] for s in sorts):8.3f} s"))
    report(f"GUI, demo workspace with {n:,} findings", lines)
    assert holder["rows"] == n and holder["last"]
    assert all(hits > 0 for *_, hits in rows)
