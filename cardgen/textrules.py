"""Text rules used in several stages: names, notes, salutations, templates, dates.

One place for each rule: how a name becomes a folder (:func:`slug`) and how
accents are set aside (:func:`fold`); how a note splits into paragraphs; the
honorifics; how a culture's templates are checked and filled (a culture
profile is data, not code: :func:`check_template`); the salutation, closing
and subject in the note's language (:func:`letter_language`,
:func:`formulas`; names and titles are :mod:`cardgen.names`); and the clock
— the 24-hour email deadline, the day to post the card, and ``--now``.

Templates may name only the documented fields, in braces, with nothing else —
no format specification (``{name:x>10000}``), no conversion (``{name!r}``), no
attribute or index (``{role.__len__}``, ``{name[0]}``), no position (``{0}``).
``{{`` and ``}}`` write a brace. They are checked when a profile is loaded
and filled by plain substitution, never by ``str.format``.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import string
import unicodedata
from collections.abc import Mapping, Sequence

from cardgen.errors import InputError
from cardgen.languages import base, english_variant, note_language, region
from cardgen.model import Culture, Formulas, Interview, Interviewer
from cardgen.names import (
    FRENCH_ONLY,
    TITLE_RANK,
    PersonName,
    czech_vocative,
    person_name,
    title_kind,
)

__all__ = [
    "DEADLINE_HOURS",
    "DEFAULT_INTERVIEW_TIME",
    "FIELDS",
    "HONORIFICS",
    "LANGUAGE_FIELDS",
    "a_or_an",
    "add_business_days",
    "check_template",
    "closing",
    "envelope_name",
    "fill",
    "fold",
    "formulas",
    "header_address",
    "letter_language",
    "mail_day",
    "normalise_note",
    "paragraphs",
    "parse_now",
    "plural",
    "salutation",
    "send_by",
    "slug",
    "split_honorific",
    "subject",
]

# -- names ---------------------------------------------------------------------

HONORIFICS = ("Mr.", "Ms.", "Mrs.", "Mx.", "Dr.", "Prof.", "Miss")

# Letters NFKD does not take apart into a base letter and an accent, with
# their usual ASCII spelling; typographic apostrophes; the no-break space.
TRANSLIT = str.maketrans(
    {
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ø": "o",
        "Ø": "O",
        "ß": "ss",
        "ẞ": "SS",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "þ": "th",
        "Þ": "Th",
        "ð": "d",
        "Ð": "D",
        "ı": "i",
        "ħ": "h",
        "Ħ": "H",
        "’": "'",
        "‘": "'",
        "ʼ": "'",
        "\u00a0": " ",
    }
)


def fold(text: str) -> str:
    """``text`` without accents, case kept: ``"Łukasz Dvořák"`` → ``"Lukasz Dvorak"``.

    Curly apostrophes become ``'``; letters that Unicode does not decompose
    (ł, ø, đ, ß, æ, œ, ı, þ) get their usual ASCII spelling.
    """
    if text.isascii():
        return text  # nothing to fold, and the common case
    decomposed = unicodedata.normalize("NFKD", text.translate(TRANSLIT))
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


def slug(text: str, max_len: int = 40) -> str:
    """A safe, lower-case ASCII folder name: ``"Margaret Dvořák"`` → ``margaret-dvorak``.

    Only ``a-z``, ``0-9`` and ``-`` survive, so ``../../x`` becomes ``x``.
    Returns ``"x"`` when nothing survives.
    """
    folded = unicodedata.normalize("NFKD", text.translate(TRANSLIT))
    ascii_text = folded.encode("ascii", "ignore").decode("ascii").lower()
    out = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:max_len].strip("-")
    return out or "x"


def split_honorific(name: str) -> tuple[str, str]:
    """``"Ms. Jane Doe"`` → ``("Ms.", "Jane Doe")``; no honorific → ``("", name)``."""
    words = name.split()
    if len(words) > 1:
        first = words[0] if words[0].endswith(".") else words[0] + "."
        if first in HONORIFICS:
            return first, " ".join(words[1:])
    return "", name


# -- email addresses -------------------------------------------------------------

# What an address may hold to go bare in a From or To header (no quoting).
_ADDR_SPEC = re.compile(r"[!#-'*+\-/-9=?A-Z^-~.]+@[A-Za-z0-9.\-]+")


@functools.lru_cache(maxsize=256)
def header_address(addr: str) -> bool:
    """Whether ``addr`` can go in a From or To header and read back as exactly itself.

    The rule the ``.eml`` draft is written by, and the one the loader checks
    every email address with, so a file ``check`` accepts ``make`` can write.
    A mail program decodes ``=?utf-8?q?x?=@b.com`` to ``x@b.com``: refused.
    Answered once per address: the candidate's is asked again for every draft.
    """
    if not _ADDR_SPEC.fullmatch(addr):
        return False
    from email import message_from_bytes
    from email.policy import default

    header = message_from_bytes(f"To: <{addr}>\r\n\r\n".encode("ascii"), policy=default)["To"]
    try:
        return [a.addr_spec for a in header.addresses] == [addr]
    except (AttributeError, ValueError):  # pragma: no cover - not parsed as an address list
        return False


# -- notes ---------------------------------------------------------------------


def normalise_note(text: str) -> str:
    """Tidy a note: NFC, ``\\n`` line breaks, no trailing spaces or blank edges.

    The lines stay as written, so a position in the note is a position in the
    file; :func:`paragraphs` joins them for the email and the card.
    """
    lines = [line.rstrip() for line in unicodedata.normalize("NFC", text).splitlines()]
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines)


def paragraphs(text: str) -> list[str]:
    """A note's paragraphs (split at blank lines), each joined into one line."""
    return [j for p in re.split(r"\n\s*\n", text) if (j := " ".join(p.split()))]


