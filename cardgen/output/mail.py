"""Mail stage: the email text, the ``.eml`` draft and the plan, per interviewer.

Pure text and stdlib ``email``: no PDF here. Every value was checked to be
one line by the loader, so no input can add a header, and the draft's headers
are encoded so that no name can turn into another address (see
:func:`eml_bytes`).
"""

from __future__ import annotations

import base64
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from email import message_from_bytes
from email.header import Header
from email.message import EmailMessage
from email.policy import SMTP, default
from email.utils import formataddr

from cardgen.errors import CardgenError
from cardgen.input.config import paragraphs
from cardgen.model import Culture, Interview, Interviewer
from cardgen.textrules import fill

__all__ = [
    "KitEntry",
    "closing",
    "email_text",
    "eml_bytes",
    "plan_text",
    "salutation",
    "send_by",
    "slug",
    "subject",
]


# Letters NFKD does not take apart into an ASCII letter and an accent.
TRANSLIT = str.maketrans(
    {
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ø": "o",
        "Ø": "O",
        "ß": "ss",
        "ẞ": "SS",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "þ": "th",
        "Þ": "Th",
        "ð": "d",
        "Ð": "D",
        "ı": "i",
        "ħ": "h",
        "Ħ": "H",
    }
)


def slug(text: str, max_len: int = 40) -> str:
    """A safe, lower-case ASCII folder name: ``"Margaret Dvořák"`` → ``margaret-dvorak``.

    Only ``a-z``, ``0-9`` and ``-`` survive, so ``../../x`` becomes ``x``.
    Returns ``"x"`` when nothing survives.
    """
    folded = unicodedata.normalize("NFKD", text.translate(TRANSLIT))
    ascii_text = folded.encode("ascii", "ignore").decode("ascii").lower()
    out = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:max_len].strip("-")
    return out or "x"


def salutation(culture: Culture, person: Interviewer) -> str:
    """The opening line per culture: "Dear Ms. Dvořák," or "Hi Margaret,"."""
    template = culture.salutation if person.honorific else culture.salutation_fallback
    text = fill(
        template,
        {
            "honorific": person.honorific,
            "first": person.first_name,
            "surname": person.surname,
            "name": person.name,
        },
    )
    return " ".join(text.split())


def closing(culture: Culture) -> str:
    """The closing line per culture: "Sincerely,"."""
    return fill(culture.closing, {})


def subject(culture: Culture, interview: Interview) -> str:
    """The email subject line (without a role, one that needs none)."""
    company = interview.company.name
    if interview.role or "{role}" not in culture.subject:
        return " ".join(fill(culture.subject, {"role": interview.role, "company": company}).split())
    return f"Thank you for your time at {company}"


def signature_lines(interview: Interview) -> list[str]:
    """Name, phone, email: the signature every email carries."""
    c = interview.candidate
    return [line for line in (c.name, c.phone, c.email) if line]


def email_text(culture: Culture, interview: Interview, person: Interviewer) -> str:
    """``email.txt``: a Subject line, a blank line, then the body and signature."""
    return f"Subject: {subject(culture, interview)}\n\n{email_body(culture, interview, person)}"


def email_body(culture: Culture, interview: Interview, person: Interviewer) -> str:
    """The plain-text body: salutation, note, closing and signature."""
    body = "\n\n".join(paragraphs(person.email_text))
    parts = [salutation(culture, person), body, closing(culture)]
    return (
        "\n\n".join(parts[:-1])
        + "\n\n"
        + "\n".join([parts[-1], *signature_lines(interview)])
        + "\n"
    )


_ADDR_SPEC = re.compile(r"[!#-'*+\-/-9=?A-Z^-~.]+@[A-Za-z0-9.\-]+")


def _fold(tokens: list[str], start: int) -> str:
    """Tokens joined by spaces, folded (CRLF + space) to keep lines near 76 characters."""
    out, width = "", start
    for token in tokens:
        if out and width + 1 + len(token) > 76:
            out += "\r\n " + token
            width = 1 + len(token)
        else:
            out += (" " if out else "") + token
            width += (1 if width > start else 0) + len(token)
    return out


