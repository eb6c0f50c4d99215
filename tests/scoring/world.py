"""A small workspace that exercises every rule gather must reproduce."""

from __future__ import annotations

from typing import Any

from tests.helpers import add, small_world

STATEMENT = {"published": True, "board_approved": True, "signed": True}


def scoring_world(ws: Any) -> dict[str, str]:
    ids = small_world(ws)
    site = ids["site"]
    v_ann = add(ws, "visit", site_id=site, start_date="2026-03-01", method="announced")
    v_off = add(ws, "visit", site_id=site, start_date="2026-05-01", method="offsite_interviews")
    v_old = add(ws, "visit", site_id=site, start_date="2023-05-01", method="unannounced")
    codes = [f"ILO-{i:02d}" for i in range(1, 12)] + ["SIL-01", "SIL-02"]
    for i, code in enumerate(codes):
        add(
            ws,
            "finding",
            visit_id=v_off,
            site_id=site,
            indicator=code,
            grade=0,
            source_type="testimony_corroborated",
            observed_on="2026-05-01",
        )
        add(
            ws,
            "finding",
            visit_id=v_ann,
            site_id=site,
            indicator=code,
            grade=0 if code.startswith("SIL") else [1, 2, 0][i % 3],
            source_type=["document", "own_claim", "public_report"][i % 3],
            observed_on="2026-03-01",
        )
    ids["old_strong"] = add(
        ws,
        "finding",
        visit_id=v_old,
        site_id=site,
        indicator="ILO-09",
        grade=3,
        source_type="direct_observation",
        observed_on="2023-05-01",
    )
    ids["verified"] = add(
        ws,
        "finding",
        visit_id=v_ann,
        site_id=site,
        indicator="ILO-10",
        grade=3,
        source_type="testimony_single",
        observed_on="2026-03-01",
        remediation_status="verified_remediated",
        verified_on="2026-09-01",
    )
    ids["late_verified"] = add(
        ws,
        "finding",
        visit_id=v_ann,
        site_id=site,
        indicator="DW-03",
        grade=2,
        source_type="direct_observation",
        observed_on="2026-03-01",
        remediation_status="verified_remediated",
        verified_on="2027-01-01",
    )
    ids["wrong"] = add(
        ws,
        "finding",
        visit_id=v_ann,
        site_id=site,
        indicator="ILO-05",
        grade=3,
        source_type="direct_observation",
        observed_on="2026-03-01",
    )
    add(
        ws,
        "finding",
        visit_id=v_ann,
        site_id=site,
        indicator="ILO-05",
        grade=1,
        source_type="direct_observation",
        observed_on="2026-03-02",
        amends_id=ids["wrong"],
    )
    add(ws, "finding", visit_id=v_ann, site_id=site, indicator="ILO-06", grade=None)
    add(
        ws,
        "finding",
        visit_id=v_ann,
        site_id=site,
        indicator="ILO-06",
        grade=2,
        source_type="direct_observation",
        observed_on="2027-02-01",
    )  # after the scoring date
    ids["site2"] = add(ws, "site", name="Second site", country="BD", region="Dhaka Division")
    v2 = add(ws, "visit", site_id=ids["site2"], start_date="2026-06-01", method="unannounced")
    add(
        ws,
        "finding",
        visit_id=v2,
        site_id=ids["site2"],
        indicator="SIL-02",
        grade=2,
        source_type="testimony_single",
        observed_on="2026-06-01",
    )
    add(ws, "site", name="Unvisited site", country="VN")

    ini = ids["initiative"]
    for crit, level, source, date in [
        ("A1", 4, "document", "2026-01-10"),
        ("A2", 3, "public_report", "2026-02-10"),
        ("A3", 4, "own_claim", "2026-02-10"),
        ("A4", 4, "document", "2023-01-10"),
        ("A5", 3, "document", "2026-02-10"),
        ("T1", 3, "document", "2026-02-10"),
        ("S1", 1, "document", "2026-02-10"),
    ]:
        facts = {"workers_covered": 2_500_000} if crit == "S1" else None
        ids[f"ev_{crit}"] = add(
            ws,
            "evidence",
            subject_type="initiative",
            subject_id=ini,
            criterion=crit,
            level=level,
            source_type=source,
            evidence_date=date,
            url="https://example.org/" + crit,
            facts=facts,
        )
    comp = ids["company"]
    add(
        ws,
        "evidence",
        subject_type="company",
        subject_id=comp,
        criterion="LEGAL_STATEMENT",
        source_type="document",
        kind="statement",
        evidence_date="2026-04-01",
        facts=STATEMENT,
    )
    company_evidence: list[tuple[str, int, str, dict[str, Any] | None]] = [
        ("C1", 4, "policy", None),
        ("C2", 2, "disclosure", None),
        ("C3", 4, "audit", {"region": "CN-XJ"}),
        ("C4", 2, "document", None),
        ("C5", 3, "document", None),
    ]
    for crit, level, kind, facts in company_evidence:
        ids[f"ev_{crit}"] = add(
            ws,
            "evidence",
            subject_type="company",
            subject_id=comp,
            criterion=crit,
            level=level,
            source_type="document",
            kind=kind,
            evidence_date="2026-04-01",
            facts=facts,
        )
    ids["attachment"] = add(
        ws,
        "attachment",
        owner_type="evidence",
        owner_id=ids["ev_C1"],
        sha256="ab" * 32,
        media_type="application/pdf",
        size=10,
        consent_scope="coordinator",
    )
    ids["membership"] = add(
        ws, "membership", initiative_id=ini, company_id=comp, status="member", since="2024-01-01"
    )
    add(
        ws,
        "company_response",
        company_id=comp,
        request_sent_on="2026-05-01",
        subject="Wages",
        answered_on="2026-05-20",
        commitments="Repay",
        commitment_met=True,
    )
    add(ws, "company_response", company_id=comp, request_sent_on="2026-07-01", subject="Fees")
    ids["company2"] = add(ws, "company", name="Silent Brand", kind="brand")
    add(
        ws,
        "company_response",
        company_id=ids["company2"],
        request_sent_on="2026-01-01",
        subject="Sourcing",
    )
    return ids
