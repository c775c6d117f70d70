"""l1l2gui: see why L1 and L2 behave differently, as losses and as regularizers."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

APP_NAME = "l1l2gui"
try:
    # One source of truth: pyproject's version, as installed (the frozen app bundles
    # this metadata too, see packaging/l1l2gui.spec).
    __version__ = version(APP_NAME)
except PackageNotFoundError:  # a source tree on PYTHONPATH that was never installed
    __version__ = "0+unknown"
