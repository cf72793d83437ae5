"""Output stage: ``plan.txt``, the checklist of what to send when."""

from __future__ import annotations

import datetime as dt
import textwrap

import msgspec

from cardgen import languages
from cardgen.model import Culture, EnvelopeFeed, Interview, Interviewer, Printer
from cardgen.textrules import (
    add_business_days,
    envelope_name,
    mail_day,
    plural,
    send_by,
)
from cardgen.units import MM

__all__ = [
    "KitEntry",
    "LeftOut",
    "describe_printer",
    "feed_text",
    "format_clock",
    "format_day",
    "plan_language",
    "plan_text",
    "printer_text",
]


GUIDE_STEPS = (
    "By pen: the guides are the card stock's colour a shade darker, where each line of the "
    "note goes. Copy each line of the copy sheet onto its guide. Printed guides stay on the "
    "card (no eraser lifts them), faint beside the ink; for a card with no guides at all, "
    "print the light-box page on plain paper and lay it under a blank card against a "
    "bright window.",
)
PLOT_STEPS = (
    "Open each SVG in your plotter's software at 100 %: it is the card (or envelope) at its "
    "real size, so put the card's top-left corner at the plotter's origin.",
    "Layer 1 is the note (on an envelope, the address), layer 2 the signature (the return "
    "address): one pen for both, or a second colour for layer 2. A layer 3 is the flap: "
    "turn the envelope over for it. The SVGs ask for a 0.4 mm pen.",
    "Plot folded cards before folding them: card-outside.svg on the outside, then turn the "
    "card over for card-inside.svg.",
)


def _mm(points: float) -> str:
    value = round(points / MM, 2)
    return f"{value:+g} mm".replace("-", "−") if value else "0 mm"


def describe_printer(printer: Printer) -> str:
    """A printer's calibration and envelope feed, in one line."""
    parts = [f"dx {_mm(printer.dx)}", f"dy {_mm(printer.dy)}"]
    if printer.back_dx or printer.back_dy:
        parts += [f"back dx {_mm(printer.back_dx)}", f"back dy {_mm(printer.back_dy)}"]
    parts.append(f"scale {printer.scale * 100:g} %")
    feed = printer.feed
    paper = {"envelope": "its own size", "letter": "Letter", "a4": "A4"}[feed.paper]
    parts.append(
        f"envelopes as {paper}, {feed.first} edge first, {feed.align}, address {feed.face}"
    )
    return ", ".join(parts)


def printer_text(printer: Printer | None, source: str) -> str:
    """The plan's line on which calibration the print sheets were moved by."""
    if printer is None or not printer.calibrated:
        return (
            "Printer: no calibration saved, so pages print where your printer puts them; "
            "if it shifts them, run: cardgen calibrate"
        )
    return f"Printer: '{printer.name}' from {source}: {describe_printer(printer)}."


def _flap_side(feed: EnvelopeFeed) -> str:
    """Where the flap (along the envelope's top edge) is, facing the printer."""
    if feed.first == "top":
        return "the flap edge goes in first"
    if feed.first == "bottom":
        return "the flap edge goes in last"
    # Face up, left edge first: the top edge is on your right (face down: your left).
    right = (feed.first == "left") == (feed.face == "up")
    return f"the flap edge is on your {'right' if right else 'left'}"


def feed_text(feed: EnvelopeFeed, envelope: str) -> str:
    """How to put an envelope in the printer, in one line."""
    face = "address side up" if feed.face == "up" else "address side down"
    where = {
        "center": "centred",
        "left": "against the left guide",
        "right": "against the right guide",
    }
    if feed.paper == "envelope":
        size = f"set the paper size to the envelope ({envelope_name(envelope)})"
    else:
        paper = {"letter": "Letter", "a4": "A4"}[feed.paper]
        size = f"print on {paper} paper size: the envelope goes where a sheet's top edge would"
    return (
        f"Envelopes: {size}; feed one at a time, {face}, its {feed.first} edge first, "
        f"{where[feed.align]}; {_flap_side(feed)}, closed."
    )


def plan_language(interview: Interview) -> str:
    """The language the plan's dates are written in: the interview's ``language:``,
    else the first interviewer's, else the one the first note's words show."""
    first = interview.interviewers[0] if interview.interviewers else None
    given = getattr(interview, "language", "") or getattr(first, "language", "")
    address = interview.address_for(first) if first is not None else interview.company.address
    country = address.country if address else None
    return languages.note_language(given or None, first.note if first else "", country)


def format_day(d: dt.date, tag: str = "en") -> str:
    """A day as the plan writes it in language ``tag``: ``"Fri 20 Nov 2026"`` in English
    (every variant, as it always was), Babel's abbreviated weekday, day, month and
    year in the language's own order and punctuation elsewhere (``"Fr., 20. Nov. 2026"``)."""
    if languages.base(tag) == "en":
        return f"{d:%a} {d.day} {d:%b %Y}"
    from babel.dates import format_skeleton

    return format_skeleton("yMMMEd", d, locale=_babel_tag(tag))


