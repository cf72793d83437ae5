"""Fuzzing the whole command: hostile interview files, settings files, command lines, Ctrl-C.

Every input, whatever it holds, ends in exit 0, 1 or 2 (130 after Ctrl-C),
never a traceback or exit 70; a refusal (exit 2) is one line on stderr and
writes nothing; every write lands inside the output folder; every PDF written
opens; after Ctrl-C the output folder holds the old kit or the whole new one
and what cardgen says about it is true (tests/fuzzing.py).

The normal run is small: a few dozen mutated interview files (Hypothesis,
fixed seed), a few inputs of each in-process kind of the mixed run, and checks
that the fuzzer's own judge sees what it must. The long run is by hand::

    pytest -m slow tests/cli/test_fuzz.py        # 500 mixed inputs, one worker
    CARDGEN_FUZZ_INPUTS=500 CARDGEN_FUZZ_WORKERS=2 CARDGEN_FUZZ_SEED=1 \\
        nice -n 10 pytest -m slow tests/cli/test_fuzz.py -k long
    python tests/fuzzing.py --inputs 500 --workers 2 --seed 1   # the same, without pytest

Each failing case lands in ``$CARDGEN_FUZZ_FAILURES`` (default: the temp
folder's ``cardgen-fuzz-SEED``) as ``cases/CATEGORY-SEED/`` with a
``repro.sh``; counts per category and failures by kind are printed at the end.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import fuzzing
import pytest
from fuzzing import (
    OPTIONS,
    Case,
    Outcome,
    check_outcome,
    check_run,
    interview_text,
    lay_out,
    make_case,
    run_case,
    run_fuzz,
    snapshot,
    write_repro,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

COMMON = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
    "print_blob": True,
}


@settings(max_examples=8, derandomize=True, database=None, **COMMON)
@given(interview_text(), OPTIONS, st.sampled_from(["make"] * 4 + ["check"]))
def test_fuzzed_interview_files(text, options, command):
    check_run(text, options, command)


@pytest.mark.parametrize(("category", "inputs"), [("interview", 2), ("settings", 6), ("cli", 6)])
def test_mixed_run_in_process_kinds(category, inputs, tmp_path):
    """A few inputs of each kind the long run makes in process, with a fixed seed."""
    stats = run_fuzz(inputs, seed=20261207, failures_dir=tmp_path, categories=(category,))
    assert stats.inputs[category] == inputs
    assert not stats.failures, stats.summary()


def test_the_same_seed_makes_the_same_case():
    for category in fuzzing.CATEGORIES:
        a, b = make_case(category, 12), make_case(category, 12)
        assert (a.argv, a.files, a.dirs, a.stdin, a.delay) == (
            b.argv,
            b.files,
            b.dirs,
            b.stdin,
            b.delay,
        )


def test_the_cases_cover_what_they_must():
    """Over a few hundred cases: every command, every settings file, the hostile shapes."""
    cases = [make_case(c, n) for c in ("settings", "cli") for n in range(150)]
    commands = {c.command for c in cases}
    assert commands >= {"make", "check", "init", "profile", "printer", "calibrate", "preview",
                        "fonts", "layouts", "cultures"}  # fmt: skip
    settings_what = " ".join(c.what for c in cases if c.category == "settings")
    for kind in ("profile", "printer", "cultures"):
        for op in ("shape", "tag", "alias", "bomb", "huge", "odd", "binary", "empty", "folder",
                   "deep", "unknown", "wrongtype"):  # fmt: skip
            assert f"{kind}: {op}" in settings_what, (kind, op)
    argv = [a for c in cases for a in c.argv]
    for value in ("A <a@b.c>, d@e.f", "link/kit", "-", "../../x", "--ink", "--only", "--font",
                  "--paper", "--seed", "-1", "x"):  # fmt: skip
        assert value in argv, value
    assert any("\r" in a or "\n" in a for a in argv)
    assert any(c.stdin is not None and b"\x00" in c.stdin for c in cases)
    sig = [make_case("sigint", n) for n in range(40)]
    assert all(0 <= c.delay <= 1.5 for c in sig)
    assert {c.old_kit for c in sig} == {True, False}


def _outcome(code: int, stderr: str = "", stdout: str = "", crash: str = "") -> Outcome:
    return Outcome(code, stdout, stderr, 0.1, crash)


def test_the_judge_sees_a_crash_a_traceback_and_a_long_error(tmp_path):
    case = Case("cli", 1, ["make", "../in/x.yaml", "--out", "out"], allowed=["box/out/"])
    lay_out(case, tmp_path)
    before = snapshot(tmp_path)
    kinds = lambda o: [k for k, _ in check_outcome(case, tmp_path, before, o, None)]  # noqa: E731
    assert kinds(_outcome(2, "cardgen: x.yaml:3: name: required\n")) == []
    assert kinds(_outcome(1, "")) == []
    assert kinds(_outcome(70, "cardgen: internal error, please report it: KeyError: 'x'\n",
                          crash="cardgen/app.py:plan: KeyError")) == [
        "make: internal error at cardgen/app.py:plan: KeyError"
    ]  # fmt: skip
    assert any(
        "traceback" in k for k in kinds(_outcome(2, "Traceback (most recent call last):\nX"))
    )
    assert kinds(_outcome(2, "cardgen: one\ncardgen: two\n")) == [
        "make: error is not one 'cardgen:' line"
    ]
    assert kinds(_outcome(3)) == ["make: exit 3"]


def test_the_judge_sees_writes_outside_and_writes_on_failure(tmp_path):
    case = Case("cli", 1, ["make", "../in/x.yaml", "--out", "out"], allowed=["box/out/"])
    lay_out(case, tmp_path)
    before = snapshot(tmp_path)
    (tmp_path / "box" / "out").mkdir()
    (tmp_path / "box" / "out" / "plan.txt").write_text("x")
    assert check_outcome(case, tmp_path, before, _outcome(0), None) == []
    assert [
        k for k, _ in check_outcome(case, tmp_path, before, _outcome(2, "cardgen: x"), None)
    ] == ["make: exit 2 but wrote box/out/…"]
    (tmp_path / "config" / "profile.yaml").write_text("x")
    (tmp_path / "box" / ".out.cardgen-new-12-ab12cd34").mkdir()
    kinds = [k for k, _ in check_outcome(case, tmp_path, before, _outcome(0), None)]
    assert kinds == [
        "make: work folder left: box/.out.cardgen-new-PID-HEX/",
        "make: wrote outside its output: config/profile.yaml",
    ]


def _kit(folder: Path, files: dict[str, str]) -> dict[str, str]:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text)
    return fuzzing.kit_state(folder) or {}


def test_the_judge_of_ctrl_c_wants_the_old_kit_or_the_new_and_the_truth(tmp_path, monkeypatch):
    """Ctrl-C: the old kit or the whole new one, never a mix, and no false 'nothing written'."""
    new_kit = _kit(tmp_path / "ref", {"plan.txt": "new", "card.pdf": "new"})
    monkeypatch.setattr(fuzzing, "_reference", lambda case: dict(new_kit))
    case = Case("sigint", 1, ["make", "../in/hartwell.yaml", "--seed", "2", "--out", "out"])
    out = tmp_path / "box" / "out"
    old = _kit(out, {"plan.txt": "old", "card.pdf": "old"})
    before = snapshot(tmp_path)
    said_nothing = "cardgen: interrupted; nothing was written\n"

    def kinds(outcome: Outcome) -> list[str]:
        return [k for k, _ in check_outcome(case, tmp_path, before, outcome, old)]

    assert kinds(_outcome(130, said_nothing)) == []  # the old kit, untouched: true
    (out / "plan.txt").write_text("new")
    assert kinds(_outcome(130, "cardgen: interrupted\n")) == [
        "make: Ctrl-C left a mix of the old and the new kit"
    ]
    (out / "card.pdf").write_text("new")
    assert kinds(_outcome(130, "cardgen: interrupted; the new kit is complete\n")) == []
    assert kinds(_outcome(130, said_nothing)) == [
        "make: after Ctrl-C says nothing was written, but the kit changed"
    ]
    assert kinds(_outcome(0, "", "Wrote 2 files")) == []
    importing = (
        "Traceback (most recent call last):\n"
        '  File "/v/bin/cardgen", line 5, in <module>\n'
        "KeyboardInterrupt\n"
    )
    assert kinds(_outcome(-2, "")) == []  # died of the signal itself: the shell shows 130
    assert kinds(_outcome(-2, importing)) == [
        "make: traceback (while importing): KeyboardInterrupt"
    ]


def test_ctrl_c_in_pythons_own_start_up_is_no_failure_while_the_old_kit_stays(
    tmp_path, monkeypatch
):
    """Ctrl-C during pip's launcher's own `import re`, before cardgen's first line,
    is like death by the signal: nothing cardgen can catch, and the old kit stays."""
    new_kit = _kit(tmp_path / "ref", {"plan.txt": "new"})
    monkeypatch.setattr(fuzzing, "_reference", lambda case: dict(new_kit))
    case = Case("sigint", 1, ["make", "../in/hartwell.yaml", "--seed", "2", "--out", "out"])
    out = tmp_path / "box" / "out"
    old = _kit(out, {"plan.txt": "old"})
    before = snapshot(tmp_path)
    start_up = (
        "Traceback (most recent call last):\n"
        '  File "/v/bin/cardgen", line 3, in <module>\n'
        '  File "<frozen importlib._bootstrap>", line 1176, in _find_and_load\n'
        "KeyboardInterrupt\n"
    )

    def kinds(outcome: Outcome) -> list[str]:
        return [k for k, _ in check_outcome(case, tmp_path, before, outcome, old)]

    assert kinds(_outcome(1, start_up)) == []
    (out / "plan.txt").write_text("half")
    assert kinds(_outcome(1, start_up)) == ["make: Ctrl-C left a mix of the old and the new kit"]


def test_only_into_a_whole_kit_is_expected_to_make_its_plan_and_sheets_again(monkeypatch):
    """`make --only X` into a kit made for everyone makes the whole kit's plan and print
    sheets again from every interviewer: the complete new kit has those of a whole run."""
    made = {
        ("--only", "Okafor"): {"02/card.pdf": "2", "plan-02.txt": "p2", "print/cards-02.pdf": "s2"},
        (): {"01/card.pdf": "1'", "02/card.pdf": "2", "plan.txt": "all", "print/cards.pdf": "s"},
    }
    monkeypatch.setattr(fuzzing, "_reference_of", lambda sample, options, seed: made[options])
    monkeypatch.setattr(fuzzing, "_reference", lambda case: made[("--only", "Okafor")])
    argv = ["make", "../in/hartwell.yaml", "--only", "Okafor", "--seed", "5", "--out", "out"]
    case = Case("sigint", 1, argv)
    old = {"01/card.pdf": "1", "02/card.pdf": "old", "plan.txt": "old", "print/cards.pdf": "o"}
    assert fuzzing._expected_new(case, old) == {
        "01/card.pdf": "1",  # another interviewer's card stays as it was
        "02/card.pdf": "2",
        "plan-02.txt": "p2",
        "print/cards-02.pdf": "s2",
        "plan.txt": "all",
        "print/cards.pdf": "s",
    }
    assert fuzzing._expected_new(case, {"01/card.pdf": "1"}) == {  # not a whole kit
        "01/card.pdf": "1",
        **made[("--only", "Okafor")],
    }


def test_a_traceback_is_told_by_where_it_was_raised():
    head = "Traceback (most recent call last):\n"
    entry = '  File "/v/bin/cardgen", line 5, in <module>\n'
    assert fuzzing._phase(head + entry + '  File "/v/x/typer/main.py", line 8, in x\n') == (
        "while importing"
    )
    site = '  File "<frozen site>", line 73, in <module>\n'
    assert fuzzing._phase(head + site) == "in Python's own start-up, before cardgen"
    main = '  File "/w/cardgen/cli.py", line 679, in main\n'
    assert fuzzing._phase(head + entry + main) == "in the CLI, before the command"
    wrapper = '  File "/w/cardgen/cli.py", line 97, in wrapper\n'
    assert fuzzing._phase(head + entry + main + wrapper) == "inside the command"


def test_a_failing_case_is_written_with_a_repro_script_that_runs_it(tmp_path):
    case = make_case("cli", 3)
    case.argv = ["printer", "--dx", "a\nb"]
    case.stdin = b"\x00odd"
    outcome, _fails = run_case(case, tmp_path / "run")
    folder = write_repro(case, outcome, [("printer: example", "")], tmp_path / "failure")
    script = (folder / "repro.sh").read_text()
    assert "# failed: printer: example" in script and "stdin.bin" in script
    command = " ".join([sys.executable, "-m", "cardgen"])
    env = {**os.environ, "CARDGEN": command}
    run = subprocess.run(
        ["bash", str(folder / "repro.sh")], env=env, capture_output=True, text=True
    )
    assert f"exit {outcome.code}" in run.stderr, run.stderr
    assert (folder / "work" / "box").is_dir() and (folder / "case.json").is_file()
    back = fuzzing.load_case(folder)
    assert (back.argv, back.stdin, back.files, back.links) == (
        case.argv,
        case.stdin,
        case.files,
        case.links,
    )


def test_ddmin_keeps_only_what_the_failure_needs():
    calls = []

    def fails(items):
        calls.append(items)
        return {3, 11} <= set(items)

    assert fuzzing._ddmin(list(range(20)), fails, lambda: True) == [3, 11]
    assert fuzzing._ddmin(list(range(20)), fails, lambda: len(calls) < 3) != [3, 11]  # out of time


def test_minimize_drops_the_files_lines_and_options_a_failure_does_not_need(monkeypatch):
    def kinds_of(case):
        bad = b"dx: bad" in case.files.get("config/printer.yaml", b"")
        return {"printer: boom"} if bad and "--show" in case.argv else set()

    monkeypatch.setattr(fuzzing, "_kinds_of", kinds_of)
    case = Case("settings", 1, ["printer", "--dx", "1", "--show", "--printer", "x"])
    case.files = {
        "config/printer.yaml": b"printers:\n  default:\n    dx: bad\n    dy: 1mm\n",
        "config/profile.yaml": b"name: Alex\n",
        "in/note.txt": b"Thanks\n",
    }
    small = fuzzing.minimize(case, "printer: boom")
    assert small.argv == ["printer", "--show"]
    assert small.files == {"config/printer.yaml": b"    dx: bad\n"}
    assert fuzzing.minimize(case, "another kind") is case  # does not fail that way: as it is


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


@pytest.mark.slow
def test_fuzz_long_run():
    """The long run: 500 mixed inputs (``CARDGEN_FUZZ_INPUTS``), ``CARDGEN_FUZZ_WORKERS``
    (1 or 2) at a time, from ``CARDGEN_FUZZ_SEED`` (default: a new one each run)."""
    seed = _env_int("CARDGEN_FUZZ_SEED", int(time.time()) % 100_000)
    failures = Path(
        os.environ.get("CARDGEN_FUZZ_FAILURES")
        or Path(tempfile.gettempdir()) / f"cardgen-fuzz-{seed}"
    )
    stats = run_fuzz(
        _env_int("CARDGEN_FUZZ_INPUTS", 500),
        seed=seed,
        workers=min(_env_int("CARDGEN_FUZZ_WORKERS", 1), 2),
        failures_dir=failures,
    )
    assert not stats.failures, f"seed {seed}; cases in {failures}/cases\n{stats.summary()}"


@pytest.mark.slow
@pytest.mark.skipif(
    not os.environ.get("CARDGEN_FUZZ_HYPOTHESIS"),
    reason="set CARDGEN_FUZZ_HYPOTHESIS=5000 for a long Hypothesis run of interview files",
)
@settings(max_examples=_env_int("CARDGEN_FUZZ_HYPOTHESIS", 1), **COMMON)
@given(interview_text(), OPTIONS, st.sampled_from(["make"] * 4 + ["check"]))
def test_fuzzed_interview_files_long_run(text, options, command):
    check_run(text, options, command)


def test_each_case_reads_its_files_afresh(tmp_path):
    """One process runs case after case with the same relative paths: nothing read for
    one case may be remembered for the next (the input stage caches by path)."""
    argv = ["cultures", "--cultures", "../in/cultures.yaml"]
    good = Case("settings", 1, argv, files={"in/cultures.yaml": b"cultures: {}\n"})
    bad = Case(
        "settings", 2, argv, files={"in/cultures.yaml": b"palette: {ink: {a: x}}\ncultures: {}\n"}
    )
    assert run_case(good, tmp_path / "a")[0].code == 0
    outcome, _fails = run_case(bad, tmp_path / "b")
    assert outcome.code == 2, outcome


def test_ctrl_c_in_the_launchers_own_imports_is_before_cardgen():
    # pip's console script runs `import re` before cardgen's first line.
    import sysconfig

    stdlib = sysconfig.get_paths()["stdlib"]
    head = "Traceback (most recent call last):\n"
    entry = '  File "/v/bin/cardgen", line 3, in <module>\n'
    re_init = f'  File "{stdlib}/re/__init__.py", line 125, in <module>\n'
    assert fuzzing._phase(head + entry + re_init) == "in Python's own start-up, before cardgen"
