"""Check stage: the thank-you-note advice as checks, behind ``cardgen check``.

Pure functions of the model (stdlib only, no I/O, no clock: the caller passes
``now``). :func:`run_checks` returns :class:`Finding` objects of two kinds:

* **problems** — mistakes that cost candidates the job: the starter file's
  sample values left in (``placeholder``); notes so alike that
  HR, filing them side by side, sees a copy (``similar-notes``); the reader
  addressed by another interviewer's name or the candidate's own, or another
  company named with its legal suffix ("Acme LLC"), as if pasted from another
  note (``wrong-name``); the
  reader's own name misspelt (``misspelt-name``); a word one letter from a word
  of the note's language ("intersting", ``misspelt-word``); a weekday given
  the meeting that is not the interview's ("on Thursday" for a Friday,
  ``wrong-weekday``); a card that does not fit
  (``card-too-long``); a signature without phone or email (``no-phone``,
  ``no-email``); a mailed card with nowhere to go (``no-address``) or an
  address its envelope cannot carry (``envelope-address``).
* **advice** — what a good note has: it is short (``long-email``,
  ``short-note``), thanks the reader (``no-thanks``), makes one or two specific
  points from the conversation (``no-detail``), renews interest
  (``no-interest``), names a colleague only on purpose (``other-name``), is
  written large enough to read on a card (``small-writing``), and goes out
  within 24 hours (``deadline``); a word its language's list lacks
  (``misspelt-word``), and a language with no list (``no-spelling-list``).

Each note is read in its language (:func:`~cardgen.checks.notelang.note_tag`):
thanks, interest and stock phrases in every language the kit writes, weekdays
and spelling in the note's own.

The checks look at the text that is actually sent: each interviewer's email
body (:attr:`Interviewer.email_text`) and, when a card is mailed and its text
differs, the card note (:attr:`Interviewer.note`).

Each subject has its module: :mod:`~cardgen.checks.findings` (what a finding
is), :mod:`~cardgen.checks.placeholders`, :mod:`~cardgen.checks.contact`,
:mod:`~cardgen.checks.dates`, :mod:`~cardgen.checks.similarity` (how notes are
compared, with the measured numbers), :mod:`~cardgen.checks.names`,
:mod:`~cardgen.checks.companies`, :mod:`~cardgen.checks.cards`,
:mod:`~cardgen.checks.notes`, :mod:`~cardgen.checks.weekdays` and
:mod:`~cardgen.checks.spelling` (with :mod:`~cardgen.checks.notelang`, the
note's language); :func:`run_checks` runs them all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from cardgen.checks.cards import card_checks
from cardgen.checks.companies import company_core
from cardgen.checks.contact import contact_checks
from cardgen.checks.dates import deadline_finding
from cardgen.checks.findings import PROBLEM, CardSize, Finding, exit_code, summary
from cardgen.checks.language import language_checks
from cardgen.checks.names import NameIndex, name_checks
from cardgen.checks.notes import LONG_EMAIL_WORDS, SHORT_NOTE_WORDS, content_checks
from cardgen.checks.placeholders import (
    STARTER_CANDIDATE,
    STARTER_COMPANY,
    STARTER_INTERVIEWER,
    STARTER_NOTE,
    placeholder_checks,
)
from cardgen.checks.similarity import SIMILARITY_THRESHOLD, similarity, similarity_checks
from cardgen.checks.text import WORD, name_key, name_parts, word_count
from cardgen.checks.weekdays import weekday_checks
from cardgen.model import Address, Culture, Interview, Interviewer

__all__ = [
    "LONG_EMAIL_WORDS",
    "SHORT_NOTE_WORDS",
    "SIMILARITY_THRESHOLD",
    "STARTER_CANDIDATE",
    "STARTER_COMPANY",
    "STARTER_INTERVIEWER",
    "STARTER_NOTE",
    "CardSize",
    "Finding",
    "exit_code",
    "run_checks",
    "similarity",
    "summary",
    "word_count",
]


def _texts(person: Interviewer, mails_card: bool) -> list[tuple[str, str]]:
    """(label, text) for what is sent to ``person``: the email, and a differing card."""
    email = person.email_text
    if not mails_card:
        return [("email", email)]
    if person.note.strip() == email.strip():
        return [("note", email)]
    return [("email", email), ("card note", person.note)]


def _file_words(interview: Interview, dictionary: Iterable[str]) -> set[str]:
    """Words spelling leaves alone besides names: titles, towns and streets the file
    gives, and the candidate's own ``dictionary``, as :func:`name_key` gives them."""
    texts = [p.title for p in interview.interviewers]
    places: list[Address | None] = [interview.candidate.address, interview.company.address]
    places += [p.address for p in interview.interviewers]
    for place in places:
        if place is not None:
            texts += [place.street, place.city, place.region]
    words = {name_key(w) for text in texts for w in WORD.findall(text)}
    return words | {name_key(w) for entry in dictionary for w in WORD.findall(entry)}


