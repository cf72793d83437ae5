"""Checking a run, and its checklist: the advice checks, what was left out, ``plan.txt``.

The checks and ``make`` read the same fits and envelopes from the
:class:`~cardgen.app.types.Run`, so they never disagree about whether a card
fits or an address can be written.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cardgen.app.types import CardJob, Run
from cardgen.checks.rules import CardSize, Finding, run_checks
from cardgen.errors import CardgenError
from cardgen.input import profile
from cardgen.layout.card import READABLE_SIZE, words_to_reach
from cardgen.model import EnvelopeFeed
from cardgen.textrules import parse_now

if TYPE_CHECKING:  # plan.txt's text and steps: make's, loaded where made, not by `check`
    from cardgen.output import plan as checklist

__all__ = ["check", "checklist_files", "left_out", "left_out_line", "stop_on_unmade"]

# What ``make`` writes in an interviewer's folder for a card, and for an envelope.
CARD_FILES = ("card.pdf", "card.svg", "card-outside.svg", "card-inside.svg", "copy.pdf")
ENVELOPE_FILES = ("envelope.pdf", "envelope.svg")
KIT_FILES = ("email.txt", "email.eml", *CARD_FILES, *ENVELOPE_FILES)  # not a preview PNG


def check(run: Run, now: str | None, *, spelling: bool = True) -> list[Finding]:
    """The advice checks for a planned run, with the cards' fits and envelopes from it
    (``spelling``: spell-check the notes too, which loads a word list per language).

    Everything is keyed by the interviewer's number, not their name: two
    interviewers may share a name, and each has their own card and envelope.
    """
    jobs = {job.number: job for job in run.cards}
    unaddressable = _envelope_problems(run)
    findings = run_checks(
        run.interview,
        run.culture,
        now=parse_now(now),
        fit=(lambda n: jobs[n].problem or None if n in jobs else None) if jobs else None,
        mails_card=run.mails_card,
        envelope=unaddressable.get,
        size=lambda n: _card_size(run, jobs[n]) if n in jobs else None,
        dictionary=profile.dictionary() if spelling else (),
        spelling=spelling,
    )
    borrowed = borrowed_note(run)  # a captured hand's missing letters
    if borrowed:
        findings.append(Finding("advice", "hand-lacks-letters", None, borrowed))
    return findings


def borrowed_note(run: Run) -> str | None:
    """One line naming the characters of the run's cards a captured hand lacks (written
    in the print hand instead); None when it has them all, or the hand is not captured."""
    font = getattr(run.fonts.get("body"), "font", None)
    borrowed: frozenset[str] = getattr(font, "borrowed", frozenset())
    if font is None or not borrowed:
        return None
    texts = [
        part
        for job in run.cards
        for part in (job.text.salutation, job.text.note, job.text.closing, job.text.signature)
    ]
    from shlex import quote

    used = sorted({ch for t in texts for ch in t if ch in borrowed and not ch.isspace()})
    if not used:
        return None
    return (
        f"your hand '{font.name}' lacks {' '.join(used)}: written in the print hand "
        f"(Relief SingleLine); to add them: cardgen hand template --letters {quote(''.join(used))}"
    )


def _card_size(run: Run, job: CardJob) -> CardSize | None:
    """The size ``job``'s card is written at, and the words to cut to write it at
    :data:`READABLE_SIZE` (computed only for a card written smaller)."""
    if job.fit is None or run.layout is None:
        return None
    readable = READABLE_SIZE * run.scale
    if job.fit.size >= readable - 1e-9:
        return CardSize(job.fit.size, readable, 0)
    cut = words_to_reach(job.text, run.layout, run.fonts, run.hand, run.scale, job.seed, readable)
    return CardSize(job.fit.size, readable, cut)


def _envelope_problems(run: Run) -> dict[int, str]:
    """Why an envelope cannot be addressed, by interviewer number (none: all can).

    From the envelopes the plan composed, as ``make`` uses them, so an address
    ``make`` refuses is a problem here too. A missing address is left to the
    ``no-address`` check.
    """
    people = dict(run.people)
    return {
        job.number: str(job.problem)
        for job in run.addressed
        if job.problem is not None and run.interview.address_for(people[job.number]) is not None
    }


def stop_on_unmade(run: Run) -> None:
    """``--strict``: raise what the first card (then envelope) that cannot be made stops on.

    Raises:
        CardgenError: the card's error (file:line: key: why), or the envelope's.
    """
    if not run.makes_cards:
        return
    for job in run.cards:
        if job.fit is None:
            raise CardgenError(_card_why(job))
    for envelope in run.addressed:
        if envelope.problem is not None:
            raise envelope.problem


def _card_why(job: CardJob) -> str:
    return f"{job.where}: {job.problem}" if job.where else job.problem


def left_out(run: Run) -> list[checklist.LeftOut]:
    """The cards and envelopes that cannot be made, in file order, and what to do."""
    from cardgen.output import plan as checklist  # make's, not check's

    if not run.makes_cards:
        return []
    interview = run.interview
    people = dict(run.people)
    if interview.source is not None:
        again = "then run: cardgen make {file} --only {folder} --force".format(
            file=interview.source_name, folder="{folder}"
        )
    else:
        again = "then run the same cardgen make again"
    items = []
    envelopes = {job.number: job for job in run.addressed}
    for job in run.cards:
        folder = run.folders[job.number]
        if job.fit is None:
            items.append(
                checklist.LeftOut(
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
                checklist.LeftOut(
                    job.number,
                    people[job.number].name,
                    "envelope",
                    str(envelope.problem),
                    "fix the address as it says (or address this envelope by hand), "
                    + again.format(folder=folder),
                )
            )
    return items


def left_out_line(item: checklist.LeftOut) -> str:
    """One line for standard error: the error, and what was left out for it."""
    return f"{item.why} (left out: the {item.what} for {item.person}; the rest was written)"


def checklist_files(
    run: Run,
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
    from cardgen.output import plan as checklist  # make's, not check's

    interview, culture = run.interview, run.culture
    held = set(files)
    if on_disk:
        held |= _files_in_kit(run)
    held -= drop
    print_files = [name for name in (run.sheet_name, run.envelopes_name) if name and name in held]
    left = left_out(run)
    entries = _entries(run, held, left)
    from cardgen.output.calendar import plan_ics

    out: dict[str, bytes] = {}
    ics = plan_ics(interview, culture, entries)
    calendar_name = run.checklist_name.removesuffix(".txt") + ".ics" if ics else ""
    if ics is not None:
        out[calendar_name] = ics
    out[run.checklist_name] = checklist.plan_text(
        interview,
        culture,
        entries,
        print_files=tuple(print_files),
        stock=run.stock_name if run.mails_card else "",
        card_layout=run.layout.name if run.layout else "",
        plan_name=run.checklist_name,
        calendar=calendar_name,
        now=now,
        left_out=tuple(left),
        **_print_advice(run),
    ).encode()
    return out


def _entries(run: Run, held: set[str], left: list[checklist.LeftOut]) -> list[checklist.KitEntry]:
    """Each interviewer's line of the checklist: their folder, files and what is missing."""
    from cardgen.output import plan as checklist  # make's, not check's

    interview = run.interview
    missing: dict[int, list[str]] = {}
    for item in left:
        missing.setdefault(item.number, []).append(item.what)
    sender = interview.candidate.address.country if interview.candidate.address else None
    entries = []
    for n, person in run.people:
        addr = interview.address_for(person)
        folder = run.folders[n]
        entries.append(
            checklist.KitEntry(
                number=n,
                person=person,
                folder=folder,
                files=tuple(sorted(f for f in held if f.startswith(folder + "/"))),
                card=run.mails_card,
                international=bool(addr and sender and addr.country != sender),
                missing=tuple(missing.get(n, ())),
            )
        )
    return entries


