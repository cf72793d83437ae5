"""Spelling (``misspelt-word``, ``no-spelling-list``): each note read in its language.

The word lists are pyspellchecker's (shipped in its wheel: English, German,
French, Spanish, Italian, Portuguese, Dutch, …), each loaded on first use and
once per run. A word is left alone when it is a name or word the file gives
(interviewers, candidate, company, role, titles, towns: ``skip``), in the
candidate's ``dictionary:``, written with a digit, in capitals ("CFA") or
with a capital inside ("PowerBI"), part of an e-mail address or URL, or —
outside German, which capitalises its nouns — capitalised within a sentence
(a proper noun). English accepts British and American spellings alike
("organising", "programme"); German and Dutch accept a compound of known
words ("Kreditrisikoanalyse"); French and Italian an elided article
("l'équipe", "dell'azienda").

An unknown word is a problem when the list has a word one letter away
("intersting" → "interesting"): almost surely a slip. Without one it is
advice: a word the list lacks, or a slip too far from any word to guess.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Collection
from typing import Any

import msgspec

from cardgen.checks.findings import ADVICE, PROBLEM, Finding, Found
from cardgen.checks.notelang import language_name, note_tag
from cardgen.checks.text import WORD, at_sentence_start, name_key
from cardgen.languages import base, detect
from cardgen.model import Interview

__all__ = [
    "Misspelling",
    "has_word_list",
    "misspellings",
    "spelling_checks",
    "unlisted_languages",
]

# An e-mail address, a URL or a bare domain: not words.
_ADDRESSES = re.compile(r"\S+@\S+|\b(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)+/\S*")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'"})
_CAPITALISES_NOUNS = frozenset({"de"})
_COMPOUNDS = frozenset({"de", "nl"})
_LINKS = ("s", "es", "n", "en", "e")  # German and Dutch linking letters: Arbeit-s-weise
_LONGEST_COMPOUND = 60  # letters; a longer "word" is not split
_ELISION_TEXT = "l d j m n s t c qu lorsqu puisqu jusqu dell all nell sull dall un"
_ELISIONS = frozenset(_ELISION_TEXT.split())  # l'équipe, qu'il, dell'azienda
# British forms → the American ones the English list holds.
_BRITISH = (
    ("isation", "ization"),
    ("ising", "izing"),
    ("ised", "ized"),
    ("ise", "ize"),
    ("yse", "yze"),
    ("ysing", "yzing"),
    ("our", "or"),
    ("tre", "ter"),
    ("ence", "ense"),
    ("ogue", "og"),
    ("mme", "m"),
    ("lled", "led"),
    ("lling", "ling"),
    ("ae", "e"),
    ("oe", "e"),
)


class Misspelling(msgspec.Struct, frozen=True):
    """A word the language's list does not have, and the nearest it does (or ``""``)."""

    word: str  # as written
    suggestion: str = ""


# Workplace words English notes use that pyspellchecker's list lacks.
_WORKPLACE_TEXT = """
    onboarding offboarding upskilling reskilling fintech roadmap workflow analytics backend
    frontend devops kanban cofounder webinar inbox skillset dataset ecommerce omnichannel
    microservices cybersecurity blockchain
"""
_EXTRA_WORDS = {"en": _WORKPLACE_TEXT.split() + [w + "s" for w in _WORKPLACE_TEXT.split()]}


@functools.cache
def _checker(lang: str) -> Any | None:
    """The language's ``SpellChecker``, its list loaded once per run; None: no list."""
    from importlib.resources import files

    from spellchecker import SpellChecker

    shipped = files("spellchecker") / "resources" / f"{lang}.json.gz"
    if shipped.is_file():
        # The shipped lists are lower case: read as they are, without pyspellchecker
        # lower-casing every word again (about a sixth of the time, a half for Dutch).
        checker = SpellChecker(language=None, distance=1, case_sensitive=True)
        checker.word_frequency.load_dictionary(str(shipped))
    else:
        try:
            checker = SpellChecker(language=lang, distance=1)
        except ValueError:  # pyspellchecker has no list for the language
            return None
    checker.word_frequency.load_words(_EXTRA_WORDS.get(lang, ()))
    return checker


def _speller(lang: str) -> Callable[[str], bool] | None:
    """The language's word list as a membership test; None: no list."""
    checker = _checker(lang)
    return None if checker is None else checker.__contains__


def has_word_list(tag: str) -> bool:
    """True when pyspellchecker has a word list for the tag's language."""
    return _checker(base(tag)) is not None


def _suggest(lang: str, word: str) -> str:
    """The list's likeliest word one edit from ``word``, or ``""``.

    The commonest wins; between equally common words the longer (a letter left
    out is the likelier slip), then the first in alphabetical order, so the
    same note always gets the same suggestion.
    """
    checker = _checker(lang)
    if checker is None:
        return ""
    found = checker.candidates(word)
    if not found:
        return ""
    best = min(found, key=lambda c: (-checker[c], -len(c), c))
    return best if best != word else ""


def _british(word: str, known: Callable[[str], bool]) -> bool:
    for ending, american in _BRITISH:
        at = word.rfind(ending)
        while at > 0:
            if known(word[:at] + american + word[at + len(ending) :]):
                return True
            at = word.rfind(ending, 0, at)
    return False


