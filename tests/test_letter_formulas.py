"""Letters in the note's language: formulas per language and formality, names and titles.

Exact strings for each language: the subject, the salutation for a man, a
woman and a reader of unknown gender, with and without academic titles, and
the closing; British against American English; the German and French samples
made end to end (email, draft, card text layer, envelope).
"""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

import pypdf
import pytest
from conftest import OUTLINE_HAND, SAMPLES, run_cli
from msgspec.structs import replace

from cardgen.checks.language import language_checks
from cardgen.errors import InputError
from cardgen.input.config import load_interview
from cardgen.input.layouts import cultures, load_languages
from cardgen.model import Address, Candidate, Company, Interview, Interviewer
from cardgen.names import addressee, czech_vocative, display_name, person_name
from cardgen.output import mail
from cardgen.textrules import closing, letter_language, salutation, subject

CULTURES = cultures()
FORMAL = CULTURES["conservative"]
PEOPLE = [  # a man, a woman, unknown; then each with academic titles
    ("Jürgen Weiß", "Mr."),
    ("Anna Keller", "Ms."),
    ("Alex Weiß", ""),
    ("Dr. Jürgen Weiß", "Mr."),
    ("Prof. Dr. Anna Keller", "Ms."),
    ("Dr. Alex Weiß", ""),
]
ROLE = Interview(Candidate("Lena Fischer", "l@x.de"), Company("Bank"), (), role="Analyst")
NO_ROLE = replace(ROLE, role="")

