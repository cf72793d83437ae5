"""Pipeline: compose and render every card and envelope of a kit (the PDF part).

Called by :func:`cardgen.kit.make_kit` only when the culture mails a card;
this is where ReportLab and Pillow are first imported. Fonts are loaded, the
signature inked and each card composed once per run; each composed card is
then drawn twice, into its ``card.pdf`` and onto the print sheet.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from cardgen.errors import CardgenError, InputError
from cardgen.input.config import card_layouts, palette
from cardgen.input.fonts import fallback_fonts, resolve_font
from cardgen.layout.card import CardArt, CardText, card_seed, compose_card
from cardgen.layout.fonts import FontSet
from cardgen.layout.geometry import impose
from cardgen.layout.handwriting import NEATNESS, Hand
from cardgen.model import CardLayout, FontInfo, Interview, Interviewer
from cardgen.textrules import closing, salutation

if TYPE_CHECKING:
    from cardgen.kit import MakeOptions, Plan

__all__ = ["build_cards", "envelope_name_lines"]

SCRIPT_FONT = "dancing-script"
ADDRESS_FONT = "patrick-hand"


def font_set(info: FontInfo) -> FontSet:
    """``info`` with the shipped fonts that stand in for characters it lacks."""
    return FontSet(info, fallback_fonts(info))


def envelope_name_lines(interview: Interview, person: Interviewer, plan: Plan) -> list[str]:
    """Recipient lines above the address: name (with honorific), title, company."""
    culture = plan.culture
    name = person.name
    if culture.envelope_honorific and person.honorific:
        name = f"{person.honorific} {name}"
    lines = [name]
    if culture.envelope_title and person.title:
        lines.append(person.title)
    lines.append(interview.company.name)
    return lines


def _monogram(name: str) -> str:
    words = [w for w in name.split() if w[:1].isalpha()]
    if not words:
        return ""
    initials = [words[0][0]] + ([words[-1][0]] if len(words) > 1 else [])
    return " · ".join(i.upper() for i in initials)


def larger_layouts(layout: CardLayout) -> tuple[CardLayout, ...]:
    """Shipped layouts for the same paper with a larger card, smallest first."""
    area = layout.width * layout.height
    bigger = [
        a for a in card_layouts().values() if a.paper == layout.paper and a.width * a.height > area
    ]
    return tuple(sorted(bigger, key=lambda a: a.width * a.height))


def _company_where(interview: Interview, person: Interviewer) -> str:
    file, line = interview.locate("company.address")
    loc = f"{file}:{line}" if file and line else (file or interview.source_name)
    return f"{loc}: company.address (for {person.name})"


def build_cards(
    interview: Interview,
    plan: Plan,
    opts: MakeOptions,
    folders: dict[int, str],
    where: Callable[..., str],
) -> tuple[dict[str, bytes], tuple[str, ...], list[str]]:
    """Compose and render the cards and envelopes.

    Returns:
        (files by relative path, the print/ files in print order, notes with figures).
    """
    from cardgen.render.card import inked_signature, render_card_pdf
    from cardgen.render.sheet import render_sheets_pdf

    assert plan.layout is not None
    layout = plan.layout
    info = resolve_font(plan.font)
    fonts = {"body": font_set(info), "signature": font_set(resolve_font(SCRIPT_FONT))}
    hand = Hand(k=NEATNESS[opts.neatness])
    ink = palette(opts.cultures_file).ink_hex(plan.ink)
    stock = palette(opts.cultures_file).stock_hex(plan.stock)
    candidate = interview.candidate
    signature = None
    aspect = 0.0
    if candidate.signature is not None:
        try:
            signature, aspect = inked_signature(candidate.signature_data, ink)
        except ValueError as exc:
            file, line = interview.locate("candidate.signature")
            raise InputError(
                f"cannot use {candidate.signature.name}: {exc}",
                file=file,
                line=line,
                key="candidate.signature",
            ) from None
    alternatives = larger_layouts(layout)
    files: dict[str, bytes] = {}
    arts: list[CardArt] = []
    notes: list[str] = []
    monogram = _monogram(candidate.name) if opts.monogram else ""
    for n, person in plan.people:
        text = CardText(
            salutation=salutation(plan.culture, person),
            note=person.note,
            closing=closing(plan.culture),
            signature=candidate.name,
            signature_aspect=aspect,
            source=interview.source_name,
            key=f"interviewers[{n - 1}].note" if interview.source else "note",
            line=person.line,
            note_start=person.note_start,
            recipient=person.name,
        )
        art = compose_card(
            text,
            layout,
            fonts,
            hand,
            card_seed(opts.seed, person.name),
            scale=info.scale,
            monogram=monogram,
            alternatives=alternatives,
        )
        arts.append(art)
        pdf = render_card_pdf(
            art,
            title=f"Thank-you card for {person.name}",
            author=candidate.name,
            ink=ink,
            paper=stock,
            signature=signature,
        )
        files[f"{folders[n]}/card.pdf"] = pdf
        notes.append(
            f"{folders[n]}/card.pdf: {layout.name}, {art.fit.size:g} pt, "
            f"{art.glyph_count} glyphs, {len(pdf) / 1024:.0f} KB"
        )
    sheet = impose(layout, plan.sheet_paper)
    sheet_name = f"print/cards-{plan.sheet_paper}.pdf"
    if opts.only:
        sheet_name = f"print/cards-{plan.sheet_paper}-{folders[plan.people[0][0]]}.pdf"
    files[sheet_name] = render_sheets_pdf(
        arts,
        sheet,
        title=f"Thank-you cards for {interview.company.name}",
        author=candidate.name,
        inks=[ink] * len(arts),
        paper=stock,
        signature=signature,
    )
    print_files = [sheet_name]
    if plan.envelope is not None:
        env_files, env_sheet = _envelopes(interview, plan, opts, folders, where)
        files.update(env_files)
        print_files.append(env_sheet)
    return files, tuple(print_files), notes


def _envelopes(
    interview: Interview,
    plan: Plan,
    opts: MakeOptions,
    folders: dict[int, str],
    where: Callable[..., str],
) -> tuple[dict[str, bytes], str]:
    from cardgen.input.config import envelope_layouts
    from cardgen.kit import fits_envelope
    from cardgen.layout.envelope import compose_envelope
    from cardgen.render.envelope import render_envelopes_pdf

    assert plan.envelope is not None and plan.layout is not None
    hand_font = font_set(resolve_font(ADDRESS_FONT))
    card = plan.layout
    fitting = tuple(e for e in envelope_layouts().values() if fits_envelope(card, e))
    candidate = interview.candidate
    ink = palette(opts.cultures_file).ink_hex(plan.ink)
    arts = []
    files: dict[str, bytes] = {}
    for n, person in plan.people:
        address = interview.address_for(person)
        if address is None and interview.source is None:
            raise CardgenError(
                f"no mailing address for {person.name}: --text gives none; write an "
                "interview file with addresses (cardgen init), or use --no-envelope"
            )
        if address is None:
            raise CardgenError(
                f"{where(interview, n, person)}: no mailing address for {person.name}, "
                f"and none for the company: add interviewers[{n - 1}].address or "
                "company.address, or use --no-envelope to skip envelopes"
            )
        art = compose_envelope(
            recipient_name_lines=envelope_name_lines(interview, person, plan),
            address=address,
            sender_name=candidate.name,
            sender_address=candidate.address,
            layout=plan.envelope,
            hand_font=hand_font,
            seed=card_seed(opts.seed, "envelope\x1f" + person.name),
            stamp_box=opts.stamp_box,
            return_on_flap=opts.return_on_flap,
            where=(
                where(interview, n, person, "address")
                if person.address is not None
                else _company_where(interview, person)
            ),
            alternatives=fitting,
        )
        arts.append(art)
        files[f"{folders[n]}/envelope.pdf"] = render_envelopes_pdf(
            [art], title=f"Envelope for {person.name}", author=candidate.name, ink=ink
        )
    name = "print/envelopes.pdf"
    if opts.only:
        name = f"print/envelopes-{folders[plan.people[0][0]]}.pdf"
    files[name] = render_envelopes_pdf(
        arts, title=f"Envelopes for {interview.company.name}", author=candidate.name, ink=ink
    )
    return files, name
