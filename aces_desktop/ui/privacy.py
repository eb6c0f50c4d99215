"""Qt's own caches and settings hold no evidence (call ``harden_qt`` once at start-up).

- Images: ``QPixmapCache`` lives in memory only; its limit is kept small so thumbnails of
  evidence do not linger in memory longer than needed. The application never creates a
  ``QNetworkDiskCache`` (it makes no network requests) and uses no QML, whose compiled-file
  disk cache is switched off anyway (``QML_DISABLE_DISK_CACHE``).
- Settings: Qt writes some settings of its own (the file dialog's history of folders, in
  ``QtProject.conf``) through the default ``QSettings`` location. ``harden_qt`` points the
  user-scope locations at the application's own settings folder, so that nothing lands in
  the user's general configuration, and the wipe/leak checks cover it. The application's
  ``QSettings`` hold preferences only (language, window sizes, recent workspace folders),
  never record content.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QSettings
from PySide6.QtGui import QPixmapCache

PIXMAP_CACHE_KIB = 10 * 1024


def harden_qt() -> None:
    from aces_desktop.store.paths import config_dir

    os.environ["QML_DISABLE_DISK_CACHE"] = "1"
    QPixmapCache.setCacheLimit(PIXMAP_CACHE_KIB)
    folder = config_dir() / "qt"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(folder))


def clear_image_cache() -> None:
    """Drop every cached image (call when the workspace locks)."""
    QPixmapCache.clear()
