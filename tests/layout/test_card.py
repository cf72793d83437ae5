"""A card written by a pen: the pen's path through a word, and its ink."""

from __future__ import annotations

import random

import numpy as np
import pytest
from cardfixtures import compose, fonts

from cardgen.input.layouts import pens
from cardgen.layout.art import Writing
from cardgen.layout.handwriting import Glyph
from cardgen.layout.ink import ink_path, ink_strokes
from cardgen.layout.penstrokes import pen_path, pen_strokes


@pytest.fixture(scope="module")
def pen_card():
    return compose("a2-flat", body_font="ems-allure")


def _words(art):
    out: dict[int, list] = {}
    for g in art.glyphs:
        out.setdefault(g.word, []).append(g)
    return out


def test_a_joined_word_is_written_without_lifting_the_pen(pen_card):
    # "meet": four letters that all join, one stroke from the m's entry to the t's exit,
    # and the t's bar on its own.
    words = _words(pen_card)
    meet = next(gs for gs in words.values() if "".join(g.ch for g in gs) == "meet")
    strokes = pen_strokes(tuple(meet), 0.01 * meet[0].size)
    letters = sum(len(g.template.split()[2::3]) - g.template.split()[2::3].count("l") for g in meet)
    assert letters > len(strokes)  # fewer pen lifts than the letters' strokes
    longest = max(strokes, key=len)
    span = longest[:, 0].max() - longest[:, 0].min()
    first, last = meet[0].box, meet[-1].box
    assert span > 0.8 * (last.x + last.width - first.x)  # one stroke across the word
    assert all(len(s) >= 2 for s in strokes)


def test_words_never_run_into_each_other(pen_card):
    # A stroke never continues into the next word, however close its start.
    for glyphs in _words(pen_card).values():
        for stroke in pen_strokes(tuple(glyphs), 1e9):  # any start continues … within a word
            xs = stroke[:, 0]
            assert (
                xs.max() - xs.min()
                < 1.5 * (max(g.box.x + g.box.width for g in glyphs) - min(g.box.x for g in glyphs))
                + 1
            )


def test_a_pen_hand_card_is_inked_and_an_outline_one_is_not(pen_card):
    writing = [m for m in pen_card.message if isinstance(m, Writing)]
    assert [bool(w.ink) for w in writing] == [True, True]  # the note's and the signature's
    alphas = {round(p.alpha, 2) for w in writing for p in w.ink}
    assert len(alphas) > 3 and all(0.5 < a <= 1.0 for a in alphas)
    outline = compose("a2-flat")
    assert all(not m.ink for m in outline.message if isinstance(m, Writing))


def test_the_same_seed_inks_the_same_card():
    a = compose("a2-flat", body_font="ems-allure", seed=3)
    b = compose("a2-flat", body_font="ems-allure", seed=3)
    ia = [p for m in a.message if isinstance(m, Writing) for p in m.ink]
    ib = [p for m in b.message if isinstance(m, Writing) for p in m.ink]
    assert len(ia) == len(ib) and all(
        np.array_equal(p.points, q.points) and p.alpha == q.alpha
        for p, q in zip(ia, ib, strict=True)
    )


def test_punctuation_stands_clear_of_a_flourish():
    # k and d end in a flourish to the right, not a join: a comma or full stop after
    # them is set past the flourish's ink low down, where the mark sits.
    hand = fonts("ems-allure")["body"]
    for word in ("Dvořák,", "read.", "work;"):
        shaped, _ = hand.shape(word)
        last_letter, mark = shaped[-2][1], shaped[-1][1]
        letter = hand.outline(0, last_letter.gid)
        low = letter.points[letter.points[:, 1] < 0.8 * hand.x_height]
        ink_end = last_letter.x + low[:, 0].max()
        mark_start = mark.x + hand.outline(0, mark.gid).points[:, 0].min()
        assert mark_start > ink_end + 0.03, word


