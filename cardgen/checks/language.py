"""The note's language as the file gives it, against the one its words show (``language``)."""

from __future__ import annotations

from cardgen.checks.findings import ADVICE, Finding, Found
from cardgen.languages import LANGUAGES, base, detect
from cardgen.model import Interview


def language_checks(interview: Interview) -> Found:
    """Advice where a given ``language:`` is not the one the note's words show.

    The subject, salutation and closing follow ``language:``, so a slip there
    (``de`` on an English note) frames the note in the wrong language. Only the
    language counts, not the region (``en-GB`` on an English note is fine); a
    note too short or mixed to tell is left alone.
    """
    for index, person in enumerate(interview.interviewers):
        given = person.language or interview.language
        if not given:
            continue
        shown = detect(person.email_text)
        if shown is None or shown == base(given):
            continue
        key = f"interviewers[{index}].language" if person.language else "language"
        yield (
            index,
            Finding(
                ADVICE,
                "language",
                person.name,
                f"The file says the note is in {LANGUAGES[base(given)]} ({key}: {given}), "
                f"but its words are {LANGUAGES[shown]}: the subject, salutation and closing "
                f"will be in {LANGUAGES[base(given)]}.",
                f"Write language: {shown}, or leave it out and cardgen tells from the note.",
            ),
        )
