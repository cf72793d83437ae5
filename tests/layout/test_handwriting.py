"""Handwriting: shaped, varied letterforms whose joins hold; bounded, seeded, never colliding."""

from __future__ import annotations

import itertools
import math
import random
import statistics
from collections import defaultdict

import numpy as np
import pytest
from cardfixtures import LAYOUT_NAMES, compose, fonts, layout, sample_text
from hypothesis import given, settings
from hypothesis import strategies as st
from msgspec.structs import replace

from cardgen.layout.card import card_seed, hand_margins
from cardgen.layout.handwriting import NEATNESS, Hand, allowance, margins, place
from cardgen.layout.lines import CLEAR_EM, RISE
from cardgen.layout.textfit import LEADING, TAIL_SIZE, Block, fit_blocks, layout_at


def text_lines(art):
    """(laid-out line, its glyphs) for every text line, in reading order."""
    out = []
    glyphs = list(art.glyphs)
    i = 0
    for line in art.fit.lines:
        if line.image_height:
            continue
        wanted = line.text.replace(" ", "")
        got, seg = "", []
        while len(got) < len(wanted) or (i < len(glyphs) and glyphs[i].ch == ""):
            got += glyphs[i].ch
            seg.append(glyphs[i])
            i += 1
        assert got == wanted, (got, wanted)  # nothing dropped, nothing added, in order
        out.append((line, seg))
    assert i == len(glyphs)
    return out


@pytest.fixture(scope="module", params=LAYOUT_NAMES)
def art(request):
    return compose(request.param)


def test_every_character_is_written_in_reading_order(art):
    lines = text_lines(art)
    assert art.glyph_count == sum(len(g) for _, g in lines) > 100


def test_every_line_has_its_invisible_text(art):
    texts = [line.text for line in art.fit.lines if not line.image_height]
    assert [run.text for run in art.runs] == texts
    for run, (_line, glyphs) in zip(art.runs, text_lines(art), strict=True):
        # The run starts where the line's writing starts, on its baseline, and spans it.
        assert abs(run.x - glyphs[0].x) < 1.0
        assert abs(run.y - glyphs[0].y) < 0.1 * run.size
        assert run.width > 0.8 * (glyphs[-1].box.right - glyphs[0].x)


def test_words_slant_differently_within_bounds():
    for neatness in ("very-neat", "neat", "relaxed"):
        hand = Hand(k=NEATNESS[neatness])
        art = compose("a2-flat", neatness=neatness)
        slants = {round(g.angle, 6) for g in art.glyphs}
        assert len(slants) > 10  # word by word
        assert max(abs(a) for a in slants) <= 2.5 * hand.word_slant_deg * hand.k + 1e-9
        if neatness != "relaxed":
            assert max(abs(a) for a in slants) < 4.5  # a neat hand: no word lurches


def test_neater_hands_vary_less():
    def spread(neatness):
        art = compose("a2-flat", neatness=neatness)
        return statistics.pstdev(g.angle for g in art.glyphs)

    assert spread("very-neat") < spread("neat") < spread("relaxed")


def test_sizes_ink_and_weight_vary_a_little(art):
    body = [g for g in art.glyphs if g.role == "body"]
    rel = [g.size / art.fit.size for g in body]
    assert statistics.pstdev(rel) > 0.005
    assert all(0.85 < r < 1.15 for r in rel)
    fades = {g.fade for g in art.glyphs}
    assert len(fades) > 5 and all(0.0 <= f <= 0.1 for f in fades)
    hand = Hand(k=NEATNESS["neat"])
    weights = [g.weight for g in body]
    nominal = hand.ink_weight_pt * art.fit.size / 14
    assert len({round(w, 4) for w in weights}) > 20  # between and along words
    vary = hand.ink_weight_vary  # per word, then half as much along it: never below the font
    assert 0 < nominal * (1 - vary) * (1 - vary / 2) <= min(weights)
    assert max(weights) <= nominal * (1 + vary) * (1 + vary / 2)


def _shape(glyphs):
    """A word's outline points relative to its first point."""
    pts = np.concatenate([g.points for g in glyphs])
    return pts - pts[0]


