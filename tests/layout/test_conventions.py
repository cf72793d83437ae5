"""National addressing conventions: the exact recipient block for each country."""

from __future__ import annotations

import json
from pathlib import Path

import pypdf
import pytest
from conftest import OUTLINE_HAND

from cardgen.cli import app
from cardgen.layout.addressing import AddressError, name_lines, recipient_lines, return_lines
from cardgen.layout.conventions import CONVENTIONS, HONORIFICS, convention, pub28_line
from cardgen.model import Address

US_SENDER = "US"


def block(name, honorific, title, company, address, *, sender=US_SENDER, style="written"):
    names = name_lines(name, honorific, title, company, address.country)
    return recipient_lines(address, names, sender_country=sender, style=style)


# -- one exact block per country ------------------------------------------------------


def test_germany_din_5008_company_first_herrn_no_title_town_as_written():
    address = Address("Neue Mainzer Straße 32", "Frankfurt am Main", "DE", "60311")
    assert block(
        "Jürgen Weiß", "Mr.", "Head of Credit Risk", "Bankhaus Müller & Söhne", address
    ) == [
        "Bankhaus Müller & Söhne",
        "Herrn Jürgen Weiß",
        "Neue Mainzer Straße 32",
        "60311 Frankfurt am Main",
        "GERMANY",
    ]


def test_germany_frau_and_domestic_has_no_country_or_blank_line():
    address = Address("Neue Mainzer Straße 32", "Frankfurt am Main", "DE", "60311")
    lines = block("Zofia Łukasiewicz", "Ms.", "", "Bankhaus Müller & Söhne", address, sender="DE")
    assert lines == [
        "Bankhaus Müller & Söhne",
        "Frau Zofia Łukasiewicz",
        "Neue Mainzer Straße 32",
        "60311 Frankfurt am Main",
    ]


def test_germany_academic_title_kept_without_gender():
    address = Address("Torstraße 112", "Berlin", "DE", "10119")
    assert block("Anna Schmidt", "Dr.", "", "Firma GmbH", address, sender="DE")[1] == (
        "Dr. Anna Schmidt"
    )


def test_france_company_first_m_and_town_in_capitals():
    address = Address("12 rue de la Paix", "Paris", "FR", "75002")
    assert block("Jean Dupont", "Mr.", "", "Banque Lumière", address) == [
        "Banque Lumière",
        "M. Jean Dupont",
        "12 rue de la Paix",
        "75002 PARIS",
        "FRANCE",
    ]


@pytest.mark.parametrize(
    ("city", "postal", "last"),
    [
        ("Paris Cedex 07", "75700", "75700 PARIS CEDEX 07"),
        ("Paris", "75700 cedex 7", "75700 PARIS CEDEX 7"),
        ("Paris CEDEX", "75700", "75700 PARIS CEDEX"),
    ],
)
def test_france_cedex_ends_the_last_line(city, postal, last):
    address = Address("CS 70001", city, "FR", postal)
    assert block("Claire Martin", "Ms.", "", "Banque Lumière", address, sender="FR") == [
        "Banque Lumière",
        "Mme Claire Martin",
        "CS 70001",
        last,
    ]


def test_netherlands_two_spaces_between_postcode_and_town():
    address = Address("Herengracht 450", "Amsterdam", "NL", "1017 CA")
    assert block("Anna de Vries", "Ms.", "", "Noordzee Bank N.V.", address) == [
        "Noordzee Bank N.V.",
        "Mevrouw Anna de Vries",
        "Herengracht 450",
        "1017 CA  AMSTERDAM",
        "NETHERLANDS",
    ]


def test_czechia_two_spaces_between_postcode_and_town():
    address = Address("Václavské náměstí 19", "Praha 1", "CZ", "11000")
    assert block("Petr Novák", "Mr.", "", "Vltava Finance a.s.", address) == [
        "Pan Petr Novák",
        "Vltava Finance a.s.",
        "Václavské náměstí 19",
        "110 00  PRAHA 1",
        "CZECH REP.",
    ]


