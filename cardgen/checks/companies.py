"""Company names with a legal suffix that are not the interview's ("Acme LLC")."""

from __future__ import annotations

import functools
import re

from cardgen.textrules import fold

_COMPANY_SUFFIX = (
    r"Inc|LLC|L\.L\.C|LLP|L\.L\.P|Ltd|Limited|GmbH|Corp|Corporation|Co|PLC|plc|AG|LP|Pty"
)
# Words are possessive (``*+``) and start only after a space or punctuation, so
# a long hyphen- or apostrophe-joined run costs linear time, not quadratic.
_CAPITAL_WORD = r"[A-Z][\w'&.\-]*+"
_COMPANY_RE = re.compile(
    rf"(?<![\w&'.\-])((?:{_CAPITAL_WORD})"
    rf"(?:[ \t]+(?:{_CAPITAL_WORD}|&|and|of|de|du|van|von|der)){{0,7}})"
    r"[ \t]*,?[ \t]+(" + _COMPANY_SUFFIX + r")(?:\.|(?![\w\-]))"
)
_COMPANY_SKIP_WORDS = frozenset(["and", "the", "of"]) | frozenset(
    w.lower().replace("\\", "").replace(".", "") for w in _COMPANY_SUFFIX.split("|")
)
_STARTERS_TEXT = """
    at in with joining join thank thanks the i as for from my our your working after
    before while during since when dear also and to
"""
_STARTERS = frozenset(_STARTERS_TEXT.split())


@functools.cache
def _past_employer() -> re.Pattern[str]:
    """Words after which a company named is most likely a past employer, not a pasted
    name; compiled on first use (6 M instructions: most notes name no other company)."""
    return re.compile(
        r"\b(?:previous(?:ly)?|former(?:ly)?|prior|past|last|current(?:ly)?|worked|spent|"
        r"interned|internship|tenure|years?|months?)\b",
        re.IGNORECASE,
    )


def company_core(name: str) -> list[str]:
    words = re.findall(r"[a-z0-9]+", fold(name).lower().replace("'", ""))
    return [w for w in words if w not in _COMPANY_SKIP_WORDS]


def other_companies(text: str, company: str) -> list[str]:
    """Company-like names with a legal suffix in ``text`` that are not ``company``.

    "Brightline Partners LLC" counts; "Hartwell & Pryce LLP", "Hartwell and
    Pryce" or "Pryce LLP" for the file's "Hartwell & Pryce LLP" do not, nor does
    a name right after words such as "previously" or "years at" (a past
    employer). A bare "at Acme" is not reported: without a suffix it cannot be
    told apart from a client, a school or a past employer.
    """
    own = company_core(company)
    folded = fold(text)
    found = []
    for m in _COMPANY_RE.finditer(folded):
        words = m.group(1).split()
        while len(words) > 1 and words[0].lower() in _STARTERS:
            words = words[1:]
        core = company_core(" ".join(words))
        if not core or not own or core[-len(own) :] == own or own[-len(core) :] == core:
            continue
        preceding = " ".join(folded[: m.start(1)].split()[-6:])
        if _past_employer().search(preceding):
            continue
        found.append(" ".join([*words, m.group(2)]))
    return found
