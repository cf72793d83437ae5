"""The README's examples on the sample run as written, after its quick start.

A newcomer runs the quick start (`cardgen make samples/hartwell.yaml`), then
copies the examples of the manual. Each `cardgen make samples/…`,
`cardgen calibrate` and `cardgen preview cardgen-out/hartwell…` line of the README's
shell blocks is run here in a fresh folder holding the samples, in the
README's order (the previews last, as they read what the others made), and
must succeed: an example that needs `--force` or `--out` shows it. They run
beside the tests (``beside``, tests/conftest.py), in-process in a process of their own.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
from pathlib import Path

import pytest
from conftest import run_cli

ROOT = Path(__file__).resolve().parents[2]
QUICK_START = "cardgen make samples/hartwell.yaml"


def _examples() -> list[list[str]]:
    """The README's sample, calibrate and preview command lines, as argument lists."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    lines: list[str] = []
    inside = False
    for line in text.splitlines():
        if line.startswith("```"):
            inside = line.strip() == "```sh"
            continue
        if inside and line.startswith(
            ("cardgen make samples/", "cardgen calibrate", "cardgen preview cardgen-out/hartwell")
        ):
            lines.append(line.split("  #", 1)[0].strip())
    assert QUICK_START in text and len(lines) >= 8, lines
    commands = [shlex.split(line)[1:] for line in lines]
    return sorted(commands, key=lambda args: args[0] == "preview")  # stable: previews last


def _run_examples(folder: Path) -> None:
    """Beside the tests: the quick start, then every example, in ``folder`` holding the
    samples; each command's arguments, exit code and stderr, as JSON."""
    shutil.copytree(ROOT / "samples", folder / "samples")
    os.chdir(folder)
    ran = []
    for args in [shlex.split(QUICK_START)[1:], *_examples()]:
        result = run_cli(*args)
        ran.append([args, result.exit_code, result.stderr])
    (folder / "ran.json").write_text(json.dumps(ran), encoding="utf-8")


@pytest.mark.beside("_run_examples")
def test_the_readme_examples_run_after_the_quick_start(beside):
    pytest.importorskip("vpype", reason="the plot example needs the plot extra")
    assert beside.returncode == 0, beside.output
    ran = json.loads((beside.folder / "ran.json").read_text(encoding="utf-8"))
    assert [args for args, _, _ in ran] == [shlex.split(QUICK_START)[1:], *_examples()]
    for args, exit_code, stderr in ran:
        assert exit_code == 0, f"cardgen {' '.join(args)}: {stderr}"