# tag: (subject, subject without a role, the six salutations, closing to a man,
# to a woman, to a reader of unknown gender) — the conservative (formal) culture.
FORMAL_LETTERS = {
    "en-US": (
        "Thank you for the Analyst interview",
        "Thank you for your time at Bank",
        ["Dear Mr. Weiß,", "Dear Ms. Keller,", "Dear Alex Weiß,", "Dear Dr. Weiß,",
         "Dear Prof. Keller,", "Dear Dr. Weiß,"],
        ["Sincerely,"] * 3,
    ),
    "en-GB": (
        "Thank you for the Analyst interview",
        "Thank you for your time at Bank",
        ["Dear Mr Weiß,", "Dear Ms Keller,", "Dear Alex Weiß,", "Dear Dr Weiß,",
         "Dear Prof Keller,", "Dear Dr Weiß,"],
        ["Yours sincerely,"] * 3,
    ),
    "de": (
        "Vielen Dank für das Gespräch: Analyst",
        "Vielen Dank für das Gespräch bei Bank",
        ["Sehr geehrter Herr Weiß,", "Sehr geehrte Frau Keller,", "Guten Tag Alex Weiß,",
         "Sehr geehrter Herr Dr. Weiß,", "Sehr geehrte Frau Prof. Dr. Keller,",
         "Guten Tag Dr. Alex Weiß,"],
        ["Mit freundlichen Grüßen"] * 3,
    ),
    "de-AT": (
        "Vielen Dank für das Gespräch: Analyst",
        "Vielen Dank für das Gespräch bei Bank",
        ["Sehr geehrter Herr Weiß,", "Sehr geehrte Frau Keller,", "Guten Tag Alex Weiß,",
         "Sehr geehrter Herr Dr. Weiß,", "Sehr geehrte Frau Prof. Dr. Keller,",
         "Guten Tag Dr. Alex Weiß,"],
        ["Mit freundlichen Grüßen"] * 3,
    ),
    "de-CH": (  # ss for ß in the formulas; a name keeps its own spelling
        "Vielen Dank für das Gespräch: Analyst",
        "Vielen Dank für das Gespräch bei Bank",
        ["Sehr geehrter Herr Weiß,", "Sehr geehrte Frau Keller,", "Guten Tag Alex Weiß,",
         "Sehr geehrter Herr Dr. Weiß,", "Sehr geehrte Frau Prof. Dr. Keller,",
         "Guten Tag Dr. Alex Weiß,"],
        ["Mit freundlichen Grüssen"] * 3,
    ),
    "fr": (
        "Remerciements pour l'entretien – Analyst",
        "Remerciements pour l'entretien chez Bank",
        ["Monsieur,", "Madame,", "Madame, Monsieur,", "Monsieur,", "Madame la Professeure,",
         "Madame, Monsieur,"],
        ["Je vous prie d'agréer, Monsieur, l'expression de mes salutations distinguées.",
         "Je vous prie d'agréer, Madame, l'expression de mes salutations distinguées.",
         "Je vous prie d'agréer, Madame, Monsieur, l'expression de mes salutations "
         "distinguées."],
    ),
    "es": (
        "Agradecimiento por la entrevista – Analyst",
        "Agradecimiento por la entrevista en Bank",
        ["Estimado Sr. Weiß:", "Estimada Sra. Keller:", "Buenos días, Alex Weiß:",
         "Estimado Dr. Weiß:", "Estimada Prof.ª Keller:", "Buenos días, Alex Weiß:"],
        ["Atentamente,"] * 3,
    ),
    "it": (
        "Ringraziamento per il colloquio – Analyst",
        "Ringraziamento per il colloquio presso Bank",
        ["Gentile Signor Weiß,", "Gentile Signora Keller,", "Gentile Alex Weiß,",
         "Gentile Dottor Weiß,", "Gentile Professoressa Keller,", "Gentile Alex Weiß,"],
        ["Cordiali saluti,"] * 3,
    ),
    "nl": (
        "Bedankt voor het gesprek – Analyst",
        "Bedankt voor het gesprek bij Bank",
        ["Geachte heer Weiß,", "Geachte mevrouw Keller,", "Geachte Alex Weiß,",
         "Geachte heer Weiß,", "Geachte professor Keller,", "Geachte Alex Weiß,"],
        ["Met vriendelijke groet,"] * 3,
    ),
    "pt": (
        "Agradecimento pela entrevista – Analyst",
        "Agradecimento pela entrevista – Bank",
        ["Exmo. Sr. Jürgen Weiß,", "Exma. Sra. Anna Keller,", "Exmo.(a) Sr.(a) Alex Weiß,",
         "Exmo. Dr. Jürgen Weiß,", "Exma. Prof.ª Anna Keller,", "Exmo.(a) Sr.(a) Alex Weiß,"],
        ["Com os melhores cumprimentos,"] * 3,
    ),
    "pt-BR": (
        "Agradecimento pela entrevista – Analyst",
        "Agradecimento pela entrevista – Bank",
        ["Prezado Sr. Weiß,", "Prezada Sra. Keller,", "Prezado(a) Alex Weiß,",
         "Prezado Dr. Weiß,", "Prezada Profa. Keller,", "Prezado(a) Alex Weiß,"],
        ["Atenciosamente,"] * 3,
    ),
    "pl": (  # no surname: no vocative to guess; a title in the vocative
        "Podziękowanie za rozmowę kwalifikacyjną – Analyst",
        "Podziękowanie za rozmowę – Bank",
        ["Szanowny Panie,", "Szanowna Pani,", "Dzień dobry,", "Szanowny Panie Doktorze,",
         "Szanowna Pani Profesor,", "Dzień dobry,"],
        ["Z wyrazami szacunku"] * 3,
    ),
    "cs": (  # Weiß has no Czech vocative: the formal form without the name
        "Poděkování za pohovor – Analyst",
        "Poděkování za pohovor – Bank",
        ["Vážený pane,", "Vážená paní Keller,", "Dobrý den,", "Vážený pane doktore,",
         "Vážená paní profesorko,", "Dobrý den,"],
        ["S pozdravem"] * 3,
    ),
    "sv": (
        "Tack för intervjun – Analyst",
        "Tack för intervjun hos Bank",
        ["Bästa Jürgen Weiß,", "Bästa Anna Keller,", "Bästa Alex Weiß,", "Bästa Jürgen Weiß,",
         "Bästa Anna Keller,", "Bästa Alex Weiß,"],
        ["Med vänliga hälsningar"] * 3,
    ),
}  # fmt: skip


