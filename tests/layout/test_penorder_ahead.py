"""The shipped hands' letters put in pen order ahead (fonts/precomputed) are pen_order's,
bit for bit, and are used only for the very letter they were made from."""

from __future__ import annotations

import msgspec
import numpy as np
import pytest

from cardgen.input.strokes import CURSIVE_HAND, PRINT_HAND, stroke_font
from cardgen.layout import penorder
from cardgen.layout import strokes as strokes_module
from cardgen.layout.penorder import Letter, pack_letter, pen_order, stored_letter
from cardgen.layout.strokes import VARIANT, StrokeSet

HANDS = (PRINT_HAND, CURSIVE_HAND)
_ARRAYS = ("points", "source", "arc", "free")


def _same(a: Letter, b: Letter) -> None:
    """Equal field for field: arrays in dtype, shape and bytes, the rest in value and type."""
    for f in msgspec.structs.fields(Letter):
        x, y = getattr(a, f.name), getattr(b, f.name)
        if f.name in _ARRAYS:
            assert (x.dtype, x.shape, x.tobytes()) == (y.dtype, y.shape, y.tobytes()), f.name
            assert x.flags.writeable and y.flags.writeable, f.name
        else:
            assert x == y and repr(x) == repr(y), f.name  # repr: int is not float, 0.0 not -0.0


def _args(hand: StrokeSet, key: str) -> tuple[tuple, dict]:
    glyph = hand.glyphs[key]
    name = key[-1] if key.startswith(VARIANT) else key
    return (glyph.strokes, glyph.advance), {
        "joined": hand.font.joined,
        "x_height": hand.x_height,
        "letter": name,
    }


@pytest.mark.parametrize("name", HANDS)
def test_every_letter_put_in_order_ahead_is_pen_orders(name):
    """Made from today's font and pen_order (else: ``python tools/precompute.py``)."""
    hand = StrokeSet(stroke_font(name))
    ahead = hand.font.pen_letters
    assert set(ahead) == set(hand.packed_letters()), "a letter missing: run tools/precompute.py"
    assert {"a", "r", "i", "Q"} <= set(ahead)  # the joined hand's own r and moved i dots too
    for key, packed in ahead.items():
        args, kwargs = _args(hand, key)
        stored = stored_letter(packed, *args, **kwargs)
        assert stored is not None, f"{key!r} is stale: run tools/precompute.py"
        _same(stored, pen_order(*args, **kwargs))


@pytest.mark.parametrize("name", HANDS)
def test_a_shipped_hand_writes_with_its_letters_put_in_order_ahead(name, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("put in pen order at run time")

    monkeypatch.setattr(strokes_module, "pen_order", refuse)
    hand = StrokeSet(stroke_font(name))
    glyphs, _ = hand.shape("Thank you Ms Ward")  # (a comma is set as an accent is)
    assert glyphs and all(hand.letter(g.gid) is not None for _, g in glyphs)


def test_a_letter_made_from_other_input_is_put_in_order_again():
    hand = StrokeSet(stroke_font(CURSIVE_HAND))
    (strokes, advance), kwargs = _args(hand, "a")
    packed = pack_letter(strokes, advance, **kwargs)
    assert stored_letter(packed, strokes, advance, **kwargs) is not None
    moved = ((strokes[0][0], (strokes[0][1][0] + 1e-12, strokes[0][1][1])), *strokes[1:])
    others = [
        ((moved, advance), kwargs),  # other strokes
        ((strokes[:-1], advance), kwargs) if len(strokes) > 1 else ((strokes * 2, advance), kwargs),
        ((strokes, advance * 1.1), kwargs),  # scaled (a borrowed letter)
        ((strokes, advance), {**kwargs, "joined": False}),
        ((strokes, advance), {**kwargs, "x_height": kwargs["x_height"] + 1e-9}),
        ((strokes, advance), {**kwargs, "letter": "o"}),
    ]
    for args, kw in others:
        assert stored_letter(packed, *args, **kw) is None
    # equal is not enough: -0.0 == 0.0, but pen_order would keep the sign in its points
    line = (((0.0, 0.1), (0.2, 0.3)),)
    packed = pack_letter(line, 0.3, joined=False, x_height=0.5, letter="l")
    assert stored_letter(packed, line, 0.3, joined=False, x_height=0.5, letter="l") is not None
    signed = (((-0.0, 0.1), (0.2, 0.3)),)
    assert signed == line
    assert stored_letter(packed, signed, 0.3, joined=False, x_height=0.5, letter="l") is None


def test_a_stale_or_spoilt_letter_is_put_in_order_again(monkeypatch):
    font = stroke_font(CURSIVE_HAND)
    hand = StrokeSet(font)
    args, kwargs = _args(hand, "e")
    packed = font.pen_letters["e"]
    assert stored_letter(b"garbage", *args, **kwargs) is None
    assert stored_letter(packed[: len(packed) // 2], *args, **kwargs) is None
    monkeypatch.setattr(penorder, "PACKED_LETTER", penorder.PACKED_LETTER + 1)  # an older file
    assert stored_letter(packed, *args, **kwargs) is None


def test_a_font_whose_letters_were_put_in_order_from_others_puts_them_in_order():
    """A hand carrying another's letters (a stale file, a captured hand): pen_order's."""
    own = stroke_font(PRINT_HAND)
    other = stroke_font(CURSIVE_HAND)
    font = msgspec.structs.replace(own, pen_letters=other.pen_letters)
    hand = StrokeSet(font)
    fresh = StrokeSet(msgspec.structs.replace(own, pen_letters={}))
    for ch in "aegr":
        got = hand.letter(hand._glyph_id(ch))
        want = fresh.letter(fresh._glyph_id(ch))
        assert got is not None and want is not None
        _same(got, want)
        args, kwargs = _args(hand, ch)
        _same(got, pen_order(*args, **kwargs))
    theirs = StrokeSet(other)
    args, kwargs = _args(theirs, "a")
    stored = stored_letter(other.pen_letters["a"], *args, **kwargs)
    assert stored is not None
    assert not np.array_equal(hand.letter(hand._glyph_id("a")).points, stored.points)


@pytest.mark.parametrize("name", HANDS)
def test_a_letters_outline_from_its_points_is_the_one_from_its_strokes(name):
    hand = StrokeSet(stroke_font(name))
    for key in "aegkrtxQW&é":
        gid = hand._glyph_id(key)
        pen = hand.letter(gid)
        if pen is None:
            continue
        got, want = hand.outline(0, gid), strokes_module._outline(pen.strokes)
        assert got.points.tobytes() == want.points.tobytes()
        assert got.points.shape == want.points.shape and got.points.dtype == want.points.dtype
        assert got.normals.tobytes() == want.normals.tobytes()
        assert (got.template, got.contours, got.bounds) == (
            want.template,
            want.contours,
            want.bounds,
        )
        assert got.points is not pen.points  # the letter's points are not the outline's
