"""Progress: told for every card and envelope, shown on a terminal, quiet otherwise."""

from __future__ import annotations

import io
import sys

from cardfixtures import planned
from conftest import OUTLINE_HAND
from typer.testing import CliRunner

from cardgen import app as pipeline
from cardgen import cli
from cardgen.input.config import load_interview


def _five(write_yaml, base_yaml):
    people = "".join(
        f"  - name: Person {i}\n    honorific: Mr.\n"
        "    note: Thank you for the talk about ledgers.\n"
        for i in range(3)
    )
    return write_yaml(base_yaml + people)


def test_make_reports_every_card_and_envelope_in_order(write_yaml, base_yaml, tmp_path):
    interview = load_interview(_five(write_yaml, base_yaml))
    plan = planned(interview, pipeline.Options(out=tmp_path / "kit", font=OUTLINE_HAND[1]))
    seen = []
    pipeline.make(plan, progress=lambda what, done, total: seen.append((what, done, total)))
    assert [done for _, done, _ in seen] == list(range(1, 12))
    assert {total for _, _, total in seen} == {11}  # 5 cards, 5 envelopes, the writing
    assert seen[0][0] == "card for Margaret Dvořák"
    assert seen[5][0] == "envelope for Margaret Dvořák"
    assert seen[-1][0] == "writing the files"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_sees_a_progress_bar_and_a_pipe_does_not(
    write_yaml, base_yaml, tmp_path, monkeypatch
):
    path = _five(write_yaml, base_yaml)
    result = CliRunner().invoke(
        cli.app, ["make", str(path), "--out", str(tmp_path / "a"), *OUTLINE_HAND]
    )
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""  # not a terminal: quiet
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    plan = planned(load_interview(path), pipeline.Options(out=tmp_path / "b", font=OUTLINE_HAND[1]))
    cli._make_with_progress(pipeline, plan)
    shown = terminal.getvalue()
    assert "11/11" in shown or "envelope for Person 2" in shown
