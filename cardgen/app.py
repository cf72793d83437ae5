"""Orchestrator: the one place the stages meet — input → model → layout → render → output.

The CLI calls :func:`load`, :func:`from_text`, then :func:`check` or
:func:`make` (and the small commands' helpers below). Both build one
:class:`Plan` from the interview and the options: the culture, layout,
envelope, sheet, fonts, hand, colours as values, output names, and the fitted
note of every card — each card is fitted once per run, and ``check`` and
``make`` use the same fit. ``make`` then composes and renders every card and
envelope in memory and writes the kit as one unit
(:func:`cardgen.output.writer.write_kit`), so a failed or killed run leaves
the old kit or the new one, never a mix, and nothing outside the output folder.
"""

from __future__ import annotations

import codecs
import datetime as dt
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from cardgen.checks.rules import CardSize, Finding, run_checks
from cardgen.errors import CardgenError, InputError
from cardgen.input import config, settings, yamledit
from cardgen.input.files import MAX_FILE_BYTES, decode_text, read_limited, read_text
from cardgen.input.fonts import fallback_fonts, resolve_font
from cardgen.input.yamlnodes import load_yaml as load_yaml_text
from cardgen.layout.card import (
    READABLE_SIZE,
    CardArt,
    CardText,
    card_seed,
    check_glyphs,
    compose_card,
    fit_note,
    monogram,
    words_to_reach,
)
from cardgen.layout.card import problem as card_problem
from cardgen.layout.envelope import EnvelopeArt, compose_envelope, recipient_names
from cardgen.layout.folding import print_steps
from cardgen.layout.fonts import FontSet
from cardgen.layout.geometry import Sheet, envelope_on_paper, fits_envelope, impose
from cardgen.layout.handwriting import NEATNESS, Hand
from cardgen.layout.textfit import Fit
from cardgen.model import (
    CardLayout,
    Culture,
    EnvelopeFeed,
    EnvelopeLayout,
    FontInfo,
    Interview,
    Interviewer,
    Printer,
)
from cardgen.output import mail
from cardgen.output import plan as planfile
from cardgen.output.writer import write_file, write_kit
from cardgen.textrules import (
    a_or_an,
    closing,
    envelope_name,
    fold,
    parse_now,
    salutation,
    slug,
)

__all__ = [
    "CardJob",
    "KitResult",
    "Options",
    "Plan",
    "card_text",
    "check",
    "choose_envelope",
    "font_set",
    "from_text",
    "load",
    "make",
    "parse_now",
    "plan",
    "stop_on_unmade",
]

LETTER_COUNTRIES = {"US", "CA", "MX"}  # where Letter paper is the default
SCRIPT_FONT = "dancing-script"  # the signature and a folded card's front
ADDRESS_FONT = "patrick-hand"  # every envelope: a neat print hand the post can read
FIGURES_FONT = "itim"  # the envelope's digits, from a face whose figures OCR reads
FIGURES_THINNER = 0.02  # em: Itim's stems (0.100 em) to Patrick Hand's (0.080 em)
MODES = ("print", "guide", "plot")
PLOT_SCALE = 0.85  # the stroke font is wide: a little smaller reads as a hand's size


@dataclass(frozen=True)
class Options:
    """Choices from the command line; ``None`` means "the file's, else the culture's"."""

    culture: str | None = None
    cultures_file: Path | None = None
    out: Path | None = None
    paper: str | None = None
    card: str | None = None  # a layout name or a path to a .yaml layout
    envelope: str | None = None
    font: str | None = None
    ink: str | None = None
    neatness: str = "neat"
    seed: int = 0
    only: str | None = None
    force: bool = False
    no_envelope: bool = False
    stamp_box: bool = False
    return_on_flap: bool = False
    monogram: bool = True
    printer: str | None = None  # a saved printer's name; None: the default one, if saved
    mode: str = "print"  # print | guide | plot
    address_style: str = "written"  # written | postal (USPS Publication 28 for the US)


@dataclass(frozen=True)
class CardJob:
    """One interviewer's card, fitted: ``fit`` is None when the note does not fit."""

    number: int
    person: Interviewer
    text: CardText
    seed: int
    fit: Fit | None
    problem: str = ""  # why it does not fit (or cannot be written), for the check report
    where: str = ""  # ``file:line:col: key``, where the problem is in the file


@dataclass(frozen=True)
class EnvelopeJob:
    """One interviewer's envelope, composed: ``art`` is None when it cannot be addressed."""

    number: int
    art: EnvelopeArt | None
    problem: CardgenError | None = None  # why not: what ``make`` stops with


@dataclass(frozen=True)
class Plan:
    """Everything a run needs, decided once, before anything is composed or drawn."""

    interview: Interview
    options: Options
    culture: Culture
    people: tuple[tuple[int, Interviewer], ...]  # (number in file order, person)
    folders: dict[int, str]  # number → "01-margaret-dvorak"
    mails_card: bool
    out: Path
    plan_name: str  # "plan.txt", or "plan-02-tomas-okafor.txt" for --only
    layout: CardLayout | None = None
    envelope: EnvelopeLayout | None = None
    sheet: Sheet | None = None
    sheet_name: str = ""
    envelopes_name: str = ""
    font: FontInfo | None = None
    fonts: dict[str, FontSet] = field(default_factory=dict)  # "body", "signature"
    hand: Hand = field(default_factory=Hand)
    ink: str = ""  # #rrggbb
    stock: str = ""  # #rrggbb
    stock_name: str = ""  # what the plan tells the candidate to buy
    signature: Any = None  # the inked signature image (render stage), if any
    larger: tuple[CardLayout, ...] = ()  # layouts to suggest when a note does not fit
    envelopes: tuple[EnvelopeLayout, ...] = ()  # envelopes the card fits, to suggest
    cards: tuple[CardJob, ...] = ()
    addressed: tuple[EnvelopeJob, ...] = ()  # each envelope, composed once
    printer: Printer | None = None  # the calibration print sheets and envelopes undo
    scale: float = 1.0  # the body hand's size factor (fonts.yaml scale; PLOT_SCALE to plot)


@dataclass
class KitResult:
    """What ``make`` wrote."""

    out: Path
    files: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # figures for the user, one line each
    plan: str = "plan.txt"  # the plan's file name, relative to ``out``
    left_out: list[str] = field(default_factory=list)  # what could not be made, one line each


