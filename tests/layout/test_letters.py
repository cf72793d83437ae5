"""A single-line hand's letters as a writer draws them: pen order, each occurrence its
own shape, and a joined script's letters meeting their neighbours."""

from __future__ import annotations

import itertools
import math
import random

import numpy as np
import pytest

from cardgen.input.strokes import CURSIVE_HAND, PRINT_HAND, stroke_font
from cardgen.layout import joins, letters
from cardgen.layout.handwriting import Hand, _Field, _LineWriter, allowance
from cardgen.layout.letters import reach, vary, write_word
from cardgen.layout.penorder import JOIN_DX, JOIN_Y, NEAR
from cardgen.layout.strokes import LIFT_GAP, StrokeSet

LOWER = "abcdefghijklmnopqrstuvwxyz"
# EMS Allure's letters whose strokes do not come near the left join point (they begin
# higher) and those that leave from elsewhere than the right one (high or low exits).
NO_ENTRY = set("fnz")
NO_EXIT = set("dkprsv")  # r: the hand's print r lifts after its arch


@pytest.fixture(scope="module")
def cursive() -> StrokeSet:
    return StrokeSet(stroke_font(CURSIVE_HAND))


@pytest.fixture(scope="module")
def print_hand() -> StrokeSet:
    return StrokeSet(stroke_font(PRINT_HAND))


def _letter(hand: StrokeSet, ch: str) -> letters.Letter:
    (_, g), *_ = hand.shape(ch)[0]
    letter = hand.letter(g.gid)
    assert letter is not None
    return letter


def _affine_residual(a: np.ndarray, b: np.ndarray) -> float:
    """RMS distance (em) left after the least-squares affine map of ``a`` onto ``b``."""
    design = np.column_stack((a, np.ones(len(a))))
    solution, *_ = np.linalg.lstsq(design, b, rcond=None)
    return float(np.sqrt(((design @ solution - b) ** 2).sum(axis=1).mean()))


# -- pen order -------------------------------------------------------------------
def test_every_lowercase_letter_starts_at_its_entry_and_ends_at_its_exit(cursive):
    for ch in LOWER:
        letter = _letter(cursive, ch)
        strokes = letter.strokes
        advance = cursive.glyphs[ch].advance
        assert (letter.entry is None) == (ch in NO_ENTRY), ch
        assert (letter.exit is None) == (ch in NO_EXIT), ch
        if letter.entry is not None:
            # the first stroke starts where the previous letter arrives
            assert math.dist(strokes[0][0], (JOIN_DX, JOIN_Y)) < NEAR, ch
        if letter.exit is not None:
            exit_point = (advance + JOIN_DX, JOIN_Y)
            ending = [i for i, s in enumerate(strokes) if math.dist(s[-1], exit_point) < NEAR]
            assert ending, ch
            # after the last stroke that ends at the exit: only marks (dots, bars) and
            # strokes crossing the body (x), none of which touches the joins
            for s in strokes[ending[-1] + 1 :]:
                for end in (s[0], s[-1]):
                    assert math.dist(end, exit_point) > NEAR, ch
                    assert math.dist(end, (JOIN_DX, JOIN_Y)) > NEAR, ch
        # the pen draws what the font draws: nothing lost, nothing added
        font = [p for s in cursive.glyphs[ch].strokes for p in s]
        for p in letter.points:
            assert min(math.dist(p, q) for q in font) < 0.06, ch


def test_the_font_order_is_not_the_pen_order_of_a(cursive):
    # EMS Allure draws a from its exit backwards; the pen starts at the entry.
    font = cursive.glyphs["a"].strokes
    assert math.dist(font[0][0], (cursive.glyphs["a"].advance + JOIN_DX, JOIN_Y)) < 0.01
    strokes = _letter(cursive, "a").strokes
    assert math.dist(strokes[0][0], (JOIN_DX, JOIN_Y)) < NEAR
    assert math.dist(strokes[-1][-1], (cursive.glyphs["a"].advance + JOIN_DX, JOIN_Y)) < 0.01


def test_dots_and_bars_come_after_the_body(cursive, print_hand):
    for hand, chars in ((cursive, "ijt"), (print_hand, "ij")):
        for ch in chars:
            letter = _letter(hand, ch)
            assert letter.marks == (len(letter.contours) - 1,), ch
            a, b = letter.contours[-1]
            assert letter.points[a:b, 1].min() > 0.6 * hand.x_height, ch


