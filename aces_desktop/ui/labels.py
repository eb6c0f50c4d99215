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

# Stored choice values and how they read (English here; others through the .qm files).
VALUE_NAMES: dict[str, object] = {
    "factory": QT_TRANSLATE_NOOP("Values", "factory"),
    "farm": QT_TRANSLATE_NOOP("Values", "farm"),
    "mill": QT_TRANSLATE_NOOP("Values", "mill"),
    "mine": QT_TRANSLATE_NOOP("Values", "mine"),
    "warehouse": QT_TRANSLATE_NOOP("Values", "warehouse"),
    "other": QT_TRANSLATE_NOOP("Values", "other"),
    "brand": QT_TRANSLATE_NOOP("Values", "brand"),
    "retailer": QT_TRANSLATE_NOOP("Values", "retailer"),
    "buyer": QT_TRANSLATE_NOOP("Values", "buyer"),
    "investor": QT_TRANSLATE_NOOP("Values", "investor"),
    "supplier": QT_TRANSLATE_NOOP("Values", "supplier"),
    "labour_agent": QT_TRANSLATE_NOOP("Values", "labour agent"),
    "announced": QT_TRANSLATE_NOOP("Values", "announced"),
    "unannounced": QT_TRANSLATE_NOOP("Values", "unannounced"),
    "offsite_interviews": QT_TRANSLATE_NOOP("Values", "offsite interviews"),
    "remote": QT_TRANSLATE_NOOP("Values", "remote"),
    "desk_research": QT_TRANSLATE_NOOP("Values", "desk research"),
    "open": QT_TRANSLATE_NOOP("Values", "open"),
    "in_remediation": QT_TRANSLATE_NOOP("Values", "in remediation"),
    "remediated": QT_TRANSLATE_NOOP("Values", "remediated"),
    "verified_remediated": QT_TRANSLATE_NOOP("Values", "verified remediated"),
    "device": QT_TRANSLATE_NOOP("Values", "this device only"),
    "coordinator": QT_TRANSLATE_NOOP("Values", "coordinator"),
    "public_anonymised": QT_TRANSLATE_NOOP("Values", "public, anonymised"),
    "email": QT_TRANSLATE_NOOP("Values", "email"),
    "letter": QT_TRANSLATE_NOOP("Values", "letter"),
    "meeting": QT_TRANSLATE_NOOP("Values", "meeting"),
    "phone": QT_TRANSLATE_NOOP("Values", "phone"),
    "web_form": QT_TRANSLATE_NOOP("Values", "web form"),
    "low": QT_TRANSLATE_NOOP("Values", "low"),
    "medium": QT_TRANSLATE_NOOP("Values", "medium"),
    "high": QT_TRANSLATE_NOOP("Values", "high"),
    "withhold": QT_TRANSLATE_NOOP("Values", "withhold"),
    "no_address": QT_TRANSLATE_NOOP("Values", "without address"),
    "full": QT_TRANSLATE_NOOP("Values", "full"),
    "direct_observation": QT_TRANSLATE_NOOP("Values", "direct observation"),
    "document": QT_TRANSLATE_NOOP("Values", "document"),
    "testimony_corroborated": QT_TRANSLATE_NOOP("Values", "testimony, corroborated"),
    "testimony_single": QT_TRANSLATE_NOOP("Values", "testimony, single"),
    "public_report": QT_TRANSLATE_NOOP("Values", "public report"),
    "own_claim": QT_TRANSLATE_NOOP("Values", "own claim"),
}


def value_name(value: str) -> str:
    text = str(VALUE_NAMES.get(value, value.replace("_", " ")))
    return QCoreApplication.translate("Values", text)


def field_name(key: str) -> str:
    text = str(FIELD_NAMES.get(key, key.replace("_", " ").capitalize()))
    return QCoreApplication.translate("Fields", text)


def type_name(key: str) -> str:
    text = str(TYPE_NAMES.get(key, key.replace("_", " ")))
    return QCoreApplication.translate("Types", text)
