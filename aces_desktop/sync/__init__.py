"""Sync bundles: enrolment and trust, export, verification and merge, duplicate sites.

Layer: imports ``core`` and ``store`` only (docs/bundle-format.md describes the format).
"""
