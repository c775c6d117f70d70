"""Tooltips shared by every tab's controls (each tab's own are written beside its widgets)."""

from __future__ import annotations

PRESET_TIP = (
    "Start from a preset: settings that show one claim of the source.\n"
    "Hover over a name in the list for what it shows; editing any value makes it Custom."
)


def defaults_tip(preset: str) -> str:
    """The Defaults button's tooltip, naming the preset it applies."""
    return f"All parameters back to the {preset} preset (Edit → Reset tab to defaults)"
