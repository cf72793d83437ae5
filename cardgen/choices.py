"""The choices of a fixed set, as enums: the paper, the neatness, the address style, the mode.

Part of the model (:mod:`cardgen.model` re-exports them), kept in a module of
their own: the CLI declares its options with them, and ``cardgen --help`` need
not build the model's records to show them.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["AddressStyle", "Mode", "Neatness", "Paper"]


class Paper(StrEnum):
    """The print sheet's paper."""

    letter = "letter"
    a4 = "a4"


class Neatness(StrEnum):
    """How much the hand varies (:data:`cardgen.layout.handwriting.NEATNESS` per value)."""

    very_neat = "very-neat"
    neat = "neat"
    natural = "natural"
    relaxed = "relaxed"


class AddressStyle(StrEnum):
    """How the recipient's address is written: ``postal`` adds USPS Publication 28 for the US."""

    written = "written"
    postal = "postal"


class Mode(StrEnum):
    """How the cards are made, and so which files a kit holds.

    ``print``: the handwriting drawn into card.pdf, envelope.pdf and the print
    sheets; ``guide``: the same PDFs with faint guides instead of the writing,
    and a copy sheet (copy.pdf) to write from; ``plot``: SVGs for a pen plotter
    in the single-line hand, and no PDF or print sheet.
    """

    print = "print"
    guide = "guide"
    plot = "plot"

    @property
    def draws_pdfs(self) -> bool:
        """Whether cards and envelopes are drawn as PDFs, with the print sheets."""
        return self is not Mode.plot

    @property
    def plots(self) -> bool:
        """Whether cards and envelopes are pen-plotter SVGs in the single-line hand."""
        return self is Mode.plot

    @property
    def copy_sheet(self) -> bool:
        """Whether each card gets a copy sheet (copy.pdf) to write it by hand from."""
        return self is Mode.guide
