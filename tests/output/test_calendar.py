"""plan.ics: parsed back with icalendar, the right dates and times, in the
interview's time zone (or floating, at the interview's wall-clock time)."""

from __future__ import annotations

import datetime as dt
import sys

import icalendar
import pytest
from conftest import OUTLINE_HAND, run_cli

from cardgen.input.config import LAST_INTERVIEW_DATE
from cardgen.output.calendar import _content, _text

NOW = "2026-11-20T16:00"


def _make(write_yaml, tmp_path, text: str, *extra) -> tuple[icalendar.Calendar, str]:
    path = write_yaml(text)
    out = tmp_path / "kit"
    # Before the deadline: made later, the plan would say each date is late.
    result = run_cli(
        "make",
        path,
        "--out",
        out,
        "--no-envelope",
        "--now",
        "2026-11-20T16:00",
        *extra,
        *OUTLINE_HAND,
    )
    assert result.exit_code == 0, result.stderr
    cal = icalendar.Calendar.from_ical((out / "plan.ics").read_bytes())
    return cal, (out / "plan.txt").read_text(encoding="utf-8")


def _events(cal) -> list:
    return [c for c in cal.walk("VEVENT")]


def test_events_for_each_deadline_and_posting_day_floating_time(write_yaml, tmp_path, base_yaml):
    cal, plan = _make(write_yaml, tmp_path, base_yaml)
    events = _events(cal)
    emails = [e for e in events if str(e["summary"]).startswith("Email")]
    posts = [e for e in events if str(e["summary"]).startswith("Post")]
    assert [str(e["summary"]) for e in emails] == [
        "Email the thank-you to Margaret Dvořák",
        "Email the thank-you to Priya Raman",
    ]
    assert len(posts) == 2
    # Interview Fri 20 Nov 2026 14:00: emails due Sat 21 Nov 14:00, the hour before it.
    for e in emails:
        start, end = e.decoded("dtstart"), e.decoded("dtend")
        assert end == dt.datetime(2026, 11, 21, 14, 0)
        assert start == dt.datetime(2026, 11, 21, 13, 0)
        assert end.tzinfo is None  # floating: the interview's own wall-clock time
        (alarm,) = e.walk("VALARM")
        assert alarm.decoded("trigger") == -dt.timedelta(hours=2)
    # Conservative: post two days after the email, Mon 23 Nov (never a Sunday).
    for e in posts:
        assert e.decoded("dtstart") == dt.date(2026, 11, 23)
        assert e.decoded("dtend") == dt.date(2026, 11, 24)
        (alarm,) = e.walk("VALARM")
        assert alarm.decoded("trigger") == dt.timedelta(hours=9)
    # The same days as plan.txt says.
    assert "by Sat 21 Nov 2026 14:00" in plan and "Post the card on Mon 23 Nov 2026" in plan
    assert "plan.ics" in plan
    uids = [str(e["uid"]) for e in events]
    assert len(set(uids)) == len(uids)


