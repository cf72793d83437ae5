"""CLI: ``cardgen hand`` — print a template, read photos of it into a hand, list, remove.

Each command returns the text to print; :mod:`cardgen.cli` prints it and turns
errors into one line (the wrapper :class:`HandGroup` takes). The group builds its
commands only when it runs. The work is done by the orchestrator
(:mod:`cardgen.app`), loaded inside each command.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from cardgen import cli_options as opt
from cardgen.choices import Paper

__all__ = ["HELP", "HandGroup", "hand_app"]


class HandGroup(opt.PanelHelp, TyperGroup):
    """``cardgen hand``, its commands built when it runs: ``cardgen --help`` needs only
    its one line (building them costs 7 ms). ``wrap`` makes a command that returns its
    text one that prints it, its errors one line."""

    def __init__(self, wrap: Callable[[Callable[..., str]], Callable[..., Any]]) -> None:
        super().__init__(name="hand", help=HELP, no_args_is_help=True, rich_markup_mode=None)
        self._wrap = wrap
        self._built: Any = None

    def _group(self) -> Any:
        if self._built is None:
            self._built = typer.main.get_command(hand_app(self._wrap))
        return self._built

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self._group().list_commands(ctx))

    def get_command(self, ctx: Any, name: str) -> Any:
        return self._group().get_command(ctx, name)


def template(
    out: Annotated[Path, typer.Argument(help="The PDF to write.")] = Path("hand-template.pdf"),
    paper: opt.PaperOpt = None,
    pages: Annotated[
        int | None, typer.Option(min=1, help="Pages to print (more: more variants of each letter).")
    ] = None,
    letters: Annotated[str, typer.Option(help="Extra letters to capture, e.g. 'äöüßéèçłřč'.")] = "",
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> str:
    """Print the template for your own hand: write each box, then photograph the pages.

    Example: cardgen hand template hand.pdf --paper a4 --letters 'äöüß'
    """
    from cardgen import app as pipeline

    count = pipeline.hand_template(
        out, (paper or Paper.letter).value, pages=pages, letters=letters, force=force
    )
    import shlex

    again = f" --letters {shlex.quote(letters)}" if letters else ""
    return (
        f"Wrote {count} page(s) to {out}. Print at 100 %, write each box, photograph or scan "
        f"every page, then: cardgen hand add NAME PHOTO...{again}"
    )


def add(
    name: Annotated[str, typer.Argument(help="A name for the hand: letters, digits, hyphens.")],
    photos: Annotated[list[Path], typer.Argument(help="Photos or scans of the pages (JPEG, PNG).")],
    letters: Annotated[
        str, typer.Option(help="The extra letters the template was printed with.")
    ] = "",
    force: Annotated[bool, typer.Option("--force", help="Replace a hand of that name.")] = False,
) -> str:
    """Read photos of the filled-in template and save the hand as NAME (then: --font NAME).

    Example: cardgen hand add mine page1.jpg page2.jpg
    """
    from cardgen import app as pipeline

    return "\n".join(pipeline.hand_add(name, photos, letters=letters, force=force).lines)


def list_hands() -> str:
    """List the hands you captured.

    Example: cardgen hand list
    """
    from cardgen import app as pipeline

    return pipeline.hand_list()


def remove(name: Annotated[str, typer.Argument(help="The hand to remove.")]) -> str:
    """Remove a hand you captured.

    Example: cardgen hand remove mine
    """
    from cardgen import app as pipeline

    return f"Removed {pipeline.hand_remove(name)}"


HELP = (
    "Your own hand: print a template, write it, photograph it, and cards are written in it."
    "\n\nExample: cardgen hand template hand.pdf && cardgen hand add mine page1.jpg page2.jpg"
)


def hand_app(wrap: Callable[[Callable[..., str]], Callable[..., Any]]) -> typer.Typer:
    """The ``hand`` group, each command wrapped by ``wrap`` (printing, one-line errors)."""
    group = typer.Typer(name="hand", help=HELP, rich_markup_mode=None)
    commands: dict[str, Callable[..., str]] = {
        "template": template,
        "add": add,
        "list": list_hands,
        "remove": remove,
    }
    for name, func in commands.items():
        group.command(name, cls=opt.Command)(wrap(func))
    return group
