"""Check stage glue: run the advice checks for a file and options, and report them.

:mod:`cardgen.checks.rules` holds the checks themselves (pure); this module gives
them the card fitter and the current time, and renders the report: rich on a
terminal, plain text otherwise, or JSON.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from cardgen.checks.rules import Finding, run_checks, summary
from cardgen.errors import CardgenError, one_line
from cardgen.model import Interview, Interviewer
from cardgen.textrules import parse_now

__all__ = ["render_json", "render_report", "run_for"]


def _fitter(interview: Interview, plan, opts) -> Callable[[Interviewer], str | None]:
    """A function telling whether an interviewer's card note fits (None) or why not."""
    from cardgen.cards import SCRIPT_FONT, font_set, larger_layouts
    from cardgen.input.fonts import resolve_font
    from cardgen.layout.card import CardText, check_glyphs, fit_note, too_long_message
    from cardgen.layout.handwriting import NEATNESS, Hand
    from cardgen.layout.textfit import Overlong, TooLong
    from cardgen.textrules import closing, salutation

    layout = plan.layout
    info = resolve_font(plan.font)
    fonts = {"body": font_set(info), "signature": font_set(resolve_font(SCRIPT_FONT))}
    hand = Hand(k=NEATNESS[opts.neatness])
    larger = larger_layouts(layout)

    def fit(person: Interviewer) -> str | None:
        text = CardText(
            salutation=salutation(plan.culture, person),
            note=person.note,
            closing=closing(plan.culture),
            signature=interview.candidate.name,
            signature_aspect=2.5 if interview.candidate.signature else 0.0,
            source=interview.source_name,
            note_start=person.note_start,
        )
        try:
            check_glyphs(text, fonts)
            fit_note(text, layout, fonts, hand, info.scale)
        except (TooLong, Overlong) as exc:
            return too_long_message(text, layout, exc, fonts, hand, info.scale, larger)
        except CardgenError as exc:
            return str(exc)
        return None

    return fit


def run_for(interview: Interview, opts, now: str | None) -> list[Finding]:
    """Run every check for ``interview`` as ``make`` with ``opts`` would see it."""
    from cardgen.kit import plan_kit

    plan = plan_kit(interview, opts)
    fit = _fitter(interview, plan, opts) if plan.mails_card and plan.layout else None
    return run_checks(
        interview, plan.culture, now=parse_now(now), fit=fit, mails_card=plan.mails_card
    )


def _groups(findings: Sequence[Finding], interview: Interview | None):
    order: list[str | None] = [None]
    if interview is not None:
        order += [p.name for p in interview.interviewers]
    for f in findings:
        if f.interviewer not in order:
            order.append(f.interviewer)
    for who in order:
        items = [f for f in findings if f.interviewer == who]
        if items:
            yield who, items


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