_ATOM = re.compile(r"[A-Za-z0-9!#$%&'*+\-/^_`{|}~]+")  # RFC 5322 atext, without = and ?


def _encoded_words(text: str) -> list[str]:
    """``text`` as RFC 2047 encoded-words, one per space-separated word (plain words as is).

    Parsers join a display name's encoded-words with a space (and drop the
    space between two of them), so a word per encoded-word reads back exactly.
    """
    return [
        word
        if _ATOM.fullmatch(word)
        else "=?utf-8?b?" + base64.b64encode(word.encode()).decode("ascii") + "?="
        for word in text.split(" ")
    ]


def _mailbox(header: str, name: str, addr: str) -> str:
    """``Header: Name <addr>``, exactly one address whatever the name holds.

    A short plain ASCII name is quoted where needed; any other name —
    non-ASCII, long, or holding ``=?``, which mail programs decode as an
    encoded-word even inside quotes — is written as encoded-words, so it can
    never become an address.
    """
    if not _ADDR_SPEC.fullmatch(addr):
        raise CardgenError(f"'{addr}' cannot go in an email header")
    plain = formataddr((name, addr))
    if name.isascii() and name.isprintable() and "=?" not in name and len(plain) < 70:
        return f"{header}: {plain}"
    return f"{header}: " + _fold([*_encoded_words(name), f"<{addr}>"], len(header) + 2)


def _unstructured(header: str, text: str) -> str:
    """``Header: text``, encoded only where needed, reading back as exactly ``text``."""
    plain = text.isascii() and text.isprintable() and "=?" not in text
    value = Header(text, "us-ascii" if plain else "utf-8", header_name=header)
    return f"{header}: " + value.encode(linesep="\r\n")


def eml_bytes(culture: Culture, interview: Interview, person: Interviewer) -> bytes:
    """``email.eml``: an RFC 5322 draft with ``X-Unsent: 1`` so clients open it to edit.

    No Date or Message-ID: the mail client adds them when it sends, and the
    file stays the same for the same input. The headers are written here,
    encoded so that, parsed back, ``From`` and ``To`` hold exactly the
    addresses in the file and ``Subject`` exactly the subject; the draft is
    parsed back to prove it before it is written.

    Raises:
        CardgenError: a header would not read back as written (never expected).
    """
    c = interview.candidate
    title = subject(culture, interview)
    headers = [_mailbox("From", c.name, c.email)]
    if person.email:
        headers.append(_mailbox("To", person.name, person.email))
    headers += [_unstructured("Subject", title), "X-Unsent: 1"]
    body = EmailMessage(policy=SMTP)
    body.set_content(
        email_body(culture, interview, person), charset="utf-8", cte="quoted-printable"
    )
    data = "\r\n".join(headers).encode("ascii") + b"\r\n" + body.as_bytes()
    _check_reads_back(data, c.name, c.email, person, title)
    return data


def _check_reads_back(data: bytes, name: str, addr: str, person: Interviewer, title: str) -> None:
    parsed = message_from_bytes(data, policy=default)
    expected = {"From": [(name, addr)], "To": [(person.name, person.email)] if person.email else []}
    for header, want in expected.items():
        got = [(a.display_name, a.addr_spec) for a in parsed[header].addresses] if want else []
        if got != want:
            raise CardgenError(f"cannot write the {header} header of {person.name}'s email.eml")
    if str(parsed["Subject"]) != title:
        raise CardgenError(f"cannot write the Subject header of {person.name}'s email.eml")


def send_by(interview: Interview) -> dt.datetime | None:
    """The email deadline: 24 hours after the interview (17:00 if no time is given)."""
    if interview.date is None:
        return None
    at = interview.time or dt.time(17, 0)
    return dt.datetime.combine(interview.date, at) + dt.timedelta(hours=24)


