"""Interface language and layout direction, switchable while the application runs.

Installing a translator makes Qt send ``LanguageChange`` to every widget; ours answer by
calling their ``retranslate``. Translations are ``resources/i18n/aces_<lang>.qm``
(sources: the ``.ts`` files next to them, see scripts/update_translations.py).
"""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtWidgets import QApplication

from aces_desktop.core.resources import resource_path

RTL_LANGUAGES = frozenset({"ug", "ar", "fa", "he", "ur"})
_installed: list[QTranslator] = []


def qm_file(language: str) -> str:
    return str(resource_path("i18n", f"aces_{language}.qm"))


def set_language(app: QApplication, language: str) -> bool:
    """Switch every visible string to ``language``; False if its translation is missing."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    QLocale.setDefault(QLocale(language))
    ours = QTranslator(app)
    if not ours.load(qm_file(language)):
        return language == "en"  # English works from the source strings alone
    qt = QTranslator(app)
    qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if language != "en" and qt.load(f"qtbase_{language}", qt_folder):
        app.installTranslator(qt)
        _installed.append(qt)
    app.installTranslator(ours)
    _installed.append(ours)
    return True


def set_direction(app: QApplication, direction: str, language: str) -> None:
    """``ltr``, ``rtl``, or ``auto`` (right-to-left for Uyghur and other RTL languages)."""
    rtl = direction == "rtl" or (direction == "auto" and language.split("_")[0] in RTL_LANGUAGES)
    app.setLayoutDirection(
        Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
    )