def person(name: str, honorific: str = "", note: str = "x", **changes) -> Interviewer:
    return Interviewer(name=name, note=note, honorific=honorific, **changes)


@pytest.mark.parametrize("tag", sorted(FORMAL_LETTERS))
def test_formal_letters_in_each_language(tag):
    subject_line, no_role, salutations, closings = FORMAL_LETTERS[tag]
    assert subject(FORMAL, ROLE, tag) == subject_line
    assert subject(FORMAL, NO_ROLE, tag) == no_role
    assert [salutation(FORMAL, person(n, h), tag) for n, h in PEOPLE] == salutations
    assert [closing(FORMAL, person(n, h), tag) for n, h in PEOPLE[:3]] == closings


@pytest.mark.parametrize(
    ("tag", "standard", "casual"),
    [
        ("en-US", ("Dear Jan,", "Dear Alex,", "Best regards,"),
         ("Hi Jan,", "Hi Alex,", "Thanks again,")),
        ("en-GB", ("Dear Jan,", "Dear Alex,", "Kind regards,"),
         ("Hi Jan,", "Hi Alex,", "Thanks again,")),
        ("de", ("Guten Tag Herr Novák,", "Guten Tag Alex Novák,", "Freundliche Grüße"),
         ("Hallo Jan,", "Hallo Alex,", "Viele Grüße")),
        ("de-CH", ("Guten Tag Herr Novák,", "Guten Tag Alex Novák,", "Freundliche Grüsse"),
         ("Hallo Jan,", "Hallo Alex,", "Viele Grüsse")),
        ("fr", ("Bonjour Monsieur,", "Bonjour Alex Novák,", "Cordialement,"),
         ("Bonjour Jan,", "Bonjour Alex,", "Bien cordialement,")),
        ("es", ("Estimado Sr. Novák:", "Buenos días, Alex Novák:", "Un cordial saludo,"),
         ("Hola, Jan:", "Hola, Alex:", "Un saludo,")),
        ("it", ("Gentile Signor Novák,", "Gentile Alex Novák,", "Cordiali saluti,"),
         ("Ciao Jan,", "Ciao Alex,", "Un caro saluto,")),
        ("nl", ("Beste heer Novák,", "Beste Alex Novák,", "Met vriendelijke groet,"),
         ("Hoi Jan,", "Hoi Alex,", "Groeten,")),
        ("pt", ("Caro Sr. Novák,", "Olá, Alex Novák,", "Cumprimentos,"),
         ("Olá, Jan,", "Olá, Alex,", "Até breve,")),
        ("pt-BR", ("Prezado Sr. Novák,", "Olá, Alex Novák,", "Atenciosamente,"),
         ("Olá, Jan,", "Olá, Alex,", "Abraços,")),
        ("pl", ("Szanowny Panie,", "Dzień dobry,", "Z poważaniem"),
         ("Dzień dobry,", "Dzień dobry,", "Pozdrawiam")),
        ("cs", ("Vážený pane Nováku,", "Dobrý den,", "S pozdravem"),
         ("Dobrý den,", "Dobrý den,", "Hezký den")),
        ("sv", ("Hej Jan,", "Hej Alex,", "Vänliga hälsningar"),
         ("Hej Jan!", "Hej Alex!", "Hälsningar")),
    ],
)  # fmt: skip
def test_standard_and_casual_letters_in_each_language(tag, standard, casual):
    man, unknown = person("Jan Novák", "Mr."), person("Alex Novák")
    for culture, expected in ((CULTURES["standard"], standard), (CULTURES["modern"], casual)):
        got = (salutation(culture, man, tag), salutation(culture, unknown, tag))
        assert (*got, closing(culture, man, tag)) == expected


