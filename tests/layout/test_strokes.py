"""The shipped single-line hands: read without optional packages, every letter they must
write, and sane strokes (the data a pen will follow)."""

from __future__ import annotations

import itertools
import math
import sys
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from cardgen.errors import CardgenError
from cardgen.input.strokes import (
    CURSIVE_HAND,
    PRINT_HAND,
    STEP_EM,
    path_polylines,
    stroke_catalogue,
    stroke_font,
)
from cardgen.layout.strokes import StrokeSet

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
HANDS = (PRINT_HAND, CURSIVE_HAND)
# German, Czech, Polish, French, Spanish, Nordic (and Hungarian) letters, both cases.
EUROPEAN = "äöüßéèêçàâîïôûùñáíóúýřčšžěůďťňłąęćńśźżőűåøæœ"
REQUIRED = set(EUROPEAN) | {c.upper() for c in EUROPEAN if c != "ß"}
LATIN = [chr(c) for c in (*range(0x21, 0x7F), *range(0xA1, 0x180))]


def _sample_letters() -> set[str]:
    """Every letter of the samples' notes and names."""
    letters: set[str] = set()

    def walk(node: object, key: str = "") -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, str(k))
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif isinstance(node, str) and (key == "name" or "note" in key):
            letters.update(c for c in node if c.isalpha())

    for path in SAMPLES.glob("*.yaml"):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return letters


def _writable(hand: StrokeSet) -> str:
    return "".join(c for c in LATIN if hand.face_index(c) == 0)


# -- reading the fonts ---------------------------------------------------------------
def _svgelements_polylines(d: str, step: float) -> list[list[tuple[float, float]]]:
    """How the print hand was flattened before (svgelements): the reference."""
    from svgelements import Close, Line, Move, Path

    out: list[list[tuple[float, float]]] = []
    current: list[tuple[float, float]] = []
    for seg in Path(d):
        if isinstance(seg, Move):
            if len(current) > 1:
                out.append(current)
            current = [(seg.end.x, seg.end.y)]
        elif isinstance(seg, Line | Close):
            if seg.end is not None:
                current.append((seg.end.x, seg.end.y))
        else:
            probe = [seg.point(i / 8) for i in range(9)]
            length = sum(math.dist((a.x, a.y), (b.x, b.y)) for a, b in itertools.pairwise(probe))
            pieces = max(2, math.ceil(length / step))
            current += [(p.x, p.y) for p in (seg.point(i / pieces) for i in range(1, pieces + 1))]
    if len(current) > 1:
        out.append(current)
    return out


@pytest.mark.parametrize("name", HANDS)
def test_every_glyph_flattens_as_svgelements_did(name):
    path = stroke_catalogue()[name].path
    glyphs = list(ET.parse(path).getroot().iter("{http://www.w3.org/2000/svg}glyph"))
    assert len(glyphs) > 200
    worst = 0.0
    for g in glyphs:
        d = g.get("d", "")
        ours, theirs = path_polylines(d, STEP_EM * 1000), _svgelements_polylines(d, STEP_EM * 1000)
        assert [len(s) for s in ours] == [len(s) for s in theirs], g.get("glyph-name")
        for a, b in zip(itertools.chain(*ours), itertools.chain(*theirs), strict=True):
            worst = max(worst, abs(a[0] - b[0]), abs(a[1] - b[1]))
    assert worst / 1000 <= 1e-9  # em (units per em: 1000)


def test_path_data_relative_smooth_and_closed_commands():
    lines = path_polylines("m10 10 h5 v5 l-5 0 z M0 0 H2 V3", 1.0)
    assert lines == [
        [(10.0, 10.0), (15.0, 10.0), (15.0, 15.0), (10.0, 15.0), (10.0, 10.0)],
        [(0.0, 0.0), (2.0, 0.0), (2.0, 3.0)],
    ]
    # S mirrors the previous control point: a symmetric S-curve, cut into short steps
    (curve,) = path_polylines("M0 0 C0 10 10 10 10 0 s10 -10 10 0", 0.5)
    assert curve[0] == (0.0, 0.0) and curve[-1] == pytest.approx((20.0, 0.0))
    assert max(y for _, y in curve) == pytest.approx(7.5)
    assert min(y for _, y in curve) == pytest.approx(-7.5)
    assert max(math.dist(a, b) for a, b in itertools.pairwise(curve)) < 1.0  # ~step
    (quad,) = path_polylines("M0 0 Q5 10 10 0 T20 0", 0.5)
    assert min(y for _, y in quad) == pytest.approx(-5.0)
    assert path_polylines("M0 0 1 1 2 0", 1.0) == [[(0.0, 0.0), (1.0, 1.0), (2.0, 0.0)]]


