"""The starter file's sample values, left in (``placeholder``)."""

from __future__ import annotations

import re

from cardgen.checks.findings import PROBLEM, Finding, Found
from cardgen.checks.text import norm_words
from cardgen.model import Interview
from cardgen.textrules import fold

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
_STARTER_NOTE_WORDS = tuple(" ".join(norm_words(s)) for s in STARTER_NOTE)


def _same(a: str, b: str) -> bool:
    return " ".join(fold(a).casefold().split()) == " ".join(fold(b).casefold().split())


def _has_starter_note(text: str) -> bool:
    words = f" {' '.join(norm_words(text))} "
    return any(f" {s} " in words for s in _STARTER_NOTE_WORDS)


def placeholder_checks(interview: Interview) -> Found:
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
