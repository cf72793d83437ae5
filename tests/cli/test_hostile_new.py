"""Hostile and confused input for the languages, the formulas, the profile's words and
hand, and ``cardgen hand``: one line naming the file, key and line (or the option),
exit 2, nothing written — or, for what is merely odd, a sensible letter.
"""

from __future__ import annotations

import os
import re
import shlex
import struct
import zlib
from pathlib import Path

import pytest
from conftest import BASE_YAML, LINE, run_cli
from PIL import Image

from cardgen.input.layouts import cultures
from cardgen.model import Interviewer
from cardgen.names import addressee, czech_vocative, person_name
from cardgen.textrules import salutation

NOW = ("--now", "2026-11-21T09:00")
ERROR = re.compile(r"cardgen: [^\n]+")
FORMAL, CASUAL = cultures()["conservative"], cultures()["modern"]


def error_line(result) -> str:
    """The one stderr line of a run refused as bad input (exit 2), checked for shape."""
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and ERROR.fullmatch(lines[0]), result.stderr
    return lines[0]


def check(tmp_path: Path, text: str, *args: object):
    path = tmp_path / "in" / "interview.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return run_cli("check", path, *NOW, *args)


def with_language(value: str, on: str) -> tuple[str, str, int]:
    """BASE_YAML with ``language: value`` on the interview or the first interviewer."""
    if on == "interview":
        new = BASE_YAML.replace(
            "role: Associate Analyst", f"role: Associate Analyst\nlanguage: {value}"
        )
        return new, "language", LINE["role"] + 1
    anchor = "    title: Managing Partner"
    new = BASE_YAML.replace(anchor, f"{anchor}\n    language: {value}")
    return new, "interviewers[0].language", LINE["interviewers[0].title"] + 1


# ---------------------------------------------------------------- language: tags


@pytest.mark.parametrize("on", ["interview", "interviewer"])
@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("no", "does not write no letters"),  # Norwegian, not a YAML false
        ("yes", "does not write yes letters"),
        ("true", "is not a language tag"),
        ("42", "is not a language tag"),
        ("[de, fr]", "expected text, got a list"),
        ("{de: 1}", "expected text, got a mapping"),
        ('""', "is empty"),
        ('"de\\x01"', "control character"),
        ('"de\\u202e"', "is not a language tag"),
        ("x" * 5000, "the limit is 20"),
        ("xx", "does not write xx letters"),
        ("tlh", "does not write tlh letters"),
        ("de--AT", "is not a language tag"),
        # a script or variant: a tag all the same, said as such
        ("zh-Hant-TW", "does not write zh letters"),
        ("sr-Latn", "does not write sr letters"),
        ("de-Latn-AT", "like de-AT"),
        ("en-GB-oxendict", "like en-GB"),
        ("de-1996", "at most a region, like de"),
    ],
)
def test_a_bad_language_is_one_line_naming_key_and_line(tmp_path, value, says, on):
    text, key, line = with_language(value, on)
    got = error_line(check(tmp_path, text))
    assert got.startswith(f"cardgen: interview.yaml:{line}: {key}: "), got
    assert says in got, got


@pytest.mark.parametrize("value", ["de_at", "DE", "pt-br", "cs-CZ", "en-ZZ", "null"])
def test_odd_but_valid_language_values_are_read(tmp_path, value):
    for on in ("interview", "interviewer"):
        result = check(tmp_path, with_language(value, on)[0])
        assert result.exit_code in (0, 1), result.stderr


# ---------------------------------------------------------------- a culture's languages:

CULTURE = """\
cultures:
  mine:
    description: Mine.
    card: true
    font: ems-allure
    ink: navy
    stock: ivory
    formality: {formality}
    languages: {languages}
"""


