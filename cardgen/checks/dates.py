"""The 24-hour email deadline (``deadline``)."""

from __future__ import annotations

import datetime as dt

from cardgen.checks.findings import ADVICE, Finding
from cardgen.model import Interview
from cardgen.textrules import DEFAULT_INTERVIEW_TIME, send_by

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


def deadline_finding(interview: Interview, now: dt.datetime) -> Finding | None:
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