def test_uk_post_town_capitals_postcode_alone_honorific_without_stop():
    address = Address("25 Old Broad Street", "London", "GB", "EC2N 1HN")
    assert block("Tomás Okafor", "Mr.", "Senior Associate", "Hartwell & Pryce LLP", address) == [
        "Mr Tomás Okafor",
        "Senior Associate",
        "Hartwell & Pryce LLP",
        "25 Old Broad Street",
        "LONDON",
        "EC2N 1HN",
        "UNITED KINGDOM",
    ]


def test_japan_latin_in_japan_posts_order_for_mail_from_abroad():
    address = Address("1-9-1 Marunouchi", "Chiyoda-ku", "JP", "100-0005", "Tokyo")
    assert block("Kenji Sato", "Mr.", "", "Sakura Trust", address) == [
        "Mr. Kenji Sato",
        "Sakura Trust",
        "1-9-1 Marunouchi",
        "Chiyoda-ku, TOKYO 100-0005",
        "JAPAN",
    ]


def test_japan_japanese_script_refused_naming_what_was_typed():
    address = Address("1-9-1 Marunouchi", "千代田区", "JP", "100-0005", "Tokyo")
    with pytest.raises(AddressError) as err:
        block("Kenji Sato", "Mr.", "", "Sakura Trust", address)
    assert err.value.field == "city"
    assert err.value.reason.startswith("'千' (U+5343 CJK UNIFIED IDEOGRAPH-5343) is Japanese")


def test_japanese_kana_refused_too():
    address = Address("まるのうち 1-9-1", "Chiyoda-ku", "JP", "100-0005", "Tokyo")
    with pytest.raises(AddressError, match=r"'ま' .*HIRAGANA"):
        block("Kenji Sato", "Mr.", "", "Sakura Trust", address)


def test_us_as_written_by_default():
    address = Address("400 Market Street, Suite 900", "Philadelphia", "US", "19106", "PA")
    assert block("Margaret Dvořák", "Ms.", "Managing Partner", "Hartwell & Pryce LLP", address) == [
        "Ms. Margaret Dvořák",
        "Managing Partner",
        "Hartwell & Pryce LLP",
        "400 Market Street, Suite 900",
        "PHILADELPHIA, PA 19106",
    ]


def test_us_publication_28_style():
    address = Address("400 Market Street, Suite 900", "Philadelphia", "US", "19106-1234", "PA")
    lines = block(
        "Margaret Dvořák",
        "Ms.",
        "Managing Partner",
        "Hartwell & Pryce LLP",
        address,
        style="postal",
    )
    assert lines == [
        "MS MARGARET DVOŘÁK",
        "MANAGING PARTNER",
        "HARTWELL & PRYCE LLP",
        "400 MARKET ST STE 900",
        "PHILADELPHIA PA 19106-1234",
    ]


def test_publication_28_only_for_us_destinations():
    address = Address("25 Old Broad Street", "London", "GB", "EC2N 1HN")
    assert block("Tomás Okafor", "Mr.", "", "Firm", address, style="postal")[2] == (
        "25 Old Broad Street"
    )


def test_canada_keeps_two_spaces_before_postal_code():
    address = Address("200 King Street West", "Toronto", "CA", "M5V 3J1", "ON")
    assert block("Jane Doe", "Ms.", "", "Maple Capital", address)[-2] == "TORONTO ON  M5V 3J1"


def test_other_countries_keep_english_honorifics_and_googles_order():
    address = Address("Nørregade 1", "København K", "DK", "1165")
    assert block("Mette Jensen", "Ms.", "Partner", "Kromann", address) == [
        "Ms. Mette Jensen",
        "Partner",
        "Kromann",
        "Nørregade 1",
        "1165 KØBENHAVN K",
        "DENMARK",
    ]


def test_italy_writes_the_italian_honorific():
    address = Address("Via Roma 1", "Milano", "IT", "20121", "MI")
    assert block("Luca Rossi", "Mr.", "Partner", "Studio Legale", address) == [
        "Sig. Luca Rossi",
        "Partner",
        "Studio Legale",
        "Via Roma 1",
        "20121 MILANO MI",
        "ITALY",
    ]


