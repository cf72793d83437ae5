"""The CLI's help as click prints it, for :mod:`cardgen.helptext` to keep a copy of.

``cardgen --help`` and ``cardgen COMMAND --help`` print that copy without loading
Typer (:mod:`cardgen.__main__`); ``python tools/helptext.py`` writes it from
:func:`top_help`, and the tests check the two agree.
"""

from __future__ import annotations

import typer.main

from cardgen.cli import app

__all__ = ["top_help"]


def top_help(columns: int = 80, command: str = "") -> str:
    """``cardgen [COMMAND] --help`` on a terminal ``columns`` wide. click wraps it to the
    width, up to 80 columns: from 80 on it is one text, which :mod:`cardgen.helptext`
    keeps for the command to print without Typer (``python tools/helptext.py``)."""
    group = typer.main.get_command(app)
    width = max(min(columns, 80) - 2, 50)  # click's HelpFormatter
    with group.make_context("cardgen", [], resilient_parsing=True, terminal_width=width) as ctx:
        if not command:
            return ctx.get_help() + "\n"
        sub = group.get_command(ctx, command)  # type: ignore[attr-defined]
        with sub.make_context(command, [], parent=ctx, resilient_parsing=True) as sub_ctx:
            return sub_ctx.get_help() + "\n"
