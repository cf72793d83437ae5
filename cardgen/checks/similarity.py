"""Notes too alike (``similar-notes``): how two notes are compared.

Both texts are lower-cased, accent-folded and stripped of punctuation; every
interviewer's and the candidate's name and the honorifics are dropped (so a copy
with the name swapped still counts); stock phrases every note may share ("thank you for
taking the time to meet with me", "I look forward to hearing from you",
salutations and closings) are cut out; what remains is split into word
3-shingles within each sentence, so reordering sentences changes nothing. The
similarity is the share of the smaller note's shingles that the other note
also has (containment), which also catches a copy with a paragraph added.
When the stock phrases leave fewer than :data:`MIN_CONTENT_WORDS` words on
either side, the notes are mostly stock phrases and are compared whole instead,
with Jaccard similarity (shared shingles over all shingles), so a short
generic note is not called a copy of a long personal one merely for
containing it. Notes at or above :data:`SIMILARITY_THRESHOLD` are flagged.

Measured (tests/test_checks.py and hand-written sets): different personal
notes score 0.00–0.02; notes that share their opening, closing and sentence
pattern ("Thank you for taking the time to meet with me …", "I enjoyed learning
about …", "I look forward to hearing from you") 0.11–0.15, and 0.15–0.18 when
they also repeat one sentence about the candidate. Without cutting stock
phrases those boilerplate pairs score 0.41–0.50, which is why they are cut.
The same note with its sentences shuffled scores 1.00; shuffled with 4 words
changed 0.47–1.00 (5th percentile 0.67); with 8 words changed 0.28–1.00 (97%
still flagged); with a sentence added 0.65–1.00. Short notes that share an
identical long sentence and little else can reach the threshold (0.41–0.47
for 60-word notes repeating an 18-word sentence); they are, in fact, half alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache

import msgspec

from cardgen.checks.findings import PROBLEM, Finding, Found
from cardgen.checks.text import HONORIFIC_WORDS, norm_words, sentences
from cardgen.model import Interviewer

SIMILARITY_THRESHOLD = 0.40  # flag two notes at or above this similarity (0–1)
MIN_CONTENT_WORDS = 8  # below this, after stock phrases go, compare whole notes

# Stock phrases that any note may share; cut out before notes are compared.
_STOCK = [
    r"(?:dear|hi|hello|hey|greetings|good (?:morning|afternoon|evening))",
    r"thank you(?: (?:very|so) much)?(?: again)?(?: for (?:taking the time|your time"
    r"|the time you (?:took|spent|gave me)|the opportunity|the chance|meeting|speaking"
    r"|talking|interviewing|sitting down|having me|inviting me)"
    r"(?: (?:with|to) me)?(?: to (?:meet|speak|talk|interview|chat|sit down)(?: with me)?)?"
    r"(?: (?:today|yesterday|this (?:morning|afternoon)|on \w+day))?)?",
    r"thanks(?: again)?(?: (?:so|very) much)?(?: for your time)?",
    r"(?:i )?(?:really |very much |truly )?(?:look|am looking) forward to (?:hearing from you"
    r"|hearing back|the next steps|next steps|speaking (?:with|to) you again|talking again)"
    r"(?: soon)?",
    r"(?:i )?hope to hear from you(?: soon)?",
    r"it was (?:a (?:real |great )?pleasure|great|wonderful|nice|good) (?:to meet|meeting"
    r"|speaking with|talking with|to speak with|to talk with) you",
    r"(?:i am|im|i remain) (?:very |really |truly |even more |so )?(?:excited|interested"
    r"|enthusiastic|eager|keen) (?:about|in|on) (?:the|this) (?:opportunity|role|position)",
    r"(?:to|and) discuss(?:ing)? the(?: \w+){0,4} (?:role|position|opportunity|job)",
    r"please (?:do not|dont|feel free to) (?:hesitate to )?(?:contact|reach out to) me",
    r"if you (?:need|have) any (?:further |additional |more )?(?:information|questions)",
    r"(?:yours )?(?:sincerely|truly|respectfully)|(?:best|kind|warm|warmest) regards"
    r"|best wishes|with gratitude|all the best",
    # The same stock phrases in German, French, Spanish, Italian, Dutch and Portuguese,
    # as the notes are compared: folded, lower case, apostrophes dropped ("lentretien").
    r"(?:sehr geehrte[rs]?|liebe[rs]?|hallo|guten tag)(?: (?:frau|herr))?",
    r"(?:(?:vielen|herzlichen|besten) dank|ich (?:danke ihnen|bedanke mich|mochte mich"
    r"(?: \w+)? bedanken))(?: nochmals| noch einmal| herzlich| sehr)?(?: fur (?:das"
    r"(?: \w+)? (?:gesprach|vorstellungsgesprach|kennenlernen)|ihre zeit|die (?:zeit"
    r"|gelegenheit|einladung)))?",
    r"(?:ich freue mich (?:darauf )?(?:von ihnen zu horen|auf ihre (?:ruckmeldung|antwort)"
    r"|auf die nachsten schritte))",
    r"(?:mit )?(?:freundlichen|besten|herzlichen|vielen) grussen|(?:freundliche|beste"
    r"|viele|herzliche) grusse",
    r"(?:madame|monsieur|chere?|bonjour)",
    r"(?:je vous remercie|merci)(?: (?:encore|beaucoup|infiniment|sincerement))*(?: (?:pour"
    r"|de) (?:lentretien|notre (?:entretien|echange)|votre (?:temps|accueil)|le temps (?:que"
    r" vous mavez (?:consacre|accorde))|cet echange|la rencontre))?",
    r"dans lattente de (?:votre reponse|vous lire)|au plaisir de vous (?:lire|revoir)",
    r"(?:veuillez agreer|je vous prie dagreer)(?: \w+){0,6} salutations(?: distinguees)?"
    r"|(?:bien )?cordialement|(?:mes )?(?:sinceres|meilleures) salutations",
    r"(?:estimad[oa]|querid[oa]|hola)",
    r"(?:muchas )?gracias(?: (?:de nuevo|otra vez))?(?: por (?:su tiempo|la entrevista"
    r"|la oportunidad|recibirme|la reunion))?",
    r"(?:quedo a la espera de (?:su respuesta|sus noticias))|(?:un )?(?:cordial saludo"
    r"|saludos cordiales|atentamente)",
    r"(?:gentile|egregi[oa]|buongiorno)",
    r"grazie(?: ancora| mille)?(?: per (?:il (?:suo )?tempo|il colloquio|lopportunita"
    r"|lincontro))?|(?:cordiali|distinti) saluti",
    r"(?:geachte|beste)",
    r"(?:hartelijk )?(?:dank|bedankt)(?: voor (?:het gesprek|uw tijd|de tijd|de kans))?"
    r"|met vriendelijke groet(?:en)?|ik kijk uit naar uw (?:reactie|antwoord)",
    r"(?:prezad[oa])",
    r"(?:muito )?obrigad[oa](?: (?:novamente|mais uma vez))?(?: pel[oa] (?:seu tempo"
    r"|entrevista|oportunidade|conversa))?|atenciosamente|com os melhores cumprimentos",
]


@cache
def _stock_re() -> re.Pattern[str]:
    """The stock phrases as one pattern, compiled when two notes are first compared
    (33 M instructions: a kit with one note never needs it)."""
    return re.compile(r"\b(?:" + "|".join(_STOCK) + r")\b")


# --------------------------------------------------------------------------- similarity


def _shingles(fragments: Iterable[list[str]], k: int = 3) -> set[tuple[str, ...]]:
    out: set[tuple[str, ...]] = set()
    for words in fragments:
        if len(words) >= k:
            out.update(tuple(words[i : i + k]) for i in range(len(words) - k + 1))
    return out


def _fragments(text: str, drop: frozenset[str], strip_stock: bool) -> list[list[str]]:
    """Word lists per sentence (and per piece between stock phrases), names dropped."""
    frags: list[list[str]] = []
    for sentence in sentences(text):
        joined = " ".join(w for w in norm_words(sentence) if w not in drop)
        pieces = _stock_re().split(joined) if strip_stock else [joined]
        frags.extend(p.split() for p in pieces if p.strip())
    return frags


class Shingled(msgspec.Struct, frozen=True):
    """A note prepared once for comparison (see :func:`similarity`)."""

    content: frozenset[tuple[str, ...]]  # shingles with stock phrases cut out
    content_words: int
    whole: frozenset[tuple[str, ...]]  # shingles of the whole note
    words: tuple[str, ...]  # every normalised word, for notes too short for shingles


def shingled(text: str, drop: frozenset[str]) -> Shingled:
    """``text`` normalised once: its shingles with and without stock phrases, its words."""
    content = _fragments(text, drop, True)
    return Shingled(
        content=frozenset(_shingles(content)),
        content_words=sum(map(len, content)),
        whole=frozenset(_shingles(_fragments(text, drop, False))),
        words=tuple(norm_words(text)),
    )


def name_words(names: Iterable[str]) -> frozenset[str]:
    """The words :func:`similarity` ignores: everyone's names, and the honorifics."""
    return frozenset(norm_words(" ".join(names))) | HONORIFIC_WORDS


