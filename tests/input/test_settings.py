"""The candidate's own machine: the saved profile, and how the CLI uses it."""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

import pytest
import yaml
from conftest import OUTLINE_HAND, run_cli

from cardgen import app as pipeline
from cardgen.errors import InputError
from cardgen.input import settings

NOW = "2026-11-21T09:00"
ROOT = Path(__file__).resolve().parents[2]
HARTWELL = (ROOT / "samples" / "hartwell.yaml").read_text(encoding="utf-8")


def save(*args):
    result = run_cli("profile", *args)
    assert result.exit_code == 0, result.stderr
    return result


def test_the_config_folder_follows_the_environment(config_dir):
    assert settings.config_dir() == config_dir
    assert settings.profile_path() == config_dir / "profile.yaml"


def test_profile_round_trip(config_dir):
    save("--name", "Alex Rivera", "--email", "alex@example.com", "--phone", "+1 217 555 0142",
         "--street", "12 Elm Street", "--city", "Springfield", "--region", "IL",
         "--postal-code", "62701", "--country", "US")  # fmt: skip
    saved = yaml.safe_load((config_dir / "profile.yaml").read_text())
    assert saved["name"] == "Alex Rivera" and saved["address"]["postal_code"] == "62701"
    profile = settings.profile()
    assert profile is not None
    assert profile["name"] == "Alex Rivera" and profile["email"] == "alex@example.com"
    assert profile["address"].city == "Springfield"
    shown = run_cli("profile", "--show").stdout
    assert "Alex Rivera" in shown and str(config_dir) in shown
    # A second call changes only what it names.
    save("--phone", "+1 217 555 0199")
    profile = settings.profile()
    assert profile["phone"] == "+1 217 555 0199" and profile["name"] == "Alex Rivera"


def test_a_bad_value_is_refused_and_nothing_is_written(config_dir):
    result = run_cli("profile", "--name", "Alex", "--email", "not-an-address")
    assert result.exit_code == 2
    assert "is not an email address" in result.stderr
    assert not (config_dir / "profile.yaml").exists()
    result = run_cli("profile", "--name", "Alex", "--email", "a@example.com", "--street",
                     "1 Main St", "--city", "Springfield", "--country", "XX")  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr.startswith("cardgen: profile.yaml:") and "address.country" in result.stderr
    assert not (config_dir / "profile.yaml").exists()


def test_show_without_a_profile_says_how_to_make_one():
    assert "cardgen profile" in run_cli("profile", "--show").stdout


def _without_candidate(text: str, keep: tuple[str, ...] = ()) -> str:
    block = text[text.index("candidate:") : text.index("company:")]
    lines = [block.splitlines()[0]] + [
        line for line in block.splitlines()[1:] if any(line.strip().startswith(k) for k in keep)
    ]
    partial = "\n".join(lines) + "\n" if keep else ""
    return text.replace(block, partial)


def test_an_interview_file_may_leave_the_candidate_to_the_profile(tmp_path):
    save("--name", "Sam Profile", "--email", "sam@example.com", "--phone", "+1 415 555 0100",
         "--street", "1 Main Street", "--city", "Springfield", "--region", "IL",
         "--postal-code", "62701", "--country", "US")  # fmt: skip
    path = tmp_path / "h.yaml"
    path.write_text(_without_candidate(HARTWELL), encoding="utf-8")
    interview = pipeline.load(path)
    assert (interview.candidate.name, interview.candidate.email) == (
        "Sam Profile",
        "sam@example.com",
    )
    assert (
        interview.candidate.address is not None
        and interview.candidate.address.street == "1 Main Street"
    )
    # Partial: the file's values win where it gives them.
    path.write_text(_without_candidate(HARTWELL, keep=("name:",)), encoding="utf-8")
    interview = pipeline.load(path)
    assert interview.candidate.name == "Alex Rivera"  # the file's
    assert interview.candidate.email == "sam@example.com"  # the profile's
    assert interview.candidate.phone == "+1 415 555 0100"
    result = run_cli("make", path, "--out", tmp_path / "kit", "--now", NOW, *OUTLINE_HAND)
    assert result.exit_code == 0, result.stderr
    body = (tmp_path / "kit/01-margaret-dvorak/email.txt").read_text(encoding="utf-8")
    assert body.rstrip().endswith("Alex Rivera\n+1 415 555 0100\nsam@example.com")