def test_a_print_hands_strokes_start_at_their_upper_or_left_end(print_hand):
    for ch in LOWER + LOWER.upper():
        for s in _letter(print_hand, ch).strokes:
            (x0, y0), (x1, y1) = s[0], s[-1]
            if abs(y1 - y0) < 0.3 * abs(x1 - x0):
                assert x0 <= x1, ch
            else:
                assert y0 >= y1, ch


# -- variation -------------------------------------------------------------------
@pytest.mark.parametrize("ch", "ealg")
def test_two_occurrences_differ_by_more_than_an_affine_map(cursive, ch):
    letter = _letter(cursive, ch)
    rng = random.Random(5)
    drawn = [vary(letter, rng, 1.0) for _ in range(12)]
    residuals = [_affine_residual(a, b) for a, b in itertools.combinations(drawn, 2)]
    # an affine map of one e onto the other leaves nothing: the measure is sound
    stretched = letter.points @ np.array([[1.04, 0.0], [0.05, 0.96]]) + (0.01, -0.02)
    assert _affine_residual(letter.points, stretched) < 1e-12
    # today's (the same drawing warped) left 0.004 em at the median; the shape changes
    assert min(residuals) > 0.0025, min(residuals)
    assert np.median(residuals) > 0.006, np.median(residuals)


def test_written_es_differ_by_more_than_the_words_motion_made_them(cursive):
    """Through the hand (word waves, slant, page field): two e's of a line differ
    after the best affine map by twice what the word's motion alone made them."""
    found = []
    for seed in range(3):
        rng = random.Random(seed)
        hand = Hand(k=1.0)
        page = _Field(rng, hand.field_em * hand.k * 14, 14)
        writer = _LineWriter(cursive, hand, rng, 14, 19.6, 400, 0.0, 0.0, 0.0, 400.0)
        glyphs: list = []
        writer.write("the engagement seemed excellent", 50, 500, "body", page, glyphs)
        found += [g.points / 14 for g in glyphs if g.ch == "e"]
    residuals = [_affine_residual(a, b) for a, b in itertools.combinations(found, 2)]
    assert np.median(residuals) > 0.0075, np.median(residuals)  # was 0.0039


@pytest.mark.parametrize("name", [CURSIVE_HAND, PRINT_HAND])
@pytest.mark.parametrize("k", [0.45, 1.0, 1.35])
def test_variation_is_bounded_and_keeps_the_strokes(name, k):
    hand = StrokeSet(stroke_font(name))
    rng = random.Random(11)
    limit = reach(k)
    worst = 0.0
    for ch in LOWER + LOWER.upper() + "0123456789&?":
        letter = _letter(hand, ch)
        for _ in range(4):
            pts = vary(letter, rng, k)
            assert pts.shape == letter.points.shape, ch
            assert np.isfinite(pts).all(), ch
            worst = max(worst, float(np.hypot(*(pts - letter.points).T).max()))
    assert worst <= limit, (worst, limit)
    assert worst > 0.02 * k  # it does vary


def test_variation_is_deterministic_for_a_seed(cursive):
    letter = _letter(cursive, "g")
    one = vary(letter, random.Random(3), 0.75)
    assert np.array_equal(one, vary(letter, random.Random(3), 0.75))
    assert not np.allclose(one, vary(letter, random.Random(4), 0.75))
    shaped = cursive.shape("wellbeing")[0]
    a = write_word(cursive, shaped, random.Random(9), 0.75)
    b = write_word(cursive, shaped, random.Random(9), 0.75)
    assert all(np.array_equal(x, y) for x, y in zip(a, b, strict=True))


def test_the_allowance_grows_for_a_stroke_hand_only():
    hand = Hand(k=1.35)
    assert allowance(hand, 14) == allowance(hand, 14, strokes=False)
    ax, ay = allowance(hand, 14)
    sx, sy = allowance(hand, 14, strokes=True)
    assert sx - ax == pytest.approx(0.35 * reach(1.35, hand.mark_em) * 14)
    assert sy - ay == pytest.approx(0.35 * reach(1.35, hand.mark_em) * 14)


