"""Self-contained field-capture widgets: record forms, visit logging, attachments,
the outreach log. Each takes an open ``Workspace``."""
