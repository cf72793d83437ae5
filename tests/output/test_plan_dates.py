"""Dates the kit writes in the plan's language: plan.txt and plan.ics's text.

English (every variant) keeps the plan's own form ("Fri 20 Nov 2026", "14:00");
other languages take Babel's abbreviated date and short time for their locale.
"""

from __future__ import annotations

import datetime as dt

from cardgen.input.layouts import cultures
from cardgen.model import Address, Candidate, Company, Interview, Interviewer
from cardgen.output import plan as planfile
from cardgen.output.calendar import plan_ics

CONSERVATIVE = cultures()["conservative"]
FRANKFURT = Address("Neue Mainzer Straße 32", "Frankfurt am Main", "DE", "60311")
MADRID = Address("Paseo de la Castellana 89", "Madrid", "ES", "28046")
LONDON = Address("25 Old Broad Street", "London", "GB", "EC2N 1HN")

GERMAN = (
    "Vielen Dank für das angenehme Gespräch am Mittwoch. Ihre Schilderung, wie Ihr Team das "
    "Frühwarnmodell neu aufgebaut hat, war lehrreich. Ich freue mich darauf, von Ihnen zu hören."
)
SPANISH = (
    "Muchas gracias por la entrevista del miércoles. Me gustó mucho conocer cómo su equipo "
    "revisa la cartera de empresas cada trimestre y estoy muy interesada en el puesto."
)
ENGLISH = "Thank you for meeting with me on Wednesday; I am keen to join your team."


def kit(note: str, office: Address, **changes: object) -> tuple[Interview, planfile.KitEntry]:
    person = Interviewer("Jürgen Weiß", note, email="j.weiss@bank.example")
    interview = Interview(
        candidate=Candidate("Lena Fischer", "lena@example.de"),
        company=Company("Bankhaus Müller & Söhne", "conservative", office),
        interviewers=(person,),
        role="Credit Risk Analyst",
        date=dt.date(2026, 11, 18),
        time=dt.time(9, 30),
        **changes,  # type: ignore[arg-type]
    )
    folder = "01-jurgen-weiss"
    files = (f"{folder}/card.pdf", f"{folder}/email.eml", f"{folder}/email.txt")
    return interview, planfile.KitEntry(1, person, folder, files, True, False)


def test_format_day_and_clock_in_each_language():
    day, clock = dt.date(2026, 11, 18), dt.time(9, 30)
    assert planfile.format_day(day, "en-US") == "Wed 18 Nov 2026"
    assert planfile.format_day(day, "en-GB") == "Wed 18 Nov 2026"
    assert planfile.format_day(day, "de") == "Mi., 18. Nov. 2026"
    assert planfile.format_day(day, "de-XX") == "Mi., 18. Nov. 2026"  # a region Babel lacks
    assert planfile.format_day(day, "fr-CA") == "mer. 18 nov. 2026"
    assert planfile.format_day(day, "es") == "mié, 18 nov 2026"
    assert planfile.format_clock(clock, "en-US") == "09:30"
    assert planfile.format_clock(clock, "de") == "09:30"
    assert planfile.format_clock(clock, "es") == "9:30"
    assert planfile.format_clock(clock, "fr-CA") == "09 h 30"


def test_the_plan_takes_its_language_from_the_first_note():
    assert planfile.plan_language(kit(GERMAN, FRANKFURT)[0]) == "de"
    assert planfile.plan_language(kit(ENGLISH, FRANKFURT)[0]) == "en-US"
    assert planfile.plan_language(kit(ENGLISH, LONDON)[0]) == "en-GB"


def test_a_german_interviews_plan_writes_german_dates():
    interview, entry = kit(GERMAN, FRANKFURT, timezone="Europe/Berlin")
    lines = planfile.plan_text(interview, CONSERVATIVE, [entry]).splitlines()
    assert lines[1] == "Interview: Mi., 18. Nov. 2026 at 09:30 (Europe/Berlin)"
    assert lines[5] == (
        "    [ ] Send the email to j.weiss@bank.example by Do., 19. Nov. 2026 09:30 "
        "(24 h after the interview)."
    )
    assert lines[7] == "    [ ] Post the card on Fr., 20. Nov. 2026, after the email has gone."
    assert lines[8] == (
        "        Mailed within the country, it should arrive between Mo., 23. Nov. 2026 and "
        "Mi., 25. Nov. 2026."
    )


def test_an_english_plan_is_as_it_was():
    interview, entry = kit(ENGLISH, FRANKFURT)
    lines = planfile.plan_text(interview, CONSERVATIVE, [entry]).splitlines()
    assert lines[1] == "Interview: Wed 18 Nov 2026 at 09:30"
    assert "by Thu 19 Nov 2026 09:30 (24 h after the interview)." in lines[5]
    assert lines[7] == "    [ ] Post the card on Fri 20 Nov 2026, after the email has gone."


def test_the_calendars_text_writes_the_time_as_the_plan_does():
    interview, entry = kit(SPANISH, MADRID)
    ics = plan_ics(interview, CONSERVATIVE, [entry])
    assert ics is not None
    text = ics.decode().replace("\r\n ", "")
    assert "DESCRIPTION:Due by 9:30\\, 24 hours after the interview" in text
    assert "DTEND:20261119T093000" in text  # the machine's dates stay as they were
    interview, entry = kit(ENGLISH, MADRID)
    text = plan_ics(interview, CONSERVATIVE, [entry]).decode()  # type: ignore[union-attr]
    assert "DESCRIPTION:Due by 09:30\\," in text
