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
from dataclasses import dataclass

from cardgen.errors import InputError
from cardgen.languages import base, english_variant, note_language, region
from cardgen.model import Culture, Formulas, Interview, Interviewer

__all__ = [
    "ACADEMIC_TITLES",
    "DEADLINE_HOURS",
    "DEFAULT_INTERVIEW_TIME",
    "FIELDS",
    "HONORIFICS",
    "LANGUAGE_FIELDS",
    "LOCAL_HONORIFICS",
    "PersonName",
    "a_or_an",
    "add_business_days",
    "addressee",
    "check_template",
    "closing",
    "czech_vocative",
    "display_name",
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
    "person_name",
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


# -- names, honorifics and academic titles --------------------------------------


def _split(words: str) -> list[str]:
    """A list of words written as one string (data kept readable)."""
    return words.split()


# An honorific in any supported language (lower case, no final dot) → the
# English one the model keeps: its gender is what the formulas need.
LOCAL_HONORIFICS: Mapping[str, str] = {
    **dict.fromkeys(
        _split(
            "mr mister herr herrn monsieur sr señor senhor sig signor signore pan pane dhr heer"
        ),
        "Mr.",
    ),
    **dict.fromkeys(
        _split("ms frau mme madame sra señora senhora sig.ra signora pani paní mevr mevrouw fru"),
        "Ms.",
    ),
    "m": "Mr.",  # French "M.": as an honorific only, never as a name's initial
    "mrs": "Mrs.",
    "miss": "Miss",
    "mlle": "Miss",
    "srta": "Miss",
    "mx": "Mx.",
}
_GENDER = {"Mr.": "man", "Ms.": "woman", "Mrs.": "woman", "Miss": "woman"}
# Honorifics that are also names or initials ("M.", Pan Wei, Heer): taken as
# honorifics only from the file's ``honorific:``, never from the front of a name.
_ALSO_NAMES = frozenset(_split("m pan pani pane paní fru heer sig sr"))

# Academic titles (and the French lawyer's Maître) written before a name
# (lower case, no final dot) → how they are kept; the kind a language's title
# words are listed under; the rank that says which is highest.
ACADEMIC_TITLES: Mapping[str, str] = {
    "me": "Me",  # Maître: a French lawyer's title, written only in French letters
    "maître": "Me",
    "prof": "Prof.",
    "professor": "Prof.",
    "doc": "Doc.",
    "dr": "Dr.",
    "doctor": "Dr.",
    "dr.-ing": "Dr.-Ing.",
    "dr.rer.nat": "Dr. rer. nat.",
    "phdr": "PhDr.",
    "judr": "JUDr.",
    "mudr": "MUDr.",
    "rndr": "RNDr.",
    "dipl.-ing": "Dipl.-Ing.",
    "dipl.-kfm": "Dipl.-Kfm.",
    "mag": "Mag.",
    "ing": "Ing.",
    "mgr": "Mgr.",
}
_TITLE_KIND = {
    "Dr.-Ing.": "Dr.",
    "Dr. rer. nat.": "Dr.",
    "PhDr.": "Dr.",
    "JUDr.": "Dr.",
    "MUDr.": "Dr.",
    "RNDr.": "Dr.",
}
_TITLE_RANK = ("Me", "Prof.", "Doc.", "Dr.", "Ing.")
_FRENCH_ONLY = frozenset({"Me"})  # not a title in any other language's letters
# Titles that are also names ("Doc Rivers", "Ing Wei"): taken from a name only with their dot.
_DOT_ONLY = frozenset({"doc", "ing", "mag", "mgr"})
# Words that begin a surname: "van den Berg", "de la Fuente", "von Weizsäcker".
_PARTICLES = frozenset(_split("van von der den de la le du da di del della dos das ter ten zu y"))


def _key(word: str) -> str:
    return word.lower().removesuffix(".")


@dataclass(frozen=True)
class PersonName:
    """A name taken apart: the honorific's gender, the academic titles, given name, surname.

    ``honorific`` is the English one (``Mr.``, ``Ms.``, ``Mrs.``, ``Miss``,
    ``Mx.``; ``""``: none); ``titles`` are the academic titles, each once, in
    the order written (``("Prof.", "Dr.")``).
    """

    honorific: str
    titles: tuple[str, ...]
    given: str
    surname: str
    name: str  # every word of the name but titles and honorifics: "Anna Maria Keller"

    @property
    def gender(self) -> str:
        """``man``, ``woman`` or ``""`` (not known: no honorific, Mx., or a title alone)."""
        return _GENDER.get(self.honorific, "")

    @property
    def full(self) -> str:
        """The name with its titles, each once: ``Prof. Dr. Anna Keller``."""
        return " ".join((*self.titles, self.name))


def person_name(name: str, honorific: str = "") -> PersonName:
    """``("Dr. Jürgen Weiß", "Dr.")`` → titles ``("Dr.",)``, given ``Jürgen``, surname ``Weiß``.

    Academic titles written before the name (Prof., Dr., Dipl.-Ing., Mag., Ing.
    …) are recognised and kept once, however often the name and the honorific
    give them; an honorific written in the name (``Herr``, ``Mme``) gives the
    gender when ``honorific`` does not. The surname is the last word with the
    particles before it (``van den Berg``).
    """
    words = name.split()
    titles: list[str] = []
    gender_word = ""
    while len(words) > 1:
        key = _key(words[0])
        dotted = words[0].endswith(".")
        title_like = dotted or key not in _DOT_ONLY
        if key == "me":  # Maître, written Me; "ME", "me" are not it
            title_like = words[0].rstrip(".") == "Me"
        if key in ACADEMIC_TITLES and title_like:
            title = ACADEMIC_TITLES[key]
            if title not in titles:
                titles.append(title)
        elif key in LOCAL_HONORIFICS and key not in _ALSO_NAMES and not gender_word:
            gender_word = LOCAL_HONORIFICS[key]
        else:
            break
        words.pop(0)
    given_honorific = LOCAL_HONORIFICS.get(_key(honorific), "") if honorific else ""
    title = ACADEMIC_TITLES.get(_key(honorific), "") if honorific else ""
    if title and title not in titles:
        titles.insert(0 if title == "Prof." else len(titles), title)
    surname_from = len(words) - 1
    while surname_from > 1 and words[surname_from - 1].lower() in _PARTICLES:
        surname_from -= 1
    given = " ".join(words[:1]) if len(words) > 1 else ""
    return PersonName(
        honorific=given_honorific or gender_word,
        titles=tuple(titles),
        given=given,
        surname=" ".join(words[surname_from:]) if words else "",
        name=" ".join(words),
    )


def _kind(title: str) -> str:
    return _TITLE_KIND.get(title, title)


def _title_word(f: Formulas, p: PersonName) -> str:
    """The highest of ``p``'s titles that ``f``'s language has a word for, by gender."""
    ranked = sorted(
        (_kind(t) for t in p.titles if _kind(t) in f.title_words),
        key=lambda t: _TITLE_RANK.index(t) if t in _TITLE_RANK else len(_TITLE_RANK),
    )
    if not ranked:
        return ""
    man, woman = f.title_words[ranked[0]]
    if man == woman or p.gender:
        return woman if p.gender == "woman" else man
    return ""


# Czech: letters of a Czech surname, and the endings whose vocative is regular.
_CZECH = re.compile(r"[A-Za-zÁČĎÉĚÍŇÓŘŠŤÚŮÝŽáčďéěíňóřšťúůýž]+")
_CZ_VOWELS = set("aáeéěiíoóuúůyý")


def czech_vocative(surname: str) -> str | None:
    """A Czech man's surname in the vocative (``Novák`` → ``Nováku``), or None.

    Only the regular endings: -ek → -ku (Hájek), -k/-h/-g/-ch → +u (Novák,
    Vlach), -a → -o (Svoboda), a soft consonant → +i (Kovář, Beneš), -ý/-í
    unchanged (Černý, Krejčí), a vowel and -r or a hard consonant → +e (Zeman,
    Kubát, Král). None for what the rules cannot tell (-ec, -el and a consonant
    and -r drop or change a letter: Němec → Němče, Havel → Havle, Petr → Petře;
    -s, -z and a final vowel vary; a name with letters Czech does not use).
    """
    if not _CZECH.fullmatch(surname) or len(surname) < 2:
        return None
    low = surname.lower()
    if low[-1] in "ýí":
        return surname
    if low.endswith("ek") and len(low) > 3:
        return surname[:-2] + "ku"
    if low.endswith(("ec", "el")):
        return None
    if low.endswith(("k", "h", "g")):
        return surname + "u"
    if low.endswith("a"):
        return surname[:-1] + "o"
    if low[-1] in "šžčřcjďťň":
        return surname + "i"
    if low.endswith("r"):
        return surname + "e" if low[-2] in _CZ_VOWELS else None
    if low[-1] in "bdflmnptv":
        return surname + "e"
    return None


# -- the note's language and its formulas -------------------------------------------

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
    """``template`` filled, spaces tidied; Swiss German writes ss for ß (in the formula only)."""
    if tag.lower() == "de-ch":
        template = template.replace("ß", "ss")
    text = " ".join(fill(template, values).split())
    return re.sub(r" +([,:;.!?])", r"\1", text)


def _address(f: Formulas, p: PersonName) -> tuple[str, str, str]:
    """(honorific word, titles text, vocative) for the salutation in ``f``'s language."""
    word = f.honorifics.get(p.honorific, "")
    titles = vocative = ""
    if f.titles == "after":
        titles = " ".join(t for t in p.titles if t not in _FRENCH_ONLY)
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


def display_name(person: Interviewer) -> str:
    """The name an email's To: shows: the name as written, its titles once, no honorific word."""
    p = person_name(person.name, "")
    return p.full if p.name else person.name


# Destination languages that write academic titles after the honorific on an
# envelope (Herrn Dr. Jürgen Weiß, Pan Ing. Jan Novák, De heer dr. Jan de Vries);
# elsewhere the highest title stands for the honorific (Dr Jürgen Weiß).
_TITLES_AFTER = frozenset({"de", "cs", "nl", "pl"})
# Destination languages whose envelopes give the gender's word alone (M., Sr., Sig.).
_GENDER_FIRST = frozenset({"fr", "es", "it", "pt", "sv"})


def addressee(name: str, honorific: str, language: str) -> tuple[str, str]:
    """(honorific, name) for an envelope's name line in a destination ``language``.

    The honorific stays the English one (the destination's conventions put it
    in their language); each academic title is written once: German, Czech,
    Dutch and Polish keep them all after the honorific, which then only says
    the gender (``("Mr.", "Dr. Jürgen Weiß")`` → Herrn Dr. Jürgen Weiß); French,
    Spanish, Italian, Portuguese and Swedish write the gender's word alone
    (M. Jürgen Weiß), else the highest title; English writes the highest title
    instead of Mr. or Ms. (``("Dr.", "Jürgen Weiß")``).
    """
    p = person_name(name, honorific)
    lang = language.split("-", 1)[0].lower()
    if lang in _TITLES_AFTER:
        titles = [t for t in p.titles if t not in _FRENCH_ONLY]
        if lang in ("nl", "pl"):  # dr., prof. dr.; Polish: dr (ends as the word does)
            titles = [t.lower() for t in titles]
            titles = [t.rstrip(".") if lang == "pl" and t == "dr." else t for t in titles]
        return p.honorific, " ".join((*titles, p.name))
    if lang == "fr" and "Me" in p.titles:  # Me Hélène Lefèvre
        return "Me", p.name
    if lang in _GENDER_FIRST and p.gender:
        return p.honorific, p.name
    ranked = [t for t in ("Prof.", "Doc.", "Dr.") if t in {_kind(x) for x in p.titles}]
    return (ranked[0] if ranked else p.honorific), p.name


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