def test_british_and_american_english_differ_in_stops_and_closing():
    iyer = person("Dr. Priya Iyer", "Ms.")
    assert salutation(FORMAL, iyer, "en-GB") == "Dear Dr Iyer,"
    assert closing(FORMAL, iyer, "en-GB") == "Yours sincerely,"
    assert salutation(FORMAL, iyer, "en-US") == "Dear Dr. Iyer,"
    assert closing(FORMAL, iyer, "en-US") == "Sincerely,"
    assert salutation(FORMAL, person("Jo Bloggs", "Mrs."), "en-AU") == "Dear Mrs Bloggs,"


@pytest.mark.parametrize(
    ("surname", "vocative"),
    [("Novák", "Nováku"), ("Dvořák", "Dvořáku"), ("Hájek", "Hájku"), ("Vlach", "Vlachu"),
     ("Svoboda", "Svobodo"), ("Procházka", "Procházko"), ("Kovář", "Kováři"),
     ("Beneš", "Beneši"), ("Černý", "Černý"), ("Krejčí", "Krejčí"), ("Zeman", "Zemane"),
     ("Kubát", "Kubáte"), ("Král", "Krále"), ("Holub", "Holube"),
     ("Němec", None), ("Havel", None), ("Petr", None), ("Klaus", None), ("Weiß", None),
     ("Hugo", None), ("N", None)],
)  # fmt: skip
def test_czech_vocative_is_formed_only_where_the_rules_are_regular(surname, vocative):
    assert czech_vocative(surname) == vocative


def test_czech_salutation_uses_the_vocative_or_leaves_the_name_out():
    assert salutation(FORMAL, person("Jan Novák", "Pan"), "cs") == "Vážený pane Nováku,"
    assert salutation(FORMAL, person("Jana Nováková", "Paní"), "cs") == "Vážená paní Nováková,"
    assert salutation(FORMAL, person("Pavel Němec", "Mr."), "cs") == "Vážený pane,"
    assert salutation(FORMAL, person("Ing. Jan Novák", "Mr."), "cs") == "Vážený pane inženýre,"


@pytest.mark.parametrize(
    ("name", "honorific", "titles", "gender", "given", "surname"),
    [
        ("Dr. Jürgen Weiß", "Dr.", ("Dr.",), "", "Jürgen", "Weiß"),
        ("Dr. Jürgen Weiß", "Mr.", ("Dr.",), "man", "Jürgen", "Weiß"),
        ("Dr. Anna Keller", "Prof.", ("Prof.", "Dr."), "", "Anna", "Keller"),
        ("prof dr Anna Keller", "Ms.", ("Prof.", "Dr."), "woman", "Anna", "Keller"),
        ("Dipl.-Ing. Mag. Eva Berger", "Frau", ("Dipl.-Ing.", "Mag."), "woman", "Eva", "Berger"),
        ("Herr Dr. Dr. Jürgen Weiß", "", ("Dr.",), "man", "Jürgen", "Weiß"),
        ("Ing Wei", "", (), "", "Ing", "Wei"),  # a name, not a title, without its dot
        ("Pan Wei", "", (), "", "Pan", "Wei"),  # a name, not an honorific
        ("Ludwig van Beethoven", "Mr.", (), "man", "Ludwig", "van Beethoven"),
        ("Cher", "Ms.", (), "woman", "", "Cher"),
        # no given name: the particles begin the surname, they are not a first name
        ("Dr. van der Berg", "", ("Dr.",), "", "", "van der Berg"),
        ("de la Fuente", "Mr.", (), "man", "", "de la Fuente"),
        ("Van Morrison", "Mr.", (), "man", "Van", "Morrison"),  # a given name
        ("Anna Maria van der Berg", "Mrs.", (), "woman", "Anna", "van der Berg"),
        # the faculty after Dr. is part of the title, not a given name
        ("Dr. med. Hans Müller", "Mr.", ("Dr. med.",), "man", "Hans", "Müller"),
        ("Prof. Dr. rer. nat. Eva Berger", "", ("Prof.", "Dr. rer. nat."), "", "Eva", "Berger"),
        ("Dr. med. Hans Müller", "Dr.", ("Dr. med.",), "", "Hans", "Müller"),  # not Dr. Dr.
        # letters after the name are not its surname; a doctorate's stand for Dr.
        ("Jane Smith, PhD", "Ms.", ("Dr.",), "woman", "Jane", "Smith"),
        ("Jane Smith Ph.D.", "", ("Dr.",), "", "Jane", "Smith"),
        ("Dr. Jane Smith, MBA", "Ms.", ("Dr.",), "woman", "Jane", "Smith"),
        ("Prof. Jane Smith, PhD", "", ("Prof.",), "", "Jane", "Smith"),
        ("John King Jr.", "Mr.", (), "man", "John", "King"),
        ("Yo-Yo Ma", "Mr.", (), "man", "Yo-Yo", "Ma"),  # a surname, not a degree
        # the surname first, as lists write it
        ("Smith, Jane", "Ms.", (), "woman", "Jane", "Smith"),
        ("Weiß, Dr. Jürgen", "Herr", ("Dr.",), "man", "Jürgen", "Weiß"),
        ("Smith, Jane, PhD", "Ms.", ("Dr.",), "woman", "Jane", "Smith"),
        ("Prof. Dr. h.c. mult. Hans Weber", "", ("Prof.", "Dr. h.c. mult."), "", "Hans", "Weber"),
    ],
)
def test_names_are_taken_apart_with_each_title_once(
    name, honorific, titles, gender, given, surname
):
    p = person_name(name, honorific)
    assert (p.titles, p.gender, p.given, p.surname) == (titles, gender, given, surname)


