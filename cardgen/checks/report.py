"""Check stage: the findings as a report — rich on a terminal, plain text otherwise, or JSON.

:mod:`cardgen.checks.rules` runs the checks themselves (pure); the
orchestrator runs them with each card's fit from the run's plan.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence

from cardgen.checks.findings import Finding, summary
from cardgen.errors import one_line
from cardgen.model import Interview

__all__ = ["render_json", "render_report"]


def _groups(
    findings: Sequence[Finding], interview: Interview | None
) -> Iterator[tuple[str | None, list[Finding]]]:
    """The findings by whom they concern, each group in the findings' order: the whole
    file first, then each interviewer in file order (a name two interviewers share
    heads one group, where it first comes), then anyone else as first found."""
    groups: dict[str | None, list[Finding]] = {None: []}
    order: list[str | None] = [None]
    if interview is not None:
        named = dict.fromkeys(p.name for p in interview.interviewers)
        order += named
        groups.update((name, []) for name in named)
    for f in findings:
        if f.interviewer not in groups:
            groups[f.interviewer] = []
            order.append(f.interviewer)
        groups[f.interviewer].append(f)
    return ((who, groups[who]) for who in order if groups[who])


def render_report(
    findings: Sequence[Finding], *, color: bool = False, interview: Interview | None = None
) -> str:
    """The findings grouped by interviewer, then a one-line summary."""
    lines: list[str] = []
    for who, items in _groups(findings, interview):
        lines.append(who or "Whole file")
        for f in items:
            mark = "problem" if f.severity == "problem" else "advice "
            lines.append(f"  {mark}  {f.message}")
            if f.suggestion:
                lines.append(f"           → {f.suggestion}")
        lines.append("")
    lines.append(summary(findings))
    lines = [one_line(line) for line in lines]  # no bidi overrides or controls on a terminal
    text = "\n".join(lines)
    if not color:
        return text
    from rich.console import Console
    from rich.text import Text

    console = Console(force_terminal=True, highlight=False, soft_wrap=True)
    with console.capture() as cap:
        for line in lines:
            style = ""
            if line.startswith("  problem"):
                style = "bold red"
            elif line.startswith("  advice"):
                style = "yellow"
            elif line and not line.startswith(" ") and line is not lines[-1]:
                style = "bold"
            console.print(Text(line, style=style))
    return cap.get().rstrip("\n")


def render_json(findings: Sequence[Finding]) -> str:
    """The findings as JSON for scripts."""
    problems = sum(f.severity == "problem" for f in findings)
    return json.dumps(
        {
            "problems": problems,
            "advice": len(findings) - problems,
            "summary": summary(findings),
            "findings": [f.to_dict() for f in findings],
        },
        ensure_ascii=False,
        indent=2,
    )
