"""Joins of a joined script's letters: the pulls made all at once, and the gap's test."""

from __future__ import annotations

import random

import numpy as np
import pytest

from cardgen.input.strokes import CURSIVE_HAND, stroke_font
from cardgen.layout import joins
from cardgen.layout.strokes import StrokeSet


@pytest.fixture(scope="module")
def cursive() -> StrokeSet:
    return StrokeSet(stroke_font(CURSIVE_HAND))


def test_the_gaps_test_is_numpys_hypot_even_a_hair_from_the_gap():
    # math.hypot stands in for np.hypot; at the gap itself, and a few ulps either side
    # of it, the answer is still numpy's.
    rng = random.Random(3)
    gap = joins.GAP
    cases = [(rng.uniform(-0.2, 0.2), rng.uniform(-0.2, 0.2)) for _ in range(2000)]
    edge = [gap]
    for _ in range(4):
        edge += [np.nextafter(edge[-1], 1.0), np.nextafter(edge[0 if len(edge) < 2 else -2], 0.0)]
    cases += [(float(d), 0.0) for d in edge] + [(0.0, -float(d)) for d in edge]
    cases += [(0.06, 0.08), (-0.06, 0.08), (0.08, 0.06)]  # 0.1 by hypot, give or take an ulp
    for dx, dy in cases:
        assert joins._near(dx, dy, gap) == bool(np.hypot(dx, dy) < gap), (dx, dy)


def test_letters_pulled_all_at_once_are_pulled_as_one_by_one(cursive):
    # Each letter's points moved by its end's weights and its move, its join points to
    # the meeting point exactly; the points of letters not pulled left as they were.
    rng = np.random.default_rng(5)
    chosen = [cursive.letter(cursive.shape(ch)[0][0][1].gid) for ch in "aemnou"]
    starts, at = [], 0
    for letter in chosen:
        starts.append(at)
        at += len(letter.points)
    flat = rng.uniform(-1, 1, (at, 2))
    one = flat.copy()
    pulls = []
    for i, (letter, start) in enumerate(zip(chosen, starts, strict=True)):
        if i in (1, 4):  # not pulled
            continue
        end = joins._end(letter, letter.exit if i % 2 else letter.entry)
        dx, dy = rng.uniform(-0.05, 0.05, 2).tolist()
        pulls.append((start, end, dx, dy))
        n = len(letter.points)
        joins._pull(one[start : start + n], np.array([dx, dy]), end.idx, end.weight)
    joins._pull_all(flat, pulls)
    assert np.array_equal(flat, one)
