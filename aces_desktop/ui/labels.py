"""Translatable names of record types, fields and list columns (context "Fields")."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

FIELD_NAMES: dict[str, object] = {
    "acronym": QT_TRANSLATE_NOOP("Fields", "Acronym"),
    "address": QT_TRANSLATE_NOOP("Fields", "Address"),
    "age_band": QT_TRANSLATE_NOOP("Fields", "Age band"),
    "aliases": QT_TRANSLATE_NOOP("Fields", "Aliases"),
    "amends_id": QT_TRANSLATE_NOOP("Fields", "Amends"),
    "answer": QT_TRANSLATE_NOOP("Fields", "Answer"),
    "answered_on": QT_TRANSLATE_NOOP("Fields", "Answered on"),
    "channel": QT_TRANSLATE_NOOP("Fields", "Channel"),
    "commitment_met": QT_TRANSLATE_NOOP("Fields", "Commitment met"),
    "commitments": QT_TRANSLATE_NOOP("Fields", "Commitments"),
    "company": QT_TRANSLATE_NOOP("Fields", "Company"),
    "company_id": QT_TRANSLATE_NOOP("Fields", "Company"),
    "confidence": QT_TRANSLATE_NOOP("Fields", "Confidence"),
    "consent_scope": QT_TRANSLATE_NOOP("Fields", "Consent scope"),
    "countries": QT_TRANSLATE_NOOP("Fields", "Countries"),
    "country": QT_TRANSLATE_NOOP("Fields", "Country"),
    "description": QT_TRANSLATE_NOOP("Fields", "Description"),
    "disclosure": QT_TRANSLATE_NOOP("Fields", "Disclosure"),
    "end_date": QT_TRANSLATE_NOOP("Fields", "End date"),
    "follow_up_due": QT_TRANSLATE_NOOP("Fields", "Follow-up due"),
    "gender": QT_TRANSLATE_NOOP("Fields", "Gender"),
    "grade": QT_TRANSLATE_NOOP("Fields", "Grade"),
    "indicator": QT_TRANSLATE_NOOP("Fields", "Indicator"),
    "interviewed_on": QT_TRANSLATE_NOOP("Fields", "Interviewed on"),
    "job_role": QT_TRANSLATE_NOOP("Fields", "Job role"),
    "kind": QT_TRANSLATE_NOOP("Fields", "Kind"),
    "latitude": QT_TRANSLATE_NOOP("Fields", "Latitude"),
    "longitude": QT_TRANSLATE_NOOP("Fields", "Longitude"),
    "method": QT_TRANSLATE_NOOP("Fields", "Method"),
    "name": QT_TRANSLATE_NOOP("Fields", "Name"),
    "narrative": QT_TRANSLATE_NOOP("Fields", "Narrative"),
    "notes": QT_TRANSLATE_NOOP("Fields", "Notes"),
    "observed_on": QT_TRANSLATE_NOOP("Fields", "Observed on"),
    "origin": QT_TRANSLATE_NOOP("Fields", "Origin"),
    "os_hub_id": QT_TRANSLATE_NOOP("Fields", "Open Supply Hub id"),
    "other_names": QT_TRANSLATE_NOOP("Fields", "Other names"),
    "products": QT_TRANSLATE_NOOP("Fields", "Products"),
    "pseudonym": QT_TRANSLATE_NOOP("Fields", "Pseudonym"),
    "region": QT_TRANSLATE_NOOP("Fields", "Region"),
    "remediated_on": QT_TRANSLATE_NOOP("Fields", "Remediated on"),
    "remediation_due": QT_TRANSLATE_NOOP("Fields", "Remediation due"),
    "remediation_started_on": QT_TRANSLATE_NOOP("Fields", "Remediation started on"),
    "remediation_status": QT_TRANSLATE_NOOP("Fields", "Remediation status"),
    "request": QT_TRANSLATE_NOOP("Fields", "Request"),
    "request_sent_on": QT_TRANSLATE_NOOP("Fields", "Request sent on"),
    "sealed": QT_TRANSLATE_NOOP("Fields", "Sealed"),
    "sector": QT_TRANSLATE_NOOP("Fields", "Sector"),
    "site": QT_TRANSLATE_NOOP("Fields", "Site"),
    "site_id": QT_TRANSLATE_NOOP("Fields", "Site"),
    "source_type": QT_TRANSLATE_NOOP("Fields", "Source type"),
    "start_date": QT_TRANSLATE_NOOP("Fields", "Start date"),
    "subject": QT_TRANSLATE_NOOP("Fields", "Subject"),
    "summary": QT_TRANSLATE_NOOP("Fields", "Summary"),
    "team": QT_TRANSLATE_NOOP("Fields", "Team"),
    "tier": QT_TRANSLATE_NOOP("Fields", "Tier"),
    "verified_on": QT_TRANSLATE_NOOP("Fields", "Verified on"),
    "visit_id": QT_TRANSLATE_NOOP("Fields", "Visit"),
    "website": QT_TRANSLATE_NOOP("Fields", "Website"),
    "workforce_size": QT_TRANSLATE_NOOP("Fields", "Workforce size"),
}

TYPE_NAMES: dict[str, object] = {
    "site": QT_TRANSLATE_NOOP("Types", "site"),
    "company": QT_TRANSLATE_NOOP("Types", "company"),
    "initiative": QT_TRANSLATE_NOOP("Types", "initiative"),
    "visit": QT_TRANSLATE_NOOP("Types", "visit"),
    "finding": QT_TRANSLATE_NOOP("Types", "finding"),
    "worker_note": QT_TRANSLATE_NOOP("Types", "worker note"),
    "company_response": QT_TRANSLATE_NOOP("Types", "company response"),
}


def field_name(key: str) -> str:
    text = str(FIELD_NAMES.get(key, key.replace("_", " ").capitalize()))
    return QCoreApplication.translate("Fields", text)


def type_name(key: str) -> str:
    text = str(TYPE_NAMES.get(key, key.replace("_", " ")))
    return QCoreApplication.translate("Types", text)
