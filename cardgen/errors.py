"""Errors every stage raises; the CLI turns them into one line and exit 2."""

from __future__ import annotations

import contextlib
import os
import re
import sys
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

__all__ = [
    "CardgenError",
    "InputError",
    "KitInterrupted",
    "drop_stdout",
    "one_line",
    "quiet_fonttools",
]


@cache
def _unsafe() -> re.Pattern[str]:
    """Characters a terminal must not receive raw: C0/C1 controls, line and paragraph
    separators, bidi overrides and isolates, and lone surrogates. Compiled when a
    message first has one (a run that says nothing amiss never needs it)."""
    return re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def one_line(message: str) -> str:
    """``message`` made safe to print as one line: unsafe characters become ``\\uXXXX``."""
    if message.isprintable():  # every unsafe character is unprintable: nothing to replace
        return message
    return _unsafe().sub(lambda m: f"\\u{ord(m.group()):04x}", message)


def drop_stdout() -> None:
    """After standard output failed: what is left for it (and Python's flush at exit)
    goes to /dev/null, so the failure is told once, not again as Python shuts down."""
    with contextlib.suppress(OSError, ValueError):  # no real file behind it: nothing to do
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def quiet_fonttools() -> None:
    """fontTools logs the oddities it tolerates straight to stderr; cardgen decides what
    a damaged font is (``cardgen.input.fonts``) and says so in one line. Called before
    fontTools reads a font: ``logging`` loads then, not in a run that reads none."""
    import logging

    log = logging.getLogger("fontTools")
    if not any(isinstance(h, logging.NullHandler) for h in log.handlers):
        log.addHandler(logging.NullHandler())


class CardgenError(Exception):
    """A problem the user can fix; its message is the whole story, one line."""

    exit_code = 2


class InputError(CardgenError):
    """Bad input at a known place: ``file:line: key.path: message``."""

    def __init__(
        self, message: str, *, file: str | None = None, line: int | None = None, key: str = ""
    ) -> None:
        self.file = file
        self.line = line
        self.key = key
        self.reason = message
        where = file or ""
        if where and line is not None:
            where += f":{line}"
        parts = [p for p in (where, key) if p]
        super().__init__(": ".join([*parts, message]))


class KitInterrupted(KeyboardInterrupt):
    """Ctrl-C while a kit was being written, and whether the new kit is in place.

    Attributes:
        out: the output folder.
        written: True when the new kit had been swapped in (it is complete in
            ``out``); False when it had not (``out`` is as it was).
        existed: ``out`` held an earlier kit before the run.
    """

    def __init__(self, out: Path, *, written: bool, existed: bool) -> None:
        super().__init__(str(out))
        self.out = out
        self.written = written
        self.existed = existed
