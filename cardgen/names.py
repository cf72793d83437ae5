"""Names as letters and envelopes need them: honorifics, academic titles, given name, surname.

One pure rule per question, for every language: :func:`person_name` takes a
name apart (the titles written in it, each once; the honorific's gender,
local forms too: Herr, Mme, Sra., Pan); :func:`czech_vocative` forms a Czech
man's surname in the vocative where the rules are regular and refuses
otherwise; :func:`addressee` gives an envelope's honorific and name in a
destination's way; :func:`display_name` the name an email's To: shows.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache

import msgspec

from cardgen.model import Interviewer

__all__ = [
    "ACADEMIC_TITLES",
    "FRENCH_ONLY",
    "LOCAL_HONORIFICS",
    "TITLE_RANK",
    "PersonName",
    "addressee",
    "czech_vocative",
    "display_name",
    "person_name",
    "title_kind",
    "titles_only",
]


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
    "hab": "hab.",  # Polish: dr hab., the habilitated doctor
    "inż": "inż.",  # Polish: the engineer's degree
}
_TITLE_KIND = {
    "Dr.-Ing.": "Dr.",
    "Dr. rer. nat.": "Dr.",
    "PhDr.": "Dr.",
    "JUDr.": "Dr.",
    "MUDr.": "Dr.",
    "RNDr.": "Dr.",
}
TITLE_RANK = ("Me", "Prof.", "Doc.", "Dr.", "Ing.")
FRENCH_ONLY = frozenset({"Me"})  # not a title in any other language's letters
# Titles that are also names ("Doc Rivers", "Ing Wei"): taken from a name only with their dot.
_DOT_ONLY = frozenset({"doc", "ing", "mag", "mgr", "hab", "inż"})
# Words that begin a surname: "van den Berg", "de la Fuente", "von Weizsäcker".
_PARTICLES = frozenset(_split("van von der den de la le du da di del della dos das ter ten zu y"))


# What may follow "Dr." to name the faculty (German: Dr. med., Dr. rer. nat., Dr. h.c.):
# written with their dots, they are part of that title, not a given name.
_FACULTIES = frozenset(
    _split(
        "med dent vet rer nat pol oec soc publ phil jur iur theol sc techn ing agr "
        "paed h.c mult habil mont troph forest med.dent med.vet rer.nat rer.pol"
    )
)
# Letters written after a name, as written (case and dots count: "Ma" is a surname,
# "MA" a degree): a doctorate's stand for the title Dr. and are left out of the name
# (never "Dr. Jane Smith, PhD"); the others stay in the name but out of the surname.
_DOCTORATES = frozenset(
    _split("PhD Ph.D. DPhil D.Phil. MD M.D. EdD Ed.D. DSc D.Sc. DBA D.B.A. PsyD DDS DMD")
)
_POST_NOMINALS = _DOCTORATES | frozenset(
    _split(
        "MBA M.B.A. MA M.A. MSc M.Sc. MS M.S. BA B.A. BSc B.Sc. LLM LL.M. LLB JD J.D. "
        "MPH MPA CPA CFA ACA FCA ACCA CEng PE PMP RN Esq. Jr. Jr Sr. Sr II III IV"
    )
)


# Of those, the ones written without a comma: John King Jr., Henry Ford II.
_SUFFIXES = frozenset(_split("Jr. Jr Sr. Sr II III IV"))


def _key(word: str) -> str:
    return word.lower().removesuffix(".")


def _after_name(words: list[str]) -> tuple[list[str], bool]:
    """The letters written after a name (``Jane Smith, PhD``, ``John King Jr.``), taken
    off ``words`` (the comma before them too); and whether one is a doctorate."""
    post: list[str] = []
    while len(words) > 1 and words[-1].rstrip(",") in _POST_NOMINALS:
        post.insert(0, words.pop().rstrip(","))
    if post:
        words[-1] = words[-1].rstrip(",")
    return post, any(w in _DOCTORATES for w in post)


class PersonName(msgspec.Struct, frozen=True):
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
    give them, a doctor's faculty with it (``Dr. med.``); an honorific written in
    the name (``Herr``, ``Mme``) gives the gender when ``honorific`` does not.
    Letters after the name (``Jane Smith, PhD``, ``John King Jr.``) are not its
    surname: a doctorate's stand for Dr. and leave the name, the others stay in
    it. A name written surname first (``Smith, Jane``) is turned round. The
    surname is the last word with the particles before it (``van den Berg``), the
    whole name when no given name comes first (``van der Berg``).
    """
    words = name.split()
    post, doctorate = _after_name(words)
    comma = next((i for i, w in enumerate(words[:-1]) if w.endswith(",")), None)
    if comma is not None and not any(w.endswith(",") for w in words[comma + 1 :]):
        # "Smith, Jane", "Weiß, Dr. Jürgen": the surname first, as lists write it
        words = [*words[comma + 1 :], *words[:comma], words[comma].rstrip(",")]
    titles: list[str] = []
    gender_word = ""
    while len(words) > 1:
        key = _key(words[0])
        dotted = words[0].endswith(".")
        title_like = dotted or key not in _DOT_ONLY or words[0] == "mgr"  # Polish: no dot
        if key == "me":  # Maître, written Me; "ME", "me" are not it
            title_like = words[0].rstrip(".") == "Me"
        if key in ACADEMIC_TITLES and title_like:
            title = ACADEMIC_TITLES[key]
            while title == "Dr." or title.startswith("Dr. "):  # Dr. med., Dr. rer. nat.
                if len(words) < 3 or not words[1].endswith(".") or _key(words[1]) not in _FACULTIES:
                    break
                title = f"{title} {words.pop(1)}"
            if title not in titles:
                titles.append(title)
        elif key in LOCAL_HONORIFICS and key not in _ALSO_NAMES:
            if gender_word and LOCAL_HONORIFICS[key] != gender_word:
                break
            gender_word = LOCAL_HONORIFICS[key]  # once, however often written
        else:
            break
        words.pop(0)
    given_honorific = LOCAL_HONORIFICS.get(_key(honorific), "") if honorific else ""
    title = ACADEMIC_TITLES.get(_key(honorific), "") if honorific else ""
    if doctorate and not title and not {title_kind(t) for t in titles} & {"Prof.", "Dr."}:
        title = "Dr."  # Jane Smith, PhD: Dr. Jane Smith
    if title and title not in titles and title_kind(title) not in map(title_kind, titles):
        titles.insert(0 if title == "Prof." else len(titles), title)
    kept = [w for w in post if w not in _DOCTORATES]  # John King Jr., Jane Smith, MBA
    surname_from = len(words) - 1
    while surname_from > 0 and words[surname_from - 1].lower() in _PARTICLES:
        if surname_from == 1 and not words[0].islower():  # "Van Morrison": a given name
            break
        surname_from -= 1  # "Dr. van der Berg": no given name, the particles lead
    given = words[0] if surname_from > 0 else ""
    return PersonName(
        honorific=given_honorific or gender_word,
        titles=tuple(titles),
        given=given,
        surname=" ".join(words[surname_from:]) if words else "",
        name=" ".join(words) + "".join(f" {w}" if w in _SUFFIXES else f", {w}" for w in kept),
    )