# -- input ----------------------------------------------------------------------


def load(path: Path) -> Interview:
    """Read and check an interview file; the saved profile fills in the candidate."""
    return config.load_interview(path, settings.profile())


def from_text(note: str, **fields: str) -> Interview:
    """An interview from ``make --text``: one note and the command line's fields
    (``to``, ``company``, ``sender``, ``phone``, ``role``, ``source``); the saved
    profile stands in for ``--from``."""
    return config.interview_from_text(note, profile=settings.profile(), **fields)


def save_profile(changes: dict[str, str], *, address: dict[str, str]) -> Path:
    """Update the saved profile with ``changes`` (and ``address`` fields), checked first.

    Empty values leave a field as it is, and so do values as already written.
    The file is edited in place (:func:`cardgen.input.yamledit.set_values`):
    only the values that change are rewritten, and comments, order and quoting
    stay. Nothing is written unless the result loads as a profile.

    Raises:
        InputError: a value the profile may not hold (the message says which).
    """
    path = settings.profile_path()
    data = read_limited(path, MAX_FILE_BYTES, path.name) if path.exists() else b""
    text = decode_text(data, path.name)
    edits: list[tuple[tuple[str, ...], str]] = []
    for key, value in changes.items():
        if value and key == "signature":
            written = yamledit.value_at(text, path.name, ("signature",))
            if written is None or written.text(max_len=500) != value:  # a new scan
                value = str(Path(value).expanduser().absolute())
        if value:
            edits.append(((key,), value))
    edits += [(("address", key), value) for key, value in address.items() if value]
    text = yamledit.set_values(text, path.name, edits)
    fields = config.candidate_fields(load_yaml_text(text, path.name), path.parent)
    for key in ("name", "email"):
        if key not in fields:
            raise InputError(f"the profile needs your {key}: --{key} …", key=key)
    bom = codecs.BOM_UTF8 if data.startswith(codecs.BOM_UTF8) else b""
    write_file(path, bom + text.encode(), force=True)
    return path


def current_profile() -> dict[str, Any]:
    """The saved profile's values as written (for prompts' defaults); empty if none.

    Read like every settings file: bounded, no aliases or tags.
    """
    path = settings.profile_path()
    if not path.exists():
        return {}
    root = load_yaml_text(read_text(path), path.name)
    out: dict[str, Any] = {}
    for key, node in root.mapping(config.CANDIDATE_KEYS).items():
        if key == "address":
            out[key] = {k: v.text(max_len=500) for k, v in node.items() if not v.is_null()}
        else:
            out[key] = node.text(max_len=500)
    return out


def show_profile() -> str:
    """The saved profile as it is on disk, or how to make one."""
    path = settings.profile_path()
    if not path.exists():
        return f"No profile yet ({path}). Make one: cardgen profile"
    settings.profile()
    return f"# {path}\n" + read_text(path).rstrip()


def _mm(value: str) -> str:
    """A length as the user typed it; a bare number means millimetres."""
    value = value.strip()
    try:
        float(value)
    except ValueError:
        return value
    return f"{value}mm"


def save_printer(
    name: str, changes: dict[str, str], *, feed: dict[str, str]
) -> tuple[Path, Printer]:
    """Update printer ``name``'s calibration (and envelope ``feed``), checked first.

    Empty values leave a setting as it is; lengths without a unit are millimetres.
    The file is edited in place like the profile (only changed values are
    rewritten); nothing is written unless the whole file loads back.

    Raises:
        InputError: a value the printer file may not hold (the message says which).
    """
    if not settings.printer_name_ok(name):
        raise InputError("printer names are words: letters, digits, - and _", key="--printer")
    path = settings.printers_path()
    data = read_limited(path, MAX_FILE_BYTES, str(path)) if path.exists() else b""
    text = decode_text(data, str(path))
    edits: list[tuple[tuple[str, ...], str]] = [
        (("printers", name, key), value if key == "scale" else _mm(value))
        for key, value in changes.items()
        if value
    ]
    edits += [(("printers", name, "envelope", k), v.lower()) for k, v in feed.items() if v]
    if not edits and yamledit.value_at(text, str(path), ("printers", name)) is None:
        edits = [(("printers", name, "dx"), "0mm")]  # a new printer, nothing shifted yet
    text = yamledit.set_values(text, str(path), edits)
    try:
        saved = settings.printers_from_text(text, str(path))
    except InputError as exc:  # name the option, not a line of a file not yet written
        parts = exc.key.split(".")[2:]
        if exc.key not in {".".join(key) for key, _ in edits} or not parts:
            raise
        option = "--" + "-".join(parts).replace("_", "-")
        raise InputError(exc.reason, key=option) from None
    bom = codecs.BOM_UTF8 if data.startswith(codecs.BOM_UTF8) else b""
    write_file(path, bom + text.encode(), force=True)
    return path, saved[name]


def describe_printer(printer: Printer) -> str:
    """A saved printer in one line."""
    return planfile.describe_printer(printer)


def show_printers() -> str:
    """The saved printers as they are on disk, or how to calibrate one."""
    path = settings.printers_path()
    if not path.exists():
        return f"No printer saved yet ({path}). Print the test page: cardgen calibrate"
    settings.load_printers(path)
    return f"# {path}\n" + read_text(path).rstrip()


def calibrate(out: Path, paper: str, *, back: bool, force: bool) -> Path:
    """Write the printer test page (and its back) to ``out``."""
    from cardgen.layout.calibration import calibration_pages
    from cardgen.render.calibration import render_calibration_pdf

    pdf = render_calibration_pdf(
        calibration_pages(paper, back=back), font=resolve_font(ADDRESS_FONT)
    )
    return write_file(out, pdf, force=force)


def address_hand() -> FontSet:
    """The envelope's hand: Patrick Hand, its figures from a face sorting machines read.

    Itim's figures are drawn at Patrick Hand's stroke weight: their stems are
    0.100 em wide, Patrick Hand's 0.080 em.
    """
    return FontSet(
        resolve_font(ADDRESS_FONT),
        fallback_fonts(resolve_font(ADDRESS_FONT)),
        figures=resolve_font(FIGURES_FONT) if FIGURES_FONT else None,
        figures_thinner=FIGURES_THINNER,
    )


