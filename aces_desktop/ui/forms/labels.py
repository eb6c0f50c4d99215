"""Words shown for schema names: record types, fields and choices, translatable."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from aces_desktop.core import schema
from aces_desktop.core.reference import reference

_CONTEXT = "schema"

_TYPE_NAMES = {
    "site": "Site",
    "company": "Company",
    "company_site": "Company–site link",
    "initiative": "Initiative",
    "membership": "Membership",
    "coverage": "Coverage",
    "person": "Person",
    "visit": "Visit",
    "finding": "Finding",
    "worker_note": "Worker note",
    "company_response": "Company response",
    "evidence": "Evidence",
    "attachment": "Attachment",
    "amendment": "Amendment",
}

_FIELD_NAMES = {
    "os_hub_id": "Open Supply Hub id",
    "company_id": "Company",
    "site_id": "Site",
    "initiative_id": "Initiative",
    "visit_id": "Visit",
    "subject_id": "Subject",
    "owner_id": "Belongs to",
    "target_id": "Amended record",
    "amends_id": "Amends finding",
    "team": "Team",
    "follow_up_due": "Follow-up due",
    "request_sent_on": "Request sent on",
    "answered_on": "Answered on",
    "start_date": "Start date",
    "end_date": "End date",
    "url": "Web address",
    "workers_covered": "Workers covered",
    "workforce_size": "Workforce size",
}


def tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def type_label(type_name: str) -> str:
    return tr(_TYPE_NAMES.get(type_name, type_name.replace("_", " ").capitalize()))


def field_label(f: schema.Field) -> str:
    text = f.label or _FIELD_NAMES.get(f.name) or f.name.replace("_", " ").capitalize()
    return tr(text)


def choice_label(field_name: str, code: str) -> str:
    ref = reference()
    if field_name == "indicator" and code in ref.indicators:
        return f"{code} {tr(ref.indicators[code].en)}"
    if field_name == "source_type" and code in ref.source_types:
        return tr(ref.source_types[code].en)
    if code in schema.RECORD_TYPES:
        return type_label(code)
    return tr(code.replace("_", " ").capitalize())