NAMES = [  # (name, honorific): a man, a woman, unknown, with and without academic titles
    ("Jürgen Weiß", "Mr."),
    ("Anna Keller", "Ms."),
    ("Alex Weiß", "Mx."),
    ("Dr. Jürgen Weiß", "Dr."),
    ("Dr. Jürgen Weiß", "Mr."),
    ("Prof. Dr. Anna Keller", "Ms."),
]


@pytest.mark.parametrize(
    ("country", "expected"),
    [
        ("US", ["Mr. Jürgen Weiß", "Ms. Anna Keller", "Mx. Alex Weiß", "Dr. Jürgen Weiß",
                "Dr. Jürgen Weiß", "Prof. Anna Keller"]),
        ("GB", ["Mr Jürgen Weiß", "Ms Anna Keller", "Mx Alex Weiß", "Dr Jürgen Weiß",
                "Dr Jürgen Weiß", "Prof Anna Keller"]),
        ("DE", ["Herrn Jürgen Weiß", "Frau Anna Keller", "Alex Weiß", "Dr. Jürgen Weiß",
                "Herrn Dr. Jürgen Weiß", "Frau Prof. Dr. Anna Keller"]),
        ("AT", ["Herrn Jürgen Weiß", "Frau Anna Keller", "Alex Weiß", "Dr. Jürgen Weiß",
                "Herrn Dr. Jürgen Weiß", "Frau Prof. Dr. Anna Keller"]),
        ("CH", ["Herrn Jürgen Weiß", "Frau Anna Keller", "Alex Weiß", "Dr. Jürgen Weiß",
                "Herrn Dr. Jürgen Weiß", "Frau Prof. Dr. Anna Keller"]),
        ("FR", ["M. Jürgen Weiß", "Mme Anna Keller", "Alex Weiß", "Dr Jürgen Weiß",
                "M. Jürgen Weiß", "Mme Anna Keller"]),
        ("ES", ["Sr. Jürgen Weiß", "Sra. Anna Keller", "Alex Weiß", "Dr. Jürgen Weiß",
                "Sr. Jürgen Weiß", "Sra. Anna Keller"]),
        ("IT", ["Sig. Jürgen Weiß", "Sig.ra Anna Keller", "Alex Weiß", "Dott. Jürgen Weiß",
                "Sig. Jürgen Weiß", "Sig.ra Anna Keller"]),
        ("NL", ["De heer Jürgen Weiß", "Mevrouw Anna Keller", "Alex Weiß", "dr. Jürgen Weiß",
                "De heer dr. Jürgen Weiß", "Mevrouw prof. dr. Anna Keller"]),
        ("PT", ["Sr. Jürgen Weiß", "Sra. Anna Keller", "Alex Weiß", "Dr. Jürgen Weiß",
                "Sr. Jürgen Weiß", "Sra. Anna Keller"]),
        ("PL", ["Pan Jürgen Weiß", "Pani Anna Keller", "Alex Weiß", "dr Jürgen Weiß",
                "Pan dr Jürgen Weiß", "Pani prof. dr Anna Keller"]),
        ("CZ", ["Pan Jürgen Weiß", "Paní Anna Keller", "Alex Weiß", "Dr. Jürgen Weiß",
                "Pan Dr. Jürgen Weiß", "Paní Prof. Dr. Anna Keller"]),
        ("SE", ["Jürgen Weiß", "Anna Keller", "Alex Weiß", "Jürgen Weiß",
                "Jürgen Weiß", "Anna Keller"]),
    ],
)  # fmt: skip
def test_the_envelope_name_line_writes_each_title_once_in_the_destinations_way(country, expected):
    lines = [name_lines(name, honorific, "", "Co", country) for name, honorific in NAMES]
    assert [next(line for line in pair if line != "Co") for pair in lines] == expected