def font_set(info: FontInfo) -> FontSet:
    """``info`` with the shipped fonts that stand in for characters it lacks."""
    return FontSet(info, fallback_fonts(info))


# -- planning -------------------------------------------------------------------


def _default_paper(interview: Interview) -> str:
    if interview.style.paper:
        return interview.style.paper
    for addr in (interview.candidate.address, interview.company.address):
        if addr is not None:
            return "letter" if addr.country in LETTER_COUNTRIES else "a4"
    return "letter"


def _card_layout(value: str) -> CardLayout:
    table = config.card_layouts()
    if value in table:
        return table[value]
    if value.endswith((".yaml", ".yml")) or os.sep in value:
        return config.load_card_layout(Path(value))
    raise InputError(
        f"unknown card layout '{value}' (shipped: {', '.join(table)}; or a .yaml file)", key="card"
    )


def choose_envelope(layout: CardLayout, name: str | None) -> EnvelopeLayout:
    """The envelope for ``layout``: ``name`` if given, else the layout's own.

    Raises:
        InputError: unknown envelope, or one the card does not fit in.
    """
    table = config.envelope_layouts()
    key = name or layout.envelope
    if key not in table:
        raise InputError(f"unknown envelope '{key}' (shipped: {', '.join(table)})", key="envelope")
    env = table[key]
    if not fits_envelope(layout, env):
        fitting = sorted(
            (e for e in table.values() if fits_envelope(layout, e)),
            key=lambda e: e.width * e.height,
        )
        hint = f"; {fitting[0].name} fits it" if fitting else ""
        raise InputError(
            f"the {layout.name} card ({layout.width / 72:.3g} × {layout.height / 72:.3g} in) "
            f"does not fit {a_or_an(envelope_name(env.name))} envelope "
            f"({env.width / 72:.3g} × {env.height / 72:.3g} in)" + hint,
            key="envelope",
        )
    return env


def _select(interview: Interview, only: str | None) -> tuple[tuple[int, Interviewer], ...]:
    """Everyone, or the one interviewer ``--only`` names.

    ``--only`` takes a full name, a first name or a surname (case and accents
    aside), or a folder name exactly as ``make`` writes it (``02-tomas-okafor``).
    Anything else — an empty value, a pattern, a path, a name nobody has —
    is an error listing what would do; it never means "everyone".
    """
    numbered = tuple(enumerate(interview.interviewers, start=1))
    if only is None:
        return numbered
    choices = "; use one of: " + ", ".join(
        f"{p.name} ({n:02d}-{slug(p.name)})" for n, p in numbered
    )
    value = " ".join(only.split())
    if not value:
        raise InputError("--only needs an interviewer's name" + choices)
    if any(c in value for c in "*?[]"):
        raise InputError(f"--only '{only}' is a pattern; it takes one interviewer" + choices)
    key = fold(value).casefold()
    picked = tuple(
        (n, p)
        for n, p in numbered
        if value == f"{n:02d}-{slug(p.name)}"
        or key in {fold(x).casefold() for x in (p.name, p.first_name, p.surname)}
    )
    if len(picked) != 1:
        what = "matches no" if not picked else "matches more than one"
        raise InputError(f"--only '{only}' {what} interviewer" + choices)
    return picked


@contextmanager
def _from_file(
    interview: Interview,
    key: str,
    given_on_command_line: bool,
    culture: Culture | None = None,
    culture_key: str = "",
) -> Iterator[None]:
    """Re-raise an error about a value at the file and line it came from.

    A value given on the command line is reported as it is; one from the
    interview file at its line there; one from a culture profile (``culture``,
    ``culture_key``) at its line in the cultures file.
    """
    try:
        yield
    except InputError as exc:
        if given_on_command_line:
            raise
        if interview.source is not None and (key in interview.lines or culture is None):
            file, line = interview.locate(key)
            raise InputError(exc.reason, file=file, line=line, key=key) from None
        if culture is not None and culture.source:
            file, line = culture.locate(culture_key)
            path = f"cultures.{culture.name}.{culture_key}"
            raise InputError(exc.reason, file=file, line=line, key=path) from None
        raise


def _check_imposes(layout: CardLayout, paper: str) -> Sheet:
    if layout.fold == "quarter" and paper != layout.paper:
        raise InputError(
            f"{layout.name} is folded from one {layout.paper.capitalize()} sheet and cannot "
            f"print on {paper}; choose a quarter-fold for {paper} (cardgen layouts)",
            key="paper",
        )
    try:
        return impose(layout, paper)
    except ValueError as exc:
        raise InputError(f"{exc}; choose a smaller card or the other paper", key="card") from None


def _larger_layouts(layout: CardLayout) -> tuple[CardLayout, ...]:
    """Shipped layouts for the same paper with a larger card, smallest first."""
    area = layout.width * layout.height
    bigger = [
        a
        for a in config.card_layouts().values()
        if a.paper == layout.paper and a.width * a.height > area
    ]
    return tuple(sorted(bigger, key=lambda a: a.width * a.height))


def _where(interview: Interview, number: int, person: Interviewer, key: str = "") -> str:
    """``hartwell.yaml:40: interviewers[2].address``, for messages."""
    loc = interview.source_name
    if person.line is not None:
        loc += f":{person.line}"
    path = f"interviewers[{number - 1}]" + (f".{key}" if key else "")
    return f"{loc}: {path}" if interview.source else f"{loc}: {key or 'note'}"


def _signature(interview: Interview, ink: str) -> tuple[Any, float]:
    """The candidate's signature scan as ink (once per run), and its aspect."""
    candidate = interview.candidate
    if candidate.signature is None:
        return None, 0.0
    from cardgen.render.signature import inked_signature

    try:
        return inked_signature(candidate.signature_data, ink)
    except ValueError as exc:
        file, line = interview.locate("candidate.signature")
        raise InputError(
            f"cannot use {candidate.signature.name}: {exc}",
            file=file,
            line=line,
            key="candidate.signature",
        ) from None


