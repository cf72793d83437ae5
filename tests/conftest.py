"""Shared fixtures: the samples folder, a valid interview file to mutate, a CLI runner.

CLI tests run the command in-process with :func:`run_cli` (``from conftest import
run_cli``); only tests of the installed script, signals or real pipes start a process.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

try:
    # Fuzz statistics (tests/fuzzing.py), shown at the end of a run that fuzzed.
    from fuzzing import MIXED, STATS
except ImportError:  # pragma: no cover
    MIXED = STATS = None

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"

# A valid interview file. Tests break it with str.replace and expect errors at
# the lines in LINE; input/test_config.py checks LINE against this text.
BASE_YAML = """\
candidate:
  name: Alex Rivera
  email: alex.rivera@example.com
  phone: "+1 217 555 0142"
  address:
    street: 12 Elm Street Apt 4
    city: Springfield
    region: IL
    postal_code: "62701"
    country: US
company:
  name: Acme Corporation
  culture: conservative
  address:
    street: 400 Market Street, Suite 900
    city: Philadelphia
    region: PA
    postal_code: "19106"
    country: US
role: Associate Analyst
interview: {date: 2026-11-20, time: "14:00"}
interviewers:
  - name: Margaret Dvořák
    title: Managing Partner
    honorific: Ms.
    email: m.dvorak@acme.example
    note: |
      Thank you for taking the time to meet with me on Thursday. I enjoyed
      hearing how your team closed the Keller restructuring two days early.

      I am very interested in the Associate Analyst role.
  - name: Priya Raman
    honorific: Dr.
    email: p.raman@acme.example
    note: Thank you for organising Thursday so smoothly and for the office tour.
"""

# Line numbers in BASE_YAML (1-based). A mapping or list value "starts" on its
# first key or item, which is the line the loader reports for it.
LINE = {
    "candidate": 2,
    "candidate.name": 2,
    "candidate.email": 3,
    "candidate.address": 6,
    "candidate.address.country": 10,
    "company": 12,
    "company.name": 12,
    "company.culture": 13,
    "role": 20,
    "interview": 21,
    "interviewers": 23,
    "interviewers[0]": 23,
    "interviewers[0].title": 24,
    "interviewers[0].honorific": 25,
    "interviewers[0].email": 26,
    "interviewers[0].note": 27,
    "interviewers[1]": 32,
    "interviewers[1].note": 35,
}


@pytest.fixture(autouse=True)
def config_dir(tmp_path_factory, monkeypatch) -> Path:
    """Every test gets its own empty config folder: never the user's profile or printer."""
    folder = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("CARDGEN_CONFIG_DIR", str(folder))
    return folder


@pytest.fixture
def samples() -> Path:
    """The shipped samples/ folder."""
    return SAMPLES


@pytest.fixture
def base_yaml() -> str:
    """A valid conservative interview file with two interviewers."""
    return BASE_YAML


@pytest.fixture
def write_yaml(tmp_path: Path) -> Callable[..., Path]:
    """``write_yaml(text_or_bytes, name="interview.yaml")`` → the path in ``tmp_path/in``."""

    def write(text: str | bytes, name: str = "interview.yaml") -> Path:
        folder = tmp_path / "in"
        folder.mkdir(exist_ok=True)
        path = folder / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def line() -> dict[str, int]:
    """Line numbers of keys in ``base_yaml``."""
    return dict(LINE)


# ``cardgen make`` arguments for a test whose question has nothing to do with the hand
# (files, paths, plans, errors): the outline hand costs about a tenth of the pen per
# card. Tests of the pen's look, the references and the default kit go without it.
OUTLINE_HAND = ("--font", "dancing-script")


def run_cli(
    *args: object, input: str | bytes | None = None, env: Mapping[str, str | None] | None = None
) -> Result:
    """``cardgen ARGS…`` in-process: ``exit_code``, ``stdout`` and ``stderr`` kept apart.

    Arguments may be paths or numbers; ``input`` is standard input, ``env`` extra
    environment variables (``None`` unsets one).
    """
    from cardgen.cli import app

    return CliRunner().invoke(app, [str(a) for a in args], input=input, env=env)


@pytest.fixture
def runner() -> CliRunner:
    """A Typer CLI runner (stdout and stderr kept apart)."""
    return CliRunner()


def _tree(folder: Path) -> list[str]:
    out = []
    for dirpath, _dirs, files in os.walk(folder):
        for name in files:
            out.append((Path(dirpath) / name).relative_to(folder).as_posix())
    return sorted(out)


@pytest.fixture
def tree() -> Callable[[Path], list[str]]:
    """``tree(folder)``: every file under it (hidden ones too), sorted POSIX relative paths."""
    return _tree


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked ``slow`` run only when asked for: ``pytest -m slow``."""
    if "slow" in (config.getoption("markexpr") or ""):
        return
    skip = pytest.mark.skip(reason="a long run: pytest -m slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    """Say what the fuzz runs tried: inputs, exits by code, the slowest input, and for
    the mixed run the counts per category and the failures by kind."""
    if STATS is not None and STATS.exits:
        terminalreporter.write_line(f"fuzz: {STATS.summary()}")
    if MIXED is not None and MIXED.inputs:
        terminalreporter.write_line(f"fuzz (mixed): {MIXED.summary()}")


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--update-references``: make tests/reference/ again from the current code."""
    parser.addoption(
        "--update-references",
        action="store_true",
        default=os.environ.get("CARDGEN_UPDATE_REFERENCES") == "1",
        help="write the sample kits into tests/reference/ instead of comparing with them",
    )
