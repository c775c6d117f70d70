"""Fail if the built app is over its size targets (``python packaging/check_size.py``).

Sizes are in MiB (2**20 bytes, what ``du -m`` shows), hard links counted once.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP_MIB = 260
TARBALL_MIB = 100


def folder_bytes(folder: Path) -> int:
    """Apparent size of the files under ``folder``, each inode once, symlinks as links."""
    seen, total = set(), 0
    for path in folder.rglob("*"):
        stat = path.lstat()
        if (stat.st_dev, stat.st_ino) not in seen:
            seen.add((stat.st_dev, stat.st_ino))
            total += stat.st_size
    return total


def main() -> int:
    app = ROOT / "dist" / "l1l2gui"
    tarballs = sorted((ROOT / "dist").glob("l1l2gui-*-linux-x86_64.tar.gz"))
    if not app.is_dir() or len(tarballs) != 1:
        print("check_size: expected dist/l1l2gui/ and one tarball: run `make dist`")
        return 1
    failed = False
    for path, size, limit in (
        (app, folder_bytes(app), APP_MIB),
        (tarballs[0], tarballs[0].stat().st_size, TARBALL_MIB),
    ):
        mib = size / 2**20
        ok = mib <= limit
        failed |= not ok
        verdict = "ok" if ok else "OVER"
        print(
            f"check_size: {path.relative_to(ROOT)}: {mib:.1f} MiB ({size / 1e6:.1f} MB), "
            f"target ≤ {limit} MiB: {verdict}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
