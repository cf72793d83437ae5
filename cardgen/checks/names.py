"""Names in a note: another interviewer's or the candidate's own (``wrong-name``),
another company (``wrong-name``), the reader's name misspelt (``misspelt-name``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Sequence

from cardgen.checks.companies import company_core, other_companies
from cardgen.checks.findings import ADVICE, PROBLEM, Finding, Found
from cardgen.checks.text import (
    CALENDAR_WORDS,
    COMMON_WORDS,
    HONORIFIC_RE,
    WORD,
    at_sentence_start,
    name_key,
    name_parts,
)
from cardgen.model import Interview, Interviewer
from cardgen.textrules import fold

# The patterns that tell an address ("Dear Tomás", "Thank you, Tomás.") from a mention,
# compiled the first time a note names someone (8 M instructions: most notes name no one).


@functools.cache
def _comma_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A name set off by a comma on the same line ("…, Tomás." "…, Tomás!" "…, Tomás,"),
    with the word before that comma: the pattern before the name, the one after it."""
    before = re.compile(r"(\S*)[ \t]*,[ \t]*(?:" + HONORIFIC_RE + r"[ \t]+)?\Z", re.IGNORECASE)
    return before, re.compile(r"[ \t]*(?:([.!?]|\n|$)|,[ \t]*(\S*))")


@functools.cache
def _address_patterns() -> tuple[re.Pattern[str], ...]:
    """Before a name: a greeting, a vocative comma, nothing but an honorific since the
    line began; after it: the clause's end."""
    return (
        re.compile(
            r"\b(?:dear|hi|hello|hey|good (?:morning|afternoon|evening))[ \t]+"
            r"(?:" + HONORIFIC_RE + r"[ \t]+)?$",
            re.IGNORECASE,
        ),
        re.compile(
            r"\b(?:you|thanks|again|much)[ \t]*,[ \t]*(?:" + HONORIFIC_RE + r"[ \t]+)?$",
            re.IGNORECASE,
        ),
        re.compile(r"[ \t]*(?:" + HONORIFIC_RE + r"[ \t]+)?", re.IGNORECASE),
        re.compile(r"[ \t]*(?:[,.!?;:—]|\n|$)"),
    )


def _set_off_by_commas(text: str, start: int, end: int) -> bool:
    """True for a name between a comma and a sentence end or another comma.

    "It was a pleasure, Tomás." "See you soon, Tomás!" "I hope, Tomás, that …"
    A list of names ("Margaret, Tomás, and Priya"; "the team: Margaret, Tomás.")
    is not an address: the word before the comma is another name, or "and" or
    "or" follows.
    """
    comma_before, set_off_after = _comma_patterns()
    before = comma_before.search(text[max(0, start - 80) : start])
    after = set_off_after.match(text, end, min(len(text), end + 40))
    if before is None or after is None:
        return False
    previous = before.group(1).strip("\"'()“”‘’")
    if previous[:1].isupper() and previous.lower() not in COMMON_WORDS | CALENDAR_WORDS:
        return False  # "Margaret, Tomás" is a list of names
    following = (after.group(2) or "").lower()
    return following not in ("and", "or", "nor", "&")


def _is_address(text: str, start: int, end: int, signature: bool = False) -> bool:
    """True when the name at ``text[start:end]`` addresses the reader.

    That is: after a greeting ("Dear Tomás"); alone at the start of a line
    ("Tomás,"); set off by a comma before a sentence end or another comma
    ("Thank you, Tomás." "See you soon, Tomás!" "I hope, Tomás, that …"); or
    opening a sentence followed by a comma ("Tomás, thank you"). With
    ``signature`` (the candidate's own name), a name alone on a line is taken
    as the note's signature, not an address.
    """
    greeting, vocative, alone_on_line, clause_end = _address_patterns()
    before = text[max(0, start - 80) : start]
    after = text[end : end + 5]
    if greeting.search(before):
        return True
    if clause_end.match(after):
        line_start = text.rfind("\n", 0, start) + 1
        if vocative.search(before):
            return True
        if not signature and alone_on_line.fullmatch(text[line_start:start]):
            return True
    if _set_off_by_commas(text, start, end):
        return True
    return at_sentence_start(text, start) and after.lstrip(" \t").startswith(",")


