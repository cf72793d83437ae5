"""`check` reads each note in its language: thanks, interest, stock phrases, weekdays, spelling.

Unit tests of the pure functions (cardgen.checks.notelang, weekdays, spelling,
notes) and of run_checks on whole interviews; the CLI runs are in
test_language_cli.py.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import get_origin

import msgspec
import pytest

from cardgen.checks.findings import ADVICE, PROBLEM, Finding
from cardgen.checks.notelang import day_names, language_name, note_tag
from cardgen.checks.notes import says_interest, says_thanks
from cardgen.checks.rules import run_checks, similarity
from cardgen.checks.spelling import Misspelling, has_word_list, misspellings
from cardgen.checks.weekdays import WrongDay, wrong_weekdays
from cardgen.model import Address, Candidate, Company, Culture, Interview, Interviewer

FRANKFURT = Address("Neue Mainzer Straße 32", "Frankfurt am Main", "DE", "60311")
BERLIN = Address("Torstraße 112", "Berlin", "DE", "10119")
PARIS = Address("8 boulevard Haussmann", "Paris", "FR", "75009")
LONDON = Address("25 Old Broad Street", "London", "GB", "EC2N 1HN")
PHILADELPHIA = Address("400 Market Street", "Philadelphia", "US", "19106", "PA")
WEDNESDAY = dt.date(2026, 11, 18)
THURSDAY = dt.date(2026, 11, 19)
FRIDAY = dt.date(2026, 11, 20)
NOW = dt.datetime(2026, 11, 18, 12, 0)

# Sound notes: thanks, a detail from the conversation, renewed interest, no slip.
GERMAN = {
    "Jürgen Weiß": (
        "Vielen Dank für das angenehme Gespräch am Mittwoch. Ihre Schilderung, wie Ihr Team "
        "das Frühwarnmodell nach dem Abschwung 2023 neu aufgebaut hat, war die lehrreichste "
        "Stunde meiner bisherigen Suche.\n\nIch würde sehr gerne zu dieser Arbeit bei Bankhaus "
        "Müller & Söhne beitragen und freue mich darauf, von Ihnen zu hören."
    ),
    "Zofia Łukasiewicz": (
        "Herzlichen Dank, dass Sie mir erklärt haben, wie Ihr Team das Mittelstandsportfolio "
        "jedes Quartal prüft. Ihre Frage zur Konzentration der Lieferanten beschäftigt mich "
        "seitdem; ich würde mit den zwanzig größten Lieferanten jedes Kreditnehmers "
        "beginnen.\n\nIch bin sehr motiviert, Ihr Team in Frankfurt zu verstärken."
    ),
}
FRENCH = {
    "Hélène Moreau": (
        "Je vous remercie pour notre entretien de mercredi. J'ai beaucoup apprécié vos "
        "explications sur la manière dont votre équipe suit le portefeuille des entreprises "
        "de taille intermédiaire chaque trimestre.\n\nJe suis très motivée à l'idée de "
        "rejoindre la Banque Lefèvre et de contribuer à ce travail."
    ),
    "Paul Girard": (
        "Merci pour le temps que vous m'avez consacré et pour la visite des bureaux. Votre "
        "question sur la concentration des fournisseurs m'a fait réfléchir : je commencerais "
        "par les vingt premiers fournisseurs de chaque emprunteur.\n\nCe poste m'intéresse "
        "vivement et j'espère avoir bientôt de vos nouvelles."
    ),
}


def culture() -> Culture:
    """A conservative profile: an email first, then a mailed card; fields the checks
    never read get a neutral value by type (as in test_checks.py)."""
    values: dict[str, object] = {
        "name": "conservative",
        "description": "test profile",
        "mails_card": True,
        "salutation": "Dear {honorific} {surname},",
        "salutation_fallback": "Dear {first} {surname},",
        "closing": "Sincerely,",
        "mail_after_days": 1,
    }
    neutral = {str: "", bool: False, int: 0, float: 0.0}
    for f in msgspec.structs.fields(Culture):
        if f.name not in values and f.required:
            values[f.name] = () if get_origin(f.type) is tuple else neutral.get(f.type)
    return Culture(**values)  # type: ignore[arg-type]


def interview(
    notes: dict[str, str],
    *,
    company: str = "Bankhaus Müller & Söhne",
    address: Address = FRANKFURT,
    role: str = "Credit Risk Analyst",
    date: dt.date | None = WEDNESDAY,
    home: Address = BERLIN,
) -> Interview:
    people = tuple(
        Interviewer(name=name, note=note, email=f"{name.split()[-1].lower()}@x.example")
        for name, note in notes.items()
    )
    return Interview(
        candidate=Candidate("Lena Fischer", "lena@example.de", "+49 30 5550 1234", home),
        company=Company(company, "conservative", address),
        interviewers=people,
        role=role,
        date=date,
        time=dt.time(9, 30),
    )


def check(iv: Interview, **kw: object) -> list[Finding]:
    return run_checks(iv, culture(), now=NOW, **kw)  # type: ignore[arg-type]


def codes(findings: list[Finding], severity: str | None = None) -> list[str]:
    return [f.code for f in findings if severity is None or f.severity == severity]


# --------------------------------------------------------------------------- the note's language


def test_a_notes_language_is_the_interviewers_then_the_interviews_then_its_words() -> None:
    plain = interview(GERMAN)
    person = plain.interviewers[0]
    assert note_tag(plain, person, person.note) == "de"
    english = "Thank you for the time you gave me on Wednesday; I am keen to join your team."
    assert note_tag(plain, person, english) == "en-US"  # Frankfurt is not British
    to_london = Interviewer("Tomás Okafor", english, address=LONDON)
    assert note_tag(plain, to_london, english) == "en-GB"
    # The language: fields the model gains are read where they are given.
    given = SimpleNamespace(language="fr-CA", address=None)
    with_file = SimpleNamespace(language="de", address_for=lambda p: FRANKFURT)
    assert note_tag(with_file, given, english) == "fr-CA"  # type: ignore[arg-type]
    quiet = SimpleNamespace(language="", address=None)
    assert note_tag(with_file, quiet, english) == "de"  # type: ignore[arg-type]


def test_weekday_names_come_from_babel_or_for_english_the_standard_library() -> None:
    assert day_names("de")["mittwoch"] == 2
    assert day_names("fr-CA")["jeudi"] == 3
    assert day_names("en-GB")["friday"] == 4
    assert day_names("pt")["quinta-feira"] == 3
    assert language_name("fr-CA") == "French"


# --------------------------------------------------------------------------- thanks and interest

THANKS = [
    "Vielen Dank für das Gespräch.",
    "Herzlichen Dank für Ihre Zeit.",
    "Ich danke Ihnen für das Gespräch.",
    "Merci pour l'entretien.",
    "Je vous remercie de votre accueil.",
    "Gracias por la entrevista.",
    "Grazie per il colloquio.",
    "Hartelijk dank voor het gesprek.",
    "Bedankt voor het gesprek.",
    "Obrigado pela entrevista.",
    "Obrigada pela conversa.",
    "Dziękuję za rozmowę.",
    "Dziekuje za rozmowe.",  # typed without the accents
    "Děkuji za rozhovor.",
    "Tack för samtalet.",
]


@pytest.mark.parametrize("opening", THANKS)
def test_thanks_in_every_language_is_thanks(opening: str) -> None:
    assert says_thanks(opening)
    note = opening + " Wir sprachen über das Projekt Keller."
    found = check(interview({"Jürgen Weiß": note}))
    assert "no-thanks" not in codes(found)


@pytest.mark.parametrize("text", ["I look forward to it.", "We tackled the backlog together."])
def test_a_note_without_thanks_still_gets_the_advice(text: str) -> None:
    assert not says_thanks(text)


def test_interest_in_other_languages_counts_but_an_interesting_talk_does_not() -> None:
    assert says_interest("Ich freue mich darauf, von Ihnen zu hören.")
    assert says_interest("Ce poste m'intéresse vivement.")
    assert says_interest("Estoy muy interesada en el puesto.")
    assert not says_interest("It was an interesting talk.")
    assert not says_interest("Das war ein interessantes Gespräch.")


# --------------------------------------------------------------------------- sound notes


@pytest.mark.parametrize(
    "notes, company, address",
    [
        (GERMAN, "Bankhaus Müller & Söhne", FRANKFURT),
        (FRENCH, "Banque Lefèvre", PARIS),
    ],
    ids=["German", "French"],
)
def test_sound_german_and_french_notes_have_no_problems_and_no_content_advice(
    notes: dict[str, str], company: str, address: Address
) -> None:
    found = check(interview(notes, company=company, address=address))
    assert codes(found, PROBLEM) == []
    assert codes(found) == ["deadline"]


def test_german_notes_sharing_their_stock_phrases_are_not_copies() -> None:
    names = ["Jürgen Weiß", "Zofia Łukasiewicz"]
    opening = "Sehr geehrter Herr Weiß, vielen Dank für das angenehme Gespräch am Mittwoch. "
    closing = " Ich freue mich darauf, von Ihnen zu hören. Mit freundlichen Grüßen"
    a = opening + "Ihre Schilderung des Frühwarnmodells nach 2023 war lehrreich." + closing
    b = opening + "Ihre Frage zu den zwanzig größten Lieferanten beschäftigt mich." + closing
    assert similarity(a, b, names) < 0.4
    assert similarity(a, a.replace("Herr Weiß", "Frau Łukasiewicz"), names) == 1.0


def test_french_notes_sharing_their_stock_phrases_are_not_copies() -> None:
    names = ["Hélène Moreau", "Paul Girard"]
    opening = "Madame, je vous remercie pour notre entretien. "
    closing = (
        " Dans l'attente de votre réponse, veuillez agréer, Madame, l'expression de mes "
        "salutations distinguées."
    )
    a = opening + (
        "Vos explications sur le suivi trimestriel du portefeuille des entreprises de taille "
        "intermédiaire m'ont marquée."
    )
    b = opening + (
        "Votre question sur la concentration des fournisseurs m'a fait réfléchir : je "
        "commencerais par les vingt premiers de chaque emprunteur."
    )
    a, b = a + closing, b + closing
    assert similarity(a, b, names) < 0.4


# --------------------------------------------------------------------------- weekdays


@pytest.mark.parametrize(
    "text, tag, day, expected",
    [
        (
            "Thank you for taking the time to meet with me on Thursday.",
            "en-US",
            FRIDAY,
            [WrongDay("on Thursday", "on Friday")],
        ),
        (
            "Thank you for meeting with me last Thursday.",
            "en-GB",
            FRIDAY,
            [WrongDay("last Thursday", "last Friday")],
        ),
        ("Thank you for taking the time to meet with me on Friday.", "en-US", FRIDAY, []),
        ("Thank you for your time. I could start on Monday.", "en-US", FRIDAY, []),
        (
            "Vielen Dank für das Gespräch am Donnerstag.",
            "de",
            WEDNESDAY,
            [WrongDay("am Donnerstag", "am Mittwoch")],
        ),
        ("Vielen Dank für das Gespräch am Mittwoch.", "de", WEDNESDAY, []),
        (
            "Seit letzten Montag denke ich daran.",
            "de",
            WEDNESDAY,
            [WrongDay("letzten Montag", "letzten Mittwoch")],
        ),
        (
            "Je vous remercie pour notre entretien de jeudi dernier. "
            "Ce jeudi, notre échange fut riche.",
            "fr",
            WEDNESDAY,
            [WrongDay("jeudi dernier", "mercredi dernier"), WrongDay("Ce jeudi", "Ce mercredi")],
        ),
        ("Muchas gracias por la entrevista del jueves.", "es", THURSDAY, []),
        (
            "Muchas gracias por la entrevista el martes.",
            "es",
            THURSDAY,
            [WrongDay("el martes", "el jueves")],
        ),
    ],
)
def test_wrong_weekdays(text: str, tag: str, day: dt.date, expected: list[WrongDay]) -> None:
    assert wrong_weekdays(text, tag, day.weekday()) == expected


def test_a_wrong_weekday_is_a_problem_in_english_and_german() -> None:
    english = "Thank you for taking the time to meet with me on Thursday. I am keen to join."
    found = check(interview({"Margaret Dvořák": english}, date=FRIDAY, address=PHILADELPHIA))
    wrong = [f for f in found if f.code == "wrong-weekday"]
    assert [(f.severity, f.interviewer) for f in wrong] == [(PROBLEM, "Margaret Dvořák")]
    assert "'on Thursday'" in wrong[0].message and "Friday 2026-11-20" in wrong[0].message
    assert "'on Friday'" in wrong[0].suggestion

    german = GERMAN["Jürgen Weiß"].replace("am Mittwoch", "am Donnerstag")
    found = check(interview({"Jürgen Weiß": german}))
    assert codes(found, PROBLEM) == ["wrong-weekday"]
    assert "'am Mittwoch'" in found[0].suggestion


def test_weekdays_are_read_only_when_the_interview_has_a_date() -> None:
    german = GERMAN["Jürgen Weiß"].replace("am Mittwoch", "am Donnerstag")
    assert "wrong-weekday" not in codes(check(interview({"Jürgen Weiß": german}, date=None)))


# --------------------------------------------------------------------------- spelling


def test_each_misspelt_word_once_with_its_suggestion() -> None:
    text = (
        "Thank you for the intersting conversation. Intersting, too, was the Keller deal; "
        "I recieve the report from Okafor at okafor@hartwellpryce.example on 3 March."
    )
    assert misspellings(text, "en-US") == [
        Misspelling("intersting", "interesting"),
        Misspelling("recieve", "receive"),
    ]
    german = "Vielen Dank für das Gesprch. Die Kreditrisikoanalyse fand ich intresant."
    assert misspellings(german, "de") == [
        Misspelling("Gesprch", "Gespräch"),
        Misspelling("intresant", ""),
    ]


def test_british_and_american_spellings_are_both_english() -> None:
    text = "Thank you for organising the programme; I admired your candour and the centre."
    assert misspellings(text, "en-US") == []
    assert misspellings("I organized the catalog.", "en-GB") == []


def test_elisions_compounds_acronyms_and_addresses_are_not_misspellings() -> None:
    assert misspellings("J'ai apprécié l'équipe d'analyse et l'entretien.", "fr") == []
    assert misspellings("Ihre Kreditrisikoanalyse und das Frühwarnmodell.", "de") == []
    assert misspellings("I passed CFA Level I; see www.example.com/abc.", "en-US") == []


def test_names_company_role_and_the_candidates_words_are_never_misspelt() -> None:
    note = (
        "Thank you, Ngozi, for the tour. Ngozi's team at Zylvora impressed me, as did the "
        "Quantivex role. Qwertzberg was where I studied; I am keen to join Zylvora."
    )
    iv = interview(
        {"Ngozi Adebayo": note},
        company="Zylvora Holdings",
        role="Quantivex Analyst",
        address=PHILADELPHIA,
        date=FRIDAY,
    )
    assert [f.message for f in check(iv) if f.code == "misspelt-word"] == [
        "The note to Ngozi Adebayo has 'Qwertzberg', which is not in the English word list."
    ]
    assert "misspelt-word" not in codes(check(iv, dictionary=["Qwertzberg"]))


def test_a_misspelt_german_note_names_each_word_and_no_name() -> None:
    note = (
        GERMAN["Jürgen Weiß"].replace("Gespräch", "Gesprch").replace("lehrreichste", "lehrreichte")
    )
    found = check(interview({"Jürgen Weiß": note}))
    spelt = [f for f in found if f.code == "misspelt-word"]
    assert [(f.severity, f.message) for f in spelt] == [
        (PROBLEM, "The note to Jürgen Weiß has 'Gesprch': did you mean 'Gespräch'?"),
        (PROBLEM, "The note to Jürgen Weiß has 'lehrreichte': did you mean 'lehrreichste'?"),
    ]


def test_a_language_without_a_word_list_is_said_once() -> None:
    assert not has_word_list("pl") and has_word_list("de-AT")
    polish = "Dziękuję bardzo za rozmowę w środę. Jestem bardzo zainteresowana pracą."
    found = check(interview({"Jürgen Weiß": polish, "Zofia Łukasiewicz": polish + " Tak."}))
    unlisted = [f for f in found if f.code == "no-spelling-list"]
    assert [(f.severity, f.interviewer, f.message) for f in unlisted] == [
        (
            ADVICE,
            None,
            "No spelling list for Polish: the notes in Polish were not spell-checked.",
        )
    ]


def test_without_spelling_the_checks_load_no_word_list() -> None:
    # what `make` runs (spelling is `check`'s and `make --strict`'s): no misspelt
    # word, no word-list advice, and the other checks as before
    note = GERMAN["Jürgen Weiß"].replace("Gespräch", "Gesprch")
    iv = interview({"Jürgen Weiß": note, "Zofia Łukasiewicz": "Dziękuję bardzo za rozmowę."})
    spelt = codes(check(iv))
    assert "misspelt-word" in spelt and "no-spelling-list" in spelt
    quick = codes(check(iv, spelling=False))
    assert "misspelt-word" not in quick and "no-spelling-list" not in quick
    assert [c for c in spelt if c not in ("misspelt-word", "no-spelling-list")] == quick


def test_a_note_marked_in_another_language_is_spelt_in_its_own() -> None:
    # a German note marked `fr`: the `language` advice says so; its words are not French
    # misspellings ("did you mean 'miche'?")
    iv = interview({"Jürgen Weiß": GERMAN["Jürgen Weiß"]})
    person = msgspec.structs.replace(iv.interviewers[0], language="fr")
    marked = msgspec.structs.replace(iv, interviewers=(person,))
    assert "misspelt-word" not in codes(check(marked))
    slip = GERMAN["Jürgen Weiß"].replace("Gespräch", "Gesprch")
    person = msgspec.structs.replace(person, note=slip)
    found = check(msgspec.structs.replace(iv, interviewers=(person,)))
    assert [f.message for f in found if f.code == "misspelt-word"] == [
        "The note to Jürgen Weiß has 'Gesprch': did you mean 'Gespräch'?"
    ]
