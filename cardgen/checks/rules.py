"""Check stage: the thank-you-note advice as checks, behind ``cardgen check``.

Pure functions of the model (stdlib only, no I/O, no clock: the caller passes
``now``). :func:`run_checks` returns :class:`Finding` objects of two kinds:

* **problems** — mistakes that cost candidates the job: the starter file's
  sample values left in (``placeholder``); notes so alike that
  HR, filing them side by side, sees a copy (``similar-notes``); the reader
  addressed by another interviewer's name or the candidate's own, or another
  company named with its legal suffix ("Acme LLC"), as if pasted from another
  note (``wrong-name``); the
  reader's own name misspelt (``misspelt-name``); a card that does not fit
  (``card-too-long``); a signature without phone or email (``no-phone``,
  ``no-email``); a mailed card with nowhere to go (``no-address``) or an
  address its envelope cannot carry (``envelope-address``).
* **advice** — what a good note has: it is short (``long-email``,
  ``short-note``), thanks the reader (``no-thanks``), makes one or two specific
  points from the conversation (``no-detail``), renews interest
  (``no-interest``), names a colleague only on purpose (``other-name``), is
  written large enough to read on a card (``small-writing``), and goes out
  within 24 hours (``deadline``).

The checks look at the text that is actually sent: each interviewer's email
body (:attr:`Interviewer.email_text`) and, when a card is mailed and its text
differs, the card note (:attr:`Interviewer.note`).

How notes are compared (``similar-notes``): both texts are lower-cased,
accent-folded and stripped of punctuation; every interviewer's and the
candidate's name and the honorifics are dropped (so a copy with the name
swapped still counts); stock phrases every note may share ("thank you for
taking the time to meet with me", "I look forward to hearing from you",
salutations and closings) are cut out; what remains is split into word
3-shingles within each sentence, so reordering sentences changes nothing. The
similarity is the share of the smaller note's shingles that the other note
also has (containment), which also catches a copy with a paragraph added.
When the stock phrases leave fewer than :data:`MIN_CONTENT_WORDS` words on
either side, the notes are mostly stock phrases and are compared whole instead,
with Jaccard similarity (shared shingles over all shingles), so a short
generic note is not called a copy of a long personal one merely for
containing it. Notes at or above :data:`SIMILARITY_THRESHOLD` are flagged.

Measured (tests/test_checks.py and hand-written sets): different personal
notes score 0.00–0.02; notes that share their opening, closing and sentence
pattern ("Thank you for taking the time to meet with me …", "I enjoyed learning
about …", "I look forward to hearing from you") 0.11–0.15, and 0.15–0.18 when
they also repeat one sentence about the candidate. Without cutting stock
phrases those boilerplate pairs score 0.41–0.50, which is why they are cut.
The same note with its sentences shuffled scores 1.00; shuffled with 4 words
changed 0.47–1.00 (5th percentile 0.67); with 8 words changed 0.28–1.00 (97%
still flagged); with a sentence added 0.65–1.00. Short notes that share an
identical long sentence and little else can reach the threshold (0.41–0.47
for 60-word notes repeating an 18-word sentence); they are, in fact, half alike.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass

from cardgen.model import Culture, Interview, Interviewer
from cardgen.textrules import DEFAULT_INTERVIEW_TIME, HONORIFICS, fold, send_by

__all__ = [
    "LONG_EMAIL_WORDS",
    "SHORT_NOTE_WORDS",
    "SIMILARITY_THRESHOLD",
    "CardSize",
    "Finding",
    "exit_code",
    "run_checks",
    "similarity",
    "summary",
    "word_count",
]

PROBLEM = "problem"
ADVICE = "advice"

SIMILARITY_THRESHOLD = 0.40  # flag two notes at or above this similarity (0–1)
MIN_CONTENT_WORDS = 8  # below this, after stock phrases go, compare whole notes
LONG_EMAIL_WORDS = 200  # an email body over this many words gets "long-email"
TARGET_EMAIL_WORDS = 150  # what "long-email" suggests cutting to
SHORT_NOTE_WORDS = 40  # a note under this many words gets "short-note"


@dataclass(frozen=True)
class Finding:
    """One thing ``cardgen check`` reports.

    Attributes:
        severity: ``"problem"`` (fix before sending; exit code 1) or ``"advice"``.
        code: a short stable id, e.g. ``"similar-notes"``.
        interviewer: the name of the interviewer it concerns; None for the whole file.
        message: one sentence saying what is wrong.
        suggestion: one concrete thing to do about it.
    """

    severity: str
    code: str
    interviewer: str | None
    message: str
    suggestion: str = ""

    def to_dict(self) -> dict:
        """The finding as a plain dict (for JSON output)."""
        return asdict(self)


@dataclass(frozen=True)
class CardSize:
    """The size a card's note is written at, for the ``small-writing`` advice.

    Attributes:
        size: the size the fitter chose (pt).
        readable: the size a card reads best at (pt); below it the advice fires.
        words_to_cut: how many words off the end of the note let it be written
            at ``readable``; 0 when no cut would.
    """

    size: float
    readable: float
    words_to_cut: int


# --------------------------------------------------------------------------- text helpers

_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")


def word_count(text: str) -> int:
    """How many words ``text`` has (``don't`` and ``Hartwell-Pryce`` count once)."""
    return len(_WORD.findall(text))


def _sentences(text: str) -> list[str]:
    """Split on sentence ends and line breaks; good enough for notes."""
    parts = re.split(r"(?<=[.!?])[\"')\]]*\s+|\s*\n\s*", text)
    return [p for p in parts if p.strip()]


def _norm_words(text: str) -> list[str]:
    """Lower-case ASCII word tokens, apostrophes dropped (``don't`` → ``dont``)."""
    return re.findall(r"[a-z0-9]+", fold(text).lower().replace("'", ""))


# Forms of address a note may use: the file's honorifics and a few more.
_ADDRESS_FORMS = [h.rstrip(".") for h in HONORIFICS] + ["Professor", "Sir", "Madam", "Dame", "Rev"]
_HONORIFICS = frozenset(f.lower() for f in _ADDRESS_FORMS)
_HONORIFIC_RE = "(?:" + "|".join(sorted(_ADDRESS_FORMS, key=len, reverse=True)) + r")\.?"

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
_COMMON_WORDS = frozenset(_COMMON_TEXT.split())

_CALENDAR_TEXT = """
    monday tuesday wednesday thursday friday saturday sunday january february march
    april may june july august september october november december i
"""
_CALENDAR = frozenset(_CALENDAR_TEXT.split())

_PARTICLES_TEXT = """
    van von de da di del della der den du la le bin ibn al el st
"""
_PARTICLES = frozenset(_PARTICLES_TEXT.split())

# Stock phrases that any note may share; cut out before notes are compared.
_STOCK = [
    r"(?:dear|hi|hello|hey|greetings|good (?:morning|afternoon|evening))",
    r"thank you(?: (?:very|so) much)?(?: again)?(?: for (?:taking the time|your time"
    r"|the time you (?:took|spent|gave me)|the opportunity|the chance|meeting|speaking"
    r"|talking|interviewing|sitting down|having me|inviting me)"
    r"(?: (?:with|to) me)?(?: to (?:meet|speak|talk|interview|chat|sit down)(?: with me)?)?"
    r"(?: (?:today|yesterday|this (?:morning|afternoon)|on \w+day))?)?",
    r"thanks(?: again)?(?: (?:so|very) much)?(?: for your time)?",
    r"(?:i )?(?:really |very much |truly )?(?:look|am looking) forward to (?:hearing from you"
    r"|hearing back|the next steps|next steps|speaking (?:with|to) you again|talking again)"
    r"(?: soon)?",
    r"(?:i )?hope to hear from you(?: soon)?",
    r"it was (?:a (?:real |great )?pleasure|great|wonderful|nice|good) (?:to meet|meeting"
    r"|speaking with|talking with|to speak with|to talk with) you",
    r"(?:i am|im|i remain) (?:very |really |truly |even more |so )?(?:excited|interested"
    r"|enthusiastic|eager|keen) (?:about|in|on) (?:the|this) (?:opportunity|role|position)",
    r"(?:to|and) discuss(?:ing)? the(?: \w+){0,4} (?:role|position|opportunity|job)",
    r"please (?:do not|dont|feel free to) (?:hesitate to )?(?:contact|reach out to) me",
    r"if you (?:need|have) any (?:further |additional |more )?(?:information|questions)",
    r"(?:yours )?(?:sincerely|truly|respectfully)|(?:best|kind|warm|warmest) regards"
    r"|best wishes|with gratitude|all the best",
]
_STOCK_RE = re.compile(r"\b(?:" + "|".join(_STOCK) + r")\b")


# --------------------------------------------------------------------------- similarity


def _shingles(fragments: Iterable[list[str]], k: int = 3) -> set[tuple[str, ...]]:
    out: set[tuple[str, ...]] = set()
    for words in fragments:
        if len(words) >= k:
            out.update(tuple(words[i : i + k]) for i in range(len(words) - k + 1))
    return out


def _fragments(text: str, drop: frozenset[str], strip_stock: bool) -> list[list[str]]:
    """Word lists per sentence (and per piece between stock phrases), names dropped."""
    frags: list[list[str]] = []
    for sentence in _sentences(text):
        joined = " ".join(w for w in _norm_words(sentence) if w not in drop)
        pieces = _STOCK_RE.split(joined) if strip_stock else [joined]
        frags.extend(p.split() for p in pieces if p.strip())
    return frags


@dataclass(frozen=True)
class Shingled:
    """A note prepared once for comparison (see :func:`similarity`)."""

    content: frozenset[tuple[str, ...]]  # shingles with stock phrases cut out
    content_words: int
    whole: frozenset[tuple[str, ...]]  # shingles of the whole note
    words: tuple[str, ...]  # every normalised word, for notes too short for shingles


def shingled(text: str, drop: frozenset[str]) -> Shingled:
    """``text`` normalised once: its shingles with and without stock phrases, its words."""
    content = _fragments(text, drop, True)
    return Shingled(
        content=frozenset(_shingles(content)),
        content_words=sum(map(len, content)),
        whole=frozenset(_shingles(_fragments(text, drop, False))),
        words=tuple(_norm_words(text)),
    )


def name_words(names: Iterable[str]) -> frozenset[str]:
    """The words :func:`similarity` ignores: everyone's names, and the honorifics."""
    return frozenset(_norm_words(" ".join(names))) | _HONORIFICS


def compare(a: Shingled, b: Shingled) -> float:
    """How alike two prepared notes are, 0–1 (see :func:`similarity`)."""
    if min(a.content_words, b.content_words) >= MIN_CONTENT_WORDS and a.content and b.content:
        return len(a.content & b.content) / min(len(a.content), len(b.content))
    if a.whole and b.whole:
        return len(a.whole & b.whole) / len(a.whole | b.whole)
    # Too short for shingles: only the same words count.
    return 1.0 if a.words and a.words == b.words else 0.0


def similarity(a: str, b: str, names: Iterable[str] = ()) -> float:
    """How alike two notes are, 0–1, ignoring sentence order, names and stock phrases.

    Args:
        a, b: the two note texts.
        names: people's names whose words are ignored (interviewers, candidate),
            so a copy with the name swapped still scores as a copy.

    Returns:
        Containment of word 3-shingles after stock phrases are cut out; or,
        when that leaves fewer than :data:`MIN_CONTENT_WORDS` words on either
        side, Jaccard similarity of the whole notes' shingles. See the module
        docstring for the reasoning and the measured numbers.
    """
    drop = name_words(names)
    return compare(shingled(a, drop), shingled(b, drop))


# --------------------------------------------------------------------------- names


def _name_parts(name: str) -> list[str]:
    """The capitalised words of a name, without particles or trailing punctuation."""
    parts = []
    for raw in name.split():
        part = raw.strip('.,;:()"')
        if len(part) >= 2 and part[0].isupper() and part.lower() not in _PARTICLES:
            parts.append(part)
    return parts


def _key(word: str) -> str:
    return fold(word).casefold()


def _at_sentence_start(text: str, pos: int) -> bool:
    """True when ``text[pos]`` opens a sentence or a line (a bounded look back)."""
    before = text[max(0, pos - 200) : pos].rstrip(" \t\"'(“‘")
    if re.search(r"\b" + _HONORIFIC_RE + r"$", before):
        return False  # "Ms." ends an abbreviation, not a sentence
    return not before or before[-1] in ".!?:\n—"


_GREETING_BEFORE = re.compile(
    r"\b(?:dear|hi|hello|hey|good (?:morning|afternoon|evening))[ \t]+"
    r"(?:" + _HONORIFIC_RE + r"[ \t]+)?$",
    re.IGNORECASE,
)
_VOCATIVE_BEFORE = re.compile(
    r"\b(?:you|thanks|again|much)[ \t]*,[ \t]*(?:" + _HONORIFIC_RE + r"[ \t]+)?$",
    re.IGNORECASE,
)
_LINE_START = re.compile(r"[ \t]*(?:" + _HONORIFIC_RE + r"[ \t]+)?", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[ \t]*(?:[,.!?;:—]|\n|$)")
# A name set off by a comma on the same line ("…, Tomás." "…, Tomás!" "…, Tomás,"),
# with the word before that comma.
_COMMA_BEFORE = re.compile(r"(\S*)[ \t]*,[ \t]*(?:" + _HONORIFIC_RE + r"[ \t]+)?\Z", re.IGNORECASE)
_SET_OFF_AFTER = re.compile(r"[ \t]*(?:([.!?]|\n|$)|,[ \t]*(\S*))")


def _set_off_by_commas(text: str, start: int, end: int) -> bool:
    """True for a name between a comma and a sentence end or another comma.

    "It was a pleasure, Tomás." "See you soon, Tomás!" "I hope, Tomás, that …"
    A list of names ("Margaret, Tomás, and Priya"; "the team: Margaret, Tomás.")
    is not an address: the word before the comma is another name, or "and" or
    "or" follows.
    """
    before = _COMMA_BEFORE.search(text[max(0, start - 80) : start])
    after = _SET_OFF_AFTER.match(text, end, min(len(text), end + 40))
    if before is None or after is None:
        return False
    previous = before.group(1).strip("\"'()“”‘’")
    if previous[:1].isupper() and previous.lower() not in _COMMON_WORDS | _CALENDAR:
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
    before = text[max(0, start - 80) : start]
    after = text[end : end + 5]
    if _GREETING_BEFORE.search(before):
        return True
    if _CLAUSE_END.match(after):
        line_start = text.rfind("\n", 0, start) + 1
        if _VOCATIVE_BEFORE.search(before):
            return True
        if not signature and _LINE_START.fullmatch(text[line_start:start]):
            return True
    if _set_off_by_commas(text, start, end):
        return True
    return _at_sentence_start(text, start) and after.lstrip(" \t").startswith(",")


@functools.lru_cache(maxsize=8192)
def _word_pattern(word: str, is_regex: bool) -> re.Pattern[str]:
    # One compiled pattern per name word per run: ``re``'s own cache holds only
    # 512, and a file of many interviewers needs more, every one of them often.
    body = word if is_regex else re.escape(word)
    return re.compile(r"(?<![\w'\-])" + body + r"(?![\w]|-\w|'\w\w)", re.IGNORECASE)


def _find_word(haystack: str, word: str, is_regex: bool = False) -> Iterable[re.Match[str]]:
    """Case-insensitive whole-word matches of ``word`` (possessive ``'s`` allowed)."""
    return _word_pattern(word, is_regex).finditer(haystack)


def _mentions(folded: str, other: Interviewer, skip: set[str]) -> list[tuple[str, bool]]:
    """Where a note (``folded``: see :func:`fold`) names ``other``: (words, addressed?)."""
    lowered = folded.lower()
    words = [fold(w).strip('.,;:()"') for w in other.name.split()]
    if all(w.isascii() and w.lower() not in lowered for w in words if w):
        return []  # no part of the name anywhere: the common case, without a regex
    found: list[tuple[str, bool]] = []
    spans: list[tuple[int, int]] = []
    for m in _find_word(folded, r"\s+".join(map(re.escape, fold(other.name).split())), True):
        spans.append(m.span())
        found.append((other.name, _is_address(folded, *m.span())))
    parts = _name_parts(other.name)
    for part in parts:
        if _key(part) in skip:
            continue
        for m in _find_word(folded, fold(part)):
            s, e = m.span()
            if any(a <= s < b for a, b in spans) or not m.group(0)[0].isupper():
                continue
            address = _is_address(folded, s, e)
            after_honorific = re.search(_HONORIFIC_RE + r"[ \t]+$", folded[max(0, s - 12) : s])
            common = part.lower() in _COMMON_WORDS or len(fold(part)) <= 2
            if common and not (address or after_honorific):
                continue
            found.append((part, address))
    return found


def _own_name_addressed(folded: str, candidate: str, reader: Interviewer) -> str | None:
    """The candidate's first name where a note (folded) addresses its reader with it.

    A name alone on a line is the note's signature, not a slip; a reader who
    shares the candidate's first name is addressed rightly.
    """
    parts = _name_parts(candidate)
    if not parts or _key(parts[0]) in {_key(w) for w in _name_parts(reader.name)}:
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
    parts = _name_parts(person.name)
    for m in _WORD.finditer(text):
        token = m.group(0)
        if not token[0].isupper() or token in parts:
            continue
        tkey = _key(token)
        for part in parts:
            pkey = _key(part)
            if token.casefold() == part.casefold():
                break  # only the case differs (e.g. all capitals)
            if tkey == pkey:  # the same letters, accents differ
                out.append((token, part))
                break
            if tkey in known or token.lower() in _COMMON_WORDS | _CALENDAR:
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
    keys = {_key(p) for p in parts}
    if any(_key(w) in keys or re.fullmatch(_HONORIFIC_RE, w + ".") for w in neighbours):
        return True
    if _at_sentence_start(text, start):
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
    pattern = r"\b(" + _HONORIFIC_RE + r")[ \t]+" + re.escape(surname) + r"(?![\w])"
    for m in re.finditer(pattern, fold(text), re.IGNORECASE):
        used = _norm_honorific(m.group(1))
        if used != own and {used, own} not in ({"dr", "prof"}, {"dr", "professor"}):
            return f"{m.group(1)} {person.surname}"
    return None


# --------------------------------------------------------------------------- companies

_COMPANY_SUFFIX = (
    r"Inc|LLC|L\.L\.C|LLP|L\.L\.P|Ltd|Limited|GmbH|Corp|Corporation|Co|PLC|plc|AG|LP|Pty"
)
# Words are possessive (``*+``) and start only after a space or punctuation, so
# a long hyphen- or apostrophe-joined run costs linear time, not quadratic.
_CAPITAL_WORD = r"[A-Z][\w'&.\-]*+"
_COMPANY_RE = re.compile(
    rf"(?<![\w&'.\-])((?:{_CAPITAL_WORD})"
    rf"(?:[ \t]+(?:{_CAPITAL_WORD}|&|and|of|de|du|van|von|der)){{0,7}})"
    r"[ \t]*,?[ \t]+(" + _COMPANY_SUFFIX + r")(?:\.|(?![\w\-]))"
)
_COMPANY_SKIP_WORDS = frozenset(["and", "the", "of"]) | frozenset(
    w.lower().replace("\\", "").replace(".", "") for w in _COMPANY_SUFFIX.split("|")
)
_STARTERS_TEXT = """
    at in with joining join thank thanks the i as for from my our your working after
    before while during since when dear also and to
"""
_STARTERS = frozenset(_STARTERS_TEXT.split())
# A company named right after these is most likely a past employer, not a pasted name.
_PAST_EMPLOYER = re.compile(
    r"\b(?:previous(?:ly)?|former(?:ly)?|prior|past|last|current(?:ly)?|worked|spent|"
    r"interned|internship|tenure|years?|months?)\b",
    re.IGNORECASE,
)


def _company_core(name: str) -> list[str]:
    words = re.findall(r"[a-z0-9]+", fold(name).lower().replace("'", ""))
    return [w for w in words if w not in _COMPANY_SKIP_WORDS]


def _other_companies(text: str, company: str) -> list[str]:
    """Company-like names with a legal suffix in ``text`` that are not ``company``.

    "Brightline Partners LLC" counts; "Hartwell & Pryce LLP", "Hartwell and
    Pryce" or "Pryce LLP" for the file's "Hartwell & Pryce LLP" do not, nor does
    a name right after words such as "previously" or "years at" (a past
    employer). A bare "at Acme" is not reported: without a suffix it cannot be
    told apart from a client, a school or a past employer.
    """
    own = _company_core(company)
    folded = fold(text)
    found = []
    for m in _COMPANY_RE.finditer(folded):
        words = m.group(1).split()
        while len(words) > 1 and words[0].lower() in _STARTERS:
            words = words[1:]
        core = _company_core(" ".join(words))
        if not core or not own or core[-len(own) :] == own or own[-len(core) :] == core:
            continue
        preceding = " ".join(folded[: m.start(1)].split()[-6:])
        if _PAST_EMPLOYER.search(preceding):
            continue
        found.append(" ".join([*words, m.group(2)]))
    return found


# --------------------------------------------------------------------------- content advice

_THANKS = re.compile(r"\b(?:thank\w*|grateful|gratitude|appreciat\w*)\b", re.IGNORECASE)
_INTEREST = re.compile(
    r"\b(?:excit\w*|enthusias\w*|interest(?:ed)?|look(?:ing)? forward|eager\w*|keen|"
    r"the (?:role|position|job|opportunity)|join\w*|contribut\w*|thrilled|motivated)\b",
    re.IGNORECASE,
)
_CONVERSATION = re.compile(
    r"\b(?:you (?:mentioned|said|described|explained|shared|noted|asked|told me|"
    r"walked me through|showed me|pointed out|raised|emphasi[sz]ed|highlighted|talked about)|"
    r"our (?:conversation|discussion|talk|chat|exchange)|we (?:discussed|talked|spoke|covered)|"
    r"discussed|discussing|when we (?:talked|spoke)|"
    r"your (?:point|question|insight|comment|description|story|example|view|advice|"
    r"perspective|account|explanation|overview|concern)|"
    r"(?:hearing|learning|to hear|to learn) (?:about|how|that|why))\b",
    re.IGNORECASE,
)


def _has_detail(text: str, ignore: set[str]) -> bool:
    """Conservative: any reference to the conversation, a number, or a proper noun."""
    if _CONVERSATION.search(text) or re.search(r"\d", text):
        return True
    for m in _WORD.finditer(text):
        word = re.split(r"['’]", m.group(0))[0]  # "I'm" → "I", "Tomás's" → "Tomás"
        if not word[0].isupper() or _at_sentence_start(text, m.start()):
            continue
        if _key(word) in ignore or word.lower() in _CALENDAR or word.lower() in _HONORIFICS:
            continue
        return True  # a name of a product, place, project, client ...
    return False


# --------------------------------------------------------------------------- deadline

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _when(moment: dt.datetime, now: dt.datetime) -> str:
    """``"Fri 21 Nov 14:00"``, with the year when it is not ``now``'s (locale-free)."""
    text = f"{_WEEKDAYS[moment.weekday()]} {moment.day} {_MONTHS[moment.month - 1]}"
    if moment.year != now.year:
        text += f" {moment.year}"
    return f"{text} {moment:%H:%M}"


def _span(delta: dt.timedelta) -> str:
    """A rough duration: ``"40 min"``, ``"5 h"``, ``"3 days"`` (rounded down)."""
    minutes = int(delta.total_seconds() // 60)
    if minutes < 60:
        return f"{minutes} min"
    hours = minutes // 60
    if hours < 48:
        return f"{hours} h"
    return f"{hours // 24} days"


def _deadline(interview: Interview, now: dt.datetime) -> Finding | None:
    """The 24-hour email reminder, or None when the file has no interview date."""
    if interview.date is None:
        return None
    now = now.replace(tzinfo=None)  # the file's times are local wall-clock times
    at = interview.time or DEFAULT_INTERVIEW_TIME
    due = send_by(interview)
    assert due is not None
    assumed = (
        "" if interview.time else f" (the file gives no interview time, so this assumes {at:%H:%M})"
    )
    when = _when(due, now)
    if now <= due:
        return Finding(
            ADVICE,
            "deadline",
            None,
            f"Send the emails by {when} — {_span(due - now)} left{assumed}.",
            "Send each email as soon as it passes these checks; a prompt note beats a "
            "polished late one.",
        )
    return Finding(
        ADVICE,
        "deadline",
        None,
        f"The emails are overdue by {_span(now - due)} (due {when}){assumed}.",
        "Send them today: a late thank-you still beats none.",
    )


# --------------------------------------------------------------------------- run


def _texts(person: Interviewer, mails_card: bool) -> list[tuple[str, str]]:
    """(label, text) for what is sent to ``person``: the email, and a differing card."""
    email = person.email_text
    if not mails_card:
        return [("email", email)]
    if person.note.strip() == email.strip():
        return [("note", email)]
    return [("email", email), ("card note", person.note)]


def _name_list(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


_Found = Iterator[tuple[int, Finding]]  # (interviewer index, -1 for the whole file; finding)


def _contact_checks(interview: Interview) -> _Found:
    """The signature must carry the candidate's phone and email."""
    candidate = interview.candidate
    if not candidate.phone.strip():
        yield (
            -1,
            Finding(
                PROBLEM,
                "no-phone",
                None,
                "The signature has no phone number: the candidate gives none.",
                "Add candidate.phone so every note's signature carries it.",
            ),
        )
    email = candidate.email.strip()
    if not email or "@" not in email:
        what = "no email address" if not email else f"no usable email address ('{email}')"
        yield (
            -1,
            Finding(
                PROBLEM,
                "no-email",
                None,
                f"The signature has {what}.",
                "Add candidate.email (name@example.com) so every note's signature carries it.",
            ),
        )


# What `cardgen init` writes for the user to replace (cardgen/starter.py; a test
# holds these to the starter's text). The candidate's values are placeholders
# no real file holds, and are reported wherever they are written. The company
# is also many a test file's, so it is reported only in a file that still has
# one of the starter's interviewer placeholders: its name, its email address or
# its note.
STARTER_CANDIDATE = (
    ("name", "Your Name", "your own name"),
    ("email", "your.name@example.com", "your own email address"),
    ("phone", "+1 555 555 0100", "your own phone number"),
)
STARTER_COMPANY = "Acme Corporation"
STARTER_INTERVIEWER = (
    ("name", "Jane Doe", "the interviewer's name as their card should show it"),
    ("email", "jane.doe@acme.example", "the interviewer's address, or delete the line"),
)
STARTER_NOTE = (  # the sample note's own sentences (its generic first one aside)
    "I enjoyed hearing how your team closed the books two days faster this year",
    "your question about my reconciliation project made me think about it in a new way",
    "I am excited about the Associate Analyst role and would be glad to bring that same "
    "care to Acme",
)
_STARTER_NOTE_WORDS = tuple(" ".join(_norm_words(s)) for s in STARTER_NOTE)


def _same(a: str, b: str) -> bool:
    return " ".join(fold(a).casefold().split()) == " ".join(fold(b).casefold().split())


def _has_starter_note(text: str) -> bool:
    words = f" {' '.join(_norm_words(text))} "
    return any(f" {s} " in words for s in _STARTER_NOTE_WORDS)


def _placeholder_checks(interview: Interview) -> _Found:
    """The starter file's sample values, left in: one problem per kind, with its line.

    Only a file can still hold the starter's text; a ``--text`` note is not checked.
    """
    if interview.source is None:
        return
    # (key, value as written, what to write instead) for each placeholder left in
    left: dict[str, list[tuple[str, str, str]]] = {}
    for i, p in enumerate(interview.interviewers):
        values = {"name": p.name, "email": p.email}
        for field, value, instead in STARTER_INTERVIEWER:
            if values[field] and _same(values[field], value):
                left.setdefault(f"interviewer {field}", []).append(
                    (f"interviewers[{i}].{field}", value, instead)
                )
        for field, text in (("note", p.note), ("email_note", p.email_note)):
            if text and _has_starter_note(text):
                left.setdefault("note", []).append(
                    (f"interviewers[{i}].{field}", "", "your own note to them")
                )
    candidate = interview.candidate
    have = {"name": candidate.name, "email": candidate.email, "phone": candidate.phone}
    for field, value, instead in STARTER_CANDIDATE:
        key = f"candidate.{field}"
        digits = [re.sub(r"\D", "", v) for v in (have[field], value)]
        same = digits[0] == digits[1] if field == "phone" else _same(have[field], value)
        if same and interview.locate(key)[1] is not None:  # in the file, not the profile
            left[key] = [(key, value, instead)]
    if not left:
        return
    if _same(interview.company.name, STARTER_COMPANY) and any(
        not k.startswith("candidate.") for k in left
    ):
        left["company.name"] = [("company.name", STARTER_COMPANY, "the company's name")]
    order = ["candidate.name", "candidate.email", "candidate.phone", "company.name"]
    order += ["interviewer name", "interviewer email", "note"]
    for kind in order:
        if kind not in left:
            continue
        (key, value, instead), *more = left[kind]
        file, line = interview.locate(key)
        where = f"{file}:{line}: {key}" if line else f"{file}: {key}"
        also = f" (and {len(more)} more)" if more else ""
        what = (
            f"still holds the starter file's sample text{also}"
            if kind == "note"
            else f"is still the starter file's '{value}'{also}"
        )
        yield (
            -1,
            Finding(
                PROBLEM,
                "placeholder",
                None,
                f"{where} {what}.",
                f"Replace it with {instead}.",
            ),
        )


def _similarity_checks(people: Sequence[Interviewer], mails: bool, names: list[str]) -> _Found:
    """Notes too alike, pair by pair: emails with emails, cards with cards.

    Each note is normalised once; a pair costs two set intersections.
    """
    drop = name_words(names)
    emails = [shingled(p.email_text, drop) for p in people]
    cards = [
        shingled(p.note, drop) if p.note != p.email_text else e
        for p, e in zip(people, emails, strict=True)
    ]
    for j, later in enumerate(people):
        for i, earlier in enumerate(people[:j]):
            best = compare(emails[i], emails[j])
            if mails:
                best = max(best, compare(cards[i], cards[j]))
            if best >= SIMILARITY_THRESHOLD:
                yield (
                    j,
                    Finding(
                        PROBLEM,
                        "similar-notes",
                        later.name,
                        f"The notes to {earlier.name} and {later.name} are {best:.0%} alike; "
                        "HR often files them side by side.",
                        f"Rewrite the note to {later.name} around something only they said "
                        "in the interview.",
                    ),
                )


def _name_checks(
    interview: Interview, index: int, texts: list[tuple[str, str]], known: set[str]
) -> _Found:
    """Other interviewers' names, other companies, and the reader's own name misspelt."""
    person = interview.interviewers[index]
    company = interview.company.name
    own = {_key(w) for w in _name_parts(person.name) + _name_parts(interview.candidate.name)}
    own |= set(_company_core(company))
    polite = f"{person.honorific} {person.surname}" if person.honorific else person.first_name
    for label, text in texts:
        where = f"The {label} to {person.name}"
        folded = fold(text)
        for other in interview.interviewers:
            if _key(other.name) == _key(person.name):
                continue
            hits = _mentions(folded, other, own)
            addressed = sorted({w for w, a in hits if a})
            named = sorted({w for w, a in hits if not a} - set(addressed))
            if addressed:
                who = (
                    other.name
                    if addressed == [other.name]
                    else f"{_name_list(addressed)} ({other.name})"
                )
                yield (
                    index,
                    Finding(
                        PROBLEM,
                        "wrong-name",
                        person.name,
                        f"{where} addresses {who}, another interviewer.",
                        f"Replace it with '{polite}'; check the rest for text pasted from "
                        "another note.",
                    ),
                )
            elif named:
                who = other.name if named == [other.name] else f"{_name_list(named)} ({other.name})"
                yield (
                    index,
                    Finding(
                        ADVICE,
                        "other-name",
                        person.name,
                        f"{where} mentions {who}, another interviewer.",
                        "Keep it only if you mean to mention a colleague; HR reads both notes.",
                    ),
                )
        own_slip = _own_name_addressed(folded, interview.candidate.name, person)
        if own_slip:
            yield (
                index,
                Finding(
                    PROBLEM,
                    "wrong-name",
                    person.name,
                    f"{where} addresses {own_slip}, your own name.",
                    f"Replace it with '{polite}'.",
                ),
            )
        for other_company in dict.fromkeys(_other_companies(text, company)):
            yield (
                index,
                Finding(
                    PROBLEM,
                    "wrong-name",
                    person.name,
                    f"{where} names {other_company}, but the interview was with {company}.",
                    f"Write {company}; if you mean a client, drop the legal suffix.",
                ),
            )
        for token, part in dict.fromkeys(_misspellings(text, person, known)):
            yield (
                index,
                Finding(
                    PROBLEM,
                    "misspelt-name",
                    person.name,
                    f"{where} writes '{token}', but the name is spelt '{part}'.",
                    f"Copy '{part}' exactly as the file spells it, accents included.",
                ),
            )
        wrong = _wrong_honorific(text, person)
        if wrong:
            right = f"{person.honorific} {person.surname}"
            yield (
                index,
                Finding(
                    PROBLEM,
                    "misspelt-name",
                    person.name,
                    f"{where} writes '{wrong}', but the file gives '{right}'.",
                    f"Use '{right}', or fix the honorific in the file.",
                ),
            )


def _card_checks(
    interview: Interview,
    index: int,
    fit: Callable[[int], str | None] | None,
    envelope: Callable[[int], str | None] | None = None,
    size: Callable[[int], CardSize | None] | None = None,
) -> _Found:
    """A mailed card must fit, should read well, and needs an address its envelope can carry."""
    person = interview.interviewers[index]
    number = index + 1
    trouble = fit(number) if fit is not None else None
    if trouble:
        trouble = trouble.strip().rstrip(".")
        hint = trouble.partition(";")[2].strip()
        yield (
            index,
            Finding(
                PROBLEM,
                "card-too-long",
                person.name,
                f"The card to {person.name} does not fit: {trouble}.",
                hint[:1].upper() + hint[1:] + "."
                if hint
                else "Cut the note to thanks, one specific point and your interest in the role.",
            ),
        )
    small = size(number) if size is not None and not trouble else None
    if small is not None and small.size < small.readable:
        cut = small.words_to_cut
        yield (
            index,
            Finding(
                ADVICE,
                "small-writing",
                person.name,
                f"The card to {person.name} is written at {small.size:g} pt; a card reads "
                f"best at {small.readable:g} pt or more.",
                f"Cut about {cut} word{'s' * (cut != 1)} from the card note to write it at "
                f"{small.readable:g} pt, and keep the longer text in email_note."
                if cut
                else "Shorten the card note, and keep the longer text in email_note.",
            ),
        )
    if interview.address_for(person) is None:
        yield (
            index,
            Finding(
                PROBLEM,
                "no-address",
                person.name,
                f"There is no address to mail the card to {person.name}: neither they nor the "
                "company have one.",
                "Add an address to the interviewer, or company.address for everyone.",
            ),
        )
        return
    trouble = envelope(number) if envelope is not None else None
    if trouble:
        yield (
            index,
            Finding(
                PROBLEM,
                "envelope-address",
                person.name,
                f"The envelope to {person.name} cannot be addressed: {trouble.rstrip('.')}.",
                "Correct the address where the message points; until then cardgen make leaves this envelope out.",
            ),
        )


def _content_checks(
    interview: Interview, index: int, texts: list[tuple[str, str]], known: set[str]
) -> _Found:
    """Advice on what a good note has: short, thanks, a detail, renewed interest."""
    person = interview.interviewers[index]
    for label, text in texts:
        where = f"The {label} to {person.name}"
        words = word_count(text)
        if label != "card note" and words > LONG_EMAIL_WORDS:
            yield (
                index,
                Finding(
                    ADVICE,
                    "long-email",
                    person.name,
                    f"{where} is {words} words; a thank-you email over {LONG_EMAIL_WORDS} words "
                    "gets skimmed.",
                    f"Cut it to about {TARGET_EMAIL_WORDS} words: thanks, one or two points from "
                    "the conversation, your interest.",
                ),
            )
        if words < SHORT_NOTE_WORDS:
            yield (
                index,
                Finding(
                    ADVICE,
                    "short-note",
                    person.name,
                    f"{where} is only {words} words, too short to be personal.",
                    "Add one point from your conversation and why it makes you want the role "
                    "(aim for 80–150 words).",
                ),
            )
        if not _THANKS.search(text):
            yield (
                index,
                Finding(
                    ADVICE,
                    "no-thanks",
                    person.name,
                    f"{where} never says thank you.",
                    "Open with thanks for their time, e.g. 'Thank you for meeting with me on …'.",
                ),
            )
        if not _has_detail(text, known):
            yield (
                index,
                Finding(
                    ADVICE,
                    "no-detail",
                    person.name,
                    f"{where} has no specific point from the conversation (no 'you mentioned …', "
                    "no project, client or tool named, no number).",
                    "Add one thing they told you — 'You mentioned …' — and how you would help "
                    "with it.",
                ),
            )
        if not _INTEREST.search(text):
            yield (
                index,
                Finding(
                    ADVICE,
                    "no-interest",
                    person.name,
                    f"{where} does not say you still want the job.",
                    "End with renewed interest, e.g. 'I am excited about the chance to join "
                    f"{interview.company.name}.'",
                ),
            )


def run_checks(
    interview: Interview,
    culture: Culture,
    *,
    now: dt.datetime,
    fit: Callable[[int], str | None] | None = None,
    mails_card: bool | None = None,
    envelope: Callable[[int], str | None] | None = None,
    size: Callable[[int], CardSize | None] | None = None,
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

    Returns:
        Problems first, then advice; within each, whole-file findings first, then
        by interviewer in file order, then in the order the checks run.
    """
    mails = culture.mails_card if mails_card is None else mails_card
    people = interview.interviewers
    names = [p.name for p in people] + [interview.candidate.name]
    # Words that are names, the company or the role: not misspellings, not details.
    known = {_key(w) for n in names for w in _name_parts(n)}
    known |= set(_company_core(interview.company.name))
    known |= {_key(w) for w in _WORD.findall(interview.role)}

    found: list[tuple[int, Finding]] = list(_placeholder_checks(interview))
    found += _contact_checks(interview)
    deadline = _deadline(interview, now)
    if deadline is not None:
        found.append((-1, deadline))
    found += _similarity_checks(people, mails, names)
    for index, person in enumerate(people):
        texts = _texts(person, mails)
        found += _name_checks(interview, index, texts, known)
        if mails:
            found += _card_checks(interview, index, fit, envelope, size)
        found += _content_checks(interview, index, texts, known)

    unique = list(dict.fromkeys(found))  # a finding repeated word for word shows once
    unique.sort(key=lambda item: (item[1].severity != PROBLEM, item[0]))  # stable
    return [finding for _, finding in unique]


def summary(findings: Sequence[Finding]) -> str:
    """One line: ``"2 problems, 3 advice — fix the problems before you send"``."""
    problems = sum(1 for f in findings if f.severity == PROBLEM)
    advice = len(findings) - problems
    p_text = "no problems" if not problems else f"{problems} problem{'s' * (problems != 1)}"
    a_text = "no advice" if not advice else f"{advice} advice"
    line = f"{p_text}, {a_text}"
    if problems:
        line += f" — fix the problem{'s' * (problems != 1)} before you send"
    return line


def exit_code(findings: Sequence[Finding]) -> int:
    """1 when any finding is a problem (``cardgen check`` fails), else 0."""
    return 1 if any(f.severity == PROBLEM for f in findings) else 0
