"""The orchestrator's values: the command line's choices, the decided run, what ``make`` wrote."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec

from cardgen.errors import CardgenError
from cardgen.input.catalogue import Catalogue
from cardgen.layout.card import CardText
from cardgen.layout.envelope import EnvelopeArt
from cardgen.layout.fonts import FontSet
from cardgen.layout.geometry import Sheet
from cardgen.layout.handwriting import Hand
from cardgen.layout.textfit import Fit
from cardgen.model import (
    AddressStyle,
    CardLayout,
    Culture,
    EnvelopeLayout,
    FontInfo,
    InkPen,
    Interview,
    Interviewer,
    Mode,
    Neatness,
    Paper,
    Printer,
    StrokeFont,
)

__all__ = ["CardJob", "EnvelopeJob", "KitResult", "Options", "Progress", "Run"]

LETTER_COUNTRIES = {"US", "CA", "MX"}  # where Letter paper is the default
SCRIPT_FONT = "dancing-script"  # the signature and a folded card's front
ADDRESS_FONT = "patrick-hand"  # every envelope: a neat print hand the post can read
FIGURES_FONT = "itim"  # the envelope's digits, from a face whose figures OCR reads
FIGURES_THINNER = 0.02  # em: Itim's stems (0.100 em) to Patrick Hand's (0.080 em)

Progress = Callable[[str, int, int], None]  # (what is being done, steps done, steps in all)


class Options(msgspec.Struct, frozen=True):
    """Choices from the command line; ``None`` means "the file's, else the culture's".

    The choices of a fixed set are enums; a plain string (``mode="plot"``) is
    taken too, and checked by :func:`cardgen.app.plan`.
    """

    culture: str | None = None
    cultures_file: Path | None = None
    out: Path | None = None
    paper: Paper | None = None
    card: str | None = None  # a layout name or a path to a .yaml layout
    envelope: str | None = None
    font: str | None = None
    ink: str | None = None
    pen: str | None = None  # the pen a pen hand is drawn with (pens.yaml); None: ballpoint
    neatness: Neatness = Neatness.neat
    seed: int = 0
    only: str | None = None
    force: bool = False
    no_envelope: bool = False
    stamp_box: bool = False
    return_on_flap: bool = False
    monogram: bool = True
    printer: str | None = None  # a saved printer's name; None: the default one, if saved
    mode: Mode = Mode.print
    address_style: AddressStyle = AddressStyle.written


class CardJob(msgspec.Struct, frozen=True):
    """One interviewer's card, fitted: ``fit`` is None when the note does not fit."""

    number: int
    person: Interviewer
    text: CardText
    seed: int
    fit: Fit | None
    problem: str = ""  # why it does not fit (or cannot be written), for the check report
    where: str = ""  # ``file:line:col: key``, where the problem is in the file


class EnvelopeJob(msgspec.Struct, frozen=True):
    """One interviewer's envelope, composed: ``art`` is None when it cannot be addressed."""

    number: int
    art: EnvelopeArt | None
    problem: CardgenError | None = None  # why not: what ``make`` stops with


class Run(msgspec.Struct, frozen=True):
    """A run, decided: what :func:`cardgen.app.plan` chose, for ``check`` and ``make``.

    Every choice is made once here (culture, people, paper, layout, envelope,
    sheet, fonts, hand, colours, file names), and so is the work that decides
    whether a card or envelope can be made: each card's note is fitted
    (``cards``), each envelope is composed (``addressed``) and the signature
    scan is inked. ``make`` composes the cards from their fits and draws
    everything; it decides nothing.
    """

    interview: Interview
    options: Options
    catalogue: Catalogue  # what the run was planned from (``make`` plans the whole kit from it)
    culture: Culture
    people: tuple[tuple[int, Interviewer], ...]  # (number in file order, person)
    folders: dict[int, str]  # number → "01-margaret-dvorak"
    mails_card: bool
    out: Path
    checklist_name: str  # "plan.txt", or "plan-02-tomas-okafor.txt" for --only
    mode: Mode = Mode.print
    paper: Paper | None = None  # the print sheet's paper (a card run)
    layout: CardLayout | None = None
    envelope: EnvelopeLayout | None = None
    sheet: Sheet | None = None
    sheet_name: str = ""
    envelopes_name: str = ""
    font: FontInfo | StrokeFont | None = None
    fonts: dict[str, FontSet] = msgspec.field(default_factory=dict)  # "body", "signature"
    plain: FontInfo | None = None  # the print hand of captions, hints and copy sheets
    hand: Hand = msgspec.field(default_factory=Hand)
    ink: str = ""  # #rrggbb
    stock: str = ""  # #rrggbb
    stock_name: str = ""  # what the plan tells the candidate to buy
    signature: Any = None  # the inked signature image (render stage), if any
    larger: tuple[CardLayout, ...] = ()  # layouts to suggest when a note does not fit
    envelopes: tuple[EnvelopeLayout, ...] = ()  # envelopes the card fits, to suggest
    cards: tuple[CardJob, ...] = ()
    addressed: tuple[EnvelopeJob, ...] = ()  # each envelope, composed once
    printer: Printer | None = None  # the calibration print sheets and envelopes undo
    scale: float = 1.0  # the body hand's size factor (fonts.yaml scale)
    pen: InkPen | None = None  # the pen a pen hand's writing is drawn with (None: filled, plotted)

    @property
    def makes_cards(self) -> bool:
        """Whether the run makes cards (a card culture or ``--card``, with a layout)."""
        return self.mails_card and self.layout is not None


class KitResult(msgspec.Struct):
    """What ``make`` wrote."""

    out: Path
    files: list[Path] = msgspec.field(default_factory=list)
    notes: list[str] = msgspec.field(default_factory=list)  # figures for the user, one line each
    checklist: str = "plan.txt"  # the checklist's file name, relative to ``out``
    left_out: list[str] = msgspec.field(
        default_factory=list
    )  # what could not be made, one line each
