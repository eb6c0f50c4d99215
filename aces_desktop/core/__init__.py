"""Pure-Python core: ids, canonical hashing, reference data, record schema, revisions.

Nothing here imports PySide6 or SQLAlchemy (ARCHITECTURE.md, layers).
"""
