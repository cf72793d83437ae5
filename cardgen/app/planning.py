"""Planning: decide a run once, from the interview, the options and the catalogue.

:func:`plan` is pure: it reads no file and loads nothing (everything it may
use is in the :class:`~cardgen.input.catalogue.Catalogue`), so the same
interview, options and catalogue always give the same :class:`Run`. Deciding
includes the work that tells whether a card or envelope can be made: each
note is fitted, each envelope composed, the signature scan inked.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from msgspec.structs import replace

from cardgen.app.types import (
    ADDRESS_FONT,
    FIGURES_FONT,
    FIGURES_THINNER,
    LETTER_COUNTRIES,
    SCRIPT_FONT,
    CardJob,
    EnvelopeJob,
    Options,
    Run,
)
from cardgen.errors import CardgenError, InputError
from cardgen.input.catalogue import Catalogue
from cardgen.input.layouts import resolve_culture
from cardgen.layout.card import CardText, card_seed, check_glyphs, fit_note
from cardgen.layout.card import problem as card_problem
from cardgen.layout.envelope import EnvelopeArt, compose_envelope, recipient_names
from cardgen.layout.fonts import FontSet
from cardgen.layout.geometry import Sheet, envelope_on_paper, fits_envelope, impose
from cardgen.layout.handwriting import NEATNESS, Hand
from cardgen.model import (
    AddressStyle,
    CardLayout,
    Culture,
    EnvelopeLayout,
    FontInfo,
    Interview,
    Interviewer,
    Mode,
    Neatness,
    Paper,
    StrokeFont,
)
from cardgen.names import person_name
from cardgen.textrules import (
    a_or_an,
    closing,
    envelope_name,
    fold,
    letter_language,
    salutation,
    slug,
)

__all__ = ["address_hand", "card_text", "choose_envelope", "font_set", "plan", "slug_folder"]

E = TypeVar("E", bound=StrEnum)


def _choice(kind: type[E], value: str, option: str) -> E:
    """``value`` as a member of ``kind`` (a string from a library caller is checked here)."""
    try:
        return kind(value)
    except ValueError:
        names = ", ".join(member.value for member in kind)
        raise InputError(f"{option} must be one of {names}, got '{value}'") from None


def plan(interview: Interview, options: Options, catalogue: Catalogue) -> Run:
    """Decide everything a run needs, and fit every card's note, once. Reads no file.

    Raises:
        InputError: a value that cannot be used (naming where it came from).
    """
    opts = options
    table = catalogue.cultures()
    with _from_file(interview, "company.culture", opts.culture is not None):
        culture = resolve_culture(opts.culture or interview.company.culture or "standard", table)
    people = _select(interview, opts.only)
    folders = {n: slug_folder((n, p)) for n, p in people}
    suffix = f"-{folders[people[0][0]]}" if opts.only is not None else ""
    colours = catalogue.palette()
    with _from_file(interview, "style.ink", opts.ink is not None, culture, "ink"):
        ink = colours.ink_hex(opts.ink or interview.style.ink or culture.ink)
    with _from_file(interview, "style.stock", False, culture, "stock"):
        stock = colours.stock_hex(interview.style.stock or culture.stock)
    mode = _choice(Mode, opts.mode, "--mode")
    _choice(Neatness, opts.neatness, "--neatness")
    run = Run(
        interview=interview,
        options=opts,
        catalogue=catalogue,
        culture=culture,
        people=people,
        folders=folders,
        mails_card=culture.mails_card or opts.card is not None,
        out=opts.out or Path.cwd() / "cardgen-out" / slug(interview.company.name),
        checklist_name=f"plan{suffix}.txt",
        mode=mode,
        ink=ink,
        stock=stock,
    )
    if not run.mails_card:
        return run
    run = _plan_cards(run, suffix)
    if run.envelope is None:
        return run
    return replace(run, addressed=tuple(_address(run, n, p) for n, p in people))


def _country_paper(interview: Interview) -> Paper:
    """The paper of the sender's (else the company's) country: Letter in the US, CA, MX."""
    for addr in (interview.candidate.address, interview.company.address):
        if addr is not None:
            return Paper.letter if addr.country in LETTER_COUNTRIES else Paper.a4
    return Paper.letter


def _paper(opts: Options, interview: Interview, layout: CardLayout) -> Paper:
    """The print sheet's paper: ``--paper``, else the file's ``style.paper``, else the layout's."""
    given = opts.paper or interview.style.paper
    return _choice(Paper, given, "--paper") if given else Paper(layout.paper)


