"""Scorecard file names: ASCII, readable, unique by id."""

from __future__ import annotations

from aces_desktop.reports.scorecard_export import file_name


def test_file_names_are_ascii_and_fall_back_to_other_names() -> None:
    site = {
        "kind": "site",
        "subject_name": "喀什恒润纺织有限公司",
        "subject_id": "0" * 20 + "5599f78a82e0",
    }
    assert file_name(site) == "site-5599f78a82e0.pdf"
    named = file_name(site, ["Kashgar Hengrun Textile Co., Ltd."])
    assert named == "site-kashgar-hengrun-textile-co-ltd-5599f78a82e0.pdf"
    company = {"kind": "company", "subject_name": "Über & Co", "subject_id": "a" * 32}
    assert file_name(company) == "company-uber-co-aaaaaaaaaaaa.pdf"