# -- culture templates -----------------------------------------------------------

# The fields each template may use.
FIELDS: dict[str, tuple[str, ...]] = {
    "salutation": ("honorific", "first", "surname", "name"),
    "salutation_no_honorific": ("honorific", "first", "surname", "name"),
    "subject": ("role", "company"),
    "closing": (),
}
_SALUTATION_FIELDS = ("honorific", "titles", "vocative", "first", "surname", "name", "address")
# The fields of each formula of a language (layouts/languages.yaml, a culture's
# ``languages:``).
LANGUAGE_FIELDS: dict[str, tuple[str, ...]] = {
    "subject": ("role", "company"),
    "subject_no_role": ("company",),
    "salutation": _SALUTATION_FIELDS,
    "salutation_man": _SALUTATION_FIELDS,
    "salutation_woman": _SALUTATION_FIELDS,
    "salutation_unknown": _SALUTATION_FIELDS,
    "closing": ("address",),
}

_PARSER = string.Formatter()


def _fields_text(allowed: Sequence[str]) -> str:
    if not allowed:
        return "no fields (it is written as is; write {{ or }} for a brace)"
    return ", ".join("{" + f + "}" for f in allowed)


def check_template(template: str, allowed: Sequence[str]) -> str | None:
    """Why ``template`` is not a valid template over ``allowed`` fields, or None."""
    try:
        parts = list(_PARSER.parse(template))
    except ValueError:
        return f"has an unmatched brace; it may use {_fields_text(allowed)}"
    for _literal, field, spec, conversion in parts:
        if field is None:
            continue
        if field not in allowed or spec or conversion:
            shown = "{" + field + (f"!{conversion}" if conversion else "")
            shown += (f":{spec}" if spec else "") + "}"
            return f"may not use {shown}; it may use {_fields_text(allowed)}"
    return None


def fill(template: str, values: Mapping[str, str]) -> str:
    """``template`` with each ``{field}`` replaced by ``values[field]``.

    The template must have passed :func:`check_template` for these fields.
    """
    out = []
    for literal, field, _spec, _conversion in _PARSER.parse(template):
        out.append(literal)
        if field is not None:
            out.append(values[field])
    return "".join(out)


# -- the note's language and its formulas -------------------------------------------


