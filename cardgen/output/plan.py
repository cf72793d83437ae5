"""Output stage: ``plan.txt``, the checklist of what to send when."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cardgen.model import Culture, Interview, Interviewer
from cardgen.textrules import add_business_days, mail_day, send_by

__all__ = ["KitEntry", "plan_text"]


def _day(d: dt.date) -> str:
    return f"{d:%a} {d.day} {d:%b %Y}"


@dataclass(frozen=True)
class KitEntry:
    """What the plan needs to know about one interviewer's part of the kit."""

    number: int
    person: Interviewer
    folder: str  # "01-margaret-dvorak"
    files: tuple[str, ...]  # relative to OUT
    card: bool
    international: bool = False


def plan_text(
    interview: Interview,
    culture: Culture,
    entries: list[KitEntry],
    *,
    print_files: tuple[str, ...] = (),
    stock: str = "",
    card_layout: str = "",
    plan_name: str = "plan.txt",
) -> str:
    """``plan.txt``: a checklist a person ticks, in the order things are sent."""
    title = interview.company.name + (f", {interview.role}" if interview.role else "")
    lines = [f"Thank-you plan: {title}"]
    if interview.date:
        when = _day(interview.date) + (f" at {interview.time:%H:%M}" if interview.time else "")
        lines.append(f"Interview: {when}")
    mails = any(e.card for e in entries)
    lines.append(
        f"Culture: {culture.name}: "
        + ("an email first, then a mailed card." if mails else "an email to each interviewer.")
    )
    lines.append("")
    deadline = send_by(interview)
    email_when = (
        f"by {_day(deadline.date())} {deadline:%H:%M} (24 h after the interview)"
        if deadline
        else "within 24 hours of the interview"
    )
    post = mail_day(interview, culture)
    for entry in entries:
        p = entry.person
        who = p.name + (f", {p.title}" if p.title else "")
        lines.append(f"[ ] {who}")
        target = f" to {p.email}" if p.email else " (add their email address: none is on file)"
        lines.append(f"    [ ] Send the email{target} {email_when}.")
        lines.append(f"        Open {entry.folder}/email.eml, or paste {entry.folder}/email.txt.")
        if entry.card:
            if post:
                lines.append(f"    [ ] Post the card on {_day(post)}, after the email has gone.")
                low, high = (5, 10) if entry.international else (1, 3)
                first = add_business_days(post, low)
                last = add_business_days(post, high)
                where = "abroad" if entry.international else "within the country"
                lines.append(
                    f"        Mailed {where}, it should arrive between {_day(first)} "
                    f"and {_day(last)}."
                )
            else:
                lines.append(
                    f"    [ ] Post the card {culture.mail_after_days} day(s) after the email."
                )
            pieces = [
                f"{entry.folder}/{name}"
                for name in ("card.pdf", "envelope.pdf")
                if f"{entry.folder}/{name}" in entry.files
            ]
            lines.append("        Print: " + ", ".join(pieces))
        lines.append("")
    if print_files:
        lines.append("Printing")
        for name in print_files:
            lines.append(f"[ ] {name}")
        lines.append(
            '    Print at 100 % ("actual size"; never "fit to page")'
            + (f" on {stock} card stock" if stock else "")
            + (f"; layout {card_layout}." if card_layout else ".")
        )
        if any("envelopes" in name for name in print_files):
            lines.append("    Sign each card by hand if you like; check each envelope's address.")
        else:
            lines.append("    Sign each card by hand if you like.")
        lines.append("")
    lines.append("Files written")
    for entry in entries:
        lines.extend(f"  {f}" for f in entry.files)
    lines.extend(f"  {f}" for f in print_files)
    lines.append(f"  {plan_name}")
    return "\n".join(lines) + "\n"