@pytest.mark.parametrize(
    ("formality", "languages", "key", "says"),
    [
        ("formal", "[de, fr]", "cultures.mine.languages", "expected a mapping"),
        ("formal", "{de: null}", "cultures.mine.languages.de", "expected a mapping"),
        ("formal", "{no: {closing: a}}", "cultures.mine.languages.no", "not a language"),
        ("formal", "{zh-Hant-TW: {closing: a}}", "cultures.mine.languages.zh-Hant-TW", "not a"),
        ("formal", "{de: {closing: [a]}}", "cultures.mine.languages.de.closing", "expected text"),
        ("formal", "{de: {closing: '{0}'}}", "cultures.mine.languages.de.closing", "{0}"),
        ("formal", "{de: {nonsense: a}}", "cultures.mine.languages.de.nonsense", "unknown key"),
        ("no", "{}", "cultures.mine.formality", "expected one of"),
        ("[formal]", "{}", "cultures.mine.formality", "expected text"),
    ],
)
def test_a_bad_culture_language_or_formality(tmp_path, formality, languages, key, says):
    path = tmp_path / "c.yaml"
    path.write_text(CULTURE.format(formality=formality, languages=languages), encoding="utf-8")
    text = BASE_YAML.replace("culture: conservative", "culture: mine")
    got = error_line(check(tmp_path, text, "--cultures", path))
    line = 8 if key.endswith("formality") else 9
    assert got.startswith(f"cardgen: c.yaml:{line}: {key}: ") and says in got, got


# ---------------------------------------------------------------- names and titles


@pytest.mark.parametrize("name", ["Dr. Prof.", "Herr", "Dr. Dr.", "Mr. Mrs.", "Mgr.", "Frau Dr."])
@pytest.mark.parametrize("key", ["interviewers[0].name", "candidate.name"])
def test_a_name_of_titles_only_is_refused(tmp_path, name, key):
    old = "name: Margaret Dvořák" if key.startswith("interviewers") else "name: Alex Rivera"
    got = error_line(check(tmp_path, BASE_YAML.replace(old, f"name: {name}")))
    line = LINE["interviewers[0]" if key.startswith("interviewers") else key]
    assert got.startswith(f"cardgen: interview.yaml:{line}: {key}: "), got
    assert "only titles" in got


@pytest.mark.parametrize("to", ["Dr.", "Herr", "Dr. Prof.", "Ms. <jane@example.com>"])
def test_make_text_to_titles_only_is_refused(tmp_path, to):
    note = tmp_path / "note.txt"
    note.write_text("Thank you for the conversation about the role.\n", encoding="utf-8")
    args = ("--to", to, "--from", "Alex Rivera <alex@example.com>", "--company", "Acme")
    result = run_cli("make", "--text", note, *args, "--out", tmp_path / "out", *NOW)
    assert error_line(result).startswith("cardgen: --to: ")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("name", ["Dr. Dr. Dr. Weiß", "Ing", "Doc", "Pan", "Me Lefèvre", "Ng"])
def test_names_that_look_like_titles_but_hold_a_name(name):
    from cardgen.names import titles_only

    assert not titles_only(name)


@pytest.mark.parametrize(
    ("name", "honorific", "language", "formal", "casual"),
    [
        ("Dr. Dr. Dr. Weiß", "Mr.", "de", "Sehr geehrter Herr Dr. Weiß,", "Hallo Weiß,"),
        ("Dr. Dr. Dr. Weiß", "Dr.", "en-US", "Dear Dr. Weiß,", "Hi Weiß,"),
        ("Herr Herr Müller", "", "de", "Sehr geehrter Herr Müller,", "Hallo Müller,"),
        ("Jana Nováková", "Ms.", "cs", "Vážená paní Nováková,", "Dobrý den,"),
        ("Petr Dvořák", "Mr.", "cs", "Vážený pane Dvořáku,", "Dobrý den,"),
        ("Jan Krejčí", "Mr.", "cs", "Vážený pane Krejčí,", "Dobrý den,"),
        ("Jan Hrubý", "Mr.", "cs", "Vážený pane Hrubý,", "Dobrý den,"),
        ("Anh Ng", "Mr.", "cs", "Vážený pane,", "Dobrý den,"),  # not "pane Ngu"
        ("Prof. dr hab. inż. Jan Kowalski", "Mr.", "pl", "Szanowny Panie Profesorze,", None),
        ("Prof. dr hab. inż. Jan Kowalski", "Mr.", "en-US", "Dear Prof. Kowalski,", "Hi Jan,"),
        ("mgr inż. Anna Nowak", "Ms.", "en-US", "Dear Ms. Nowak,", "Hi Anna,"),
    ],
)
def test_salutations_of_odd_names(name, honorific, language, formal, casual):
    person = Interviewer(name=name, note="x", honorific=honorific)
    assert salutation(FORMAL, person, language) == formal
    if casual is not None:
        assert salutation(CASUAL, person, language) == casual


