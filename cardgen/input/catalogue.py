"""Input stage: everything a run reads besides the interview, loaded once, as one value.

:func:`load_catalogue` reads the culture profiles and palette (the shipped ones
and a ``--cultures`` file), the card and envelope layouts, the fonts a run may
use (every shipped hand, its fallbacks, and a user's file or layout named on
the command line, in the interview or in a culture), the saved printer, the
pen plotter's single-line font when it will plot, and the pens a single-line
hand is written with (``layouts/pens.yaml``). Planning
(:func:`cardgen.app.plan`) then decides from this value alone and reads no file.

A value that cannot be loaded is kept as its error and raised only when the
plan uses it, so a broken printer file stops a card run and not an email-only
one, and errors come in the order the plan meets them, each at the place it
came from.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

import msgspec

from cardgen.errors import CardgenError, InputError
from cardgen.input import settings
from cardgen.input.fonts import fallback_fonts, font_catalogue
from cardgen.input.layouts import (
    Palette,
    card_layouts,
    cultures,
    envelope_layouts,
    load_card_layout,
    palette,
    pens,
)
from cardgen.input.strokes import (
    CURSIVE_HAND,
    PRINT_HAND,
    parse_stroke_font,
    resolve_hand,
    stroke_font_data,
    stroke_font_packed,
)
from cardgen.input.strokes import stroke_font as stroke_font_named
from cardgen.model import (
    CardLayout,
    Culture,
    EnvelopeLayout,
    FontInfo,
    InkPen,
    Printer,
    StrokeFont,
)

__all__ = ["Catalogue", "load_catalogue", "resolve_card_layout"]

T = TypeVar("T")


def _attempt(load: Callable[[], T]) -> T | CardgenError:
    """``load()``, or the error it raised (kept to be raised where it is used)."""
    try:
        return load()
    except CardgenError as exc:
        return exc


def _got(value: T | CardgenError) -> T:
    if isinstance(value, CardgenError):
        raise value
    return value


class _Unparsed:
    """A single-line hand's file, read but not yet made a hand: a run that never writes
    with it (a TrueType card) does not pay for parsing it; made once, when first asked."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.data = _attempt(lambda: stroke_font_data(name))
        self.packed = stroke_font_packed(name)  # parsed ahead, if it was
        self._font: StrokeFont | CardgenError | None = None

    def font(self) -> StrokeFont | CardgenError:
        if self._font is None:
            data = self.data
            self._font = (
                data
                if isinstance(data, CardgenError)
                else _attempt(lambda: parse_stroke_font(self.name, data, self.packed))
            )
        return self._font


class Catalogue(msgspec.Struct, frozen=True, eq=False, weakref=True):
    """What a run may use, read once (see the module's docstring); never reads a file."""

    cultures_file: Path | None
    culture_table: dict[str, Culture] | CardgenError
    colours: Palette | CardgenError
    card_layouts: dict[str, CardLayout]  # the shipped ones, by name
    named_layouts: dict[str, CardLayout | CardgenError]  # every layout value a run may name
    envelope_layouts: dict[str, EnvelopeLayout]
    fonts: dict[str, FontInfo | StrokeFont | CardgenError]  # every hand a run may name
    fallbacks: dict[str, tuple[FontInfo, ...]]  # font name → the fonts standing in for it
    saved_printer: Printer | CardgenError | None
    printers_file: str  # where the printers are saved, for messages and the plan
    stroke_font: StrokeFont | CardgenError | None  # the default pen hand (None: not needed)
    # the pen's print hand, a script's stand-in (read; parsed when first asked for)
    print_strokes: _Unparsed | None
    pen_table: dict[str, InkPen] | CardgenError  # the pens, the default first
    # the saved profile's hand (value, file, line): cards are written in it unless the
    # command line or the interview file names one
    profile_font: tuple[str, str, int | None] | None = None

    def pens(self) -> dict[str, InkPen]:
        """The pens a single-line hand is written with, by name, the default first
        (raises the pens file's error)."""
        return _got(self.pen_table)

    def pen(self, name: str | None = None) -> InkPen:
        """The pen called ``name`` (None: the default pen)."""
        table = self.pens()
        if name is None:
            return next(iter(table.values()))
        if name not in table:
            raise InputError(f"unknown pen '{name}' (valid: {', '.join(table)})", key="pen")
        return table[name]

    def cultures(self) -> dict[str, Culture]:
        """The culture profiles by name (raises the cultures file's error)."""
        return _got(self.culture_table)

    def palette(self) -> Palette:
        """The named inks and stocks (raises the cultures file's error)."""
        return _got(self.colours)

    def card_layout(self, value: str) -> CardLayout:
        """The layout ``value`` names: a shipped name or a ``.yaml`` file."""
        if value not in self.named_layouts:
            return _got(_attempt(lambda: resolve_card_layout(value, self.card_layouts, None)))
        return _got(self.named_layouts[value])

    def font(self, value: str) -> FontInfo:
        """The TrueType font ``value`` names: a shipped hand or a ``.ttf`` file."""
        hand = self.hand(value)
        if not isinstance(hand, FontInfo):
            raise CardgenError(f"'{value}' is a pen's hand, not a TrueType font")
        return hand

    def hand(self, value: str) -> FontInfo | StrokeFont:
        """The hand ``value`` names: a shipped pen's hand (single-line), a shipped
        TrueType hand, or a ``.ttf`` file."""
        if value not in self.fonts:
            raise CardgenError(f"the font '{value}' was not loaded with the catalogue")
        found = self.fonts[value]
        if isinstance(found, CardgenError):
            raise found
        return found

    def print_hand(self) -> StrokeFont | None:
        """The pen's print hand, which draws what a joined script lacks (None: not loaded)."""
        found = self.print_strokes.font() if self.print_strokes is not None else None
        return found if isinstance(found, StrokeFont) else None

    def fallback_fonts(self, primary: FontInfo) -> tuple[FontInfo, ...]:
        """The shipped fonts that stand in for characters ``primary`` lacks, in order."""
        return self.fallbacks[primary.name]

    def printer(self) -> Printer | None:
        """The saved printer the run uses (None: none saved; raises a bad printer file's error)."""
        return _got(self.saved_printer)

    def strokes(self) -> StrokeFont:
        """The default pen's hand (a single-line font), for a run that plots."""
        font = _got(self.stroke_font)
        if font is None:
            raise CardgenError("the single-line font was not loaded: this run does not plot")
        return font


