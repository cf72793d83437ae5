"""What a good note has: it is short, thanks the reader, makes a point from the
conversation and renews interest (``long-email``, ``short-note``, ``no-thanks``,
``no-detail``, ``no-interest``).
"""

from __future__ import annotations

import functools
import re

from cardgen.checks.findings import ADVICE, Finding, Found
from cardgen.checks.text import (
    CALENDAR_WORDS,
    HONORIFIC_WORDS,
    WORD,
    at_sentence_start,
    name_key,
    word_count,
)
from cardgen.model import Interview
from cardgen.textrules import fold

LONG_EMAIL_WORDS = 200  # an email body over this many words gets "long-email"
TARGET_EMAIL_WORDS = 150  # what "long-email" suggests cutting to
SHORT_NOTE_WORDS = 40  # a note under this many words gets "short-note"

_THANKS = re.compile(r"\b(?:thank\w*|grateful|gratitude|appreciat\w*)\b", re.IGNORECASE)
_INTEREST = re.compile(
    r"\b(?:excit\w*|enthusias\w*|interest(?:ed)?|look(?:ing)? forward|eager\w*|keen|"
    r"the (?:role|position|job|opportunity)|join\w*|contribut\w*|thrilled|motivated)\b",
    re.IGNORECASE,
)
_CONVERSATION = re.compile(
    r"\b(?:you (?:mentioned|said|described|explained|shared|noted|asked|told me|"
    r"walked me through|showed me|pointed out|raised|emphasi[sz]ed|highlighted|talked about)|"
    r"our (?:conversation|discussion|talk|chat|exchange)|we (?:discussed|talked|spoke|covered)|"
    r"discussed|discussing|when we (?:talked|spoke)|"
    r"your (?:point|question|insight|comment|description|story|example|view|advice|"
    r"perspective|account|explanation|overview|concern)|"
    r"(?:hearing|learning|to hear|to learn) (?:about|how|that|why))\b",
    re.IGNORECASE,
)

# The same in the other languages the kit writes, matched on the note with its
# accents folded (``fold``: "Dziękuję" → "Dziekuje"), so a note typed without
# them counts too. Every language's words are looked for in every note: a short
# note may not show its language, and thanks in any of them is thanks.
_THANKS_ELSEWHERE = (
    r"dank\w*|bedank\w*"  # German, Dutch: Vielen Dank, Ich danke Ihnen, Bedankt
    r"|merci\w*|remerci\w*|reconnaissant\w*"  # French
    r"|gracias|agradec\w*|agradezc\w*"  # Spanish, Portuguese (agradeço)
    r"|grazie|ringrazi\w*"  # Italian
    r"|obrigad[oa]s?"  # Portuguese
    r"|dziekuj\w*|dzieki|wdzieczn\w*"  # Polish
    r"|dekuj\w*|diky|vdecn\w*"  # Czech
    r"|tack|tackar|tacksam"  # Swedish
)
_INTEREST_ELSEWHERE = (
    r"interesse\w*|interessiert\w*|interessad[oa]s?|interesad[oa]s?|me interesa"
    r"|interessat[oa]|interessert"  # "interested" (not "interesting") in each language
    r"|freue mich|freuen|begeister\w*|mitarbeit\w*|mitzuarbeiten|beitragen"
    r"|beizutragen|einbringen|einzubringen|motiviert"  # German
    r"|enthousias\w*|motivee?s?|rejoindre|contribuer|impatiente?s?"  # French
    r"|entusias\w*|motivad[oa]|unirme|formar parte|contribuir|aportar"  # Spanish
    r"|unirmi|far parte|contribuire|motivat[oa]"  # Italian
    r"|geinteresseerd|enthousiast\w*|gemotiveerd|bijdragen|bij te dragen|kijk \w* ?uit"
    r"|fazer parte|juntar-me"  # Portuguese
    r"|zainteresowan\w*|entuzjazm\w*|chetnie|dolacz\w*|przyczyni\w*|ciesze sie"  # Polish
    r"|zajem|nadsen\w*|rad[a]? bych|prispe\w*|tesim se"  # Czech
    r"|intresse\w*|entusiastisk|garna|ser fram emot|bidra"  # Swedish
)
_CONVERSATION_ELSEWHERE = (
    r"sie (?:erwahnten|sagten|erzahlten|beschrieben|erklarten|fragten|schilderten)"
    r"|ihre (?:frage|ausfuhrungen|erklarung|schilderung|einschatzung|beschreibung|sicht)"
    r"|unser(?:em|es)? (?:gesprach|austausch)"  # German
    r"|vous (?:avez )?(?:mentionne|evoque|explique|decrit|parle|souligne|demande|partage)"
    r"|votre (?:question|remarque|conseil|explication|description|vision|point de vue)"
    r"|vos (?:explications|conseils|remarques|questions)"
    r"|notre (?:conversation|echange|discussion|entretien)"
    r"|nous avons (?:discute|parle|aborde|evoque)"  # French
    r"|usted (?:menciono|explico|comento|describio|pregunto)|(?:menciono|comento) que"
    r"|su (?:pregunta|comentario|explicacion|punto de vista|consejo|descripcion)"
    r"|nuestra (?:conversacion|charla)|hablamos|conversamos"  # Spanish
    r"|ha (?:menzionato|spiegato|descritto|raccontato|chiesto|sottolineato)"
    r"|la sua (?:domanda|spiegazione|osservazione|descrizione)"
    r"|nostra (?:conversazione|chiacchierata)|abbiamo (?:parlato|discusso)"  # Italian
    r"|u (?:noemde|vertelde|legde uit|beschreef|vroeg)"
    r"|uw (?:vraag|uitleg|opmerking|beschrijving|advies)|ons gesprek"
    r"|we (?:bespraken|spraken)"  # Dutch
    r"|(?:mencionou|explicou|descreveu|comentou|perguntou)"
    r"|sua (?:pergunta|explicacao|descricao|observacao)|nossa conversa|conversamos"  # Portuguese
    r"|wspomnial\w*|opowiedzial\w*|nasza rozmow\w*|pana pytanie|pani pytanie"  # Polish
    r"|zminil\w*|vysvetlil\w*|nas rozhovor|vas dotaz"  # Czech
    r"|ni (?:namnde|beskrev|berattade|fragade)|vart samtal|er fraga"  # Swedish
)
_ELSEWHERE = {
    "thanks": _THANKS_ELSEWHERE,
    "interest": _INTEREST_ELSEWHERE,
    "conversation": _CONVERSATION_ELSEWHERE,
}