def plan(interview: Interview, options: Options) -> Plan:
    """Decide everything a run needs, and fit every card's note, once.

    Raises:
        InputError: a value that cannot be used (naming where it came from).
    """
    opts = options
    table = config.cultures(opts.cultures_file)
    with _from_file(interview, "company.culture", opts.culture is not None):
        culture = config.resolve_culture(
            opts.culture or interview.company.culture or "standard", table
        )
    people = _select(interview, opts.only)
    folders = {n: slug_folder((n, p)) for n, p in people}
    suffix = f"-{folders[people[0][0]]}" if opts.only is not None else ""
    out = opts.out or Path.cwd() / "cardgen-out" / slug(interview.company.name)
    mails_card = culture.mails_card or opts.card is not None
    colours = config.palette(opts.cultures_file)
    ink_name = opts.ink or interview.style.ink or culture.ink
    with _from_file(interview, "style.ink", opts.ink is not None, culture, "ink"):
        ink = colours.ink_hex(ink_name)
    with _from_file(interview, "style.stock", False, culture, "stock"):
        stock = colours.stock_hex(interview.style.stock or culture.stock)
    if opts.mode not in MODES:
        raise InputError(f"--mode must be one of {', '.join(MODES)}, got '{opts.mode}'")
    if opts.neatness not in NEATNESS:
        raise InputError(f"--neatness must be one of {', '.join(NEATNESS)}, got '{opts.neatness}'")
    common: dict[str, Any] = {
        "interview": interview,
        "options": opts,
        "culture": culture,
        "people": people,
        "folders": folders,
        "mails_card": mails_card,
        "out": out,
        "plan_name": f"plan{suffix}.txt",
        "ink": ink,
        "stock": stock,
    }
    if not mails_card:
        return Plan(**common)
    the_plan = Plan(**common, **_card_plan(interview, opts, culture, people, ink))
    if the_plan.envelope is None:
        return the_plan
    return replace(the_plan, addressed=tuple(_address(the_plan, n, p) for n, p in people))


def _address(the_plan: Plan, n: int, person: Interviewer) -> EnvelopeJob:
    """Interviewer ``n``'s envelope composed, or why it cannot be."""
    try:
        return EnvelopeJob(n, _compose_envelope(the_plan, n, person))
    except CardgenError as exc:
        return EnvelopeJob(n, None, exc)


def _card_plan(
    interview: Interview,
    opts: Options,
    culture: Culture,
    people: tuple[tuple[int, Interviewer], ...],
    ink: str,
) -> dict[str, Any]:
    """The card part of a plan: layout, envelope, sheet, fonts, hand, and each card's fit."""
    paper = opts.paper or _default_paper(interview)
    with _from_file(interview, "style.card", opts.card is not None, culture, "card_layout"):
        layout = _card_layout(
            opts.card
            or interview.style.card
            or (culture.card_layout_letter if paper == "letter" else culture.card_layout_a4)
        )
    envelope = None
    if not opts.no_envelope:
        with _from_file(interview, "style.envelope", opts.envelope is not None):
            envelope = choose_envelope(layout, opts.envelope or interview.style.envelope)
    sheet_paper = opts.paper or interview.style.paper or layout.paper
    sheet = _check_imposes(layout, sheet_paper)
    printer = settings.printer(opts.printer)
    if envelope is not None and printer is not None:
        try:
            envelope_on_paper(envelope.width, envelope.height, printer.feed)
        except ValueError as exc:
            raise InputError(
                f"{exc}: change how printer '{printer.name}' takes envelopes "
                "(cardgen printer --envelope-paper/--envelope-first)",
                file=str(settings.printers_path()),
            ) from None
    with _from_file(interview, "style.font", opts.font is not None, culture, "font"):
        font = resolve_font(opts.font or interview.style.font or culture.font)
    hand = Hand(k=NEATNESS[opts.neatness])
    if opts.mode == "plot":  # pen strokes: the single-line font for every line
        from cardgen.input.strokes import stroke_font
        from cardgen.layout.strokes import StrokeSet

        strokes = StrokeSet(stroke_font())
        fonts: dict[str, FontSet] = {"body": strokes, "signature": strokes}
        scale = PLOT_SCALE
        signature, aspect = None, 0.0  # a scan cannot be plotted: the name is written
    else:
        fonts = {"body": font_set(font), "signature": font_set(resolve_font(SCRIPT_FONT))}
        scale = font.scale
        signature, aspect = _signature(interview, ink)
    larger = _larger_layouts(layout)
    suffix = f"-{slug_folder(people[0])}" if opts.only is not None else ""
    plotting = opts.mode == "plot"
    return {
        "layout": layout,
        "envelope": envelope,
        "sheet": sheet,
        "printer": printer,
        "scale": scale,
        "sheet_name": "" if plotting else f"print/cards-{sheet_paper}{suffix}.pdf",
        "envelopes_name": f"print/envelopes{suffix}.pdf" if envelope and not plotting else "",
        "font": font,
        "fonts": fonts,
        "hand": hand,
        "stock_name": interview.style.stock or culture.stock,
        "signature": signature,
        "larger": larger,
        "envelopes": tuple(
            e for e in config.envelope_layouts().values() if fits_envelope(layout, e)
        ),
        "cards": tuple(
            _fit_card(
                interview,
                culture,
                n,
                person,
                layout,
                fonts,
                hand,
                scale,
                aspect,
                larger,
                opts.seed,
            )
            for n, person in people
        ),
    }


def slug_folder(numbered: tuple[int, Interviewer]) -> str:
    """An interviewer's folder name: ``01-margaret-dvorak``."""
    number, person = numbered
    return f"{number:02d}-{slug(person.name)}"


def card_text(
    interview: Interview, culture: Culture, number: int, person: Interviewer, aspect: float = 0.0
) -> CardText:
    """What interviewer ``number`` (1-based, file order) reads on their card.

    Args:
        aspect: the signature scan's width / height; 0 writes the name instead.
    """
    return CardText(
        salutation=salutation(culture, person),
        note=person.note,
        closing=closing(culture),
        signature=interview.candidate.name,
        signature_aspect=aspect,
        source=interview.source_name,
        key=f"interviewers[{number - 1}].note" if interview.source else "note",
        line=person.line,
        note_start=person.note_start,
        recipient=person.name,
    )


