"""Making: compose each card from its fit, draw every card and envelope, write the kit.

:func:`make` decides nothing: the :class:`~cardgen.app.types.Run` holds every
choice, each card's fit and each composed envelope, and the run's
:class:`~cardgen.model.Mode` says which files are drawn. Everything is drawn
in memory and written as one unit (:func:`cardgen.output.writer.write_kit`),
so a failed or killed run leaves the old kit or the new one, never a mix, and
nothing outside the output folder.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from msgspec.structs import replace

from cardgen.app.checklist import (
    CARD_FILES,
    ENVELOPE_FILES,
    checklist_files,
    left_out,
    left_out_line,
    stop_on_unmade,
    whole_kit_checklist,
)
from cardgen.app.planning import plan
from cardgen.app.types import KitResult, Progress, Run
from cardgen.layout.card import CardArt, compose_card, monogram
from cardgen.layout.envelope import EnvelopeArt
from cardgen.output import mail
from cardgen.output.writer import write_kit

__all__ = ["compose_cards", "make"]

Tick = Callable[[str], None]


def _quiet(what: str, done: int, total: int) -> None:
    """No progress shown."""


def make(
    run: Run,
    progress: Progress = _quiet,
    *,
    now: dt.datetime | None = None,
    strict: bool = False,
) -> KitResult:
    """Compose and render the kit in memory, then write it as one unit.

    A card or an envelope that cannot be made (a note too long for the card,
    an address the envelope cannot carry) is left out, with its place on the
    print sheets: every email, the checklist and everything else is written,
    and the checklist and :attr:`KitResult.left_out` say what was left out and why.

    With ``--only`` into a kit that holds the whole kit's ``plan.txt``, the
    shared print sheets and ``plan.txt`` are made again from every
    interviewer (planned from the same catalogue), so they show the card just redone.

    Args:
        run: what :func:`cardgen.app.plan` decided.
        progress: told after each card and envelope is drawn, and before the
            files are written (the CLI shows it on a terminal).
        now: when the kit is made (``--now`` or the clock): dates already past
            are called late in ``plan.txt``. None: every date as planned.
        strict: stop on the first card or envelope that cannot be made, and
            write nothing.

    Raises:
        CardgenError: any input problem (with ``strict``, a card or envelope
            that cannot be made); nothing has been written then.
    """
    if strict:
        stop_on_unmade(run)
    kit = _whole_kit(run)
    making = run.makes_cards
    cards = sum(job.fit is not None for job in run.cards) if making else 0
    envelopes = sum(job.art is not None for job in run.addressed) if making else 0
    total = cards + envelopes + (1 if kit is not None else 0) + 1
    steps = iter(range(1, total + 1))

    def tick(what: str) -> None:
        progress(what, next(steps), total)

    files, notes, drop = _kit_files(run, tick)
    if kit is not None:  # the shared sheets and checklist, from every interviewer
        shared, shared_drop = _shared_sheets(kit)
        files.update(shared)
        drop |= shared_drop
        tick("the shared print sheets")
        files.update(checklist_files(kit, files, drop, now, on_disk=True))
    files.update(checklist_files(run, files, drop, now))
    tick("writing the files")
    written = write_kit(run.out, dict(sorted(files.items())), force=run.options.force, drop=drop)
    return KitResult(
        out=run.out,
        files=written,
        notes=notes,
        checklist=run.checklist_name,
        left_out=[left_out_line(item) for item in left_out(run)],
    )


def _kit_files(run: Run, tick: Tick) -> tuple[dict[str, bytes], list[str], set[str]]:
    """Every email, and every card and envelope that can be made, with the print sheets.

    Returns the files, the figures for the user, and the files an earlier run
    may have left that this run could not make again (dropped from the kit).
    """
    interview, culture = run.interview, run.culture
    files: dict[str, bytes] = {}
    notes: list[str] = []
    for n, person in run.people:
        folder = run.folders[n]
        files[f"{folder}/email.txt"] = mail.email_text(culture, interview, person).encode()
        files[f"{folder}/email.eml"] = mail.eml_bytes(culture, interview, person)
    drop: set[str] = set()
    if not run.makes_cards:
        return files, notes, drop
    card_arts = compose_cards(run)
    card_files, card_notes = _render_cards(run, card_arts, tick)
    files.update(card_files)
    notes.extend(card_notes)
    envelope_arts: dict[int, EnvelopeArt] = {}
    if run.envelope is not None:
        envelope_arts = _addressed_envelopes(run)
        files.update(_render_envelopes(run, envelope_arts, tick))
    if run.mode.copy_sheet:
        files.update(_render_copies(run, card_arts, envelope_arts))
    for n, _person in run.people:
        folder = run.folders[n]
        if n not in card_arts:
            drop.update(f"{folder}/{name}" for name in CARD_FILES)
        if run.envelope is not None and n not in envelope_arts:
            drop.update(f"{folder}/{name}" for name in ENVELOPE_FILES)
    drop.update(n for n in (run.sheet_name, run.envelopes_name) if n)
    return files, notes, drop - set(files)


def _whole_kit(run: Run) -> Run | None:
    """For ``--only`` into a kit made for everyone: the run for everyone, same options."""
    if run.options.only is None or not whole_kit_checklist(run.out):
        return None
    return plan(run.interview, replace(run.options, only=None), run.catalogue)


def _shared_sheets(kit: Run) -> tuple[dict[str, bytes], set[str]]:
    """The whole kit's print sheets, from every card and envelope that can be made."""
    if not kit.makes_cards or not kit.mode.draws_pdfs:
        return {}, set()
    files: dict[str, bytes] = {}
    sheet = _render_sheet(kit, compose_cards(kit))
    if sheet is not None:
        files[kit.sheet_name] = sheet
    if kit.envelope is not None:
        envelopes = _render_envelope_sheet(kit, _addressed_envelopes(kit))
        if envelopes is not None:
            files[kit.envelopes_name] = envelopes
    names = {n for n in (kit.sheet_name, kit.envelopes_name) if n}
    return files, names - set(files)