def _files_in_kit(run: Run) -> set[str]:
    """The interviewers' files and the print sheets the output folder holds now."""
    wanted = [f"{folder}/{name}" for folder in run.folders.values() for name in KIT_FILES]
    wanted += [n for n in (run.sheet_name, run.envelopes_name) if n]
    out = run.out
    return {
        rel
        for rel in wanted
        if (out / rel).is_file()
        and not any(p.is_symlink() for p in (out / rel, (out / rel).parent))
    }


def _print_advice(run: Run) -> dict[str, Any]:
    """The checklist's printing steps, printer line and envelope feed, for a card run."""
    from cardgen.layout.folding import print_steps  # make's, not check's
    from cardgen.output import plan as checklist

    if not run.mails_card or run.sheet is None or run.layout is None:
        return {}
    sheet, printer, mode = run.sheet, run.printer, run.mode
    feed = printer.feed if printer is not None else EnvelopeFeed()
    if mode.plots:
        return {"steps": checklist.PLOT_STEPS, "mode": mode.value}
    steps = print_steps(sheet, run.layout.fold, cut=bool(sheet.cuts_x or sheet.cuts_y))
    if mode.copy_sheet:
        steps = [*steps, *checklist.GUIDE_STEPS]
    return {
        "mode": mode.value,
        "steps": tuple(steps),
        "printer": checklist.printer_text(printer, run.catalogue.printers_file),
        "feed": checklist.feed_text(feed, run.envelope.name) if run.envelope else "",
    }


def whole_kit_checklist(out: Path) -> bool:
    """Whether ``out`` holds the whole kit's ``plan.txt`` (an ``--only`` run then redoes it)."""
    return (out / "plan.txt").is_file()