def _fit_card(
    interview: Interview,
    culture: Culture,
    number: int,
    person: Interviewer,
    layout: CardLayout,
    fonts: dict[str, FontSet],
    hand: Hand,
    scale: float,
    aspect: float,
    larger: tuple[CardLayout, ...],
    run_seed: int,
) -> CardJob:
    text = card_text(interview, culture, number, person, aspect)
    seed = card_seed(run_seed, person.name)
    try:
        check_glyphs(text, fonts)
        fit = fit_note(text, layout, fonts, hand, scale, seed)
    except CardgenError as exc:  # a character no font has: the message says where
        return CardJob(number, person, text, seed, None, problem=str(exc))
    except ValueError as exc:  # too long, or a word wider than a line
        where, why = card_problem(text, layout, exc, fonts, hand, scale, larger, seed)
        return CardJob(number, person, text, seed, None, problem=why, where=where)
    return CardJob(number, person, text, seed, fit)


# -- checking -------------------------------------------------------------------


def check(the_plan: Plan, now: str | None) -> list[Finding]:
    """The advice checks for a planned run, with the cards' fits and envelopes from the plan.

    Everything is keyed by the interviewer's number, not their name: two
    interviewers may share a name, and each has their own card and envelope.
    """
    jobs = {job.number: job for job in the_plan.cards}
    unaddressable = _envelope_problems(the_plan)
    return run_checks(
        the_plan.interview,
        the_plan.culture,
        now=parse_now(now),
        fit=(lambda n: jobs[n].problem or None if n in jobs else None) if jobs else None,
        mails_card=the_plan.mails_card,
        envelope=unaddressable.get,
        size=lambda n: _card_size(the_plan, jobs[n]) if n in jobs else None,
    )


def _card_size(the_plan: Plan, job: CardJob) -> CardSize | None:
    """The size ``job``'s card is written at, and the words to cut to write it at
    :data:`READABLE_SIZE` (computed only for a card written smaller)."""
    if job.fit is None or the_plan.layout is None:
        return None
    readable = READABLE_SIZE * the_plan.scale
    if job.fit.size >= readable - 1e-9:
        return CardSize(job.fit.size, readable, 0)
    cut = words_to_reach(
        job.text, the_plan.layout, the_plan.fonts, the_plan.hand, the_plan.scale, job.seed, readable
    )
    return CardSize(job.fit.size, readable, cut)


def _envelope_problems(the_plan: Plan) -> dict[int, str]:
    """Why an envelope cannot be addressed, by interviewer number (none: all can).

    From the envelopes the plan composed, as ``make`` uses them, so an address
    ``make`` refuses is a problem here too. A missing address is left to the
    ``no-address`` check.
    """
    people = dict(the_plan.people)
    return {
        job.number: str(job.problem)
        for job in the_plan.addressed
        if job.problem is not None
        and the_plan.interview.address_for(people[job.number]) is not None
    }


# -- making ---------------------------------------------------------------------


Progress = Callable[[str, int, int], None]  # (what is being done, steps done, steps in all)


def _quiet(what: str, done: int, total: int) -> None:
    """No progress shown."""


def make(
    the_plan: Plan,
    progress: Progress = _quiet,
    *,
    now: dt.datetime | None = None,
    strict: bool = False,
) -> KitResult:
    """Compose and render the kit in memory, then write it as one unit.

    A card or an envelope that cannot be made (a note too long for the card,
    an address the envelope cannot carry) is left out, with its place on the
    print sheets: every email, the plan and everything else is written, and
    the plan and :attr:`KitResult.left_out` say what was left out and why.

    With ``--only`` into a kit that holds the whole kit's ``plan.txt``, the
    shared print sheets and ``plan.txt`` are made again from every
    interviewer, so they show the card just redone.

    Args:
        the_plan: what :func:`plan` decided.
        progress: told after each card and envelope is drawn, and before the
            files are written (the CLI shows it on a terminal).
        now: when the plan is made (``--now`` or the clock): dates already past
            are called late in ``plan.txt``. None: every date as planned.
        strict: stop on the first card or envelope that cannot be made, and
            write nothing.

    Raises:
        CardgenError: any input problem (with ``strict``, a card or envelope
            that cannot be made); nothing has been written then.
    """
    if strict:
        stop_on_unmade(the_plan)
    kit = _kit_plan(the_plan)
    making = the_plan.mails_card and the_plan.layout is not None
    cards = sum(job.fit is not None for job in the_plan.cards) if making else 0
    envelopes = sum(job.art is not None for job in the_plan.addressed) if making else 0
    total = cards + envelopes + (1 if kit is not None else 0) + 1
    steps = iter(range(1, total + 1))

    def tick(what: str) -> None:
        progress(what, next(steps), total)

    files, notes, drop = _kit_files(the_plan, tick)
    if kit is not None:  # the shared sheets and plan, from every interviewer
        shared, shared_drop = _shared_sheets(kit)
        files.update(shared)
        drop |= shared_drop
        tick("the shared print sheets")
        files.update(_plan_files(kit, files, drop, now, on_disk=True))
    files.update(_plan_files(the_plan, files, drop, now))
    tick("writing the files")
    written = write_kit(
        the_plan.out, dict(sorted(files.items())), force=the_plan.options.force, drop=drop
    )
    return KitResult(
        out=the_plan.out,
        files=written,
        notes=notes,
        plan=the_plan.plan_name,
        left_out=[_left_out_line(item) for item in _left_out(the_plan)],
    )


def stop_on_unmade(the_plan: Plan) -> None:
    """``--strict``: raise what the first card (then envelope) that cannot be made stops on.

    Raises:
        CardgenError: the card's error (file:line: key: why), or the envelope's.
    """
    if not the_plan.mails_card or the_plan.layout is None:
        return
    for job in the_plan.cards:
        if job.fit is None:
            raise CardgenError(_card_why(job))
    for envelope in the_plan.addressed:
        if envelope.problem is not None:
            raise envelope.problem


def _card_why(job: CardJob) -> str:
    return f"{job.where}: {job.problem}" if job.where else job.problem


