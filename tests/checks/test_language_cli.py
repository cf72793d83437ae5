"""`cardgen check` on notes in German, French and English: the CLI, through run_cli.

The pure functions are tested in test_language_checks.py; these runs show the
whole path: the file's notes read in their language, the profile's dictionary,
the exit code.
"""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_cli

NOW = "2026-11-18T12:00"

GERMAN = """\
candidate:
  name: Lena Fischer
  email: lena.fischer@example.de
  phone: "+49 30 5550 1234"
  address: {street: "Torstraße 112", city: Berlin, postal_code: "10119", country: DE}
company:
  name: Bankhaus Müller & Söhne
  culture: traditional
  address: {street: "Neue Mainzer Straße 32", city: Frankfurt am Main,
            postal_code: "60311", country: DE}
role: Kreditrisikoanalystin
interview: {date: 2026-11-18, time: "09:30", timezone: Europe/Berlin}
interviewers:
  - name: Jürgen Weiß
    title: Leiter Kreditrisiko
    email: j.weiss@bankhaus-mueller.example
    note: |
      Vielen Dank für das angenehme Gespräch am Mittwoch. Ihre Schilderung, wie
      Ihr Team das Frühwarnmodell nach dem Abschwung 2023 neu aufgebaut hat, war
      die lehrreichste Stunde meiner bisherigen Suche.

      Ich würde sehr gerne zu dieser Arbeit bei Bankhaus Müller & Söhne beitragen
      und freue mich darauf, von Ihnen zu hören.
  - name: Zofia Łukasiewicz
    title: Senior Risk Manager
    email: z.lukasiewicz@bankhaus-mueller.example
    note: |
      Herzlichen Dank, dass Sie mir erklärt haben, wie Ihr Team das
      Mittelstandsportfolio jedes Quartal prüft. Ihre Frage zur Konzentration
      der Lieferanten beschäftigt mich seitdem; ich würde mit den zwanzig
      größten Lieferanten jedes Kreditnehmers beginnen.

      Ich bin sehr motiviert, Ihr Team in Frankfurt zu verstärken.
"""

FRENCH = """\
candidate:
  name: Camille Durand
  email: camille.durand@example.fr
  phone: "+33 1 55 55 12 34"
  address: {street: "12 rue de la Paix", city: Paris, postal_code: "75002", country: FR}
company:
  name: Banque Lefèvre
  culture: conservative
  address: {street: "8 boulevard Haussmann", city: Paris, postal_code: "75009", country: FR}
role: Analyste crédit
interview: {date: 2026-11-18, time: "10:00"}
interviewers:
  - name: Hélène Moreau
    title: Directrice des risques
    email: h.moreau@lefevre.example
    note: |
      Je vous remercie pour notre entretien de mercredi. J'ai beaucoup apprécié vos
      explications sur la manière dont votre équipe suit le portefeuille des
      entreprises de taille intermédiaire chaque trimestre.

      Je suis très motivée à l'idée de rejoindre la Banque Lefèvre et de
      contribuer à ce travail.
  - name: Paul Girard
    title: Analyste senior
    email: p.girard@lefevre.example
    note: |
      Merci pour le temps que vous m'avez consacré et pour la visite des bureaux.
      Votre question sur la concentration des fournisseurs m'a fait réfléchir :
      je commencerais par les vingt premiers fournisseurs de chaque emprunteur.

      Ce poste m'intéresse vivement et j'espère avoir bientôt de vos nouvelles.
"""


def findings(path: Path) -> tuple[int, list[dict[str, str]]]:
    result = run_cli("check", path, "--now", NOW, "--json")
    assert result.exit_code in (0, 1), result.output + result.stderr
    return result.exit_code, json.loads(result.output)["findings"]


def test_sound_german_and_french_notes_pass(write_yaml):
    for text in (GERMAN, FRENCH):
        code, found = findings(write_yaml(text))
        assert code == 0
        assert [f["code"] for f in found] == ["deadline"]


def test_a_misspelt_german_note_names_each_word_and_nothing_else(write_yaml):
    text = (
        GERMAN.replace("Gespräch am", "Gesprch am")
        .replace("lehrreichste", "lehrreichte")
        .replace("der Lieferanten", "der Liferanten")
        # Names, the company and the role, which no word list has, are never misspelt.
        .replace("Herzlichen Dank, dass", "Frau Łukasiewicz, herzlichen Dank, dass")
        .replace("Ich bin sehr", "Als Kreditrisikoanalystin bei Müller & Söhne bin ich sehr")
    )
    code, found = findings(write_yaml(text))
    assert code == 1
    spelt = [(f["interviewer"], f["message"]) for f in found if f["code"] == "misspelt-word"]
    assert spelt == [
        ("Jürgen Weiß", "The note to Jürgen Weiß has 'Gesprch': did you mean 'Gespräch'?"),
        ("Jürgen Weiß", "The note to Jürgen Weiß has 'lehrreichte': did you mean 'lehrreichste'?"),
        (
            "Zofia Łukasiewicz",
            "The note to Zofia Łukasiewicz has 'Liferanten': did you mean 'Lieferanten'?",
        ),
    ]


def test_a_wrong_weekday_is_a_problem_in_english_and_german(write_yaml, base_yaml):
    # The base file's interview is on Friday 20 November; its first note says Thursday.
    code, found = findings(write_yaml(base_yaml))
    assert code == 1
    assert [f["message"] for f in found if f["severity"] == "problem"] == [
        "The note to Margaret Dvořák says 'on Thursday', but the interview was on Friday "
        "2026-11-20."
    ]
    code, found = findings(write_yaml(base_yaml.replace("on Thursday", "on Friday")))
    assert "wrong-weekday" not in [f["code"] for f in found]

    code, found = findings(write_yaml(GERMAN.replace("am Mittwoch", "am Donnerstag")))
    assert code == 1
    assert [(f["code"], f["suggestion"]) for f in found if f["severity"] == "problem"] == [
        ("wrong-weekday", "Write 'am Mittwoch' (or leave the day out).")
    ]


def test_the_profiles_dictionary_is_never_misspelt(write_yaml, config_dir):
    text = GERMAN.replace("Frühwarnmodell", "Qwertzmodell")
    code, found = findings(write_yaml(text))
    assert "'Qwertzmodell'" in " ".join(f["message"] for f in found)
    (config_dir / "profile.yaml").write_text(
        "name: Lena Fischer\nemail: lena.fischer@example.de\ndictionary: [Qwertzmodell, Keller]\n",
        encoding="utf-8",
    )
    code, found = findings(write_yaml(text))
    assert (code, [f["code"] for f in found]) == (0, ["deadline"])


def test_a_dictionary_that_is_not_a_list_of_words_is_bad_input(write_yaml, config_dir):
    (config_dir / "profile.yaml").write_text(
        "name: Lena Fischer\nemail: lena@example.de\ndictionary:\n  word: Keller\n",
        encoding="utf-8",
    )
    result = run_cli("check", write_yaml(GERMAN), "--now", NOW)
    assert result.exit_code == 2
    assert result.stderr.startswith("cardgen: profile.yaml:4: dictionary: ")
    assert "Traceback" not in result.output + result.stderr