def compare(a: Shingled, b: Shingled) -> float:
    """How alike two prepared notes are, 0–1 (see :func:`similarity`)."""
    if min(a.content_words, b.content_words) >= MIN_CONTENT_WORDS and a.content and b.content:
        return len(a.content & b.content) / min(len(a.content), len(b.content))
    if a.whole and b.whole:
        return len(a.whole & b.whole) / len(a.whole | b.whole)
    # Too short for shingles: only the same words count.
    return 1.0 if a.words and a.words == b.words else 0.0


def similarity(a: str, b: str, names: Iterable[str] = ()) -> float:
    """How alike two notes are, 0–1, ignoring sentence order, names and stock phrases.

    Args:
        a, b: the two note texts.
        names: people's names whose words are ignored (interviewers, candidate),
            so a copy with the name swapped still scores as a copy.

    Returns:
        Containment of word 3-shingles after stock phrases are cut out; or,
        when that leaves fewer than :data:`MIN_CONTENT_WORDS` words on either
        side, Jaccard similarity of the whole notes' shingles. See the module
        docstring for the reasoning and the measured numbers.
    """
    drop = name_words(names)
    return compare(shingled(a, drop), shingled(b, drop))


def similarity_checks(people: Sequence[Interviewer], mails: bool, names: list[str]) -> Found:
    """Notes too alike, pair by pair: emails with emails, cards with cards.

    Each note is normalised once; a pair costs a set intersection, and another
    when either card says something else than its email. A kit of one interviewer
    has no pair: its note is not prepared at all (nor the stock phrases' pattern).
    """
    if len(people) < 2:
        return
    drop = name_words(names)
    emails = [shingled(p.email_text, drop) for p in people]
    cards = [
        shingled(p.note, drop) if p.note != p.email_text else e
        for p, e in zip(people, emails, strict=True)
    ]
    own_card = [card is not email for card, email in zip(cards, emails, strict=True)]
    for j, later in enumerate(people):
        for i in range(j):
            best = compare(emails[i], emails[j])
            if mails and (own_card[i] or own_card[j]):  # else the same two notes again
                best = max(best, compare(cards[i], cards[j]))
            if best >= SIMILARITY_THRESHOLD:
                yield (
                    j,
                    Finding(
                        PROBLEM,
                        "similar-notes",
                        later.name,
                        f"The notes to {people[i].name} and {later.name} are {best:.0%} alike; "
                        "HR often files them side by side.",
                        f"Rewrite the note to {later.name} around something only they said "
                        "in the interview.",
                    ),
                )