def test_no_two_occurrences_of_a_word_are_the_same_shape(art):
    words = defaultdict(list)
    for g in art.glyphs:
        words[g.word].append(g)
    by_word = defaultdict(list)
    for glyphs in words.values():
        by_word["".join(g.ch for g in glyphs)].append(_shape(glyphs))
    repeated = {w: s for w, s in by_word.items() if len(s) > 1}
    assert len(repeated) >= 3  # "the", "with", "and", "I", …
    for word, shapes in repeated.items():
        for a, b in itertools.combinations(shapes, 2):
            if a.shape == b.shape:  # the same glyphs: compare the outlines point by point
                assert np.abs(a - b).max() > 0.1, word  # pt: not a stamp


def test_same_seed_same_writing_other_seed_different():
    a = compose("a2-flat", seed=7)
    b = compose("a2-flat", seed=7)
    c = compose("a2-flat", seed=8)
    assert [g.template for g in a.glyphs] == [g.template for g in b.glyphs]
    for g, h in zip(a.glyphs, b.glyphs, strict=True):
        assert np.array_equal(g.points, h.points)
    assert a.glyphs[0].points.shape != c.glyphs[0].points.shape or not np.array_equal(
        a.glyphs[0].points, c.glyphs[0].points
    )


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
    first, _, _ = place(fit, 30, 360, fs, hand, random.Random(5))
    random.seed(2)  # the global generator must not matter
    second, _, _ = place(fit, 30, 360, fs, hand, random.Random(5))
    assert all(np.array_equal(g.points, h.points) for g, h in zip(first, second, strict=True))


def _baselines(glyphs):
    return [g.y for g in glyphs if g.ch]


def _clearance(upper, lower):
    """The least room (pt) between a glyph of ``upper`` and one of ``lower`` below it."""
    a = np.array([(b.x, b.y, b.right) for b in (g.box for g in upper if len(g.points))])
    b = np.array([(b.x, b.top, b.right) for b in (g.box for g in lower if len(g.points))])
    across = (a[:, None, 0] < b[None, :, 2]) & (b[None, :, 0] < a[:, None, 2])  # one above
    room = a[:, None, 1] - b[None, :, 1]
    return float(room[across].min()) if across.any() else math.inf


def _assert_lines_clear(art, neatness):
    """No glyph of a line touches a glyph of the next: a descender keeps clear of an
    ascender below it (the hand drops a line that comes too near)."""
    lines = text_lines(art)
    for (la, ga), (_lb, gb) in itertools.pairwise(lines):
        room = _clearance(ga, gb)
        assert room > 0.0, (art.layout.name, neatness, la.text, room)
    # Lines sit apart as laid out, give or take their own pitch and rise.
    hand = Hand(k=NEATNESS[neatness])
    for (_la, ga), (lb, gb) in itertools.pairwise(lines):
        gap = min(_baselines(ga)) - max(_baselines(gb))
        assert gap >= (1 - 2 * RISE - 2 * hand.pitch_max * hand.k) * lb.size * LEADING - 1e-6


@pytest.mark.parametrize("neatness", ["neat", "relaxed"])
def test_lines_never_collide(neatness):
    for name in LAYOUT_NAMES:
        _assert_lines_clear(compose(name, neatness=neatness), neatness)


def test_no_two_lines_ink_touches_on_any_of_30_seeds():
    for seed in range(30):
        name = ("a2-flat", "a7-flat", "a6-halffold")[seed % 3]
        art = compose(name, seed=seed, neatness="natural", index=seed % 3)
        _assert_lines_clear(art, "natural")
        for (la, ga), (_lb, gb) in itertools.pairwise(text_lines(art)):
            # The clearance a hand keeps, unless the line could drop no further.
            assert _clearance(ga, gb) >= 0.5 * CLEAR_EM * la.size, (seed, name)


