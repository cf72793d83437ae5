"""Text rules used in several stages: names, notes, salutations, templates, dates.

One place for each rule: how a name becomes a folder (:func:`slug`) and how
accents are set aside (:func:`fold`); how a note splits into paragraphs; the
honorifics; how a culture's templates are checked and filled (a culture
profile is data, not code: :func:`check_template`); the salutation, closing
and subject; and the clock — the 24-hour email deadline, the day to post the
card, and ``--now``.

Templates may name only the documented fields, in braces, with nothing else —
no format specification (``{name:x>10000}``), no conversion (``{name!r}``), no
attribute or index (``{role.__len__}``, ``{name[0]}``), no position (``{0}``).
``{{`` and ``}}`` write a brace. They are checked when a profile is loaded
and filled by plain substitution, never by ``str.format``.
"""

from __future__ import annotations

import datetime as dt
import re
import string
import unicodedata
from collections.abc import Mapping, Sequence

from cardgen.errors import InputError
from cardgen.model import Culture, Interview, Interviewer

__all__ = [
    "DEADLINE_HOURS",
    "DEFAULT_INTERVIEW_TIME",
    "FIELDS",
    "HONORIFICS",
    "a_or_an",
    "add_business_days",
    "check_template",
    "closing",
    "envelope_name",
    "fill",
    "fold",
    "header_address",
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


def header_address(addr: str) -> bool:
    """Whether ``addr`` can go in a From or To header and read back as exactly itself.

    The rule the ``.eml`` draft is written by, and the one the loader checks
    every email address with, so a file ``check`` accepts ``make`` can write.
    A mail program decodes ``=?utf-8?q?x?=@b.com`` to ``x@b.com``: refused.
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


def salutation(culture: Culture, person: Interviewer) -> str:
    """The opening line per culture: "Dear Ms. Dvořák," or "Hi Margaret,"."""
    template = culture.salutation if person.honorific else culture.salutation_fallback
    text = fill(
        template,
        {
            "honorific": person.honorific,
            "first": person.first_name,
            "surname": person.surname,
            "name": person.name,
        },
    )
    return " ".join(text.split())


def closing(culture: Culture) -> str:
    """The closing line per culture: "Sincerely,"."""
    return fill(culture.closing, {})


def subject(culture: Culture, interview: Interview) -> str:
    """The email subject line (without a role, one that needs none)."""
    company = interview.company.name
    if interview.role or "{role}" not in culture.subject:
        return " ".join(fill(culture.subject, {"role": interview.role, "company": company}).split())
    return f"Thank you for your time at {company}"


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
