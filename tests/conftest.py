"""Shared fixtures: the samples folder, a valid interview file to mutate, a CLI runner.

CLI tests run the command in-process with :func:`run_cli` (``from conftest import
run_cli``); only tests of the installed script, signals or real pipes start a process.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
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


# Put before the code given to ``fresh_python``: every pattern compiled from then on
# is recorded, as a string, in the list ``seen``.
RECORD_COMPILES = (
    "import re\n"
    "seen = []\n"
    "plain = re.compile\n"
    "re.compile = lambda p, *a, **k: (seen.append(str(p)), plain(p, *a, **k))[1]\n"
)


def _fresh_python(code: str, *, record_compiles: bool = False) -> list[str]:
    prelude = RECORD_COMPILES if record_compiles else ""
    result = subprocess.run([sys.executable, "-c", prelude + code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


@pytest.fixture
def fresh_python() -> Callable[..., list[str]]:
    """``fresh_python(code, record_compiles=False)``: run ``code`` in a new interpreter
    (nothing of cardgen loaded yet), assert it succeeded, return its stdout's lines;
    with ``record_compiles``, each pattern compiled is recorded in ``seen``."""
    return _fresh_python


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


# -- long checks beside the tests --------------------------------------------------
#
# pytest uses one core. A few checks spend seconds in work of their own that shares
# nothing with the test process (mypy, building and installing the wheel, tesseract over
# the envelopes, the README's examples, the writer killed at every line, twelve fresh
# `cardgen`s fed devices and pipes, the template photos read, the sample kits the PDF
# tests read). Such a test names that work, a function of its module taking a folder:
#
#     @pytest.mark.beside("_install_and_make")
#     def test_…(beside): assert beside.returncode == 0, beside.output; …
#
# (or ``pytestmark = pytest.mark.beside(…)`` for a module whose tests share the work:
# it runs once). When collection ends, the work of every test that will run is queued;
# it runs in a fresh interpreter (warnings are errors there too), one job at a time, on
# the core pytest leaves idle, and the test waits for it (starting it at once if it is
# still queued) and checks what it left in ``beside.folder``. Nothing is skipped: a job
# that fails fails its test, with its output. The run's summary says how long each job
# took and how long its test waited.

_RUN_JOB = """\
import importlib.util, sys
from pathlib import Path
path, name, folder = sys.argv[1:]
sys.path[:0] = [str(Path(path).parent), {tests!r}]
spec = importlib.util.spec_from_file_location(Path(path).stem, path)
module = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = module
spec.loader.exec_module(module)
getattr(module, name)(Path(folder))
"""
JOB_TIMEOUT = 900  # s: a hung job fails its test instead of hanging the run


@dataclass
class Done:
    """What a job beside the tests left: its exit code, its output, its folder."""

    returncode: int
    output: str
    folder: Path


@dataclass
class _Job:
    path: Path  # the test module
    work: str  # the name of its function that does the work
    folder: Path
    proc: subprocess.Popen[bytes] | None = None
    done: Done | None = field(default=None, repr=False)
    started: float = 0.0  # time.monotonic() when it started
    took: float | None = None  # s, from its start until it was seen finished
    waited: float = 0.0  # s its test waited for it

    def start(self) -> None:
        if self.proc is not None:
            return
        (self.folder / "config").mkdir(parents=True)
        self.started = time.monotonic()
        with open(self.folder / "output.txt", "wb") as log:
            self.proc = subprocess.Popen(
                [
                    sys.executable,
                    "-W",
                    "error",  # a warning fails the work, as pytest's filterwarnings does a test
                    "-c",
                    _RUN_JOB.format(tests=str(ROOT / "tests")),
                    str(self.path),
                    self.work,
                    str(self.folder),
                ],
                cwd=self.folder,
                # never the user's profile or printer, as for every test
                env={**os.environ, "CARDGEN_CONFIG_DIR": str(self.folder / "config")},
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its children are stopped with it
            )

    def running(self) -> bool:
        if self.proc is None or self.proc.poll() is None:
            return self.proc is not None
        if self.took is None:
            self.took = time.monotonic() - self.started
        return False

    def result(self) -> Done:
        if self.done is None:
            self.start()
            assert self.proc is not None
            waiting = time.monotonic()
            try:
                self.proc.wait(timeout=JOB_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.stop()
                raise
            self.waited = time.monotonic() - waiting
            self.running()  # notes how long it took
            output = (self.folder / "output.txt").read_text(encoding="utf-8", errors="replace")
            self.done = Done(self.proc.returncode, output, self.folder)
        return self.done

    def stop(self) -> None:
        if self.running():
            assert self.proc is not None
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()


_JOBS: dict[tuple[Path, str], _Job] = {}  # by (module, work), in the order the tests run


def pytest_collection_finish(session: pytest.Session) -> None:
    """Queue the ``beside`` work of the tests that will run, and start the first."""
    if session.config.option.collectonly:
        return
    root: Path | None = None
    for item in session.items:
        marker = item.get_closest_marker("beside")
        if marker is None or item.get_closest_marker("skip") is not None:
            continue
        if root is None:
            root = Path(tempfile.mkdtemp(prefix="cardgen-beside-"))
        (work,) = marker.args
        if (item.path, work) not in _JOBS:
            _JOBS[item.path, work] = _Job(item.path, work, root / str(len(_JOBS)))
    _start_next()


def _start_next() -> None:
    if not any(job.running() for job in _JOBS.values()):
        queued = [job for job in _JOBS.values() if job.proc is None]
        if queued:
            queued[0].start()


def pytest_runtest_logfinish(nodeid: str, location: object) -> None:
    """Between tests: when the running job is done, start the next."""
    if _JOBS:
        _start_next()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Stop what still runs (a run cut short) and remove the jobs' folders."""
    for job in _JOBS.values():
        job.stop()
    for folder in {job.folder.parent for job in _JOBS.values()}:
        shutil.rmtree(folder, ignore_errors=True)


def _beside_summary() -> str:
    """How long each job ran beside the tests, and how long its test waited for it."""
    parts = [
        f"{job.path.name}:{job.work} {job.took:.1f} s (waited {job.waited:.1f} s)"
        for job in _JOBS.values()
        if job.took is not None
    ]
    return "; ".join(parts)


@pytest.fixture
def beside(request: pytest.FixtureRequest) -> Done:
    """The finished ``beside`` work of this test (see above), run now if it was not queued."""
    marker = request.node.get_closest_marker("beside")
    assert marker is not None, 'the beside fixture needs @pytest.mark.beside("work")'
    key = (request.node.path, marker.args[0])
    if key not in _JOBS:  # not queued: the test was not in the collection (run by hand)
        folder = Path(tempfile.mkdtemp(prefix="cardgen-beside-"))
        _JOBS[key] = _Job(*key, folder / "0")
    return _JOBS[key].result()


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    """Say what the fuzz runs tried: inputs, exits by code, the slowest input, and for
    the mixed run the counts per category and the failures by kind."""
    if STATS is not None and STATS.exits:
        terminalreporter.write_line(f"fuzz: {STATS.summary()}")
    if MIXED is not None and MIXED.inputs:
        terminalreporter.write_line(f"fuzz (mixed): {MIXED.summary()}")
    if _beside_summary():
        terminalreporter.write_line(f"beside the tests: {_beside_summary()}")
    _JOBS.clear()


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--update-references``: make tests/reference/ again from the current code."""
    parser.addoption(
        "--update-references",
        action="store_true",
        default=os.environ.get("CARDGEN_UPDATE_REFERENCES") == "1",
        help="write the sample kits into tests/reference/ instead of comparing with them",
    )
