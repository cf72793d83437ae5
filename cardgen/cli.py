"""CLI: parse, call the library, print. Typer only.

The kit's pipeline (load, plan, check, make) and the small commands that join
stages (init, calibrate, preview) go through the orchestrator
(:mod:`cardgen.app`); what only formats or saves is called where it lives:
the listings (:mod:`cardgen.output.listing`), the check report
(:mod:`cardgen.checks.report`), the profile and printer editing
(:mod:`cardgen.input.profile`, written with :func:`cardgen.output.writer.write_file`).

Every option is declared once below and shared by the commands that take it;
the choices of a fixed set are the model's enums. Nothing heavy is imported
at module level — the orchestrator, ReportLab, Pillow and pypdfium2 load
inside the commands — so ``cardgen --help`` stays fast.
"""

# No `from __future__ import annotations` here: Typer reads every command's parameters
# on each run, and each annotation written as a string costs it a parse (eval), 30 M
# instructions a run. The names only type checkers load are quoted.
import functools
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from typer.core import TyperGroup

from cardgen import cli_options as opt
from cardgen.choices import AddressStyle, Mode, Neatness, Paper
from cardgen.cli_hand import HandGroup
from cardgen.errors import CardgenError, KitInterrupted, drop_stdout

if TYPE_CHECKING:
    from cardgen.app import KitResult
    from cardgen.checks.rules import Finding
    from cardgen.model import Interview


