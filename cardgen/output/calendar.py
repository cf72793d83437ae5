"""Output stage: ``plan.ics``, the plan's dates for the candidate's calendar.

An event for each email deadline (the hour before it, with a reminder two
hours before that) and, when cards are mailed, an all-day event on each posting day
(with a reminder at 09:00). Times are the interview's: in the time zone that
``interview.timezone`` names, or "floating" (the same wall-clock time
wherever the calendar is) when it names none. The same input gives the same
bytes: each UID is made from the interview and the person, and DTSTAMP is the
interview's own time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence

from cardgen.model import Culture, Interview
from cardgen.output.plan import KitEntry
from cardgen.textrules import DEFAULT_INTERVIEW_TIME, mail_day, send_by

__all__ = ["POST_REMINDER", "plan_ics"]

EMAIL_SLOT = dt.timedelta(hours=1)  # the email event: the hour before the deadline
EMAIL_WARNING = dt.timedelta(hours=2)  # its reminder: this long before the event starts
POST_REMINDER = dt.time(9, 0)  # the posting day's reminder


def _uid(interview: Interview, folder: str, kind: str) -> str:
    key = "\x1f".join((interview.company.name, interview.role, str(interview.date), folder, kind))
    return hashlib.sha256(key.encode()).hexdigest()[:24] + "@cardgen"


def plan_ics(interview: Interview, culture: Culture, entries: Sequence[KitEntry]) -> bytes | None:
    """The calendar, or None when the interview has no date to plan from."""
    deadline = send_by(interview)
    if deadline is None or interview.date is None:
        return None
    import icalendar

    zone: dt.tzinfo | None = None
    if interview.timezone:
        from zoneinfo import ZoneInfo

        zone = ZoneInfo(interview.timezone)
    due = deadline.replace(tzinfo=zone)
    started = dt.datetime.combine(interview.date, interview.time or DEFAULT_INTERVIEW_TIME)
    stamp = (
        started.replace(tzinfo=zone).astimezone(dt.UTC) if zone else started.replace(tzinfo=dt.UTC)
    )
    post = mail_day(interview, culture)

    cal = icalendar.Calendar()
    cal.add("prodid", "-//cardgen//thank-you plan//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"Thank-you notes: {interview.company.name}")
    for entry in entries:
        person = entry.person
        email = icalendar.Event()
        email.add("uid", _uid(interview, entry.folder, "email"))
        email.add("dtstamp", stamp)
        email.add("dtstart", due - EMAIL_SLOT)
        email.add("dtend", due)
        email.add("summary", f"Email the thank-you to {person.name}")
        email.add(
            "description",
            f"Due by {due:%H:%M}, 24 hours after the interview at {interview.company.name}. "
            f"Open {entry.folder}/email.eml, or paste {entry.folder}/email.txt"
            + (f" to {person.email}." if person.email else "."),
        )
        email.add("transp", "TRANSPARENT")
        email.add_component(_alarm(f"Email the thank-you to {person.name}", -EMAIL_WARNING))
        cal.add_component(email)
        if entry.card and post is not None:
            card = icalendar.Event()
            card.add("uid", _uid(interview, entry.folder, "post"))
            card.add("dtstamp", stamp)
            card.add("dtstart", post)
            card.add("dtend", post + dt.timedelta(days=1))
            card.add("summary", f"Post the thank-you card to {person.name}")
            made = (
                f"Print {entry.folder}/card.pdf and its envelope (or the print sheets)"
                if "card" not in entry.missing
                else "The card is not made yet: see Left out in the plan"
            )
            card.add(
                "description",
                f"After the email has gone. {made}; see the plan for {interview.company.name}.",
            )
            card.add("transp", "TRANSPARENT")
            at = dt.timedelta(hours=POST_REMINDER.hour, minutes=POST_REMINDER.minute)
            card.add_component(_alarm(f"Post the card to {person.name}", at))
            cal.add_component(card)
    if zone is not None:
        cal.add_missing_timezones()
    data: bytes = cal.to_ical()
    return data


def _alarm(text: str, trigger: dt.timedelta):
    import icalendar

    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", text)
    alarm.add("trigger", trigger)
    return alarm
