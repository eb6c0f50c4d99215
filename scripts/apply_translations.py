#!/usr/bin/env python3
"""Fill a Qt .ts file from a table of source text -> translation, without Qt Linguist.

    python scripts/apply_translations.py resources/i18n/aces_ug.ts table.tsv [more.tsv ...]

Each table line is ``SOURCE<TAB>TRANSLATION`` (``\\n`` and ``\\t`` written as escapes). A
translation is filled into every message with that source text (in any context) that is
still unfinished, so re-running after lupdate only fills what is new. Placeholders (%1, %n)
must be the same in both columns; lines where they differ are refused and listed.
Methodology terms get a translator comment (``TERM_NOTES``) that Qt Linguist shows next
to the string, so reviewers see what the term means in the rubric.
"""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

PLACEHOLDER = re.compile(r"%(?:\d+|n)")

# English term -> note for reviewers (shown in Qt Linguist as the translator comment).
TERM_NOTES = {
    "Indicator": "Methodology term: one of the ILO forced-labour indicators or another "
    "checked condition (resources/reference/indicators.json).",
    "Criterion": "Methodology term: a scored criterion of the rubric "
    "(resources/methodology/rubric-v1.toml), rated at a level from 0 to 4.",
    "Grade": "Methodology term: how strongly an indicator was found on a visit (0-3).",
    "Tier": "Methodology term: the company's rating tier (Leader, Improver, Starter, Laggard).",
    "Coverage": "Methodology term: share of criteria with evidence, weighted.",
    "Confidence": "Methodology term: how reliable the sources behind a rating are.",
    "Risk level": "Methodology term: site risk level 0-4 from the indicators found.",
    "Gates": "Methodology term: conditions a company must meet before points count.",
    "Scorecard": "A signed PDF report of one rating.",
    "Sealed": "A finalised record that can no longer change, only be amended.",
    "Amendment": "A correction attached to a sealed record.",
    "Pseudonym": "Never a real name: an invented label for an interviewed worker.",
    "Consent scope": "What the worker agreed their statement may be used for.",
    "Passphrase": "The long password that decrypts the workspace.",
    "Bundle": "A sync bundle: one encrypted file carrying changes between devices.",
    "Abuse of vulnerability": "ILO forced-labour indicator 1 (ILO-01).",
    "Transparent": "Initiative rating dimension T.",
    "Scaled": "Initiative rating dimension S.",
    "Accountable": "Initiative rating dimension A.",
}


def unescape(text: str) -> str:
    return text.replace("\\n", "\n").replace("\\t", "\t")


def read_table(paths: list[Path]) -> dict[str, str]:
    table: dict[str, str] = {}
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            source, sep, translation = line.partition("\t")
            if not sep or not translation.strip():
                sys.exit(f"{path}:{number}: expected SOURCE<TAB>TRANSLATION")
            table[unescape(source)] = unescape(translation)
    return table


def placeholders(text: str) -> list[str]:
    return sorted(set(PLACEHOLDER.findall(text)))


def apply(ts: Path, table: dict[str, str]) -> tuple[int, list[str]]:
    tree = ET.parse(ts)
    filled, refused = 0, []
    for message in tree.getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if translation is None or source not in table:
            continue
        target = table[source]
        if placeholders(source.replace("%n", "%1")) != placeholders(target.replace("%n", "%1")):
            refused.append(source)
            continue
        if source in TERM_NOTES and message.find("translatorcomment") is None:
            note = ET.Element("translatorcomment")
            note.text = TERM_NOTES[source]
            message.insert(list(message).index(translation), note)
        if translation.get("type") != "unfinished":
            continue
        forms = translation.findall("numerusform")
        if forms:
            for form in forms:
                form.text = target
        else:
            translation.text = target
        del translation.attrib["type"]
        filled += 1
    ET.indent(tree, space="    ")
    body = ET.tostring(tree.getroot(), encoding="unicode")
    ts.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8"
    )
    return filled, refused


def main(argv: list[str]) -> int:
    if len(argv) < 3:
        sys.exit(__doc__)
    filled, refused = apply(Path(argv[1]), read_table([Path(p) for p in argv[2:]]))
    print(f"{filled} translation(s) filled")
    for source in refused:
        print(f"placeholders differ, not filled: {source!r}", file=sys.stderr)
    return 1 if refused else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
