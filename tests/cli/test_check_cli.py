"""`cardgen check` and the checks inside `cardgen make`: exit codes, report, JSON, --strict."""

from __future__ import annotations

import json
import re

import pytest
from cardfixtures import planned
from conftest import OUTLINE_HAND, run_cli
from msgspec.structs import replace

from cardgen import app
from cardgen.app import Options
from cardgen.checks.rules import exit_code
from cardgen.errors import InputError
from cardgen.input.config import load_interview
from cardgen.layout.card import drop_words, fit_note
from cardgen.model import Interview, Interviewer
from cardgen.starter import STARTER

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


def test_check_clean_sample_exits_0_with_a_summary(samples):
    result = run_cli("check", samples / "hartwell.yaml", "--now", NOW)
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[-1].startswith("no problems, ")
    assert "Send the emails by Sat 21 Nov 14:00 — 5 h left." in result.output


def test_check_problems_exit_1_grouped_by_interviewer(tmp_path):
    path = tmp_path / "copied.yaml"
    path.write_text(COPIED, encoding="utf-8")
    result = run_cli("check", path, "--now", NOW)
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
    result = run_cli("check", path, "--now", NOW, "--json")
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
    result = run_cli("make", path, "--out", out, "--now", NOW, *OUTLINE_HAND)
    assert result.exit_code == 0, result.output
    assert "are 100% alike" in result.output
    assert (out / "plan.txt").is_file()


def test_make_strict_with_a_problem_writes_nothing(tmp_path):
    path = tmp_path / "copied.yaml"
    path.write_text(COPIED, encoding="utf-8")
    out = tmp_path / "kit"
    result = run_cli("make", path, "--out", out, "--now", NOW, "--strict")
    assert result.exit_code == 1
    assert "--strict" in result.stderr
    assert not out.exists()


def test_make_strict_without_problems_writes(samples, tmp_path):
    out = tmp_path / "kit"
    result = run_cli("make", samples / "brightloop.yaml", "--out", out, "--now", NOW, "--strict")
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
    result = run_cli("check", path, "--now", NOW, "--json")
    assert result.exit_code == 1
    found = [f for f in json.loads(result.output)["findings"] if f["code"] == "card-too-long"]
    assert len(found) == 1 and found[0]["interviewer"] == "Tomás Okafor"
    assert "does not fit a2-flat" in found[0]["message"]
    assert not list(tmp_path.glob("cardgen-out"))


def test_check_bad_now_is_a_clean_error(samples):
    result = run_cli("check", samples / "hartwell.yaml", "--now", "tomorrow")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "cardgen: --now must be an ISO date-time like 2026-11-21T09:00, got 'tomorrow'"
    )


# --------------------------------------------------------------------------- plan → check


def _hartwell(samples, **people: Interviewer) -> Interview:
    """The sample with interviewers replaced by number (1-based) or added after."""
    iv = load_interview(samples / "hartwell.yaml")
    listed = list(iv.interviewers)
    for key, who in people.items():
        n = int(key[1:])
        if n <= len(listed):
            listed[n - 1] = who
        else:
            listed.append(who)
    return replace(iv, interviewers=tuple(listed))


SECOND_TOMAS = (
    "Thank you for the second conversation about the Lancaster audit. Your account of the "
    "review rota, and of the way partners read every memo twice, showed me how the team "
    "works. I remain keen to join Hartwell & Pryce."
)


@pytest.mark.parametrize("long_first", [True, False])
def test_interviewers_sharing_a_name_get_their_own_card_check(samples, tmp_path, long_first):
    tomas = load_interview(samples / "hartwell.yaml").interviewers[1]
    long_note = " ".join(["I valued our long talk about models and review."] * 25)
    first, second = (long_note, SECOND_TOMAS) if long_first else (SECOND_TOMAS, long_note)
    iv = _hartwell(
        samples,
        n2=replace(tomas, note=first, note_start=None),
        n4=replace(tomas, note=second, note_start=None),
    )
    plan = planned(iv, Options(out=tmp_path / "kit", no_envelope=True))
    assert [job.fit is None for job in plan.cards] == [False, long_first, False, not long_first]
    findings = app.check(plan, NOW)
    # Once, for the card that does not fit: check fails exactly when make would.
    assert [f.code for f in findings].count("card-too-long") == 1
    assert exit_code(findings) == 1


