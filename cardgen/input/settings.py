"""Input stage: the candidate's own settings — their profile, and their printers.

Both live in the user's config folder (``typer.get_app_dir("cardgen")``, e.g.
``~/.config/cardgen``; the environment variable ``CARDGEN_CONFIG_DIR`` moves
it): ``profile.yaml`` holds the candidate's own block (name, email, phone,
address, signature: the same keys and rules as an interview file's
``candidate:``); ``printer.yaml`` holds how each printer shifts and scales
the page, front and back, and how it takes envelopes.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cardgen.errors import InputError
from cardgen.input.files import read_text

if TYPE_CHECKING:  # loaded where used: `cardgen init` asks only where the profile is
    from cardgen.input.yamlnodes import Node
    from cardgen.model import Printer

__all__ = [
    "FEED_CHOICES",
    "config_dir",
    "load_printers",
    "printer",
    "printer_entry",
    "printer_name_ok",
    "printers_from_text",
    "printers_path",
    "profile",
    "profile_path",
]

FEED_CHOICES = {
    "paper": ("envelope", "letter", "a4"),
    "align": ("center", "left", "right"),
    "first": ("top", "bottom", "left", "right"),
    "face": ("up", "down"),
}


def config_dir() -> Path:
    """The user's cardgen config folder (``CARDGEN_CONFIG_DIR`` overrides it)."""
    env = os.environ.get("CARDGEN_CONFIG_DIR")
    if env:
        return Path(env)
    import typer

    return Path(typer.get_app_dir("cardgen"))


def profile_path() -> Path:
    """Where the candidate's profile is saved."""
    return config_dir() / "profile.yaml"


def printers_path() -> Path:
    """Where the printer calibrations are saved."""
    return config_dir() / "printer.yaml"


def profile() -> dict[str, Any] | None:
    """The saved profile's details, or None when there is none."""
    from cardgen.input.config import load_profile  # YAML, the model, email: not for `init`

    path = profile_path()
    return load_profile(path) if path.exists() else None


def _length(node: Node) -> float:
    return node.length()


def _percent(node: Node) -> float:
    text = node.text(max_len=12).strip()
    value = text.removesuffix("%")
    try:
        scale = float(value) / (100.0 if text.endswith("%") else 1.0)
    except ValueError:
        raise node.error(f"expected a scale like 99.5%, got '{text}'") from None
    if not 0.9 <= scale <= 1.1:
        raise node.error("must be between 90% and 110% (a printer is never further off)")
    return scale


def printer_name_ok(name: str) -> bool:
    """Whether ``name`` may name a printer: a word of letters, digits, - and _."""
    return 0 < len(name) <= 40 and all(c.isalnum() or c in "-_" for c in name) and name.isascii()


def printer_entry(name: str, node: Node) -> Printer:
    """One printer from ``printer.yaml``, checked."""
    from cardgen.model import EnvelopeFeed, Printer  # the model: not for `cardgen init`

    keys = ("dx", "dy", "back_dx", "back_dy", "scale", "envelope")
    m = node.mapping(keys)
    values: dict[str, Any] = {}
    for key in ("dx", "dy", "back_dx", "back_dy"):
        if key in m:
            values[key] = _length(m[key])
            if abs(values[key]) > 20 * 72 / 25.4:
                raise m[key].error("must be within 20 mm: measure again on the test page")
    if "scale" in m:
        values["scale"] = _percent(m["scale"])
    feed = EnvelopeFeed()
    if "envelope" in m:
        em = m["envelope"].mapping(tuple(FEED_CHOICES))
        chosen = {}
        for key, node_ in em.items():
            value = node_.text(max_len=10).lower()
            if value not in FEED_CHOICES[key]:
                raise node_.error(f"expected {' or '.join(FEED_CHOICES[key])}, got '{value}'")
            chosen[key] = value
        feed = EnvelopeFeed(**chosen)
    return Printer(name=name, feed=feed, **values)


def load_printers(path: Path) -> dict[str, Printer]:
    """Every printer in a ``printer.yaml``."""
    return printers_from_text(read_text(path), str(path))


def printers_from_text(text: str, file: str) -> dict[str, Printer]:
    """Every printer in the text of a ``printer.yaml`` (``file`` names it in errors)."""
    from cardgen.input.yamlnodes import load_yaml  # YAML: not for `cardgen init`

    root = load_yaml(text, file)
    m = root.mapping(("printers",), required=("printers",))
    out = {}
    for name, node in m["printers"].items():
        if not printer_name_ok(name):
            raise node.error("printer names are words (letters, digits, - and _)")
        out[name] = printer_entry(name, node)
    return out


def printer(name: str | None) -> Printer | None:
    """The calibration of printer ``name`` (None: the default one), or None if not saved.

    Raises:
        InputError: ``name`` was asked for and is not saved.
    """
    path = printers_path()
    saved = load_printers(path) if path.exists() else {}
    if name is None:
        return saved.get("default") or (next(iter(saved.values())) if len(saved) == 1 else None)
    if name not in saved:
        known = ", ".join(saved) or "none yet"
        raise InputError(
            f"--printer '{name}' is not saved (saved: {known}); calibrate it: "
            f"cardgen calibrate, then cardgen printer --printer {name} --dx … --dy …"
        )
    return saved[name]