def test_czech_vocative_needs_a_czech_syllable():
    assert czech_vocative("Ng") is None
    assert czech_vocative("Vlk") == "Vlku"  # a syllabic l is Czech
    assert czech_vocative("Nováková") is None


def test_the_czech_letters_pattern_waits_for_a_czech_surname(fresh_python):
    """Loading the names compiles no Czech pattern (1.5 M instructions): only a Czech
    kit puts a surname in the vocative."""
    code = (
        "from cardgen import names\n"
        "print(sum('Ř' in p for p in seen), names._czech.cache_info().currsize)\n"
        "print(names.czech_vocative('Novák'), sum('Ř' in p for p in seen))\n"
    )
    lines = fresh_python(code, record_compiles=True)
    assert lines == ["0 0", "Nováku 1"]


def test_polish_titles_are_kept_once_and_lower_case_on_a_polish_envelope():
    p = person_name("Prof. dr hab. inż. Jan Kowalski", "Mr.")
    assert (p.titles, p.given, p.surname) == (("Prof.", "Dr.", "hab.", "inż."), "Jan", "Kowalski")
    assert addressee("Prof. dr hab. inż. Jan Kowalski", "Mr.", "pl") == (
        "Mr.",
        "prof. dr hab. inż. Jan Kowalski",
    )
    assert person_name("Hab Wei").given == "Hab"  # without its dot a name, as Ing and Doc


# ---------------------------------------------------------------- notes


@pytest.mark.parametrize(
    ("note", "language"),
    [
        ("Vielen Dank für das Gespräch am Freitag. Ich freue mich sehr.", "fr"),
        ("Margaret Dvořák Priya Raman", None),
        ("12345 678 90", None),
        ("1 2 3", "de"),
    ],
)
def test_a_note_in_another_language_or_of_no_language_is_checked(tmp_path, note, language):
    old = "note: Thank you for organising Thursday so smoothly and for the office tour."
    new = f"note: {note!r}" + (f"\n    language: {language}" if language else "")
    result = check(tmp_path, BASE_YAML.replace(old, new))
    assert result.exit_code in (0, 1) and not result.stderr, result.stderr


# ---------------------------------------------------------------- the profile


def profile(config_dir: Path, extra: str) -> Path:
    path = config_dir / "profile.yaml"
    path.write_text(f"name: Alex Rivera\nemail: alex@example.com\n{extra}\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("extra", "key", "says"),
    [
        ("dictionary: [" + ", ".join(f"w{i}" for i in range(10_000)) + "]", "dictionary", "10,000"),
        ("dictionary: [[a, b], c]", "dictionary[0]", "expected text, got a list"),
        ("dictionary: {a: 1}", "dictionary", "expected a list"),
        ("dictionary: ['" + "x" * 300 + "']", "dictionary[0]", "the limit is 100"),
        ("font: ../../no/such/hand.ttf", "font", "no such file"),
        ("font: /etc/passwd", "font", "not a TrueType font"),
        ("font: {folder}", "font", "is a folder"),
        ("font: {empty}", "font", "not a TrueType font"),
        ("font: /dev/zero", "font", "not a regular file"),
        ("font: [a]", "font", "expected text"),
        ("font: no", "font", "unknown font 'no'"),
    ],
)
def test_a_bad_profile_dictionary_or_font(tmp_path, config_dir, extra, key, says):
    (tmp_path / "fonts.ttf").mkdir()
    (tmp_path / "empty.ttf").write_bytes(b"")
    extra = extra.replace("{folder}", str(tmp_path / "fonts.ttf"))
    extra = extra.replace("{empty}", str(tmp_path / "empty.ttf"))
    profile(config_dir, extra)
    got = error_line(check(tmp_path, BASE_YAML))
    assert got.startswith(f"cardgen: profile.yaml:3: {key}: ") and says in got, got


# ---------------------------------------------------------------- cardgen hand

SHIPPED = ["ems-allure", "relief-singleline", "dancing-script"]