def test_text_works_with_a_profile_and_no_from(tmp_path):
    note = tmp_path / "note.txt"
    note.write_text("Thank you for the conversation about the Keller deal on Friday.", "utf-8")
    args = ["make", "--text", note, "--to", "Ms. Jane Doe", "--company", "Acme",
            "--culture", "modern", "--out", tmp_path / "kit", "--now", NOW]  # fmt: skip
    refused = run_cli(*args)
    assert refused.exit_code == 2
    assert "cardgen profile --name" in refused.stderr  # how to make one
    save("--name", "Sam Profile", "--email", "sam@example.com", "--phone", "+1 415 555 0100")
    result = run_cli(*args)
    assert result.exit_code == 0, result.stderr
    draft = email.message_from_bytes(
        (tmp_path / "kit/01-jane-doe/email.eml").read_bytes(), policy=email.policy.default
    )
    (sender,) = draft["From"].addresses
    assert (sender.display_name, sender.addr_spec) == ("Sam Profile", "sam@example.com")
    assert "+1 415 555 0100" in draft.get_body().get_content()


def test_a_broken_profile_is_named(config_dir, tmp_path):
    (config_dir / "profile.yaml").write_text("name: Sam\nemail: nope\n", encoding="utf-8")
    path = tmp_path / "h.yaml"
    path.write_text(HARTWELL, encoding="utf-8")
    with pytest.raises(InputError) as info:
        pipeline.load(path)
    assert str(info.value) == "profile.yaml:2: email: 'nope' is not an email address"


def _planned_font(path: Path, **options) -> str:
    interview = pipeline.load(path)
    opts = pipeline.Options(out=path.parent / "kit", **options)
    run = pipeline.plan(interview, opts, pipeline.catalogue(interview, opts))
    return run.fonts["body"].font.name if hasattr(run.fonts["body"], "font") else ""


def test_the_profiles_font_writes_every_card_unless_the_run_names_one(config_dir, tmp_path):
    (config_dir / "profile.yaml").write_text(
        "name: Sam\nemail: sam@example.com\nfont: relief-singleline\n", encoding="utf-8"
    )
    path = tmp_path / "h.yaml"
    path.write_text(HARTWELL, encoding="utf-8")
    assert _planned_font(path) == "relief-singleline"  # over the culture's ems-allure
    assert _planned_font(path, font="ems-allure") == "ems-allure"  # --font wins
    path.write_text(HARTWELL.replace("style: {", "style: {font: ems-allure, "), "utf-8")
    assert _planned_font(path) == "ems-allure"  # and so does the file's style.font


def test_an_unknown_font_in_the_profile_is_named_there(config_dir, tmp_path):
    (config_dir / "profile.yaml").write_text(
        "name: Sam\nemail: sam@example.com\nfont: no-such-hand\n", encoding="utf-8"
    )
    path = tmp_path / "h.yaml"
    path.write_text(HARTWELL, encoding="utf-8")
    result = run_cli("make", path, "--out", tmp_path / "kit", "--now", NOW)
    assert result.exit_code == 2
    assert result.stderr.startswith("cardgen: profile.yaml:3: font: ")
    assert not (tmp_path / "kit").exists()


# -- editing a hand-written profile --------------------------------------------------

HAND_WRITTEN = """\
# My details, written by hand.
name: 'Alex Rivera'      # as I sign
email: alex@example.com
phone: 12:30:45
address:
  street: 12 Elm Street   # flat at the back
  city: Boston
  postal_code: 02134
  country: NO
"""


def _hand_written(config_dir: Path, text: str = HAND_WRITTEN) -> Path:
    path = config_dir / "profile.yaml"
    path.write_bytes(text.encode())
    return path