def _left_out(the_plan: Plan) -> list[planfile.LeftOut]:
    """The cards and envelopes that cannot be made, in file order, and what to do."""
    if not the_plan.mails_card or the_plan.layout is None:
        return []
    interview = the_plan.interview
    people = dict(the_plan.people)
    if interview.source is not None:
        again = "then run: cardgen make {file} --only {folder} --force".format(
            file=interview.source_name, folder="{folder}"
        )
    else:
        again = "then run the same cardgen make again"
    items = []
    envelopes = {job.number: job for job in the_plan.addressed}
    for job in the_plan.cards:
        folder = the_plan.folders[job.number]
        if job.fit is None:
            items.append(
                planfile.LeftOut(
                    job.number,
                    job.person.name,
                    "card",
                    _card_why(job),
                    "fix what it says (the note, the card layout or the font), "
                    + again.format(folder=folder),
                )
            )
        envelope = envelopes.get(job.number)
        if envelope is not None and envelope.problem is not None:
            items.append(
                planfile.LeftOut(
                    job.number,
                    people[job.number].name,
                    "envelope",
                    str(envelope.problem),
                    "fix the address as it says (or address this envelope by hand), "
                    + again.format(folder=folder),
                )
            )
    return items


def _left_out_line(item: planfile.LeftOut) -> str:
    """One line for standard error: the error, and what was left out for it."""
    return f"{item.why} (left out: the {item.what} for {item.person}; the rest was written)"


# What ``make`` writes in an interviewer's folder for a card, and for an envelope.
CARD_FILES = ("card.pdf", "card.svg", "card-outside.svg", "card-inside.svg", "copy.pdf")
ENVELOPE_FILES = ("envelope.pdf", "envelope.svg")
KIT_FILES = ("email.txt", "email.eml", *CARD_FILES, *ENVELOPE_FILES)  # not a preview PNG


def _kit_files(
    the_plan: Plan, tick: Callable[[str], None]
) -> tuple[dict[str, bytes], list[str], set[str]]:
    """Every email, and every card and envelope that can be made, with the print sheets.

    Returns the files, the figures for the user, and the files an earlier run
    may have left that this run could not make again (dropped from the kit).
    """
    interview, culture, opts = the_plan.interview, the_plan.culture, the_plan.options
    files: dict[str, bytes] = {}
    notes: list[str] = []
    for n, person in the_plan.people:
        folder = the_plan.folders[n]
        files[f"{folder}/email.txt"] = mail.email_text(culture, interview, person).encode()
        files[f"{folder}/email.eml"] = mail.eml_bytes(culture, interview, person)
    drop: set[str] = set()
    if not the_plan.mails_card or the_plan.layout is None:
        return files, notes, drop
    card_arts = _compose_cards(the_plan)
    card_files, card_notes = _render_cards(the_plan, card_arts, tick)
    files.update(card_files)
    notes.extend(card_notes)
    envelope_arts: dict[int, EnvelopeArt] = {}
    if the_plan.envelope is not None:
        envelope_arts = _compose_envelopes(the_plan)
        files.update(_render_envelopes(the_plan, envelope_arts, tick))
    if opts.mode == "guide":
        files.update(_render_copies(the_plan, card_arts, envelope_arts))
    for n, _person in the_plan.people:
        folder = the_plan.folders[n]
        if n not in card_arts:
            drop.update(f"{folder}/{name}" for name in CARD_FILES)
        if the_plan.envelope is not None and n not in envelope_arts:
            drop.update(f"{folder}/{name}" for name in ENVELOPE_FILES)
    drop.update(n for n in (the_plan.sheet_name, the_plan.envelopes_name) if n)
    return files, notes, drop - set(files)


def _kit_plan(the_plan: Plan) -> Plan | None:
    """For ``--only`` into a kit made for everyone: the plan for everyone, same options."""
    if the_plan.options.only is None or not (the_plan.out / "plan.txt").is_file():
        return None
    return plan(the_plan.interview, replace(the_plan.options, only=None))


def _shared_sheets(kit: Plan) -> tuple[dict[str, bytes], set[str]]:
    """The whole kit's print sheets, from every card and envelope that can be made."""
    if not kit.mails_card or kit.layout is None or kit.options.mode == "plot":
        return {}, set()
    files: dict[str, bytes] = {}
    sheet = _render_sheet(kit, _compose_cards(kit))
    if sheet is not None:
        files[kit.sheet_name] = sheet
    if kit.envelope is not None:
        envelopes = _render_envelope_sheet(kit, _compose_envelopes(kit))
        if envelopes is not None:
            files[kit.envelopes_name] = envelopes
    names = {n for n in (kit.sheet_name, kit.envelopes_name) if n}
    return files, names - set(files)


def _plan_files(
    the_plan: Plan,
    files: dict[str, bytes],
    drop: set[str],
    now: dt.datetime | None,
    *,
    on_disk: bool = False,
) -> dict[str, bytes]:
    """``plan.txt`` (or ``plan-NN-name.txt``) and its calendar, for what the kit holds.

    Args:
        on_disk: list the files the kit already holds too (the whole kit's plan
            written by an ``--only`` run), not only the ones this run writes.
    """
    interview, culture = the_plan.interview, the_plan.culture
    held = set(files)
    if on_disk:
        held |= _files_in_kit(the_plan)
    held -= drop
    print_files = [
        name for name in (the_plan.sheet_name, the_plan.envelopes_name) if name and name in held
    ]
    left = _left_out(the_plan)
    missing: dict[int, list[str]] = {}
    for item in left:
        missing.setdefault(item.number, []).append(item.what)
    sender = interview.candidate.address.country if interview.candidate.address else None
    entries = []
    for n, person in the_plan.people:
        addr = interview.address_for(person)
        folder = the_plan.folders[n]
        entries.append(
            planfile.KitEntry(
                number=n,
                person=person,
                folder=folder,
                files=tuple(sorted(f for f in held if f.startswith(folder + "/"))),
                card=the_plan.mails_card,
                international=bool(addr and sender and addr.country != sender),
                missing=tuple(missing.get(n, ())),
            )
        )
    from cardgen.output.calendar import plan_ics

    out: dict[str, bytes] = {}
    ics = plan_ics(interview, culture, entries)
    calendar_name = the_plan.plan_name.removesuffix(".txt") + ".ics" if ics else ""
    if ics is not None:
        out[calendar_name] = ics
    out[the_plan.plan_name] = planfile.plan_text(
        interview,
        culture,
        entries,
        print_files=tuple(print_files),
        stock=the_plan.stock_name if the_plan.mails_card else "",
        card_layout=the_plan.layout.name if the_plan.layout else "",
        plan_name=the_plan.plan_name,
        calendar=calendar_name,
        now=now,
        left_out=tuple(left),
        **_print_advice(the_plan),
    ).encode()
    return out


