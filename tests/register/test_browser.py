"""The register in a real browser: headless Chromium opens index.html from disk, the
page's script sorts and searches (state set through the URL hash), and a screenshot of the
page is taken (into the test's temporary folder) and checked to be a rendered page."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import subprocess
import unicodedata
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from aces_desktop.reports.register import export_register
from tests.register.conftest import Demo

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(autouse=True)
def _chromium_is_installed() -> None:
    """A missing browser is a broken test setup, not a reason to skip the page's checks."""
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium is needed for the register's browser tests and was not found "
            f"({CHROMIUM}); install the test system packages with `scripts/sysdeps.sh test` "
            "(`make test` runs it)",
            pytrace=False,
        )


def chromium(tmp: Path, url: str, *args: str) -> str:
    """Run headless Chromium with a throw-away profile; never hang the test run."""
    profile = tmp / f"profile-{len(list(tmp.glob('profile-*')))}"
    command = [
        CHROMIUM,
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-extensions",
        "--disable-background-networking",
        f"--user-data-dir={profile}",
        "--virtual-time-budget=5000",
        *args,
        url,
    ]
    proc = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        out, _err = proc.communicate(timeout=90)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise AssertionError("Chromium did not finish within 90 seconds") from None
    assert proc.returncode == 0, out[-2000:]
    return out


class Dom(HTMLParser):
    """Rows of the dumped DOM: per table, (row id, hidden?, cells' data-sort or text)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ready = False
        self.tables: dict[str, list[dict[str, Any]]] = {}
        self.table: str | None = None
        self.row: dict[str, Any] | None = None
        self.cell: dict[str, Any] | None = None
        self.aria_sort: dict[str, str] = {}
        self.th_key: str | None = None
        self.search_hidden = True
        self.search_value: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.ready = a.get("data-ready") == "1"
        elif tag == "div" and a.get("id") == "searchbar":
            self.search_hidden = "hidden" in a
        elif tag == "table":
            self.table = a.get("id")
            self.tables[str(self.table)] = []
        elif tag == "th" and self.table and "aria-sort" in a:
            self.aria_sort[self.table] = f"{a.get('data-key')}.{a['aria-sort']}"
        elif tag == "tr" and self.table and a.get("id"):
            self.row = {"id": a["id"], "hidden": "hidden" in a, "cells": []}
            self.tables[self.table].append(self.row)
        elif tag == "td" and self.row is not None:
            self.cell = {"sort": a.get("data-sort"), "text": []}

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self.cell is not None and self.row is not None:
            text = " ".join(" ".join(self.cell["text"]).split())
            self.row["cells"].append(self.cell["sort"] if self.cell["sort"] is not None else text)
            self.cell = None
        elif tag == "tr":
            self.row = None
        elif tag == "table":
            self.table = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell["text"].append(data)


def dom_of(text: str) -> Dom:
    dom = Dom()
    dom.feed(text)
    return dom


@pytest.fixture(scope="module")
def page(demo: Demo, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "register"
    export_register(
        demo.ws, out, export_date=dt.date(2026, 11, 20), publisher="ACES demo (synthetic data)"
    )
    return out / "index.html"


def norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).lower().split())


def test_script_runs_and_sorts_by_name_descending(page: Path, tmp_path: Path) -> None:
    dom = dom_of(chromium(tmp_path, page.as_uri() + "#sort=companies.name.desc", "--dump-dom"))
    assert dom.ready and not dom.search_hidden
    names = [r["cells"][0] for r in dom.tables["t-companies"]]
    assert len(names) >= 10
    assert names == sorted(names, key=norm, reverse=True)
    assert dom.aria_sort["t-companies"] == "name.descending"
    # The other tables keep the order of the file.
    static = dom_of(page.read_text("utf-8"))
    assert [r["id"] for r in dom.tables["t-sites"]] == [r["id"] for r in static.tables["t-sites"]]
    assert static.search_hidden  # without script the search box stays hidden


@pytest.mark.parametrize(
    ("table", "key", "column", "as_number"),
    [
        ("sites", "remediation", 7, True),
        ("sites", "country", 1, False),
        ("companies", "requests", 4, True),
    ],
)
def test_sorting_columns(
    page: Path, tmp_path: Path, table: str, key: str, column: int, as_number: bool
) -> None:
    for direction in ("asc", "desc"):
        dom = dom_of(
            chromium(tmp_path, page.as_uri() + f"#sort={table}.{key}.{direction}", "--dump-dom")
        )
        cells = [r["cells"][column] for r in dom.tables[f"t-{table}"]]
        convert: Callable[[str], Any] = float if as_number else norm
        values = [convert(c) for c in cells]
        assert len(set(values)) > 1, "the column must have different values to test sorting"
        assert values == sorted(values, reverse=direction == "desc")


def test_search_filters_every_table(page: Path, tmp_path: Path, demo: Demo) -> None:
    static = dom_of(page.read_text("utf-8"))
    full_id = f"s-{demo.ids['site_full']}"
    dom = dom_of(chromium(tmp_path, page.as_uri() + "#q=Known%20FULL%20spinning", "--dump-dom"))
    shown = {t: [r["id"] for r in rows if not r["hidden"]] for t, rows in dom.tables.items()}
    assert shown == {"t-initiatives": [], "t-companies": [], "t-sites": [full_id]}
    assert sum(len(rows) for rows in dom.tables.values()) == sum(
        len(rows) for rows in static.tables.values()
    )
    # Text found nowhere hides every row.
    dom = dom_of(chromium(tmp_path, page.as_uri() + "#q=zz-no-such-entry", "--dump-dom"))
    assert all(r["hidden"] for rows in dom.tables.values() for r in rows)
    # A region (typed in another case) shows exactly the sites of that region.
    regions = [r["cells"][2] for r in static.tables["t-sites"]]
    region = max(sorted(set(regions)), key=regions.count)
    query = region.upper().replace(" ", "%20")
    dom = dom_of(chromium(tmp_path, page.as_uri() + f"#q={query}", "--dump-dom"))
    visible = [r for r in dom.tables["t-sites"] if not r["hidden"]]
    assert len(visible) == regions.count(region) >= 2
    assert all(r["cells"][2] == region for r in visible)


def test_screenshot(tmp_path: Path) -> None:
    """The README screenshot: a clean demo workspace (no test-only records)."""
    from PIL import Image

    from aces_desktop.demo_data import DemoOptions, fill_demo
    from aces_desktop.store.workspace import Workspace
    from tests.conftest import PASSPHRASE

    with Workspace.create(
        tmp_path / "ws", PASSPHRASE, role="coordinator", name="ACES demo (synthetic data)"
    ) as ws:
        fill_demo(ws, DemoOptions(sites=24, observations=1200, seed=1))
        export_register(ws, tmp_path / "register", export_date=dt.date(2026, 11, 20))
    shot = tmp_path / "register.png"
    chromium(
        tmp_path,
        (tmp_path / "register" / "index.html").as_uri(),
        f"--screenshot={shot}",
        "--window-size=1280,900",
        "--hide-scrollbars",
    )
    image = Image.open(shot)
    assert image.size == (1280, 900)
    colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
    assert colours is not None and len(colours) > 50  # a rendered page, not a blank one
