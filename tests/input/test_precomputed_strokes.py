"""The single-line hands parsed ahead (fonts/precomputed/*.marshal) are the hands parsed now."""

from __future__ import annotations

import pytest
from msgspec.structs import fields

from cardgen.input import strokes

HANDS = sorted(strokes.stroke_catalogue())


@pytest.mark.parametrize("name", HANDS)
def test_a_hand_parsed_ahead_is_the_hand_parsed_now(name):
    """Made from today's file (else runs parse it again: ``python tools/precompute.py``),
    and equal to parsing it, letters and kerning pairs in the same order."""
    path = strokes.stroke_catalogue()[name].path
    data = path.read_bytes()
    ahead = strokes._unpacked(strokes.stroke_font_packed(name), data)
    assert ahead is not None, "no fonts/precomputed file made from this one"
    stored, letters = ahead
    assert letters and all(isinstance(v, bytes) for v in letters.values())  # put in order
    fresh = strokes._parsed(path, data)
    assert stored == fresh
    assert list(stored[1].items()) == list(fresh[1].items())
    assert list(stored[2].items()) == list(fresh[2].items())


def test_a_hand_parsed_ahead_reads_as_the_hand_parsed(monkeypatch):
    data = strokes.stroke_font_data(strokes.PRINT_HAND)
    read = strokes.parse_stroke_font(strokes.PRINT_HAND, data)
    monkeypatch.setattr(strokes, "_unpacked", lambda packed, data: None)
    parsed = strokes.parse_stroke_font(strokes.PRINT_HAND, data)
    for f in fields(read):
        if f.name not in ("glyphs", "pen_letters"):
            assert getattr(read, f.name) == getattr(parsed, f.name), f.name
    assert read.pen_letters and not parsed.pen_letters  # parsed: put in order as used
    assert list(read.glyphs) == list(parsed.glyphs)
    assert all(read.glyphs[c] == parsed.glyphs[c] for c in "aAgé?")


@pytest.mark.parametrize(
    "spoil",
    [
        lambda data, packed: (data + b" ", packed),  # the font changed since
        lambda data, packed: (data, packed[: len(packed) // 2]),  # a cut file
        lambda data, packed: (data, b"garbage"),
    ],
    ids=["another-font", "cut", "garbage"],
)
def test_a_hand_parsed_ahead_from_other_bytes_or_spoilt_is_parsed_again(spoil):
    data = strokes.stroke_font_data(strokes.CURSIVE_HAND)
    data, packed = spoil(data, strokes.stroke_font_packed(strokes.CURSIVE_HAND))
    assert strokes._unpacked(packed, data) is None
    assert strokes._unpacked(b"", data) is None  # no file parsed ahead


def test_a_file_of_the_format_before_is_parsed_again(monkeypatch):
    """The format before held no letters put in pen order: not read as this one."""
    import marshal
    import zlib

    data = strokes.stroke_font_data(strokes.CURSIVE_HAND)
    monkeypatch.setattr(strokes, "PACKED_FORMAT", 1)
    before = (
        strokes._header(data),
        strokes._parsed(strokes.stroke_catalogue()[strokes.CURSIVE_HAND].path, data),
    )
    assert strokes._unpacked(zlib.compress(marshal.dumps(before)), data) is None
    monkeypatch.undo()
    assert strokes._unpacked(strokes.stroke_font_packed(strokes.CURSIVE_HAND), data) is not None
    font = strokes.parse_stroke_font(strokes.CURSIVE_HAND, data + b" ")  # another file
    assert not font.pen_letters


def test_a_hand_not_parsed_ahead_is_parsed(monkeypatch, tmp_path):
    hand = strokes.stroke_catalogue()[strokes.CURSIVE_HAND]
    monkeypatch.setattr(strokes, "_packed_path", lambda path: tmp_path / "none.marshal")
    assert strokes.stroke_font_packed(hand.name) == b""
    data = strokes.stroke_font_data(hand.name)
    assert (
        strokes.parse_stroke_font(hand.name, data, b"").kerning
        == strokes._parsed(hand.path, data)[2]
    )
