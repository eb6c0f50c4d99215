"""A field's value as one line of text, and that text read back by the field's kind.

The one parser for values typed as text: the record editor's number and facts fields and the
result column of the conflict view both read what a person typed through ``from_text``, so a
workforce size typed as ``1250`` is the whole number 1250 everywhere.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from aces_desktop.core import messages as m
from aces_desktop.core import schema
from aces_desktop.core.ids import is_uuid
from aces_desktop.core.messages import Text

_WHOLE = re.compile(r"[+-]?[0-9]{1,18}")
_DECIMAL = re.compile(r"[+-]?[0-9]{1,18}(\.[0-9]{1,18})?|[+-]?\.[0-9]{1,18}")
_LANGUAGE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")
_YES = frozenset({"yes", "y", "true", "1", "是"})
_NO = frozenset({"no", "n", "false", "0", "否"})
SEPARATOR = "; "


class FieldTextError(ValueError):
    """What was typed cannot be read as a value of the field; ``message`` says why."""

    def __init__(self, message: Text) -> None:
        super().__init__(message)
        self.message = message


def to_text(f: schema.Field, value: Any) -> str:
    """``value`` of field ``f`` as one line that ``from_text`` reads back to the same value."""
    if value is None or value == [] or value == {}:
        return ""
    if f.kind == schema.BOOL:
        return "yes" if value else "no"
    if f.kind == schema.FLOAT and isinstance(value, float):
        return f"{value:g}" if abs(value) < 1e15 else repr(value)
    if f.kind in (schema.REFS, schema.STRS):
        return SEPARATOR.join(str(v) for v in value)
    if f.kind == schema.NAMES:
        return SEPARATOR.join(
            f"{n.get('lang')}: {n.get('text', '')}" if n.get("lang") else str(n.get("text", ""))
            for n in value
            if isinstance(n, dict)
        )
    if f.kind == schema.FACTS and isinstance(value, dict):
        return SEPARATOR.join(fact_line(k, v) for k, v in value.items())
    return str(value)


def from_text(f: schema.Field, text: str) -> Any:
    """The value of field ``f`` that ``text`` stands for (``None`` for empty text).

    Raises ``FieldTextError`` when the text cannot be a value of this kind at all; the
    schema's own checks (ranges, lengths, formats) still run when the record is saved."""
    raw = text.strip()
    if not raw:
        return None
    kind = f.kind
    if kind == schema.INT:
        if not _WHOLE.fullmatch(raw):
            raise FieldTextError(m.TEXT_NOT_WHOLE_NUMBER(raw[:40]))
        return int(raw)
    if kind == schema.FLOAT:
        number = raw.replace(",", ".")
        if not _DECIMAL.fullmatch(number):
            raise FieldTextError(m.TEXT_NOT_NUMBER(raw[:40]))
        return float(number)
    if kind == schema.DATE:
        try:
            return dt.date.fromisoformat(raw).isoformat() if len(raw) == 10 else _no_date(raw)
        except ValueError:
            raise FieldTextError(m.NOT_A_DATE(raw[:40])) from None
    if kind == schema.BOOL:
        word = raw.lower()
        if word in _YES:
            return True
        if word in _NO:
            return False
        raise FieldTextError(m.TEXT_NOT_YES_NO(raw[:40]))
    if kind == schema.ENUM:
        allowed = f.allowed()
        if raw in allowed:
            return raw
        by_label = {schema.choice_label(f.name, c).lower(): c for c in allowed}
        if raw.lower() in by_label:
            return by_label[raw.lower()]
        raise FieldTextError(m.NOT_ONE_OF(raw[:40], ", ".join(allowed)))
    if kind == schema.REF:
        return _record_id(raw)
    if kind == schema.REFS:
        return [_record_id(part) for part in _parts(raw)]
    if kind == schema.STRS:
        return _parts(raw)
    if kind == schema.NAMES:
        return [_name(part) for part in _parts(raw)]
    if kind == schema.FACTS:
        return dict(parse_fact_line(part) for part in _parts(raw))
    return text if kind == schema.TEXT else raw


def fact_line(key: str, value: Any) -> str:
    return f"{key} = {json.dumps(value, ensure_ascii=False)}"


def parse_fact_line(line: str) -> tuple[str, Any]:
    """``key = value``: numbers, true/false and null as JSON, anything else as text."""
    key, sep, raw = line.partition("=")
    if not sep or not key.strip():
        raise FieldTextError(m.TEXT_NOT_KEY_VALUE(line.strip()[:40]))
    raw = raw.strip()
    try:
        return key.strip(), json.loads(raw) if raw else None
    except ValueError:
        return key.strip(), raw


def _no_date(raw: str) -> str:
    raise ValueError(raw)


def _parts(raw: str) -> list[str]:
    return [part.strip() for part in raw.split(";") if part.strip()]


def _record_id(raw: str) -> str:
    if not is_uuid(raw.lower()):
        raise FieldTextError(m.NOT_A_RECORD_ID(raw[:40]))
    return raw.lower()


def _name(part: str) -> dict[str, str]:
    lang, sep, text = part.partition(":")
    if sep and _LANGUAGE.fullmatch(lang.strip()) and text.strip():
        return {"text": text.strip(), "lang": lang.strip()}
    return {"text": part.strip(), "lang": ""}
