"""The CLI's options, declared once and shared by the commands that take them.

Typer only, like :mod:`cardgen.cli`: the choices of a fixed set are the
model's enums (:class:`~cardgen.choices.Mode`, ``Neatness``, ``Paper``,
``AddressStyle``) or, for the printer's envelope feed, the small enums below.

The help lists the options under their panels (``INPUT``, ``LAYOUT``, …) and
the commands under theirs, as Typer's rich help does, but with click's own
plain formatter (:class:`PanelHelp`): rich and its Markdown parser take longer
to load than all the rest of ``cardgen --help``.
"""

from __future__ import annotations

import inspect
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperCommand

if TYPE_CHECKING:
    from collections.abc import Iterable

from cardgen.choices import AddressStyle, Mode, Neatness, Paper

__all__ = [
    "ARGUMENTS",
    "COMMANDS",
    "HAND",
    "INPUT",
    "LAYOUT",
    "OPTIONS",
    "OUTPUT",
    "AddressStyleOpt",
    "Align",
    "AlignOpt",
    "BackOpt",
    "CardOpt",
    "Command",
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
    "PanelHelp",
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
ARGUMENTS, OPTIONS, COMMANDS = "Arguments", "Options", "Commands"  # the unnamed panels


class PanelHelp:
    """``--help`` with the arguments, options and commands under their panels' headings.

    In the order Typer's rich help shows them: the arguments, the options without
    a panel, then each panel as first named; then the commands the same way.
    Mixed into a click command or group, ahead of it. The examples are left
    unwrapped, so that a command can be copied whole.
    """

    help: str | None

    def format_help_text(self, ctx: Any, formatter: Any) -> None:
        text = inspect.cleandoc(self.help or "").partition("\f")[0]
        if text:
            formatter.write_paragraph()
            with formatter.indentation():  # click keeps a paragraph that starts with \b as is
                formatter.write_text(text.replace("\n\nExample:", "\n\n\b\nExample:"))

    def format_options(self, ctx: Any, formatter: Any) -> None:
        params = self.get_params(ctx)  # type: ignore[attr-defined]
        rows: dict[str, list[tuple[str, str]]] = {ARGUMENTS: [], OPTIONS: []}
        for kind, unnamed in (("argument", ARGUMENTS), ("option", OPTIONS)):
            for param in params:
                record = param.get_help_record(ctx)
                if param.param_type_name == kind and record is not None:
                    panel = getattr(param, "rich_help_panel", None) or unnamed
                    rows.setdefault(panel, []).append(record)
        _sections(formatter, rows.items())
        commands: dict[str, list[tuple[str, str]]] = {COMMANDS: []}
        names = self.list_commands(ctx) if hasattr(self, "list_commands") else []
        for name in names:
            command = self.get_command(ctx, name)  # type: ignore[attr-defined]
            if command is not None and not command.hidden:
                panel = getattr(command, "rich_help_panel", None) or COMMANDS
                summary = command.get_short_help_str(limit=formatter.width * 4)
                commands.setdefault(panel, []).append((name, summary))
        _sections(formatter, commands.items())


def _sections(formatter: Any, panels: Iterable[tuple[str, list[tuple[str, str]]]]) -> None:
    for title, rows in panels:
        if rows:
            with formatter.section(title):
                formatter.write_dl(rows)


class Command(PanelHelp, TyperCommand):
    """A command whose help groups its options by panel (:class:`PanelHelp`)."""


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
