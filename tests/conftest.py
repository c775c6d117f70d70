"""Shared test set-up: headless Qt, and never the user's real settings."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def pytest_configure(config) -> None:
    # QSettings() with no arguments must never reach the real user config
    import tempfile

    home = tempfile.mkdtemp(prefix="l1l2gui-test-config-")
    os.environ["XDG_CONFIG_HOME"] = home