def _day(d: dt.date) -> str:
    return f"{d:%a} {d.day} {d:%b %Y}"


def _add_business_days(d: dt.date, n: int) -> dt.date:
    while n > 0:
        d += dt.timedelta(days=1)
        if d.weekday() < 5:
            n -= 1
    return d


def mail_day(interview: Interview, culture: Culture) -> dt.date | None:
    """The day to post the card: the email day plus the culture's delay, never a Sunday."""
    deadline = send_by(interview)
    if deadline is None:
        return None
    day = deadline.date() + dt.timedelta(days=culture.mail_after_days)
    return day + dt.timedelta(days=1) if day.weekday() == 6 else day


@dataclass(frozen=True)
class KitEntry:
    """What the plan needs to know about one interviewer's part of the kit."""

    number: int
    person: Interviewer
    folder: str  # "01-margaret-dvorak"
    files: tuple[str, ...]  # relative to OUT
    card: bool
    international: bool = False


def plan_text(
    interview: Interview,
    culture: Culture,
    entries: list[KitEntry],
    *,
    print_files: tuple[str, ...] = (),
    stock: str = "",
    card_layout: str = "",
    plan_name: str = "plan.txt",
) -> str:
    """``plan.txt``: a checklist a person ticks, in the order things are sent."""
    title = interview.company.name + (f", {interview.role}" if interview.role else "")
    lines = [f"Thank-you plan: {title}"]
    if interview.date:
        when = _day(interview.date) + (f" at {interview.time:%H:%M}" if interview.time else "")
        lines.append(f"Interview: {when}")
    mails = any(e.card for e in entries)
    lines.append(
        f"Culture: {culture.name}: "
        + ("an email first, then a mailed card." if mails else "an email to each interviewer.")
    )
    lines.append("")
    deadline = send_by(interview)
    email_when = (
        f"by {_day(deadline.date())} {deadline:%H:%M} (24 h after the interview)"
        if deadline
        else "within 24 hours of the interview"
    )
    post = mail_day(interview, culture)
    for entry in entries:
        p = entry.person
        who = p.name + (f", {p.title}" if p.title else "")
        lines.append(f"[ ] {who}")
        target = f" to {p.email}" if p.email else " (add their email address: none is on file)"
        lines.append(f"    [ ] Send the email{target} {email_when}.")
        lines.append(f"        Open {entry.folder}/email.eml, or paste {entry.folder}/email.txt.")
        if entry.card:
            if post:
                lines.append(f"    [ ] Post the card on {_day(post)}, after the email has gone.")
                low, high = (5, 10) if entry.international else (1, 3)
                first = _add_business_days(post, low)
                last = _add_business_days(post, high)
                where = "abroad" if entry.international else "within the country"
                lines.append(
                    f"        Mailed {where}, it should arrive between {_day(first)} "
                    f"and {_day(last)}."
                )
            else:
                lines.append(
                    f"    [ ] Post the card {culture.mail_after_days} day(s) after the email."
                )
            pieces = [
                f"{entry.folder}/{name}"
                for name in ("card.pdf", "envelope.pdf")
                if f"{entry.folder}/{name}" in entry.files
            ]
            lines.append("        Print: " + ", ".join(pieces))
        lines.append("")
    if print_files:
        lines.append("Printing")
        for name in print_files:
            lines.append(f"[ ] {name}")
        lines.append(
            '    Print at 100 % ("actual size"; never "fit to page")'
            + (f" on {stock} card stock" if stock else "")
            + (f"; layout {card_layout}." if card_layout else ".")
        )
        if any("envelopes" in name for name in print_files):
            lines.append("    Sign each card by hand if you like; check each envelope's address.")
        else:
            lines.append("    Sign each card by hand if you like.")
        lines.append("")
    lines.append("Files written")
    for entry in entries:
        lines.extend(f"  {f}" for f in entry.files)
    lines.extend(f"  {f}" for f in print_files)
    lines.append(f"  {plan_name}")
    return "\n".join(lines) + "\n"