def _layout(
    opts: Options, interview: Interview, culture: Culture, catalogue: Catalogue
) -> CardLayout:
    """The card layout named, else the culture's for the paper asked for (or the country's)."""
    wanted = opts.paper or interview.style.paper or _country_paper(interview)
    default = culture.card_layout_letter if wanted == Paper.letter else culture.card_layout_a4
    with _from_file(interview, "style.card", opts.card is not None, culture, "card_layout"):
        return catalogue.card_layout(opts.card or interview.style.card or default)


def choose_envelope(
    layout: CardLayout, name: str | None, table: dict[str, EnvelopeLayout]
) -> EnvelopeLayout:
    """The envelope for ``layout`` from ``table``: ``name`` if given, else the layout's own.

    Raises:
        InputError: unknown envelope, or one the card does not fit in.
    """
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


def _given_and_surname(name: str) -> tuple[str, ...]:
    """The given name and the surname, titles set aside (``Dr. Jürgen Weiß``: Jürgen, Weiß)."""
    p = person_name(name)
    given = p.given.split()[0] if p.given else ""
    return tuple(part for part in (given, p.surname, p.name.split()[-1] if p.name else "") if part)


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
        or key in {fold(x).casefold() for x in (p.name, *_given_and_surname(p.name))}
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


def _hand(
    opts: Options, interview: Interview, culture: Culture, catalogue: Catalogue
) -> FontInfo | StrokeFont:
    """The card's hand: ``--font``, else the file's ``style.font``, else the saved
    profile's ``font:``, else the culture's; an error names where the value came from."""
    saved = catalogue.profile_font
    if saved is not None and not (opts.font or interview.style.font):
        try:
            return catalogue.hand(saved[0])
        except InputError as exc:
            raise InputError(exc.reason, file=saved[1], line=saved[2], key="font") from None
    with _from_file(interview, "style.font", opts.font is not None, culture, "font"):
        return catalogue.hand(opts.font or interview.style.font or culture.font)


def _check_imposes(layout: CardLayout, paper: Paper) -> Sheet:
    if layout.fold == "quarter" and paper != layout.paper:
        raise InputError(
            f"{layout.name} is folded from one {layout.paper.capitalize()} sheet and cannot "
            f"print on {paper}; choose a quarter-fold for {paper} (cardgen layouts)",
            key="paper",
        )
    try:
        return impose(layout, paper.value)
    except ValueError as exc:
        raise InputError(f"{exc}; choose a smaller card or the other paper", key="card") from None


def _larger_layouts(layout: CardLayout, shipped: dict[str, CardLayout]) -> tuple[CardLayout, ...]:
    """Shipped layouts for the same paper with a larger card, smallest first."""
    area = layout.width * layout.height
    bigger = [a for a in shipped.values() if a.paper == layout.paper and a.width * a.height > area]
    return tuple(sorted(bigger, key=lambda a: a.width * a.height))


def _where(interview: Interview, number: int, person: Interviewer, key: str = "") -> str:
    """``hartwell.yaml:40: interviewers[2].address``, for messages."""
    loc = interview.source_name
    if person.line is not None:
        loc += f":{person.line}"
    path = f"interviewers[{number - 1}]" + (f".{key}" if key else "")
    return f"{loc}: {path}" if interview.source else f"{loc}: {key or 'note'}"


def _signature(interview: Interview, ink: str) -> tuple[Any, float]:
    """The candidate's signature scan (bytes in the model) as ink, and its aspect."""
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


def _check_feed(run: Run, envelope: EnvelopeLayout | None) -> None:
    """Whether the saved printer can take ``envelope`` the way it is told to."""
    printer = run.printer
    if envelope is None or printer is None:
        return
    try:
        envelope_on_paper(envelope.width, envelope.height, printer.feed)
    except ValueError as exc:
        raise InputError(
            f"{exc}: change how printer '{printer.name}' takes envelopes "
            "(cardgen printer --envelope-paper/--envelope-first)",
            file=run.catalogue.printers_file,
        ) from None


