"""Fixtures of the register and export tests: a small coordinator demo workspace with
worker notes of every consent scope, a person, and sites of every disclosure level."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import PASSPHRASE
from tests.helpers import SECRET_NOTE, add

# One narrative per consent scope; only the public_anonymised one may be exported.
NOTE_TEXT = {
    "device": SECRET_NOTE,
    "coordinator": "Coordinator-only account of the night shift — qpx-4410",
    "public_anonymised": "Anonymised account: overtime is compulsory before shipments — rvm-2290",
}
PERSON_NAME = "Zebulon Quartermaine-Oyelaran"
# Internal notes and free texts of records that the register never publishes.
INTERNAL_TEXT = "Internal: the owner's cousin runs the labour agency — kqz-5512"
PSEUDONYM = "Worker Q-77"


@dataclass
class Demo:
    ws: Any
    ids: dict[str, str]
    path: Path


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    """A demo coordinator workspace plus hand-made records with known texts."""
    from aces_desktop.demo_data import DemoOptions, fill_demo
    from aces_desktop.store.workspace import Workspace

    path = tmp_path_factory.mktemp("register") / "demo-ws"
    ws = Workspace.create(path, PASSPHRASE, role="coordinator", name="ACES register test")
    fill_demo(ws, DemoOptions(sites=12, observations=400, seed=5))
    ids = known_records(ws)
    yield Demo(ws, ids, path)
    ws.close()


def known_records(ws: Any) -> dict[str, str]:
    ids: dict[str, str] = {}
    ids["person"] = add(ws, "person", name=PERSON_NAME, role="auditor", contact="z@example.org")
    for n, level in enumerate(("withhold", "no_address", "full")):
        ids[f"site_{level}"] = add(
            ws,
            "site",
            name=f"Known {level} Spinning Mill",
            country="PK",
            region="Punjab",
            address=f"Plot 9, {level} Road, Faisalabad",
            latitude=31.41 if level == "full" else round(31.5 + n / 8, 4),
            longitude=73.08 if level == "full" else round(73.2 + n / 8, 4),
            os_hub_id="PK2022101ABCDEF" if level != "full" else "PK2022101ZZZZZZ",
            disclosure=level,
            notes=INTERNAL_TEXT,
        )
    ids["visit"] = add(
        ws,
        "visit",
        site_id=ids["site_full"],
        start_date="2026-10-01",
        method="unannounced",
        team=[ids["person"]],
        summary="Unannounced visit.",
    )
    ids["finding"] = add(
        ws,
        "finding",
        visit_id=ids["visit"],
        site_id=ids["site_full"],
        indicator="ILO-07",
        grade=3,
        source_type="direct_observation",
        narrative=INTERNAL_TEXT + " (finding)",
        observed_on="2026-10-01",
    )
    add(
        ws,
        "company_response",
        company_id=add(ws, "company", name="Known Buyer Ltd", kind="brand", notes=INTERNAL_TEXT),
        request_sent_on="2026-08-01",
        subject="Passports held",
        request=INTERNAL_TEXT + " (request)",
        answered_on="2026-08-20",
        answer=INTERNAL_TEXT + " (answer)",
        commitments="Return the passports",
        commitment_met=True,
    )
    for scope, text in NOTE_TEXT.items():
        ids[f"note_{scope}"] = add(
            ws,
            "worker_note",
            site_id=ids["site_full"],
            visit_id=ids["visit"],
            pseudonym=PSEUDONYM,
            consent_scope=scope,
            gender="female",
            origin="Hotan prefecture",
            narrative=text,
        )
    ids["formula_company"] = add(
        ws, "company", name='=HYPERLINK("http://evil.example","x")', kind="supplier"
    )
    return ids


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    return tmp_path