def resolve_card_layout(
    value: str, shipped: dict[str, CardLayout], load: Callable[[Path], CardLayout] | None
) -> CardLayout:
    """A shipped layout's name, or a path to a ``.yaml`` layout (read with ``load``)."""
    if value in shipped:
        return shipped[value]
    if value.endswith((".yaml", ".yml")) or os.sep in value:
        if load is None:
            raise InputError(f"the card layout '{value}' was not loaded", key="card")
        return load(Path(value))
    raise InputError(
        f"unknown card layout '{value}' (shipped: {', '.join(shipped)}; or a .yaml file)",
        key="card",
    )


def load_catalogue(
    *,
    cultures_file: Path | None,
    fonts: Iterable[str | None],
    layouts: Iterable[str | None],
    printer: str | None,
    strokes: bool,
    profile_font: tuple[str, str, int | None] | None = None,
) -> Catalogue:
    """Read everything a run may use, once.

    Args:
        cultures_file: the ``--cultures`` file, if any.
        fonts: font values the run may name besides the cultures' (``--font``,
            ``style.font``, the hands the app always uses); None is skipped.
        layouts: card layout values the run may name besides the cultures'.
        printer: ``--printer``'s name (None: the default saved printer).
        strokes: whether the run plots (then the default pen's hand is read).
        profile_font: the saved profile's ``font:`` (value, file, line), if any.
    """
    table = _attempt(lambda: cultures(cultures_file))
    colours = _attempt(lambda: palette(cultures_file))
    shipped = card_layouts()
    font_values = [v for v in (*fonts, profile_font[0] if profile_font else None) if v]
    layout_values = [v for v in layouts if v]
    if not isinstance(table, CardgenError):
        for culture in table.values():
            font_values.append(culture.font)
            layout_values += [culture.card_layout_letter, culture.card_layout_a4]
    resolved = {v: _attempt(_font_loader(v)) for v in font_values}
    primaries = [*font_catalogue()]
    primaries += [f.name for f in resolved.values() if isinstance(f, FontInfo)]
    named = {v: _attempt(_layout_loader(v, shipped)) for v in layout_values}
    stroke_font: StrokeFont | CardgenError | None = None
    print_strokes: _Unparsed | None = None
    if strokes:
        stroke_font = _attempt(lambda: stroke_font_named(CURSIVE_HAND))
    if strokes or any(isinstance(f, StrokeFont) for f in resolved.values()):
        print_strokes = _Unparsed(PRINT_HAND)
    return Catalogue(
        cultures_file=cultures_file,
        culture_table=table,
        colours=colours,
        card_layouts=shipped,
        named_layouts=named,
        envelope_layouts=envelope_layouts(),
        fonts=resolved,
        fallbacks={name: _fallbacks(name, resolved) for name in primaries},
        saved_printer=_attempt(lambda: settings.printer(printer)),
        printers_file=str(settings.printers_path()),
        stroke_font=stroke_font,
        print_strokes=print_strokes,
        pen_table=_attempt(pens),
        profile_font=profile_font,
    )


def _font_loader(value: str) -> Callable[[], FontInfo | StrokeFont]:
    return lambda: resolve_hand(value)


def _layout_loader(value: str, shipped: dict[str, CardLayout]) -> Callable[[], CardLayout]:
    return lambda: resolve_card_layout(value, shipped, load_card_layout)


def _fallbacks(
    name: str, resolved: dict[str, FontInfo | StrokeFont | CardgenError]
) -> tuple[FontInfo, ...]:
    shipped = font_catalogue()
    if name in shipped:
        return fallback_fonts(shipped[name])
    user = next(f for f in resolved.values() if isinstance(f, FontInfo) and f.name == name)
    return fallback_fonts(user)