def _plan_cards(run: Run, suffix: str) -> Run:
    """The card part of a run: layout, envelope, paper, sheet, fonts, hand, each card's fit."""
    interview, opts, culture, catalogue = run.interview, run.options, run.culture, run.catalogue
    layout = _layout(opts, interview, culture, catalogue)
    envelope = None
    if not opts.no_envelope:
        with _from_file(interview, "style.envelope", opts.envelope is not None):
            envelope = choose_envelope(
                layout, opts.envelope or interview.style.envelope, catalogue.envelope_layouts
            )
    paper = _paper(opts, interview, layout)
    sheet = _check_imposes(layout, paper)
    run = replace(run, printer=catalogue.printer())
    _check_feed(run, envelope)
    font = _hand(opts, interview, culture, catalogue)
    hand = Hand(k=NEATNESS[_choice(Neatness, opts.neatness, "--neatness")])
    script = font_set(catalogue.font(SCRIPT_FONT), catalogue)
    if isinstance(font, StrokeFont) or run.mode.plots:  # a pen's hand: single-line letters
        pen_font = font if isinstance(font, StrokeFont) else catalogue.strokes()
        fonts = pen_fonts(pen_font, catalogue)
        fonts["front"] = script  # a folded card's printed title
        scale = pen_font.scale
    else:
        fonts = {"body": font_set(font, catalogue), "signature": script}
        scale = font.scale
    pen = None  # a pen hand on a printed card is drawn as this pen's ink
    if isinstance(font, StrokeFont) and not run.mode.plots:
        with _from_file(interview, "style.pen", opts.pen is not None):
            pen = catalogue.pen(opts.pen or interview.style.pen)
    if run.mode.plots:  # a scan cannot be plotted: the name is written
        signature, aspect = None, 0.0
    else:
        signature, aspect = _signature(interview, run.ink)
    larger = _larger_layouts(layout, catalogue.card_layouts)
    drawn = run.mode.draws_pdfs
    run = replace(
        run,
        paper=paper,
        layout=layout,
        envelope=envelope,
        sheet=sheet,
        scale=scale,
        sheet_name=f"print/cards-{paper}{suffix}.pdf" if drawn else "",
        envelopes_name=f"print/envelopes{suffix}.pdf" if envelope and drawn else "",
        font=font,
        fonts=fonts,
        plain=catalogue.font(ADDRESS_FONT),
        hand=hand,
        pen=pen,
        stock_name=interview.style.stock or culture.stock,
        signature=signature,
        larger=larger,
        envelopes=tuple(e for e in catalogue.envelope_layouts.values() if fits_envelope(layout, e)),
    )
    return replace(run, cards=tuple(_fit_card(run, n, person, aspect) for n, person in run.people))


def slug_folder(numbered: tuple[int, Interviewer]) -> str:
    """An interviewer's folder, titles left out: ``01-margaret-dvorak``, ``01-jurgen-weiss``."""
    number, person = numbered
    return f"{number:02d}-{slug(person_name(person.name).name or person.name)}"


def card_text(
    interview: Interview, culture: Culture, number: int, person: Interviewer, aspect: float = 0.0
) -> CardText:
    """What interviewer ``number`` (1-based, file order) reads on their card.

    Args:
        aspect: the signature scan's width / height; 0 writes the name instead.
    """
    language = letter_language(interview, person)
    return CardText(
        salutation=salutation(culture, person, language),
        note=person.note,
        closing=closing(culture, person, language),
        signature=interview.candidate.name,
        signature_aspect=aspect,
        source=interview.source_name,
        key=f"interviewers[{number - 1}].note" if interview.source else "note",
        line=person.line,
        note_start=person.note_start,
        recipient=person.name,
    )


def pen_fonts(font: StrokeFont, catalogue: Catalogue) -> dict[str, FontSet]:
    """The note and the signature in the pen's hand ``font``: a joined script's missing
    letters drawn by the pen's print hand, the text layer in the envelope's TrueType hand."""
    from cardgen.layout.strokes import StrokeSet

    text = font_set(catalogue.font(ADDRESS_FONT), catalogue)
    fallback = catalogue.print_hand()
    if fallback is not None and fallback.name == font.name:
        fallback = None
    strokes = StrokeSet(font, fallback=fallback, text=text)
    return {"body": strokes, "signature": strokes}


