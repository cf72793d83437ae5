"""The README's examples on the sample run as written, after its quick start.

A newcomer runs the quick start (`cardgen make samples/hartwell.yaml`), then
copies the examples of the manual. Each `cardgen make samples/…`,
`cardgen calibrate` and `cardgen preview cardgen-out/hartwell…` line of the README's
shell blocks is run here in a fresh folder holding the samples, in the
README's order (the previews last, as they read what the others made), and
must succeed: an example that needs `--force` or `--out` shows it.
"""

from __future__ import annotations

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


def test_the_readme_examples_run_after_the_quick_start(tmp_path, monkeypatch):
    pytest.importorskip("vpype", reason="the plot example needs the plot extra")
    shutil.copytree(ROOT / "samples", tmp_path / "samples")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CARDGEN_CONFIG_DIR", str(tmp_path / "config"))
    first = run_cli(*shlex.split(QUICK_START)[1:])
    assert first.exit_code == 0, first.stderr
    for args in _examples():
        result = run_cli(*args)
        assert result.exit_code == 0, f"cardgen {' '.join(args)}: {result.stderr}"
