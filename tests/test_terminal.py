"""The command in a terminal: a reader that goes away, a full disk.

Standard output closed early (``| head``) ends the output quietly and the
command still finishes; standard output that fails (``> /dev/full``) is one
line, exit 2.
"""

from __future__ import annotations

import errno
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from cardgen.cli import app

NOW = "2026-11-21T09:00"
SAMPLES = Path(__file__).resolve().parent.parent / "samples"
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


def test_a_reader_gone_before_the_output_ends_quietly(tmp_path):
    """``cardgen make … | head -c1``, with the reader gone before the first line."""
    args = ["make", str(BRIGHTLOOP), "--out", "kit", "--now", NOW]
    process = run_cardgen(args, tmp_path, stdout=subprocess.PIPE)
    assert process.stdout is not None
    process.stdout.close()
    _, err = process.communicate()
    assert (process.returncode, err.decode()) == (0, "")
    assert files_in(tmp_path / "kit") == KIT
