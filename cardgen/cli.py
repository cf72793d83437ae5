"""CLI: parse, call the library, print. Typer only; no work is done here.

ReportLab, Pillow and pypdfium2 are imported inside the commands that need
them, so ``cardgen --help`` stays fast.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from typer.core import TyperGroup

from cardgen.errors import CardgenError


class _OneLineErrors(TyperGroup):
    """Usage errors (an unknown option, a bad value) as one line on stderr, exit 2."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        try:  # recent typer carries its own copy of click
            from typer import _click as click
        except ImportError:  # pragma: no cover
            import click

        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.ClickException as exc:
            ctx = getattr(exc, "ctx", None)
            if type(exc).__name__ == "NoArgsIsHelpError" and ctx is not None:
                typer.echo(ctx.get_help(), err=True)  # plain `cardgen`: the help
            else:
                from cardgen.errors import one_line

                sub = ctx.command_path.partition(" ")[2] if ctx else ""
                where = f"{sub}: " if sub else ""
                hint = f"; see '{ctx.command_path} --help'" if ctx else ""
                typer.echo(f"cardgen: {one_line(where + exc.format_message() + hint)}", err=True)
            code = exc.exit_code
        except typer.Abort:
            typer.echo("cardgen: aborted", err=True)
            code = 1
        if not standalone_mode:
            return code
        sys.exit(code if isinstance(code, int) else 0)