def _files_in_kit(the_plan: Plan) -> set[str]:
    """The interviewers' files and the print sheets the output folder holds now."""
    wanted = [f"{folder}/{name}" for folder in the_plan.folders.values() for name in KIT_FILES]
    wanted += [n for n in (the_plan.sheet_name, the_plan.envelopes_name) if n]
    out = the_plan.out
    return {
        rel
        for rel in wanted
        if (out / rel).is_file()
        and not any(p.is_symlink() for p in (out / rel, (out / rel).parent))
    }


def _print_advice(the_plan: Plan) -> dict[str, Any]:
    """The plan's printing steps, printer line and envelope feed, for a card run."""
    if not the_plan.mails_card or the_plan.sheet is None or the_plan.layout is None:
        return {}
    sheet, printer, mode = the_plan.sheet, the_plan.printer, the_plan.options.mode
    feed = printer.feed if printer is not None else EnvelopeFeed()
    if mode == "plot":
        return {"steps": planfile.PLOT_STEPS, "mode": mode}
    steps = print_steps(sheet, the_plan.layout.fold, cut=bool(sheet.cuts_x or sheet.cuts_y))
    if mode == "guide":
        steps = [*steps, *planfile.GUIDE_STEPS]
    return {
        "mode": mode,
        "steps": tuple(steps),
        "printer": planfile.printer_text(printer, str(settings.printers_path())),
        "feed": planfile.feed_text(feed, the_plan.envelope.name) if the_plan.envelope else "",
    }


def _compose_cards(the_plan: Plan) -> dict[int, CardArt]:
    """Every card that fits, composed once (interviewer number → art), from its fit."""
    layout, interview = the_plan.layout, the_plan.interview
    assert layout is not None
    initials = monogram(interview.candidate.name) if the_plan.options.monogram else ""
    arts: dict[int, CardArt] = {}
    for job in the_plan.cards:
        if job.fit is None:  # left out: :func:`_left_out` says why
            continue
        arts[job.number] = compose_card(
            job.text,
            layout,
            the_plan.fonts,
            the_plan.hand,
            job.seed,
            scale=the_plan.scale,
            fit=job.fit,
            monogram=initials,
        )
    return arts


def _render_cards(
    the_plan: Plan,
    arts: dict[int, CardArt] | None = None,
    tick: Callable[[str], None] = lambda what: None,
) -> tuple[dict[str, bytes], list[str]]:
    """Every card drawn: its card.pdf and the print sheet (print, guide), or its SVGs (plot)."""
    layout, interview = the_plan.layout, the_plan.interview
    assert layout is not None and the_plan.sheet is not None
    arts = _compose_cards(the_plan) if arts is None else arts
    mode = the_plan.options.mode
    candidate = interview.candidate
    files: dict[str, bytes] = {}
    notes: list[str] = []
    for job in the_plan.cards:
        if job.number not in arts:
            continue
        art, folder = arts[job.number], the_plan.folders[job.number]
        if mode == "plot":
            from cardgen.render.plot import card_svgs

            for name, svg, stats in card_svgs(art, the_plan.ink):
                files[f"{folder}/{name}"] = svg
                notes.append(
                    f"{folder}/{name}: {layout.name}, {art.fit.size:g} pt, {stats.strokes} "
                    f"strokes, pen down {stats.down_mm / 1000:.1f} m, up "
                    f"{stats.up_mm / 1000:.1f} m (unsorted {stats.up_mm_unsorted / 1000:.1f} m)"
                )
        else:
            from cardgen.render.card import render_card_pdf

            pdf = render_card_pdf(
                art,
                title=f"Thank-you card for {job.person.name}",
                author=candidate.name,
                ink=the_plan.ink,
                stock=the_plan.stock,
                signature=the_plan.signature,
                mode=mode,
                caption_font=resolve_font(ADDRESS_FONT) if mode == "guide" else None,
            )
            files[f"{folder}/card.pdf"] = pdf
            drawn = (
                f"guides for {len(art.fit.lines)} lines"
                if mode == "guide"
                else f"{art.glyph_count} glyphs"
            )
            notes.append(
                f"{folder}/card.pdf: {layout.name}, {art.fit.size:g} pt, {drawn}, "
                f"{len(pdf) / 1024:.0f} KB"
            )
        tick(f"card for {job.person.name}")
    sheet = _render_sheet(the_plan, arts) if mode != "plot" else None
    if sheet is not None:
        files[the_plan.sheet_name] = sheet
    return files, notes


def _render_sheet(the_plan: Plan, arts: dict[int, CardArt]) -> bytes | None:
    """The print sheet of every card in ``arts``, in file order (None: no card)."""
    from cardgen.render.sheet import render_sheets_pdf

    assert the_plan.sheet is not None
    interview, mode = the_plan.interview, the_plan.options.mode
    candidate = interview.candidate
    ordered = [arts[job.number] for job in the_plan.cards if job.number in arts]
    if not ordered:
        return None
    return render_sheets_pdf(
        ordered,
        the_plan.sheet,
        title=f"Thank-you cards for {interview.company.name}",
        author=candidate.name,
        inks=[the_plan.ink] * len(ordered),
        stock=the_plan.stock,
        signature=the_plan.signature,
        printer=the_plan.printer,
        hint_font=resolve_font(ADDRESS_FONT),
        mode=mode,
    )


def _company_where(interview: Interview, person: Interviewer) -> str:
    file, line = interview.locate("company.address")
    loc = f"{file}:{line}" if file and line else (file or interview.source_name)
    return f"{loc}: company.address (for {person.name})"


def _compose_envelopes(the_plan: Plan) -> dict[int, EnvelopeArt]:
    """Every envelope that can be addressed, as the plan composed it (number → art)."""
    arts: dict[int, EnvelopeArt] = {}
    for job in the_plan.addressed:
        if job.art is None:  # left out: :func:`_left_out` says why
            continue
        arts[job.number] = job.art
    return arts