# -- joins -----------------------------------------------------------------------
def _joins(hand: StrokeSet, word: str, pts: list[np.ndarray]) -> list[tuple[str, float]]:
    """Each pair of neighbouring letters that join: (pair, distance from the end of the
    first's exit stroke to the start of the second's first stroke)."""
    shaped = hand.shape(word)[0]
    body = [(i, hand.letter(g.gid), g) for i, (_, g) in enumerate(shaped)]
    body = [(i, letter, g) for i, letter, g in body if letter is not None]
    out = []
    for (i, a, ga), (j, b, gb) in itertools.pairwise(body):
        if a.exit is None or b.entry is None or gb.x - ga.x - ga.advance > LIFT_GAP - 1e-9:
            continue  # no join; or the pen lifts before an a, c, d, g, o or q
        at_exit = set(joins._where(a, a.exit).tolist())
        ends = [e - 1 for _, e in a.contours if e - 1 in at_exit]
        start = b.contours[0][0]
        gap = float(np.hypot(*(pts[i][ends[-1]] - pts[j][start])))
        out.append((word[ga.cluster] + word[gb.cluster], gap))
    return out


JOINS = {
    "minimum": ["mi", "ni", "im", "mu", "um"],  # n starts high: i and n do not join
    "the": ["th", "he"],
    "wellbeing": ["we", "el", "ll", "lb", "be", "ei"],  # the pen lifts before g
    "Gesprächs": ["es", "ch", "hs"],  # after r; before c
    "Dvořák": ["oř", "ák"],
}


@pytest.mark.parametrize("word", list(JOINS))
def test_the_letters_of_a_word_meet_their_neighbours(cursive, word):
    shaped = cursive.shape(word)[0]
    before = [cursive.outline(0, g.gid).points + np.array([g.x, g.y]) for _, g in shaped]
    for seed in range(5):
        pts = write_word(cursive, shaped, random.Random(seed), 1.0)
        joins = _joins(cursive, word, pts)
        assert [pair for pair, _ in joins] == JOINS[word]
        for pair, gap in joins:
            assert gap < 1e-9, (pair, gap)
        # and the font's letters almost met already: the join moves them a little
        for (pair, _), (_, gap) in zip(joins, _joins(cursive, word, before), strict=True):
            assert gap < 0.06, (pair, gap)


def test_joins_survive_the_words_and_the_pages_motion(cursive):
    rng = random.Random(2)
    hand = Hand(k=1.0)
    page = _Field(rng, hand.field_em * hand.k * 14, 14)
    writer = _LineWriter(cursive, hand, rng, 14, 19.6, 300, 0.5, 1.0, 0.3, 300.0)
    glyphs: list = []
    writer.write("the minimum", 50, 500, "body", page, glyphs)
    for word in ("the", "minimum"):
        mine = [g for g in glyphs if g.word == (0 if word == "the" else 1)]
        pts = [g.points / 14 for g in mine]
        joins = _joins(cursive, word, pts)
        assert [pair for pair, _ in joins] == JOINS[word]
        for pair, gap in joins:
            assert gap < 1e-9, (pair, gap)


@pytest.mark.parametrize(("word", "at"), [("Dvořák", 3), ("Dvořák", 4), ("Gesprächs", 5)])
def test_accents_stay_over_their_letter(cursive, word, at):
    """ř is r with a caron set over it (a glyph of its own); á and ä are the font's,
    their accents marks of the letter: either way they stay over the letter."""
    shaped = cursive.shape(word)[0]
    cluster = [i for i, (_, g) in enumerate(shaped) if g.cluster == at]
    letter = cursive.letter(shaped[cluster[0]][1].gid)
    assert letter is not None
    for seed in range(10):
        pts = write_word(cursive, shaped, random.Random(seed), 1.35)
        base = pts[cluster[0]]
        body = np.ones(len(base), bool)
        accents = [pts[i] for i in cluster[1:]]
        for m in letter.marks:
            a, b = letter.contours[m]
            accents.append(base[a:b])
            body[a:b] = False
        assert len(accents) == (2 if word[at] == "ä" else 1)
        x0, x1 = base[body, 0].min(), base[body, 0].max()
        top = base[body, 1].max()
        marks = np.vstack(accents)
        cx = (marks[:, 0].min() + marks[:, 0].max()) / 2
        assert x0 < cx < x1, (word[at], seed)
        assert marks[:, 1].min() > top - 0.05, (word[at], seed)


def _to_polyline(p: np.ndarray, line: np.ndarray) -> float:
    best = math.inf
    for a, b in itertools.pairwise(line):
        ab = b - a
        u = 0.0 if not ab.any() else min(1.0, max(0.0, float((p - a) @ ab / (ab @ ab))))
        best = min(best, float(np.hypot(*(a + u * ab - p))))
    return best