@pytest.mark.parametrize("d", ["M0 0 A5 5 0 0 1 10 0", "M0 0 L1", "5 5 L1 1"])
def test_path_data_it_cannot_read_is_refused(d):
    with pytest.raises(ValueError):
        path_polylines(d, 1.0)


def test_both_hands_load_without_the_plot_extra(monkeypatch):
    for name in ("vpype", "vpype_cli", "svgelements"):
        monkeypatch.setitem(sys.modules, name, None)
    stroke_font.cache_clear()
    try:
        fonts = {name: stroke_font(name) for name in HANDS}
    finally:
        stroke_font.cache_clear()
    assert fonts[PRINT_HAND].name == PRINT_HAND and not fonts[PRINT_HAND].joined
    assert fonts[CURSIVE_HAND].joined
    assert fonts[CURSIVE_HAND].licence == "EMSAllure-OFL.txt"
    assert len(fonts[CURSIVE_HAND].glyphs["a"].strokes) == 1


def test_an_unknown_hand_is_refused_by_name():
    with pytest.raises(CardgenError, match="ems-allure"):
        stroke_font("copperplate")


# -- what each hand can write ---------------------------------------------------------
@pytest.mark.parametrize("name", HANDS)
def test_each_hand_writes_the_samples_and_european_letters(name):
    hand = StrokeSet(stroke_font(name))
    writable = _writable(hand)
    need = REQUIRED | _sample_letters()
    assert need - set(writable) == set(), name
    print(f"{name}: {len(writable)} of {len(LATIN)}: missing "
          + "".join(c for c in LATIN if c not in writable))  # fmt: skip


def test_what_the_cursive_hand_cannot_write():
    hand = StrokeSet(stroke_font(CURSIVE_HAND))
    missing = {c for c in LATIN if hand.face_index(c) != 0}
    assert missing == set("¤§¬\u00ad¯µ¶ÞðþĸĿŀŉŊŋŦŧſ")


def test_the_print_hand_keeps_its_own_letters():
    """Relief draws these itself: nothing is built over them."""
    hand = StrokeSet(stroke_font(PRINT_HAND))
    for ch in "łŁøØœŒæßčřž":
        assert hand.parts(ch) == ((ch, 0.0, 0.0),), ch


def test_the_cursive_hand_builds_what_it_lacks():
    font = stroke_font(CURSIVE_HAND)
    hand = StrokeSet(font)
    assert "ł" not in font.glyphs and "ˇ" not in font.glyphs and "˛" not in font.glyphs
    (base, _, _), (bar, _, _) = hand.parts("ł")
    assert base == "l" and hand.glyphs[bar].advance == 0.0
    assert [p[0] for p in hand.parts("œ")] == ["o", "e"]
    assert hand.advance("œ") > hand.advance("o")
    # a caron sits above the letter's strokes, over their middle
    (_, _, _), (caron, dx, dy) = hand.parts("č")
    letter = [p for s in font.glyphs["c"].strokes for p in s]
    mark = [(x + dx, y + dy) for s in hand.glyphs[caron].strokes for x, y in s]
    assert min(y for _, y in mark) > max(y for _, y in letter)
    assert min(x for x, _ in letter) < sum(x for x, _ in mark) / len(mark)
    assert sum(x for x, _ in mark) / len(mark) < max(x for x, _ in letter)
    # an ogonek hangs under it, on the right
    (_, _, _), (ogonek, dx, dy) = hand.parts("ą")
    mark = [(x + dx, y + dy) for s in hand.glyphs[ogonek].strokes for x, y in s]
    assert max(y for _, y in mark) <= 0.05 and min(y for _, y in mark) < -0.05


# -- the strokes themselves -----------------------------------------------------------
@pytest.mark.parametrize("name", HANDS)
def test_every_letter_is_finite_and_in_sane_bounds(name):
    hand = StrokeSet(stroke_font(name))
    for ch in _writable(hand):
        glyphs, width = hand.shape(ch)
        assert 0.0 < width < 2.0, ch
        for _, g in glyphs:
            outline = hand.outline(0, g.gid)
            for x, y in outline.points:
                assert math.isfinite(x) and math.isfinite(y), ch
                assert -0.5 <= x + g.x <= 2.0 and -0.6 <= y + g.y <= 1.3, (ch, x, y)
            for first, end in outline.contours:
                assert end - first >= 2, ch


# EMS Allure's lowercase letters join at 0.183 em (about mid x-height): each meets the
# join point on its left (-0.032, 0.183) and on its right (advance - 0.032, 0.183).
JOIN_Y, JOIN_X = 0.183, -0.032
# letters with a stroke's end AT the left join (the others' join runs into their body)
ENTRY_AT_JOIN = set("bhijklmrstvx")
# letters with a stroke's end at the right join (b d f k p s v w end elsewhere)
EXIT_AT_JOIN = set("aceghijlmnoqrtuxyz")


