"""Writing with a captured hand: ``--font NAME`` resolves it as a single-line print hand,
its samples vary as alternates, its missing letters come from the print hand (said once),
and a kit is made with it, in ink and for the plotter."""

from __future__ import annotations

import json
import os
import random
from functools import cache
from pathlib import Path

import pytest
from conftest import run_cli
from handphoto import filled_page, photograph

from cardgen.input.strokes import PRINT_HAND, resolve_hand, stroke_font
from cardgen.layout.handcapture import build_hand, capture
from cardgen.layout.handsheet import sheet_pages
from cardgen.layout.strokes import VARIANT, StrokeSet
from cardgen.model import StrokeFont


@cache
def _hand_text() -> str:
    photos = [
        (f"p{p.number}.jpg", photograph(filled_page(p, p.number).image, 20 + p.number))
        for p in sheet_pages("letter")
    ]
    return json.dumps(build_hand("mine", capture(photos, "")), ensure_ascii=False)


# The photos read and the likeness measured once, beside the tests (tests/conftest.py).
pytestmark = pytest.mark.beside("_capture")


def _capture(folder: Path) -> None:
    """The hand captured from the template's photos (``hand.json``), and the likeness
    of it and of the print hand to every shipped hand and to the writer's
    (``likeness.json``): the slow parts; the checks stay in the tests."""
    text = _hand_text()
    (folder / "hand.json").write_text(text, encoding="utf-8")
    hands = Path(os.environ["CARDGEN_CONFIG_DIR"]) / "hands"
    hands.mkdir()
    (hands / "mine.json").write_text(text, encoding="utf-8")
    likeness = _likeness_module().likeness
    scores = {
        "mine": likeness(resolve_hand("mine"), times=1),
        "print": likeness(stroke_font(PRINT_HAND), times=1),
    }
    (folder / "likeness.json").write_text(json.dumps(scores), encoding="utf-8")


@pytest.fixture
def mine(config_dir, beside):  # type: ignore[no-untyped-def]
    """The captured hand 'mine' saved in this test's config folder, less its k and y."""
    assert beside.returncode == 0, beside.output
    hand = json.loads((beside.folder / "hand.json").read_text(encoding="utf-8"))
    for ch in "ky":
        del hand["glyphs"][ch]
    folder = config_dir / "hands"
    folder.mkdir()
    (folder / "mine.json").write_text(json.dumps(hand, ensure_ascii=False), encoding="utf-8")
    return hand


def test_a_captured_hand_resolves_as_a_print_pen_hand(mine):
    font = resolve_hand("mine")
    assert isinstance(font, StrokeFont) and not font.joined
    assert font.x_height == mine["x_height"]
    assert len(font.variants["e"]) == 3  # four cells of e: the first and three variants
    assert font.glyphs["a"].strokes == tuple(
        tuple(tuple(p) for p in st) for st in mine["glyphs"]["a"][0]["strokes"]
    )
    # what the hand lacks comes from the print hand, at the hand's x-height
    assert {"k", "y"} <= font.borrowed and "a" not in font.borrowed
    relief = stroke_font(PRINT_HAND)
    scale = font.glyphs["k"].advance / relief.glyphs["k"].advance
    assert scale == pytest.approx(mine["x_height"] / 0.555, rel=0.01)
    # an accented letter is built from the hand's own letter, never borrowed whole
    assert "é" not in font.borrowed and "ł" not in font.borrowed
    strokes = StrokeSet(font)
    assert strokes.parts("é")[0][0] == "e"


def test_variants_are_taken_as_alternates_are(mine):
    strokes = StrokeSet(resolve_hand("mine"))
    assert strokes.alternates() == ("v1", "v2", "v3")
    plain, _ = strokes.shape("tee")
    varied, _ = strokes.shape("tee", [("v1", 1), ("v3", 2)])
    assert [g.gid for _, g in plain][1] == [g.gid for _, g in plain][2]
    gids = [g.gid for _, g in varied]
    assert len(set(gids)) == 3
    assert strokes.letter(gids[1]) is not None
    assert f"{VARIANT}3e" in strokes.glyphs
    # a letter with one variant takes it for any tag
    two = strokes.shape("z", [("v3", 0)])[0][0][1].gid
    assert two == strokes.shape("z", [("v1", 0)])[0][0][1].gid != strokes.shape("z")[0][0][1].gid


