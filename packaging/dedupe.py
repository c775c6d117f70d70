"""Replace identical files under a folder by hard links to one copy (``dedupe.py DIR``).

Hard links, not symbolic ones: each path stays a real file, so a shared library's
``$ORIGIN`` still means the folder it was found in.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path


def dedupe(root: Path) -> int:
    """Hard-link duplicate regular files under ``root``; return the bytes saved."""
    by_size: dict[int, list[Path]] = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink() and path.stat().st_size > 0:
            by_size.setdefault(path.stat().st_size, []).append(path)
    saved = 0
    for size, paths in by_size.items():
        first_by_digest: dict[str, Path] = {}
        for path in paths if len(paths) > 1 else ():
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            first = first_by_digest.setdefault(digest, path)
            if first is not path and not first.samefile(path):
                tmp = path.with_name(path.name + ".dedupe")
                os.link(first, tmp)
                tmp.replace(path)
                saved += size
    return saved


if __name__ == "__main__":
    saved = dedupe(Path(sys.argv[1]))
    print(f"dedupe: {saved / 1e6:.1f} MB of identical files hard-linked")