def _pen_strokes_one_by_one(glyphs, join):
    """The pen's strokes as a glyph at a time, each stroke's start checked against every
    earlier stroke of its word's end, newest first (how they were first found)."""
    out, tails = [], []
    word, first = -1, 0
    for g in glyphs:
        if g.word != word:
            word, first = g.word, len(out)
        ops = g.template.split()[2::3]
        starts = [i for i, op in enumerate(ops) if op == "m"]
        where = g.points.tolist()
        spans = [
            (a, b) for a, b in zip(starts, [*starts[1:], len(where)], strict=True) if b - a >= 2
        ]
        spans.sort(key=lambda span: -where[span[1] - 1][0])
        taken = set()
        for a, b in spans:
            x, y = where[a]
            into = None
            for i in range(len(out) - 1, first - 1, -1):
                tx, ty = tails[i]
                if abs(tx - x) + abs(ty - y) <= join and i not in taken:
                    into = i
                    break
            if into is None:
                taken.add(len(out))
                out.append([g.points[a:b]])
                tails.append(where[b - 1])
            else:
                taken.add(into)
                out[into].append(g.points[a + 1 : b])
                tails[into] = where[b - 1]
    return [np.concatenate(own) for own in out]


def _glyph(word, points, starts):
    ops = ["m" if i in starts else "l" for i in range(len(points))]
    template = " ".join(f"{{}} {{}} {op}" for op in ops)
    return Glyph("a", 0, 0, 0.0, 0.0, 10.0, 0.0, 0.0, 0.0, "body", word, np.array(points), template)


def test_the_pens_strokes_found_at_once_are_those_found_a_glyph_at_a_time(pen_card):
    """The card's writing, joined close and far; and made-up glyphs: two strokes from one
    join (the one ending furthest right runs on), a stroke of one point (none), a glyph
    with none between two of one word, a word's glyphs after another word's."""
    glyphs = tuple(pen_card.glyphs)
    size = glyphs[0].size
    for join in (0.0, 0.01 * size, 0.1 * size, 1e9):
        got = pen_strokes(glyphs, join)
        want = _pen_strokes_one_by_one(glyphs, join)
        assert len(got) == len(want) and all(
            np.array_equal(a, b) for a, b in zip(got, want, strict=True)
        )
    made = (
        _glyph(0, [[0, 0], [1, 0], [2, 0], [0, 0], [1, 1], [3, 1], [9, 9]], {0, 3, 6}),
        _glyph(0, [[3, 1], [4, 1], [2, 0], [2, 5]], {0, 2}),
        _glyph(1, [[5, 5]], {0}),
        _glyph(0, [[4, 1], [6, 2], [3, 1], [3, 0]], {0, 2}),
        _glyph(2, [[1, 1]], {0}),
        _glyph(0, [[6, 2], [7, 2]], {0}),
    )
    for join in (0.0, 0.5, 3.0):
        got = pen_strokes(made, join)
        want = _pen_strokes_one_by_one(made, join)
        assert [s.tolist() for s in got] == [s.tolist() for s in want]
    assert len(pen_strokes(made, 0.0)) < 7 and pen_strokes((), 1.0) == []


def test_the_pens_path_is_its_strokes_one_after_another_and_inks_as_they_do(pen_card):
    """pen_path: the strokes found a glyph at a time, their points in one array, where
    each starts beside them; ink_path of it: the ink of those strokes, bit for bit (the
    card's dots, its i's and full stops, among them)."""
    glyphs = tuple(pen_card.glyphs)
    size = glyphs[0].size
    for join in (0.0, 0.01 * size, 1e9):
        want = _pen_strokes_one_by_one(glyphs, join)
        points, starts = pen_path(glyphs, join)
        assert np.array_equal(points, np.concatenate(want))
        assert starts.tolist() == [0, *np.cumsum([len(s) for s in want]).tolist()]
        pen = pens()["ballpoint"]
        got = ink_path(points, starts, pen, random.Random(3), size)
        alone = ink_strokes(want, pen, random.Random(3), size)
        assert np.array_equal(got.points, alone.points)
        assert np.array_equal(got.offsets, alone.offsets)
        assert np.array_equal(got.alphas, alone.alphas)
    points, starts = pen_path((), 1.0)
    assert points.shape == (0, 2) and starts.tolist() == [0]
    assert len(ink_path(points, starts, pens()["ballpoint"], random.Random(3), size)) == 0
