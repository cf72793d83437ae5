"""A single-line hand's strokes as ink: the pen's width, its ends, its pieces. Pure."""

from __future__ import annotations

import itertools
import math
import random

import numpy as np
import pytest
from msgspec.structs import replace

from cardgen.input.layouts import pens
from cardgen.layout.ink import PIECE_MM, InkPiece, ink_strokes, stroke_widths, width_range
from cardgen.model import InkPen
from cardgen.units import MM

SIZE = 14.0  # pt: the writing's size


def _pen(name: str) -> InkPen:
    return pens()[name]


def _wave(length_mm: float = 120.0, waves: int = 24, height_mm: float = 1.6) -> np.ndarray:
    """A long wave turning like running writing (up- and downstrokes, tight turns)."""
    t = np.linspace(0, 1, 1200)
    return np.column_stack((t * length_mm * MM, height_mm * MM * np.sin(2 * np.pi * waves * t)))


def _loops() -> np.ndarray:
    """A row of cursive loops (a prolate cycloid): it crosses itself."""
    t = np.linspace(0, 6 * 2 * np.pi, 700)
    return np.column_stack((1.2 * MM * t - 2.2 * MM * np.sin(t), 2.2 * MM * (1 - np.cos(t))))


def _line(angle_deg: float, length_mm: float = 20.0) -> np.ndarray:
    a = math.radians(angle_deg)
    t = np.linspace(0, length_mm * MM, 50)
    return np.column_stack((t * math.cos(a), t * math.sin(a)))


def _area(points: np.ndarray) -> float:
    x, y = points.T
    return 0.5 * abs(float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))))


@pytest.mark.parametrize("name", ["ballpoint", "gel", "fountain"])
def test_the_width_stays_within_the_pens_range_everywhere(name):
    pen = _pen(name)
    low, high = width_range(pen, SIZE)
    for stroke in (_wave(), _loops(), _line(35), _line(-55), _line(-90, 0.5)):
        for seed in range(3):
            _, widths = stroke_widths(stroke, pen, SIZE, random.Random(seed))
            assert low - 1e-9 <= widths.min() and widths.max() <= high + 1e-9
    # The pieces' own cross-sections are no wider than the range either.
    for piece in ink_strokes([_wave()], pen, random.Random(1), SIZE):
        span = np.ptp(piece.points[:, 1])
        assert span <= 2 * 1.6 * MM + high + 1e-6


def test_a_ballpoint_varies_its_width_a_little_and_is_never_a_brush():
    pen = _pen("ballpoint")
    low, high = width_range(pen, SIZE)
    assert high / low <= 1.8  # the thickest line is never 1.8 times the thinnest
    for seed in range(4):
        _, widths = stroke_widths(_wave(), pen, SIZE, random.Random(seed))
        cv = widths.std() / widths.mean()
        assert 0.08 <= cv <= 0.2, cv
        assert 0.3 <= widths.mean() / MM <= 0.42  # about its nominal 0.35 mm
    # A gel pen is wider and swells a little more; a fountain pen's nib varies most.
    cvs = {}
    for name in ("gel", "fountain"):
        _, widths = stroke_widths(_wave(), _pen(name), SIZE, random.Random(0))
        cvs[name] = widths.std() / widths.mean()
        assert widths.mean() > 0.4 * MM
    assert cvs["fountain"] > 0.25


def test_the_line_thins_where_the_pen_lifts_and_blobs_where_it_lands():
    pen = _pen("ballpoint")
    points, widths = stroke_widths(_line(0), pen, SIZE)  # level: no pressure, no wobble
    middle = float(np.median(widths))
    assert widths[-1] == pytest.approx(middle * pen.lift, rel=0.02)  # the lift
    tail = points[-1, 0] - points[:, 0] > pen.tail_mm * MM  # before the tail: as the middle
    assert widths[tail][-5:] == pytest.approx([middle] * 5, rel=0.01)
    assert widths[0] == pytest.approx(middle + 2 * pen.blob * pen.width_mm * MM, rel=0.02)
    assert widths[0] > 1.15 * middle  # the blob where it lands
    _, even = stroke_widths(_line(0), replace(pen, blob=0.0), SIZE)
    assert even[0] == pytest.approx(middle)  # no blob, none


def test_downstrokes_are_heavier_than_upstrokes():
    pen = _pen("ballpoint")
    _, down = stroke_widths(_line(-80), pen, SIZE)
    _, up = stroke_widths(_line(80), pen, SIZE)
    assert np.median(down) > 1.2 * np.median(up)


