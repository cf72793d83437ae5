"""A mailed card: it fits, reads well, and has an address its envelope can carry
(``card-too-long``, ``small-writing``, ``no-address``, ``envelope-address``).
"""

from __future__ import annotations

from collections.abc import Callable

from cardgen.checks.findings import ADVICE, PROBLEM, CardSize, Finding, Found
from cardgen.model import Interview


def card_checks(
    interview: Interview,
    index: int,
    fit: Callable[[int], str | None] | None,
    envelope: Callable[[int], str | None] | None = None,
    size: Callable[[int], CardSize | None] | None = None,
) -> Found:
    """A mailed card must fit, should read well, and needs an address its envelope can carry."""
    person = interview.interviewers[index]
    number = index + 1
    trouble = fit(number) if fit is not None else None
    if trouble:
        trouble = trouble.strip().rstrip(".")
        hint = trouble.partition(";")[2].strip()
        yield (
            index,
            Finding(
                PROBLEM,
                "card-too-long",
                person.name,
                f"The card to {person.name} does not fit: {trouble}.",
                hint[:1].upper() + hint[1:] + "."
                if hint
                else "Cut the note to thanks, one specific point and your interest in the role.",
            ),
        )
    small = size(number) if size is not None and not trouble else None
    if small is not None and small.size < small.readable:
        cut = small.words_to_cut
        yield (
            index,
            Finding(
                ADVICE,
                "small-writing",
                person.name,
                f"The card to {person.name} is written at {small.size:g} pt; a card reads "
                f"best at {small.readable:g} pt or more.",
                f"Cut about {cut} word{'s' * (cut != 1)} from the card note to write it at "
                f"{small.readable:g} pt, and keep the longer text in email_note."
                if cut
                else "Shorten the card note, and keep the longer text in email_note.",
            ),
        )
    if interview.address_for(person) is None:
        yield (
            index,
            Finding(
                PROBLEM,
                "no-address",
                person.name,
                f"There is no address to mail the card to {person.name}: neither they nor the "
                "company have one.",
                "Add an address to the interviewer, or company.address for everyone.",
            ),
        )
        return
    trouble = envelope(number) if envelope is not None else None
    if trouble:
        yield (
            index,
            Finding(
                PROBLEM,
                "envelope-address",
                person.name,
                f"The envelope to {person.name} cannot be addressed: {trouble.rstrip('.')}.",
                "Correct the address where the message points; until then cardgen make leaves "
                "this envelope out.",
            ),
        )
