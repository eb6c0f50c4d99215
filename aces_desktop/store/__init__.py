"""Workspace storage: encrypted SQLite (SQLCipher), revisions, blobs, import and demo data."""