def run_checks(
    interview: Interview,
    culture: Culture,
    *,
    now: dt.datetime,
    fit: Callable[[int], str | None] | None = None,
    mails_card: bool | None = None,
    envelope: Callable[[int], str | None] | None = None,
    size: Callable[[int], CardSize | None] | None = None,
    dictionary: Iterable[str] = (),
    spelling: bool = True,
) -> list[Finding]:
    """Check an interview file against the thank-you-note advice.

    Args:
        interview: the loaded interview file.
        culture: its culture profile (says whether a card is mailed).
        now: the current local time, naive, for the 24-hour email deadline.
        fit: given an interviewer's number (1-based, file order: two
            interviewers may share a name), returns None when their card note
            fits the card, else a message saying by how much it does not;
            skipped when None.
        mails_card: whether cards are mailed; defaults to ``culture.mails_card``.
        envelope: given an interviewer's number, returns None when their
            envelope can be addressed, else the reason it cannot (the error
            ``cardgen make`` would stop with); skipped when None.
        size: given an interviewer's number, the size their card is written at
            (:class:`CardSize`), or None when unknown; skipped when None.
        dictionary: the candidate's own words (the profile's ``dictionary:``),
            never reported as misspelt.
        spelling: spell-check the notes (loads a word list per language:
            0.2–0.7 s; ``make`` leaves it to ``check`` and ``make --strict``).

    Returns:
        Problems first, then advice; within each, whole-file findings first, then
        by interviewer in file order, then in the order the checks run.
    """
    mails = culture.mails_card if mails_card is None else mails_card
    people = interview.interviewers
    names = [p.name for p in people] + [interview.candidate.name]
    # Words that are names, the company or the role: not misspellings, not details.
    known = {name_key(w) for n in names for w in name_parts(n)}
    known |= set(company_core(interview.company.name))
    known |= {name_key(w) for w in WORD.findall(interview.role)}

    found: list[tuple[int, Finding]] = list(placeholder_checks(interview))
    found += contact_checks(interview)
    deadline = deadline_finding(interview, now)
    if deadline is not None:
        found.append((-1, deadline))
    found += similarity_checks(people, mails, names)
    spelled = known | _file_words(interview, dictionary)
    every = [_texts(person, mails) for person in people]
    if spelling:  # `check` and --strict only: `make` does without the module
        from cardgen.checks.spelling import spelling_checks, unlisted_languages

        found += unlisted_languages(interview, every)
    names_in_notes = NameIndex(people)  # every name worked out once, for all the notes
    for index, texts in enumerate(every):
        found += name_checks(interview, index, texts, known, names_in_notes)
        found += weekday_checks(interview, index, texts)
        if spelling:
            found += spelling_checks(interview, index, texts, spelled)
        if mails:
            found += card_checks(interview, index, fit, envelope, size)
        found += content_checks(interview, index, texts, known)
    found += language_checks(interview)

    unique = list(dict.fromkeys(found))  # a finding repeated word for word shows once
    unique.sort(key=lambda item: (item[1].severity != PROBLEM, item[0]))  # stable
    return [finding for _, finding in unique]