def test_return_address_from_germany_keeps_the_town_as_written():
    address = Address("Torstraße 112", "Berlin", "DE", "10119")
    lines = return_lines(address, "Lena Fischer")
    assert lines == ["Lena Fischer", "Torstraße 112", "10119 Berlin"]


# -- honorifics per language -------------------------------------------------------------


@pytest.mark.parametrize(
    ("country", "given", "written"),
    [
        ("DE", "Mr.", "Herrn"),
        ("DE", "Mrs.", "Frau"),
        ("DE", "Prof.", "Prof."),
        ("FR", "Ms.", "Mme"),
        ("FR", "Dr.", "Dr"),
        ("NL", "Mr.", "De heer"),
        ("CZ", "Ms.", "Paní"),
        ("GB", "Dr.", "Dr"),
        ("US", "Dr.", "Dr."),
        ("JP", "Ms.", "Ms."),
    ],
)
def test_honorific_in_the_destinations_language(country, given, written):
    assert convention(country).honorific(given) == written


@pytest.mark.parametrize("country", ["DE", "FR", "NL", "CZ"])
def test_mx_is_left_off_where_the_language_has_no_word_for_it(country):
    address = Address("Herengracht 450", "Amsterdam", "NL", "1017 CA")
    names = name_lines("Sam Berg", "Mx.", "", "Firm", country)
    assert "Sam Berg" in names
    assert not any("Mx" in line for line in names)
    assert recipient_lines(address, names, sender_country="NL")[:2] == names


def test_every_table_language_exists():
    assert {c.language for c in CONVENTIONS.values()} <= set(HONORIFICS)


# -- USPS Publication 28 ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("street", "expected"),
    [
        ("400 Market Street, Suite 900", "400 MARKET ST STE 900"),
        ("1500 North Lake Shore Drive Apt 4B", "1500 N LAKE SHORE DR APT 4B"),
        ("100 Park Avenue South", "100 PARK AVE S"),
        ("12 West Street", "12 WEST ST"),  # West is the street's name
        ("1 North Street", "1 NORTH ST"),
        ("25 Lower Street", "25 LOWER ST"),  # Lower is a name, not a unit here
        ("3 Main St. Floor 2", "3 MAIN ST FL 2"),
        ("200 Main Street #5", "200 MAIN ST #5"),
        ("Suite 900", "STE 900"),
        ("One Liberty Plaza", "ONE LIBERTY PLZ"),
        ("742 Evergreen Terrace", "742 EVERGREEN TER"),
        # The suffix is abbreviated before a post-directional and before a unit too.
        ("1000 Independence Avenue SW", "1000 INDEPENDENCE AVE SW"),
        ("1000 Independence Ave Southwest", "1000 INDEPENDENCE AVE SW"),
        ("1600 Pennsylvania Avenue NW, Suite 5", "1600 PENNSYLVANIA AVE NW STE 5"),
        ("1000 Independence Avenue Suite 5", "1000 INDEPENDENCE AVE STE 5"),
        ("400 Market Street Suite 900", "400 MARKET ST STE 900"),
        # A suffix word that is the street's name stays.
        ("100 Avenue of the Americas", "100 AVENUE OF THE AMERICAS"),
        ("100 Avenue of the Americas Suite 5", "100 AVENUE OF THE AMERICAS STE 5"),
        ("100 Avenue S", "100 AVENUE S"),
        # Pre-directionals, with and without a house number.
        ("100 North Main Street", "100 N MAIN ST"),
        ("North Main Street", "N MAIN ST"),
        ("N Main St", "N MAIN ST"),
        ("West Street", "WEST ST"),
    ],
)
def test_pub28_street_abbreviations(street, expected):
    assert pub28_line(street, street=True) == expected


def test_pub28_other_lines_capitals_without_stops_or_commas():
    assert pub28_line("Dr. Priya Raman, Ph.D.", street=False) == "DR PRIYA RAMAN PHD"
    assert pub28_line("PHILADELPHIA, PA 19106-1234", street=False) == "PHILADELPHIA PA 19106-1234"


