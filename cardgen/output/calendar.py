"""Output stage: ``plan.ics``, the plan's dates for the candidate's calendar.

An event for each email deadline (the hour before it, with a reminder two
hours before that) and, when cards are mailed, an all-day event on each posting day
(with a reminder at 09:00). Times are the interview's: in the time zone that
``interview.timezone`` names, or "floating" (the same wall-clock time
wherever the calendar is) when it names none. The same input gives the same
bytes: each UID is made from the interview and the person, and DTSTAMP is the
interview's own time.

The calendar is written here, as the lines RFC 5545 asks for (the text escaped,
long lines folded as icalendar folds them); icalendar, slow to load, is asked
only for the description of a named time zone.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence

from cardgen.model import Culture, Interview
from cardgen.output.plan import KitEntry, format_clock, plan_language
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
    zone: dt.tzinfo | None = None
    if interview.timezone:
        from zoneinfo import ZoneInfo

        zone = ZoneInfo(interview.timezone)
    started = dt.datetime.combine(interview.date, interview.time or DEFAULT_INTERVIEW_TIME)
    stamp = (
        started.replace(tzinfo=zone).astimezone(dt.UTC) if zone else started.replace(tzinfo=dt.UTC)
    )
    post = mail_day(interview, culture)
    lang = plan_language(interview)  # the times in the events' text, as plan.txt writes them
    tzid, zone_block = _zone(zone) if zone else ("", "")

    def when(t: dt.datetime) -> str:
        """A time of the interview's day as written after its property's name."""
        if tzid == "UTC":  # UTC (or a zone the same as UTC) is written as UTC
            return f":{t:%Y%m%dT%H%M%S}Z"
        return f";TZID={tzid}:{t:%Y%m%dT%H%M%S}" if tzid else f":{t:%Y%m%dT%H%M%S}"

    head = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//cardgen//thank-you plan//EN",
        "CALSCALE:GREGORIAN",
        # As icalendar wrote it: the name unescaped (it holds no control character).
        f"X-WR-CALNAME:Thank-you notes: {interview.company.name}",
    ]
    lines: list[str] = []
    for entry in entries:
        person = entry.person
        lines += [
            "BEGIN:VEVENT",
            f"SUMMARY:{_text(f'Email the thank-you to {person.name}')}",
            f"DTSTART{when(deadline - EMAIL_SLOT)}",
            f"DTEND{when(deadline)}",
            f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
            f"UID:{_text(_uid(interview, entry.folder, 'email'))}",
            "DESCRIPTION:"
            + _text(
                f"Due by {format_clock(deadline, lang)}, 24 hours after the interview at "
                f"{interview.company.name}. Open {entry.folder}/email.eml, or paste "
                f"{entry.folder}/email.txt" + (f" to {person.email}." if person.email else ".")
            ),
            "TRANSP:TRANSPARENT",
            *_alarm(f"Email the thank-you to {person.name}", -EMAIL_WARNING),
            "END:VEVENT",
        ]
        if entry.card and post is not None:
            made = (
                f"Print {entry.folder}/card.pdf and its envelope (or the print sheets)"
                if "card" not in entry.missing
                else "The card is not made yet: see Left out in the plan"
            )
            at = dt.timedelta(hours=POST_REMINDER.hour, minutes=POST_REMINDER.minute)
            lines += [
                "BEGIN:VEVENT",
                f"SUMMARY:{_text(f'Post the thank-you card to {person.name}')}",
                f"DTSTART;VALUE=DATE:{post:%Y%m%d}",
                f"DTEND;VALUE=DATE:{post + dt.timedelta(days=1):%Y%m%d}",
                f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
                f"UID:{_text(_uid(interview, entry.folder, 'post'))}",
                "DESCRIPTION:"
                + _text(
                    f"After the email has gone. {made}; see the plan for {interview.company.name}."
                ),
                "TRANSP:TRANSPARENT",
                *_alarm(f"Post the card to {person.name}", at),
                "END:VEVENT",
            ]
    lines.append("END:VCALENDAR")
    return (_content(head) + zone_block + _content(lines)).encode()


def _content(lines: list[str]) -> str:
    """Content lines as the file holds them: each folded, each ended by CRLF."""
    return "".join(_fold(line) + "\r\n" for line in lines)


def _alarm(text: str, trigger: dt.timedelta) -> list[str]:
    """A reminder ``trigger`` from the event's start (hours and minutes, either side)."""
    sign, trigger = ("-", -trigger) if trigger < dt.timedelta(0) else ("", trigger)
    hours, minutes = divmod(trigger.seconds // 60, 60)
    span = f"{trigger.days}D" if trigger.days else ""
    if hours or minutes:
        span += "T" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    return [
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        f"DESCRIPTION:{_text(text)}",
        f"TRIGGER:{sign}P{span or '0D'}",
        "END:VALARM",
    ]


def _text(value: str) -> str:
    """A TEXT value escaped as RFC 5545 says (backslash, semicolon, comma, line breaks)."""
    return (
        value.replace(r"\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", r"\;")
        .replace(",", r"\,")
        .replace("\r\n", r"\n")
        .replace("\n", r"\n")
        .replace("\r", r"\n")
    )


def _fold(line: str, limit: int = 75) -> str:
    """A content line folded into pieces under ``limit`` octets (RFC 5545 3.1), never
    between a backslash and the character it escapes."""
    if line.isascii() and limit > 1:  # an octet a character: pieces of limit - 1 of them
        return "\r\n ".join(_ascii_pieces(line, limit))
    return _fold_by_octets(line, limit)


def _fold_by_octets(line: str, limit: int = 75) -> str:
    """:func:`_fold` counting octets character by character (any text)."""
    pieces: list[str] = []
    piece: list[str] = []
    size = 0
    for ch in line:
        width = len(ch.encode())
        if piece and size + width >= limit:
            carried = piece.pop() if len(piece) > 1 and piece[-1] in "\\^" else ""
            pieces.append("".join(piece))
            piece = [carried] if carried else []
            size = len(carried.encode())
        piece.append(ch)
        size += width
    pieces.append("".join(piece))
    return "\r\n ".join(pieces)


def _ascii_pieces(line: str, limit: int) -> list[str]:
    """ASCII ``line`` in the pieces :func:`_fold` makes of it: each ``limit - 1``
    characters, one fewer where it would end in a backslash or caret (not its only
    character), which then starts the next piece."""
    pieces: list[str] = []
    start = 0
    while len(line) - start > limit - 1:
        end = start + limit - 1
        if end - start > 1 and line[end - 1] in "\\^":
            end -= 1
        pieces.append(line[start:end])
        start = end
    pieces.append(line[start:])
    return pieces


def _zone(zone: dt.tzinfo) -> tuple[str, str]:
    """The id a time in ``zone`` is written with, and the VTIMEZONE block describing it
    (folded, ending in CRLF; none for UTC or a zone unknown to icalendar), as
    icalendar gives them: only a calendar with a named zone loads that library."""
    from icalendar import Timezone
    from icalendar.timezone.tzid import tzid_from_tzinfo

    tzid = tzid_from_tzinfo(zone) or ""
    if tzid in ("", "UTC"):
        return tzid, ""
    try:
        block: bytes = Timezone.from_tzid(tzid).to_ical()
    except ValueError:  # icalendar cannot describe it: the times keep their TZID
        return tzid, ""
    return tzid, block.decode()