def _compound(word: str, known: Callable[[str], bool]) -> bool:
    """True when ``word`` is known words joined (2 to 4, each 3 letters or more, a linking
    "s", "n", "en" … allowed after each), as German and Dutch join them."""
    if len(word) > _LONGEST_COMPOUND:
        return False
    # parts[i]: the fewest known words that make word[:i] (0 for the empty start).
    parts: dict[int, int] = {0: 0}
    for end in range(3, len(word) + 1):
        best = None
        for start, count in parts.items():
            if end - start < 3 or count >= 4:
                continue
            piece = word[start:end]
            stems = [piece] + [piece[: -len(x)] for x in _LINKS if piece.endswith(x)]
            inner = end < len(word) and any(len(s) >= 3 and known(s) for s in stems)
            if inner or (end == len(word) and known(piece)):
                best = count + 1 if best is None else min(best, count + 1)
        if best is not None:
            parts[end] = best
    return parts.get(len(word), 0) >= 2


def _known(word: str, lang: str, known: Callable[[str], bool]) -> bool:
    """Whether the lower-case ``word`` is in the list, allowing the language's forms."""
    if known(word):
        return True
    if "'" in word:
        head, _, tail = word.rpartition("'")
        if tail == "s" and _known(head, lang, known):  # possessive
            return True
        if head in _ELISIONS and _known(tail, lang, known):  # l'équipe, dell'azienda
            return True
        return all(_known(part, lang, known) for part in word.split("'") if len(part) > 1)
    if lang == "en" and _british(word, known):
        return True
    return lang in _COMPOUNDS and len(word) >= 6 and _compound(word, known)


def _skipped(word: str, text: str, at: int, lang: str, skip: Collection[str]) -> bool:
    if len(word) < 2 or any(ch.isdigit() for ch in word):
        return True
    if word.isupper() or any(ch.isupper() for ch in word[1:]):
        return True  # an acronym, or a name like "PowerBI"
    if name_key(word.removesuffix("'s")) in skip:
        return True  # a name, or its possessive ("Ngozi's")
    capital = word[0].isupper()
    return capital and lang not in _CAPITALISES_NOUNS and not at_sentence_start(text, at)


def misspellings(text: str, tag: str, skip: Collection[str] = ()) -> list[Misspelling]:
    """The words of ``text`` (in language ``tag``) its word list lacks, each once, in order.

    ``skip``: words to leave alone, as :func:`~cardgen.checks.text.name_key` gives
    them (names, the company, the role, the candidate's dictionary). Empty when
    the language has no word list (see :func:`has_word_list`).
    """
    lang = base(tag)
    known = _speller(lang)
    if known is None:
        return []
    text = _ADDRESSES.sub(lambda m: " " * len(m.group(0)), text.translate(_APOSTROPHES))
    out: dict[str, Misspelling] = {}
    for m in WORD.finditer(text):
        offset = m.start()
        for part in m.group(0).split("-"):
            at, offset = offset, offset + len(part) + 1
            if part.lower() in out or _skipped(part, text, at, lang, skip):
                continue
            lower = part.lower()
            if _known(lower, lang, known):
                continue
            suggestion = _suggest(lang, lower)
            if suggestion and part[0].isupper():
                suggestion = suggestion[0].upper() + suggestion[1:]
            out[lower] = Misspelling(part, suggestion)
    return list(out.values())


def spelling_checks(
    interview: Interview, index: int, texts: list[tuple[str, str]], skip: Collection[str]
) -> Found:
    """``misspelt-word`` for each word the note's list lacks (once per interviewer)."""
    person = interview.interviewers[index]
    reported: set[str] = set()
    for label, text in texts:
        tag = note_tag(interview, person, text)
        shown = detect(text)
        if shown is not None and shown != base(tag):
            tag = shown  # the words are in another language (the `language` advice says so)
        for slip in misspellings(text, tag, skip):
            if slip.word.lower() in reported:
                continue
            reported.add(slip.word.lower())
            language = language_name(tag)
            add = "if it is right, add it to `dictionary:` in your profile (cardgen profile)"
            if slip.suggestion:
                yield (
                    index,
                    Finding(
                        PROBLEM,
                        "misspelt-word",
                        person.name,
                        f"The {label} to {person.name} has '{slip.word}': did you mean "
                        f"'{slip.suggestion}'?",
                        f"Write '{slip.suggestion}'; {add}.",
                    ),
                )
            else:
                yield (
                    index,
                    Finding(
                        ADVICE,
                        "misspelt-word",
                        person.name,
                        f"The {label} to {person.name} has '{slip.word}', which is not in the "
                        f"{language} word list.",
                        f"Check its spelling; {add}.",
                    ),
                )


def unlisted_languages(interview: Interview, texts: list[list[tuple[str, str]]]) -> Found:
    """``no-spelling-list``: advice once for each language with no word list."""
    said: set[str] = set()
    for index, person_texts in enumerate(texts):
        person = interview.interviewers[index]
        for _, text in person_texts:
            tag = note_tag(interview, person, text)
            name = language_name(tag)
            if name in said or has_word_list(tag):
                continue
            said.add(name)
            yield (
                -1,
                Finding(
                    ADVICE,
                    "no-spelling-list",
                    None,
                    f"No spelling list for {name}: the notes in {name} were not spell-checked.",
                    "Read them through once more, or paste them into a spelling checker.",
                ),
            )