app = typer.Typer(
    name="cardgen",
    cls=_OneLineErrors,
    help=(
        "Thank-you notes after a job interview: an email to every interviewer first, "
        "then, for conservative employers, a handwritten-looking card and envelope to "
        "print at home.\n\n"
        "Example: cardgen make samples/hartwell.yaml"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

INPUT = "Input"
LAYOUT = "Layout"
HAND = "Handwriting"
OUTPUT = "Output"

F = TypeVar("F", bound=Callable[..., object])


def _fail(message: str, code: int = 2) -> typer.Exit:
    from cardgen.errors import one_line

    typer.echo(f"cardgen: {one_line(message)}", err=True)
    return typer.Exit(code)


def friendly(func: F) -> F:
    """Turn our errors into one line on stderr and exit 2 (never a traceback)."""

    @functools.wraps(func)
    def wrapper(*args: object, **kwargs: object) -> object:
        try:
            return func(*args, **kwargs)
        except CardgenError as exc:
            raise _fail(str(exc), exc.exit_code) from None
        except KeyboardInterrupt:
            raise _fail("interrupted; nothing was half-written", 130) from None
        except (typer.Exit, typer.Abort):
            raise
        except Exception as exc:  # a bug: still one line, never a traceback
            raise _fail(
                f"internal error, please report it: {type(exc).__name__}: {exc}", 70
            ) from None

    return wrapper  # type: ignore[return-value]


def _read_note(value: str) -> tuple[str, str]:
    from cardgen.errors import InputError
    from cardgen.input.yamlnodes import MAX_FILE_BYTES, decode_text, read_text

    if value == "-":
        data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise InputError(f"standard input is over {MAX_FILE_BYTES // 1024} KB", file="<stdin>")
        return decode_text(data, "<stdin>"), "<stdin>"
    path = Path(value)
    return read_text(path), path.name


@app.command()
@friendly
def make(
    interview: Annotated[
        Path | None,
        typer.Argument(help="The interview file (YAML). Or use --text.", show_default=False),
    ] = None,
    text: Annotated[
        str | None,
        typer.Option(
            "--text", help="Note text file, or - for standard input.", rich_help_panel=INPUT
        ),
    ] = None,
    to: Annotated[
        str | None,
        typer.Option(
            help='With --text: the interviewer, e.g. "Ms. Jane Doe".', rich_help_panel=INPUT
        ),
    ] = None,
    company: Annotated[
        str | None, typer.Option(help="With --text: the company.", rich_help_panel=INPUT)
    ] = None,
    sender: Annotated[
        str | None,
        typer.Option("--from", help='With --text: you, as "Name <email>".', rich_help_panel=INPUT),
    ] = None,
    phone: Annotated[
        str, typer.Option(help="With --text: your phone number.", rich_help_panel=INPUT)
    ] = "",
    role: Annotated[str, typer.Option(help="With --text: the role.", rich_help_panel=INPUT)] = "",
    culture: Annotated[
        str | None,
        typer.Option(
            help="conservative, standard or modern (or an alias); overrides the file.",
            rich_help_panel=INPUT,
        ),
    ] = None,
    cultures_file: Annotated[
        Path | None,
        typer.Option("--cultures", help="Extra culture profiles (YAML).", rich_help_panel=INPUT),
    ] = None,
    paper: Annotated[
        str | None,
        typer.Option(help="letter or a4 (default: by your country).", rich_help_panel=LAYOUT),
    ] = None,
    card: Annotated[
        str | None,
        typer.Option(
            help="Card layout name or a .yaml file; also asks for a card in any culture.",
            rich_help_panel=LAYOUT,
        ),
    ] = None,
    envelope: Annotated[
        str | None, typer.Option(help="Envelope (default: the card's).", rich_help_panel=LAYOUT)
    ] = None,
    no_envelope: Annotated[
        bool, typer.Option("--no-envelope", help="Make no envelopes.", rich_help_panel=LAYOUT)
    ] = False,
    stamp_box: Annotated[
        bool,
        typer.Option("--stamp-box", help="A faint stamp-corner guide.", rich_help_panel=LAYOUT),
    ] = False,
    return_on_flap: Annotated[
        bool,
        typer.Option(
            "--return-on-flap",
            help="Return address on the back flap (an extra page).",
            rich_help_panel=LAYOUT,
        ),
    ] = False,
    monogram: Annotated[
        bool,
        typer.Option(help="Your initials on a folded card's front.", rich_help_panel=LAYOUT),
    ] = True,
    font: Annotated[
        str | None,
        typer.Option(help="A shipped hand (cardgen fonts) or a .ttf file.", rich_help_panel=HAND),
    ] = None,
    ink: Annotated[
        str | None,
        typer.Option(help="navy, blue, black, sepia, green or #rrggbb.", rich_help_panel=HAND),
    ] = None,
    neatness: Annotated[
        str,
        typer.Option(help="very-neat, neat, natural or relaxed.", rich_help_panel=HAND),
    ] = "neat",
    seed: Annotated[
        int, typer.Option(help="Handwriting seed: same seed, same cards.", rich_help_panel=HAND)
    ] = 0,
    out: Annotated[
        Path | None,
        typer.Option(
            help="Output folder (default: ./cardgen-out/<company>).", rich_help_panel=OUTPUT
        ),
    ] = None,
    only: Annotated[
        str | None,
        typer.Option(
            help="Make one interviewer's part only (name or slug).", rich_help_panel=OUTPUT
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite existing files.", rich_help_panel=OUTPUT)
    ] = False,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict", help="Write nothing if a check finds a problem.", rich_help_panel=OUTPUT
        ),
    ] = False,
    now: Annotated[
        str | None,
        typer.Option(
            help="The time for the deadline check (ISO, default: now).", rich_help_panel=OUTPUT
        ),
    ] = None,
) -> None:
    """Make the kit: emails, a plan, and for card cultures the cards, envelopes and print sheets.

    Example: cardgen make samples/hartwell.yaml --out kit --seed 7
    """
    from cardgen.errors import InputError
    from cardgen.input.config import interview_from_text, load_interview
    from cardgen.kit import MakeOptions, make_kit
    from cardgen.layout.handwriting import NEATNESS

    if (interview is None) == (text is None):
        raise InputError("give an interview file, or --text NOTE.txt with --to, --company, --from")
    if text is not None:
        missing = [
            n for n, v in (("--to", to), ("--company", company), ("--from", sender)) if not v
        ]
        if missing:
            raise InputError(f"--text needs {', '.join(missing)}")
        note, source = _read_note(text)
        model = interview_from_text(
            note,
            to=to or "",
            company=company or "",
            sender=sender or "",
            phone=phone,
            role=role,
            source=source,
        )
    else:
        assert interview is not None
        model = load_interview(interview)
    if paper is not None and paper.lower() not in ("letter", "a4"):
        raise InputError(f"--paper must be letter or a4, got '{paper}'")
    if neatness not in NEATNESS:
        raise InputError(f"--neatness must be one of {', '.join(NEATNESS)}, got '{neatness}'")
    opts = MakeOptions(
        culture=culture,
        out=out,
        paper=paper.lower() if paper else None,
        card=card,
        envelope=envelope,
        font=font,
        ink=ink,
        seed=seed,
        only=only,
        force=force,
        no_envelope=no_envelope,
        stamp_box=stamp_box,
        return_on_flap=return_on_flap,
        neatness=neatness,
        monogram=monogram,
        cultures_file=cultures_file,
    )
    findings = _report_checks(model, opts, now)
    if strict and any(f.severity == "problem" for f in findings):
        raise _fail("--strict: the checks found problems; nothing was written", 1)
    result = make_kit(model, opts)
    try:
        shown = result.out.relative_to(Path.cwd())
    except ValueError:
        shown = result.out
    typer.echo(f"Wrote {len(result.files)} files to {shown}/")
    for path in result.files:
        typer.echo(f"  {path.relative_to(result.out.resolve())}")
    for line in result.notes:
        typer.echo(f"  · {line}")
    typer.echo(f"Next: read {shown}/{result.plan} and send the emails first.")


def _report_checks(model, opts, now: str | None) -> list:
    """Run the advice checks before making, print them, and return the findings."""
    from cardgen.checks.report import run_for

    findings = run_for(model, opts, now)
    if findings:
        from cardgen.checks.report import render_report

        typer.echo(render_report(findings, color=sys.stdout.isatty(), interview=model))
    return findings


@app.command()
@friendly
def check(
    interview: Annotated[Path, typer.Argument(help="The interview file (YAML).")],
    culture: Annotated[
        str | None, typer.Option(help="Override the file's culture.", rich_help_panel=INPUT)
    ] = None,
    cultures_file: Annotated[
        Path | None,
        typer.Option("--cultures", help="Extra culture profiles (YAML).", rich_help_panel=INPUT),
    ] = None,
    card: Annotated[
        str | None,
        typer.Option(help="Check the fit on this card layout.", rich_help_panel=LAYOUT),
    ] = None,
    paper: Annotated[str | None, typer.Option(help="letter or a4.", rich_help_panel=LAYOUT)] = None,
    font: Annotated[
        str | None, typer.Option(help="Check the fit in this hand.", rich_help_panel=HAND)
    ] = None,
    now: Annotated[
        str | None,
        typer.Option(help="The time to check the 24-hour deadline against (ISO; default: now)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Findings as JSON.")] = False,
) -> None:
    """Check the notes before anything is sent: copy-paste slips, misspelt names, length, deadline.

    Exit 0 when there is no problem (advice only), 1 when there is one. Writes no files.

    Example: cardgen check samples/hartwell.yaml --now 2026-11-21T09:00
    """
    from cardgen.checks.report import render_json, render_report, run_for
    from cardgen.checks.rules import exit_code
    from cardgen.errors import InputError
    from cardgen.input.config import load_interview
    from cardgen.kit import MakeOptions

    if paper is not None and paper.lower() not in ("letter", "a4"):
        raise InputError(f"--paper must be letter or a4, got '{paper}'")
    model = load_interview(interview)
    opts = MakeOptions(
        culture=culture,
        card=card,
        paper=paper.lower() if paper else None,
        font=font,
        cultures_file=cultures_file,
    )
    findings = run_for(model, opts, now)
    if as_json:
        typer.echo(render_json(findings))
    else:
        typer.echo(render_report(findings, color=sys.stdout.isatty(), interview=model))
    raise typer.Exit(exit_code(findings))


@app.command()
@friendly
def init(
    path: Annotated[Path, typer.Argument(help="Where to write it.")] = Path("interview.yaml"),
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write a commented starter interview file to fill in.

    Example: cardgen init acme.yaml
    """
    from cardgen.output.writer import write_file
    from cardgen.starter import STARTER

    write_file(path, STARTER.encode(), force=force)
    typer.echo(f"Wrote {path}. Fill it in, then: cardgen check {path} && cardgen make {path}")


@app.command()
@friendly
def layouts() -> None:
    """List the shipped card layouts and envelopes with their sizes.

    Example: cardgen layouts
    """
    from cardgen.output.listing import layouts_text

    typer.echo(layouts_text())


@app.command()
@friendly
def fonts() -> None:
    """List the shipped handwriting fonts and what each suits.

    Example: cardgen fonts
    """
    from cardgen.output.listing import fonts_text

    typer.echo(fonts_text())


@app.command()
@friendly
def cultures(
    cultures_file: Annotated[
        Path | None, typer.Option("--cultures", help="Extra culture profiles (YAML).")
    ] = None,
) -> None:
    """List the culture profiles: what each makes, its tone, hand and timing.

    Example: cardgen cultures
    """
    from cardgen.output.listing import cultures_text

    typer.echo(cultures_text(cultures_file))


@app.command()
@friendly
def preview(
    pdf: Annotated[Path, typer.Argument(help="A PDF that cardgen made.")],
    dpi: Annotated[int, typer.Option(min=36, max=600, help="Resolution of the PNGs.")] = 150,
) -> None:
    """Render each page of a PDF to PNG next to it, to look before printing.

    Example: cardgen preview cardgen-out/hartwell-pryce-llp/01-margaret-dvorak/card.pdf
    """
    from cardgen.render.preview import preview_pdf

    for path in preview_pdf(pdf, dpi):
        typer.echo(str(path))


def main() -> None:
    """Entry point of the ``cardgen`` command."""
    app()
