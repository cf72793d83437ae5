"""The package type-checks: ``mypy cardgen`` reports nothing (settings in pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _mypy(folder: Path) -> None:
    """``mypy cardgen`` from the checkout, with a cache of its own: its report in a file."""
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(folder / "cache"), "cardgen"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    (folder / "mypy.txt").write_text(f"{result.returncode}\n{result.stdout}{result.stderr}")


@pytest.mark.beside("_mypy")
def test_mypy_is_clean(beside):
    pytest.importorskip("mypy.api", reason="mypy comes with the test extra")
    assert beside.returncode == 0, beside.output
    status, _, report = (beside.folder / "mypy.txt").read_text().partition("\n")
    assert status == "0", report
    assert "Success: no issues found" in report, report