@functools.cache
def _folded(what: str) -> re.Pattern[str]:
    """The other languages' words for ``what`` (a key of ``_ELSEWHERE``), compiled when
    first needed: most notes show their thanks, interest and detail in English first."""
    return re.compile(rf"\b(?:{_ELSEWHERE[what]})\b", re.IGNORECASE)


def says_thanks(text: str) -> bool:
    """True when the note thanks its reader, in any language the kit writes."""
    return bool(_THANKS.search(text) or _folded("thanks").search(fold(text)))


def says_interest(text: str) -> bool:
    """True when the note renews the candidate's interest, in any language the kit writes."""
    return bool(_INTEREST.search(text) or _folded("interest").search(fold(text)))


def _has_detail(text: str, ignore: set[str]) -> bool:
    """Conservative: any reference to the conversation, a number, or a proper noun."""
    if _CONVERSATION.search(text) or re.search(r"\d", text):
        return True
    if _folded("conversation").search(fold(text)):
        return True
    for m in WORD.finditer(text):
        word = re.split(r"['’]", m.group(0))[0]  # "I'm" → "I", "Tomás's" → "Tomás"
        if not word[0].isupper() or at_sentence_start(text, m.start()):
            continue
        if (
            name_key(word) in ignore
            or word.lower() in CALENDAR_WORDS
            or word.lower() in HONORIFIC_WORDS
        ):
            continue
        return True  # a name of a product, place, project, client ...
    return False


def content_checks(
    interview: Interview, index: int, texts: list[tuple[str, str]], known: set[str]
) -> Found:
    """Advice on what a good note has: short, thanks, a detail, renewed interest."""
    person = interview.interviewers[index]
    for label, text in texts:
        where = f"The {label} to {person.name}"
        words = word_count(text)
        if label != "card note" and words > LONG_EMAIL_WORDS:
            yield (
                index,
                Finding(
                    ADVICE,
                    "long-email",
                    person.name,
                    f"{where} is {words} words; a thank-you email over {LONG_EMAIL_WORDS} words "
                    "gets skimmed.",
                    f"Cut it to about {TARGET_EMAIL_WORDS} words: thanks, one or two points from "
                    "the conversation, your interest.",
                ),
            )
        if words < SHORT_NOTE_WORDS:
            yield (
                index,
                Finding(
                    ADVICE,
                    "short-note",
                    person.name,
                    f"{where} is only {words} words, too short to be personal.",
                    "Add one point from your conversation and why it makes you want the role "
                    "(aim for 80–150 words).",
                ),
            )
        if not says_thanks(text):
            yield (
                index,
                Finding(
                    ADVICE,
                    "no-thanks",
                    person.name,
                    f"{where} never says thank you.",
                    "Open with thanks for their time, e.g. 'Thank you for meeting with me on …'.",
                ),
            )
        if not _has_detail(text, known):
            yield (
                index,
                Finding(
                    ADVICE,
                    "no-detail",
                    person.name,
                    f"{where} has no specific point from the conversation (no 'you mentioned …', "
                    "no project, client or tool named, no number).",
                    "Add one thing they told you — 'You mentioned …' — and how you would help "
                    "with it.",
                ),
            )
        if not says_interest(text):
            yield (
                index,
                Finding(
                    ADVICE,
                    "no-interest",
                    person.name,
                    f"{where} does not say you still want the job.",
                    "End with renewed interest, e.g. 'I am excited about the chance to join "
                    f"{interview.company.name}.'",
                ),
            )
