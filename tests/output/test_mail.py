"""Tests for the mail stage: salutations, email.txt, the .eml draft, slugs and the plan."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from msgspec.structs import replace

from cardgen import textrules
from cardgen.errors import CardgenError
from cardgen.input.layouts import cultures
from cardgen.model import Address, Candidate, Company, Interview, Interviewer
from cardgen.output import mail
from cardgen.output import plan as planfile

CULTURES = cultures()
CONSERVATIVE = CULTURES["conservative"]
STANDARD = CULTURES["standard"]
MODERN = CULTURES["modern"]

NOTE = (
    "Thank you for taking the time to meet with me on Thursday. I enjoyed our "
    "conversation about the Keller restructuring.\n\nI am very interested in the role."
)
US = Address(street="400 Market Street", city="Philadelphia", country="US", region="PA")
GB = Address(street="25 Old Broad Street", city="London", country="GB", postal_code="EC2N 1HN")

DVORAK = Interviewer(
    name="Margaret Dvořák",
    note=NOTE,
    title="Managing Partner",
    honorific="Ms.",
    email="m.dvorak@hartwellpryce.example",
)
OKAFOR = Interviewer(
    name="Tomás Okafor",
    note="Thank you for joining from London.",
    honorific="Mr.",
    email="t.okafor@hartwellpryce.example",
    address=GB,
)


def make_interview(*people: Interviewer, **changes) -> Interview:
    interview = Interview(
        candidate=Candidate(
            name="Alex Rivera",
            email="alex.rivera@example.com",
            phone="+1 217 555 0142",
            address=Address(street="12 Elm Street", city="Springfield", country="US"),
        ),
        company=Company(name="Hartwell & Pryce LLP", culture="conservative", address=US),
        interviewers=people or (DVORAK,),
        role="Associate Analyst",
        date=dt.date(2026, 11, 20),  # a Friday
        time=dt.time(14, 0),
    )
    return replace(interview, **changes)


# --------------------------------------------------------------------------- salutation


@pytest.mark.parametrize(
    ("culture", "honorific", "expected"),
    [
        ("conservative", "Ms.", "Dear Ms. Dvořák,"),
        ("traditional", "Ms.", "Dear Ms. Dvořák,"),
        ("conservative", "Dr.", "Dear Dr. Dvořák,"),
        ("conservative", "", "Dear Margaret Dvořák,"),  # no honorific: never "Dear  Dvořák,"
        ("standard", "Ms.", "Dear Margaret,"),
        ("standard", "", "Dear Margaret,"),
        ("modern", "Ms.", "Hi Margaret,"),
        ("startup", "", "Hi Margaret,"),
    ],
)
def test_salutation(culture, honorific, expected):
    from cardgen.input.layouts import resolve_culture

    person = replace(DVORAK, honorific=honorific)
    assert textrules.salutation(resolve_culture(culture, CULTURES), person) == expected


def test_salutation_keeps_the_particles_of_the_surname():
    person = Interviewer(name="Anna Maria van der Berg", note="x", honorific="Mrs.")
    assert textrules.salutation(CONSERVATIVE, person) == "Dear Mrs. van der Berg,"


def test_salutation_for_a_one_word_name():
    person = Interviewer(name="Cher", note="x", honorific="Ms.")
    assert textrules.salutation(CONSERVATIVE, person) == "Dear Ms. Cher,"
    assert textrules.salutation(MODERN, person) == "Hi Cher,"


@pytest.mark.parametrize(
    ("culture", "expected"),
    [(CONSERVATIVE, "Sincerely,"), (STANDARD, "Best regards,"), (MODERN, "Thanks again,")],
)
def test_closing(culture, expected):
    assert textrules.closing(culture) == expected


def test_subject_per_culture():
    interview = make_interview()
    assert (
        textrules.subject(CONSERVATIVE, interview)
        == "Thank you for the Associate Analyst interview"
    )
    assert textrules.subject(MODERN, interview) == "Thanks for today: Associate Analyst"


def test_subject_without_a_role():
    interview = make_interview(role="")
    assert (
        textrules.subject(CONSERVATIVE, interview)
        == "Thank you for your time at Hartwell & Pryce LLP"
    )


# --------------------------------------------------------------------------- email.txt


def test_email_text_shape():
    text = mail.email_text(CONSERVATIVE, make_interview(), DVORAK)
    assert text == (
        "Subject: Thank you for the Associate Analyst interview\n"
        "\n"
        "Dear Ms. Dvořák,\n"
        "\n"
        "Thank you for taking the time to meet with me on Thursday. I enjoyed our "
        "conversation about the Keller restructuring.\n"
        "\n"
        "I am very interested in the role.\n"
        "\n"
        "Sincerely,\n"
        "Alex Rivera\n"
        "+1 217 555 0142\n"
        "alex.rivera@example.com\n"
    )


def test_email_text_modern():
    text = mail.email_text(MODERN, make_interview(), DVORAK)
    lines = text.splitlines()
    assert lines[0] == "Subject: Thanks for today: Associate Analyst"
    assert lines[1] == ""
    assert lines[2] == "Hi Margaret,"
    assert lines[-4:] == [
        "Thanks again,",
        "Alex Rivera",
        "+1 217 555 0142",
        "alex.rivera@example.com",
    ]


def test_email_text_uses_email_note():
    person = replace(DVORAK, email_note="A longer text, for the email only.")
    text = mail.email_text(CONSERVATIVE, make_interview(person), person)
    assert "A longer text, for the email only." in text
    assert "Keller" not in text


def test_signature_without_phone():
    interview = make_interview()
    interview = replace(interview, candidate=replace(interview.candidate, phone=""))
    text = mail.email_text(CONSERVATIVE, interview, DVORAK)
    assert text.endswith("\n\nSincerely,\nAlex Rivera\nalex.rivera@example.com\n")


# --------------------------------------------------------------------------- email.eml


def parse(data: bytes) -> email.message.EmailMessage:
    return email.message_from_bytes(data, policy=email.policy.default)


def test_eml_headers_and_body():
    interview = make_interview()
    data = mail.eml_bytes(CONSERVATIVE, interview, DVORAK)
    msg = parse(data)
    (to,) = msg["To"].addresses
    assert to.display_name == "Margaret Dvořák"
    assert to.addr_spec == "m.dvorak@hartwellpryce.example"
    (sender,) = msg["From"].addresses
    assert sender.display_name == "Alex Rivera"
    assert sender.addr_spec == "alex.rivera@example.com"
    assert msg["Subject"] == "Thank you for the Associate Analyst interview"
    assert msg["X-Unsent"] == "1"
    assert msg.get_content_type() == "text/plain"
    assert msg.get_content_charset() == "utf-8"
    body = msg.get_content()
    assert "Dear Ms. Dvořák," in body
    assert "I enjoyed our conversation about the Keller restructuring." in body
    assert (
        body.replace("\r\n", "\n")
        == mail.email_text(CONSERVATIVE, interview, DVORAK).split("\n\n", 1)[1]
    )
    # The raw file is 7-bit with short lines, as RFC 5322 wants.
    assert max(len(line) for line in data.splitlines()) <= 78
    assert all(b < 0x80 for b in data)


def test_eml_is_the_same_for_the_same_input():
    interview = make_interview()
    first = mail.eml_bytes(CONSERVATIVE, interview, DVORAK)
    assert mail.eml_bytes(CONSERVATIVE, interview, DVORAK) == first
    assert parse(first)["Date"] is None
    assert parse(first)["Message-ID"] is None


def test_eml_without_an_interviewer_email_has_no_to():
    person = replace(DVORAK, email="")
    msg = parse(mail.eml_bytes(CONSERVATIVE, make_interview(person), person))
    assert msg["To"] is None
    assert msg["X-Unsent"] == "1"


def test_eml_name_with_a_comma_stays_one_address():
    person = replace(DVORAK, name="Margaret Dvořák, MBA")
    msg = parse(mail.eml_bytes(CONSERVATIVE, make_interview(person), person))
    (to,) = msg["To"].addresses
    assert to.display_name == "Margaret Dvořák, MBA"
    assert to.addr_spec == "m.dvorak@hartwellpryce.example"


def test_eml_name_written_surname_first_is_shown_given_name_first():
    person = replace(DVORAK, name="Dvořák, Margaret")
    msg = parse(mail.eml_bytes(CONSERVATIVE, make_interview(person), person))
    (to,) = msg["To"].addresses
    assert (to.display_name, to.addr_spec) == ("Margaret Dvořák", "m.dvorak@hartwellpryce.example")
    assert (
        mail.email_text(CONSERVATIVE, make_interview(person), person).count("Dear Ms. Dvořák,") == 1
    )


HOSTILE = [
    "Jane\r\nBcc: x@y.z",
    "Jane\nBcc: x@y.z",
    "Jane\rBcc: x@y.z",
    "Jane\u2028Bcc: x@y.z",
    "Jane\x85Bcc: x@y.z",
]


DRAFT_HEADERS = {
    "From",
    "To",
    "Subject",
    "X-Unsent",
    "Content-Type",
    "Content-Transfer-Encoding",
    "MIME-Version",
}


def assert_no_injected_header(build) -> None:
    """``build()`` either refuses (our error or ValueError) or makes a clean draft."""
    try:
        data = build()
    except (ValueError, CardgenError):
        return
    msg = parse(data)
    assert msg["Bcc"] is None
    assert set(msg.keys()) <= DRAFT_HEADERS
    assert not any(line.lower().startswith(b"bcc:") for line in data.splitlines())
    assert len(msg.get_all("To") or []) <= 1


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_interviewer_name_cannot_add_a_header(hostile):
    person = replace(DVORAK, name=hostile)
    assert_no_injected_header(lambda: mail.eml_bytes(CONSERVATIVE, make_interview(person), person))


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_role_cannot_add_a_header(hostile):
    interview = make_interview(role=hostile)
    assert_no_injected_header(lambda: mail.eml_bytes(CONSERVATIVE, interview, DVORAK))


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_company_cannot_add_a_header(hostile):
    interview = make_interview(role="", company=Company(name=hostile, address=US))
    assert_no_injected_header(lambda: mail.eml_bytes(CONSERVATIVE, interview, DVORAK))


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_candidate_name_cannot_add_a_header(hostile):
    interview = make_interview()
    interview = replace(interview, candidate=replace(interview.candidate, name=hostile))
    assert_no_injected_header(lambda: mail.eml_bytes(CONSERVATIVE, interview, DVORAK))


def test_hostile_email_address_cannot_add_a_header():
    person = replace(DVORAK, email="m@x.example\r\nBcc: x@y.z")
    assert_no_injected_header(lambda: mail.eml_bytes(CONSERVATIVE, make_interview(person), person))


ENCODED_WORD = "=?utf-8?q?=3Cevil=40attacker=2Eexample=3E?="


def _one_address(header, name: str, addr: str) -> None:
    assert [(a.display_name, a.addr_spec) for a in header.addresses] == [(name, addr)]


@pytest.mark.parametrize(
    "name",
    [ENCODED_WORD, f"Jane {ENCODED_WORD} Doe", f'"{ENCODED_WORD}"', "=?", "Dvořák =?x?= Ms"],
)
def test_encoded_words_in_names_cannot_redirect_the_email(name):
    person = replace(DVORAK, name=name)
    interview = make_interview(person)
    interview = replace(interview, candidate=replace(interview.candidate, name=name))
    msg = parse(mail.eml_bytes(CONSERVATIVE, interview, person))
    _one_address(msg["To"], name, DVORAK.email)
    _one_address(msg["From"], name, "alex.rivera@example.com")
    assert "evil@attacker.example" not in str(msg["To"]) + str(msg["From"])


@pytest.mark.parametrize("role", [ENCODED_WORD, f"Analyst {ENCODED_WORD}", "=?x"])
def test_encoded_words_in_the_subject_read_back_as_written(role):
    interview = make_interview(role=role)
    msg = parse(mail.eml_bytes(CONSERVATIVE, interview, DVORAK))
    assert str(msg["Subject"]) == f"Thank you for the {role} interview"
    interview = make_interview(role="", company=Company(name=ENCODED_WORD, address=US))
    msg = parse(mail.eml_bytes(CONSERVATIVE, interview, DVORAK))
    assert str(msg["Subject"]) == f"Thank you for your time at {ENCODED_WORD}"


def test_each_header_reads_back_as_one_header_alone():
    assert mail._read_back("To: Ann Lee <a@x.example>") == ("To", (("Ann Lee", "a@x.example"),))
    assert mail._read_back("Subject: Thank you\r\n again") == ("Subject", "Thank you again")
    assert mail._read_back("Subject: Hi\r\nBcc: e@evil.example") is None  # two headers
    assert mail._read_back("Subject: Hi\r\n\r\nBcc: e@evil.example") is None  # then a body
    assert mail._read_back("To: a@x.example, e@evil.example") == (
        "To",
        (("", "a@x.example"), ("", "e@evil.example")),
    )


@pytest.mark.parametrize(
    "headers",
    [
        ["From: Bob <alex.rivera@example.com>", "Subject: Hi"],  # another name
        ["From: Alex Rivera <alex.rivera@example.com>", "Subject: Hi\r\nBcc: e@evil.example"],
        ["From: Alex Rivera <alex.rivera@example.com>", "Subject: Hello"],
        ["From: Alex Rivera <alex.rivera@example.com>", "To: e@evil.example", "Subject: Hi"],
        ["From: Alex Rivera <alex.rivera@example.com>", "Subject: Hi", "X-Unsent"],
    ],
)
def test_a_header_that_does_not_read_back_as_written_is_refused(headers):
    mail._check_reads_back(  # as written: read back
        ["From: Alex Rivera <alex.rivera@example.com>", "Subject: Hi", "X-Unsent: 1"],
        "Alex Rivera",
        "alex.rivera@example.com",
        replace(DVORAK, email=""),
        "Hi",
    )
    with pytest.raises(CardgenError, match="cannot write the"):
        mail._check_reads_back(
            headers, "Alex Rivera", "alex.rivera@example.com", replace(DVORAK, email=""), "Hi"
        )


# What the loader lets through as a one-line name: no controls, lone surrogates
# or line separators, single spaces, no spaces at the ends.
_line_text = (
    st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=100)
    .map(lambda t: " ".join(t.split()))
    .filter(bool)
)


@settings(max_examples=300, deadline=None)
@given(_line_text, _line_text, _line_text)
def test_any_name_and_role_read_back_exactly(name, company, role):
    person = replace(DVORAK, name=name)
    interview = make_interview(person, role=role, company=Company(name=company, address=US))
    interview = replace(interview, candidate=replace(interview.candidate, name=company))
    data = mail.eml_bytes(CONSERVATIVE, interview, person)
    msg = parse(data)
    _one_address(msg["To"], name, DVORAK.email)
    _one_address(msg["From"], company, "alex.rivera@example.com")
    assert str(msg["Subject"]) == textrules.subject(CONSERVATIVE, interview)
    assert set(msg.keys()) <= DRAFT_HEADERS
    assert all(len(line) <= 998 for line in data.splitlines())
    assert data.isascii()


# --------------------------------------------------------------------------- slug


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("../../x", "x"),
        ("..", "x"),
        ("/etc/passwd", "etc-passwd"),
        ("C:\\Windows\\x", "c-windows-x"),
        ("Margaret Dvořák", "margaret-dvorak"),
        ("Łukasz", "lukasz"),
        ("Đorđe", "dorde"),
        ("Tomás Okafor", "tomas-okafor"),
        ("Nguyễn Văn An", "nguyen-van-an"),
        ("Anders Ångström", "anders-angstrom"),
        ("Siobhán O'Brien", "siobhan-o-brien"),
        ("Søren", "soren"),
        ("Hartwell & Pryce LLP", "hartwell-pryce-llp"),
        ("", "x"),
        ("   ", "x"),
        ("李小龙", "x"),
    ],
)
def test_slug(text, expected):
    assert textrules.slug(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jürgen Weiß", "jurgen-weiss"),
        ("Ærø", "aero"),
        ("Œuvre", "oeuvre"),
        ("Þór", "thor"),
    ],
)
def test_slug_transliterates_letters_that_do_not_decompose(text, expected):
    # NFKD leaves ß, Æ, Œ and Þ whole, so encoding to ASCII drops them: "Weiß" → "wei".
    assert textrules.slug(text) == expected


def test_slug_is_capped():
    assert textrules.slug("a" * 100) == "a" * 40
    assert textrules.slug("a" * 39 + " b") == "a" * 39  # no trailing dash after the cut


@given(st.text(max_size=200))
def test_slug_is_always_a_safe_folder_name(text):
    result = textrules.slug(text)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", result)
    assert len(result) <= 40


# --------------------------------------------------------------------------- dates


def test_send_by_is_interview_plus_24_hours():
    assert textrules.send_by(make_interview()) == dt.datetime(2026, 11, 21, 14, 0)


def test_send_by_across_a_month_end():
    interview = make_interview(date=dt.date(2026, 11, 30), time=dt.time(23, 30))
    assert textrules.send_by(interview) == dt.datetime(2026, 12, 1, 23, 30)


def test_send_by_without_time_or_date():
    assert textrules.send_by(make_interview(time=None)) == dt.datetime(2026, 11, 21, 17, 0)
    assert textrules.send_by(make_interview(date=None, time=None)) is None


def test_card_is_posted_after_the_email_and_never_on_a_sunday():
    # Interview Fri 20 Nov 14:00 → email by Sat 21 → +1 day is Sunday 22 → Monday 23.
    assert textrules.mail_day(make_interview(), CONSERVATIVE) == dt.date(2026, 11, 23)
    # Interview Wed 18 Nov → email by Thu 19 → card Fri 20.
    assert textrules.mail_day(make_interview(date=dt.date(2026, 11, 18)), CONSERVATIVE) == dt.date(
        2026, 11, 20
    )
    # modern posts the same day as the email: Sat 21 Nov.
    assert textrules.mail_day(make_interview(), MODERN) == dt.date(2026, 11, 21)
    # ...unless that is a Sunday: interview Sat 21 → email Sun 22 → Mon 23.
    assert textrules.mail_day(make_interview(date=dt.date(2026, 11, 21)), MODERN) == dt.date(
        2026, 11, 23
    )


@given(
    day=st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2040, 12, 31)),
    culture=st.sampled_from([CONSERVATIVE, STANDARD, MODERN]),
)
def test_mail_day_property(day, culture):
    interview = make_interview(date=day)
    posted = textrules.mail_day(interview, culture)
    email_day = textrules.send_by(interview).date()
    assert posted.weekday() != 6
    assert email_day + dt.timedelta(days=culture.mail_after_days) <= posted
    assert posted <= email_day + dt.timedelta(days=culture.mail_after_days + 1)


# --------------------------------------------------------------------------- plan.txt


def entries(card: bool, *people: tuple[Interviewer, bool]) -> list[planfile.KitEntry]:
    out = []
    for n, (person, abroad) in enumerate(people, start=1):
        folder = f"{n:02d}-{textrules.slug(person.name)}"
        files = [f"{folder}/email.eml", f"{folder}/email.txt"]
        if card:
            files = [f"{folder}/card.pdf", *files, f"{folder}/envelope.pdf"]
        out.append(planfile.KitEntry(n, person, folder, tuple(files), card, abroad))
    return out


def test_plan_for_a_conservative_kit():
    interview = make_interview(DVORAK, OKAFOR)
    plan = planfile.plan_text(
        interview,
        CONSERVATIVE,
        entries(True, (DVORAK, False), (OKAFOR, True)),
        print_files=("print/cards-letter.pdf", "print/envelopes.pdf"),
        stock="ivory",
        card_layout="a2-flat",
    )
    lines = plan.splitlines()
    assert lines[0] == "Thank-you plan: Hartwell & Pryce LLP, Associate Analyst"
    assert lines[1] == "Interview: Fri 20 Nov 2026 at 14:00"
    assert lines[2] == "Culture: conservative: an email first, then a mailed card."
    send = (
        "    [ ] Send the email to m.dvorak@hartwellpryce.example by Sat 21 Nov 2026 14:00 "
        "(24 h after the interview)."
    )
    post = "    [ ] Post the card on Mon 23 Nov 2026, after the email has gone."
    home = (
        "        Mailed within the country, it should arrive between "
        "Tue 24 Nov 2026 and Thu 26 Nov 2026."
    )
    abroad = "        Mailed abroad, it should arrive between Mon 30 Nov 2026 and Mon 7 Dec 2026."
    assert lines.count("[ ] Margaret Dvořák, Managing Partner") == 1
    assert lines.count("[ ] Tomás Okafor") == 1
    assert send in lines
    assert lines.count(post) == 2
    assert home in lines
    assert abroad in lines
    # Per person: the email comes before the card, and the right arrival line follows.
    start = lines.index("[ ] Margaret Dvořák, Managing Partner")
    assert lines.index(send) < lines.index(post, start) < lines.index(home)
    okafor = lines.index("[ ] Tomás Okafor")
    assert lines.index(abroad) > okafor
    assert home not in lines[okafor:]
    assert "        Print: 01-margaret-dvorak/card.pdf, 01-margaret-dvorak/envelope.pdf" in (lines)
    assert "[ ] print/cards-letter.pdf" in lines
    assert "[ ] print/envelopes.pdf" in lines
    assert any("on ivory card stock; layout a2-flat." in line for line in lines)
    written = lines[lines.index("Files written") + 1 :]
    assert written == [
        "  01-margaret-dvorak/card.pdf",
        "  01-margaret-dvorak/email.eml",
        "  01-margaret-dvorak/email.txt",
        "  01-margaret-dvorak/envelope.pdf",
        "  02-tomas-okafor/card.pdf",
        "  02-tomas-okafor/email.eml",
        "  02-tomas-okafor/email.txt",
        "  02-tomas-okafor/envelope.pdf",
        "  print/cards-letter.pdf",
        "  print/envelopes.pdf",
        "  plan.txt",
    ]
    assert plan.endswith("\n")


def test_plan_for_an_email_only_kit():
    interview = make_interview(DVORAK)
    plan = planfile.plan_text(interview, MODERN, entries(False, (DVORAK, False)))
    lines = plan.splitlines()
    assert lines[2] == "Culture: modern: an email to each interviewer."
    assert not any("card" in line.lower() for line in lines)
    assert "Printing" not in lines
    assert lines[lines.index("Files written") + 1 :] == [
        "  01-margaret-dvorak/email.eml",
        "  01-margaret-dvorak/email.txt",
        "  plan.txt",
    ]


def test_plan_without_a_date():
    interview = make_interview(DVORAK, date=None, time=None)
    lines = planfile.plan_text(interview, CONSERVATIVE, entries(True, (DVORAK, False))).splitlines()
    assert not any(line.startswith("Interview:") for line in lines)
    assert (
        "    [ ] Send the email to m.dvorak@hartwellpryce.example within 24 hours of the interview."
        in lines
    )
    assert "    [ ] Post the card 1 day after the email." in lines
    two = replace(CONSERVATIVE, mail_after_days=2)
    lines = planfile.plan_text(interview, two, entries(True, (DVORAK, False))).splitlines()
    assert "    [ ] Post the card 2 days after the email." in lines


def test_plan_for_an_interviewer_without_email():
    person = replace(DVORAK, email="")
    plan = planfile.plan_text(make_interview(person), MODERN, entries(False, (person, False)))
    assert (
        "    [ ] Send the email (add their email address: none is on file) "
        "by Sat 21 Nov 2026 14:00 (24 h after the interview)."
    ) in plan.splitlines()


def test_plan_made_after_the_dates_says_they_are_late():
    # Interview Fri 20 Nov 2026 14:00: email due Sat 21 Nov 14:00, card posted Mon 23 Nov.
    interview = make_interview(DVORAK, OKAFOR)
    late = dt.datetime(2026, 12, 7, 9, 0)
    plan = planfile.plan_text(
        interview, CONSERVATIVE, entries(True, (DVORAK, False), (OKAFOR, True)), now=late
    )
    lines = plan.splitlines()
    assert (
        "    [ ] Send the email to m.dvorak@hartwellpryce.example now: it was due by "
        "Sat 21 Nov 2026 14:00 (24 h after the interview); it is late, but a late thank-you "
        "beats none."
    ) in lines
    assert (
        lines.count(
            "    [ ] Post the card today (it was due Mon 23 Nov 2026; it is late), "
            "after the email has gone."
        )
        == 2
    )
    assert "Post the card on" not in plan
    # Posted today (Mon 7 Dec), so it arrives from then on, not from the planned day.
    assert (
        "        Mailed within the country, it should arrive between "
        "Tue 8 Dec 2026 and Thu 10 Dec 2026."
    ) in lines


def test_plan_made_in_time_keeps_the_dates():
    interview = make_interview(DVORAK)
    early = dt.datetime(2026, 11, 20, 16, 0)
    lines = planfile.plan_text(
        interview, CONSERVATIVE, entries(True, (DVORAK, False)), now=early
    ).splitlines()
    assert (
        "    [ ] Send the email to m.dvorak@hartwellpryce.example by Sat 21 Nov 2026 14:00 "
        "(24 h after the interview)."
    ) in lines
    assert "    [ ] Post the card on Mon 23 Nov 2026, after the email has gone." in lines
    on_the_day = dt.datetime(2026, 11, 23, 8, 0)
    lines = planfile.plan_text(
        interview, CONSERVATIVE, entries(True, (DVORAK, False)), now=on_the_day
    ).splitlines()
    assert "    [ ] Post the card today, Mon 23 Nov 2026, after the email has gone." in lines


@pytest.mark.parametrize(
    ("name", "prose"),
    [
        ("a2", "an A2 envelope"),
        ("a7", "an A7 envelope"),
        ("a9", "an A9 envelope"),
        ("c6", "a C6 envelope"),
        ("dl", "a DL envelope"),
        ("no10", "a #10 envelope"),
    ],
)
def test_envelope_names_read_as_prose(name, prose):
    assert textrules.a_or_an(textrules.envelope_name(name) + " envelope") == prose


def test_plural():
    assert [textrules.plural(n, "day") for n in (0, 1, 2)] == ["0 days", "1 day", "2 days"]


def test_the_feed_line_names_the_envelope_as_prose():
    from cardgen.model import EnvelopeFeed

    assert "set the paper size to the envelope (A2);" in planfile.feed_text(EnvelopeFeed(), "a2")


def test_plan_lists_what_was_left_out():
    interview = make_interview(DVORAK, OKAFOR)
    made = entries(True, (DVORAK, False), (OKAFOR, True))
    folder = made[1].folder
    made[1] = replace(
        made[1], files=(f"{folder}/email.eml", f"{folder}/email.txt", f"{folder}/envelope.pdf"),
        missing=("card",),
    )  # fmt: skip
    why = "hartwell.yaml:40:7: interviewers[1].note: the note does not fit the a2-flat card"
    left = planfile.LeftOut(2, "Tomás Okafor", "card", why, "shorten the note, then run again")
    lines = planfile.plan_text(
        interview, CONSERVATIVE, made, left_out=(left,), print_files=("print/cards-letter.pdf",)
    ).splitlines()
    at = lines.index("Left out")
    assert lines.index("Printing") < at < lines.index("Files written")
    assert lines[at + 2] == "[ ] Tomás Okafor: the card"
    assert lines[at + 3] == f"    Why: {why}"
    assert lines[at + 4] == "    To do: shorten the note, then run again"
    okafor = lines.index("[ ] Tomás Okafor")
    assert f"        Print: {folder}/envelope.pdf" in lines[okafor:at]
    assert "        Not made: the card (see Left out, below)." in lines[okafor:at]


def test_a_card_left_out_is_not_named_as_made_in_any_mode():
    from cardgen.output.calendar import plan_ics

    interview = make_interview(DVORAK)
    [entry] = entries(True, (DVORAK, False))
    entry = replace(entry, files=(f"{entry.folder}/email.txt",), missing=("card",))
    for mode in ("print", "guide", "plot"):
        plan = planfile.plan_text(interview, CONSERVATIVE, [entry], mode=mode)
        assert "card.pdf" not in plan and "card.svg" not in plan, mode
        assert "Not made: the card (see Left out, below)." in plan, mode
    ics = plan_ics(interview, CONSERVATIVE, [entry])
    assert ics is not None
    text = ics.decode().replace("\r\n ", "")
    assert "card.pdf" not in text and "The card is not made yet" in text