def test_cursive_lowercase_letters_meet_their_neighbours_near_mid_x_height():
    font = stroke_font(CURSIVE_HAND)
    for ch in "abcdefghijklmnopqrstuvwxyz":
        glyph = font.glyphs[ch]
        left, right = (JOIN_X, JOIN_Y), (glyph.advance + JOIN_X, JOIN_Y)
        points = [p for s in glyph.strokes for p in s]
        ends = [p for s in glyph.strokes for p in (s[0], s[-1])]
        assert min(math.dist(p, left) for p in points) < 0.18, ch
        assert min(math.dist(p, right) for p in points) < 0.18, ch
        assert (min(math.dist(p, left) for p in ends) < 0.012) == (ch in ENTRY_AT_JOIN), ch
        assert (min(math.dist(p, right) for p in ends) < 0.012) == (ch in EXIT_AT_JOIN), ch


def test_the_fonts_command_lists_the_hands(runner):
    from cardgen.cli import app

    result = runner.invoke(app, ["fonts"])
    assert result.exit_code == 0
    rows = {line.split()[0] for line in result.stdout.splitlines() if line.strip()}
    assert {PRINT_HAND, CURSIVE_HAND} <= rows
    assert not any(unicodedata.category(c) == "Co" for c in result.stdout)


def test_the_joined_hand_writes_every_letter_of_a_european_name():
    # Romanian commas below and the ellipsis are built; the section sign comes from
    # the print hand, scaled to the script's x-height.
    hand = StrokeSet(stroke_font(CURSIVE_HAND), fallback=stroke_font(PRINT_HAND))
    letters = "ŘřČčŁłŐőßäöüÄÖÜŚśŹźŻżĄąĘęŃńÓóĆćŠšŽžĚěŮůŤťĎďŇňȘșȚțĂăÎîÂâ…€§"
    assert [c for c in letters if hand.face_index(c) < 0] == []
    comma = hand.parts("ș")
    assert comma is not None and comma[1][0] == "," and comma[1][2] < 0  # under the s
    section = hand.parts("§")
    assert section is not None and section[0][0].startswith("\ue002")
    drawn = max(y for stroke in hand.glyphs[section[0][0]].strokes for _, y in stroke)
    assert 0.5 < drawn / hand.cap_height < 1.2  # scaled to the script, not the print hand
    alone = StrokeSet(stroke_font(CURSIVE_HAND))
    assert alone.face_index("§") < 0  # without the print hand: reported, never dropped


def test_a_stroke_hand_measures_its_letters_as_drawn():
    hand = StrokeSet(stroke_font(CURSIVE_HAND))
    assert hand.font.x_height == 0.3  # declared
    assert 0.33 < hand.x_height < 0.38 and 0.65 < hand.cap_height < 0.75  # as drawn


def test_a_joined_hand_dots_its_i_clear_of_the_letter_before():
    hand = StrokeSet(stroke_font(CURSIVE_HAND))
    font_dot = min(stroke_font(CURSIVE_HAND).glyphs["i"].strokes, key=len)
    dot = min(hand.glyphs["i"].strokes, key=len)
    assert dot[0][0] - font_dot[0][0] == pytest.approx(0.07)  # later, to the right
    assert dot[0][1] - font_dot[0][1] == pytest.approx(0.03)  # and a little higher


def test_a_script_capital_l_is_barred_across_its_stem_above_the_baseline():
    hand = StrokeSet(stroke_font(CURSIVE_HAND))
    bar = hand.glyphs[hand.parts("Ł")[1][0]].strokes[0]
    (x0, y0), (x1, _y1) = bar
    assert y0 > 0.1 and x1 - x0 == pytest.approx(0.24)  # above the loop, long enough to see


def test_after_a_letter_the_pen_leaves_the_next_starts_a_little_apart():
    hand = StrokeSet(stroke_font(CURSIVE_HAND))
    ds = [g.x for _, g in hand.shape("ds")[0]]
    dr = [g.x for _, g in hand.shape("ar")[0]]
    assert ds[1] - hand.glyphs["d"].advance == pytest.approx(0.05)  # d does not join
    assert dr[1] == pytest.approx(hand.glyphs["a"].advance)  # a joins r: no gap


def test_a_word_is_shaped_once_and_written_from_that_shape():
    hand = StrokeSet(stroke_font(CURSIVE_HAND))
    first = hand.shape("minimum")
    hand.shape("quijote")
    assert hand.shape("minimum") is first  # the same glyphs, not shaped again
    assert hand.shape("minimum", [("salt", 2)]) is first  # a shipped hand has no variants