@functools.lru_cache(maxsize=8192)
def _word_pattern(word: str, is_regex: bool) -> re.Pattern[str]:
    # One compiled pattern per name word per run: ``re``'s own cache holds only
    # 512, and a file of many interviewers needs more, every one of them often.
    body = word if is_regex else re.escape(word)
    return re.compile(r"(?<![\w'\-])" + body + r"(?![\w]|-\w|'\w\w)", re.IGNORECASE)


def _find_word(haystack: str, word: str, is_regex: bool = False) -> Iterable[re.Match[str]]:
    """Case-insensitive whole-word matches of ``word`` (possessive ``'s`` allowed)."""
    return _word_pattern(word, is_regex).finditer(haystack)


class _Name:
    """An interviewer's name as :func:`_mentions` looks for it, worked out once per run."""

    __slots__ = ("folded", "key", "name", "parts", "whole", "words")

    def __init__(self, name: str) -> None:
        self.name = name
        self.folded = folded = fold(name)
        self.key = folded.casefold()  # name_key(name): two interviewers with it are one name
        self.words = [fold(w).strip('.,;:()"') for w in name.split()]  # for a first look
        self.whole = r"\s+".join(map(re.escape, folded.split()))  # the whole name's regex
        self.parts: list[tuple[str, str, str, bool]] = []  # part, name_key, fold, common?
        for part in name_parts(name):
            spelt = fold(part)
            common = part.lower() in COMMON_WORDS or len(spelt) <= 2
            self.parts.append((part, spelt.casefold(), spelt, common))


class NameIndex:
    """Every interviewer's name worked out once (:class:`_Name`), for all the notes of a
    run: a note is then compared with each name without folding it again."""

    def __init__(self, people: Sequence[Interviewer]) -> None:
        self.names = [_Name(p.name) for p in people]


def _mentions(folded: str, lowered: str, other: _Name, skip: set[str]) -> list[tuple[str, bool]]:
    """Where a note (``folded``: see :func:`fold`; ``lowered``: that in lower case)
    names ``other``: (words, addressed?)."""
    if all(w.isascii() and w.lower() not in lowered for w in other.words if w):
        return []  # no part of the name anywhere: the common case, without a regex
    found: list[tuple[str, bool]] = []
    spans: list[tuple[int, int]] = []
    for m in _find_word(folded, other.whole, True):
        spans.append(m.span())
        found.append((other.name, _is_address(folded, *m.span())))
    for part, key, folded_part, common in other.parts:
        if key in skip:
            continue
        for m in _find_word(folded, folded_part):
            s, e = m.span()
            if any(a <= s < b for a, b in spans) or not m.group(0)[0].isupper():
                continue
            address = _is_address(folded, s, e)
            after_honorific = re.search(HONORIFIC_RE + r"[ \t]+$", folded[max(0, s - 12) : s])
            if common and not (address or after_honorific):
                continue
            found.append((part, address))
    return found


def _own_name_addressed(folded: str, candidate: str, reader: Interviewer) -> str | None:
    """The candidate's first name where a note (folded) addresses its reader with it.

    A name alone on a line is the note's signature, not a slip; a reader who
    shares the candidate's first name is addressed rightly.
    """
    parts = name_parts(candidate)
    if not parts or name_key(parts[0]) in {name_key(w) for w in name_parts(reader.name)}:
        return None
    for m in _find_word(folded, fold(parts[0])):
        if m.group(0)[0].isupper() and _is_address(folded, *m.span(), signature=True):
            return parts[0]
    return None


