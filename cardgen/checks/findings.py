"""What ``cardgen check`` reports: :class:`Finding`, its severities, the summary line.

A finding is a **problem** (fix before sending: ``cardgen check`` exits 1) or
**advice**. Each check module yields findings paired with the index of the
interviewer they concern (-1 for the whole file), so :func:`~cardgen.checks.rules.run_checks`
can sort them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import msgspec
from msgspec.structs import asdict

PROBLEM = "problem"
ADVICE = "advice"


class Finding(msgspec.Struct, frozen=True):
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


class CardSize(msgspec.Struct, frozen=True):
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


Found = Iterator[tuple[int, Finding]]  # (interviewer index, -1 for the whole file; finding)


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
