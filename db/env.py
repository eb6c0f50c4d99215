"""Alembic environment for ACES workspaces.

Migrations run only through ``aces_desktop.store.migrations``, which passes an open,
unlocked SQLCipher connection (or a PostgreSQL store's, docs/hub.md) in
``config.attributes["connection"]``; the upgrade then runs inside that connection's
transaction, so it applies completely or not at all. Migrations that use SQLite-only
constructs say what they do on PostgreSQL (``op.get_bind().dialect.name``).
"""

from alembic import context

from aces_desktop.store.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError(
            "ACES migrations need an unlocked workspace connection; run them through "
            "aces_desktop.store.migrations (or scripts/new_migration.py)."
        )
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise RuntimeError("Offline (SQL script) migrations are not supported for ACES workspaces.")
run_migrations_online()
