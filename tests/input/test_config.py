"""Tests for the input stage: loading and validating interview and culture files.

Every error message is asserted in full (``file:line: key.path: message``),
against BASE_YAML from conftest.py broken one way at a time.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cardgen.errors import InputError
from cardgen.input.config import MAX_NOTE_CHARS, interview_from_text, load_interview
from cardgen.input.files import MAX_FILE_BYTES
from cardgen.input.layouts import cultures, resolve_culture
from cardgen.model import Address, Interview
from cardgen.textrules import header_address, paragraphs

VALID_CULTURES = "valid: conservative (traditional), standard, modern (casual, startup)"


def load_error(write_yaml, text: str | bytes) -> str:
    """Write ``text`` as interview.yaml, load it, and return the error message."""
    path = write_yaml(text)
    with pytest.raises(InputError) as info:
        load_interview(path)
    message = str(info.value)
    assert "\n" not in message, "an error message is one line"
    return message


# --------------------------------------------------------------------------- a valid file


def test_line_table_matches_base_yaml(base_yaml, line):
    lines = base_yaml.splitlines()
    for key in (
        "candidate.name",
        "candidate.email",
        "candidate.address.country",
        "company.name",
        "company.culture",
        "role",
        "interview",
        "interviewers[0].title",
        "interviewers[0].honorific",
        "interviewers[0].email",
        "interviewers[0].note",
        "interviewers[1].note",
    ):
        last = key.rsplit(".", 1)[-1]
        assert lines[line[key] - 1].lstrip(" -").startswith(last + ":"), key
    assert lines[line["interviewers[0]"] - 1] == "  - name: Margaret Dvořák"
    assert lines[line["interviewers[1]"] - 1] == "  - name: Priya Raman"


def test_base_yaml_loads_into_the_model(write_yaml, base_yaml):
    path = write_yaml(base_yaml)
    interview = load_interview(path)
    assert isinstance(interview, Interview)
    assert interview.source == path
    assert interview.candidate.name == "Alex Rivera"
    assert interview.candidate.email == "alex.rivera@example.com"
    assert interview.candidate.phone == "+1 217 555 0142"
    assert interview.candidate.address == Address(
        street="12 Elm Street Apt 4",
        city="Springfield",
        country="US",
        postal_code="62701",
        region="IL",
        line=6,
    )
    assert interview.company.name == "Acme Corporation"
    assert interview.company.culture == "conservative"
    assert interview.company.address is not None
    assert interview.company.address.street == "400 Market Street, Suite 900"
    assert interview.role == "Associate Analyst"
    assert interview.date == dt.date(2026, 11, 20)
    assert interview.time == dt.time(14, 0)
    first, second = interview.interviewers
    assert first.name == "Margaret Dvořák"
    assert first.title == "Managing Partner"
    assert first.honorific == "Ms."
    assert first.email == "m.dvorak@acme.example"
    assert first.address is None  # defaults to the company's
    assert interview.address_for(first) == interview.company.address
    # The note keeps the file's lines (so positions map to the file); paragraphs()
    # joins a paragraph's lines with spaces and keeps paragraphs apart.
    assert paragraphs(first.note) == [
        "Thank you for taking the time to meet with me on Thursday. I enjoyed "
        "hearing how your team closed the Keller restructuring two days early.",
        "I am very interested in the Associate Analyst role.",
    ]
    assert first.email_text == first.note  # no email_note: the email uses the note
    assert first.line == 23
    assert second.name == "Priya Raman"
    assert second.honorific == "Dr."
    assert second.title == ""


def test_email_note_is_used_for_the_email(write_yaml, base_yaml):
    text = base_yaml.replace(
        "    email: p.raman@acme.example\n",
        "    email: p.raman@acme.example\n    email_note: A longer note for the email.\n",
    )
    person = load_interview(write_yaml(text)).interviewers[1]
    assert person.note == "Thank you for organising Thursday so smoothly and for the office tour."
    assert person.email_text == "A longer note for the email."


@pytest.mark.parametrize("name", ["hartwell.yaml", "brightloop.yaml", "mueller.yaml"])
def test_every_sample_loads(samples, name):
    interview = load_interview(samples / name)
    assert interview.interviewers
    assert interview.source == samples / name


def test_hartwell_sample_names(samples):
    interview = load_interview(samples / "hartwell.yaml")
    assert [p.name for p in interview.interviewers] == [
        "Margaret Dvořák",
        "Tomás Okafor",
        "Priya Raman",
    ]
    okafor = interview.interviewers[1]
    assert okafor.address is not None and okafor.address.country == "GB"
    assert okafor.address.postal_code == "EC2N 1HN"


# --------------------------------------------------------------------------- unknown keys


def test_unknown_key_suggests_the_right_one(write_yaml, base_yaml):
    text = base_yaml.replace("  - name: Margaret Dvořák", "  - nmae: Margaret Dvořák")
    assert load_error(write_yaml, text) == (
        "interview.yaml:23: interviewers[0].nmae: unknown key (did you mean 'name'?)"
    )


def test_unknown_key_in_second_interviewer(write_yaml, base_yaml):
    text = base_yaml.replace("    honorific: Dr.", "    honorfic: Dr.")
    assert load_error(write_yaml, text) == (
        "interview.yaml:33: interviewers[1].honorfic: unknown key (did you mean 'honorific'?)"
    )


def test_unknown_top_level_key_lists_the_valid_ones(write_yaml, base_yaml):
    text = base_yaml.replace("role: Associate Analyst", "salary: 100\nrole: Associate Analyst")
    assert load_error(write_yaml, text) == (
        "interview.yaml:20: salary: unknown key "
        "(valid: candidate, company, role, language, interview, interviewers, style)"
    )


def test_unknown_nested_key(write_yaml, base_yaml):
    text = base_yaml.replace("    city: Springfield", "    town: Springfield")
    assert load_error(write_yaml, text) == (
        "interview.yaml:7: candidate.address.town: unknown key "
        "(valid: street, city, region, postal_code, country)"
    )


def test_unknown_key_in_style(write_yaml, base_yaml):
    text = base_yaml + "style: {colour: navy}\n"
    message = load_error(write_yaml, text)
    assert message.startswith("interview.yaml:36: style.colour: unknown key")


def test_duplicate_key(write_yaml, base_yaml):
    text = base_yaml.replace("  name: Acme Corporation\n", "  name: Acme Corporation\n  name: X\n")
    assert load_error(write_yaml, text) == "interview.yaml:13: company.name: key given twice"


def test_yaml_merge_key_is_not_a_back_door(write_yaml, base_yaml):
    text = base_yaml.replace("  - name: Priya Raman", "  - <<: {note: x}\n    name: Priya Raman")
    message = load_error(write_yaml, text)
    assert message.startswith("interview.yaml:32: interviewers[1].<<: unknown key")


# --------------------------------------------------------------------------- missing keys


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            "  name: Alex Rivera\n",
            "",
            "interview.yaml:2: candidate.name: required key is missing (save your name and "
            "email once with `cardgen profile`, or give them here)",
            id="candidate.name",
        ),
        pytest.param(
            "  email: alex.rivera@example.com\n",
            "",
            "interview.yaml:2: candidate.email: required key is missing (save your name and "
            "email once with `cardgen profile`, or give them here)",
            id="candidate.email",
        ),
        pytest.param(
            "  name: Alex Rivera\n",
            "  name: ~\n",
            "interview.yaml:2: candidate.name: required key is missing (save your name and "
            "email once with `cardgen profile`, or give them here)",
            id="candidate.name-null",
        ),
        pytest.param(
            "  name: Acme Corporation\n",
            "",
            "interview.yaml:12: company.name: required key is missing",
            id="company.name",
        ),
        pytest.param(
            "  - name: Margaret Dvořák\n    title: Managing Partner\n",
            "  - title: Managing Partner\n",
            "interview.yaml:23: interviewers[0].name: required key is missing",
            id="interviewer-name",
        ),
        pytest.param(
            "    note: Thank you for organising Thursday so smoothly and for the office tour.\n",
            "",
            "interview.yaml:32: interviewers[1].note: required key is missing",
            id="interviewer-note",
        ),
        pytest.param(
            "    street: 12 Elm Street Apt 4\n",
            "",
            "interview.yaml:6: candidate.address.street: required key is missing",
            id="address-street",
        ),
    ],
)
def test_missing_required_key(write_yaml, base_yaml, old, new, expected):
    assert old in base_yaml
    assert load_error(write_yaml, base_yaml.replace(old, new)) == expected


def test_missing_interviewers(write_yaml, base_yaml):
    text = base_yaml[: base_yaml.index("interviewers:")]
    assert load_error(write_yaml, text) == "interview.yaml:1: interviewers: required key is missing"


def test_missing_candidate_without_a_profile(write_yaml, base_yaml):
    text = base_yaml[base_yaml.index("company:") :]
    assert load_error(write_yaml, text) == (
        "interview.yaml:1: candidate.name: required key is missing (save your name and "
        "email once with `cardgen profile`, or give them here)"
    )


def test_no_interviewers(write_yaml, base_yaml):
    text = base_yaml[: base_yaml.index("interviewers:")] + "interviewers: []\n"
    assert load_error(write_yaml, text) == (
        "interview.yaml:22: interviewers: needs at least one interviewer"
    )


# --------------------------------------------------------------------------- wrong types


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            "  name: Alex Rivera",
            "  name: [Alex, Rivera]",
            "interview.yaml:2: candidate.name: expected text, got a list",
            id="list-for-text",
        ),
        pytest.param(
            "  name: Alex Rivera",
            "  name: {first: Alex}",
            "interview.yaml:2: candidate.name: expected text, got a mapping",
            id="mapping-for-text",
        ),
        pytest.param(
            'interview: {date: 2026-11-20, time: "14:00"}',
            "interview: 2026-11-20",
            "interview.yaml:21: interview: expected a mapping (key: value), got a value",
            id="text-for-mapping",
        ),
        pytest.param(
            "    title: Managing Partner",
            "    title: [Managing, Partner]",
            "interview.yaml:24: interviewers[0].title: expected text, got a list",
            id="list-for-title",
        ),
    ],
)
def test_wrong_type(write_yaml, base_yaml, old, new, expected):
    assert old in base_yaml
    assert load_error(write_yaml, base_yaml.replace(old, new)) == expected


def test_mapping_where_a_list_is_expected(write_yaml, base_yaml):
    text = base_yaml[: base_yaml.index("interviewers:")] + "interviewers: {name: Jo, note: Hi}\n"
    assert load_error(write_yaml, text) == (
        "interview.yaml:22: interviewers: expected a list, got a mapping"
    )


def test_top_level_list(write_yaml):
    assert load_error(write_yaml, "- a\n- b\n") == (
        "interview.yaml:1: expected a mapping (key: value), got a list"
    )


def test_top_level_text(write_yaml):
    assert load_error(write_yaml, "just some words\n") == (
        "interview.yaml:1: expected a mapping (key: value), got a value"
    )


# --------------------------------------------------------------------------- values


@pytest.mark.parametrize(
    "bad", ["alex.rivera@", "alex.rivera", "alex@example", "Alex <alex@example.com>", "a b@c.com"]
)
def test_invalid_candidate_email(write_yaml, base_yaml, bad):
    text = base_yaml.replace("email: alex.rivera@example.com", f'email: "{bad}"')
    assert load_error(write_yaml, text) == (
        f"interview.yaml:3: candidate.email: '{bad}' is not an email address"
    )


def test_invalid_interviewer_email(write_yaml, base_yaml):
    text = base_yaml.replace("m.dvorak@acme.example", "m.dvorak@@acme.example")
    assert load_error(write_yaml, text) == (
        "interview.yaml:26: interviewers[0].email: 'm.dvorak@@acme.example' is not an email address"
    )


@pytest.mark.parametrize(
    ("key", "old", "line"),
    [
        ("interviewers[1].email", "p.raman@acme.example", 34),
        ("candidate.email", "alex.rivera@example.com", 3),
    ],
)
def test_email_a_mail_program_would_decode_is_refused_at_its_line(
    write_yaml, base_yaml, key, old, line
):
    # '=?utf-8?q?x?=' is an encoded word: the .eml draft's To or From would read
    # back as x@b.com, so make would stop on it; the loader refuses it first.
    text = base_yaml.replace(old, "=?utf-8?q?x?=@b.com")
    message = load_error(write_yaml, text)
    assert message.startswith(f"interview.yaml:{line}: {key}: '=?utf-8?q?x?=@b.com' would not ")
    assert "plain address" in message


def test_email_check_is_the_eml_writers():
    from cardgen.output import mail  # the writer uses the same rule

    assert mail.header_address is header_address
    assert not header_address("=?utf-8?q?x?=@b.com")
    assert header_address("o'brien@example.ie")


@pytest.mark.parametrize("good", ["o'brien@example.ie", "first.last+tag@mail.example.co.uk"])
def test_valid_unusual_emails(write_yaml, base_yaml, good):
    text = base_yaml.replace("email: alex.rivera@example.com", f'email: "{good}"')
    assert load_interview(write_yaml(text)).candidate.email == good


@pytest.mark.parametrize("bad", ["2026-02-30", "20/11/2026", "next Thursday", "2026-13-01"])
def test_invalid_date(write_yaml, base_yaml, bad):
    text = base_yaml.replace("date: 2026-11-20", f"date: {bad}")
    assert load_error(write_yaml, text) == (
        f"interview.yaml:21: interview.date: expected a date like 2026-11-20, got '{bad}'"
    )


@pytest.mark.parametrize("bad", ["0001-01-01", "0226-11-20", "1899-12-31"])
def test_a_date_before_1900_is_refused(write_yaml, base_yaml, bad):
    # 0001-01-01 00:00 in Tokyo is a time before the first day a date can hold in UTC:
    # check passed it and make's calendar crashed (exit 70).
    text = base_yaml.replace(
        'interview: {date: 2026-11-20, time: "14:00"}',
        f'interview: {{date: {bad}, time: "00:00", timezone: Asia/Tokyo}}',
    )
    assert load_error(write_yaml, text) == (
        f"interview.yaml:21: interview.date: {bad} is before 1900: check the year "
        "(the first interview date cardgen plans for is 1900-01-01)"
    )


def test_the_first_plannable_date_loads(write_yaml, base_yaml):
    text = base_yaml.replace("date: 2026-11-20", "date: 1900-01-01")
    assert load_interview(write_yaml(text)).date == dt.date(1900, 1, 1)


@pytest.mark.parametrize("bad", ["25:00", "14:60", "2pm", "14h00", "14:00:00"])
def test_invalid_time(write_yaml, base_yaml, bad):
    text = base_yaml.replace('time: "14:00"', f'time: "{bad}"')
    assert load_error(write_yaml, text) == (
        f"interview.yaml:21: interview.time: expected a 24-hour time like \"14:00\", got '{bad}'"
    )


def test_unquoted_time_stays_a_time(write_yaml, base_yaml):
    # YAML 1.1 reads 14:00 as the sexagesimal integer 840.
    text = base_yaml.replace('time: "14:00"', "time: 14:00")
    assert load_interview(write_yaml(text)).time == dt.time(14, 0)


def test_unquoted_short_time(write_yaml, base_yaml):
    text = base_yaml.replace('time: "14:00"', "time: 9:05")
    assert load_interview(write_yaml(text)).time == dt.time(9, 5)


def test_unquoted_postal_code_keeps_its_leading_zero(write_yaml, base_yaml):
    text = base_yaml.replace('postal_code: "62701"', "postal_code: 02134")
    address = load_interview(write_yaml(text)).candidate.address
    assert address is not None
    assert address.postal_code == "02134"


def test_country_no_is_norway_not_false(write_yaml, base_yaml):
    # YAML 1.1 reads an unquoted NO as the boolean false.
    text = base_yaml.replace("    country: US\ncompany", "    country: NO\ncompany")
    address = load_interview(write_yaml(text)).candidate.address
    assert address is not None
    assert address.country == "NO"


def test_lower_case_country_is_upper_cased(write_yaml, base_yaml):
    text = base_yaml.replace("    country: US\ncompany", "    country: de\ncompany")
    address = load_interview(write_yaml(text)).candidate.address
    assert address is not None
    assert address.country == "DE"


@pytest.mark.parametrize("bad", ["USA", "U1", "Germany", "1"])
def test_bad_country_code(write_yaml, base_yaml, bad):
    text = base_yaml.replace("    country: US\ncompany", f"    country: {bad}\ncompany")
    assert load_error(write_yaml, text) == (
        "interview.yaml:10: candidate.address.country: expected a two-letter country code "
        f"like US, GB or DE, got '{bad}'"
    )


def test_honorific_without_its_dot(write_yaml, base_yaml):
    text = base_yaml.replace("honorific: Ms.", "honorific: Ms")
    assert load_interview(write_yaml(text)).interviewers[0].honorific == "Ms."


@pytest.mark.parametrize(("given", "kept"), [("ms", "Ms."), ("DR.", "Dr."), ("Miss.", "Miss")])
def test_a_known_honorific_in_any_case_is_written_the_one_way(write_yaml, base_yaml, given, kept):
    text = base_yaml.replace("honorific: Ms.", f"honorific: {given}")
    assert load_interview(write_yaml(text)).interviewers[0].honorific == kept


@pytest.mark.parametrize("given", ["Sir", "Rev.", "Lord"])
def test_an_unknown_honorific_is_refused_with_the_list(write_yaml, base_yaml, line, given):
    text = base_yaml.replace("honorific: Ms.", f"honorific: {given}")
    assert load_error(write_yaml, text) == (
        f"interview.yaml:{line['interviewers[0].honorific']}: interviewers[0].honorific: "
        f"'{given}' is not an honorific cardgen knows: use Mr., Ms., Mrs., Mx., Dr., Prof., "
        "Miss (or the local Herr, Frau, M., Mme, Sr., Sra., Pan, Pani …) or leave it out"
    )


@pytest.mark.parametrize(
    ("given", "kept"),
    [("Herr", "Mr."), ("Frau", "Ms."), ("M.", "Mr."), ("Mme", "Ms."), ("Sra.", "Ms."),
     ("Pan", "Mr."), ("Paní", "Ms."), ("Mevrouw", "Ms."), ("Mlle", "Miss")],
)  # fmt: skip
def test_a_local_honorific_is_kept_as_its_english_gender(write_yaml, base_yaml, given, kept):
    text = base_yaml.replace("honorific: Ms.", f"honorific: {given}")
    assert load_interview(write_yaml(text)).interviewers[0].honorific == kept


def test_the_readme_lists_exactly_the_honorifics_cardgen_takes():
    from cardgen.textrules import HONORIFICS

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    listed = re.search(r"honorific: Ms\. +# optional: ([^(\n]+) \(no others\)", readme)
    assert listed is not None
    assert tuple(listed.group(1).split()) == HONORIFICS


def test_name_whitespace_is_collapsed(write_yaml, base_yaml):
    text = base_yaml.replace("  - name: Margaret Dvořák", '  - name: "Margaret \\t Dvořák "')
    assert load_interview(write_yaml(text)).interviewers[0].name == "Margaret Dvořák"


def test_name_without_letters(write_yaml, base_yaml):
    text = base_yaml.replace("  - name: Margaret Dvořák", '  - name: "../.."')
    assert load_error(write_yaml, text) == (
        "interview.yaml:23: interviewers[0].name: '../..' is not a name"
    )


def test_empty_text(write_yaml, base_yaml):
    text = base_yaml.replace("  name: Alex Rivera", '  name: "  "')
    assert load_error(write_yaml, text) == "interview.yaml:2: candidate.name: is empty"


@pytest.mark.parametrize(
    "name", ["Dvořák", "Łukasz Nowak", "Nguyễn Văn An", "Anders Ångström", "Siobhán O'Brien"]
)
def test_latin_script_names_load_unchanged(write_yaml, base_yaml, name):
    text = base_yaml.replace("  - name: Margaret Dvořák", f'  - name: "{name}"')
    assert load_interview(write_yaml(text)).interviewers[0].name == name


def test_names_are_normalised_to_nfc(write_yaml, base_yaml):
    # Notes are NFC; names must be too, or "Dvořák" typed on a Mac (NFD) never
    # equals "Dvořák" elsewhere, and the card gets combining marks.
    nfd = unicodedata.normalize("NFD", "Margaret Dvořák")
    assert nfd != "Margaret Dvořák"
    text = base_yaml.replace("  - name: Margaret Dvořák", f"  - name: {nfd}")
    assert load_interview(write_yaml(text)).interviewers[0].name == "Margaret Dvořák"


# --------------------------------------------------------------------------- one-line fields


def test_name_with_newline_from_a_block_scalar(write_yaml, base_yaml):
    text = base_yaml.replace(
        "  - name: Margaret Dvořák\n", "  - name: |\n      Margaret\n      Dvořák\n"
    )
    assert load_error(write_yaml, text) == (
        "interview.yaml:23: interviewers[0].name: must be on one line"
    )


def test_company_name_with_carriage_return(write_yaml, base_yaml):
    text = base_yaml.replace("  name: Acme Corporation", '  name: "Acme\\rBcc: x@y.z"')
    assert load_error(write_yaml, text) == "interview.yaml:12: company.name: must be on one line"


@pytest.mark.parametrize(
    "escape",
    [
        pytest.param("\\u2028", id="line-separator"),
        pytest.param("\\u2029", id="paragraph-separator"),
        pytest.param("\\x85", id="next-line"),
    ],
)
def test_role_with_a_unicode_line_break(write_yaml, base_yaml, escape):
    # The role goes into the Subject header: str.splitlines() and the email
    # package both treat these as line breaks, so they are not one line either.
    text = base_yaml.replace("role: Associate Analyst", f'role: "Associate{escape}Bcc: x@y.z"')
    assert load_error(write_yaml, text) == "interview.yaml:20: role: must be on one line"


def test_control_character_in_text(write_yaml, base_yaml):
    text = base_yaml.replace("role: Associate Analyst", 'role: "Associate\\x07Analyst"')
    assert load_error(write_yaml, text) == "interview.yaml:20: role: contains a control character"


# --------------------------------------------------------------------------- whole-file problems


def test_malformed_yaml_names_the_line(write_yaml, base_yaml):
    text = base_yaml.replace("role: Associate Analyst", "role: Associate: Analyst")
    assert load_error(write_yaml, text) == (
        "interview.yaml:20: malformed YAML: mapping values are not allowed here"
    )


@pytest.mark.parametrize(
    ("old", "new", "line"),
    [
        pytest.param("  name: Alex Rivera", "\tname: Alex Rivera", 2, id="tab"),
        pytest.param('time: "14:00"}', 'time: "14:00"', 22, id="unclosed-brace"),
    ],
)
def test_other_malformed_yaml(write_yaml, base_yaml, old, new, line):
    message = load_error(write_yaml, base_yaml.replace(old, new))
    assert message.startswith(f"interview.yaml:{line}: malformed YAML: ")


def test_two_documents(write_yaml, base_yaml):
    message = load_error(write_yaml, base_yaml + "---\nb: 1\n")
    assert (
        message == "interview.yaml:36: holds more than one YAML document (a second ---); keep one"
    )


def test_raw_control_character_is_one_line_with_its_line(write_yaml, base_yaml):
    # PyYAML's reader refuses \x01 with a two-line message and no mark.
    text = base_yaml.replace("role: Associate Analyst", "role: Associate\x01Analyst")
    message = load_error(write_yaml, text)
    assert message.startswith("interview.yaml:20: ")


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n"])
def test_empty_file(write_yaml, text):
    assert load_error(write_yaml, text) == "interview.yaml:1: is empty"


def test_binary_file(write_yaml):
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00"
    assert load_error(write_yaml, data) == "interview.yaml: is a binary file, not UTF-8 text"


def test_utf16_file_is_refused(write_yaml, base_yaml):
    assert load_error(write_yaml, base_yaml.encode("utf-16")) == (
        "interview.yaml: is a binary file, not UTF-8 text"
    )


def test_non_utf8_file_names_the_line(write_yaml, base_yaml):
    # cp1250 has ř and á; the first non-ASCII byte is in "Dvořák" on line 23.
    assert load_error(write_yaml, base_yaml.encode("cp1250")) == (
        "interview.yaml:23: is not UTF-8 text"
    )


def test_utf8_byte_order_mark_is_fine(write_yaml, base_yaml):
    interview = load_interview(write_yaml(b"\xef\xbb\xbf" + base_yaml.encode()))
    assert interview.candidate.name == "Alex Rivera"


BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_alias_bomb_is_refused(write_yaml):
    assert load_error(write_yaml, BILLION_LAUGHS) == (
        "interview.yaml:1: a: YAML anchors and aliases (&, *) are not allowed"
    )


def test_a_single_anchor_is_refused(write_yaml, base_yaml):
    text = base_yaml.replace("  name: Alex Rivera", "  name: &me Alex Rivera")
    assert load_error(write_yaml, text) == (
        "interview.yaml:2: candidate.name: YAML anchors and aliases (&, *) are not allowed"
    )


def test_one_megabyte_file_is_refused(write_yaml, base_yaml):
    text = base_yaml.replace(
        "    note: Thank you for organising", "    note: " + "x" * 1024 * 1024 + " Thank you"
    )
    path = write_yaml(text)
    size = path.stat().st_size
    assert size > MAX_FILE_BYTES
    with pytest.raises(InputError) as info:
        load_interview(path)
    assert str(info.value) == (
        f"interview.yaml: file is {size // 1024} KB; the limit is {MAX_FILE_BYTES // 1024} KB"
    )


def _with_note(base_yaml: str, note: str) -> str:
    return base_yaml.replace(
        "    note: Thank you for organising Thursday so smoothly and for the office tour.",
        f"    note: {note}",
    )


def test_note_at_the_limit_loads(write_yaml, base_yaml):
    interview = load_interview(write_yaml(_with_note(base_yaml, "a" * MAX_NOTE_CHARS)))
    assert len(interview.interviewers[1].note) == MAX_NOTE_CHARS


def test_note_over_the_limit(write_yaml, base_yaml):
    n = MAX_NOTE_CHARS + 1
    assert load_error(write_yaml, _with_note(base_yaml, "a" * n)) == (
        f"interview.yaml:35: interviewers[1].note: is {n:,} characters long; "
        f"the limit is {MAX_NOTE_CHARS:,}"
    )


def test_missing_file(tmp_path):
    with pytest.raises(InputError) as info:
        load_interview(tmp_path / "nope.yaml")
    assert str(info.value) == "nope.yaml: no such file"


def test_folder_instead_of_a_file(tmp_path):
    folder = tmp_path / "interview.yaml"
    folder.mkdir()
    with pytest.raises(InputError) as info:
        load_interview(folder)
    assert str(info.value) == "interview.yaml: is a folder, not a file"


def test_missing_signature_scan(write_yaml, base_yaml):
    text = base_yaml.replace('  phone: "+1', '  signature: sig.png\n  phone: "+1')
    message = load_error(write_yaml, text)
    assert message == "interview.yaml:4: candidate.signature: sig.png: no such file"


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    index=st.integers(min_value=0, max_value=34),
    junk=st.text(max_size=40),
)
def test_any_edit_loads_or_raises_our_error(base_yaml, index, junk):
    lines = base_yaml.splitlines()
    lines[index] = junk
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "interview.yaml"
        path.write_bytes("\n".join(lines).encode("utf-8", "surrogatepass"))
        try:
            load_interview(path)
        except InputError as exc:
            assert "\n" not in str(exc)
            assert str(exc).startswith("interview.yaml")


# --------------------------------------------------------------------------- cultures


def test_shipped_cultures():
    table = cultures()
    assert list(table) == ["conservative", "standard", "modern"]
    assert table["conservative"].aliases == ("traditional",)
    assert table["modern"].aliases == ("casual", "startup")
    assert table["standard"].aliases == ()
    assert [c.mails_card for c in table.values()] == [True, False, False]
    assert table["conservative"].closing == "Sincerely,"
    assert table["standard"].closing == "Best regards,"
    assert table["modern"].closing == "Thanks again,"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("conservative", "conservative"),
        ("traditional", "conservative"),
        ("Traditional", "conservative"),
        ("standard", "standard"),
        ("modern", "modern"),
        ("casual", "modern"),
        (" STARTUP ", "modern"),
    ],
)
def test_culture_aliases(name, expected):
    assert resolve_culture(name, cultures()).name == expected


def test_unknown_culture_lists_the_valid_ones():
    with pytest.raises(InputError) as info:
        resolve_culture("formal", cultures())
    assert str(info.value) == f"culture: unknown culture 'formal' ({VALID_CULTURES})"


EXTRA_CULTURES = """\
cultures:
  academic:
    description: Universities. An email, then a card a little later.
    aliases: [university]
    card: true
    salutation: "Dear {honorific} {surname},"
    salutation_no_honorific: "Dear {name},"
    closing: "With best wishes,"
    font: kalam-light
    ink: black
    stock: white
    mail_after_days: 2
