"""The package type-checks: ``mypy cardgen`` reports nothing (settings in pyproject.toml)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_mypy_is_clean(tmp_path):
    api = pytest.importorskip("mypy.api", reason="mypy comes with the test extra")
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        out, err, status = api.run(["--cache-dir", str(tmp_path / "cache"), "cardgen"])
    finally:
        os.chdir(cwd)
    assert status == 0, out + err