def test_a_profile_edit_rewrites_only_the_changed_value(config_dir):
    path = _hand_written(config_dir)
    save("--email", "alex.rivera@example.com")
    assert path.read_text(encoding="utf-8") == HAND_WRITTEN.replace(
        "email: alex@example.com", "email: alex.rivera@example.com"
    )
    profile = settings.profile()
    assert profile is not None
    assert profile["phone"] == "12:30:45"  # not 45045, YAML 1.1's sexagesimal number
    assert profile["address"].postal_code == "02134"  # not 1116, an octal number
    assert profile["address"].country == "NO"  # not false


def test_a_new_key_is_appended_to_its_mapping_and_nothing_else_moves(config_dir, tmp_path):
    path = _hand_written(config_dir)
    scan = tmp_path / "sig.png"
    scan.write_bytes(b"\x89PNG\r\n\x1a\n")
    save("--region", "MA", "--signature", scan, "--phone", "+1 617 555 0100")
    assert path.read_text(encoding="utf-8") == (
        HAND_WRITTEN.replace("phone: 12:30:45", "phone: +1 617 555 0100")
        + "  region: MA\n"  # in the address, after its last key
        + f"signature: {scan}\n"
    )


def test_a_value_already_as_written_is_left_as_written(config_dir):
    path = _hand_written(config_dir)
    save("--name", "Alex Rivera", "--postal-code", "02134", "--country", "NO")
    assert path.read_text(encoding="utf-8") == HAND_WRITTEN  # quotes, comments and all


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--street", "Flat 2: the back"),
        ("--street", "12 Elm Street # rear"),
        ("--postal-code", "00501"),
        ("--country", "NO"),
        ("--phone", "12:30"),
        ("--phone", "+1 (617) 555-0100, ext. 4"),
        ("--city", "yes"),
    ],
)
def test_a_changed_value_reads_back_as_written(config_dir, option, value):
    path = _hand_written(config_dir, HAND_WRITTEN.replace("country: NO", "country: US"))
    save(option, value)
    key = option.removeprefix("--").replace("-", "_")
    profile = settings.profile()
    assert profile is not None
    got = profile[key] if key == "phone" else getattr(profile["address"], key)
    assert got == value
    data = yaml.safe_load(path.read_text(encoding="utf-8"))  # other YAML readers agree
    assert (data[key] if key == "phone" else data["address"][key]) == value
    assert path.read_text(encoding="utf-8").startswith("# My details, written by hand.\n")


def test_an_error_names_the_line_it_is_on(config_dir):
    _hand_written(config_dir, HAND_WRITTEN.replace("email: alex@example.com", "email: nope"))
    result = run_cli("profile", "--phone", "+1 617 555 0100")
    assert result.exit_code == 2
    assert result.stderr == "cardgen: profile.yaml:3: email: 'nope' is not an email address\n"
    # and the broken file can be mended from the command line
    save("--email", "alex@example.com")
    assert settings.profile() is not None


def test_a_multi_line_value_replaced_keeps_every_later_line_where_it_was():
    from cardgen.input.yamledit import set_values

    text = 'name: "Alex\n  Rivera"  # two lines\nemail: a@example.com\n'
    edited = set_values(text, "p.yaml", [(("name",), "Sam Lee")])
    assert edited.splitlines()[2] == "email: a@example.com"
    assert yaml.safe_load(edited) == {"name": "Sam Lee", "email": "a@example.com"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", 'address:\n  country: "NO"\nphone: "0123"\n'),
        ("# only a comment\n", '# only a comment\naddress:\n  country: "NO"\nphone: "0123"\n'),
        ("{name: a, address: {city: b}}\n",
         '{name: a, address: {city: b, country: "NO"}, phone: "0123"}\n'),
        ("name: a\naddress:\n", 'name: a\naddress: {country: "NO"}\nphone: "0123"\n'),
        ("name: a\r\naddress: {}\r\n", 'name: a\r\naddress: {country: "NO"}\r\nphone: "0123"\r\n'),
    ],
)  # fmt: skip
def test_set_values_adds_keys_in_the_style_of_the_file(text, expected):
    from cardgen.input.yamledit import set_values

    changes = [(("address", "country"), "NO"), (("phone",), "0123")]
    assert set_values(text, "p.yaml", changes) == expected


def test_a_byte_order_mark_is_kept(config_dir):
    path = _hand_written(config_dir)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    save("--city", "Cambridge")
    assert (
        path.read_bytes()
        == b"\xef\xbb\xbf" + HAND_WRITTEN.replace("city: Boston", "city: Cambridge").encode()
    )