def _compose_envelope(the_plan: Plan, n: int, person: Interviewer) -> EnvelopeArt:
    """Interviewer ``n``'s envelope composed (raises CardgenError naming what to fix)."""
    interview, envelope = the_plan.interview, the_plan.envelope
    assert envelope is not None
    plot = the_plan.options.mode == "plot"
    hand_font = the_plan.fonts["body"] if plot else address_hand()  # plot: the pen's font
    candidate = interview.candidate
    address = interview.address_for(person)
    if address is None and interview.source is None:
        raise CardgenError(
            f"no mailing address for {person.name}: --text gives none; write an "
            "interview file with addresses (cardgen init), or use --no-envelope"
        )
    if address is None:
        raise CardgenError(
            f"{_where(interview, n, person)}: no mailing address for {person.name}, "
            f"and none for the company: add interviewers[{n - 1}].address or "
            "company.address, or use --no-envelope to skip envelopes"
        )
    return compose_envelope(
        recipient_name_lines=recipient_names(
            the_plan.culture, person, interview.company, address.country
        ),
        address=address,
        sender_name=candidate.name,
        sender_address=candidate.address,
        layout=envelope,
        hand_font=hand_font,
        seed=card_seed(the_plan.options.seed, "envelope\x1f" + person.name),
        stamp_box=the_plan.options.stamp_box,
        return_on_flap=the_plan.options.return_on_flap,
        where=(
            _where(interview, n, person, "address")
            if person.address is not None
            else _company_where(interview, person)
        ),
        alternatives=the_plan.envelopes,
        address_style=the_plan.options.address_style,
    )


def _render_envelopes(
    the_plan: Plan,
    arts: dict[int, EnvelopeArt] | None = None,
    tick: Callable[[str], None] = lambda what: None,
) -> dict[str, bytes]:
    """Every envelope drawn: its envelope.pdf and print/envelopes.pdf, or its SVG (plot)."""
    arts = _compose_envelopes(the_plan) if arts is None else arts
    mode = the_plan.options.mode
    candidate = the_plan.interview.candidate
    files: dict[str, bytes] = {}
    for n, person in the_plan.people:
        if n not in arts:
            continue
        folder = the_plan.folders[n]
        if mode == "plot":
            from cardgen.render.plot import envelope_svg

            files[f"{folder}/envelope.svg"] = envelope_svg(arts[n], the_plan.ink)[0]
        else:
            from cardgen.render.envelope import render_envelopes_pdf

            files[f"{folder}/envelope.pdf"] = render_envelopes_pdf(
                [arts[n]],
                title=f"Envelope for {person.name}",
                author=candidate.name,
                ink=the_plan.ink,
                mode=mode,
            )
        tick(f"envelope for {person.name}")
    sheet = _render_envelope_sheet(the_plan, arts) if mode != "plot" else None
    if sheet is not None:
        files[the_plan.envelopes_name] = sheet
    return files


def _render_envelope_sheet(the_plan: Plan, arts: dict[int, EnvelopeArt]) -> bytes | None:
    """``print/envelopes.pdf``: every envelope in ``arts``, in file order (None: none)."""
    from cardgen.render.envelope import render_envelopes_pdf

    ordered = [arts[n] for n, _ in the_plan.people if n in arts]
    if not ordered:
        return None
    return render_envelopes_pdf(
        ordered,
        title=f"Envelopes for {the_plan.interview.company.name}",
        author=the_plan.interview.candidate.name,
        ink=the_plan.ink,
        printer=the_plan.printer,
        mode=the_plan.options.mode,
    )


def _render_copies(
    the_plan: Plan, cards: dict[int, CardArt], envelopes: dict[int, EnvelopeArt]
) -> dict[str, bytes]:
    """Guide mode: each interviewer's copy sheet (copy.pdf)."""
    from cardgen.render.guide import render_copy_pdf

    plain = resolve_font(ADDRESS_FONT)
    files = {}
    for n, person in the_plan.people:
        if n not in cards:
            continue
        files[f"{the_plan.folders[n]}/copy.pdf"] = render_copy_pdf(
            cards[n],
            envelopes.get(n),
            plain=plain,
            title=f"Copy sheet for the card to {person.name}",
            author=the_plan.interview.candidate.name,
            recipient=person.name,
        )
    return files


# -- the small commands -----------------------------------------------------------


def init(path: Path, *, force: bool) -> Path:
    """Write a commented starter interview file (without ``candidate:`` when a
    saved profile supplies it)."""
    from cardgen.starter import starter

    text = starter(profile_saved=settings.profile_path().exists())
    return write_file(path, text.encode(), force=force)


def listing(what: str, cultures_file: Path | None = None) -> str:
    """The text of ``cardgen layouts``, ``fonts`` or ``cultures``."""
    from cardgen.output import listing as lists

    if what == "layouts":
        return lists.layouts_text()
    if what == "fonts":
        return lists.fonts_text()
    return lists.cultures_text(cultures_file)


MAX_PDF_BYTES = 200 * 1024 * 1024  # a kit's print sheets are a few MB


def preview(pdf: Path, dpi: int) -> list[Path]:
    """Write ``NAME-1.png``, ``NAME-2.png``… next to a PDF (or ``NAME.png`` next to a
    plotter SVG); returns their paths.

    The file is read with a size limit (a device or a pipe is refused), and each
    PNG is written atomically, never through a symbolic link.
    """
    from cardgen.input.files import read_limited
    from cardgen.render.preview import png_pages, svg_png

    data = read_limited(pdf, MAX_PDF_BYTES, str(pdf))
    if pdf.suffix.lower() == ".svg":
        path = pdf.with_suffix(".png")
        write_file(path, svg_png(data, dpi, str(pdf)), force=True)
        return [path]
    pages = png_pages(data, dpi, str(pdf))
    out = []
    for i, png in enumerate(pages, start=1):
        path = pdf.with_name(f"{pdf.stem}-{i}.png")
        write_file(path, png, force=True)
        out.append(path)
    return out


def report(findings: Sequence[Finding], *, color: bool, interview: Interview | None) -> str:
    """The findings as the terminal shows them."""
    from cardgen.checks.report import render_report

    return render_report(findings, color=color, interview=interview)


def report_json(findings: Sequence[Finding]) -> str:
    """The findings as JSON."""
    from cardgen.checks.report import render_json

    return render_json(findings)
