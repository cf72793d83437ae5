"""Words and names as the checks see them: tokens, honorifics, common words.

Shared by the check modules; pure, stdlib only.
"""

from __future__ import annotations

import re

from cardgen.textrules import HONORIFICS, fold

WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")


def word_count(text: str) -> int:
    """How many words ``text`` has (``don't`` and ``Hartwell-Pryce`` count once)."""
    return len(WORD.findall(text))


def sentences(text: str) -> list[str]:
    """Split on sentence ends and line breaks; good enough for notes."""
    parts = re.split(r"(?<=[.!?])[\"')\]]*\s+|\s*\n\s*", text)
    return [p for p in parts if p.strip()]


def norm_words(text: str) -> list[str]:
    """Lower-case ASCII word tokens, apostrophes dropped (``don't`` → ``dont``)."""
    return re.findall(r"[a-z0-9]+", fold(text).lower().replace("'", ""))


# Forms of address a note may use: the file's honorifics and a few more.
_ADDRESS_FORMS = [h.rstrip(".") for h in HONORIFICS] + ["Professor", "Sir", "Madam", "Dame", "Rev"]
HONORIFIC_WORDS = frozenset(f.lower() for f in _ADDRESS_FORMS)
HONORIFIC_RE = "(?:" + "|".join(sorted(_ADDRESS_FORMS, key=len, reverse=True)) + r")\.?"

# Name words that are also ordinary English words. A single such name word counts
# as a name only where it is plainly used as one (after an honorific or "Dear",
# addressed with a comma, or followed by the surname), and a near-miss to such a
# word is never reported as a misspelling.
_COMMON_TEXT = """
    will grace mark rose hope faith may june april august bill frank joy dawn amber jack
    sue pat rob don guy art bob skip carol chase drew hunter miles sterling summer penny
    sandy rich ray victor wade lane bud brook cliff dean glen grant heath holly iris ivy
    jade lily max norm olive pearl reed rocky ruby sky stone violet warren wood young
    king brown white black green long hall bell cook baker park price rice best little
    love page sharp short strong swift waters wise fox hill earnest constance patience
    sunny autumn winter dale forest river storm crystal angel honor justice major royal
    well thanks thank dear also again your hope looking please since after while during
    today great good many much more most some this that these those there their then
    than when where which what with from have having would could should might must very
    really every each both other another first second last next over into about above
    below under until upon once only just even still such same sincerely regards kind
    warm meeting speaking learning hearing working joining team role position company
"""
COMMON_WORDS = frozenset(_COMMON_TEXT.split())

_CALENDAR_TEXT = """
    monday tuesday wednesday thursday friday saturday sunday january february march
    april may june july august september october november december i
"""
CALENDAR_WORDS = frozenset(_CALENDAR_TEXT.split())

_PARTICLES_TEXT = """
    van von de da di del della der den du la le bin ibn al el st
"""
_PARTICLES = frozenset(_PARTICLES_TEXT.split())


def name_parts(name: str) -> list[str]:
    """The capitalised words of a name, without particles or trailing punctuation."""
    parts = []
    for raw in name.split():
        part = raw.strip('.,;:()"')
        if len(part) >= 2 and part[0].isupper() and part.lower() not in _PARTICLES:
            parts.append(part)
    return parts


def name_key(word: str) -> str:
    return fold(word).casefold()


def at_sentence_start(text: str, pos: int) -> bool:
    """True when ``text[pos]`` opens a sentence or a line (a bounded look back)."""
    before = text[max(0, pos - 200) : pos].rstrip(" \t\"'(“‘")
    if re.search(r"\b" + HONORIFIC_RE + r"$", before):
        return False  # "Ms." ends an abbreviation, not a sentence
    return not before or before[-1] in ".!?:\n—"
