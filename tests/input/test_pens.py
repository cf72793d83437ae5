"""The pens a single-line hand is written with: ``layouts/pens.yaml``, checked like every file."""

from __future__ import annotations

import pytest

from cardgen.errors import InputError
from cardgen.input.catalogue import load_catalogue
from cardgen.input.layouts import load_pens, pens
from cardgen.model import InkPen

GOOD = """\
default: felt
pens:
  quill:
    width: 0.5mm
    nib_angle: 40
    nib_min: 0.3
  felt:
    width: 0.8mm
    swell: 0.1
"""


def test_the_shipped_pens_load_with_the_ballpoint_first():
    table = pens()
    assert list(table) == ["ballpoint", "gel", "fountain"]  # the default first
    ball, gel, fountain = table.values()
    assert isinstance(ball, InkPen) and ball.nib_angle_deg is None
    assert ball.width_mm == pytest.approx(0.35) and gel.width_mm == pytest.approx(0.45)
    assert gel.opacity > ball.opacity and gel.swell > ball.swell  # darker, a little more swell
    assert fountain.nib_angle_deg is not None and 30 <= fountain.nib_angle_deg <= 40
    assert fountain.width_mm * fountain.nib_min == pytest.approx(0.25, abs=0.03)  # its thin line
    assert (ball.source, ball.line) == ("pens.yaml", 21)  # where it is defined, for messages


def test_the_catalogue_holds_the_pens(tmp_path, monkeypatch):
    monkeypatch.setenv("CARDGEN_CONFIG_DIR", str(tmp_path))
    catalogue = load_catalogue(
        cultures_file=None, fonts=(), layouts=(), printer=None, strokes=False
    )
    assert catalogue.pens() == pens()
    assert catalogue.pen().name == "ballpoint"
    assert catalogue.pen("fountain") is pens()["fountain"]
    with pytest.raises(InputError, match="unknown pen 'quill' \\(valid: ballpoint, gel"):
        catalogue.pen("quill")


def test_a_pens_file_is_read_with_its_default_first(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(GOOD)
    table = load_pens(path)
    assert list(table) == ["felt", "quill"]
    quill = table["quill"]
    assert quill.width_mm == pytest.approx(0.5) and quill.nib_angle_deg == 40.0
    assert quill.swell == InkPen("any", 0.5).swell  # unset: the pen's default
    assert (quill.source, quill.line) == ("mine.yaml", 3)


def test_a_pens_tone_is_checked_against_the_default_opacity_when_it_gives_none(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(GOOD.replace("    swell: 0.1", "    tone: 0.3", 1))
    felt = load_pens(path)["felt"]
    assert felt.tone == 0.3 and felt.opacity == InkPen("any", 0.8).opacity


@pytest.mark.parametrize(
    ("edit", "where", "message"),
    [
        (("    swell: 0.1", "    swel: 0.1"), "mine.yaml:9: pens.felt.swel", "unknown key"),
        (
            ("    swell: 0.1", "    swell: lots"),
            "mine.yaml:9: pens.felt.swell",
            "expected a number",
        ),
        (("    swell: 0.1", "    swell: [1]"), "mine.yaml:9: pens.felt.swell", "expected text"),
        (("width: 0.8mm", "width: 0.8"), "mine.yaml:8: pens.felt.width", "with a unit"),
        (("width: 0.8mm", "width: 9mm"), "mine.yaml:8: pens.felt.width", "between 0.1mm and 2mm"),
        (("    swell: 0.1", "    swell: nan"), "mine.yaml:9: pens.felt.swell", "between 0 and 1"),
        (
            ("    swell: 0.1", "    tone: 0.2\n    opacity: 0.2"),
            "mine.yaml:9: pens.felt.tone",
            "less than",
        ),
        (("nib_angle: 40", "nib_angle: north"), "mine.yaml:5: pens.quill.nib_angle", "a number"),
        (("default: felt", "default: biro"), "mine.yaml:1: default", "unknown pen 'biro'"),
        (("  quill:", "  Quill:"), "mine.yaml:4: pens.Quill", "lower-case"),
        (("    width: 0.5mm\n", ""), "mine.yaml:4: pens.quill.width", "required key is missing"),
    ],
)
def test_a_bad_pens_file_is_refused_at_its_file_line_and_key(tmp_path, edit, where, message):
    path = tmp_path / "mine.yaml"
    path.write_text(GOOD.replace(*edit, 1))
    with pytest.raises(InputError) as caught:
        load_pens(path)
    assert str(caught.value).startswith(f"{where}: ")
    assert message in caught.value.reason
    assert caught.value.exit_code == 2
