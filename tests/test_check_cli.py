"""`cardgen check` and the checks inside `cardgen make`: exit codes, report, JSON, --strict."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from cardgen.cli import app

NOW = "2026-11-21T09:00"  # the morning after the samples' interviews

# Two notes copied from each other with a name swapped, and no phone: problems.
COPIED = """\
candidate: {name: Alex Rivera, email: alex@example.com}
company: {name: Acme Corporation, culture: standard}
interview: {date: 2026-11-20, time: "14:00"}
interviewers:
  - name: Margaret Dvořák
    note: |
      Thank you for meeting with me. I enjoyed hearing how your team closed
      the Keller restructuring two days early and rebuilt the cash model.
      I am very interested in the Associate Analyst role at Acme.
  - name: Tomás Okafor
    note: |
      Thank you for meeting with me. I enjoyed hearing how your team closed
      the Keller restructuring two days early and rebuilt the cash model.
      I am very interested in the Associate Analyst role at Acme.
"""


def run(*args: str):
    return CliRunner().invoke(app, [str(a) for a in args])


def test_check_clean_sample_exits_0_with_a_summary(samples):
    result = run("check", samples / "hartwell.yaml", "--now", NOW)
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[-1].startswith("no problems, ")
    assert "Send the emails by Sat 21 Nov 14:00 — 5 h left." in result.output


def test_check_problems_exit_1_grouped_by_interviewer(tmp_path):
    path = tmp_path / "copied.yaml"
    path.write_text(COPIED, encoding="utf-8")
    result = run("check", path, "--now", NOW)
    assert result.exit_code == 1, result.output
    out = result.output
    # Grouped: the whole-file heading, then each interviewer's own heading.
    assert out.index("Whole file") < out.index("Margaret Dvořák\n") < out.index("Tomás Okafor\n")
    assert "The notes to Margaret Dvořák and Tomás Okafor are 100% alike" in out
    assert out.strip().splitlines()[-1].startswith("2 problems, 3 advice")
    assert not list(tmp_path.glob("*/")), "check writes no files"


def test_check_json_parses_with_the_same_findings(tmp_path):
    path = tmp_path / "copied.yaml"
    path.write_text(COPIED, encoding="utf-8")
    result = run("check", path, "--now", NOW, "--json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    codes = sorted(f["code"] for f in data["findings"] if f["severity"] == "problem")
    assert codes == ["no-phone", "similar-notes"]
    assert data["problems"] == len(codes)
    assert {"severity", "code", "interviewer", "message", "suggestion"} <= set(data["findings"][0])


def test_make_shows_findings_and_still_writes(tmp_path):
    path = tmp_path / "copied.yaml"
    path.write_text(COPIED, encoding="utf-8")
    out = tmp_path / "kit"
    result = run("make", path, "--out", out, "--now", NOW)
    assert result.exit_code == 0, result.output
    assert "are 100% alike" in result.output
    assert (out / "plan.txt").is_file()


def test_make_strict_with_a_problem_writes_nothing(tmp_path):
    path = tmp_path / "copied.yaml"
    path.write_text(COPIED, encoding="utf-8")
    out = tmp_path / "kit"
    result = run("make", path, "--out", out, "--now", NOW, "--strict")
    assert result.exit_code == 1
    assert "--strict" in result.stderr
    assert not out.exists()


def test_make_strict_without_problems_writes(samples, tmp_path):
    out = tmp_path / "kit"
    result = run("make", samples / "brightloop.yaml", "--out", out, "--now", NOW, "--strict")
    assert result.exit_code == 0, result.output
    assert (out / "plan.txt").is_file()


def test_check_card_too_long_uses_the_card_fitter(samples, tmp_path):
    text = (samples / "hartwell.yaml").read_text(encoding="utf-8")
    long_note = " ".join(["I valued our long talk about models and review."] * 25)
    text = text.replace(
        "      Thank you for joining the panel from London",
        f"      {long_note}\n      Thank you for joining the panel from London",
    )
    path = tmp_path / "long.yaml"
    path.write_text(text, encoding="utf-8")
    result = run("check", path, "--now", NOW, "--json")
    assert result.exit_code == 1
    found = [f for f in json.loads(result.output)["findings"] if f["code"] == "card-too-long"]
    assert len(found) == 1 and found[0]["interviewer"] == "Tomás Okafor"
    assert "does not fit a2-flat" in found[0]["message"]
    assert not list(tmp_path.glob("cardgen-out"))


def test_check_bad_now_is_a_clean_error(samples):
    result = run("check", samples / "hartwell.yaml", "--now", "tomorrow")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "cardgen: --now must be an ISO date-time like 2026-11-21T09:00, got 'tomorrow'"
    )
