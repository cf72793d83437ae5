"""Units: every length in cardgen is in PostScript points (1 in = 72 pt)."""

from __future__ import annotations

__all__ = ["INCH", "MM", "UNITS", "inches", "millimetres"]

INCH = 72.0  # pt
MM = 72.0 / 25.4  # pt
UNITS = {"in": INCH, "mm": MM, "cm": 720.0 / 25.4, "pt": 1.0}  # the units a layout file may use


def inches(pt: float) -> float:
    """Points → inches."""
    return pt / INCH


def millimetres(pt: float) -> float:
    """Points → millimetres."""
    return pt / MM