def test_a_surname_with_particles_and_no_given_name_is_greeted_whole():
    berg = person("Dr. van der Berg", "")
    assert salutation(FORMAL, berg, "en-US") == "Dear Dr. van der Berg,"
    assert salutation(FORMAL, person("van der Berg", "Mr."), "nl") == "Geachte heer Van der Berg,"
    assert salutation(FORMAL, person("de la Fuente", "Ms."), "en-GB") == "Dear Ms de la Fuente,"


def test_letters_after_a_name_are_greeted_as_a_title_or_not_at_all():
    smith = person("Jane Smith, PhD", "Ms.")
    assert salutation(FORMAL, smith, "en-US") == "Dear Dr. Smith,"
    assert addressee(smith.name, smith.honorific, "en") == ("Dr.", "Jane Smith")
    assert display_name(smith) == "Dr. Jane Smith"  # never Dr. Jane Smith, PhD
    mba = person("Jane Smith, MBA", "Ms.")
    assert salutation(FORMAL, mba, "en-US") == "Dear Ms. Smith,"
    assert addressee(mba.name, mba.honorific, "en") == ("Ms.", "Jane Smith, MBA")
    king = person("John King Jr.", "Mr.")
    assert salutation(FORMAL, king, "en-US") == "Dear Mr. King,"
    assert display_name(king) == "John King Jr."


def test_a_german_doctors_faculty_is_on_the_envelope_not_in_the_salutation():
    mueller = person("Dr. med. Hans Müller", "Mr.")
    assert salutation(FORMAL, mueller, "de") == "Sehr geehrter Herr Dr. Müller,"
    assert salutation(FORMAL, mueller, "en-US") == "Dear Dr. Müller,"
    assert addressee(mueller.name, mueller.honorific, "de") == ("Mr.", "Dr. med. Hans Müller")
    assert display_name(mueller) == "Dr. med. Hans Müller"


def test_the_salutation_envelope_and_to_header_agree_and_never_say_dr_dr():
    weiss = person("Dr. Jürgen Weiß", "Dr.", email="j.weiss@bank.example")
    assert salutation(FORMAL, weiss, "en-US") == "Dear Dr. Weiß,"
    assert addressee(weiss.name, weiss.honorific, "en") == ("Dr.", "Jürgen Weiß")
    assert addressee(weiss.name, weiss.honorific, "en-GB") == ("Dr.", "Jürgen Weiß")
    assert addressee(weiss.name, "Mr.", "de") == ("Mr.", "Dr. Jürgen Weiß")
    assert display_name(weiss) == "Dr. Jürgen Weiß"
    interview = Interview(ROLE.candidate, Company("Bank"), (weiss,))
    draft = email.message_from_bytes(
        mail.eml_bytes(FORMAL, interview, weiss), policy=email.policy.default
    )
    assert draft["To"].addresses[0].display_name == "Dr. Jürgen Weiß"


