"""The signature's phone and email (``no-phone``, ``no-email``)."""

from __future__ import annotations

from cardgen.checks.findings import PROBLEM, Finding, Found
from cardgen.model import Interview


def contact_checks(interview: Interview) -> Found:
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