def _title_word(f: Formulas, p: PersonName) -> str:
    """The highest of ``p``'s titles that ``f``'s language has a word for, by gender."""
    ranked = sorted(
        (title_kind(t) for t in p.titles if title_kind(t) in f.title_words),
        key=lambda t: TITLE_RANK.index(t) if t in TITLE_RANK else len(TITLE_RANK),
    )
    if not ranked:
        return ""
    man, woman = f.title_words[ranked[0]]
    if man == woman or p.gender:
        return woman if p.gender == "woman" else man
    return ""


# Czech: letters of a Czech surname, and the endings whose vocative is regular.
_EN_US_WORDS = {"Mr.": "Mr.", "Ms.": "Ms.", "Mrs.": "Mrs.", "Miss": "Miss", "Mx.": "Mx."}


def letter_language(interview: Interview, person: Interviewer) -> str:
    """The tag ``person``'s letter is written in (``de``, ``en-GB``).

    The interviewer's ``language:``, else the interview's, else the one the
    note's words show (English when they show none); English takes its
    variant from where the letter goes: the interviewer's address, else the
    company's.
    """
    address = interview.address_for(person)
    given = person.language or interview.language or None
    return note_language(given, person.email_text, address.country if address else None)


def formulas(culture: Culture, tag: str) -> Formulas:
    """The culture's formulas for ``tag``: the tag's own, its language's, else American English.

    English in a region of its own takes the British or American forms by
    that region (``en-AU`` → ``en-GB``).
    """
    lang = base(tag)
    candidates = [tag, lang]
    if lang == "en":
        candidates.append(english_variant(region(tag)))
    for key in candidates:
        if key in culture.languages:
            return culture.languages[key]
    return Formulas(
        tag="en-US",
        subject=culture.subject,
        subject_no_role="Thank you for your time at {company}",
        salutation=culture.salutation,
        salutation_man=culture.salutation,
        salutation_woman=culture.salutation,
        salutation_unknown=culture.salutation_fallback,
        closing=culture.closing,
        honorifics=_EN_US_WORDS,
        title_words={"Prof.": ("Prof.", "Prof."), "Dr.": ("Dr.", "Dr.")},
    )


def _text(template: str, tag: str, values: Mapping[str, str]) -> str:
    """``template`` filled, spaces tidied; Swiss German writes ss for ß (in the formula only).

    An empty field takes the space before it along ("Vážený pane {vocative},"
    → "Vážený pane,"); the values themselves are written as they are.
    """
    if tag.lower() == "de-ch":
        template = template.replace("ß", "ss")
    out: list[str] = []
    for literal, field, _spec, _conversion in _PARSER.parse(template):
        out.append(literal)
        if field is not None:
            if values[field]:
                out.append(values[field])
            elif out:
                out[-1] = out[-1].rstrip()
    return " ".join("".join(out).split())


def _address(f: Formulas, p: PersonName) -> tuple[str, str, str]:
    """(honorific word, titles text, vocative) for the salutation in ``f``'s language."""
    word = f.honorifics.get(p.honorific, "")
    titles = vocative = ""
    if f.titles == "after":  # a doctor's faculty is for the envelope: Herr Dr. Müller
        titles = " ".join(
            "Dr." if t.startswith("Dr. ") else t for t in p.titles if t not in FRENCH_ONLY
        )
    elif f.titles == "replace":
        word = _title_word(f, p) or word
    elif f.titles == "vocative" and word:
        vocative = _title_word(f, p)
        if not vocative and f.vocative == "surname":
            vocative = p.surname if p.gender == "woman" else (czech_vocative(p.surname) or "")
    return word, titles, vocative


def _salutation_values(f: Formulas, person: Interviewer) -> tuple[str, dict[str, str]]:
    p = person_name(person.name, person.honorific)
    word, titles, vocative = _address(f, p)
    if not word:
        template = f.salutation_unknown
    elif p.gender == "man":
        template = f.salutation_man
    elif p.gender == "woman":
        template = f.salutation_woman
    else:
        template = f.salutation
    surname = p.surname
    if f.tag.startswith("nl") and surname[:1].islower():  # "Geachte heer Van den Berg,"
        surname = surname[:1].upper() + surname[1:]
    values = {
        "honorific": word,
        "titles": titles,
        "vocative": vocative,
        "first": p.given or p.surname,
        "surname": surname or p.given,
        "name": p.name,
        "address": word or f.address_unknown,
    }
    return template, values


