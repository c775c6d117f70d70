"""l1l2gui: see why L1 and L2 behave differently, as losses and as regularizers."""

from __future__ import annotations

__version__ = "0.1.0"
APP_NAME = "l1l2gui"
