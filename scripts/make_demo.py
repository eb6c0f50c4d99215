"""`make demo`: a demo workspace (and, as those features exist, signed scorecards and a sync
bundle) written headless to one folder, with a summary of what was made."""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from aces_desktop.core.errors import AcesError
from aces_desktop.store.demo import DEMO_PASSPHRASE, DemoOptions, fill_demo
from aces_desktop.store.workspace import Workspace


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
            from aces_desktop.reports.export import write_and_verify

            cards = write_and_verify(ws, out / "scorecards")
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
