"""The command in a terminal: Ctrl-C at any moment, a reader that goes away, a full disk.

Ctrl-C ends in one line that says what it left, exit 130, never a traceback.
Standard output closed early (``| head``) ends the output quietly and the
command still finishes; standard output that fails (``> /dev/full``) is one
line, exit 2.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.core import TyperCommand, TyperGroup

from cardgen import app as pipeline
from cardgen import cli
from cardgen.cli import app
from cardgen.output import writer

NOW = "2026-11-21T09:00"
SAMPLES = Path(__file__).resolve().parents[2] / "samples"
BRIGHTLOOP = SAMPLES / "brightloop.yaml"  # emails only: the quickest kit
KIT = [
    "01-jordan-lee/email.eml",
    "01-jordan-lee/email.txt",
    "02-ana-sousa/email.eml",
    "02-ana-sousa/email.txt",
    "plan.ics",
    "plan.txt",
]


def files_in(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def make_kit(runner, *extra):
    return runner.invoke(app, ["make", str(BRIGHTLOOP), "--out", "kit", "--now", NOW, *extra])


def only_line(result, code: int) -> str:
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    (line,) = result.stderr.splitlines()
    return line


def interrupt(monkeypatch, module, name, when=lambda *args: True):
    real = getattr(module, name)

    def step(*args, **kwargs):
        if when(*args):
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, step)


# --------------------------------------------------------------------------- Ctrl-C


def test_ctrl_c_before_writing_says_nothing_was_written(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    interrupt(monkeypatch, pipeline, "plan")
    assert only_line(make_kit(runner), 130) == "cardgen: interrupted; nothing was written"
    assert list(tmp_path.iterdir()) == []


def test_ctrl_c_before_the_swap_says_the_old_kit_is_untouched(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert make_kit(runner).exit_code == 0
    before = {rel: (tmp_path / "kit" / rel).read_bytes() for rel in KIT}
    interrupt(monkeypatch, writer, "_put")
    result = make_kit(runner, "--force", "--seed", "3")
    assert only_line(result, 130) == "cardgen: interrupted; the old kit in kit is untouched"
    assert {rel: (tmp_path / "kit" / rel).read_bytes() for rel in KIT} == before
    assert [p.name for p in tmp_path.iterdir()] == ["kit"]


@pytest.mark.parametrize("existed", [False, True])
def test_ctrl_c_after_the_swap_says_the_kit_is_complete(runner, tmp_path, monkeypatch, existed):
    monkeypatch.chdir(tmp_path)
    if existed:
        assert make_kit(runner).exit_code == 0
    interrupt(monkeypatch, writer, "_fsync_dir", lambda path: path == tmp_path)  # the last step
    result = make_kit(runner, "--force")
    assert only_line(result, 130) == (
        "cardgen: interrupted after the kit was written: kit is complete"
    )
    assert files_in(tmp_path / "kit") == KIT
    assert [p.name for p in tmp_path.iterdir()] == ["kit"]


def test_ctrl_c_while_the_kit_is_listed_says_the_kit_is_complete(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    interrupt(monkeypatch, cli, "_show_kit")
    result = make_kit(runner)
    assert only_line(result, 130) == (
        "cardgen: interrupted after the kit was written: kit is complete"
    )
    assert files_in(tmp_path / "kit") == KIT


@pytest.mark.parametrize("cls", [TyperGroup, TyperCommand], ids=["group", "command"])
def test_ctrl_c_while_the_options_are_parsed(runner, tmp_path, monkeypatch, cls):
    """Typer loads more modules while it parses; it would exit 130 without a word."""
    monkeypatch.chdir(tmp_path)
    interrupt(monkeypatch, cls, "make_context")
    assert only_line(make_kit(runner), 130) == "cardgen: interrupted; nothing was written"


# A real SIGINT, raised while a given module is first imported: at start-up
# (typer, imported with the CLI) and in the command (cardgen.app).
SIGINT_AT_IMPORT = """\
import signal, sys

# Ctrl-C as at a terminal: a suite started in the background inherits SIGINT ignored.
signal.signal(signal.SIGINT, signal.default_int_handler)

class Interrupt:
    def find_spec(self, name, path=None, target=None):
        if name == {module!r}:
            sys.meta_path.remove(self)
            signal.raise_signal(signal.SIGINT)
        return None

