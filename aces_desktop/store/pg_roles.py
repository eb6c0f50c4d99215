"""Two roles on a PostgreSQL store: the owner (migrations) and the application's role.

The application's role (the one whose URL the coordinators' workspaces keep) owns nothing:
it may read everything, add revisions but never change or remove one, and change the
derived state the merge maintains. Dropping or altering a table, or a trigger (so also the
append-only trigger of migration 0010), needs the owner, whose URL is given only to
``aces init --owner-url`` and ``aces org upgrade-store`` and is kept nowhere.

The owner records each application role it granted in the store's ``meta``
(``app_role:NAME``), so an upgrade re-grants the rights on the tables it added.
"""

from __future__ import annotations

from sqlalchemy import Connection, inspect, text
from sqlalchemy.engine import make_url

from aces_desktop.core import messages as msg
from aces_desktop.core.errors import AcesError
from aces_desktop.store.db import sqlalchemy_url

# Tables the application only reads and adds to (their rows are the history).
APPEND_ONLY = frozenset({"revisions", "revision_parents"})
# Tables the application only reads.
READ_ONLY = frozenset({"alembic_version"})
APP_ROLE_KEY = "app_role:"


def role_of(url: str) -> str:
    """The login role a PostgreSQL URL connects as."""
    user = make_url(sqlalchemy_url(url)).username
    if not user:
        raise AcesError(msg.DATABASE_URL_NEEDS_USER())
    return user


def _quoted(conn: Connection, name: str) -> str:
    return conn.dialect.identifier_preparer.quote(name)


def grant_app_role(conn: Connection, role: str) -> None:
    """Give ``role`` exactly the rights the application needs on every table of the store
    (run as the owner, after the migrations), and remember it for later upgrades."""
    who = _quoted(conn, role)
    exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).scalar()
    if exists is None:
        raise AcesError(msg.DATABASE_ROLE_MISSING(role))
    conn.execute(text(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {who}"))
    conn.execute(text(f"GRANT USAGE ON SCHEMA public TO {who}"))
    for table in inspect(conn).get_table_names():
        if table in READ_ONLY:
            rights = "SELECT"
        elif table in APPEND_ONLY:
            rights = "SELECT, INSERT"
        else:
            rights = "SELECT, INSERT, UPDATE, DELETE"
        conn.execute(text(f"GRANT {rights} ON {_quoted(conn, table)} TO {who}"))
    conn.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {who}"))
    conn.execute(
        text("INSERT INTO meta (key, value) VALUES (:k, '') ON CONFLICT (key) DO NOTHING"),
        {"k": APP_ROLE_KEY + role},
    )


def regrant(conn: Connection) -> None:
    """Grant every application role recorded in the store its rights again (after an
    upgrade added tables)."""
    roles = conn.execute(
        text("SELECT key FROM meta WHERE key LIKE :p"), {"p": APP_ROLE_KEY + "%"}
    ).scalars()
    for key in list(roles):
        grant_app_role(conn, key[len(APP_ROLE_KEY) :])
