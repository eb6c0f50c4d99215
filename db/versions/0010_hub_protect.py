"""PostgreSQL stores: revisions (and the invitations used in the store) are append-only.

Revisions are the truth every coordinator and field device agrees on (their hashes chain
them); nothing in the application ever changes or removes one. On a shared server a trigger
makes the database itself refuse an ``UPDATE`` or ``DELETE`` of a revision, whoever sends it
(the application role, a script, a mistaken ``psql`` session), and likewise of the rows of
``meta`` recording which invitations were used in the store (``invitation_used:…``), so an
invitation cannot be made usable again. ``TRUNCATE`` is refused by a statement trigger too.
Only the owner of the tables can drop these triggers (``docs/hub.md``: the application's role
is not the owner).

The personal columns the application encrypts before they reach the store
(``store.content_crypto.ENCRYPTED_COLUMNS``) become ``text``: their ciphertext is longer than
the clear text's limit, which the application checks before encrypting.

Nothing changes in SQLite workspaces (a field device's own file is not shared).

Revision ID: 0010_hub_protect
Revises: 0009_pg_store
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0010_hub_protect"
down_revision: str | None = "0009_pg_store"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UPGRADE = """
CREATE FUNCTION aces_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ACES: % on % refused: the table is append-only', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER revisions_append_only
    BEFORE UPDATE OR DELETE ON revisions
    FOR EACH ROW EXECUTE FUNCTION aces_append_only();
CREATE TRIGGER revisions_no_truncate
    BEFORE TRUNCATE ON revisions
    FOR EACH STATEMENT EXECUTE FUNCTION aces_append_only();

CREATE FUNCTION aces_invitations_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.key LIKE 'invitation_used:%' THEN
        RAISE EXCEPTION 'ACES: % of a used invitation refused: it is kept for good', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER meta_invitations_kept
    BEFORE UPDATE OR DELETE ON meta
    FOR EACH ROW EXECUTE FUNCTION aces_invitations_kept();
CREATE TRIGGER meta_no_truncate
    BEFORE TRUNCATE ON meta
    FOR EACH STATEMENT EXECUTE FUNCTION aces_append_only();
"""

DOWNGRADE = """
DROP TRIGGER IF EXISTS meta_no_truncate ON meta;
DROP TRIGGER IF EXISTS meta_invitations_kept ON meta;
DROP FUNCTION IF EXISTS aces_invitations_kept();
DROP TRIGGER IF EXISTS revisions_no_truncate ON revisions;
DROP TRIGGER IF EXISTS revisions_append_only ON revisions;
DROP FUNCTION IF EXISTS aces_append_only();
"""


# (table, column) of the encrypted columns declared with a length (varchar) before.
WIDENED = (
    ("worker_notes", "pseudonym"),
    ("worker_notes", "gender"),
    ("worker_notes", "age_band"),
    ("worker_notes", "origin"),
    ("worker_notes", "job_role"),
    ("persons", "name"),
    ("persons", "contact"),
    ("attachments", "original_name"),
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(UPGRADE)
    for table, column in WIDENED:
        op.execute(f"ALTER TABLE {table} ALTER COLUMN {column} TYPE text")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(DOWNGRADE)
    # The widened columns stay text: they may hold ciphertext longer than the old limits.
