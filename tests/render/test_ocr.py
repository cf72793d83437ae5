"""Can a sorting machine read our envelopes? tesseract over every sample envelope.

Every envelope of the sample kits (hartwell: US and UK; mueller: Germany) and
one per national convention the samples do not show (France with CEDEX,
Canada, the Netherlands, Czechia, Japan, the US in Publication 28 style), at 4
seeds, rendered at 300 dpi: every postcode must be read exactly, and the
character error rate over the recipient blocks must be at most 1 %.

Needs Debian's ``tesseract-ocr`` with the destinations' languages
(``tesseract-ocr-deu -fra -nld -ces``); ``.ci/run`` installs them, and
without them this test is skipped, saying what is missing. The renders and
tesseract's reads run beside the tests (``beside``, tests/conftest.py).
"""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEEDS = 4
DPI = 300

pytestmark = pytest.mark.beside("_read_all")  # one measurement for the three tests


def _measure():  # type: ignore[no-untyped-def]
    path = ROOT / "benchmarks" / "envelope_ocr.py"
    spec = importlib.util.spec_from_file_location("envelope_ocr", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["envelope_ocr"] = module
    spec.loader.exec_module(module)
    return module


def _missing(module) -> str | None:  # type: ignore[no-untyped-def]
    """Why tesseract cannot take the measurement here, or None."""
    if shutil.which("tesseract") is None:
        return (
            "tesseract is not installed (Debian: apt-get install tesseract-ocr "
            "tesseract-ocr-deu tesseract-ocr-fra tesseract-ocr-nld tesseract-ocr-ces)"
        )
    missing = module.missing_languages()
    if missing:
        return f"tesseract lacks languages: apt-get install {' '.join(missing)}"
    return None


def _read_all(folder: Path) -> None:
    """The measurement, beside the tests: every read, as JSON in ``folder``."""
    module = _measure()
    if _missing(module) is None:
        reads = module.measure(SEEDS, DPI)
        text = json.dumps([dataclasses.asdict(r) for r in reads])
        (folder / "reads.json").write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def ocr():  # type: ignore[no-untyped-def]
    module = _measure()
    why = _missing(module)
    if why:
        pytest.skip(why)
    return module


@pytest.fixture
def reads(ocr, beside):  # type: ignore[no-untyped-def]
    assert beside.returncode == 0, beside.output
    data = json.loads((beside.folder / "reads.json").read_text(encoding="utf-8"))
    return [ocr.Read(**read) for read in data]


def test_every_sample_envelope_is_read(reads):
    labels = {r.label for r in reads}
    # Both sample kits' interviewers, and every convention the samples do not show.
    assert {
        "hartwell.yaml:Margaret Dvořák",
        "hartwell.yaml:Tomás Okafor",
        "hartwell.yaml:Priya Raman",
        "mueller.yaml:Jürgen Weiß",
        "mueller.yaml:Zofia Łukasiewicz",
    } <= labels
    assert {"FR", "CA", "NL", "CZ", "JP", "US-pub28"} <= labels
    assert len(reads) == len(labels) * SEEDS


def test_every_postcode_read_exactly(reads):
    misread = [f"{r.label} seed {r.seed}: {r.postal!r} in {r.text!r}" for r in reads]
    misread = [m for m, r in zip(misread, reads, strict=True) if not r.postal_ok]
    assert not misread


def test_character_error_rate_at_most_one_percent(reads):
    cer = sum(r.edits for r in reads) / sum(r.length for r in reads)
    assert cer <= 0.01, f"CER {cer:.2%}"
    # No single block far off: one misread name is a few characters, not a line.
    worst = max(reads, key=lambda r: r.cer)
    assert worst.cer <= 0.05, f"{worst.label} seed {worst.seed}: {worst.text!r}"
