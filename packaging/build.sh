#!/usr/bin/env bash
# Build dist/l1l2gui/ (one folder) and dist/l1l2gui-<version>-linux-x86_64.tar.gz.
# Usage: packaging/build.sh [PYTHON]   (default .venv-build/bin/python; `make dist` makes it)
set -euo pipefail
cd "$(dirname "$0")/.."
python=${1:-.venv-build/bin/python}
version=$("$python" -c "from importlib.metadata import version; print(version('l1l2gui'))")
app=dist/l1l2gui
tarball=dist/l1l2gui-$version-linux-x86_64.tar.gz

rm -rf build/pyinstaller "$app" "$tarball"
"$python" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller packaging/l1l2gui.spec
# Symbol tables and debug information are for debuggers (pyenv's libpython alone
# carries ~17 MB of them). The libraries auditwheel put in numpy.libs, scipy.libs…
# are left alone: patchelf rewrote them and strip breaks them ("ELF load command
# address/offset not page-aligned").
find "$app/_internal" -type f -name '*.so*' ! -path '*.libs/*' -exec strip --strip-unneeded {} +
# NumPy's and SciPy's wheels each carry the same libgfortran and libquadmath: one
# copy, hard-linked (tar keeps the link).
"$python" packaging/dedupe.py "$app"
# Beside the executable (PyInstaller puts data under _internal/): what a desktop
# entry needs, in the usual layout, so `cp -r share ~/.local/` installs it.
install -D -m 644 resources/l1l2gui.desktop "$app/share/applications/l1l2gui.desktop"
install -D -m 644 resources/l1l2gui.svg "$app/share/icons/hicolor/scalable/apps/l1l2gui.svg"
tar -C dist -cf - l1l2gui | gzip -9 > "$tarball"
echo "built $app ($(du -sm "$app" | cut -f1) MB) and $tarball ($(du -m "$tarball" | cut -f1) MB)"