def salutation(culture: Culture, person: Interviewer, language: str = "en-US") -> str:
    """The opening line in ``language``: "Dear Ms. Dvořák,", "Sehr geehrter Herr Dr. Weiß,"."""
    f = formulas(culture, language)
    template, values = _salutation_values(f, person)
    return _text(template, language, values)


def closing(culture: Culture, person: Interviewer | None = None, language: str = "en-US") -> str:
    """The closing line in ``language``: "Sincerely,", "Mit freundlichen Grüßen"."""
    f = formulas(culture, language)
    values = {"address": f.address_unknown}
    if person is not None:
        values = {"address": _salutation_values(f, person)[1]["address"]}
    return _text(f.closing, language, values)


def subject(culture: Culture, interview: Interview, language: str = "en-US") -> str:
    """The email subject line in ``language`` (without a role, one that needs none)."""
    f = formulas(culture, language)
    company = interview.company.name
    if interview.role or "{role}" not in f.subject:
        return _text(f.subject, language, {"role": interview.role, "company": company})
    return _text(f.subject_no_role, language, {"company": company})


# -- the clock -------------------------------------------------------------------

DEADLINE_HOURS = 24  # send the emails within this many hours of the interview
# When the file gives a date but no time: the end of the working day.
DEFAULT_INTERVIEW_TIME = dt.time(17, 0)


def send_by(interview: Interview) -> dt.datetime | None:
    """The email deadline: 24 hours after the interview (17:00 if no time is given)."""
    if interview.date is None:
        return None
    at = interview.time or DEFAULT_INTERVIEW_TIME
    return dt.datetime.combine(interview.date, at) + dt.timedelta(hours=DEADLINE_HOURS)


def add_business_days(day: dt.date, n: int) -> dt.date:
    """``day`` plus ``n`` working days (Monday to Friday)."""
    while n > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def mail_day(interview: Interview, culture: Culture) -> dt.date | None:
    """The day to post the card: the email day plus the culture's delay, never a Sunday."""
    deadline = send_by(interview)
    if deadline is None:
        return None
    day = deadline.date() + dt.timedelta(days=culture.mail_after_days)
    return day + dt.timedelta(days=1) if day.weekday() == 6 else day


def parse_now(value: str | None) -> dt.datetime:
    """``--now``: an ISO date-time (naive, local), or the current local time."""
    if value is None:
        return dt.datetime.now().replace(microsecond=0)
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise InputError(
            f"--now must be an ISO date-time like 2026-11-21T09:00, got '{value}'"
        ) from None
    return parsed.replace(tzinfo=None)


# -- words in prose ----------------------------------------------------------------

# Letters whose name begins with a vowel sound when an initialism is read out:
# "an A2", "an F", "an S"; but "a C6", "a DL".
_VOWEL_LETTERS = set("AEFHILMNORSX")


def plural(count: int, word: str, many: str = "") -> str:
    """``1 day``, ``2 days`` (``many`` when the plural is not ``word`` + s)."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def envelope_name(name: str) -> str:
    """An envelope's layout name as prose writes it: ``A2``, ``C6``, ``DL``, ``#10``."""
    number = re.fullmatch(r"(?:no|#)[ .]*(\d+)", name, re.IGNORECASE)
    if number:
        return f"#{number.group(1)}"
    if re.fullmatch(r"[a-z]{1,2}\d*", name, re.IGNORECASE):
        return name.upper()
    return name


def a_or_an(phrase: str) -> str:
    """``phrase`` with its indefinite article: ``an A2 envelope``, ``a C6 envelope``."""
    first = phrase[:1]
    if not first:
        return phrase
    initialism = re.match(r"[A-Z]{1,2}(?:\d|\b)", phrase) is not None
    vowel = first in _VOWEL_LETTERS if initialism else first.lower() in "aeiou"
    return f"{'an' if vowel else 'a'} {phrase}"