def test_the_shipped_pen_hands_have_no_alternates_so_their_cards_stay_the_same():
    for name in ("relief-singleline", "ems-allure"):
        assert StrokeSet(stroke_font(name)).alternates() == ()


def test_a_kit_in_a_captured_hand_says_once_what_it_lacks(mine, samples, tmp_path):
    out = tmp_path / "kit"
    result = run_cli("make", samples / "hartwell.yaml", "--font", "mine", "--out", out)
    assert result.exit_code == 0, result.stderr
    assert (out / "01-margaret-dvorak" / "card.pdf").stat().st_size > 10_000
    said = result.stdout + result.stderr
    assert said.count("your hand 'mine' lacks") == 1
    lacks = said.split("your hand 'mine' lacks ", 1)[1].split(":", 1)[0].split()
    assert set(lacks) <= {"k", "y"} and lacks
    check = run_cli("check", samples / "hartwell.yaml", "--font", "mine")
    assert check.stdout.count("your hand 'mine' lacks") == 1


def test_a_captured_hand_plots(mine, samples, tmp_path):
    out = tmp_path / "plot"
    args = ("--font", "mine", "--mode", "plot", "--out", out, "--only", "Priya Raman")
    result = run_cli("make", samples / "hartwell.yaml", *args)
    assert result.exit_code == 0, result.stderr
    svg = (out / "03-priya-raman" / "card.svg").read_text(encoding="utf-8")
    assert svg.count("<path") + svg.count("<polyline") > 50


def test_style_font_names_a_captured_hand(mine, write_yaml, base_yaml):
    text = base_yaml + "style:\n  font: mine\n"
    result = run_cli("check", write_yaml(text))
    assert result.exit_code in (0, 1), result.stderr
    assert "your hand 'mine' lacks" in result.stdout


def test_a_broken_saved_hand_is_one_line(config_dir, samples, tmp_path):
    folder = config_dir / "hands"
    folder.mkdir()
    (folder / "mine.json").write_text('{"cardgen": "hand", "version": 1, "glyphs": []}')
    result = run_cli("make", samples / "hartwell.yaml", "--font", "mine", "--out", tmp_path / "k")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "mine.json" in result.stderr
    assert not (tmp_path / "k").exists()


def test_variants_vary_a_written_word(mine):
    from cardgen.layout.handwriting import Hand

    hand = Hand()
    strokes = StrokeSet(resolve_hand("mine"))
    rng = random.Random(1)
    picked = set()
    for _ in range(40):
        alts = [(rng.choice(strokes.alternates()), 0)] if rng.random() < hand.alternates else []
        picked.add(strokes.shape("e", alts)[0][0][1].gid)
    assert len(picked) >= 3


def test_a_saved_hand_never_shadows_a_shipped_one(mine, config_dir):
    from cardgen.model import FontInfo

    text = (config_dir / "hands" / "mine.json").read_text(encoding="utf-8")
    for name in ("caveat", "relief-singleline"):
        (config_dir / "hands" / f"{name}.json").write_text(text, encoding="utf-8")
    assert isinstance(resolve_hand("caveat"), FontInfo)
    assert resolve_hand("relief-singleline") is stroke_font(PRINT_HAND)
    assert resolve_hand("Mine").name == "mine"


def _likeness_module():  # type: ignore[no-untyped-def]
    import importlib.util
    import sys
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "benchmarks" / "hand_likeness.py"
    spec = importlib.util.spec_from_file_location("hand_likeness", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["hand_likeness"] = module
    spec.loader.exec_module(module)
    return module


def test_a_captured_hands_words_are_closer_to_the_writer_than_to_any_shipped_hand(beside):
    # the words a card repeats, written as a card writes them, aligned by the best affine
    # warp: 1 - NCC to the same words in Comic Neue (the writer) and in every shipped hand
    # (measured by _capture)
    assert beside.returncode == 0, beside.output
    measured = json.loads((beside.folder / "likeness.json").read_text(encoding="utf-8"))
    scores = measured["mine"]
    writer = scores.pop("comic-neue")
    assert {"ems-allure", "relief-singleline", "caveat", "patrick-hand"} <= set(scores)
    nearest = min(scores, key=scores.__getitem__)
    assert writer < scores[nearest], (writer, nearest, scores[nearest])
    # and the measure is not partial to Comic Neue: the print hand is nearest itself
    theirs = measured["print"]
    assert min(theirs, key=theirs.__getitem__) == PRINT_HAND