LONG_NOTE = (
    "Thank you for taking the time to meet with me on Friday. I enjoyed our conversation "
    "about the Keller restructuring and how your team balances client deadlines with a "
    "careful second review of every model that leaves the office.\n\n"
    "Your point about mastering the fundamentals before the shortcuts stayed with me. It is "
    "how I approached the cash-flow model in my capstone project, and I would be glad to "
    "bring that same care to the role and to Hartwell & Pryce. Thank you again for your "
    "time and for the tour of the office."
)


def _pitches(art):
    """Each line's distance below the one before, as a fraction of its laid-out pitch,
    measured from where the glyphs sit (lines of one paragraph)."""
    out = []
    for (la, ga), (lb, gb) in itertools.pairwise(text_lines(art)):
        pitch = lb.size * LEADING
        if la.kind == lb.kind and lb.y - la.y == pytest.approx(pitch):
            out.append((statistics.mean(_baselines(ga)) - statistics.mean(_baselines(gb))) / pitch)
    return out


def _pitch_cv(neatness, seeds=range(3)):
    pitches = []
    for seed in seeds:
        text = sample_text(0, note=LONG_NOTE)
        pitches += _pitches(compose("a2-flat", seed=seed, neatness=neatness, text=text))
    assert len(pitches) >= 8 * len(seeds)
    return statistics.pstdev(pitches) / statistics.mean(pitches)


def test_line_pitch_varies_as_a_hands_does():
    natural = _pitch_cv("natural")
    assert natural >= 0.05
    assert _pitch_cv("very-neat") < min(0.05, natural)
    assert _pitch_cv("natural", seeds=[11]) >= 0.04  # on one card, too


def test_lines_tilt_and_pass_a_little_of_it_on():
    hand = Hand(k=NEATNESS["natural"])
    angles, tilts, keep = [], [], []
    for seed in range(8):
        art = compose("a2-flat", seed=seed, neatness="natural", text=sample_text(0, note=LONG_NOTE))
        slopes = [run.angle for run in art.runs]
        angles += slopes
        keep += list(itertools.pairwise(slopes))
        for _line, glyphs in text_lines(art):
            if len(glyphs) >= 8:  # the tilt the glyphs show
                xs, ys = [g.x for g in glyphs if g.ch], _baselines(glyphs)
                tilts.append(math.degrees(math.atan(np.polyfit(xs, ys, 1)[0])))
    assert 0.45 <= statistics.pstdev(angles) <= 0.75
    assert max(abs(a) for a in angles) <= hand.slope_max_deg * hand.k + 1e-9
    assert 0.45 <= statistics.pstdev(tilts) <= 0.8
    a, b = zip(*keep, strict=True)
    assert 0.1 < statistics.correlation(a, b) < 0.7  # a little, not a ruled slope


def test_left_margin_wanders_slowly():
    """Past the creep, the left margin still moves in and out, slowly: not a ruled edge."""
    hand = Hand(k=NEATNESS["natural"])
    for seed in range(5):
        indent = margins(hand, random.Random(seed)).indent[20:]
        width = 250.0  # pt, a card's measure
        assert (max(indent) - min(indent)) * width >= 2.0  # a few pt
        assert max(indent) <= hand.creep * hand.k + 2 * hand.wander * hand.k + 1e-9
        assert min(indent) >= 0.0
        steps = [abs(b - a) for a, b in itertools.pairwise(indent)]
        assert statistics.mean(steps) < 0.35 * (max(indent) - min(indent))  # slow, not jitter


def test_baselines_wander(art):
    for _line, glyphs in text_lines(art):
        if len(glyphs) >= 8:
            assert statistics.pstdev(_baselines(glyphs)) > 0.02  # not ruled


def test_margin_creeps_inward_and_the_right_edge_is_ragged():
    art = compose("a7-flat", index=0)
    body = [line for line in art.fit.lines if line.kind == "body"]
    half = len(body) // 2
    early = statistics.mean(line.x for line in body[:half])
    late = statistics.mean(line.x for line in body[half:])
    assert late > early  # the left margin moves in down the card
    ends = [line.x + line.width for line in body[:-1]]  # a paragraph's last line is short
    assert statistics.pstdev(ends) > 0.02 * art.safe.width  # ragged, not justified
    m = hand_margins(Hand(k=NEATNESS["neat"]), 42)
    assert m == hand_margins(Hand(k=NEATNESS["neat"]), 42)  # seeded
    hand = Hand(k=1.0)
    deep = margins(hand, random.Random(1))
    assert max(deep.indent) <= hand.creep + 2 * hand.wander and max(deep.short) <= hand.rag


