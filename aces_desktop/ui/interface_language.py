"""The interface language in use (set by ``ui.i18n.set_language``); methodology terms
(``core.terms``) shown in the GUI follow it."""

from __future__ import annotations

_language = ["en"]


def current_language() -> str:
    return _language[0]


def remember(language: str) -> None:
    _language[0] = language
