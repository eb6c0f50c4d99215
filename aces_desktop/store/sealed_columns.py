"""Column types of the models whose values are sealed in a PostgreSQL store
(``content_crypto``): encrypted on the way in, revealed on the way out."""

from __future__ import annotations

from typing import Any

from sqlalchemy import String, Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine

from aces_desktop.store.content_crypto import reveal, seal


class Sealed(TypeDecorator[str]):
    """Sealed on the way into a PostgreSQL store with a content key, revealed on the way out."""

    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return seal(dialect, value)

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        return reveal(dialect, value)


class EncryptedString(Sealed):
    """``String(n)`` in a workspace file; in a PostgreSQL store, whose column migration 0010
    makes ``text`` (ciphertext is longer than ``n``), encrypted as ``EncryptedText``."""

    impl = String
    cache_ok = True

    def coerce_compared_value(self, op: Any, value: Any) -> TypeEngine[Any]:
        return String()  # a comparison's parameter is not content to encrypt


class EncryptedText(Sealed):
    """``Text`` in SQL; encrypted in a PostgreSQL store whose engine has a content key."""

    impl = Text
    cache_ok = True

    def coerce_compared_value(self, op: Any, value: Any) -> TypeEngine[Any]:
        return Text()  # a comparison's parameter is not content to encrypt