def test_glyphs_stay_inside_the_safe_area(art):
    safe = art.safe
    for g in art.glyphs:
        box = g.box
        assert safe.x - 1e-6 <= box.x and box.right <= safe.right + 1e-6, g.ch
        assert safe.y - 1e-6 <= box.y and box.top <= safe.top + 1e-6, g.ch


def test_block_sits_balanced(art):
    boxes = [g.box for g in art.glyphs]
    safe = art.safe
    left_room = min(b.x for b in boxes) - safe.x
    right_room = safe.right - max(b.right for b in boxes)
    assert abs(left_room - right_room) < 0.2 * safe.width
    top_room = safe.top - max(b.top for b in boxes)
    bottom_room = min(b.y for b in boxes) - safe.y
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
    sig = [g for g in art.glyphs if g.role == "signature"]
    assert "".join(g.ch for g in sig) == sample_text(0).signature.replace(" ", "")
    assert statistics.mean(g.size for g in sig) > art.fit.size * 1.15


def test_layout_size_range_respected(art):
    lay = layout(art.layout.name)
    assert lay.font_min <= art.fit.size <= lay.font_max


def test_a_font_with_alternates_varies_repeated_letters():
    art = compose("a2-flat", body_font="caveat")
    forms = defaultdict(set)
    for g in art.glyphs:
        if len(g.ch) == 1 and g.ch.isalpha():
            forms[g.ch].add(g.gid)
    varied = [ch for ch, gids in forms.items() if len(gids) > 1]
    assert len(varied) >= 8  # e, t, a, o … take more than one form


def test_dots_move_on_their_own():
    art = compose("a2-flat")
    offsets = []
    for g in art.glyphs:
        if g.ch == "i" and len(g.points):
            ys = g.points[:, 1]
            top = g.points[ys > ys.max() - 0.12 * art.fit.size]  # the dot
            offsets.append(float(top[:, 0].mean() - g.points[:, 0].min()))
    assert len(offsets) >= 5
    assert len(set(offsets)) == len(offsets)  # every dot sits a little differently


@settings(max_examples=30, deadline=None)
@given(
    st.integers(min_value=0, max_value=2**63 - 1),
    st.sampled_from(sorted(NEATNESS)),
    st.sampled_from(LAYOUT_NAMES),
    st.integers(min_value=0, max_value=2),
)
def test_property_any_seed_is_bounded_and_never_collides(seed, neatness, name, index):
    art = compose(name, seed=seed, neatness=neatness, index=index)
    for g in art.glyphs:
        box = g.box
        assert art.safe.x - 1e-6 <= box.x and box.right <= art.safe.right + 1e-6
        assert art.safe.y - 1e-6 <= box.y and box.top <= art.safe.top + 1e-6
    _assert_lines_clear(art, neatness)
    assert math.isfinite(sum(float(g.points.sum()) for g in art.glyphs))


