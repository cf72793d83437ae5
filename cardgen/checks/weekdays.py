"""A weekday named for the interview that is not the interview's (``wrong-weekday``).

"Thank you for meeting with me on Thursday" for a Friday interview is the
slip a careful reader notices first. The weekday names are Babel's, in the
note's language (:func:`cardgen.checks.notelang.day_names`); what marks a
weekday as the interview's is data below, per language:

* a word that puts the day in the past ("last Thursday", "letzten Donnerstag",
  "jeudi dernier", "el jueves pasado"): always read as the interview's day;
* a word that only dates something ("on Thursday", "am Donnerstag", "ce
  jeudi", "el jueves", "le jeudi 19"): read as the interview's day only in a
  sentence that speaks of the meeting (thanks, the interview, the
  conversation, meeting, time), so "I can start on Monday" is left alone.

Checked only when the interview file gives a date. Polish, Czech and Swedish
put a weekday in another case after their prepositions ("w środę", "i
torsdags"), which Babel's names do not give: they are not read.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping

import msgspec

from cardgen.checks.findings import PROBLEM, Finding, Found
from cardgen.checks.notelang import day_names, note_tag
from cardgen.checks.text import sentences
from cardgen.languages import base
from cardgen.model import Interview
from cardgen.textrules import fold


class _Markers(msgspec.Struct, frozen=True):
    past_before: str = ""  # "last": the day is past
    dated_before: str = ""  # "on": the day is the meeting's only in a sentence about it
    past_after: str = ""  # "dernier"
    dated_after: str = ""  # a day of the month after the name: "le jeudi 19"
    cues: str = ""  # words (folded, lower case, prefixes) of a sentence about the meeting


_MARKERS: Mapping[str, _Markers] = {
    "en": _Markers(
        past_before="last",
        dated_before="on|this",
        cues="thank|meet|met|interview|conversation|chat|talk|spok|speak|visit|time|tour",
    ),
    "de": _Markers(
        past_before="letzten|vergangenen",
        dated_before="am|diesen",
        cues="dank|gesprach|treffen|getroffen|kennenlernen|unterhaltung|interview|zeit|besuch"
        "|austausch|empfang",
    ),
    "fr": _Markers(
        dated_before="ce",
        past_after="dernier",
        dated_after=r"le\s+(?P<day>DAY)(?=\s+\d)",
        cues="merci|remerci|entretien|rencontr|echange|conversation|temps|accueil|discussion",
    ),
    "es": _Markers(
        past_before=r"el\s+pasado",
        dated_before="el|este",
        past_after="pasado",
        cues="gracias|agradec|entrevista|reunion|conversacion|tiempo|conocer|charla",
    ),
    "it": _Markers(
        past_before=r"lo\s+scorso",
        dated_before="di|questo",
        past_after="scorso",
        cues="grazie|ringrazi|colloquio|incontr|conversazione|tempo|chiacchierata",
    ),
    "nl": _Markers(
        past_before="afgelopen|vorige",
        dated_before="op|deze",
        cues="dank|bedankt|gesprek|ontmoet|kennismak|tijd|bezoek",
    ),
    "pt": _Markers(
        past_before=r"na\s+última|no\s+último",
        dated_before="na|no|nesta|neste",
        past_after="passada|passado",
        cues="obrigad|agradec|entrevista|reuniao|conversa|tempo|conhecer",
    ),
}


_ENGLISH_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class WrongDay(msgspec.Struct, frozen=True):
    """A weekday the note gives the meeting that is not the interview's."""

    written: str  # the words as the note has them: "on Thursday"
    fixed: str  # the same words with the interview's day: "on Friday"


@functools.cache
def _patterns(tag: str) -> tuple[tuple[re.Pattern[str], bool], ...]:
    """(pattern with a ``day`` group, whether it needs a sentence about the meeting)."""
    markers = _MARKERS.get(base(tag))
    names = day_names(tag)
    if markers is None or not names:
        return ()
    day = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    out = []
    for before, needs_cue in ((markers.past_before, False), (markers.dated_before, True)):
        if before:
            out.append((rf"\b(?:{before})\s+(?P<day>{day})(?!\w)", needs_cue))
    if markers.past_after:
        out.append((rf"(?<!\w)(?P<day>{day})\s+(?:{markers.past_after})\b", False))
    if markers.dated_after:
        out.append((r"\b" + markers.dated_after.replace("DAY", day), True))
    return tuple((re.compile(p, re.IGNORECASE), cue) for p, cue in out)


def _speaks_of_meeting(sentence: str, tag: str) -> bool:
    cues = _MARKERS[base(tag)].cues
    return re.search(rf"\b(?:{cues})", fold(sentence).lower()) is not None


def _with_case(name: str, like: str) -> str:
    return name[:1].upper() + name[1:] if like[:1].isupper() else name


def wrong_weekdays(text: str, tag: str, weekday: int) -> list[WrongDay]:
    """The weekdays ``text`` (in language ``tag``) gives the meeting that are not ``weekday``.

    Each wrong phrase once, in the order written. ``weekday``: Monday 0.
    """
    patterns = _patterns(tag)
    if not patterns:
        return []
    names = day_names(tag)
    right = {number: name for name, number in reversed(list(names.items()))}[weekday]
    found: dict[str, WrongDay] = {}
    for sentence in sentences(text):
        matches = [
            m
            for pattern, needs_cue in patterns
            for m in pattern.finditer(sentence)
            if not needs_cue or _speaks_of_meeting(sentence, tag)
        ]
        seen: set[int] = set()  # a day two markers share ("na quinta-feira passada") once
        for m in sorted(matches, key=lambda m: m.start("day")):
            said = m.group("day")
            if names[said.lower()] == weekday or m.start("day") in seen:
                continue
            seen.add(m.start("day"))
            start, end = m.span("day")
            written = " ".join(m.group(0).split())
            fixed = m.group(0)[: start - m.start()] + _with_case(right, said)
            fixed = " ".join((fixed + m.group(0)[end - m.start() :]).split())
            found.setdefault(written, WrongDay(written, fixed))
    return list(found.values())


def weekday_checks(interview: Interview, index: int, texts: list[tuple[str, str]]) -> Found:
    """``wrong-weekday``: a PROBLEM for each weekday a note gives the meeting wrongly."""
    if interview.date is None:
        return
    person = interview.interviewers[index]
    date = interview.date
    when = f"{_ENGLISH_DAYS[date.weekday()]} {date.isoformat()}"
    for label, text in texts:
        for slip in wrong_weekdays(text, note_tag(interview, person, text), date.weekday()):
            yield (
                index,
                Finding(
                    PROBLEM,
                    "wrong-weekday",
                    person.name,
                    f"The {label} to {person.name} says '{slip.written}', but the interview "
                    f"was on {when}.",
                    f"Write '{slip.fixed}' (or leave the day out).",
                ),
            )