def test_interviewers_sharing_a_name_get_their_own_envelope_check(samples, tmp_path):
    tomas = load_interview(samples / "hartwell.yaml").interviewers[1]
    assert tomas.address is not None
    nowhere = replace(tomas.address, postal_code="")  # a UK address needs its postcode
    iv = _hartwell(samples, n4=replace(tomas, note=SECOND_TOMAS, address=nowhere))
    plan = planned(iv, Options(out=tmp_path / "kit"))
    assert [job.problem is None for job in plan.addressed] == [True, True, True, False]
    findings = app.check(plan, NOW)
    assert [f.code for f in findings].count("envelope-address") == 1


def test_only_still_refuses_a_name_two_interviewers_share(samples, tmp_path):
    tomas = load_interview(samples / "hartwell.yaml").interviewers[1]
    iv = _hartwell(samples, n4=replace(tomas, note=SECOND_TOMAS))
    with pytest.raises(InputError, match="matches more than one interviewer"):
        planned(iv, Options(out=tmp_path / "kit", only="Tomás Okafor"))
    plan = planned(iv, Options(out=tmp_path / "kit", only="04-tomas-okafor"))
    assert [n for n, _ in plan.people] == [4]


# Two sentences that push Margaret's card (a2-flat, 11–16 pt) below 14 pt.
LONGER = (
    " I also appreciated hearing how the associates rotate through the audit support and"
    " transaction teams, and how the Friday reviews give each of them time with the partners."
)


def test_a_card_written_below_14_pt_gets_advice_with_the_words_to_cut(samples, tmp_path):
    margaret = load_interview(samples / "hartwell.yaml").interviewers[0]
    iv = _hartwell(samples, n1=replace(margaret, note=margaret.note + LONGER))
    plan = planned(iv, Options(out=tmp_path / "kit", no_envelope=True))
    job = plan.cards[0]
    assert job.fit is not None and 11 < job.fit.size < 14
    findings = app.check(plan, NOW)
    [tip] = [f for f in findings if f.code == "small-writing"]
    assert tip.severity == "advice" and tip.interviewer == "Margaret Dvořák"
    assert f"written at {job.fit.size:g} pt" in tip.message and "14 pt" in tip.message
    cut = int(re.search(r"Cut about (\d+) words", tip.suggestion).group(1))
    assert exit_code(findings) == 0  # a tip, not a problem

    def size_without(n: int) -> float:
        text = replace(job.text, note=drop_words(job.text.note, n))
        assert plan.layout is not None
        return fit_note(text, plan.layout, plan.fonts, plan.hand, plan.scale, job.seed).size

    assert size_without(cut) >= 14  # cutting that many words really does it
    assert size_without(cut - 1) < 14  # and no fewer would


def test_a_card_written_at_14_pt_or_more_gets_no_size_advice(samples, tmp_path):
    plan = planned(load_interview(samples / "hartwell.yaml"), Options(out=tmp_path / "kit"))
    assert all(job.fit is not None and job.fit.size >= 14 for job in plan.cards)
    assert "small-writing" not in [f.code for f in app.check(plan, NOW)]


# --------------------------------------------------------------------------- starter placeholders


def test_check_fails_on_an_untouched_starter_file(tmp_path):
    path = tmp_path / "interview.yaml"
    assert run_cli("init", path).exit_code == 0
    result = run_cli("check", path, "--now", NOW, "--json")
    assert result.exit_code == 1, result.output
    found = [f for f in json.loads(result.output)["findings"] if f["code"] == "placeholder"]
    assert all(f["severity"] == "problem" for f in found)
    lines = path.read_text(encoding="utf-8").splitlines()

    def line_of(text: str) -> int:
        return next(i for i, line in enumerate(lines, start=1) if text in line)

    # One finding per kind, each naming the file, line and key.
    assert [f["message"].split(" ")[0] for f in found] == [
        f"interview.yaml:{line_of('name: Your Name')}:",
        f"interview.yaml:{line_of('email: your.name@')}:",
        f"interview.yaml:{line_of('phone: ')}:",
        f"interview.yaml:{line_of('name: Acme Corporation')}:",
        f"interview.yaml:{line_of('- name: Jane Doe')}:",
        f"interview.yaml:{line_of('email: jane.doe@')}:",
        f"interview.yaml:{line_of('note: |')}:",
    ]
    keys = [f["message"].split(" ")[1] for f in found]
    assert keys == [
        "candidate.name",
        "candidate.email",
        "candidate.phone",
        "company.name",
        "interviewers[0].name",
        "interviewers[0].email",
        "interviewers[0].note",
    ]