def test_a_fountain_nib_is_thin_along_its_angle_and_thick_across_it():
    pen = _pen("fountain")
    assert pen.nib_angle_deg is not None
    _, along = stroke_widths(_line(pen.nib_angle_deg), pen, SIZE)
    _, across = stroke_widths(_line(pen.nib_angle_deg - 90), pen, SIZE)
    _, back = stroke_widths(_line(pen.nib_angle_deg + 180), pen, SIZE)  # down along the nib
    thick = pen.width_mm * MM
    assert np.median(along) == pytest.approx(pen.nib_min * thick, rel=0.1)
    assert np.median(back) < 0.55 * thick
    assert np.median(across) == pytest.approx(thick, rel=0.12)
    assert np.median(across) > 2 * np.median(along)


def test_pieces_abut_on_a_shared_cross_section_without_overlap():
    pen = _pen("ballpoint")
    stroke = _line(0, 20.0)
    pieces = ink_strokes([stroke], pen, random.Random(3), SIZE)
    assert len(pieces) == round(20.0 / PIECE_MM)
    spans = [(p.points[:, 0].min(), p.points[:, 0].max()) for p in pieces]
    for (_, end), (start, _) in itertools.pairwise(spans):
        assert end == start  # they touch, and do not overlap
    for a, b in itertools.pairwise(pieces):
        shared = {tuple(p) for p in a.points} & {tuple(p) for p in b.points}
        assert len(shared) == 2  # the two ends of one cross-section
    # Together they cover the line once: its area, the two round ends and nothing more.
    _, widths = stroke_widths(stroke, pen, SIZE, random.Random(3))
    total = sum(_area(p.points) for p in pieces)
    body = float(np.trapezoid(widths, dx=20.0 * MM / (len(widths) - 1)))
    ends = math.pi / 8 * (widths[0] ** 2 + widths[-1] ** 2)
    assert total == pytest.approx(body + ends, rel=0.03)
    assert all(0 < p.alpha <= 1 for p in pieces)


def test_where_a_stroke_crosses_itself_its_pieces_overlap():
    pieces = ink_strokes([_loops()], _pen("ballpoint"), random.Random(1), SIZE)
    boxes = [(p.points.min(axis=0), p.points.max(axis=0)) for p in pieces]
    overlapping = sum(
        1
        for i, (lo1, hi1) in enumerate(boxes)
        for lo2, hi2 in boxes[i + 2 :]
        if np.all(lo1 < hi2) and np.all(lo2 < hi1)
    )
    assert overlapping >= 5  # each loop's crossing


def test_the_ink_drifts_smoothly_and_stays_within_its_tone():
    pen = _pen("ballpoint")
    pieces = ink_strokes([_wave(300)], pen, random.Random(5), SIZE)
    alphas = np.array([p.alpha for p in pieces])
    assert alphas.min() >= pen.opacity - pen.tone - 1e-9
    assert alphas.max() <= pen.opacity + pen.tone + 1e-9
    assert np.ptp(alphas) > pen.tone  # it varies …
    assert np.abs(np.diff(alphas)).max() < 0.45 * pen.tone  # … smoothly, piece to piece


def test_the_same_rng_gives_the_same_ink():
    pen = _pen("gel")
    strokes = [_wave(60), _loops(), _line(-90, 4)[::-1], np.array([[5.0, 5.0]])]
    first = ink_strokes(strokes, pen, random.Random(11), SIZE)
    again = ink_strokes(strokes, pen, random.Random(11), SIZE)
    assert len(first) == len(again)
    for a, b in zip(first, again, strict=True):
        assert np.array_equal(a.points, b.points) and a.alpha == b.alpha
    other = ink_strokes(strokes, pen, random.Random(12), SIZE)
    assert [p.alpha for p in other] != [p.alpha for p in first]


@pytest.mark.parametrize("name", ["ballpoint", "fountain"])
def test_a_dot_is_a_small_round_blot(name):
    pen = _pen(name)
    at = np.array([30.0, 40.0])
    for dot in (at[None, :], np.array([at, at + 0.1]), np.array([at, at + np.array([0.3, 0.2])])):
        (blot,) = ink_strokes([dot], pen, random.Random(2), SIZE)
        assert isinstance(blot, InkPiece) and len(blot.points) >= 8
        radii = np.hypot(*(blot.points - dot.mean(axis=0)).T)
        assert radii.max() < 1.25 * radii.min()  # round, a little uneven
        assert 0.5 * pen.width_mm * MM * 0.4 < radii.mean() < pen.width_mm * MM  # a pen's dot
        assert pen.opacity - pen.tone <= blot.alpha <= pen.opacity + pen.tone


def test_very_small_writing_gets_a_finer_line_and_empty_strokes_nothing():
    pen = _pen("gel")
    _, small = stroke_widths(_line(0, 3), pen, 4.0)
    assert small.max() <= 0.14 * 4.0 * (1 + pen.swell)
    assert len(ink_strokes([np.zeros((0, 2))], pen, random.Random(0), SIZE)) == 0