def test_a_line_that_runs_long_ends_inside_its_measure_written_smaller():
    fs = fonts()
    text = "and would be glad to bring that same care to Hartwell & Pryce"
    size = 15.0
    natural = fs["body"].width(text) * size
    measure = natural / 1.02  # the line runs 2 % long
    fit = layout_at([Block("body", text)], measure, size, lambda t, r: fs[r].width(t), descent=0.32)
    (line,) = fit.lines
    assert line.text == text  # kept on one line, not wrapped
    assert line.scales[0] == 1.0 and line.scales[-1] < 0.99
    assert line.scales[-1] >= TAIL_SIZE
    assert list(line.scales) == sorted(line.scales, reverse=True)  # progressively smaller
    assert line.width == pytest.approx(measure)
    hand = Hand(k=NEATNESS["natural"])

    def write(ln):
        one = replace(fit, lines=(ln,), width=ln.width)
        return place(one, 30.0, 300.0, fs, hand, random.Random(3))

    glyphs, runs, _ = write(line)
    again, runs_again, _ = write(line)  # deterministic
    assert runs == runs_again
    assert all(np.array_equal(g.points, h.points) for g, h in zip(glyphs, again, strict=True))
    plain, plain_runs, _ = write(replace(line, scales=()))  # as it would run without
    # The invisible text covers the line as drawn, which ends inside the measure.
    (run,) = runs
    assert run.width <= measure * 1.005 < plain_runs[0].width
    assert max(g.box.right for g in glyphs) <= 30.0 + measure + allowance(hand, size)[0]
    # The last word's letters are written smaller, in the proportion the fitter set.
    last = [(g, h) for g, h in zip(glyphs, plain, strict=True) if g.word == len(line.scales) - 1]
    assert last and all(g.size == pytest.approx(h.size * line.scales[-1]) for g, h in last)
    first = [(g, h) for g, h in zip(glyphs, plain, strict=True) if g.word == 0]
    assert all(g.size == h.size for g, h in first)


def test_a_cards_lines_find_the_baseline_together(monkeypatch):
    from cardgen.layout import handwriting, wordink

    calls = []
    real = handwriting._LineWriter.baseline

    def baseline(self, u, word_rise):  # type: ignore[no-untyped-def]
        calls.append(len(u))
        return real(self, u, word_rise)

    monkeypatch.setattr(handwriting._LineWriter, "baseline", baseline)
    real_rise = wordink.rise

    def rise(u, word_rise, curve):  # type: ignore[no-untyped-def]
        calls.append(len(u))
        return real_rise(u, word_rise, curve)

    monkeypatch.setattr(wordink, "rise", rise)
    art = compose(LAYOUT_NAMES[0], seed=11)
    lines = len(art.runs)
    # the card's lines' words along them at once, their glyphs' starts found at once
    assert len(calls) == 2 < lines


def test_every_glyph_written_is_a_whole_glyph(art):
    """The glyphs a line writes are whole Glyph records: every field set, and the same
    objects again in a Glyph made from them."""
    from msgspec.structs import asdict, fields

    from cardgen.layout.handwriting import Glyph

    names = [f.name for f in fields(Glyph)]
    for glyph in art.glyphs[:50]:
        assert type(glyph) is Glyph and list(asdict(glyph)) == names
        made = replace(glyph)  # through __init__
        assert all(getattr(made, n) is getattr(glyph, n) for n in names)


@pytest.mark.parametrize("body", ["dancing-script", "ems-allure"])
def test_glyphs_write_what_is_visible_line_after_line(body):
    """A glyph's characters leave out what is never drawn (a soft hyphen, a bidi mark),
    the same on every line, though what is visible of a text is found once a font set."""
    from cardgen.layout.fonts import INVISIBLE
    from cardgen.layout.handwriting import visible

    fs = fonts(body)
    text = "co\u00adop \u200fre\u00adsume\u0301"
    fit = layout_at([Block("body", text)], 400.0, 15.0, lambda t, r: fs[r].width(t), descent=0.32)
    (line,) = fit.lines
    lines = replace(fit, lines=(line, replace(line, y=line.y + 30.0), line))
    glyphs, runs, _ = place(lines, 30.0, 300.0, fs, Hand(), random.Random(5))
    assert len(runs) == 3
    wanted = "".join(ch for ch in text if fs["body"].face_index(ch) != INVISIBLE and ch != " ")
    assert wanted == "coopresume\u0301"
    assert "".join(g.ch for g in glyphs) == wanted * 3
    assert visible(fs["body"], "o\u00ad") == "o" and visible(fs["body"], "\u200fr") == "r"


