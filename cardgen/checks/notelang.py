"""The language each note is read in, and what Babel's locale data says of it.

:func:`note_tag` is the one place a note's language is decided for the checks:
the interviewer's ``language:``, else the interview's, else the one the note's
words show (:func:`cardgen.languages.note_language`), English taking its
variant from where the card goes (the interviewer's address, else the
company's). Weekday names come from Babel (``babel.dates.get_day_names``),
loaded on first use and once per run, so a check of an English note pays
for Babel only when a weekday must be read.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

from cardgen import languages
from cardgen.model import Interview, Interviewer

__all__ = ["babel_locale", "day_names", "language_name", "note_tag"]


def note_tag(interview: Interview, person: Interviewer, note: str) -> str:
    """The IETF tag ``note`` (written to ``person``) is read in: ``"de"``, ``"en-GB"``."""
    given = person.language or interview.language
    address = interview.address_for(person)
    country = address.country if address else None
    return languages.note_language(given or None, note, country)


def language_name(tag: str) -> str:
    """The language's English name for messages: ``"fr-CA"`` → ``"French"``."""
    name = languages.LANGUAGES.get(languages.base(tag))
    if name:
        return name
    locale = babel_locale(tag)
    return locale.english_name if locale is not None and locale.english_name else tag


def babel_locale(tag: str):  # type: ignore[no-untyped-def]
    """Babel's ``Locale`` for a tag (the bare language when the region is unknown), or None."""
    from babel import Locale, UnknownLocaleError

    for candidate in (tag.replace("-", "_"), languages.base(tag)):
        try:
            return Locale.parse(candidate)
        except (UnknownLocaleError, ValueError):
            continue
    return None


@functools.cache
def day_names(tag: str) -> Mapping[str, int]:
    """The language's weekday names, lower case, to their number (Monday 0), from Babel.

    Both the names used in a sentence and the stand-alone ones; empty for a
    language Babel does not know.
    """
    if languages.base(tag) == "en":  # the standard library's own (C locale) names
        import calendar

        return {name.lower(): number for number, name in enumerate(calendar.day_name)}
    locale = babel_locale(tag)
    if locale is None:
        return {}
    names: dict[str, int] = {}
    for context in ("format", "stand-alone"):
        for number, name in locale.days[context]["wide"].items():
            names[str(name).lower()] = int(number)
    return names
