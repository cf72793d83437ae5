"""Handwriting variation: present, bounded, seeded, never colliding."""

from __future__ import annotations

import itertools
import math
import random
import statistics
from collections import defaultdict

import pytest
from cardfixtures import LAYOUT_NAMES, compose, fonts, layout, sample_text
from hypothesis import given, settings
from hypothesis import strategies as st

from cardgen.layout.card import card_seed
from cardgen.layout.handwriting import NEATNESS, Hand, allowance, place
from cardgen.layout.textfit import LEADING, fit_blocks


def lines_of(art):
    """(laid-out line, its glyphs without spaces) for every text line, in order."""
    out = []
    i = 0
    for line in art.fit.lines:
        if line.image_height:
            continue
        seg = art.glyphs[i : i + len(line.text)]
        i += len(line.text)
        # Reading order, one glyph per character: nothing dropped, nothing added.
        assert "".join(g.ch for g in seg) == line.text
        out.append((line, [g for g in seg if g.ch != " "]))
    assert i == len(art.glyphs)
    return out


def jitter(hand: Hand, size: float) -> float:
    """The most a glyph's own y offset may be (pt): 3 sd of glyph_dy, as documented."""
    return 3 * hand.glyph_dy_pt * hand.scaled(size)


@pytest.fixture(scope="module", params=LAYOUT_NAMES)
def art(request):
    return compose(request.param)


def test_every_character_is_placed_in_reading_order(art):
    lines = lines_of(art)
    assert art.glyph_count == sum(len(g) for _, g in lines)
    assert art.glyph_count > 100


@pytest.mark.parametrize("neatness", ["very-neat", "neat", "relaxed"])
def test_angles_vary_but_stay_bounded(neatness):
    hand = Hand(k=NEATNESS[neatness])
    for name in LAYOUT_NAMES:
        art = compose(name, neatness=neatness)
        angles = [g.angle for g in art.glyphs if g.ch != " "]
        assert statistics.pstdev(angles) > 0.2  # degrees: letters are not stamped upright
        bound = (hand.slope_max_deg + 2.5 * hand.glyph_rot_deg) * hand.k
        assert max(abs(a) for a in angles) <= bound + 1e-9
        # A conservative reader's "neat": no letter leans more than 4°.
        if neatness != "relaxed":
            assert max(abs(a) for a in angles) < 4.0


def test_neater_hands_vary_less():
    spread = {}
    for neatness in ("very-neat", "neat", "relaxed"):
        art = compose("a2-flat", neatness=neatness)
        spread[neatness] = statistics.pstdev(g.angle for g in art.glyphs if g.ch != " ")
    assert spread["very-neat"] < spread["neat"] < spread["relaxed"]


def test_glyph_sizes_and_ink_vary_a_little(art):
    glyphs = [g for g in art.glyphs if g.ch != " "]
    body = [g for g in glyphs if g.role == "body"]
    rel = [g.size / art.fit.size for g in body]
    assert statistics.pstdev(rel) > 0.003
    assert all(0.9 < r < 1.1 for r in rel)  # ±10 %: never a visibly odd letter
    fades = {g.fade for g in glyphs}
    assert len(fades) > 5  # ink density varies word by word
    assert all(0.0 <= f <= 0.1 for f in fades)


def test_baselines_wander_within_bounds(art):
    """Glyph baselines vary but stay within 0.12 × pitch plus the glyph jitter.

    ``g.y + line.y`` is the box top plus the glyph's rise and jitter; it is the
    same unknown box top for every line, so a consistent top must exist.
    """
    hand = Hand(k=NEATNESS["neat"])
    lo_bounds, hi_bounds = [], []
    for line, glyphs in lines_of(art):
        limit = 0.12 * line.size * LEADING + jitter(hand, line.size)
        ys = [g.y + line.y for g in glyphs]
        if len(glyphs) >= 6:
            assert statistics.pstdev(ys) > 0.02  # the baseline is not ruled
        for y in ys:
            lo_bounds.append(y - limit)
            hi_bounds.append(y + limit)
    assert max(lo_bounds) <= min(hi_bounds) + 1e-6


def test_lines_drift_differently(art):
    """Not one wave copied onto every line: the lines' baseline profiles differ."""
    profiles = []
    for _line, glyphs in lines_of(art):
        if len(glyphs) < 12:
            continue
        first = glyphs[0].y
        profiles.append(tuple(round(g.y - first, 2) for g in glyphs[:12]))
    assert len(profiles) >= 4
    assert len(set(profiles)) == len(profiles)


def test_left_margin_wanders_a_little(art):
    hand = Hand(k=NEATNESS["neat"])
    starts = [glyphs[0].x - line.x for line, glyphs in lines_of(art) if line.kind == "body"]
    assert statistics.pstdev(starts) > 0.05
    bound = hand.margin_pt * hand.k + 3 * hand.glyph_dx_pt * hand.scaled(art.fit.size)
    assert max(starts) - min(starts) <= 2 * bound + 1e-6


def _words(art):
    """Every written word: (text, its glyphs)."""
    out = []
    i = 0
    for line in art.fit.lines:
        if line.image_height:
            continue
        seg = art.glyphs[i : i + len(line.text)]
        i += len(line.text)
        word = []
        for g in [*seg, None]:
            if g is None or g.ch == " ":
                if word:
                    out.append(("".join(x.ch for x in word), word))
                word = []
            else:
                word.append(g)
    return out


def _shape(glyphs):
    """A word's shape relative to its first letter: offsets (pt), angles (°), sizes (pt)."""
    g0 = glyphs[0]
    return [(g.x - g0.x, g.y - g0.y, g.angle, g.size) for g in glyphs]


