"""Layout stage: where a line of a note may break, and where it may not. Pure.

Words are never broken or hyphenated: only a web or email address wider than
its line is cut, at the places a reader expects (:func:`break_address`). A
title or honorific stays on the line of the name it stands before
(:func:`bound_words`: a line never ends in "Dr." or "Frau").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache

__all__ = [
    "BINDS_TO_NEXT",
    "Overlong",
    "address_breaks",
    "bound_words",
    "break_address",
    "is_address",
]


class Overlong(ValueError):
    """One word is wider than its line and cannot be broken there.

    ``word`` is the word; ``size`` the size tried (pt, 0 when unknown). Only a
    web or email address is ever broken, and only at the places a reader
    expects (after ``//``, before ``/`` or ``.``), never with an added hyphen.
    """

    def __init__(self, word: str, size: float = 0.0) -> None:
        self.word = word
        self.size = size
        super().__init__(f"the word '{word[:40]}' is wider than the line")


@cache
def _urlish() -> re.Pattern[str]:
    """What a web or email address starts like, compiled when a word first overflows its
    line (a card whose words all fit never needs it)."""
    return re.compile(
        r"(?i)^(?:[a-z][a-z0-9+.\-]*://|www\.|[^\s@/]+@[^\s@/]+\.[^\s@/]|[^\s/]+\.[a-z]{2,}/)"
    )


_BREAK_BEFORE = frozenset("/.,-_?#%~@=&")
_BREAK_AFTER = frozenset("=&")


def is_address(word: str) -> bool:
    """True for a web or email address, the only kind of word that may be broken."""
    return bool(_urlish().match(word))


def address_breaks(word: str) -> list[int]:
    """Indices where an address may break (a piece starts there), ascending.

    Chicago style: after ``//`` (and the ``:`` before it); before a single
    ``/``, ``.``, ``,``, ``-``, ``_``, ``?``, ``#``, ``%``, ``~`` or ``@``;
    before or after ``=`` and ``&``.
    """
    out = []
    for i in range(1, len(word)):
        ch, prev = word[i], word[i - 1]
        if prev == "/" and ch == "/":
            continue  # never between the two slashes of ``//``
        after_double_slash = prev == "/" and word[i - 2 : i] == "//"
        before_mark = ch in _BREAK_BEFORE and word[i : i + 2] != "//"
        if after_double_slash or prev in _BREAK_AFTER or before_mark:
            out.append(i)
    return out


def break_address(word: str, max_width: float, width_of: Callable[[str], float]) -> list[str]:
    """An address cut into pieces no wider than ``max_width``, greedily, in one pass.

    Raises:
        Overlong: a stretch between two break points is wider than the line.
    """
    # Prefix sums of character advances: one measurement per character.
    prefix = [0.0]
    for ch in word:
        prefix.append(prefix[-1] + width_of(ch))
    pieces = []
    start = 0
    breaks = [*address_breaks(word), len(word)]
    k = 0
    while start < len(word):
        best = None
        while k < len(breaks) and prefix[breaks[k]] - prefix[start] <= max_width:
            best = breaks[k]
            k += 1
        if best is None or best <= start:
            raise Overlong(word)
        pieces.append(word[start:best])
        start = best
    return pieces


# Honorifics and titles that stay on the line of the name they stand before: a line
# never ends in "Dr." or "Frau" ("Sehr geehrte Frau Prof. / Dr. Keller,").
BINDS_TO_NEXT = frozenset(
    (
        "Mr.", "Mr", "Ms.", "Ms", "Mrs.", "Mrs", "Mx.", "Mx", "Dr.", "Dr", "Prof.", "Prof",
        "Herr", "Herrn", "Frau", "M.", "Mme", "Mlle", "Me", "Sr.", "Sra.", "Dra.", "Sig.",
        "Pan", "Pani", "Pane", "Paní", "Dipl.-Ing.", "Mag.", "Ing.", "Mgr.", "Doc.", "St.",
    )
)  # fmt: skip


def bound_words(
    words: list[str], width_of: Callable[[str], float], space: float, limit: Callable[[int], float]
) -> Iterator[tuple[str, float]]:
    """The words to wrap, with their widths: a title and the name after it as one
    (``Prof. Dr. Keller,``); when together they are wider than a line, the first
    title goes alone and the rest are tried again (``Frau`` / ``Prof. Dr. Keller,``)."""
    room = min(limit(0), limit(1))
    i = 0
    while i < len(words):
        if words[i] not in BINDS_TO_NEXT:  # a word alone: as wide as it is
            yield words[i], width_of(words[i])
            i += 1
            continue
        j = i
        while j + 1 < len(words) and words[j] in BINDS_TO_NEXT:
            j += 1
        parts = words[i : j + 1]
        together = sum(width_of(p) for p in parts) + space * (len(parts) - 1)
        if len(parts) == 1 or together <= room:
            yield " ".join(parts), together
            i = j + 1
        else:
            yield parts[0], width_of(parts[0])
            i += 1