sys.meta_path.insert(0, Interrupt())
sys.argv = ["cardgen", "make", {sample!r}, "--out", "kit"]
from cardgen.__main__ import main
main()
"""


@pytest.mark.parametrize("module", ["typer", "cardgen.app"])
def test_a_real_ctrl_c_while_loading_prints_no_traceback(tmp_path, module):
    script = SIGINT_AT_IMPORT.format(module=module, sample=str(BRIGHTLOOP))
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, check=False
    )
    assert (result.returncode, result.stderr) == (
        130,
        "cardgen: interrupted; nothing was written\n",
    )
    assert list(tmp_path.iterdir()) == []


CTRL_C_AT_EXIT = """\
import atexit, signal, sys
signal.signal(signal.SIGINT, signal.default_int_handler)  # as at a terminal
atexit.register(signal.raise_signal, signal.SIGINT)  # as Python shuts down
sys.argv = ["cardgen", "--help"]
from cardgen.__main__ import main
main()
"""


def test_ctrl_c_once_the_command_is_done_does_not_make_it_fail(tmp_path):
    """Shutting down takes a while with the drawing libraries loaded: the run is done."""
    result = subprocess.run(
        [sys.executable, "-c", CTRL_C_AT_EXIT], capture_output=True, text=True, cwd=tmp_path,
        check=False,
    )  # fmt: skip
    assert (result.returncode, result.stderr) == (0, "")
    assert "Usage" in result.stdout


# --------------------------------------------------------------------------- standard output


def failing_stdout(monkeypatch, error: OSError, when=lambda text: True):
    real = typer.echo

    def echo(message=None, file=None, nl=True, err=False, color=None):
        if not err and when(str(message)):
            raise error
        real(message, file=file, nl=nl, err=err, color=color)

    monkeypatch.setattr(typer, "echo", echo)


def test_a_closed_pipe_still_makes_the_kit(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    failing_stdout(monkeypatch, BrokenPipeError(errno.EPIPE, "Broken pipe"))
    result = make_kit(runner)
    assert (result.exit_code, result.stderr) == (0, "")
    assert files_in(tmp_path / "kit") == KIT


def test_a_full_disk_on_stdout_after_the_kit_says_the_kit_was_written(
    runner, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    full = OSError(errno.ENOSPC, "No space left on device")
    failing_stdout(monkeypatch, full, lambda text: text.startswith("Wrote"))
    assert only_line(make_kit(runner), 2) == (
        "cardgen: cannot write to standard output: No space left on device; "
        "the kit was written to kit"
    )
    assert files_in(tmp_path / "kit") == KIT


def run_cardgen(args, cwd, **kwargs):
    return subprocess.Popen(
        [sys.executable, "-m", "cardgen", *args], cwd=cwd, stderr=subprocess.PIPE, **kwargs
    )


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("args", [["fonts"], ["--help"]])
def test_stdout_on_a_full_disk_is_one_line(tmp_path, args):
    with open("/dev/full", "w") as full:
        process = run_cardgen(args, tmp_path, stdout=full)
        _, err = process.communicate()
    assert (process.returncode, err.decode()) == (
        2,
        "cardgen: cannot write to standard output: No space left on device\n",
    )


# `cardgen --help` as the console script runs it: the help written ahead, without Typer
HELP_AS_INSTALLED = [
    "-c",
    "import sys; from cardgen.__main__ import main; sys.argv = ['cardgen', '--help']; main()",
]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
def test_the_help_written_ahead_on_a_full_disk_is_one_line(tmp_path):
    with open("/dev/full", "w") as full:
        process = subprocess.run(
            [sys.executable, *HELP_AS_INSTALLED], cwd=tmp_path, stdout=full,
            stderr=subprocess.PIPE, env={**os.environ, "COLUMNS": "100"}, check=False,
        )  # fmt: skip
    assert (process.returncode, process.stderr.decode()) == (
        2,
        "cardgen: cannot write to standard output: No space left on device\n",
    )


def test_the_help_written_ahead_to_a_reader_gone_ends_quietly(tmp_path):
    process = subprocess.Popen(
        [sys.executable, *HELP_AS_INSTALLED], cwd=tmp_path, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, env={**os.environ, "COLUMNS": "100"},
    )  # fmt: skip
    assert process.stdout is not None
    process.stdout.close()
    _, err = process.communicate()
    assert (process.returncode, err.decode()) == (0, "")


def test_a_reader_gone_before_the_output_ends_quietly(tmp_path):
    """``cardgen make … | head -c1``, with the reader gone before the first line."""
    args = ["make", str(BRIGHTLOOP), "--out", "kit", "--now", NOW]
    process = run_cardgen(args, tmp_path, stdout=subprocess.PIPE)
    assert process.stdout is not None
    process.stdout.close()
    _, err = process.communicate()
    assert (process.returncode, err.decode()) == (0, "")
    assert files_in(tmp_path / "kit") == KIT
