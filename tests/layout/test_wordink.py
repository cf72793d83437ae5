"""A line written at once comes out exactly as written word by word.

The hand draws each word's choices in order and does the arithmetic for the whole
line afterwards (:func:`cardgen.layout.letters.write_words`,
:func:`cardgen.layout.joins.join_all`, :func:`cardgen.layout.wordink.along` and ``onto``): each
must give the very numbers, bit for bit, that one word at a time gives.
"""

from __future__ import annotations

import random

import numpy as np
import pytest
from msgspec.structs import replace

from cardgen.input.strokes import CURSIVE_HAND, PRINT_HAND, stroke_font
from cardgen.layout import joins, letters
from cardgen.layout.handwriting import Glyph, _Field
from cardgen.layout.lines import ink_boxes as zone_boxes
from cardgen.layout.strokes import StrokeSet
from cardgen.layout.wordink import Curve, Word, WordInk, along, ink_boxes, onto

LINE = "Dvořák wrote: quijote, minimum Gesprächs élan"


@pytest.fixture(scope="module", params=[CURSIVE_HAND, PRINT_HAND])
def hand(request) -> StrokeSet:  # type: ignore[no-untyped-def]
    return StrokeSet(stroke_font(request.param))


def test_a_lines_words_written_at_once_as_one_by_one(hand):
    shaped = [hand.shape(word)[0] for word in LINE.split()]
    assert any(hand.letter(g.gid) is None for s in shaped for _, g in s)  # accents
    rng = random.Random(5)
    alone = [write for s in shaped for write in letters.write_word(hand, s, rng, 1.2)]
    after = rng.random()
    rng = random.Random(5)
    drawn = [letters.draw_word(hand, s, rng, 1.2) for s in shaped]
    together, counts = letters.write_words(hand, drawn)
    assert rng.random() == after  # the same draws, in the same order
    assert counts == [len(a) for a in alone]
    assert np.array_equal(together, np.concatenate(alone))


def test_a_lines_joins_made_at_once_as_word_by_word():
    hand = StrokeSet(stroke_font(CURSIVE_HAND))  # a joined script
    rng = random.Random(8)
    words, flat, chains, start = [], [], [], 0
    for word in LINE.split():
        shaped = hand.shape(word)[0]
        ones = [hand.letter(g.gid) for _, g in shaped]
        pts = [
            letters.vary(one, rng, 1.35) + np.array([g.x, g.y])
            for one, (_, g) in zip(ones, shaped, strict=True)
            if one is not None
        ]
        kept = [one for one in ones if one is not None]
        words.append((kept, pts))
        chain = []
        for one, p in zip(kept, pts, strict=True):
            chain.append((one, start))
            flat.append(p.copy())
            start += len(p)
        chains.append(chain)
    together = np.concatenate(flat)
    joins.join_all(chains, together)
    for kept, pts in words:
        joins.join_word(kept, pts)
    alone = np.concatenate([p for _, pts in words for p in pts])
    assert not np.array_equal(alone, np.concatenate(flat))  # joins moved something
    assert np.array_equal(together, alone)


def test_ink_boxes_are_the_glyphs_boxes():
    rng = np.random.default_rng(3)
    counts = [4, 0, 7, 1, 0, 12]
    points = rng.normal(300.0, 40.0, (sum(counts), 2))
    starts = np.cumsum([0, *counts[:-1]])
    glyphs = [
        Glyph("a", 0, 1, 0.0, 0.0, 14.0, 0.0, 0.0, 0.0, "body", 0, points[a : a + n], "")
        for a, n in zip(starts, counts, strict=True)
    ]
    expected = zone_boxes(g.box for g in glyphs if len(g.points))
    assert np.array_equal(ink_boxes(points, counts), expected)
    assert ink_boxes(points[:0], [0, 0]).shape == (0, 4)


def _word(rng: random.Random, u0: float, calm: float) -> Word:
    waves = [(rng.uniform(0, 0.05), rng.uniform(0.2, 0.5), rng.uniform(0, 6)) for _ in range(3)]
    ink = WordInk(rng.uniform(0.95, 1.05), rng.uniform(-0.3, 0.3), 0.0, 0.1, *waves, 0.0)
    size, fx, slant = rng.uniform(10, 14), rng.uniform(0.95, 1.05), rng.uniform(-3, 3)
    return Word("w", (), u0, size, fx, slant, ink, calm, 0, [])


def bend(words, em, counts, lean, curve, origin, page):  # type: ignore[no-untyped-def]
    """A line's words along it at ``lean``, then on the page, as the hand puts them."""
    return onto(*along(words, em, counts, [lean] * len(words), curve), origin, page)


def test_a_lines_words_bent_at_once_as_one_by_one():
    rng = random.Random(4)
    page = _Field(rng, 0.4, 14)
    words = [_word(rng, u0, calm) for u0, calm in ((0.0, 1.0), (60.0, 0.35), (130.0, 1.0))]
    counts = [40, 25, 60]
    em = np.random.default_rng(1).uniform(-0.3, 1.0, (sum(counts), 2))

    curve = Curve(200.0, 0.004, 0.5, 0.3, 160.0, 1.0, 2.0)
    args = (0.2, curve, (72.0, 500.0), page.apply)
    together = bend(words, em, counts, *args)
    starts = np.cumsum([0, *counts[:-1]])
    alone = [
        bend([w], em[a : a + n], [n], *args) for w, a, n in zip(words, starts, counts, strict=True)
    ]
    assert np.array_equal(together, np.concatenate(alone))
    # the calm word took less of the page's field than it would have
    uncalm = bend([replace(words[1], calm=1.0)], em[40:65], [25], *args)
    assert not np.array_equal(alone[1], uncalm)


def test_an_outline_fonts_words_put_together_as_word_by_word():
    # Each word pushed along its normals, its i dots and accents moved on their own and
    # each glyph put in its place, as one word alone has it; every word's draws made in
    # order as the line is drawn.
    from cardfixtures import fonts

    from cardgen.layout.handwriting import Hand, _LineWriter
    from cardgen.layout.wordink import _outline_points

    fs = fonts()["body"]
    assert not isinstance(fs, StrokeSet)
    writer = _LineWriter(fs, Hand(k=1.2), random.Random(4), 14, 19.6, 400, 0.3, 0.5, 0.2, 400.0)
    words, _ = writer.draw("Dvořák quijote minimum Gesprächs élan iii")
    assert sum(len(w.moves) for w in words) >= 5  # dots and accents among them
    alone = []
    for w in words:
        o = w.outline
        assert o is not None and w.push is not None
        pts = o.points + o.normals * np.repeat(w.push, o.counts)[:, None]
        for (first, end), move in zip(o.marks, w.moves, strict=True):
            pts[first:end] += move
        pts[:, 0] += o.gx
        pts[:, 1] += o.gy
        alone.append(pts)
    assert np.array_equal(_outline_points(words), np.concatenate(alone))