def compose_cards(run: Run) -> dict[int, CardArt]:
    """Every card that fits, composed once (interviewer number → art), from its fit."""
    layout, interview = run.layout, run.interview
    assert layout is not None
    initials = monogram(interview.candidate.name) if run.options.monogram else ""
    arts: dict[int, CardArt] = {}
    for job in run.cards:
        if job.fit is None:  # left out: :func:`left_out` says why
            continue
        arts[job.number] = compose_card(
            job.text,
            layout,
            run.fonts,
            run.hand,
            job.seed,
            scale=run.scale,
            fit=job.fit,
            monogram=initials,
            pen=run.pen,
        )
    return arts


def _addressed_envelopes(run: Run) -> dict[int, EnvelopeArt]:
    """Every envelope the plan could address, as it composed it (number → art)."""
    return {job.number: job.art for job in run.addressed if job.art is not None}


def _render_cards(
    run: Run, arts: dict[int, CardArt], tick: Tick
) -> tuple[dict[str, bytes], list[str]]:
    """Every card drawn: its card.pdf and the print sheet, or its SVGs (as the mode says)."""
    layout = run.layout
    assert layout is not None and run.sheet is not None
    files: dict[str, bytes] = {}
    notes: list[str] = []
    for job in run.cards:
        if job.number not in arts:
            continue
        art, folder = arts[job.number], run.folders[job.number]
        if run.mode.plots:
            from cardgen.render.plot import card_svgs

            for name, svg, stats in card_svgs(art, run.ink):
                files[f"{folder}/{name}"] = svg
                notes.append(
                    f"{folder}/{name}: {layout.name}, {art.fit.size:g} pt, {stats.strokes} "
                    f"strokes, pen down {stats.down_mm / 1000:.1f} m, up "
                    f"{stats.up_mm / 1000:.1f} m (unsorted {stats.up_mm_unsorted / 1000:.1f} m)"
                )
        else:
            pdf = _card_pdf(run, art, job.person.name)
            files[f"{folder}/card.pdf"] = pdf
            drawn = (
                f"guides for {len(art.fit.lines)} lines"
                if run.mode.copy_sheet
                else f"{art.glyph_count} glyphs"
            )
            notes.append(
                f"{folder}/card.pdf: {layout.name}, {art.fit.size:g} pt, {drawn}, "
                f"{len(pdf) / 1024:.0f} KB"
            )
        tick(f"card for {job.person.name}")
    sheet = _render_sheet(run, arts) if run.mode.draws_pdfs else None
    if sheet is not None:
        files[run.sheet_name] = sheet
    return files, notes