@pytest.fixture
def photos(tmp_path) -> Path:
    """Photos no template page is in: a folder, empty, text, truncated, a bomb, a link."""
    folder = tmp_path / "photos"
    folder.mkdir()
    (folder / "folder.jpg").mkdir()
    (folder / "empty.jpg").write_bytes(b"")
    (folder / "text.jpg").write_text("not a photo\n")
    Image.new("RGB", (300, 200), "white").save(folder / "blank.jpg", quality=80)
    whole = (folder / "blank.jpg").read_bytes()
    (folder / "truncated.jpg").write_bytes(whole[: len(whole) // 3])

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
    (folder / "bomb.png").write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 1000))
        + chunk(b"IEND", b"")
    )
    os.symlink("/dev/zero", folder / "zero.jpg")
    return folder


@pytest.mark.parametrize("name", ["../../x", ".", "..", "", "x" * 300, "Mine", "a b", *SHIPPED])
def test_hand_add_refuses_a_bad_name(photos, config_dir, tree, name):
    got = error_line(run_cli("hand", "add", name, photos / "blank.jpg"))
    assert "hand name" in got
    assert tree(config_dir) == []


@pytest.mark.parametrize(
    ("photo", "says"),
    [
        ("folder.jpg", "is a folder"),
        ("empty.jpg", "not an image"),
        ("text.jpg", "not an image"),
        ("truncated.jpg", "not an image"),
        ("bomb.png", "megapixels"),
        ("zero.jpg", "not a regular file"),
        ("missing.jpg", "no such file"),
        ("blank.jpg", "no template markers"),
    ],
)
def test_hand_add_refuses_a_photo_it_cannot_read(photos, config_dir, tree, photo, says):
    got = error_line(run_cli("hand", "add", "mine", photos / photo))
    assert photo in got and says in got, got
    assert tree(config_dir) == []


@pytest.mark.parametrize("name", ["nosuch", "../../x", "", *SHIPPED])
def test_hand_remove_of_no_captured_hand(config_dir, name):
    assert "no captured hand" in error_line(run_cli("hand", "remove", name))


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--pages", "0"), "--pages"),
        (("--pages", "10000"), "at most 12 pages"),
        (("--paper", "a5"), "--paper"),
        (("--letters", "😀"), "--letters: character '😀'"),
        (("--letters", "äöü中"), "--letters: character '中'"),
        (("--letters", "\u0301"), "COMBINING ACUTE ACCENT"),
        (("--letters", "ab\u202e"), "RIGHT-TO-LEFT OVERRIDE"),
        (("--letters", "a\u200b"), "ZERO WIDTH SPACE"),
        (("--letters", "a\tb"), "--letters: character"),
        (("--letters", "a\nb"), "--letters: character"),
        (("--letters", "ﬁ"), "LIGATURE"),
    ],
)
def test_hand_template_refuses_bad_options_and_writes_nothing(tmp_path, args, says):
    out = tmp_path / "t.pdf"
    got = error_line(run_cli("hand", "template", out, *args))
    assert says in got, got
    assert not out.exists()


def test_hand_add_checks_its_letters_before_the_photos(photos, config_dir, tree):
    got = error_line(run_cli("hand", "add", "mine", photos / "bomb.png", "--letters", "😀"))
    assert got.startswith("cardgen: --letters: character '😀'")
    assert tree(config_dir) == []


@pytest.mark.parametrize(("where", "says"), [("folder", "is a folder"), ("link", "symbolic link")])
def test_hand_template_to_a_folder_or_a_link(tmp_path, where, says):
    target = tmp_path / "target.pdf"
    if where == "folder":
        target.mkdir()
    else:
        os.symlink("/dev/zero", target)
    assert says in error_line(run_cli("hand", "template", target, "--force"))
    assert target.is_dir() if where == "folder" else os.readlink(target) == "/dev/zero"


@pytest.mark.parametrize("letters", ["'", "a'b", "e\u0301", "x" * 5000, "äöüßł"])
def test_hand_template_takes_odd_letters_and_says_them_so_a_shell_reads_them(tmp_path, letters):
    result = run_cli("hand", "template", tmp_path / "t.pdf", "--letters", letters)
    assert result.exit_code == 0, result.stderr
    shown = result.stdout.rsplit("--letters ", 1)[1].strip()
    assert shlex.split(shown) == [letters]
