"""Resources: find the shipped fonts/ and layouts/ folders.

Installed from a wheel they sit in ``cardgen/_data/`` (hatch force-include);
run from a checkout they sit next to the package. Never relative to the
current directory.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

__all__ = ["data_dir", "fonts_dir", "layouts_dir"]

_PACKAGE = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    """The shipped folder ``name`` ("fonts" or "layouts").

    Raises:
        FileNotFoundError: when neither the wheel's nor the checkout's copy exists.
    """
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"cardgen is installed without its {name}/ folder")


def fonts_dir() -> Path:
    """The folder of shipped TrueType fonts."""
    return data_dir("fonts")


def layouts_dir() -> Path:
    """The folder of shipped card, envelope and culture data."""
    return data_dir("layouts")
