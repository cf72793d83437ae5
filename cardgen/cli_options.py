"""The CLI's options, declared once and shared by the commands that take them.

Typer only, like :mod:`cardgen.cli`: the choices of a fixed set are the
model's enums (:class:`~cardgen.model.Mode`, ``Neatness``, ``Paper``,
``AddressStyle``) or, for the printer's envelope feed, the small enums below.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from cardgen.model import AddressStyle, Mode, Neatness, Paper

__all__ = [
    "HAND",
    "INPUT",
    "LAYOUT",
    "OUTPUT",
    "AddressStyleOpt",
    "Align",
    "AlignOpt",
    "BackOpt",
    "CardOpt",
    "CompanyOpt",
    "CultureOpt",
    "CulturesOpt",
    "DxOpt",
    "DyOpt",
    "Edge",
    "EdgeOpt",
    "EnvelopeOpt",
    "Face",
    "FaceOpt",
    "Feed",
    "FeedOpt",
    "FontOpt",
    "ForceOpt",
    "FromOpt",
    "InkOpt",
    "InterviewArg",
    "InterviewOpt",
    "MakePrinterOpt",
    "ModeOpt",
    "MonogramOpt",
    "NeatnessOpt",
    "NoEnvelopeOpt",
    "NowOpt",
    "OnlyOpt",
    "OutOpt",
    "PaperOpt",
    "PhoneOpt",
    "PrinterOpt",
    "ReturnOnFlapOpt",
    "RoleOpt",
    "ScaleOpt",
    "SeedOpt",
    "StampBoxOpt",
    "StrictOpt",
    "TextOpt",
    "ToOpt",
]

INPUT = "Input"
LAYOUT = "Layout"
HAND = "Handwriting"
OUTPUT = "Output"

# -- options, declared once -------------------------------------------------------

InterviewArg = Annotated[Path, typer.Argument(help="The interview file (YAML).")]
CultureOpt = Annotated[
    str | None,
    typer.Option(
        help="conservative, standard or modern (or an alias); overrides the file.",
        rich_help_panel=INPUT,
    ),
]
CulturesOpt = Annotated[
    Path | None,
    typer.Option("--cultures", help="Extra culture profiles (YAML).", rich_help_panel=INPUT),
]
PaperOpt = Annotated[
    Paper | None,
    typer.Option(
        case_sensitive=False,
        help="The print sheet (default: Letter in the US, Canada, Mexico; else A4).",
        rich_help_panel=LAYOUT,
    ),
]
CardOpt = Annotated[
    str | None,
    typer.Option(
        help="Card layout name or a .yaml file; also asks for a card in any culture.",
        rich_help_panel=LAYOUT,
    ),
]
FontOpt = Annotated[
    str | None,
    typer.Option(help="A shipped hand (cardgen fonts) or a .ttf file.", rich_help_panel=HAND),
]
PenOpt = Annotated[
    str | None,
    typer.Option(
        help="The pen a pen hand is written with: ballpoint (default), gel or fountain.",
        rich_help_panel=HAND,
    ),
]
NowOpt = Annotated[
    str | None,
    typer.Option(help="The time the 24-hour deadline is measured from (ISO; default: now)."),
]
InterviewOpt = Annotated[
    Path | None,
    typer.Argument(help="The interview file (YAML). Or use --text.", show_default=False),
]
TextOpt = Annotated[
    str | None,
    typer.Option("--text", help="Note text file, or - for standard input.", rich_help_panel=INPUT),
]
ToOpt = Annotated[
    str | None,
    typer.Option(
        help='With --text: the interviewer, e.g. "Ms. Jane Doe" or "Dr. Jane Doe <jane@acme.com>".',
        rich_help_panel=INPUT,
    ),
]
CompanyOpt = Annotated[
    str | None, typer.Option(help="With --text: the company.", rich_help_panel=INPUT)
]
FromOpt = Annotated[
    str | None,
    typer.Option("--from", help='With --text: you, as "Name <email>".', rich_help_panel=INPUT),
]
PhoneOpt = Annotated[
    str, typer.Option(help="With --text: your phone number.", rich_help_panel=INPUT)
]
RoleOpt = Annotated[str, typer.Option(help="With --text: the role.", rich_help_panel=INPUT)]
EnvelopeOpt = Annotated[
    str | None, typer.Option(help="Envelope (default: the card's).", rich_help_panel=LAYOUT)
]
NoEnvelopeOpt = Annotated[
    bool, typer.Option("--no-envelope", help="Make no envelopes.", rich_help_panel=LAYOUT)
]
StampBoxOpt = Annotated[
    bool, typer.Option("--stamp-box", help="A faint stamp-corner guide.", rich_help_panel=LAYOUT)
]
ReturnOnFlapOpt = Annotated[
    bool,
    typer.Option(
        "--return-on-flap",
        help="Return address on the back flap (an extra page).",
        rich_help_panel=LAYOUT,
    ),
]
MonogramOpt = Annotated[
    bool, typer.Option(help="Your initials on a folded card's front.", rich_help_panel=LAYOUT)
]
InkOpt = Annotated[
    str | None,
    typer.Option(help="navy, blue, black, sepia, green or #rrggbb.", rich_help_panel=HAND),
]
AddressStyleOpt = Annotated[
    AddressStyle,
    typer.Option(
        help=(
            "written: as you typed it, by the destination's conventions; postal: also the "
            "USPS Publication 28 style for US addresses (capitals, no punctuation, STE)."
        ),
        rich_help_panel=LAYOUT,
    ),
]
ModeOpt = Annotated[
    Mode,
    typer.Option(
        help=(
            "print: the handwriting, printed; guide: faint guides and a copy sheet to write "
            "by pen; plot: SVGs for a pen plotter (needs cardgen[plot])."
        ),
        rich_help_panel=HAND,
    ),
]
NeatnessOpt = Annotated[
    Neatness, typer.Option(help="How much the hand varies.", rich_help_panel=HAND)
]
SeedOpt = Annotated[
    int, typer.Option(help="Handwriting seed: same seed, same cards.", rich_help_panel=HAND)
]
OutOpt = Annotated[
    Path | None,
    typer.Option(help="Output folder (default: ./cardgen-out/<company>).", rich_help_panel=OUTPUT),
]
OnlyOpt = Annotated[
    str | None,
    typer.Option(help="Make one interviewer's part only (name or folder).", rich_help_panel=OUTPUT),
]
ForceOpt = Annotated[
    bool, typer.Option("--force", help="Overwrite existing files.", rich_help_panel=OUTPUT)
]
StrictOpt = Annotated[
    bool,
    typer.Option(
        "--strict",
        help=(
            "Write nothing if a check finds a problem (exit 1) or a card or envelope cannot "
            "be made (exit 2). Without it, make leaves those out, writes the rest, exits 1."
        ),
        rich_help_panel=OUTPUT,
    ),
]


MakePrinterOpt = Annotated[
    str | None,
    typer.Option(
        "--printer",
        help="Which saved printer's calibration to use (default: the only or 'default' one).",
        rich_help_panel=OUTPUT,
        show_default=False,
    ),
]


class Feed(StrEnum):
    """The page size a printer is told for an envelope."""

    envelope = "envelope"
    letter = "letter"
    a4 = "a4"


class Align(StrEnum):
    """Where an envelope sits across the tray."""

    middle = "center"
    left = "left"
    right = "right"


class Edge(StrEnum):
    """Which edge of the envelope (as you read the address) goes in first."""

    top = "top"
    bottom = "bottom"
    left = "left"
    right = "right"


class Face(StrEnum):
    """Which way the address side faces in the tray."""

    up = "up"
    down = "down"


PrinterOpt = Annotated[
    str,
    typer.Option(
        "--printer", help="A name for this printer, if you use more than one.", show_default=False
    ),
]


DxOpt = Annotated[str, typer.Option(help="It prints this far right (−: left), e.g. 1.5mm.")]
DyOpt = Annotated[str, typer.Option(help="It prints this far down (−: up), e.g. -0.5mm.")]
BackOpt = Annotated[str, typer.Option(help="The same, on the back of a sheet.")]
ScaleOpt = Annotated[str, typer.Option(help="The size it prints at, e.g. 99.6%.")]
FeedOpt = Annotated[
    Feed | None,
    typer.Option(help="Envelopes are printed as their own size, or lying on Letter/A4."),
]
AlignOpt = Annotated[Align | None, typer.Option(help="Where the envelope sits across the tray.")]
EdgeOpt = Annotated[Edge | None, typer.Option(help="Which edge of the envelope goes in first.")]
FaceOpt = Annotated[Face | None, typer.Option(help="The address side up or down in the tray.")]
