"""Pipeline: interview → model → layout → render → files, for ``cardgen make``.

Everything is computed in memory first; only when every file of the kit is
ready is anything written, and then as one unit (:mod:`cardgen.output.writer`), so
a failed or killed run leaves the old kit or the new one, never a mix, and
nothing is ever written outside the output folder.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from cardgen.errors import InputError
from cardgen.input.config import card_layouts, cultures, envelope_layouts, load_card_layout, palette
from cardgen.input.fonts import resolve_font
from cardgen.model import CardLayout, Culture, EnvelopeLayout, Interview, Interviewer
from cardgen.output import mail
from cardgen.output import plan as planfile
from cardgen.output.writer import write_kit
from cardgen.textrules import fold, slug

__all__ = ["KitResult", "MakeOptions", "Plan", "make_kit", "plan_kit"]

LETTER_COUNTRIES = {"US", "CA", "MX"}
ENVELOPE_CLEARANCE = 0.0625 * 72  # pt: a card needs 1/16 in of play on each side


@dataclass(frozen=True)
class MakeOptions:
    """Choices from the command line; ``None`` means "the file's, else the culture's"."""

    culture: str | None = None
    out: Path | None = None
    paper: str | None = None
    card: str | None = None  # a layout name or a path to a .yaml layout
    envelope: str | None = None
    font: str | None = None
    ink: str | None = None
    seed: int = 0
    only: str | None = None
    force: bool = False
    no_envelope: bool = False
    stamp_box: bool = False
    return_on_flap: bool = False
    neatness: str = "neat"
    monogram: bool = True
    cultures_file: Path | None = None


@dataclass(frozen=True)
class Plan:
    """What a run will make, decided before anything is composed."""

    culture: Culture
    people: tuple[tuple[int, Interviewer], ...]  # (number in file order, person)
    mails_card: bool
    layout: CardLayout | None
    envelope: EnvelopeLayout | None
    sheet_paper: str
    font: str
    ink: str
    stock: str
    out: Path


@dataclass
class KitResult:
    """What ``make`` wrote."""

    out: Path
    files: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # figures for the user, one line each
    plan: str = "plan.txt"  # the plan's file name, relative to ``out``


def _default_paper(interview: Interview) -> str:
    if interview.style.paper:
        return interview.style.paper
    for addr in (interview.candidate.address, interview.company.address):
        if addr is not None:
            return "letter" if addr.country in LETTER_COUNTRIES else "a4"
    return "letter"


def _card_layout(value: str) -> CardLayout:
    table = card_layouts()
    if value in table:
        return table[value]
    if value.endswith((".yaml", ".yml")) or os.sep in value:
        return load_card_layout(Path(value))
    raise InputError(
        f"unknown card layout '{value}' (shipped: {', '.join(table)}; or a .yaml file)", key="card"
    )


def fits_envelope(layout: CardLayout, env: EnvelopeLayout) -> bool:
    """True when the ``layout`` card slips into ``env`` with 1/16 in of play each side."""
    w, h = sorted((layout.width, layout.height))
    ew, eh = sorted((env.width, env.height))
    return w + 2 * ENVELOPE_CLEARANCE <= ew and h + 2 * ENVELOPE_CLEARANCE <= eh


def choose_envelope(layout: CardLayout, name: str | None) -> EnvelopeLayout:
    """The envelope for ``layout``: ``name`` if given, else the layout's own.

    Raises:
        InputError: unknown envelope, or one the card does not fit in.
    """
    table = envelope_layouts()
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
            f"does not fit a {env.name} envelope ({env.width / 72:.3g} × {env.height / 72:.3g} in)"
            + hint,
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
    key = _name_key(value)
    picked = tuple(
        (n, p)
        for n, p in numbered
        if value == f"{n:02d}-{slug(p.name)}"
        or key in (_name_key(p.name), _name_key(p.first_name), _name_key(p.surname))
    )
    if len(picked) != 1:
        what = "matches no" if not picked else "matches more than one"
        raise InputError(f"--only '{only}' {what} interviewer" + choices)
    return picked


def _name_key(name: str) -> str:
    """A name compared without case or accents: ``"DVOŘÁK"`` and ``"Dvorak"`` agree."""
    return fold(name).casefold()


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


def _check_imposes(layout: CardLayout, paper: str) -> None:
    from cardgen.layout.geometry import impose

    if layout.fold == "quarter" and paper != layout.paper:
        raise InputError(
            f"{layout.name} is folded from one {layout.paper.capitalize()} sheet and cannot "
            f"print on {paper}; choose a quarter-fold for {paper} (cardgen layouts)",
            key="paper",
        )
    try:
        impose(layout, paper)
    except ValueError as exc:
        raise InputError(f"{exc}; choose a smaller card or the other paper", key="card") from None


def plan_kit(interview: Interview, opts: MakeOptions) -> Plan:
    """Decide culture, layout, envelope, paper, font and ink for a run."""
    from cardgen.input.config import resolve_culture

    table = cultures(opts.cultures_file)
    with _from_file(interview, "company.culture", opts.culture is not None):
        culture = resolve_culture(opts.culture or interview.company.culture or "standard", table)
    people = _select(interview, opts.only)
    card_choice = opts.card or interview.style.card
    mails_card = culture.mails_card or opts.card is not None
    paper = opts.paper or _default_paper(interview)
    layout = env = None
    if mails_card:
        with _from_file(interview, "style.card", opts.card is not None, culture, "card_layout"):
            layout = _card_layout(
                card_choice
                or (culture.card_layout_letter if paper == "letter" else culture.card_layout_a4)
            )
        if not opts.no_envelope:
            with _from_file(interview, "style.envelope", opts.envelope is not None):
                env = choose_envelope(layout, opts.envelope or interview.style.envelope)
    sheet_paper = opts.paper or interview.style.paper or (layout.paper if layout else paper)
    if layout is not None:
        _check_imposes(layout, sheet_paper)
    colours = palette(opts.cultures_file)
    ink = opts.ink or interview.style.ink or culture.ink
    with _from_file(interview, "style.ink", opts.ink is not None, culture, "ink"):
        colours.ink_hex(ink)  # validate early
    stock = interview.style.stock or culture.stock
    with _from_file(interview, "style.stock", False, culture, "stock"):
        colours.stock_hex(stock)
    font = opts.font or interview.style.font or culture.font
    if mails_card:
        with _from_file(interview, "style.font", opts.font is not None, culture, "font"):
            resolve_font(font)
    out = opts.out or Path.cwd() / "cardgen-out" / slug(interview.company.name)
    return Plan(
        culture=culture,
        people=people,
        mails_card=mails_card,
        layout=layout,
        envelope=env,
        sheet_paper=sheet_paper,
        font=font,
        ink=ink,
        stock=stock,
        out=out,
    )


def _where(interview: Interview, number: int, person: Interviewer, key: str = "") -> str:
    loc = interview.source_name
    if person.line is not None:
        loc += f":{person.line}"
    path = f"interviewers[{number - 1}]" + (f".{key}" if key else "")
    return f"{loc}: {path}" if interview.source else f"{loc}: {key or 'note'}"


def make_kit(interview: Interview, opts: MakeOptions) -> KitResult:
    """Build the whole kit in memory, then write it under the output folder.

    Raises:
        CardgenError: any input problem; nothing has been written then.
    """
    plan = plan_kit(interview, opts)
    files: dict[str, bytes] = {}
    culture = plan.culture
    entries: list[planfile.KitEntry] = []
    notes: list[str] = []
    folders = {n: f"{n:02d}-{slug(p.name)}" for n, p in plan.people}
    for n, person in plan.people:
        folder = folders[n]
        files[f"{folder}/email.txt"] = mail.email_text(culture, interview, person).encode()
        files[f"{folder}/email.eml"] = mail.eml_bytes(culture, interview, person)
    print_files: tuple[str, ...] = ()
    if plan.mails_card and plan.layout is not None:
        from cardgen.cards import build_cards

        card_files, print_files, card_notes = build_cards(interview, plan, opts, folders, _where)
        files.update(card_files)
        notes.extend(card_notes)
    sender = interview.candidate.address.country if interview.candidate.address else None
    for n, person in plan.people:
        addr = interview.address_for(person)
        own = sorted(f for f in files if f.startswith(folders[n] + "/"))
        entries.append(
            planfile.KitEntry(
                number=n,
                person=person,
                folder=folders[n],
                files=tuple(own),
                card=plan.mails_card,
                international=bool(addr and sender and addr.country != sender),
            )
        )
    plan_name = "plan.txt" if not opts.only else f"plan-{folders[plan.people[0][0]]}.txt"
    files[plan_name] = planfile.plan_text(
        interview,
        culture,
        entries,
        print_files=print_files,
        stock=plan.stock if plan.mails_card else "",
        card_layout=plan.layout.name if plan.layout else "",
        plan_name=plan_name,
    ).encode()
    written = write_kit(plan.out, dict(sorted(files.items())), force=opts.force)
    return KitResult(out=plan.out, files=written, notes=notes, plan=plan_name)
