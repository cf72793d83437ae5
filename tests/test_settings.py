"""The candidate's own machine: the saved profile, and how the CLI uses it."""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from cardgen import app as pipeline
from cardgen.cli import app
from cardgen.errors import InputError
from cardgen.input import settings

NOW = "2026-11-21T09:00"
ROOT = Path(__file__).resolve().parent.parent
HARTWELL = (ROOT / "samples" / "hartwell.yaml").read_text(encoding="utf-8")


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def save(*args):
    result = run("profile", *args)
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
    shown = run("profile", "--show").stdout
    assert "Alex Rivera" in shown and str(config_dir) in shown
    # A second call changes only what it names.
    save("--phone", "+1 217 555 0199")
    profile = settings.profile()
    assert profile["phone"] == "+1 217 555 0199" and profile["name"] == "Alex Rivera"


def test_a_bad_value_is_refused_and_nothing_is_written(config_dir):
    result = run("profile", "--name", "Alex", "--email", "not-an-address")
    assert result.exit_code == 2
    assert "is not an email address" in result.stderr
    assert not (config_dir / "profile.yaml").exists()
    result = run("profile", "--name", "Alex", "--email", "a@example.com", "--street", "1 Main St",
                 "--city", "Springfield", "--country", "XX")  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr.startswith("cardgen: profile.yaml:") and "address.country" in result.stderr
    assert not (config_dir / "profile.yaml").exists()


def test_show_without_a_profile_says_how_to_make_one():
    assert "cardgen profile" in run("profile", "--show").stdout


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
    result = run("make", path, "--out", tmp_path / "kit", "--now", NOW)
    assert result.exit_code == 0, result.stderr
    body = (tmp_path / "kit/01-margaret-dvorak/email.txt").read_text(encoding="utf-8")
    assert body.rstrip().endswith("Alex Rivera\n+1 415 555 0100\nsam@example.com")


def test_text_works_with_a_profile_and_no_from(tmp_path):
    note = tmp_path / "note.txt"
    note.write_text("Thank you for the conversation about the Keller deal on Friday.", "utf-8")
    args = ["make", "--text", note, "--to", "Ms. Jane Doe", "--company", "Acme",
            "--culture", "modern", "--out", tmp_path / "kit", "--now", NOW]  # fmt: skip
    refused = run(*args)
    assert refused.exit_code == 2
    assert "cardgen profile --name" in refused.stderr  # how to make one
    save("--name", "Sam Profile", "--email", "sam@example.com", "--phone", "+1 415 555 0100")
    result = run(*args)
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