def test_the_letter_language_is_given_else_detected_and_english_takes_the_destination():
    german = "Vielen Dank für das freundliche Gespräch am Mittwoch. Ich würde mich sehr freuen."
    english = "Thank you for the conversation on Friday. I enjoyed hearing about the team."
    london = Address("25 Old Broad Street", "London", "GB", "EC2N 1HN")
    boston = Address("1 Main Street", "Boston", "US", "02110", "MA")
    iv = Interview(ROLE.candidate, Company("Bank", address=boston), ())
    assert letter_language(iv, person("A B", note=german)) == "de"
    assert letter_language(iv, person("A B", note=english)) == "en-US"
    assert letter_language(iv, person("A B", note=english, address=london)) == "en-GB"
    assert letter_language(iv, person("A B", note=english, language="fr")) == "fr"
    assert (
        letter_language(replace(iv, language="en-US"), person("A B", note=english, address=london))
        == "en-US"
    )


def test_a_cultures_file_overrides_a_formula_per_language(write_yaml):
    path = write_yaml(
        "cultures:\n"
        "  conservative:\n"
        "    description: Ours.\n"
        "    card: true\n"
        "    formality: formal\n"
        "    font: ems-allure\n"
        "    ink: navy\n"
        "    stock: ivory\n"
        "    languages:\n"
        '      de: {closing: "Mit besten Grüßen"}\n'
        '      de-CH: {closing: "Freundliche Grüsse aus Zürich"}\n',
        "cultures.yaml",
    )
    ours = cultures(path)["conservative"]
    weiss = person("Jürgen Weiß", "Mr.")
    assert closing(ours, weiss, "de") == "Mit besten Grüßen"
    assert closing(ours, weiss, "de-AT") == "Mit besten Grüßen"
    assert closing(ours, weiss, "de-CH") == "Freundliche Grüsse aus Zürich"
    assert salutation(ours, weiss, "de") == "Sehr geehrter Herr Weiß,"
    assert closing(ours, weiss, "fr") == (
        "Je vous prie d'agréer, Monsieur, l'expression de mes salutations distinguées."
    )


def test_a_cultures_file_refuses_an_unknown_language(write_yaml):
    path = write_yaml(
        "cultures:\n  ours:\n    description: Ours.\n    card: false\n    font: caveat\n"
        "    ink: navy\n    stock: white\n    languages:\n      xx: {closing: Bye}\n",
        "cultures.yaml",
    )
    with pytest.raises(InputError) as caught:
        cultures(path)
    assert str(caught.value).startswith("cultures.yaml:9: cultures.ours.languages.xx: 'xx' is")


def test_the_shipped_languages_file_has_every_language_at_every_formality():
    from cardgen.languages import LANGUAGES
    from cardgen.resources import layouts_dir

    table = load_languages(layouts_dir() / "languages.yaml")
    assert {tag.split("-")[0] for tag in table} == set(LANGUAGES)
    assert all(set(forms) == {"formal", "standard", "casual"} for forms in table.values())


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("klingon", "'klingon' is not a language tag: write one like de, de-AT, fr, en-GB"),
        ("ja", "cardgen does not write ja letters: use one of en, de, fr, es, it, nl, pt, pl, "
               "cs, sv (with a region if you like: de-CH, pt-BR)"),
    ],
)  # fmt: skip
def test_a_bad_language_is_one_line_naming_file_line_and_key(write_yaml, base_yaml, value, message):
    text = base_yaml.replace(
        "role: Associate Analyst", f"role: Associate Analyst\nlanguage: {value}"
    )
    result = run_cli("check", write_yaml(text))
    assert result.exit_code == 2
    assert result.stderr == f"cardgen: interview.yaml:21: language: {message}\n"
    text = base_yaml.replace("    honorific: Ms.", f"    honorific: Ms.\n    language: {value}")
    with pytest.raises(InputError) as caught:
        load_interview(write_yaml(text))
    assert str(caught.value) == f"interview.yaml:26: interviewers[0].language: {message}"