@pytest.mark.parametrize("name", [PRINT_HAND, CURSIVE_HAND])
def test_strokes_that_meet_in_the_font_still_meet(name):
    """A stem and its arm (k, t, D, a ...): the wobble along each stroke must not
    pull them apart; a stroke's end that touches another stroke still touches it."""
    hand = StrokeSet(stroke_font(name))
    rng = random.Random(4)
    checked = 0
    for ch in LOWER + LOWER.upper():
        letter = _letter(hand, ch)
        body = [c for n, c in enumerate(letter.contours) if n not in letter.marks]
        for _ in range(3):
            pts = vary(letter, rng, 1.35)
            for (a, b), (c, d) in itertools.permutations(body, 2):
                for end in (a, b - 1):
                    if _to_polyline(letter.points[end], letter.points[c:d]) < 0.005:
                        assert _to_polyline(pts[end], pts[c:d]) < 0.012, ch
                        checked += 1
    assert checked > 40  # every hand has letters whose strokes meet


def test_a_word_to_be_read_exactly_varies_its_letters_less(cursive, monkeypatch):
    """A postcode or a town in capitals takes the hand's calm, letters and all."""
    seen = {}
    draw = letters.draw_word

    def spy(fs, shaped, rng, k, mark):
        seen[len(shaped)] = k
        return draw(fs, shaped, rng, k, mark)

    monkeypatch.setattr(letters, "draw_word", spy)
    rng = random.Random(1)
    hand = Hand(k=1.0, calm=0.35)
    writer = _LineWriter(cursive, hand, rng, 14, 19.6, 300, 0.0, 0.0, 0.0, 300.0)
    writer.write("ab 12345", 50, 500, "body", _Field(rng, 0.3, 14), [])
    assert seen == {2: 1.0, 5: pytest.approx(0.35)}


def test_a_words_letters_varied_together_as_one_by_one(cursive, print_hand):
    # A word's letters are varied in one go: each must come out as vary gives it alone,
    # drawn from the same rng in the same order.
    for hand, word in ((cursive, "quijote"), (print_hand, "Bij?")):
        rng = random.Random(11)
        shaped = hand.shape(word)[0]
        together = write_word(hand, shaped, rng, k=1.3)
        after = rng.random()
        rng = random.Random(11)
        alone = []
        for _face, g in shaped:
            letter = hand.letter(g.gid)
            assert letter is not None
            alone.append(vary(letter, rng, 1.3) + np.array([g.x, g.y]))
        assert rng.random() == after
        if hand.font.joined:  # a joined script's letters then meet their neighbours
            letters.join_word([hand.letter(g.gid) for _, g in shaped], alone)
        assert all(np.array_equal(a, b) for a, b in zip(together, alone, strict=True))


def test_the_pen_lifts_before_a_letter_that_starts_at_the_top_of_its_bowl(cursive):
    # "load": o and a and d start at their bowls; l and o join ... once the pen lifts
    shaped = cursive.shape("load")[0]
    xs = [g.x for _, g in shaped]
    advances = [cursive.advance(c) for c in "load"]
    gaps = [xs[i + 1] - xs[i] - advances[i] for i in range(3)]
    assert gaps == pytest.approx([LIFT_GAP] * 3)
    # and where it does not lift, the letters stand at their advances
    shaped = cursive.shape("time")[0]
    assert [g.x for _, g in shaped] == pytest.approx(
        [0.0, *itertools.accumulate(cursive.advance(c) for c in "tim")]
    )


def test_the_joined_hand_writes_a_print_r_that_lifts_after_its_arch(cursive):
    r = _letter(cursive, "r")
    assert r.entry is not None and r.exit is None
    (stroke,) = r.strokes
    top = max(y for _, y in stroke)
    # up to the stem's top, down to the baseline, and back up into the arch
    assert top == pytest.approx(cursive.x_height, abs=0.02)
    assert min(y for _, y in stroke) == pytest.approx(0.0, abs=0.01)
    assert stroke[-1][1] > 0.75 * cursive.x_height  # it ends high, in the arch