def _same_shape(a, b, tol=0.01) -> bool:
    return all(
        math.isclose(p, q, abs_tol=tol)
        for sa, sb in zip(a, b, strict=True)
        for p, q in zip(sa, sb, strict=True)
    )


def test_no_two_occurrences_of_a_word_are_identical(art):
    by_word = defaultdict(list)
    for text, glyphs in _words(art):
        by_word[text.strip(".,;:").lower()].append(_shape(glyphs))
    repeated = {w: shapes for w, shapes in by_word.items() if len(shapes) > 1}
    assert len(repeated) >= 3  # the sample note repeats "the", "with", "and", "I", …
    for word, shapes in repeated.items():
        for a, b in itertools.combinations(shapes, 2):
            if len(a) != len(b):
                continue  # "The" vs "the,": different letters
            assert not _same_shape(a, b), word


def test_same_seed_same_placements_other_seed_different():
    a = compose("a2-flat", seed=7)
    b = compose("a2-flat", seed=7)
    c = compose("a2-flat", seed=8)
    assert a.glyphs == b.glyphs
    assert a.fit == c.fit  # the seed changes the hand, not the layout
    assert a.glyphs != c.glyphs
    moved = sum(
        1
        for g, h in zip(a.glyphs, c.glyphs, strict=True)
        if (g.x, g.y, g.angle) != (h.x, h.y, h.angle)
    )
    assert moved > 0.8 * len([g for g in a.glyphs if g.ch != " "])


def test_card_seed_is_per_interviewer_and_per_run():
    assert card_seed(0, "Margaret Dvořák") == card_seed(0, "Margaret Dvořák")
    assert card_seed(0, "Margaret Dvořák") != card_seed(1, "Margaret Dvořák")
    assert card_seed(0, "Margaret Dvořák") != card_seed(0, "Tomás Okafor")


def test_place_uses_only_the_generator_it_is_given():
    text = sample_text(0)
    fs = fonts()
    fit = fit_blocks(text.blocks(), 250, 340, lambda s, r: fs[r].width(s), 11, 16)
    hand = Hand(k=NEATNESS["neat"])
    random.seed(1)
    first, _ = place(fit, 30, 360, fs, hand, random.Random(5))
    random.seed(2)  # the global generator must not matter
    second, _ = place(fit, 30, 360, fs, hand, random.Random(5))
    assert first == second


@pytest.mark.parametrize("neatness", ["neat", "relaxed"])
def test_lines_never_collide(neatness):
    """Each line's lowest baseline sits well above the next line's highest."""
    for name in LAYOUT_NAMES:
        art = compose(name, neatness=neatness)
        lines = lines_of(art)
        for (la, ga), (lb, gb) in itertools.pairwise(lines):
            gap = min(g.y for g in ga) - max(g.y for g in gb)
            # Pitch is 1.42 em; each line may rise or fall 0.12 pitch: ≥ 0.9 em stays.
            assert gap >= 0.9 * lb.size, (name, la.text, lb.text, gap)


def test_glyphs_stay_inside_the_safe_area(art):
    """Every glyph origin lies in the message panel's safe area (panel coordinates)."""
    safe = art.safe
    for g in art.glyphs:
        assert safe.x <= g.x <= safe.right
        assert safe.y <= g.y <= safe.top


def test_block_sits_balanced(art):
    """Centred across, and not hugging the top or the bottom of the safe area."""
    glyphs = [g for g in art.glyphs if g.ch != " "]
    xs = [g.x for g in glyphs]
    ys = [g.y for g in glyphs]
    safe = art.safe
    left_room = min(xs) - safe.x
    right_room = safe.right - max(xs) - art.fit.size * 0.6  # the last letter's width
    assert abs(left_room - right_room) < 0.1 * safe.width + art.fit.size
    top_room = safe.top - max(ys) - art.fit.size  # cap height above the first baseline
    bottom_room = min(ys) - safe.y
    assert top_room >= -1 and bottom_room >= -1
    assert top_room <= bottom_room + 0.5 * safe.height


def test_allowance_covers_the_variation():
    hand = Hand(k=NEATNESS["relaxed"])
    for size in (11.0, 16.0, 18.0):
        ax, ay = allowance(hand, size)
        assert ax >= hand.margin_pt * hand.k
        assert ay >= 0.12 * size * LEADING


def test_signature_block_uses_the_signature_font_size():
    art = compose("a7-flat")
    sig = [g for g in art.glyphs if g.role == "signature" and g.ch != " "]
    assert "".join(g.ch for g in sig) == sample_text(0).signature.replace(" ", "")
    assert statistics.mean(g.size for g in sig) > art.fit.size * 1.15


def test_layout_size_range_respected(art):
    lay = layout(art.layout.name)
    assert lay.font_min <= art.fit.size <= lay.font_max


@settings(max_examples=40, deadline=None)
@given(
    st.integers(min_value=0, max_value=2**63 - 1),
    st.sampled_from(sorted(NEATNESS)),
    st.sampled_from(LAYOUT_NAMES),
    st.integers(min_value=0, max_value=2),
)
def test_property_any_seed_is_bounded_and_never_collides(seed, neatness, name, index):
    art = compose(name, seed=seed, neatness=neatness, index=index)
    hand = Hand(k=NEATNESS[neatness])
    bound = (hand.slope_max_deg + 2.5 * hand.glyph_rot_deg) * hand.k
    assert all(abs(g.angle) <= bound + 1e-9 for g in art.glyphs)
    for g in art.glyphs:
        assert art.safe.x <= g.x <= art.safe.right
        assert art.safe.y <= g.y <= art.safe.top
    for (_, ga), (lb, gb) in itertools.pairwise(lines_of(art)):
        assert min(g.y for g in ga) - max(g.y for g in gb) >= 0.9 * lb.size