def _osa_distance(a: str, b: str) -> int:
    """Edit distance counting an adjacent transposition as one edit."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[len(b)]


def _misspellings(text: str, person: Interviewer, known: set[str]) -> list[tuple[str, str]]:
    """(word as written, name part meant) for near-misses of ``person``'s name in ``text``."""
    out: list[tuple[str, str]] = []
    parts = name_parts(person.name)
    for m in WORD.finditer(text):
        token = m.group(0)
        if not token[0].isupper() or token in parts:
            continue
        tkey = name_key(token)
        for part in parts:
            pkey = name_key(part)
            if token.casefold() == part.casefold():
                break  # only the case differs (e.g. all capitals)
            if tkey == pkey:  # the same letters, accents differ
                out.append((token, part))
                break
            if tkey in known or token.lower() in COMMON_WORDS | CALENDAR_WORDS:
                continue
            if len(pkey) < 4 or len(tkey) < 4 or tkey[0] != pkey[0]:
                continue
            if abs(len(tkey) - len(pkey)) > 2:
                continue
            distance = _osa_distance(tkey, pkey)
            if not 1 <= distance <= (1 if len(pkey) <= 5 else 2):
                continue
            if _plainly_a_name(text, m.start(), m.end(), parts):
                out.append((token, part))
                break
    return out


def _plainly_a_name(text: str, start: int, end: int, parts: list[str]) -> bool:
    """Whether the capitalised word at ``text[start:end]`` is used as a name.

    A word near a name ("Data" is one edit from "Dana", "Power" two from
    "Powell") is only reported where it can only be a name: addressing the
    reader, after an honorific, or next to another part of the name. A word
    opening a sentence or inside a run of capitalised words ("the Data Analyst
    role", "Power BI") is taken as an ordinary word or another proper noun.
    """
    if _is_address(text, start, end):
        return True
    before = re.search(r"(\S+)[ \t]+$", text[max(0, start - 40) : start])
    after = re.match(r"[ \t]+(\S+)", text[end : end + 40])
    neighbours = [w.group(1).strip(".,;:!?\"'()") for w in (before, after) if w]
    keys = {name_key(p) for p in parts}
    if any(name_key(w) in keys or re.fullmatch(HONORIFIC_RE, w + ".") for w in neighbours):
        return True
    if at_sentence_start(text, start):
        return False
    return not any(w[:1].isupper() for w in neighbours)


def _norm_honorific(h: str) -> str:
    return h.strip().rstrip(".").casefold()


def _wrong_honorific(text: str, person: Interviewer) -> str | None:
    """``"Mr. Dvořák"`` when the note uses another honorific than the file's."""
    own = _norm_honorific(person.honorific)
    if not own:
        return None
    surname = fold(person.surname)
    for m in _honorifics_before(fold(text), surname):
        used = _norm_honorific(m.group(1))
        if used != own and {used, own} not in ({"dr", "prof"}, {"dr", "professor"}):
            return f"{m.group(1)} {person.surname}"
    return None


_HONORIFIC_SPACE = re.compile(r"\b(" + HONORIFIC_RE + r")[ \t]+", re.IGNORECASE)


def _honorifics_before(text: str, surname: str) -> Iterator[re.Match[str]]:
    """Where ``\\b(honorific)[ \\t]+surname(?!\\w)`` matches ``text`` (ignoring case), as
    ``re.finditer`` finds it; each match spans the honorific and its spaces (group 1: the
    honorific). The long honorific pattern is not compiled anew for every surname:
    an honorific followed by spaces is found, then the surname looked for right after.
    That finds the same matches because an honorific holds no space, so at any start
    at most one honorific is followed by spaces, and the surname, starting with no
    space, must follow all of them.
    """
    if not surname or surname[0] in " \t":  # the spaces may be shared: the whole pattern
        pattern = r"\b(" + HONORIFIC_RE + r")[ \t]+" + re.escape(surname) + r"(?![\w])"
        yield from re.finditer(pattern, text, re.IGNORECASE)
        return
    name = re.compile(re.escape(surname) + r"(?![\w])", re.IGNORECASE)
    pos = 0
    while (m := _HONORIFIC_SPACE.search(text, pos)) is not None:
        after = name.match(text, m.end())
        if after is None:
            pos = m.start() + 1  # as finditer: try again one character on
            continue
        yield m  # its group 1: the honorific
        pos = after.end()


