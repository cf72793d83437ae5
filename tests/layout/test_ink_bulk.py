"""The ink worked out for every stroke at once gives the numbers worked out one by one. Pure."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest

from cardgen.input.layouts import pens
from cardgen.layout.ink import (
    _alpha,
    _blots,
    _Drift,
    _interp,
    _lengths,
    _nominal,
    _pen_down,
    ink_path,
    ink_strokes,
)
from cardgen.layout.inkcut import (
    EVEN,
    GAP_MM,
    PIECE_MM,
    SAG,
    InkPiece,
    InkPieces,
    _boundaries,
    _chains,
    cuts,
    kept,
    ranges,
)
from cardgen.layout.runs import _runs_smooth, _runs_smooth_twice, _runs_smooths, _smooth
from cardgen.units import MM


def test_smoothing_twice_at_once_is_smoothing_twice():
    rng = np.random.default_rng(3)
    for counts in ([5, 9, 40, 7, 130, 6], [3, 3, 250, 17], [8, 2, 30]):  # the last: a short run
        runs = np.array(counts)
        for shape in ((int(runs.sum()),), (int(runs.sum()), 2)):
            values = rng.normal(size=shape)
            for span in (1, 2, 3):
                twice = _runs_smooth(_runs_smooth(values, runs, span), runs, span)
                assert np.array_equal(_runs_smooth_twice(values, runs, span), twice)


def test_two_values_smoothed_over_their_own_spans_at_once_are_each_smoothed_alone():
    """The same runs (short ones held, long and short groups) of two sets of values, each
    over its own span: each as a run alone gives it (:func:`_smooth`), bit for bit."""
    rng = np.random.default_rng(8)
    counts = np.array([5, 1, 9, 40, 2, 7, 130, 6, 3, 300, 17])
    heads = np.cumsum(counts) - counts
    for spans in ((1, 2), (3, 2), (2, 2), (4, 1)):
        values = [rng.normal(size=int(counts.sum())) * np.exp(rng.normal(0, 4)) for _ in spans]
        got = _runs_smooths(values, counts, spans)
        for one, span, mine in zip(values, spans, got, strict=True):
            alone = [
                _smooth(one[h : h + n], span) if n >= 3 else one[h : h + n]
                for h, n in zip(heads, counts, strict=True)
            ]
            assert np.array_equal(mine, np.concatenate(alone))
            assert np.array_equal(mine, _runs_smooth(one, counts, span))


def test_many_runs_smoothed_twice_in_one_table_are_each_smoothed_twice_alone():
    """Hundreds of runs of 3 to 300 values, a run a column of one table: each run's
    numbers as :func:`_smooth` twice gives them alone, for rows of 1, 2 and 2 x 2."""
    rng = np.random.default_rng(4)
    counts = rng.integers(3, 40, 300)
    counts[[7, 100]] = (300, 3)
    heads = np.cumsum(counts) - counts
    for shape in ((int(counts.sum()),), (int(counts.sum()), 2), (int(counts.sum()), 2, 2)):
        values = rng.normal(size=shape) * np.exp(rng.normal(0, 4, shape))
        for span in (1, 2, 4):
            want = np.concatenate(
                [
                    _smooth(_smooth(values[h : h + n], span), span)
                    for h, n in zip(heads, counts, strict=True)
                ]
            )
            assert np.array_equal(_runs_smooth_twice(values, counts, span), want)


def test_interpolating_every_stroke_at_once_is_numpys_stroke_by_stroke():
    rng = np.random.default_rng(7)
    xps, fps, xs = [], [], []
    for n in (1, 2, 5, 40, 300, 3):
        xp = np.concatenate(([0.0], np.cumsum(rng.uniform(1e-6, 3.0, n - 1))))
        xps.append(xp)
        fps.append(rng.normal(size=(n, 2)) * 500)
        # inside, on the points themselves, just past the end and before the start
        x = np.concatenate(
            (rng.uniform(-0.5, xp[-1] + 0.5, 50), xp, [xp[-1], np.nextafter(xp[-1], 9)])
        )
        xs.append(np.sort(x))
    heads = np.cumsum([0, *(len(xp) for xp in xps)])
    stroke = np.repeat(np.arange(len(xs)), [len(x) for x in xs])
    got = _interp(np.concatenate(xs), stroke, np.concatenate(xps), np.concatenate(fps), heads)
    want = np.concatenate(
        [
            np.column_stack((np.interp(x, xp, fp[:, 0]), np.interp(x, xp, fp[:, 1])))
            for x, xp, fp in zip(xs, xps, fps, strict=True)
        ]
    )
    assert np.array_equal(got, want)


def test_interpolating_strokes_whose_x_do_not_rise_is_still_numpys():
    """x in any order within its stroke (a resampled stroke's rise): the same numbers."""
    rng = np.random.default_rng(9)
    xps = [np.cumsum(rng.uniform(1e-6, 2.0, n)) for n in (4, 30, 2, 200)]
    fps = [rng.normal(size=(len(xp), 2)) for xp in xps]
    xs = [rng.permutation(np.concatenate((rng.uniform(-1, xp[-1] + 1, 40), xp))) for xp in xps]
    heads = np.cumsum([0, *(len(xp) for xp in xps)])
    stroke = np.repeat(np.arange(len(xs)), [len(x) for x in xs])
    got = _interp(np.concatenate(xs), stroke, np.concatenate(xps), np.concatenate(fps), heads)
    for k, (x, xp, fp) in enumerate(zip(xs, xps, fps, strict=True)):
        own = got[stroke == k]
        assert np.array_equal(own[:, 0], np.interp(x, xp, fp[:, 0]))
        assert np.array_equal(own[:, 1], np.interp(x, xp, fp[:, 1]))


def _kept_one_by_one(heading, width, along, a, b, fixed):
    """The points worth keeping, scanned point by point (as the pen's line was thinned)."""
    keep = [a]
    h0, w0, s0 = heading[a], width[a], along[a]
    even = EVEN * float(np.median(width[a : b + 1]))
    for i in range(a + 1, b + 1):
        turn = abs(heading[i] - h0)
        si, wi = along[i], width[i]
        if (
            i in fixed
            or (si - s0 + 0.5 * w0 * turn) * turn > 8 * SAG
            or abs(wi - w0) > even
            or si - s0 > GAP_MM * MM
        ):
            keep.append(i)
            h0, w0, s0 = heading[i], wi, si
    return keep


def test_points_kept_for_every_stroke_at_once_are_those_kept_point_by_point():
    rng = np.random.default_rng(11)
    sizes = [2, 3, 60, 200, 9, 1000]
    first = np.cumsum([0, *sizes]).tolist()
    n = first[-1]
    along = np.concatenate([np.cumsum(rng.uniform(0.05, 0.6, k)) - 0.1 for k in sizes])
    heading = np.cumsum(rng.normal(0, 0.08, n))
    width = 0.6 + 0.1 * np.sin(np.arange(n) / 7) + rng.normal(0, 0.02, n)
    fixed = np.zeros(n, dtype=bool)
    fixed[first[:-1]] = True
    fixed[np.array(first[1:]) - 1] = True
    fixed[rng.choice(n, 40, replace=False)] = True
    got = kept(heading, width, along, first, fixed).tolist()
    own = set(np.flatnonzero(fixed).tolist())
    want = [
        i
        for a, b in itertools.pairwise(first)
        for i in _kept_one_by_one(heading.tolist(), width, along.tolist(), a, b - 1, own)
    ]
    assert got == want


def _chains_one_by_one(after, first):
    """Each stroke's chain of kept points, followed a point at a time."""
    keep = []
    for a, b in itertools.pairwise(first):
        j = a
        keep.append(j)
        while j < b - 1:
            j = int(after[j])
            keep.append(j)
    return keep


def test_chains_of_kept_points_marked_at_once_are_those_followed_point_by_point():
    """Strokes of one point, of two, and chains of every length up to some hundreds of
    links, all followed at once."""
    rng = np.random.default_rng(12)
    sizes = [1, 2, 1, 3, 700, 5, 1, 64, 65, 129, 2, 400]
    first = np.cumsum([0, *sizes])
    after = np.full(first[-1], -1, dtype=np.int64)
    for a, b in itertools.pairwise(first.tolist()):
        for j in range(a, b - 1):  # the next kept point: 1 to 3 on, never past the last
            after[j] = min(j + int(rng.integers(1, 4)), b - 1)
    after[first[4] : first[5] - 1] = np.arange(first[4] + 1, first[5])  # one link a point
    got = _chains(after, first).tolist()
    assert got == _chains_one_by_one(after, first.tolist())
    assert len(got) > 700


@pytest.mark.parametrize("step_mm", [0.05, 0.35, 0.9, 1.6])
def test_every_parts_cuts_at_once_are_those_cut_part_by_part(step_mm):
    """Coarse steps bring a window within a point of the cut before it: such a part is
    cut one by one, the rest at once; all as :func:`_boundaries` cuts each alone."""
    rng = np.random.default_rng(int(step_mm * 100))
    sizes = rng.integers(2, 400, 60) if step_mm < 0.1 else rng.integers(2, 60, 60)
    ends = np.column_stack((np.cumsum(sizes) - sizes, np.cumsum(sizes) - 1))
    steps = rng.uniform(0.7, 1.3, int(sizes.sum())) * step_mm * MM
    steps[ends[:, 0]] = 0.0
    along = np.concatenate([np.cumsum(steps[a : b + 1]) for a, b in ends.tolist()])
    along += np.repeat(rng.uniform(-5, 30, len(sizes)), sizes)  # each part from its own start
    tight = rng.uniform(0, 1, len(along)).round(1)  # ties: the first is taken
    flat, pieces = cuts(along, tight, ends)
    want = [_boundaries(along.tolist(), tight.tolist(), a, b) for a, b in ends.tolist()]
    assert flat.tolist() == [i for cut in want for i in cut]
    assert pieces.tolist() == [len(cut) - 1 for cut in want]
    assert max(pieces) > 3 and along[ends[:, 1]].max() > 3 * PIECE_MM * MM


def _blot_one_by_one(stroke, pen, size, rng, tone, travel):
    """A dot's blot as the pen made each alone."""
    reach = float(np.max(np.hypot(*(stroke - stroke.mean(axis=0)).T)))
    width = _nominal(pen, size)
    if pen.nib_angle_deg is not None:
        width *= (1 + pen.nib_min) / 2
    radius = 0.5 * width * (1.1 + pen.blob) + 0.5 * reach
    angles = 2 * np.pi * (np.arange(10) + rng.random()) / 10
    radii = radius * (1 + 0.08 * np.array([rng.uniform(-1, 1) for _ in range(10)]))
    ring = stroke.mean(axis=0) + radii[:, None] * np.column_stack((np.cos(angles), np.sin(angles)))
    return ring, _alpha(pen, tone, travel, darker=0.5)


@pytest.mark.parametrize("pen", ["ballpoint", "fountain"])
def test_dots_blotted_at_once_are_those_blotted_one_by_one(pen):
    pen = pens()[pen]
    rng = np.random.default_rng(8)
    sizes = [1, 2, 2, 5, 9, 2, 17, 5, 40]
    flat = 300 * rng.uniform(size=(sum(sizes), 2)) + rng.normal(0, 0.3, (sum(sizes), 2))
    heads = np.cumsum(sizes) - sizes
    runs = [(a, a + k) for a, k in zip(heads.tolist(), sizes, strict=True)]
    tone = _Drift((0.3, 1.9), (80.0, 230.0))
    alone, draws = random.Random(3), random.Random(3)
    want = [_blot_one_by_one(flat[a:b], pen, 14.0, alone, tone, 7.0 * a) for a, b in runs]
    turns, jitter = [], []
    for _ in runs:  # the rng's draws in the same order: a dot's turn, then its radii's
        turns.append(draws.random())
        jitter.append([draws.uniform(-1, 1) for _ in range(10)])
    got = _blots(flat, runs, turns, jitter, [alpha for _, alpha in want], pen, 14.0)
    assert np.array_equal(got.points, np.concatenate([ring for ring, _ in want]))  # bit for bit
    assert [(len(p.points), p.alpha) for p in got] == [(10, alpha) for _, alpha in want]


def test_a_pens_runs_and_their_lengths_as_the_pen_draws_them_one_by_one():
    rng = np.random.default_rng(2)
    strokes = [rng.normal(size=(k, 2)) * 30 for k in (5, 1, 12, 40)]
    strokes.insert(2, np.zeros((0, 2)))  # an empty stroke: nothing
    on = np.cumsum(np.vstack(([0.0, 0.0], rng.normal(size=(9, 2)))), axis=0)
    strokes.insert(3, strokes[1][-1] + on)  # joined on: starts where the single point is
    flat, runs = _pen_down(strokes)
    assert runs == [0, 5, 16, 28, 68]  # the single point and the stroke joined on: one run
    for (a, b), length in zip(itertools.pairwise(runs), _lengths(flat, runs), strict=True):
        assert length == float(np.sum(np.hypot(*np.diff(flat[a:b], axis=0).T)))


def test_a_pens_runs_are_the_same_from_lists_flat_sequences_or_arrays():
    rng = np.random.default_rng(6)
    strokes = [rng.normal(size=(k, 2)) * 30 for k in (4, 1, 7)]
    strokes.append(strokes[-1][-1] + np.array([[0.0, 0.0], [3.0, 1.0]]))  # joined on
    want_flat, want_runs = _pen_down(strokes)
    for given in (
        [s.tolist() for s in strokes],  # lists of points
        [s.ravel().tolist() for s in strokes],  # flat x, y sequences
        [strokes[0].ravel(), *strokes[1:]],  # one flat among (n, 2) arrays
        tuple(strokes),
    ):
        flat, runs = _pen_down(given)
        assert np.array_equal(flat, want_flat) and runs == want_runs == [0, 4, 5, 14]
    assert _pen_down([])[1] == [0] and _pen_down([np.zeros((0, 2))])[1] == [0]


def test_runs_of_one_length_summed_side_by_side_are_summed_as_each_alone():
    rng = np.random.default_rng(5)
    sizes = [1, 2, 9, 9, 10, 9, 130, 2, 130, 300, 1, 10, 9]
    flat = rng.normal(size=(sum(sizes), 2)) * np.exp(rng.normal(0, 3, (sum(sizes), 1)))
    runs = np.cumsum([0, *sizes]).tolist()
    for (a, b), length in zip(itertools.pairwise(runs), _lengths(flat, runs), strict=True):
        assert length == float(np.sum(np.hypot(*np.diff(flat[a:b], axis=0).T)))  # bit for bit


def test_ink_pieces_read_as_a_sequence_of_pieces():
    pieces = [InkPiece(np.full((k, 2), float(k)), 0.1 * k) for k in (3, 5, 4)]
    ink = InkPieces.of(pieces)
    assert len(ink) == 3 and bool(ink) and not InkPieces.of([])
    assert [len(p.points) for p in ink] == [3, 5, 4] and ink[-1].alpha == pytest.approx(0.4)
    assert np.array_equal(ink[1].points, pieces[1].points)
    assert [p.alpha for p in ink[1:]] == [p.alpha for p in pieces[1:]]
    swapped = ink.joined(InkPieces.of(pieces[:1])).taken(np.array([3, 2, 1]))
    assert [len(p.points) for p in swapped] == [3, 4, 5]
    assert np.array_equal(ranges(np.array([5, 0, 9]), np.array([2, 0, 3])), [5, 6, 9, 10, 11])
    with pytest.raises(IndexError):
        ink[3]


def test_dots_among_lines_keep_their_place_in_the_pens_order():
    """A dot's blot comes where the pen made it, between the pieces of the lines."""
    t = np.linspace(0, 1, 60)[:, None]
    line = np.hstack((t * 20 * MM, 0 * t))
    dot = np.array([[30 * MM, 5 * MM], [30 * MM + 0.1, 5 * MM]])
    strokes = [line, dot, line + np.array([0, 10 * MM]), dot + np.array([5 * MM, 0])]
    pen = pens()["ballpoint"]
    ink = ink_strokes(strokes, pen, random.Random(4), 14.0)
    lines = ink_strokes([line], pen, random.Random(4), 14.0)
    starts = np.cumsum([0, *map(len, strokes)])  # the same strokes one after another
    flat = ink_path(np.concatenate(strokes), starts, pen, random.Random(4), 14.0)
    assert np.array_equal(flat.points, ink.points) and np.array_equal(flat.alphas, ink.alphas)
    assert np.array_equal(flat.offsets, ink.offsets)
    blot = [i for i, p in enumerate(ink) if len(p.points) == 10]  # a blot's ring: 10 points
    assert blot == [len(lines), 2 * len(lines) + 1]
    middles = [float(p.points[:, 1].mean()) for p in ink]
    assert all(abs(y) < 1 for y in middles[: len(lines)])  # the first line, then its dot
    assert all(abs(y - 10 * MM) < 1 for y in middles[len(lines) + 1 : -1])  # the second