def _row_one_at_a_time(letter, rng, k):
    """A letter's numbers (letters._ROW) as drawn and made for it alone, number by number
    in Python: the arithmetic the batched letters must repeat exactly."""
    fixed = letters._fixed(letter)
    count = 18 * fixed.strokes
    drawn = [rng.random() for _ in range(count + 12)]
    wobble, field = drawn[:count], drawn[count:]
    angles = [2 * math.pi * u for u in field[0::3]]
    row = [math.cos(a) for a in angles] + [math.sin(a) for a in angles]
    row += [2 * math.pi / (0.35 + (0.7 - 0.35) * u) for u in field[1::3]]
    row += [2 * math.pi * u for u in field[2::3]]
    g = [letters._g(rng, sd * k) for sd in letters._SDS]
    row += [letters.FIELD * k / 2, -g[0], g[1], g[2], g[3], g[4], letter.x_height, letter.stem]
    row += [1.0 + g[5], 1.0 + g[6], 1.0 + g[7], g[8], g[9], math.tan(math.radians(g[10]))]
    return wobble, row


def test_a_lines_letters_numbers_are_made_as_one_letter_alone_makes_them(cursive):
    # Drawn in order from one generator, then made all at once: each letter's numbers
    # the same to the last bit as one letter's alone, and the generator left the same.
    # k: a calm word's, a hand's, a wild one's whose draws are clamped, none at all.
    ks = (0.35, 0.75, 40.0, 0.0, 1.0)
    chosen = [(_letter(cursive, ch), k) for ch, k in zip("aijkt", ks, strict=True)]
    rng = random.Random(8)
    draws = [letters._draw(letter, rng, k, 0.045) for letter, k in chosen]
    after = rng.random()
    rng = random.Random(8)
    alone = []
    for letter, k in chosen:
        alone.append(_row_one_at_a_time(letter, rng, k))
        for _ in letter.marks:  # a mark's move: two numbers, and two more it keeps
            rng.random(), rng.random(), rng.random(), rng.random()
    assert rng.random() == after
    raw, field = letters._split(draws)
    rows = letters._rows([letter for letter, _ in chosen], draws, field)
    assert rows.tolist() == [row for _, row in alone]
    assert raw.ravel().tolist() == [u for wobble, _ in alone for u in wobble]
    # (some of the draws lay beyond their clamps)
    assert any(abs(v) > lim for d in draws for v, lim in zip(d.gauss, d.lims, strict=True))


def test_a_lines_words_written_again_are_written_as_the_first_time(cursive):
    # A word's letters, their counts and the pairs that may join are worked out once a
    # shaping; a word written again (and again after others) is written as vary and
    # join_word write it alone, from the same draws.
    words = ["the", "minimum", "the", "engagement", "minimum", "the"]
    rng = random.Random(12)
    drawn = [letters.draw_word(cursive, cursive.shape(w)[0], rng, 1.1) for w in words]
    together, counts = letters.write_words(cursive, drawn)
    rng = random.Random(12)
    alone = []
    for word in words:
        shaped = cursive.shape(word)[0]
        ones = [cursive.letter(g.gid) for _, g in shaped]
        places = [np.array([g.x, g.y]) for _, g in shaped]
        pts = [vary(one, rng, 1.1) + at for one, at in zip(ones, places, strict=True)]
        letters.join_word(ones, pts)
        alone += pts
    assert counts == [len(p) for p in alone]
    assert np.array_equal(together, np.concatenate(alone))


def test_a_lines_dots_and_bars_move_each_with_its_own_letters_move(cursive):
    # Every mark's points (each letter's, wherever it lies among the line's points)
    # moved by its own draw; no other point moved by any.
    from msgspec.structs import replace

    chosen = [_letter(cursive, ch) for ch in "jatiij"]
    assert sum(len(letter.marks) for letter in chosen) >= 5
    rng = random.Random(3)
    draws = [letters._draw(letter, rng, 1.0, 0.045) for letter in chosen]
    still = [replace(d, marks=[(0.0, 0.0)] * len(d.marks)) for d in draws]
    moved = letters._applied(chosen, draws) - letters._applied(chosen, still)
    expected = np.zeros_like(moved)
    start = 0
    for letter, d in zip(chosen, draws, strict=True):
        for m, move in zip(letter.marks, d.marks, strict=True):
            a, b = letter.contours[m]
            expected[start + a : start + b] = move
        start += len(letter.points)
    assert np.any(expected) and np.array_equal(moved == 0, expected == 0)
    assert np.allclose(moved, expected, rtol=0, atol=1e-12)