"""


def test_extra_cultures_file_adds_a_profile(write_yaml):
    table = cultures(write_yaml(EXTRA_CULTURES, "extra.yaml"))
    assert list(table) == ["conservative", "standard", "modern", "academic"]
    academic = resolve_culture("university", table)
    assert academic.name == "academic"
    assert academic.mails_card is True
    assert academic.closing == "With best wishes,"
    assert academic.mail_after_days == 2
    assert academic.subject == "Thank you for the {role} interview"  # the default
    # The shipped table itself is unchanged.
    assert "academic" not in cultures()


def test_extra_cultures_file_overrides_a_shipped_profile(write_yaml):
    text = EXTRA_CULTURES.replace("  academic:", "  modern:").replace("[university]", "[]")
    table = cultures(write_yaml(text, "extra.yaml"))
    assert list(table) == ["conservative", "standard", "modern"]
    assert table["modern"].closing == "With best wishes,"
    assert cultures()["modern"].closing == "Thanks again,"


def test_extra_cultures_unknown_key(write_yaml):
    text = EXTRA_CULTURES.replace("    ink: black", "    colour: black")
    with pytest.raises(InputError) as info:
        cultures(write_yaml(text, "extra.yaml"))
    assert str(info.value).startswith("extra.yaml:10: cultures.academic.colour: unknown key")


def test_extra_cultures_bad_placeholder(write_yaml):
    text = EXTRA_CULTURES.replace("{honorific} {surname}", "{nickname}")
    with pytest.raises(InputError) as info:
        cultures(write_yaml(text, "extra.yaml"))
    assert str(info.value) == (
        "extra.yaml:6: cultures.academic.salutation: "
        "may not use {nickname}; it may use {honorific}, {first}, {surname}, {name}"
    )


@pytest.mark.parametrize(
    ("key", "template", "problem"),
    [
        ("salutation", "Dear {name:x>10000},", "may not use {name:x>10000}"),
        ("salutation", "Dear {name!r},", "may not use {name!r}"),
        ("salutation", "Dear {name.__class__},", "may not use {name.__class__}"),
        ("salutation", "Dear {name[0]},", "may not use {name[0]}"),
        ("salutation", "Dear {0},", "may not use {0}"),
        ("salutation", "Dear {},", "may not use {}"),
        ("salutation", "Dear {name,", "has an unmatched brace"),
        ("salutation", "Dear name},", "has an unmatched brace"),
        ("subject", "Thanks: {role.__len__}", "may not use {role.__len__}"),
        ("subject", "Thanks: {name}", "may not use {name}; it may use {role}, {company}"),
        ("closing", "Yours, {name}", "may not use {name}; it may use no fields"),
    ],
)
def test_culture_templates_are_data_not_code(write_yaml, key, template, problem):
    text = EXTRA_CULTURES.replace("    closing:", f"    {key}: {template!r}\n    closing:")
    if key == "closing":
        text = EXTRA_CULTURES.replace('closing: "With best wishes,"', f"closing: {template!r}")
    if key == "salutation":
        text = EXTRA_CULTURES.replace('"Dear {honorific} {surname},"', repr(template))
    with pytest.raises(InputError) as info:
        cultures(write_yaml(text, "extra.yaml"))
    message = str(info.value)
    assert message.startswith("extra.yaml:"), message
    assert f"cultures.academic.{key}: {problem}" in message


def test_culture_templates_fill_by_substitution_only(write_yaml):
    text = EXTRA_CULTURES.replace('"Dear {honorific} {surname},"', "'{{Dear}} {surname},'")
    table = cultures(write_yaml(text, "extra.yaml"))
    from cardgen.model import Interviewer
    from cardgen.output.mail import salutation

    person = Interviewer(name="Ana {role} Sousa", note="x", honorific="Dr.")
    assert salutation(table["academic"], person) == "{Dear} Sousa,"
    odd = Interviewer(name="Ana Sousa{0}", note="x", honorific="Dr.")
    assert salutation(table["academic"], odd) == "{Dear} Sousa{0},"  # names are not templates


@pytest.mark.parametrize(
    ("old", "new", "key", "message"),
    [
        ("    ink: black", "    ink: purple", "ink", "unknown ink 'purple'"),
        ("    stock: white", "    stock: gold", "stock", "unknown stock 'gold'"),
        ("    font: kalam-light", "    font: comic-sans", "font", "unknown font 'comic-sans'"),
    ],
)
def test_errors_in_a_cultures_file_name_that_file(write_yaml, old, new, key, message):
    assert old in EXTRA_CULTURES
    path = write_yaml(EXTRA_CULTURES.replace(old, new), "extra.yaml")
    with pytest.raises(InputError) as info:
        cultures(path)
    text = str(info.value)
    assert re.match(rf"extra\.yaml:\d+: cultures\.academic\.{key}: {re.escape(message)}", text)


def test_a_cultures_file_may_add_colours(write_yaml):
    text = "palette:\n  ink: {plum: '#5b2a4e'}\n" + EXTRA_CULTURES.replace(
        "    ink: black", "    ink: plum"
    )
    table = cultures(write_yaml(text, "extra.yaml"))
    assert table["academic"].ink == "plum"


def test_extra_cultures_missing_file(tmp_path):
    with pytest.raises(InputError) as info:
        cultures(tmp_path / "extra.yaml")
    assert str(info.value) == "extra.yaml: no such file"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("cultures: 5\n", "c.yaml:1: cultures: expected a mapping (key: value), got a value"),
        ("cultures: [a, b]\n", "c.yaml:1: cultures: expected a mapping (key: value), got a list"),
        (
            "palette: {ink: [a]}\ncultures: {}\n",
            "c.yaml:1: palette.ink: expected a mapping (key: value), got a list",
        ),
        (
            "palette:\n  stock: 5\ncultures: {}\n",
            "c.yaml:2: palette.stock: expected a mapping (key: value), got a value",
        ),
        (
            "cultures: !!python/object:builtins.dict {}\n",
            "c.yaml:1: cultures: YAML tags (!!python/object:builtins.dict) are not allowed: "
            "write the value as plain text",
        ),
        (
            "cultures:\n  x: !foo {}\n",
            "c.yaml:2: cultures.x: YAML tags (!foo) are not allowed: write the value as plain text",
        ),
        (
            "palette: {ink: &a {a: '#000000'}, stock: *a}\ncultures: {}\n",
            "c.yaml:1: palette.ink: YAML anchors and aliases (&, *) are not allowed",
        ),
    ],
)
def test_a_cultures_file_of_the_wrong_shape_is_one_error(write_yaml, text, expected):
    with pytest.raises(InputError) as info:
        cultures(write_yaml(text, "c.yaml"))
    assert str(info.value) == expected


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ("name: a2-flat", "name: !foo a2-flat", "a2.yaml:2: name: YAML tags (!foo)"),
        ("paper: letter", "paper: !!str letter", "a2.yaml:8: paper: YAML tags (!!str)"),
    ],
)
def test_a_layout_with_a_yaml_tag_is_refused(tmp_path, old, new, where):
    from cardgen.input.layouts import load_card_layout
    from cardgen.resources import layouts_dir

    text = (layouts_dir() / "cards" / "a2-flat.yaml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "a2.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_card_layout(path)
    assert str(info.value).startswith(where)


# --------------------------------------------------------------------------- the --text form


SENDER = "Alex Rivera <alex.rivera@example.com>"
FROM_HINT = "--from must look like 'Alex Rivera <alex@example.com>'"


def test_text_form_builds_one_interviewer():
    interview = interview_from_text(
        "Thank you for the chat.\r\n\r\n\r\nI would love to join.  \n",
        to="Ms. Jane Doe",
        company="Acme",
        sender=SENDER,
        phone="+1 217 555 0142",
        role="Analyst",
    )
    (person,) = interview.interviewers
    assert person.name == "Jane Doe"
    assert person.honorific == "Ms."
    assert paragraphs(person.note) == ["Thank you for the chat.", "I would love to join."]
    assert interview.candidate.name == "Alex Rivera"
    assert interview.candidate.email == "alex.rivera@example.com"
    assert interview.candidate.phone == "+1 217 555 0142"
    assert interview.company.name == "Acme"
    assert interview.role == "Analyst"
    assert interview.company.culture is None


def test_text_form_without_honorific():
    interview = interview_from_text("Thanks.", to="Jane Doe", company="Acme", sender=SENDER)
    assert interview.interviewers[0].honorific == ""
    assert interview.interviewers[0].name == "Jane Doe"


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"sender": "alex@example.com"}, FROM_HINT),
        ({"sender": "Alex <not-an-email>"}, FROM_HINT),
        ({"to": "   "}, "--to must be one line of at most 100 characters"),
        ({"company": "x" * 121}, "--company must be one line of at most 120 characters"),
    ],
)
def test_text_form_bad_options(kwargs, expected):
    args = {"to": "Jane Doe", "company": "Acme", "sender": SENDER, **kwargs}
    with pytest.raises(InputError) as info:
        interview_from_text("Thanks.", **args)
    assert str(info.value) == expected


def test_text_form_newlines_in_options_cannot_reach_a_header():
    interview = interview_from_text(
        "Thanks.", to="Jane Doe", company="Acme\nX: y", sender=SENDER, role="A\u2028B"
    )
    assert interview.company.name == "Acme X: y"
    assert interview.role == "A B"


@pytest.mark.parametrize(
    ("to", "honorific", "name", "address"),
    [
        (
            "Dr. Michael Chen <michael.chen@hq.doe.gov>",
            "Dr.",
            "Michael Chen",
            "michael.chen@hq.doe.gov",
        ),
        ("Jane Doe <jane@acme.example>", "", "Jane Doe", "jane@acme.example"),
        ('"Ms. Jane Doe" <jane@acme.example>', "Ms.", "Jane Doe", "jane@acme.example"),
        ("José Núñez <jose@acme.example>", "", "José Núñez", "jose@acme.example"),
        ("Ms. Jane Doe", "Ms.", "Jane Doe", ""),  # a bare name, as before
        ("Jane Doe, PhD", "", "Jane Doe, PhD", ""),
        # a comma in the name, unquoted: one name, not two addresses
        ("Jane Doe, PhD <jane@acme.example>", "", "Jane Doe, PhD", "jane@acme.example"),
        ("Doe, Jane  <jane@acme.example>", "", "Doe, Jane", "jane@acme.example"),
        ('"Doe, Jane" <jane@acme.example>', "", "Doe, Jane", "jane@acme.example"),
    ],
)
def test_text_form_to_takes_a_name_and_an_address(to, honorific, name, address):
    (person,) = interview_from_text("Thanks.", to=to, company="Acme", sender=SENDER).interviewers
    assert (person.honorific, person.name, person.email) == (honorific, name, address)


TO_HINT = "--to must look like 'Ms. Jane Doe <jane.doe@example.com>'"


@pytest.mark.parametrize(
    ("to", "expected"),
    [
        (
            "Jane Doe <jane@acme.example>, bob@acme.example",
            "--to holds 2 addresses; give one: 'Ms. Jane Doe <jane.doe@example.com>'",
        ),
        ("Jane\r\nBcc: x@y.z", "--to must be one line, like 'Ms. Jane Doe <jane.doe@example.com>'"),
        ("Jane Doe\n", "--to must be one line, like 'Ms. Jane Doe <jane.doe@example.com>'"),
        ("Jane Doe <jane@acme.example", TO_HINT),
        ("Jane Doe jane@acme.example>", TO_HINT),
        ("Jane Doe <<jane@acme.example>>", TO_HINT),
        ("Jane Doe <jane@acme.example> Jr", TO_HINT),
        ("Jane Doe <not-an-address>", TO_HINT),
        ("Jane Doe <jane@localhost>", "--to: 'jane@localhost' is not an email address"),
        ("jane@acme.example", TO_HINT),
        ("Jane:; <jane@acme.example>", TO_HINT),  # trips the standard parser itself
        ('\t:é,\\]"]@\\\\\té', TO_HINT),
        ("<jane@acme.example>", "--to needs a name before the address: " + TO_HINT[20:]),
    ],
)
def test_text_form_refuses_a_to_it_cannot_parse(to, expected):
    with pytest.raises(InputError) as info:
        interview_from_text("Thanks.", to=to, company="Acme", sender=SENDER)
    assert str(info.value) == expected


@pytest.mark.parametrize(
    ("sender", "expected"),
    [
        (
            "A <a@b.com>, c@d.com",
            "--from holds 2 addresses; give one: 'Alex Rivera <alex@example.com>'",
        ),
        (
            "Alex Rivera <alex@example.com>\r\nBcc: x@y.z",
            "--from must be one line, like 'Alex Rivera <alex@example.com>'",
        ),
        (
            "Alex Rivera\n<alex@example.com>",
            "--from must be one line, like 'Alex Rivera <alex@example.com>'",
        ),
        ("Alex Rivera <alex@example.com> <b@example.com>", FROM_HINT),
    ],
)
def test_text_form_refuses_a_from_with_a_tail(sender, expected):
    with pytest.raises(InputError) as info:
        interview_from_text("Thanks.", to="Jane Doe", company="Acme", sender=sender)
    assert str(info.value) == expected


def test_text_form_empty_note():
    with pytest.raises(InputError) as info:
        interview_from_text(" \n\n ", to="Jane Doe", company="Acme", sender=SENDER, source="n.txt")
    assert str(info.value) == "n.txt: the note is empty"


def test_text_form_note_over_the_limit():
    n = MAX_NOTE_CHARS + 1
    with pytest.raises(InputError) as info:
        interview_from_text("a" * n, to="Jane Doe", company="Acme", sender=SENDER, source="n.txt")
    assert str(info.value) == (
        f"n.txt: the note is {n:,} characters long; the limit is {MAX_NOTE_CHARS:,}"
    )


def test_text_form_control_character():
    with pytest.raises(InputError) as info:
        interview_from_text("Hi\x1b[2J", to="Jane Doe", company="Acme", sender=SENDER)
    assert str(info.value) == "<stdin>:1: the note contains a control character (U+001B)"