def test_starter_placeholders_are_found_without_a_candidate_block(tmp_path):
    """With a saved profile the starter may leave ``candidate:`` out: the rest still counts."""
    assert run_cli("profile", "--name", "Sam Okoye", "--email", "sam@okoye.example").exit_code == 0
    path = tmp_path / "interview.yaml"
    assert run_cli("init", path).exit_code == 0
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"(?ms)^candidate:.*?(?=^company:)", "", text)
    path.write_text(text, encoding="utf-8")
    result = run_cli("check", path, "--now", NOW, "--json")
    assert result.exit_code == 1, result.output
    found = [f for f in json.loads(result.output)["findings"] if f["code"] == "placeholder"]
    keys = [f["message"].split(" ")[1] for f in found]
    assert keys == [
        "company.name",
        "interviewers[0].name",
        "interviewers[0].email",
        "interviewers[0].note",
    ]


def test_a_filled_in_starter_with_the_sample_note_left_in_is_a_problem(tmp_path, base_yaml):
    note = STARTER.split("note: |\n", 1)[1].split("\n    # email_note", 1)[0]
    text = base_yaml.replace(
        "    note: Thank you for organising Thursday so smoothly and for the office tour.\n",
        "    note: |\n" + note + "\n",  # the starter's note, indented as there
    )
    path = tmp_path / "interview.yaml"
    path.write_text(text, encoding="utf-8")
    result = run_cli("check", path, "--now", NOW, "--json")
    found = [f for f in json.loads(result.output)["findings"] if f["code"] == "placeholder"]
    messages = [f["message"] for f in found]
    # The note gives the starter away, so its company counts too; the candidate
    # (Alex Rivera) is a real one, not the starter's placeholder.
    assert [m.split(" ")[1] for m in messages] == [
        "company.name",
        "interviewers[1].note",
    ]
    assert result.exit_code == 1


@pytest.mark.parametrize("name", ["hartwell.yaml", "brightloop.yaml", "mueller.yaml"])
def test_samples_have_no_placeholders(samples, name):
    result = run_cli("check", samples / name, "--now", NOW, "--json")
    assert result.exit_code == 0, result.output
    assert "placeholder" not in [f["code"] for f in json.loads(result.output)["findings"]]


def test_the_starter_company_alone_is_no_placeholder(tmp_path, base_yaml):
    # Many a file names "Acme Corporation": without the starter's interviewer
    # or note (or its candidate), it passes.
    path = tmp_path / "interview.yaml"
    path.write_text(base_yaml, encoding="utf-8")
    result = run_cli("check", path, "--now", NOW, "--json")
    assert "placeholder" not in [f["code"] for f in json.loads(result.output)["findings"]]


def test_the_starter_candidate_alone_is_a_placeholder(tmp_path, base_yaml):
    # Interviewers filled in, the candidate left as the starter wrote it.
    text = base_yaml.replace("name: Alex Rivera", "name: Your Name").replace(
        "alex.rivera@example.com", "your.name@example.com"
    )
    path = tmp_path / "interview.yaml"
    path.write_text(text, encoding="utf-8")
    result = run_cli("check", path, "--now", NOW, "--json")
    found = [f for f in json.loads(result.output)["findings"] if f["code"] == "placeholder"]
    assert result.exit_code == 1
    assert {f["message"].split(": ")[1].split()[0] for f in found} == {
        "candidate.name",
        "candidate.email",
    }


def test_placeholder_values_are_the_starters_own():
    from cardgen.checks import rules

    for _key, value, _instead in rules.STARTER_CANDIDATE + rules.STARTER_INTERVIEWER:
        assert value in STARTER
    assert f"name: {rules.STARTER_COMPANY}" in STARTER
    flat = " ".join(STARTER.split())
    for sentence in rules.STARTER_NOTE:
        assert sentence in flat


def test_a_bad_return_address_is_reported_at_the_candidates_line(tmp_path, base_yaml):
    # The candidate's postcode is wrong: the message points at candidate.address,
    # not at the recipient's (company) address.
    text = base_yaml.replace('postal_code: "62701"', 'postal_code: "x"')
    path = tmp_path / "interview.yaml"
    path.write_text(text, encoding="utf-8")
    line = next(  # where candidate.address's value starts (a block mapping: its first key)
        i for i, ln in enumerate(text.splitlines(), start=1) if "street: 12 Elm" in ln
    )
    result = run_cli("check", path, "--now", NOW, "--json")
    found = [f for f in json.loads(result.output)["findings"] if f["code"] == "envelope-address"]
    assert found and all(
        f"interview.yaml:{line}: return address: candidate.address.postal_code" in f["message"]
        for f in found
    ), found