def test_check_advises_when_the_given_language_is_not_the_notes():
    english = "Thank you for the conversation on Friday. I enjoyed hearing about the team."
    iv = Interview(
        ROLE.candidate,
        Company("Bank"),
        (
            person("Ann Lee", note=english, language="de"),
            person("Bo Lee", note=english, language="en-GB"),
            person("Cy Lee", note=english),
        ),
    )
    found = [finding for _, finding in language_checks(iv)]
    assert [(f.code, f.interviewer) for f in found] == [("language", "Ann Lee")]
    assert "German" in found[0].message and "English" in found[0].message


@pytest.fixture(scope="module")
def kits(tmp_path_factory) -> dict[str, Path]:
    """The German and French samples made once each: sample name → kit folder."""
    config = tmp_path_factory.mktemp("config")
    out = {}
    for sample in ("weiss-de", "lefevre-fr"):
        folder = tmp_path_factory.mktemp(sample) / "kit"
        result = run_cli(
            "make", SAMPLES / f"{sample}.yaml", "--out", folder, *OUTLINE_HAND,
            "--now", "2026-11-18T18:00", env={"CARDGEN_CONFIG_DIR": str(config)},
        )  # fmt: skip
        assert result.exit_code == 0, result.stderr
        out[sample] = folder
    return out


@pytest.mark.parametrize(
    ("sample", "folder", "lines", "envelope"),
    [
        (
            "weiss-de",
            "01-jurgen-weiss",
            ("Subject: Vielen Dank für das Gespräch: Analystin Kreditrisiko",
             "Sehr geehrter Herr Dr. Weiß,", "Mit freundlichen Grüßen"),
            "Herrn Dr. Jürgen Weiß",
        ),
        (
            "weiss-de",
            "02-sabine-keller",
            ("Subject: Vielen Dank für das Gespräch: Analystin Kreditrisiko",
             "Sehr geehrte Frau Prof. Dr. Keller,", "Mit freundlichen Grüßen"),
            "Frau Prof. Dr. Sabine Keller",
        ),
        (
            "lefevre-fr",
            "01-helene-lefevre",
            ("Subject: Remerciements pour l'entretien – collaboratrice en droit des sociétés",
             "Maître,",
             "Je vous prie d'agréer, Maître, l'expression de mes salutations distinguées."),
            "Me Hélène Lefèvre",
        ),
    ],
)  # fmt: skip
def test_the_german_and_french_samples_make_kits_in_their_language(
    kits, sample, folder, lines, envelope
):
    kit = kits[sample] / folder
    subject_line, opening, close = lines
    text = (kit / "email.txt").read_text(encoding="utf-8")
    assert text.startswith(f"{subject_line}\n\n{opening}\n\n")
    assert f"\n\n{close}\n" in text
    draft = email.message_from_bytes((kit / "email.eml").read_bytes(), policy=email.policy.default)
    assert f"Subject: {draft['Subject']}" == subject_line
    card = pypdf.PdfReader(kit / "card.pdf").pages[0].extract_text()
    assert card.startswith(opening)
    assert " ".join(close.split()) in " ".join(card.split())
    assert envelope in pypdf.PdfReader(kit / "envelope.pdf").pages[0].extract_text().splitlines()


def test_cardgen_check_gives_the_language_advice(write_yaml, base_yaml):
    text = base_yaml.replace("role: Associate Analyst", "role: Associate Analyst\nlanguage: de")
    result = run_cli("check", write_yaml(text), "--json", "--now", "2026-11-21T09:00")
    assert '"code": "language"' in result.stdout