def test_a_stroke_starting_where_the_last_ended_goes_on_without_a_lift():
    """Joined letters: the pen stays down, so no taper, blob or round end where they meet."""
    pen = _pen("ballpoint")
    whole = _wave(20)
    halves = [whole[:600], whole[599:]]  # the second starts where the first ends
    joined = ink_strokes(halves, pen, random.Random(7), SIZE)
    single = ink_strokes([whole], pen, random.Random(7), SIZE)
    assert len(joined) == len(single)
    for a, b in zip(joined, single, strict=True):
        assert np.allclose(a.points, b.points) and a.alpha == b.alpha
    lifted = [whole[:600], whole[599:] + np.array([0.0, 2 * MM])]  # the pen lifts and lands
    apart = [len(ink_strokes([half], pen, random.Random(7), SIZE)) for half in lifted]
    assert len(ink_strokes(lifted, pen, random.Random(7), SIZE)) == sum(apart)


# -- many strokes at once, each as if alone ---------------------------------------------
def test_runs_side_by_side_sum_and_smooth_as_each_alone():
    from cardgen.layout.runs import _runs_cumsum, _runs_smooth, _smooth

    rng = np.random.default_rng(5)
    counts = np.array([1, 2, 3, 7, 0, 40, 5])
    values = rng.normal(size=(int(counts.sum()), 2))
    heads = np.cumsum(counts) - counts
    runs = [values[h : h + n] for h, n in zip(heads, counts, strict=True)]
    summed = _runs_cumsum(values[:, 0], counts)
    assert np.array_equal(summed, np.concatenate([np.cumsum(r[:, 0]) for r in runs]))
    for span in (1, 2, 5):
        alone = np.concatenate([_smooth(r, span) for r in runs])
        assert np.array_equal(_runs_smooth(values, counts, span), alone)  # bit for bit


def test_runs_of_very_different_lengths_are_smoothed_in_tables_of_like_length(monkeypatch):
    from cardgen.layout import runs as runs_module

    rng = np.random.default_rng(8)
    counts = np.array([3, 250, 4, 5, 130, 2, 9, 17, 1, 64, 6] * 20)
    values = rng.normal(size=(int(counts.sum()), 2))
    heads = np.cumsum(counts) - counts
    alone = [values[h : h + n] for h, n in zip(heads, counts, strict=True)]
    tables: list[int] = []  # the cells of every table the runs are laid side by side in
    real_zeros = np.zeros

    def counted_zeros(shape, *args, **kwargs):  # type: ignore[no-untyped-def]
        tables.append(int(np.prod(shape)))
        return real_zeros(shape, *args, **kwargs)

    monkeypatch.setattr(runs_module.np, "zeros", counted_zeros)
    summed = runs_module._runs_cumsum(values[:, 0], counts)
    monkeypatch.undo()
    assert np.array_equal(summed, np.concatenate([np.cumsum(r[:, 0]) for r in alone]))
    assert sum(tables) <= 2 * counts.sum()  # not len(counts) × the longest run: 11x more
    smoothed = runs_module._runs_smooth(values, counts, 2)
    assert np.array_equal(smoothed, np.concatenate([runs_module._smooth(r, 2) for r in alone]))
    for group in runs_module._groups(counts):
        assert counts[group].max() < 2 * max(counts[group].min(), 1)


@pytest.mark.parametrize("name", ["ballpoint", "gel", "fountain"])
def test_a_stroke_inked_with_others_is_inked_as_alone(name):
    from cardgen.layout.ink import _Drift, _lines

    pen = _pen(name)
    strokes = [_wave(30.0, 6), _line(20.0, 0.4), _loops(), _line(-60.0), _wave(8.0, 1)]
    # a stroke with corners and a repeated point
    strokes.append(np.array([[0.0, 0.0], [10.0, 0.0], [10.0, 0.0], [10.0, 10.0], [20.0, 12.0]]))
    wobble = _Drift((0.3, 1.9), (9.0, 21.0))
    travels = [0.0, 200.0, 260.0, 900.0, 1000.0, 1300.0]
    together = _lines(strokes, pen, SIZE, wobble, travels)
    for k, (stroke, travel) in enumerate(zip(strokes, travels, strict=True)):
        one, alone = together.line(k), _lines([stroke], pen, SIZE, wobble, [travel]).line(0)
        for field in ("points", "s", "tangent", "heading", "tight", "widths"):
            assert np.array_equal(getattr(one, field), getattr(alone, field)), (k, field)
        assert one.parts == alone.parts
    assert len(together.line(5).parts) == 3  # two sharp corners, the repeated point dropped