def format_clock(t: dt.time | dt.datetime, tag: str = "en") -> str:
    """A time of day: ``"14:00"`` in English, the language's short time elsewhere
    (``"14 h 00"`` in Canadian French)."""
    if languages.base(tag) == "en":
        return f"{t:%H:%M}"
    from babel.dates import format_time

    clock = t.time() if isinstance(t, dt.datetime) else t
    return format_time(clock, "short", locale=_babel_tag(tag))


def _babel_tag(tag: str) -> str:
    """Babel's name for a tag's locale: the tag when Babel knows it, else its language."""
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(tag.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return languages.base(tag)
    return tag.replace("-", "_")


class KitEntry(msgspec.Struct, frozen=True):
    """What the plan needs to know about one interviewer's part of the kit."""

    number: int
    person: Interviewer
    folder: str  # "01-margaret-dvorak"
    files: tuple[str, ...]  # relative to OUT
    card: bool
    international: bool = False
    missing: tuple[str, ...] = ()  # "card", "envelope": what could not be made


class LeftOut(msgspec.Struct, frozen=True):
    """A card or envelope ``make`` could not make, and why (the error, with file:line)."""

    number: int
    person: str
    what: str  # "card" or "envelope"
    why: str  # the same words as the error ``--strict`` stops with
    todo: str  # what to do about it


def _make_it(entry: KitEntry, mode: str) -> list[str]:
    """How to make this interviewer's card: print it, write it by pen, or plot it."""
    folder = entry.folder
    mine = [f.removeprefix(folder + "/") for f in entry.files]
    if mode == "plot":
        order = ("card.svg", "card-outside.svg", "card-inside.svg", "envelope.svg")
        svgs = [f"{folder}/{name}" for name in order if name in mine]
        return textwrap.wrap(
            "Plot: " + ", ".join(svgs), 92, initial_indent=" " * 8, subsequent_indent=" " * 10
        )
    if mode == "guide":
        out = [
            f"        Write it by pen: print {folder}/card.pdf (its last page is the light box)",
            f"        and copy {folder}/copy.pdf onto its guides, line by line.",
        ]
        if "card.pdf" not in mine:  # the card was left out
            out = []
        if "envelope.pdf" in mine:
            out.append(
                f"        Envelope: {folder}/envelope.pdf has guides; copy.pdf page 2 the lines."
            )
        return out
    pieces = [f"{folder}/{name}" for name in ("card.pdf", "envelope.pdf") if name in mine]
    return ["        Print: " + ", ".join(pieces)] if pieces else []


def plan_text(
    interview: Interview,
    culture: Culture,
    entries: list[KitEntry],
    *,
    print_files: tuple[str, ...] = (),
    stock: str = "",
    card_layout: str = "",
    plan_name: str = "plan.txt",
    steps: tuple[str, ...] = (),
    printer: str = "",
    feed: str = "",
    calendar: str = "",
    mode: str = "print",
    now: dt.datetime | None = None,
    left_out: tuple[LeftOut, ...] = (),
) -> str:
    """``plan.txt``: a checklist a person ticks, in the order things are sent.

    Args:
        now: the time the plan is made (``--now`` or the clock): a date already
            past is said to be late. None: every date as planned.
        left_out: what could not be made, in a section of its own.
    """
    lang = plan_language(interview)
    mails = any(e.card for e in entries)
    lines = _heading(interview, culture, mails=mails, calendar=calendar, lang=lang)
    email_when = _email_when(interview, now, lang)
    post = mail_day(interview, culture)
    today = now.date() if now is not None else None
    for entry in entries:
        lines.extend(_entry_lines(entry, culture, email_when, post, today, mode, lang))
    if mode == "plot" and steps:
        lines.append("Plotting")
        for text in steps:
            lines.extend(_wrapped(text))
        lines.append("")
    if print_files:
        lines.extend(_printing(print_files, stock, card_layout, steps, printer, feed))
    if left_out:
        lines.extend(_left_out(left_out))
    lines.append("Files written")
    for entry in entries:
        lines.extend(f"  {f}" for f in entry.files)
    lines.extend(f"  {f}" for f in print_files)
    lines.append(f"  {plan_name}")
    if calendar:
        lines.append(f"  {calendar}")
    return "\n".join(lines) + "\n"


def _wrapped(text: str) -> list[str]:
    """A paragraph of advice, wrapped at 92 under its step's indent."""
    return textwrap.wrap(text, 92, initial_indent="    ", subsequent_indent="      ")


def _heading(
    interview: Interview, culture: Culture, *, mails: bool, calendar: str, lang: str
) -> list[str]:
    """The title, the interview's time, the culture's order of things, the calendar."""
    title = interview.company.name + (f", {interview.role}" if interview.role else "")
    lines = [f"Thank-you plan: {title}"]
    if interview.date:
        when = format_day(interview.date, lang)
        when += f" at {format_clock(interview.time, lang)}" if interview.time else ""
        when += f" ({interview.timezone})" if interview.timezone else ""
        lines.append(f"Interview: {when}")
    lines.append(
        f"Culture: {culture.name}: "
        + ("an email first, then a mailed card." if mails else "an email to each interviewer.")
    )
    if calendar:
        lines.append(f"Calendar: open {calendar} to add these dates, with reminders.")
    lines.append("")
    return lines


def _email_when(interview: Interview, now: dt.datetime | None, lang: str) -> str:
    """When the emails go: by the 24-hour deadline, or now when it has passed."""
    deadline = send_by(interview)
    email_when = (
        f"by {format_day(deadline.date(), lang)} {format_clock(deadline, lang)} "
        "(24 h after the interview)"
        if deadline
        else "within 24 hours of the interview"
    )
    if deadline and now is not None and now.replace(tzinfo=None) > deadline:
        email_when = f"now: it was due {email_when}; it is late, but a late thank-you beats none"
    return email_when


def _entry_lines(
    entry: KitEntry,
    culture: Culture,
    email_when: str,
    post: dt.date | None,
    today: dt.date | None,
    mode: str,
    lang: str,
) -> list[str]:
    """One interviewer's boxes: the email, and the card when one is mailed."""
    p = entry.person
    who = p.name + (f", {p.title}" if p.title else "")
    lines = [f"[ ] {who}"]
    target = f" to {p.email}" if p.email else " (add their email address: none is on file)"
    lines.append(f"    [ ] Send the email{target} {email_when}.")
    lines.append(f"        Open {entry.folder}/email.eml, or paste {entry.folder}/email.txt.")
    if entry.card:
        lines.extend(_posting(entry, culture, post, today, lang))
        lines.extend(_make_it(entry, mode))
        if entry.missing:
            lines.append(
                f"        Not made: the {' and the '.join(entry.missing)} (see Left out, below)."
            )
    lines.append("")
    return lines


def _posting(
    entry: KitEntry, culture: Culture, post: dt.date | None, today: dt.date | None, lang: str
) -> list[str]:
    """When to post the card and when it should arrive (or how long after the email)."""
    if not post:
        days = plural(culture.mail_after_days, "day")
        return [f"    [ ] Post the card {days} after the email."]
    if today is not None and post < today:
        when = f"today (it was due {format_day(post, lang)}; it is late)"
    elif today is not None and post == today:
        when = f"today, {format_day(post, lang)}"
    else:
        when = f"on {format_day(post, lang)}"
    posted = max(post, today) if today is not None else post
    low, high = (5, 10) if entry.international else (1, 3)
    first = add_business_days(posted, low)
    last = add_business_days(posted, high)
    where = "abroad" if entry.international else "within the country"
    return [
        f"    [ ] Post the card {when}, after the email has gone.",
        f"        Mailed {where}, it should arrive between {format_day(first, lang)} and "
        f"{format_day(last, lang)}.",
    ]


def _printing(
    print_files: tuple[str, ...],
    stock: str,
    card_layout: str,
    steps: tuple[str, ...],
    printer: str,
    feed: str,
) -> list[str]:
    """The sheets to print, how to print them, and the printer and envelope advice."""
    lines = ["Printing"]
    for name in print_files:
        lines.append(f"[ ] {name}")
    lines.append(
        '    Print at 100 % ("actual size"; never "fit to page")'
        + (f" on {stock} card stock" if stock else "")
        + (f"; layout {card_layout}." if card_layout else ".")
    )
    envelopes = any("envelopes" in name for name in print_files)
    advice = list(steps) + ([printer] if printer else [])
    if feed and envelopes:
        advice.append(feed)
    for text in advice:
        lines.extend(_wrapped(text))
    if envelopes:
        lines.append("    Sign each card by hand if you like; check each envelope's address.")
    else:
        lines.append("    Sign each card by hand if you like.")
    lines.append("")
    return lines


def _left_out(left_out: tuple[LeftOut, ...]) -> list[str]:
    """What could not be made, why, and what to do about it."""
    lines = ["Left out", "    cardgen could not make these; everything else above is ready."]
    for item in left_out:
        lines.append(f"[ ] {item.person}: the {item.what}")
        lines.extend(_wrapped(f"Why: {item.why}"))
        lines.extend(_wrapped(f"To do: {item.todo}"))
    lines.append("")
    return lines