def _place_line_by_line(fit, left, top, fonts, hand, rng):
    """What :func:`place` writes, one line after another: each line's choices drawn,
    its letters written, bent below the line above, before the next line's drawn."""
    from cardgen.layout.handwriting import _Field, _LineWriter
    from cardgen.layout.lines import Course

    course = Course(hand, rng)
    page = _Field(rng, hand.field_em * hand.k * fit.size, fit.size)
    glyphs, drops, above, words = [], [], None, 0
    for line in fit.lines:
        size, pitch = line.size, line.size * LEADING
        if line.image_height:
            above = None
            continue
        role = "signature" if line.kind == "signature" else "body"
        shape = course.next_line(pitch, hand.scaled(size), line.width)
        base = top - line.y - course.settle(shape, pitch)
        curve = (shape.slope, shape.bend, shape.phase, shape.wavelength)
        writer = _LineWriter(fonts[role], hand, rng, size, pitch, line.width, *curve)
        written = []
        x0 = left + line.x + course.margin
        writer.write(line.text, x0, base, role, page, written, words, line.scales)
        drop = course.clear(above, writer.boxes, size, pitch)
        glyphs += [(g.points - (0.0, drop), g.y - drop, g.x) for g in written]
        drops.append(drop)
        above, words = writer.boxes, words + len(line.text.split())
    return glyphs, drops


@pytest.mark.parametrize("signature", ["relief-singleline", "dancing-script"])
def test_a_cards_pen_letters_written_at_once_are_those_written_line_by_line(signature):
    # Every line's choices are drawn first, then each pen's letters written, and the
    # lines bent and put on the page, for the whole card at once; each line still
    # follows the line above as written (put again below a line that dropped clear of
    # the ink above it), to the last bit; two pens, or a pen and a font, on one card.
    mixed = {"body": fonts("ems-allure")["body"], "signature": fonts(signature)["body"]}
    blocks = [
        Block("salutation", "Dear Ms. Ruiz,"),
        Block("body", " ".join(sample_text(1).note.split()[:60])),
        Block("closing", "Warm regards,"),
        Block("signature", "Lena Okafor"),
    ]
    fit = layout_at(blocks, 260.0, 16.0, lambda t, r: mixed[r].width(t))
    hand = Hand(k=NEATNESS["relaxed"])
    glyphs, runs, _ = place(fit, 40.0, 500.0, mixed, hand, random.Random(5))
    alone, drops = _place_line_by_line(fit, 40.0, 500.0, mixed, hand, random.Random(5))
    assert len(runs) == len(drops) > 6 and sum(d > 0 for d in drops[:-2]) == 2  # lines dropped
    assert len(glyphs) == len(alone)
    for g, (points, y, x) in zip(glyphs, alone, strict=True):
        assert np.array_equal(g.points, points) and (g.y, g.x) == (y, x)


def test_a_line_drops_as_far_as_its_closest_pair_of_glyphs_needs():
    # A line whose ink lies wholly clear of the ink above is let be without looking at
    # its glyphs pair by pair; any other drops by what its closest pair needs.
    from cardgen.layout.lines import Course, _clearance

    hand = Hand(k=1.0)
    rng = np.random.default_rng(7)
    size, pitch = 14.0, 18.0
    dropped = kept = 0
    for _ in range(300):
        above = rng.uniform(0, 100, (6, 4))
        above[:, 2] = above[:, 0] + rng.uniform(1, 12, 6)
        above[:, 1] = rng.uniform(-2.0, 1.5, 6)  # the lowest ink above, about the baseline
        below = rng.uniform(0, 100, (5, 4))
        below[:, 2] = below[:, 0] + rng.uniform(1, 12, 5)
        below[:, 3] = rng.uniform(-3.0, 0.5, 5)  # the highest ink below
        below[:, 1] = below[:, 3] - 8.0
        if rng.random() < 0.2:  # now and then one glyph reaching up far into the line above
            below[0, 0], below[0, 2], below[0, 3] = -5.0, 200.0, 4.0
        room = CLEAR_EM * size - _clearance(above, below)
        wanted = max(0.0, min(max(0.0, room), hand.pitch_max * hand.k * pitch))
        got = Course(hand, random.Random(0)).clear(above, below.copy(), size, pitch)
        assert got == wanted
        dropped, kept = dropped + (got > 0), kept + (got == 0)
    assert dropped > 30 and kept > 30