def _name_list(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def name_checks(
    interview: Interview,
    index: int,
    texts: list[tuple[str, str]],
    known: set[str],
    names: NameIndex | None = None,
) -> Found:
    """Other interviewers' names, other companies, and the reader's own name misspelt.

    ``names``: :class:`NameIndex` of ``interview.interviewers``, made once for
    all the notes of a run (made here when None).
    """
    if names is None:
        names = NameIndex(interview.interviewers)
    person = interview.interviewers[index]
    own = {name_key(w) for w in name_parts(person.name) + name_parts(interview.candidate.name)}
    own |= set(company_core(interview.company.name))
    polite = f"{person.honorific} {person.surname}" if person.honorific else person.first_name
    for label, text in texts:
        where = f"The {label} to {person.name}"
        folded = fold(text)
        for finding in _other_interviewers(names, index, folded, own, where, polite):
            yield index, finding
        for finding in _slips(interview, person, text, folded, known, where, polite):
            yield index, finding


def _other_interviewers(
    names: NameIndex, index: int, folded: str, own: set[str], where: str, polite: str
) -> Iterator[Finding]:
    """Another interviewer addressed (``wrong-name``) or mentioned (``other-name``)
    in the note (``folded``) to interviewer ``index``, in file order."""
    me = names.names[index]
    lowered = folded.lower()
    for other in names.names:
        if other.key == me.key:
            continue
        hits = _mentions(folded, lowered, other, own)
        addressed = sorted({w for w, a in hits if a})
        named = sorted({w for w, a in hits if not a} - set(addressed))
        if addressed:
            who = (
                other.name
                if addressed == [other.name]
                else f"{_name_list(addressed)} ({other.name})"
            )
            yield Finding(
                PROBLEM,
                "wrong-name",
                me.name,
                f"{where} addresses {who}, another interviewer.",
                f"Replace it with '{polite}'; check the rest for text pasted from another note.",
            )
        elif named:
            who = other.name if named == [other.name] else f"{_name_list(named)} ({other.name})"
            yield Finding(
                ADVICE,
                "other-name",
                me.name,
                f"{where} mentions {who}, another interviewer.",
                "Keep it only if you mean to mention a colleague; HR reads both notes.",
            )


def _slips(
    interview: Interview,
    person: Interviewer,
    text: str,
    folded: str,
    known: set[str],
    where: str,
    polite: str,
) -> Iterator[Finding]:
    """The candidate's own name, another company, the reader's name or honorific wrong."""
    company = interview.company.name
    own_slip = _own_name_addressed(folded, interview.candidate.name, person)
    if own_slip:
        yield Finding(
            PROBLEM,
            "wrong-name",
            person.name,
            f"{where} addresses {own_slip}, your own name.",
            f"Replace it with '{polite}'.",
        )
    for other_company in dict.fromkeys(other_companies(text, company)):
        yield Finding(
            PROBLEM,
            "wrong-name",
            person.name,
            f"{where} names {other_company}, but the interview was with {company}.",
            f"Write {company}; if you mean a client, drop the legal suffix.",
        )
    for token, part in dict.fromkeys(_misspellings(text, person, known)):
        yield Finding(
            PROBLEM,
            "misspelt-name",
            person.name,
            f"{where} writes '{token}', but the name is spelt '{part}'.",
            f"Copy '{part}' exactly as the file spells it, accents included.",
        )
    wrong = _wrong_honorific(text, person)
    if wrong:
        right = f"{person.honorific} {person.surname}"
        yield Finding(
            PROBLEM,
            "misspelt-name",
            person.name,
            f"{where} writes '{wrong}', but the file gives '{right}'.",
            f"Use '{right}', or fix the honorific in the file.",
        )
