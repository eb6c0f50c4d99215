"""Write a new Alembic migration by comparing the models with a database at the current head.

    python scripts/new_migration.py "add score snapshots" [--rev-id 0003_score_snapshots]

Review the generated file in db/versions/ before committing it: migrations are code.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from alembic import command

from aces_desktop.store import migrations
from aces_desktop.store.db import make_engine


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("message")
    parser.add_argument("--rev-id", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(Path(tmp) / "scratch.db", os.urandom(32))
        has_head = any(migrations.migrations_path().joinpath("versions").glob("*.py"))
        if has_head:
            migrations.upgrade_to_head(engine)
        with engine.begin() as conn:
            command.revision(
                migrations.alembic_config(conn),
                message=args.message,
                autogenerate=True,
                rev_id=args.rev_id,
            )
        engine.dispose()


if __name__ == "__main__":
    main()
