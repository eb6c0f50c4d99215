"""``aces`` sub-commands, one module per group; registered in ``aces_desktop.cli``;
what they share is in ``common``."""
