"""`make demo`: a demo workspace (and, as those features exist, signed scorecards and a sync
bundle) written headless to one folder, with a summary of what was made."""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from aces_desktop.core.errors import AcesError
from aces_desktop.demo_data import DEMO_PASSPHRASE, DemoOptions, fill_demo
from aces_desktop.store.workspace import Workspace

FIELD_SITE = {"name": "Demo Field Spinning Mill", "country": "PK", "region": "Punjab"}


def field_round_trip(coord: Workspace, out: Path) -> dict[str, object]:
    """A field device enrolled with the demo coordinator logs a visit and sends a bundle;
    the coordinator verifies and merges it, then sends its own bundle back."""
    from aces_desktop.sync.export import export_bundle
    from aces_desktop.sync.merge import merge_bundles
    from aces_desktop.sync.trust import export_identity, read_identity, trust_identity

    field_path = out / "field-workspace"
    if field_path.exists():
        shutil.rmtree(field_path)
    ids = out / "identities"
    ids.mkdir(parents=True, exist_ok=True)
    with Workspace.create(
        field_path, DEMO_PASSPHRASE, role="field", name="Demo field laptop"
    ) as field:
        export_identity(coord, ids / "coordinator.json")
        export_identity(field, ids / "field-laptop.json")
        trust_identity(field, read_identity(ids / "coordinator.json"))
        trust_identity(coord, read_identity(ids / "field-laptop.json"))
        with field.session() as s:
            site = field.records.put(s, "site", FIELD_SITE)
            visit = field.records.put(
                s,
                "visit",
                {"site_id": site, "start_date": "2026-11-02", "method": "unannounced"},
            )
            for indicator, grade in (("ILO-07", 2), ("ILO-11", 3), ("ILO-03", 0)):
                field.records.put(
                    s,
                    "finding",
                    {
                        "visit_id": visit,
                        "site_id": site,
                        "indicator": indicator,
                        "grade": grade,
                        "source_type": "direct_observation",
                    },
                )
        to_coord = out / "bundles" / "field-to-coordinator.aces-bundle"
        to_coord.parent.mkdir(exist_ok=True)
        sent = export_bundle(field, to_coord)
        (merged,) = merge_bundles(coord, [to_coord])
        if merged.refused:
            raise AcesError(f"the demo bundle was refused: {merged.refused}")
        back = out / "bundles" / "coordinator-to-field.aces-bundle"
        returned = export_bundle(coord, back)
    return {"sent": sent, "merged": merged, "back": returned, "to_coord": to_coord}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("demo-out"))
    parser.add_argument("--observations", type=int, default=5000)
    parser.add_argument("--sites", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    out: Path = args.out
    workspace = out / "workspace"
    if workspace.exists():
        shutil.rmtree(workspace)
    out.mkdir(parents=True, exist_ok=True)
    try:
        with Workspace.create(
            workspace, DEMO_PASSPHRASE, role="coordinator", name="ACES demo (synthetic data)"
        ) as ws:
            summary = fill_demo(
                ws, DemoOptions(sites=args.sites, observations=args.observations, seed=args.seed)
            )
            state = ws.state_hash()
            from aces_desktop.reports.scorecard_export import write_and_verify

            cards = write_and_verify(ws, out / "scorecards")
            sync = field_round_trip(ws, out)
            from aces_desktop.reports.register import export_register, verify_register
            from aces_desktop.store.workspace import now_date

            register = export_register(ws, out / "register", export_date=now_date(), sign=True)
            register_problems = verify_register(register.out_dir)
    except AcesError as exc:
        print(f"make demo: {exc.message}", file=sys.stderr)
        return 1
    (out / "PASSPHRASE.txt").write_text(
        f"Passphrase of the synthetic demo workspace: {DEMO_PASSPHRASE}\n", encoding="utf-8"
    )
    print(f"Demo workspace: {workspace}  (passphrase in {out / 'PASSPHRASE.txt'})")
    for kind, count in summary.counts.items():
        print(f"  {kind.replace('_', ' '):<18} {count:>8,}")
    print(f"  state hash {state}")
    print(
        f"Signed scorecards: {cards.written} in {cards.folder}, all {cards.verified} verified "
        f"against {cards.ca_file} (aces pdf verify FILE --trust {cards.ca_file})"
    )
    sent, merged, back = sync["sent"], sync["merged"], sync["back"]
    print(
        f"Sync bundle from a field laptop: {sent.path} ({sent.revisions} revisions), "  # type: ignore[attr-defined]
        f"merged: {merged.new_revisions} new, {merged.conflicts} conflicts"  # type: ignore[attr-defined]
    )
    print(f"Bundle back to the field laptop: {back.path} ({back.revisions} revisions)")  # type: ignore[attr-defined]
    counts = register.counts
    print(
        f"Public register: {register.out_dir / 'index.html'} ({counts['sites']} sites published, "
        f"{counts['sites_withheld']} withheld; signed, "
        f"{'verified' if not register_problems else 'NOT verified: ' + '; '.join(register_problems)})"
    )
    return 0 if not register_problems else 1


if __name__ == "__main__":
    sys.exit(main())