# -- from the command line ------------------------------------------------------------------


def _envelope_text(path: Path) -> str:
    return " ".join(pypdf.PdfReader(path).pages[0].extract_text().split())


def test_make_address_style_postal_writes_publication_28(runner, tmp_path):
    sample = Path(__file__).resolve().parents[2] / "samples" / "hartwell.yaml"
    out = tmp_path / "kit"
    args = ["make", str(sample), "--out", str(out), "--address-style", "postal", *OUTLINE_HAND]
    result = runner.invoke(app, [*args, "--now", "2026-11-21T09:00"])
    assert result.exit_code == 0, result.stderr
    text = _envelope_text(out / "01-margaret-dvorak" / "envelope.pdf")
    assert "400 MARKET ST STE 900" in text
    assert "PHILADELPHIA PA 19106" in text
    # Publication 28 is the USPS's: the London envelope keeps Royal Mail's lines.
    assert "25 Old Broad Street" in _envelope_text(out / "02-tomas-okafor" / "envelope.pdf")


TOKYO = (
    "candidate:\n"
    "  name: Alex Rivera\n"
    "  email: alex@example.com\n"
    "  phone: +1 217 555 0142\n"
    "  address: {street: 12 Elm Street, city: Springfield, region: IL,\n"
    "            postal_code: '62701', country: US}\n"
    "company:\n"
    "  name: Sakura Trust\n"
    "  culture: conservative\n"
    "  address: {street: 1-9-1 Marunouchi, city: 千代田区, region: Tokyo,\n"
    "            postal_code: 100-0005, country: JP}\n"
    "role: Analyst\n"
    "interview: {date: 2026-11-20}\n"
    "interviewers:\n"
    "  - name: Kenji Sato\n"
    "    email: k.sato@example.jp\n"
    "    note: Thank you for the conversation about the Tokyo desk.\n"
)


def test_make_refuses_japanese_script_naming_file_line_and_character(runner, tmp_path):
    interview = tmp_path / "tokyo.yaml"
    interview.write_text(TOKYO, encoding="utf-8")
    out = tmp_path / "kit"
    result = runner.invoke(app, ["make", str(interview), "--out", str(out), "--strict"])
    assert result.exit_code == 2, result.stdout
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert "tokyo.yaml:10" in lines[0]
    assert "city: '千' (U+5343" in lines[0]
    assert "Latin letters" in lines[0]
    assert not out.exists()
    # Without --strict the email, its draft, the card and the plan are written;
    # only the envelope is left out, said on one line, and make exits 1.
    result = runner.invoke(app, ["make", str(interview), "--out", str(out), *OUTLINE_HAND])
    assert result.exit_code == 1, result.stdout
    [line] = result.stderr.splitlines()
    assert "tokyo.yaml:10" in line and "(U+5343" in line and "envelope" in line
    assert (out / "01-kenji-sato" / "email.txt").exists()
    assert not (out / "01-kenji-sato" / "envelope.pdf").exists()
    assert "Left out" in (out / "plan.txt").read_text(encoding="utf-8")


def test_check_reports_the_address_make_would_refuse(runner, tmp_path):
    interview = tmp_path / "tokyo.yaml"
    interview.write_text(TOKYO, encoding="utf-8")
    result = runner.invoke(app, ["check", str(interview), "--json"])
    assert result.exit_code == 1, result.stdout
    findings = json.loads(result.stdout)["findings"]
    [finding] = [f for f in findings if f["code"] == "envelope-address"]
    assert finding["severity"] == "problem" and finding["interviewer"] == "Kenji Sato"
    assert "tokyo.yaml:10" in finding["message"] and "(U+5343" in finding["message"]
    # The same file with the town in Latin letters: nothing to report.
    interview.write_text(TOKYO.replace("千代田区", "Chiyoda-ku"), encoding="utf-8")
    result = runner.invoke(app, ["check", str(interview), "--json"])
    assert "envelope-address" not in {f["code"] for f in json.loads(result.stdout)["findings"]}
