"""The language a note is written in: IETF tags, detection, English variants.

A note's language is the tag the file gives (``language:`` on the interview
or the interviewer) or, when absent, the one its words show: each supported
language has a short list of its commonest function words, and the language
whose words make up most of the note wins (a stopword count; no model, no
download). A note too short or too mixed to tell gives ``None``, and the
caller falls back to English.

English takes its variant from where the card goes: British forms for the
United Kingdom, Ireland, Australia, New Zealand and South Africa, American
forms elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

__all__ = [
    "BRITISH_COUNTRIES",
    "LANGUAGES",
    "base",
    "detect",
    "english_variant",
    "is_supported",
    "normalise",
    "note_language",
    "region",
]

# The languages the kit writes formulas for, with their names for messages.
LANGUAGES: Mapping[str, str] = {
    "en": "English",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "it": "Italian",
    "nl": "Dutch",
    "pt": "Portuguese",
    "pl": "Polish",
    "cs": "Czech",
    "sv": "Swedish",
}

BRITISH_COUNTRIES = frozenset({"GB", "UK", "IE", "AU", "NZ", "ZA"})


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# The commonest function words of each language, lower case. Words two
# languages share ("de", "a", "en", "in") count for both; what decides is
# the sum over the whole note.
_STOPWORDS: Mapping[str, frozenset[str]] = {
    "en": _words(
        "the and of to a in that is was for it with as on be at by this have from or"
        " i you your my me we our am are were been would will thank thanks very"
        " about which their not but so all what when can"
    ),
    "de": _words(
        "der die das und ist nicht ich sie es mit den dem zu ein eine einen auf für"
        " von im sich auch als wie bei noch nach so ihr ihre ihnen ihrem ihren mich"
        " mir mein meine wir uns war habe hat über sehr dank vielen danke gespräch"
        " dass daß würde freue aus oder am"
    ),
    "fr": _words(
        "le la les et est un une des du de que qui pour dans pas je vous votre vos"
        " nous mon ma mes ce cette avec sur au aux merci très été avoir suis serais"
        " entretien mais ou où son sa ses leur"
    ),
    "es": _words(
        "el la los las y es un una de del que en por para con su sus no se lo le"
        " me mi mis muy gracias usted ustedes nuestra nuestro fue estoy sería"
        " entrevista pero como"
    ),
    "it": _words(
        "il lo la gli le e è un una di del della che per con non mi mio mia"
        " suo sua grazie molto sono stato sarei colloquio nel nella ma come"
        " anche questo questa lei"
    ),
    "nl": _words(
        "de het een en is van dat die niet ik u uw je jij mijn met voor op te"
        " zijn was ben bedankt dank hartelijk zeer gesprek graag ook maar naar"
        " om bij wij we"
    ),
    "pt": _words(
        "o a os as e é um uma de do da dos das que em no na por para com não"
        " se meu minha seu sua muito obrigado obrigada foi estou seria"
        " entrevista mas como"
    ),
    "pl": _words(
        "i w na z że się nie jest do to o dla za od po jak ale pan pani panu"
        " bardzo dziękuję dziękuje rozmowę rozmowy był była jestem mnie mi"
        " pana moje mój oraz"
    ),
    "cs": _words(
        "a v na se že je to do z o pro za od po jak ale pane paní vám vás"
        " velmi děkuji rozhovor byl byla jsem mě mi moje můj také"
    ),
    "sv": _words(
        "och att det som en ett är på för med av till jag du ni er min mitt"
        " inte var har om tack så mycket intervjun samtalet skulle gärna"
    ),
}

# Letters that belong to few languages: each one seen adds to their score.
_LETTERS: Mapping[str, str] = {
    "ß": "de",
    "ä": "de sv",
    "ö": "de sv",
    "ü": "de",
    "ç": "fr pt",
    "è": "fr it",
    "ê": "fr pt",
    "à": "fr it pt",
    "ñ": "es",
    "ã": "pt",
    "õ": "pt",
    "ł": "pl",
    "ą": "pl",
    "ę": "pl",
    "ś": "pl",
    "ź": "pl",
    "ż": "pl",
    "ř": "cs",
    "ě": "cs",
    "ů": "cs",
    "č": "cs",
    "š": "cs",
    "å": "sv",
}

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_TAG = re.compile(r"^([A-Za-z]{2,3})(?:[-_]([A-Za-z]{2}|\d{3}))?$")

# Below this many function words, or this share of the best over the next,
# the note does not show its language.
_MIN_HITS = 3
_MIN_LEAD = 1.5


def normalise(tag: str) -> str | None:
    """``de_at`` → ``de-AT``; ``FR`` → ``fr``; ``None`` for what is not a tag."""
    m = _TAG.match(tag.strip())
    if not m:
        return None
    lang, reg = m.group(1).lower(), m.group(2)
    return f"{lang}-{reg.upper()}" if reg else lang


def base(tag: str) -> str:
    """The language of a tag without its region: ``de-CH`` → ``de``."""
    return tag.split("-", 1)[0].lower()


def region(tag: str) -> str:
    """The region of a tag, upper case, or ``""``: ``de-CH`` → ``CH``."""
    parts = tag.split("-", 1)
    return parts[1].upper() if len(parts) > 1 else ""


def is_supported(tag: str) -> bool:
    """True when the kit has formulas for the tag's language."""
    return base(tag) in LANGUAGES


@lru_cache(maxsize=512)  # a note is asked about by its card, email, subject and checks
def detect(text: str) -> str | None:
    """The language the text's function words show (``"de"``), or ``None``."""
    scores = dict.fromkeys(_STOPWORDS, 0.0)
    words = [w.lower() for w in _WORD.findall(text)]
    for word in words:
        for lang, stop in _STOPWORDS.items():
            if word in stop:
                scores[lang] += 1
    for ch in text.lower():
        for lang in _LETTERS.get(ch, "").split():
            scores[lang] += 0.5
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    (best, top), (_, second) = ranked[0], ranked[1]
    if top < _MIN_HITS or top < _MIN_LEAD * second:
        return None
    return best


def english_variant(country: str | None) -> str:
    """``en-GB`` for Britain, Ireland, Australia, New Zealand, South Africa; else ``en-US``."""
    return "en-GB" if (country or "").upper() in BRITISH_COUNTRIES else "en-US"


def note_language(given: str | None, text: str, country: str | None = None) -> str:
    """The tag a note is written in: ``given`` if set, else detected, else English.

    Bare English takes its variant from ``country`` (where the card goes).
    """
    tag = normalise(given) if given else None
    if tag is None:
        tag = detect(text) or "en"
    if tag == "en":
        return english_variant(country)
    return tag
