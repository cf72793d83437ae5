"""Loading: the interview (the saved profile fills in the candidate) and the catalogue."""

from __future__ import annotations

from pathlib import Path

from cardgen.app.types import ADDRESS_FONT, FIGURES_FONT, SCRIPT_FONT, Options
from cardgen.input import config, profile, settings
from cardgen.input.catalogue import Catalogue, load_catalogue
from cardgen.model import Interview, Mode

__all__ = ["catalogue", "from_text", "load"]


def load(path: Path) -> Interview:
    """Read and check an interview file; the saved profile fills in the candidate."""
    return config.load_interview(path, settings.profile())


def from_text(note: str, **fields: str) -> Interview:
    """An interview from ``make --text``: one note and the command line's fields
    (``to``, ``company``, ``sender``, ``phone``, ``role``, ``source``); the saved
    profile stands in for ``--from``."""
    return config.interview_from_text(note, profile=settings.profile(), **fields)


def catalogue(interview: Interview, options: Options) -> Catalogue:
    """Everything a run of ``interview`` with ``options`` may use, read once (see
    :mod:`cardgen.input.catalogue`): what :func:`cardgen.app.plan` decides from."""
    return load_catalogue(
        cultures_file=options.cultures_file,
        fonts=(options.font, interview.style.font, SCRIPT_FONT, ADDRESS_FONT, FIGURES_FONT),
        layouts=(options.card, interview.style.card),
        printer=options.printer,
        strokes=_plots(options.mode),
        profile_font=profile.font(),
    )


def _plots(mode: str) -> bool:
    """Whether ``mode`` plots (one not of :class:`Mode` is refused by the plan, not here)."""
    return mode in {m.value for m in Mode} and Mode(mode).plots