def font_set(info: FontInfo, catalogue: Catalogue) -> FontSet:
    """``info`` with the shipped fonts that stand in for characters it lacks."""
    return FontSet(info, catalogue.fallback_fonts(info))


# The envelope hand of each catalogue (a run's): made once, so every envelope of the
# run reuses what it measured (word widths, narrowed figures) instead of measuring anew.
_ADDRESS_HANDS: weakref.WeakKeyDictionary[Catalogue, FontSet] = weakref.WeakKeyDictionary()


def address_hand(catalogue: Catalogue) -> FontSet:
    """The envelope's hand: Patrick Hand, its figures from a face sorting machines read.

    Itim's figures are drawn at Patrick Hand's stroke weight: their stems are
    0.100 em wide, Patrick Hand's 0.080 em. One per catalogue (a run's).
    """
    hand = _ADDRESS_HANDS.get(catalogue)
    if hand is None:
        base = catalogue.font(ADDRESS_FONT)
        hand = _ADDRESS_HANDS[catalogue] = FontSet(
            base,
            catalogue.fallback_fonts(base),
            figures=catalogue.font(FIGURES_FONT) if FIGURES_FONT else None,
            figures_thinner=FIGURES_THINNER,
        )
    return hand


def _fit_card(run: Run, number: int, person: Interviewer, aspect: float) -> CardJob:
    """Interviewer ``number``'s card text, fitted to the layout (or why it does not fit)."""
    assert run.layout is not None
    text = card_text(run.interview, run.culture, number, person, aspect)
    seed = card_seed(run.options.seed, person.name)
    try:
        check_glyphs(text, run.fonts)
        fit = fit_note(text, run.layout, run.fonts, run.hand, run.scale, seed)
    except CardgenError as exc:  # a character no font has: the message says where
        return CardJob(number, person, text, seed, None, problem=str(exc))
    except ValueError as exc:  # too long, or a word wider than a line
        where, why = card_problem(
            text, run.layout, exc, run.fonts, run.hand, run.scale, run.larger, seed
        )
        return CardJob(number, person, text, seed, None, problem=why, where=where)
    return CardJob(number, person, text, seed, fit)


def _address(run: Run, n: int, person: Interviewer) -> EnvelopeJob:
    """Interviewer ``n``'s envelope composed, or why it cannot be."""
    try:
        return EnvelopeJob(n, _compose_envelope(run, n, person))
    except CardgenError as exc:
        return EnvelopeJob(n, None, exc)


def _company_where(interview: Interview, person: Interviewer) -> str:
    file, line = interview.locate("company.address")
    loc = f"{file}:{line}" if file and line else (file or interview.source_name)
    return f"{loc}: company.address (for {person.name})"


def _sender_where(interview: Interview) -> str:
    """``hartwell.yaml:5``: where the candidate's address is written (the file or the
    saved profile), for an error about the return address."""
    file, line = interview.locate("candidate.address")
    if file and line:
        return f"{file}:{line}"
    return "your saved profile (cardgen profile --show)" if file else interview.source_name


def _compose_envelope(run: Run, n: int, person: Interviewer) -> EnvelopeArt:
    """Interviewer ``n``'s envelope composed (raises CardgenError naming what to fix)."""
    interview, envelope, opts = run.interview, run.envelope, run.options
    assert envelope is not None
    hand_font = run.fonts["body"] if run.mode.plots else address_hand(run.catalogue)
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
            run.culture, person, interview.company, address.country
        ),
        address=address,
        sender_name=candidate.name,
        sender_address=candidate.address,
        layout=envelope,
        hand_font=hand_font,
        seed=card_seed(opts.seed, "envelope\x1f" + person.name),
        stamp_box=opts.stamp_box,
        return_on_flap=opts.return_on_flap,
        where=(
            _where(interview, n, person, "address")
            if person.address is not None
            else _company_where(interview, person)
        ),
        sender_where=_sender_where(interview),
        alternatives=run.envelopes,
        address_style=_choice(AddressStyle, opts.address_style, "--address-style").value,
    )