class _OneLineErrors(opt.PanelHelp, TyperGroup):
    """Usage errors (an unknown option, a bad value) as one line on stderr, exit 2."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_command(HandGroup(lambda func: _printed(func)))  # `cardgen hand`

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
            import click  # type: ignore[no-redef]

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
                message = exc.format_message().replace("Value error, ", "").rstrip(".")
                typer.echo(f"cardgen: {one_line(where + message + hint)}", err=True)
            code = exc.exit_code
        except typer.Abort:
            typer.echo("cardgen: aborted", err=True)
            code = 1
        if not standalone_mode:
            return code
        sys.exit(code if isinstance(code, int) else 0)

    # Ctrl-C while the options are parsed (Typer loads more then) says so too;
    # Typer would exit 130 without a word. A command reports its own: friendly().

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().make_context(*args, **kwargs)
        except KeyboardInterrupt:
            raise _fail("interrupted; nothing was written", 130) from None

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            raise _fail("interrupted; nothing was written", 130) from None


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
    rich_markup_mode=None,  # plain help, grouped by panel (opt.PanelHelp): rich loads slowly
    add_completion=False,
    pretty_exceptions_enable=False,
)


F = TypeVar("F", bound=Callable[..., object])


def _fail(message: str, code: int = 2) -> typer.Exit:
    from cardgen.errors import one_line

    typer.echo(f"cardgen: {one_line(message)}", err=True)
    return typer.Exit(code)


def _shown(path: Path) -> Path:
    """``path`` relative to the current folder when it lies inside it."""
    return _inside(path, Path.cwd())


def _interrupted(exc: KeyboardInterrupt) -> str:
    """What Ctrl-C left, in words: the writer says whether the new kit was in place."""
    if not isinstance(exc, KitInterrupted):
        return "interrupted; nothing was written"
    if exc.written:
        return f"interrupted after the kit was written: {_shown(exc.out)} is complete"
    if exc.existed:
        return f"interrupted; the old kit in {_shown(exc.out)} is untouched"
    return "interrupted; nothing was written"


def _say(text: str) -> None:
    """Print ``text`` on standard output.

    A reader that went away (``cardgen fonts | head -1``) ends the output
    quietly: the rest is dropped and the command still finishes, as a kit
    being made must. Standard output that fails (``> /dev/full``) is an error.
    """
    try:
        typer.echo(text)
    except OSError as exc:
        drop_stdout()
        if not isinstance(exc, BrokenPipeError):
            raise CardgenError(f"cannot write to standard output: {exc.strerror or exc}") from None


def friendly(func: F) -> F:
    """Turn our errors into one line on stderr and exit 2 (never a traceback)."""

    @functools.wraps(func)
    def wrapper(*args: object, **kwargs: object) -> object:
        try:
            return func(*args, **kwargs)
        except CardgenError as exc:
            raise _fail(str(exc), exc.exit_code) from None
        except KeyboardInterrupt as exc:
            raise _fail(_interrupted(exc), 130) from None
        except (typer.Exit, typer.Abort):
            raise
        except Exception as exc:  # a bug: still one line, never a traceback
            raise _fail(
                f"internal error, please report it: {type(exc).__name__}: {exc}", 70
            ) from None

    return wrapper  # type: ignore[return-value]


def _show(findings: Sequence["Finding"], interview: "Interview") -> None:
    from cardgen.checks.report import render_report

    if findings:
        _say(render_report(findings, color=sys.stdout.isatty(), interview=interview))


@app.command(cls=opt.Command)
@friendly
def make(
    interview: opt.InterviewOpt = None,
    text: opt.TextOpt = None,
    to: opt.ToOpt = None,
    company: opt.CompanyOpt = None,
    sender: opt.FromOpt = None,
    phone: opt.PhoneOpt = "",
    role: opt.RoleOpt = "",
    culture: opt.CultureOpt = None,
    cultures_file: opt.CulturesOpt = None,
    paper: opt.PaperOpt = None,
    card: opt.CardOpt = None,
    envelope: opt.EnvelopeOpt = None,
    no_envelope: opt.NoEnvelopeOpt = False,
    stamp_box: opt.StampBoxOpt = False,
    return_on_flap: opt.ReturnOnFlapOpt = False,
    address_style: opt.AddressStyleOpt = AddressStyle.written,
    monogram: opt.MonogramOpt = True,
    font: opt.FontOpt = None,
    pen: opt.PenOpt = None,
    ink: opt.InkOpt = None,
    mode: opt.ModeOpt = Mode.print,
    neatness: opt.NeatnessOpt = Neatness.neat,
    seed: opt.SeedOpt = 0,
    out: opt.OutOpt = None,
    only: opt.OnlyOpt = None,
    force: opt.ForceOpt = False,
    strict: opt.StrictOpt = False,
    now: opt.NowOpt = None,
    printer: opt.MakePrinterOpt = None,
) -> None:
    """Make the kit: emails, a plan, and for card cultures the cards, envelopes and print sheets.

    Example: cardgen make samples/hartwell.yaml --out kit --seed 7
    """
    from cardgen import app as pipeline
    from cardgen.errors import InputError, one_line

    if (interview is None) == (text is None):
        raise InputError("give an interview file, or --text NOTE.txt with --to and --company")
    if interview is not None:
        model = pipeline.load(interview)
    else:
        given = (("--to", to), ("--company", company))
        if missing := [name for name, value in given if not value]:
            raise InputError(f"--text needs {', '.join(missing)}")
        from cardgen.input.files import read_note

        note, source = read_note(text or "", sys.stdin.buffer)
        model = pipeline.from_text(
            note, source=source, to=to or "", company=company or "", sender=sender or "",
            phone=phone, role=role,
        )  # fmt: skip
    options = pipeline.Options(
        culture=culture, cultures_file=cultures_file, out=out, paper=paper, card=card,
        envelope=envelope, font=font, pen=pen, ink=ink, neatness=neatness, seed=seed, only=only,
        force=force, no_envelope=no_envelope, stamp_box=stamp_box,
        return_on_flap=return_on_flap, monogram=monogram, printer=printer, mode=mode,
        address_style=address_style,
    )  # fmt: skip
    run = pipeline.plan(model, options, pipeline.catalogue(model, options))
    findings = pipeline.check(run, now, spelling=strict)  # spelling: `check`, `--strict`
    _show(findings, model)
    if strict:  # a card or envelope that cannot be made: its error, exit 2, nothing written
        pipeline.stop_on_unmade(run)
    if strict and any(f.severity == "problem" for f in findings):
        raise _fail("--strict: the checks found problems; nothing was written", 1)
    result = _make_with_progress(pipeline, run, now=pipeline.parse_now(now), strict=strict)
    try:
        _show_kit(result)
    except KeyboardInterrupt:
        raise KitInterrupted(result.out, written=True, existed=True) from None
    except CardgenError as exc:  # standard output failed; the kit is whole all the same
        raise CardgenError(f"{exc}; the kit was written to {_shown(result.out)}") from None
    if result.left_out:  # the rest of the kit is written: say what is missing, exit 1
        for line in result.left_out:
            typer.echo(f"cardgen: {one_line(line)}", err=True)
        raise typer.Exit(1)


PROGRESS_FROM = 4  # cards: fewer are done before a progress bar would be read


def _make_with_progress(pipeline: Any, run: Any, **options: Any) -> "KitResult":
    """``make``, with a progress bar on stderr when it is a terminal and there is a wait."""
    if len(run.cards) < PROGRESS_FROM or not sys.stderr.isatty():
        result: KitResult = pipeline.make(run, **options)
        return result
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    columns = (TextColumn("{task.description:<40}"), BarColumn(), MofNCompleteColumn())
    made: list[KitResult] = []
    try:
        with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
            task = bar.add_task("composing", total=None)

            def show(what: str, done: int, total: int) -> None:
                bar.update(task, description=what[:40], completed=done, total=total)

            made.append(pipeline.make(run, progress=show, **options))
    except KeyboardInterrupt:
        if made:  # while the bar was cleared: the kit is written
            raise KitInterrupted(made[0].out, written=True, existed=True) from None
        raise
    return made[0]


def _inside(path: Path, folder: Path) -> Path:
    """``path`` relative to ``folder`` however the two are spelt (relative, through a
    symbolic link such as macOS's ``/tmp``); ``path`` itself when it is not inside."""
    spellings = (  # each tried only when the one before does not do
        str,
        os.path.abspath,
        lambda p: str(p.resolve()),  # a file system call for each part of each path
    )
    for spell in spellings:
        a, b = spell(path), spell(folder)
        if a == b:
            return Path(".")
        if a.startswith(b.rstrip(os.sep) + os.sep):  # as Path.relative_to, on the text
            return Path(a[len(b.rstrip(os.sep)) + 1 :])
    return path


def _show_kit(result: "KitResult") -> None:
    shown = _shown(result.out)
    _say(f"Wrote {len(result.files)} files to {shown}/")
    out = Path(os.path.abspath(result.out))  # once: the files are listed from it
    for path in result.files:
        _say(f"  {_inside(path, out)}")
    for line in result.notes:
        _say(f"  · {line}")
    _say(f"Next: read {shown}/{result.checklist} and send the emails first.")


@app.command(cls=opt.Command)
@friendly
def check(
    interview: opt.InterviewArg,
    culture: opt.CultureOpt = None,
    cultures_file: opt.CulturesOpt = None,
    card: opt.CardOpt = None,
    paper: opt.PaperOpt = None,
    font: opt.FontOpt = None,
    mode: opt.ModeOpt = Mode.print,
    now: opt.NowOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Findings as JSON.")] = False,
) -> None:
    """Check the notes before anything is sent: copy-paste slips, misspelt names, length, deadline.

    Exit 0 when there is no problem (advice only), 1 when there is one. Writes no files.

    Example: cardgen check samples/hartwell.yaml --now 2026-11-21T09:00
    """
    from cardgen import app as pipeline
    from cardgen.checks.report import render_json, render_report
    from cardgen.checks.rules import exit_code

    model = pipeline.load(interview)
    options = pipeline.Options(
        culture=culture, cultures_file=cultures_file, card=card, paper=paper, font=font,
        mode=mode,
    )  # fmt: skip
    findings = pipeline.check(
        pipeline.plan(model, options, pipeline.catalogue(model, options)), now
    )
    if as_json:
        _say(render_json(findings))
    else:
        _say(render_report(findings, color=sys.stdout.isatty(), interview=model))
    raise typer.Exit(exit_code(findings))


@app.command(cls=opt.Command)
@friendly
def init(
    path: Annotated[Path, typer.Argument(help="Where to write it.")] = Path("interview.yaml"),
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write a commented starter interview file to fill in.

    Example: cardgen init acme.yaml
    """
    from cardgen import app as pipeline

    pipeline.init(path, force=force)
    _say(f"Wrote {path}. Fill it in, then: cardgen check {path} && cardgen make {path}")


@app.command(cls=opt.Command)
@friendly
def layouts() -> None:
    """List the shipped card layouts and envelopes with their sizes.

    Example: cardgen layouts
    """
    from cardgen.output import listing

    _say(listing.layouts_text())


@app.command(cls=opt.Command)
@friendly
def fonts() -> None:
    """List the shipped handwriting fonts and what each suits.

    Example: cardgen fonts
    """
    from cardgen.output import listing

    _say(listing.fonts_text())


@app.command(cls=opt.Command)
@friendly
def cultures(cultures_file: opt.CulturesOpt = None) -> None:
    """List the culture profiles: what each makes, its tone, hand and timing.

    Example: cardgen cultures
    """
    from cardgen.output import listing

    _say(listing.cultures_text(cultures_file))


@app.command(cls=opt.Command)
@friendly
def preview(
    pdf: Annotated[Path, typer.Argument(help="A PDF, or a plotter SVG, that cardgen made.")],
    dpi: Annotated[int, typer.Option(min=36, max=600, help="Resolution of the PNGs.")] = 150,
) -> None:
    """Render each page of a PDF (or a plotter SVG's strokes) to PNG next to it.

    Example: cardgen preview cardgen-out/hartwell-pryce-llp/01-margaret-dvorak/card.pdf
    """
    from cardgen import app as pipeline

    for step in pipeline.preview(pdf, dpi):
        if step.path is not None:
            _say(str(step.path))
        if step.note:
            _say(f"  · {step.note}")


@app.command(cls=opt.Command)
@friendly
def profile(
    name: Annotated[str, typer.Option(help="Your name, as you sign.")] = "",
    email: Annotated[str, typer.Option(help="Your email address.")] = "",
    phone: Annotated[str, typer.Option(help="Your phone number.")] = "",
    street: Annotated[str, typer.Option(help="Your street and number.")] = "",
    city: Annotated[str, typer.Option(help="Your town or city.")] = "",
    region: Annotated[str, typer.Option(help="Your state, province or region.")] = "",
    postal_code: Annotated[str, typer.Option(help="Your postal code.")] = "",
    country: Annotated[str, typer.Option(help="Your country, two letters (US, GB, DE).")] = "",
    signature: Annotated[str, typer.Option(help="A PNG or JPG scan of your signature.")] = "",
    show: Annotated[bool, typer.Option("--show", help="Show the saved profile.")] = False,
) -> None:
    """Save your own details once: every interview file and --text may then leave them out.

    Asks for each on a terminal; or give them as options. An interview file's
    `candidate:` still wins where it gives a value.

    Example: cardgen profile --name "Alex Rivera" --email alex@example.com --phone "+1 217 555 0142"
    """
    from cardgen.input import profile as saved_profile
    from cardgen.output.writer import write_file

    if show:
        _say(saved_profile.show_profile())
        return
    fields = {"name": name, "email": email, "phone": phone, "signature": signature}
    address = {
        "street": street,
        "city": city,
        "region": region,
        "postal_code": postal_code,
        "country": country,
    }
    if not any([*fields.values(), *address.values()]) and sys.stdin.isatty():
        current = saved_profile.current_profile()
        for key in fields:
            fields[key] = typer.prompt(key.capitalize(), default=current.get(key, ""))
        saved = current.get("address") or {}
        for key in address:
            label = key.replace("_", " ").capitalize()
            address[key] = typer.prompt(f"Address: {label}", default=saved.get(key, ""))
    path, data = saved_profile.edited_profile(fields, address=address)
    write_file(path, data, force=True)
    _say(f"Saved {path}. Interview files and --text may now leave these out.")


@app.command(cls=opt.Command)
@friendly
def calibrate(
    paper: Annotated[Paper, typer.Option(help="The paper you print cards on.")] = Paper.letter,
    back: Annotated[
        bool,
        typer.Option("--back", help="Add the back page, for two-sided (half-fold) cards."),
    ] = False,
    out: Annotated[Path, typer.Option(help="Where to write the PDF.")] = Path(
        "cardgen-printer-test.pdf"
    ),
    force: opt.ForceOpt = False,
) -> None:
    """Write a printer test page: print it, fold it, read how far your printer shifts.

    Then save what you read with `cardgen printer`; every print sheet and
    envelope from then on is moved the other way.

    Example: cardgen calibrate --paper a4 --back
    """
    from cardgen import app as pipeline

    path = pipeline.calibrate(out, paper.value, back=back, force=force)
    _say(f"Wrote {path}")
    _say(
        'Print it at 100 % ("actual size"), fold it as it says, then: cardgen printer --dx … --dy …'
    )


@app.command(cls=opt.Command)
@friendly
def printer(
    name: opt.PrinterOpt = "default",
    dx: opt.DxOpt = "",
    dy: opt.DyOpt = "",
    back_dx: opt.BackOpt = "",
    back_dy: opt.BackOpt = "",
    scale: opt.ScaleOpt = "",
    envelope_paper: opt.FeedOpt = None,
    envelope_align: opt.AlignOpt = None,
    envelope_first: opt.EdgeOpt = None,
    envelope_face: opt.FaceOpt = None,
    show: Annotated[bool, typer.Option("--show", help="Show the saved printers.")] = False,
) -> None:
    """Save how your printer shifts and scales the page, and how it takes envelopes.

    Read the numbers off `cardgen calibrate`'s test page. Lengths without a
    unit are millimetres.

    Example: cardgen printer --dx 1.5mm --dy -0.5mm --scale 99.6% --envelope-first left
    """
    from cardgen.input import profile as saved_profile
    from cardgen.output.plan import describe_printer
    from cardgen.output.writer import write_file

    if show:
        _say(saved_profile.show_printers())
        return
    changes = {"dx": dx, "dy": dy, "back_dx": back_dx, "back_dy": back_dy, "scale": scale}
    feed = {
        "paper": envelope_paper.value if envelope_paper else "",
        "align": envelope_align.value if envelope_align else "",
        "first": envelope_first.value if envelope_first else "",
        "face": envelope_face.value if envelope_face else "",
    }
    path, data, saved = saved_profile.edited_printers(name, changes, feed=feed)
    write_file(path, data, force=True)
    _say(f"Saved printer '{saved.name}' in {path}: {describe_printer(saved)}")


def _printed(func: Callable[..., str]) -> Callable[..., None]:
    """A command that returns its text: printed, its errors one line (``cardgen hand``)."""

    @functools.wraps(func)
    def run(*args: object, **kwargs: object) -> None:
        _say(func(*args, **kwargs))

    return friendly(run)


# The cyclic garbage collector's pace for one run of the command. A run makes millions
# of small objects and frees nearly all of them by reference count; at Python's default
# (a pass every 700 new objects, the whole heap now and then) the collector walked the
# drawing libraries' objects again and again: 70 M instructions of a 4.7 G run, more of
# its time (it waits on memory). Garbage cycles are still freed, every 100,000 objects.
GC_THRESHOLDS = (100_000, 50, 100)


def main() -> None:
    """Run the ``cardgen`` command (entered through :func:`cardgen.__main__.main`)."""
    import gc

    gc.set_threshold(*GC_THRESHOLDS)
    gc.enable()  # off while the CLI loaded (cardgen.__main__)
    try:
        app()
    except KeyboardInterrupt:  # while Typer built the commands: nothing had started
        sys.exit(_fail("interrupted; nothing was written", 130).exit_code)
    except OSError as exc:  # writing the help: the commands guard their own output
        drop_stdout()
        if isinstance(exc, BrokenPipeError):
            sys.exit(0)
        sys.exit(_fail(f"cannot write to standard output: {exc.strerror or exc}").exit_code)
    finally:
        # Done, and it said so. Python takes a while to shut down with the drawing
        # libraries loaded; Ctrl-C then would kill a finished run without a word.
        import signal

        signal.signal(signal.SIGINT, signal.SIG_IGN)
        # And the collector leaves what is left alone: at exit Python would walk every
        # object of the 470 modules loaded, twice, for cycles to free just before the
        # process ends anyway (70 M instructions of a 3.1 G run). What is not in a cycle
        # is still freed as Python shuts down; what only a cycle holds is not finalized,
        # so every file a command writes is closed before the command returns.
        gc.freeze()
