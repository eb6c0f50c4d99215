"""Translatable names of record types, fields and list columns (context "Fields")."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication


def _noop(context: str, text: str) -> str:
    """Marks ``text`` for translation in ``context`` (lupdate reads QT_TRANSLATE_NOOP)."""
    return str(QT_TRANSLATE_NOOP(context, text))


FIELD_NAMES: dict[str, str] = {
    "acronym": _noop("Fields", "Acronym"),
    "address": _noop("Fields", "Address"),
    "age_band": _noop("Fields", "Age band"),
    "aliases": _noop("Fields", "Aliases"),
    "amends_id": _noop("Fields", "Amends"),
    "answer": _noop("Fields", "Answer"),
    "answered_on": _noop("Fields", "Answered on"),
    "channel": _noop("Fields", "Channel"),
    "commitment_met": _noop("Fields", "Commitment met"),
    "commitments": _noop("Fields", "Commitments"),
    "company": _noop("Fields", "Company"),
    "company_id": _noop("Fields", "Company"),
    "confidence": _noop("Fields", "Confidence"),
    "consent_scope": _noop("Fields", "Consent scope"),
    "countries": _noop("Fields", "Countries"),
    "country": _noop("Fields", "Country"),
    "description": _noop("Fields", "Description"),
    "disclosure": _noop("Fields", "Disclosure"),
    "end_date": _noop("Fields", "End date"),
    "follow_up_due": _noop("Fields", "Follow-up due"),
    "gender": _noop("Fields", "Gender"),
    "grade": _noop("Fields", "Grade"),
    "indicator": _noop("Fields", "Indicator"),
    "interviewed_on": _noop("Fields", "Interviewed on"),
    "job_role": _noop("Fields", "Job role"),
    "kind": _noop("Fields", "Kind"),
    "latitude": _noop("Fields", "Latitude"),
    "longitude": _noop("Fields", "Longitude"),
    "method": _noop("Fields", "Method"),
    "name": _noop("Fields", "Name"),
    "narrative": _noop("Fields", "Narrative"),
    "notes": _noop("Fields", "Notes"),
    "observed_on": _noop("Fields", "Observed on"),
    "origin": _noop("Fields", "Origin"),
    "os_hub_id": _noop("Fields", "Open Supply Hub id"),
    "other_names": _noop("Fields", "Other names"),
    "products": _noop("Fields", "Products"),
    "pseudonym": _noop("Fields", "Pseudonym"),
    "region": _noop("Fields", "Region"),
    "remediated_on": _noop("Fields", "Remediated on"),
    "remediation_due": _noop("Fields", "Remediation due"),
    "remediation_started_on": _noop("Fields", "Remediation started on"),
    "remediation_status": _noop("Fields", "Remediation status"),
    "request": _noop("Fields", "Request"),
    "request_sent_on": _noop("Fields", "Request sent on"),
    "sealed": _noop("Fields", "Sealed"),
    "sector": _noop("Fields", "Sector"),
    "site": _noop("Fields", "Site"),
    "site_id": _noop("Fields", "Site"),
    "source_type": _noop("Fields", "Source type"),
    "start_date": _noop("Fields", "Start date"),
    "subject": _noop("Fields", "Subject"),
    "summary": _noop("Fields", "Summary"),
    "team": _noop("Fields", "Team"),
    "tier": _noop("Fields", "Tier"),
    "verified_on": _noop("Fields", "Verified on"),
    "visit_id": _noop("Fields", "Visit"),
    "website": _noop("Fields", "Website"),
    "workforce_size": _noop("Fields", "Workforce size"),
}

TYPE_NAMES: dict[str, str] = {
    "site": _noop("Types", "site"),
    "company": _noop("Types", "company"),
    "initiative": _noop("Types", "initiative"),
    "visit": _noop("Types", "visit"),
    "finding": _noop("Types", "finding"),
    "worker_note": _noop("Types", "worker note"),
    "company_response": _noop("Types", "company response"),
}


def field_name(key: str) -> str:
    text = FIELD_NAMES.get(key, key.replace("_", " ").capitalize())
    return QCoreApplication.translate("Fields", text)


def type_name(key: str) -> str:
    text = TYPE_NAMES.get(key, key.replace("_", " "))
    return QCoreApplication.translate("Types", text)
