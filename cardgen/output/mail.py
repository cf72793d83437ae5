"""Output stage: the email text and the ``.eml`` draft, per interviewer.

Pure text and stdlib ``email``: no PDF here. Every value was checked to be
one line by the loader, so no input can add a header, and the draft's headers
are encoded so that no name can turn into another address (see
:func:`eml_bytes`).
"""

from __future__ import annotations

import base64
import re
from email.header import Header
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import SMTP, default
from email.utils import formataddr
from functools import lru_cache

from cardgen.errors import CardgenError
from cardgen.model import Culture, Interview, Interviewer
from cardgen.names import display_name
from cardgen.textrules import (
    closing,
    header_address,
    letter_language,
    paragraphs,
    salutation,
    subject,
)

__all__ = ["email_body", "email_text", "eml_bytes", "signature_lines"]


def signature_lines(interview: Interview) -> list[str]:
    """Name, phone, email: the signature every email carries."""
    c = interview.candidate
    return [line for line in (c.name, c.phone, c.email) if line]


def email_text(culture: Culture, interview: Interview, person: Interviewer) -> str:
    """``email.txt``: a Subject line, a blank line, then the body and signature.

    Subject, salutation and closing are in the note's language
    (:func:`~cardgen.textrules.letter_language`).
    """
    title = subject(culture, interview, letter_language(interview, person))
    return f"Subject: {title}\n\n{email_body(culture, interview, person)}"


def email_body(culture: Culture, interview: Interview, person: Interviewer) -> str:
    """The plain-text body: salutation, note, closing and signature."""
    language = letter_language(interview, person)
    body = "\n\n".join(paragraphs(person.email_text))
    parts = [
        salutation(culture, person, language),
        body,
        closing(culture, person, language),
    ]
    return (
        "\n\n".join(parts[:-1])
        + "\n\n"
        + "\n".join([parts[-1], *signature_lines(interview)])
        + "\n"
    )


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
    if not header_address(addr):
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
    addresses in the file and ``Subject`` exactly the subject; the draft's
    headers are parsed back to prove it before it is written.

    Raises:
        CardgenError: a header would not read back as written (never expected).
    """
    c = interview.candidate
    title = subject(culture, interview, letter_language(interview, person))
    headers = [_mailbox("From", c.name, c.email)]
    if person.email:
        headers.append(_mailbox("To", display_name(person), person.email))
    headers += [_unstructured("Subject", title), "X-Unsent: 1"]
    body = EmailMessage(policy=SMTP)
    body.set_content(
        email_body(culture, interview, person), charset="utf-8", cte="quoted-printable"
    )
    data = "\r\n".join(headers).encode("ascii") + b"\r\n" + body.as_bytes()
    _check_reads_back(headers, c.name, c.email, person, title)
    return data


def _check_reads_back(
    headers: list[str], name: str, addr: str, person: Interviewer, title: str
) -> None:
    """Each of the draft's ``headers`` parsed back must hold exactly one header, and From,
    To and Subject exactly the addresses and subject they were written from.

    Each header is parsed on its own (what the whole draft's parse gives it: each
    starts a line, folds only onto lines that start with a space, and must be read
    as one header ending where it ends), so the From and Subject that every
    interviewer's draft shares are parsed once a run (:func:`_read_back`)."""
    to = ((display_name(person), person.email),) if person.email else ()
    expected = {"From": ((name, addr),), "To": to, "Subject": title}
    for line in headers:
        header = line.split(":", 1)[0]
        got = _read_back(line)
        if got is None or got[0] != header:
            raise CardgenError(f"cannot write the {header} header of {person.name}'s email.eml")
        if header in expected and got[1] != expected[header]:
            raise CardgenError(f"cannot write the {header} header of {person.name}'s email.eml")


@lru_cache(maxsize=64)
def _read_back(line: str) -> tuple[str, object] | None:
    """Header ``line`` (``Name: value``, maybe folded) parsed as a message of its own: its
    one header's name and what it reads as (From and To: its addresses as (display
    name, address) pairs; any other: its text); None if it reads as no header, more
    than one, or leaves anything after it."""
    parsed = BytesParser(policy=default).parsebytes(
        line.encode("ascii") + b"\r\n\r\n", headersonly=True
    )
    keys = parsed.keys()
    if len(keys) != 1 or parsed.get_payload():
        return None
    value = parsed[keys[0]]
    if keys[0] in ("From", "To"):
        return keys[0], tuple((a.display_name, a.addr_spec) for a in value.addresses)
    return keys[0], str(value)