# -- reading it safely ---------------------------------------------------------------

ALIAS_BOMB = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
name: *c
"""


class _Terminal:
    """``sys`` as the CLI sees it, with standard input a terminal."""

    def __getattr__(self, name: str) -> object:
        import sys

        return getattr(sys, name)

    @property
    def stdin(self) -> object:
        import sys

        real = sys.stdin

        class Tty:
            def isatty(self) -> bool:
                return True

            def __getattr__(self, name: str) -> object:
                return getattr(real, name)

        return Tty()


@pytest.fixture
def terminal(monkeypatch):
    """``cardgen profile`` believes it is on a terminal (and asks)."""
    import cardgen.cli

    monkeypatch.setattr(cardgen.cli, "sys", _Terminal())


def test_on_a_terminal_the_prompts_offer_the_values_as_written(config_dir, terminal):
    path = _hand_written(config_dir)
    result = run_cli("profile", input="\n" * 9)
    assert result.exit_code == 0, result.stderr
    assert "[12:30:45]" in result.stdout and "[02134]" in result.stdout
    assert "[NO]" in result.stdout
    assert path.read_text(encoding="utf-8") == HAND_WRITTEN  # every answer kept: nothing changed


def test_on_a_terminal_a_relative_signature_kept_stays_relative(config_dir, terminal):
    (config_dir / "sig.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    text = HAND_WRITTEN + "signature: sig.png   # next to this file\n"
    path = _hand_written(config_dir, text)
    result = run_cli("profile", input="\n" * 9)
    assert result.exit_code == 0, result.stderr
    assert path.read_text(encoding="utf-8") == text


@pytest.mark.parametrize("args", [(), ("--phone", "1"), ("--show",)])
def test_an_alias_bomb_in_the_profile_is_refused_before_anything_is_asked(
    config_dir, terminal, args
):
    path = _hand_written(config_dir, ALIAS_BOMB)
    result = run_cli("profile", *args, input="\n" * 9)
    assert result.exit_code == 2
    assert result.stdout == ""  # no prompt
    assert result.stderr == (
        "cardgen: profile.yaml:1: a: YAML anchors and aliases (&, *) are not allowed\n"
    )
    assert path.read_text(encoding="utf-8") == ALIAS_BOMB


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name: !!python/object:os.system x\n", "profile.yaml:1: name: YAML tags (!!python/"),
        ("- name: Alex\n", "profile.yaml:1: expected a mapping (key: value), got a list"),
        ("address: [a]\n", "profile.yaml:1: address: expected a mapping (key: value), got a list"),
    ],
)
def test_a_profile_of_the_wrong_shape_is_one_line(config_dir, terminal, text, message):
    _hand_written(config_dir, text)
    for args in ((), ("--phone", "1")):
        result = run_cli("profile", *args, input="\n" * 9)
        assert result.exit_code == 2, result.stderr
        assert result.stderr.startswith(f"cardgen: {message}"), result.stderr
        assert len(result.stderr.splitlines()) == 1


# -- the starter file ----------------------------------------------------------------


def test_init_without_a_profile_has_a_candidate_to_fill_in(tmp_path):
    path = tmp_path / "i.yaml"
    assert run_cli("init", path).exit_code == 0
    text = path.read_text(encoding="utf-8")
    assert "\ncandidate:" in text and "\n  name: Your Name\n" in text
    assert pipeline.load(path).candidate.name == "Your Name"


def test_init_with_a_profile_leaves_the_candidate_to_it(config_dir, tmp_path):
    save("--name", "Sam Profile", "--email", "sam@example.com")
    path = tmp_path / "i.yaml"
    assert run_cli("init", path).exit_code == 0
    text = path.read_text(encoding="utf-8")
    assert "\ncandidate:" not in text and "\n  name: Alex Rivera" not in text
    assert "# candidate: comes from your saved profile" in text
    assert "cardgen profile --show" in text
    interview = pipeline.load(path)
    assert (interview.candidate.name, interview.candidate.email) == (
        "Sam Profile",
        "sam@example.com",
    )
