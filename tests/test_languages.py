"""The note's language: tags, detection from the words, English by destination."""

from __future__ import annotations

import pytest

from cardgen.languages import base, detect, english_variant, normalise, note_language, region

NOTES = {
    "en": "Thank you for the conversation on Friday. I enjoyed hearing about the team.",
    "de": "Vielen Dank für das freundliche Gespräch am Mittwoch. Ich würde mich sehr freuen.",
    "fr": "Je vous remercie pour cet entretien très riche. Votre équipe m'a beaucoup plu.",
    "es": "Muchas gracias por la entrevista del viernes. Fue un placer conocer a su equipo.",
    "it": "Grazie per il colloquio di venerdì. Sono stato molto contento di conoscere la squadra.",
    "nl": "Hartelijk dank voor het gesprek van vrijdag. Ik zou graag bij uw team werken.",
    "pt": "Muito obrigado pela entrevista. Foi um prazer conhecer a sua equipa e o seu trabalho.",
    "pl": "Bardzo dziękuję za rozmowę w piątek. Jestem pod wrażeniem pracy pana zespołu.",
    "cs": "Velmi děkuji za rozhovor v pátek. Byl jsem rád, že jsem poznal váš tým.",
    "sv": "Tack så mycket för samtalet i fredags. Jag skulle gärna arbeta med er.",
}


@pytest.mark.parametrize("lang", sorted(NOTES))
def test_each_language_is_told_by_its_words(lang):
    assert detect(NOTES[lang]) == lang


def test_a_note_too_short_to_tell_gives_none():
    assert detect("Best, Ana") is None
    assert detect("") is None


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("de_at", "de-AT"),
        ("FR", "fr"),
        ("en-gb", "en-GB"),
        ("es-419", "es-419"),
        ("x y", None),
        ("", None),
    ],
)
def test_tags_are_normalised(tag, expected):
    assert normalise(tag) == expected


def test_base_and_region():
    assert (base("de-CH"), region("de-CH")) == ("de", "CH")
    assert (base("fr"), region("fr")) == ("fr", "")


@pytest.mark.parametrize(
    ("country", "variant"),
    [
        ("GB", "en-GB"),
        ("ie", "en-GB"),
        ("AU", "en-GB"),
        ("US", "en-US"),
        (None, "en-US"),
        ("DE", "en-US"),
    ],
)
def test_english_takes_its_variant_from_the_destination(country, variant):
    assert english_variant(country) == variant


def test_a_given_language_wins_over_the_words():
    assert note_language("fr-CA", NOTES["en"], "CA") == "fr-CA"
    assert note_language(None, NOTES["de"], "CH") == "de"
    assert note_language(None, NOTES["en"], "GB") == "en-GB"
    assert note_language("en", NOTES["de"], "IE") == "en-GB"
    assert note_language(None, "Best, Ana", "NZ") == "en-GB"


def test_a_note_is_read_for_its_language_once_a_run():
    """Its card, email, subject and checks all ask a note's language: it is read once."""
    note = "Vielen Dank für das Gespräch und die Zeit, die Sie sich genommen haben."
    detect.cache_clear()
    assert [detect(note) for _ in range(5)] == ["de"] * 5
    assert detect.cache_info().misses == 1