def _card_pdf(run: Run, art: CardArt, recipient: str) -> bytes:
    """One card's card.pdf."""
    from cardgen.render.card import render_card_pdf

    return render_card_pdf(
        art,
        title=f"Thank-you card for {recipient}",
        author=run.interview.candidate.name,
        ink=run.ink,
        stock=run.stock,
        signature=run.signature,
        mode=run.mode,
        caption_font=run.plain if run.mode.copy_sheet else None,
    )


def _render_sheet(run: Run, arts: dict[int, CardArt]) -> bytes | None:
    """The print sheet of every card in ``arts``, in file order (None: no card)."""
    from cardgen.render.sheet import render_sheets_pdf

    assert run.sheet is not None and run.plain is not None
    interview = run.interview
    ordered = [arts[job.number] for job in run.cards if job.number in arts]
    if not ordered:
        return None
    return render_sheets_pdf(
        ordered,
        run.sheet,
        title=f"Thank-you cards for {interview.company.name}",
        author=interview.candidate.name,
        inks=[run.ink] * len(ordered),
        stock=run.stock,
        signature=run.signature,
        printer=run.printer,
        hint_font=run.plain,
        mode=run.mode,
    )


def _render_envelopes(run: Run, arts: dict[int, EnvelopeArt], tick: Tick) -> dict[str, bytes]:
    """Every envelope drawn: its envelope.pdf and the envelope sheet, or its SVG (plot)."""
    candidate = run.interview.candidate
    files: dict[str, bytes] = {}
    for n, person in run.people:
        if n not in arts:
            continue
        folder = run.folders[n]
        if run.mode.plots:
            from cardgen.render.plot import envelope_svg

            files[f"{folder}/envelope.svg"] = envelope_svg(arts[n], run.ink)[0]
        else:
            from cardgen.render.envelope import render_envelopes_pdf

            files[f"{folder}/envelope.pdf"] = render_envelopes_pdf(
                [arts[n]],
                title=f"Envelope for {person.name}",
                author=candidate.name,
                ink=run.ink,
                mode=run.mode,
            )
        tick(f"envelope for {person.name}")
    sheet = _render_envelope_sheet(run, arts) if run.mode.draws_pdfs else None
    if sheet is not None:
        files[run.envelopes_name] = sheet
    return files


def _render_envelope_sheet(run: Run, arts: dict[int, EnvelopeArt]) -> bytes | None:
    """``print/envelopes.pdf``: every envelope in ``arts``, in file order (None: none)."""
    from cardgen.render.envelope import render_envelopes_pdf

    ordered = [arts[n] for n, _ in run.people if n in arts]
    if not ordered:
        return None
    return render_envelopes_pdf(
        ordered,
        title=f"Envelopes for {run.interview.company.name}",
        author=run.interview.candidate.name,
        ink=run.ink,
        printer=run.printer,
        mode=run.mode,
    )


def _render_copies(
    run: Run, cards: dict[int, CardArt], envelopes: dict[int, EnvelopeArt]
) -> dict[str, bytes]:
    """Guide mode: each interviewer's copy sheet (copy.pdf)."""
    from cardgen.render.guide import render_copy_pdf

    assert run.plain is not None
    files = {}
    for n, person in run.people:
        if n not in cards:
            continue
        files[f"{run.folders[n]}/copy.pdf"] = render_copy_pdf(
            cards[n],
            envelopes.get(n),
            plain=run.plain,
            title=f"Copy sheet for the card to {person.name}",
            author=run.interview.candidate.name,
            recipient=person.name,
        )
    return files
