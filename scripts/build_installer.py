"""`make installer`: build the one-folder app with PyInstaller, then write a compressed archive
and a SHA-256 checksum file next to it in dist/. Works the same on Linux, Windows and macOS."""

from __future__ import annotations

import argparse
import hashlib
import platform
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
APP = "aces-desktop"


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def archive_name(version: str) -> str:
    system = {"linux": "linux", "darwin": "macos", "win32": "windows"}.get(
        sys.platform, sys.platform
    )
    return f"{APP}-{version}-{system}-{platform.machine().lower()}"


def add_desktop_integration(app_dir: Path) -> None:
    """Linux: the .desktop file and icon travel in the archive (see README for installing)."""
    if sys.platform.startswith("linux"):
        shutil.copy2(ROOT / "resources" / "linux" / f"{APP}.desktop", app_dir / f"{APP}.desktop")
        shutil.copy2(ROOT / "resources" / "icons" / "aces.png", app_dir / f"{APP}.png")


def write_archive(app_dir: Path, base: Path) -> Path:
    if sys.platform == "win32":
        target = base.with_suffix(".zip")
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
            for p in sorted(app_dir.rglob("*")):
                zf.write(p, Path(APP) / p.relative_to(app_dir))
        return target
    target = base.parent / (base.name + ".tar.gz")
    with tarfile.open(target, "w:gz", compresslevel=9) as tf:
        tf.add(app_dir, arcname=APP)
    return target


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller")
    args = parser.parse_args()
    from aces_desktop import __version__

    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            str(args.dist),
            "--workpath",
            str(args.work),
            str(ROOT / "build_installer.spec"),
        ],
        check=True,
    )
    app_dir = args.dist / APP
    add_desktop_integration(app_dir)
    archive = write_archive(app_dir, args.dist / archive_name(__version__))
    checksum = archive.parent / (archive.name + ".sha256")
    checksum.write_text(f"{sha256_of(archive)}  {archive.name}\n", encoding="utf-8")
    mib = 1024 * 1024
    print(f"Application folder: {app_dir}  ({folder_size(app_dir) / mib:.0f} MiB)")
    print(f"Archive:            {archive}  ({archive.stat().st_size / mib:.0f} MiB)")
    print(f"Checksum:           {checksum}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