def test_a_named_time_zone_pins_the_times(write_yaml, tmp_path, base_yaml):
    text = base_yaml.replace(
        'interview: {date: 2026-11-20, time: "14:00"}',
        'interview: {date: 2026-11-20, time: "14:00", timezone: Europe/Berlin}',
    )
    cal, _ = _make(write_yaml, tmp_path, text)
    assert [str(tz["tzid"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Berlin"]
    email = _events(cal)[0]
    end = email.decoded("dtend")
    assert end.tzinfo is not None and str(end.tzinfo) == "Europe/Berlin"
    assert end.astimezone(dt.UTC) == dt.datetime(2026, 11, 21, 13, 0, tzinfo=dt.UTC)
    assert email.decoded("dtstamp") == dt.datetime(2026, 11, 20, 13, 0, tzinfo=dt.UTC)


def test_an_email_only_culture_has_no_posting_day(write_yaml, tmp_path, base_yaml):
    cal, _ = _make(write_yaml, tmp_path, base_yaml.replace("conservative", "modern"))
    assert all(str(e["summary"]).startswith("Email") for e in _events(cal))
    assert len(_events(cal)) == 2


def test_no_date_no_calendar(write_yaml, tmp_path, base_yaml):
    path = write_yaml(base_yaml.replace('interview: {date: 2026-11-20, time: "14:00"}\n', ""))
    out = tmp_path / "kit"
    result = run_cli("make", path, "--out", out, "--no-envelope", *OUTLINE_HAND)
    assert result.exit_code == 0, result.stderr
    assert not (out / "plan.ics").exists()


def test_the_calendar_is_the_same_bytes_every_run(write_yaml, tmp_path, base_yaml):
    path = write_yaml(base_yaml)
    files = []
    for name in ("a", "b"):
        made = run_cli("make", path, "--out", tmp_path / name, "--no-envelope", *OUTLINE_HAND)
        assert made.exit_code == 0
        files.append((tmp_path / name / "plan.ics").read_bytes())
    assert files[0] == files[1]


@pytest.mark.parametrize(
    ("zone", "why"),
    [
        ("Mars/Olympus", "unknown time zone"),
        ("../../etc/passwd", "unknown time zone"),
        ("UTC+2", "unknown time zone"),
        ("", "is empty"),
    ],
)
def test_an_unknown_time_zone_is_named_with_its_line(
    write_yaml, tmp_path, base_yaml, line, zone, why
):
    text = base_yaml.replace(
        'interview: {date: 2026-11-20, time: "14:00"}',
        f'interview: {{date: 2026-11-20, time: "14:00", timezone: "{zone}"}}',
    )
    result = run_cli("make", write_yaml(text), "--out", tmp_path / "kit")
    assert result.exit_code == 2
    assert f"interview.yaml:{line['interview']}: interview.timezone: {why}" in result.stderr
    assert not (tmp_path / "kit").exists()


@pytest.mark.parametrize(
    ("date", "time", "zone"),
    [
        ("1900-01-01", "00:00", "Asia/Tokyo"),  # the first date, a day ahead of UTC
        ("1900-01-01", "00:00", "Pacific/Kiritimati"),
        (str(LAST_INTERVIEW_DATE), "23:59", "Pacific/Pago_Pago"),  # the last, behind UTC
        (str(LAST_INTERVIEW_DATE), "23:59", "Pacific/Kiritimati"),
    ],
)
def test_the_calendar_at_both_ends_of_the_dates_cardgen_plans_for(
    write_yaml, tmp_path, base_yaml, date, time, zone
):
    text = base_yaml.replace(
        'interview: {date: 2026-11-20, time: "14:00"}',
        f'interview: {{date: {date}, time: "{time}", timezone: {zone}}}',
    )
    cal, plan = _make(write_yaml, tmp_path, text)
    assert len(_events(cal)) == 4
    assert f"({zone})" in plan


def test_a_floating_calendar_is_written_without_icalendar(
    write_yaml, tmp_path, base_yaml, monkeypatch
):
    """icalendar takes longer to load than the calendar takes to write: only a named
    time zone (its VTIMEZONE block) needs it."""
    monkeypatch.setitem(sys.modules, "icalendar", None)  # importing it fails
    path = write_yaml(base_yaml)
    result = run_cli(
        "make", path, "--out", tmp_path / "kit", "--no-envelope", "--now", NOW, *OUTLINE_HAND
    )
    assert result.exit_code == 0, result.stderr
    monkeypatch.undo()
    cal = icalendar.Calendar.from_ical((tmp_path / "kit" / "plan.ics").read_bytes())
    assert len(_events(cal)) == 4


@pytest.mark.parametrize(
    "text",
    [
        "Smith, Jones; and \\ partners",
        "Ünïcødé " * 12,
        "x" * 60 + "\\,;" * 10,  # escapes where the line folds
        "é" * 40 + "\\" * 7,
        "^caret^" * 15,
        "a\\Nb",
    ],
)
def test_text_values_are_escaped_and_folded_so_icalendar_reads_them_back(text):
    lines = _content([f"SUMMARY:{_text(text)}", f"DESCRIPTION:{_text(text * 3)}"])
    assert all(len(line.encode()) <= 75 for line in lines.split("\r\n"))
    event = icalendar.Event.from_ical(f"BEGIN:VEVENT\r\n{lines}END:VEVENT\r\n")
    expected = text.replace("\\N", "\n")  # RFC 5545: \N is a line break
    assert (str(event["summary"]), str(event["description"])) == (expected, expected * 3)


def test_ascii_lines_are_folded_as_octet_by_octet():
    import random

    from cardgen.output.calendar import _fold, _fold_by_octets

    rng = random.Random(5)
    lines = ["", "x" * 74, "x" * 75, "x" * 73 + "\\n" + "y" * 80, "\\" * 200, "^" * 3]
    lines += [
        "".join(rng.choice("ab\\^,; ") for _ in range(rng.randrange(400))) for _ in range(3000)
    ]
    lines += ["Dvořák, " * 20, "x" * 73 + "é\\" + "y" * 90]  # not ASCII: as ever
    for line in lines:
        for limit in (75, 10, 2):
            assert _fold(line, limit) == _fold_by_octets(line, limit), (line, limit)
