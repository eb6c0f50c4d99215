#!/usr/bin/env python3
"""Regenerate the GUI translations: .ts sources from the code, then compiled .qm files.

    python scripts/update_translations.py            # lupdate + lrelease
    python scripts/update_translations.py --release  # only compile the .ts files

lupdate keeps existing translations; open resources/i18n/aces_zh_CN.ts in Qt Linguist
(pyside6-linguist) to translate new strings, then run this again to compile.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
I18N = ROOT / "resources" / "i18n"
LANGUAGES = ("en", "zh_CN", "ug")


def tool(name: str) -> str:
    beside = Path(sys.executable).with_name(name)
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        sys.exit(f"{name} was not found; install PySide6 (it ships {name}).")
    return found


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "aces_desktop" / "ui").rglob("*.py"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--release", action="store_true", help="only compile .ts to .qm")
    args = parser.parse_args()
    I18N.mkdir(parents=True, exist_ok=True)
    for language in LANGUAGES:
        ts = I18N / f"aces_{language}.ts"
        if not args.release:
            subprocess.run(
                [
                    tool("pyside6-lupdate"),
                    *sources(),
                    "-locations",
                    "none",
                    "-no-obsolete",
                    "-source-language",
                    "en",
                    "-target-language",
                    language,
                    "-ts",
                    str(ts.relative_to(ROOT)),
                ],
                cwd=ROOT,
                check=True,
            )
        subprocess.run(
            [tool("pyside6-lrelease"), str(ts), "-qm", str(ts.with_suffix(".qm"))],
            cwd=ROOT,
            check=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