def titles_only(name: str) -> bool:
    """Whether every word of ``name`` is an academic title or an honorific ("Dr. Prof.",
    "Herr"): a name with no name in it, which no salutation can be made of."""
    words = name.split()
    for word in words:
        key = _key(word)
        dotted = word.endswith(".") or key not in _DOT_ONLY or word == "mgr"
        title = key in ACADEMIC_TITLES and dotted
        if key == "me":
            title = word.rstrip(".") == "Me"
        if not title and (key not in LOCAL_HONORIFICS or key in _ALSO_NAMES):
            return False
    return bool(words)


def title_kind(title: str) -> str:
    """The title a language's words are listed under: ``JUDr.``, ``Dr.-Ing.`` and
    ``Dr. med.`` → ``Dr.``."""
    return _TITLE_KIND.get(title) or ("Dr." if title.startswith("Dr. ") else title)


@cache
def _czech() -> re.Pattern[str]:
    """A word of Czech letters, compiled when a Czech surname is first put in the vocative."""
    return re.compile(r"[A-Za-zÁČĎÉĚÍŇÓŘŠŤÚŮÝŽáčďéěíňóřšťúůýž]+")


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
    low = surname.lower()
    if not _czech().fullmatch(surname) or len(surname) < 2:
        return None
    if not any(ch in _CZ_VOWELS or ch in "lr" for ch in low):  # Ng: no syllable is Czech
        return None
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
        titles = [t for t in p.titles if t not in FRENCH_ONLY]
        if lang in ("nl", "pl"):  # dr., prof. dr.; Polish: dr (ends as the word does)
            titles = [t.lower() for t in titles]
            titles = [t.rstrip(".") if lang == "pl" and t == "dr." else t for t in titles]
        return p.honorific, " ".join((*titles, p.name))
    if lang == "fr" and "Me" in p.titles:  # Me Hélène Lefèvre
        return "Me", p.name
    if lang in _GENDER_FIRST and p.gender:
        return p.honorific, p.name
    ranked = [t for t in ("Prof.", "Doc.", "Dr.") if t in {title_kind(x) for x in p.titles}]
    return (ranked[0] if ranked else p.honorific), p.name
