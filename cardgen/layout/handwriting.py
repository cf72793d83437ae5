"""Layout stage: turn laid-out lines into handwritten letterforms on the page. Pure.

A hand never writes the same word twice the same way, and its letters join.
Every word is shaped whole (HarfBuzz: kerning, ligatures, contextual forms,
and — where the font has them — alternate letter forms chosen at random), and
its glyph outlines are drawn as paths, bent by variations that are smooth
functions of position, so a script join that touches in the font still
touches on the card:

* per page: a gentle displacement field (a few long waves in x and y), so
  the same word written twice in different places takes different shapes;
* per line: a slope, a pitch, a bow and a drifting baseline of its own (:mod:`.lines`);
* per word: a slant, a width and a height of its own, a rise, a touch of
  ink density, and spacing that varies while the line keeps its length;
* within a word: slow waves in letter width, height and slant along it;
* per letter: i and j dots and accents moved a little on their own; a
  single-line hand's letters (a :class:`~cardgen.layout.strokes.StrokeSet`)
  are each drawn a little differently and joined to their neighbours
  (:mod:`.letters`) before the word's and the page's motion;
* ink: each outline widened or narrowed a little along its normals, as a pen
  pressed harder or lighter, varying between and along words.

Each word draws its variation in reading order, line after line; then a pen's
letters are varied and joined for the whole card at once (:mod:`.letters`) and each
line is bent onto the page below the one above (:mod:`.wordink`: in one set of numpy
calls, the same arithmetic on each point as word by word). The left margin creeps
and wanders, the right edge is ragged
(:func:`margins`, used by the fitter) and a long line ends in smaller words. The
text is also laid out as invisible text runs, one per line, so the card can be
selected, searched and read aloud. All randomness comes from the ``random.Random``
passed in, so a seed gives the same card; every variation is bounded, and
:func:`allowance` says how far it strays.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Sequence

import msgspec
import numpy as np
from msgspec.structs import replace

from cardgen.layout import letters
from cardgen.layout.fonts import FontSet
from cardgen.layout.lines import RISE, Course, Shape, margins
from cardgen.layout.strokes import StrokeSet
from cardgen.layout.textfit import LEADING, Fit, Line
from cardgen.layout.wordink import (
    Along,
    Curve,
    Word,
    WordInk,
    WordOutline,
    drawn_chars,
    lines_along,
    onto_lines,
    rise,
    visible,
    word_outline,
)
from cardgen.layout.wordink import Field as _Field
from cardgen.model import Zone

__all__ = [
    "NEATNESS",
    "Glyph",
    "Hand",
    "Placed",
    "TextRun",
    "allowance",
    "lettered",
    "margins",
    "place",
]

# Amplitude multipliers for the --neatness knob.
NEATNESS = {"very-neat": 0.45, "neat": 0.75, "natural": 1.0, "relaxed": 1.35}


class Hand(msgspec.Struct, frozen=True):
    """How much this hand varies; every amplitude scales with ``k``.

    Lengths marked "at 14 pt" grow with the writing's size; "em" are fractions
    of the size.
    """

    k: float = 0.75
    # lines
    slope_deg: float = 0.55  # sd of a line's slope
    slope_max_deg: float = 1.3
    bend_pt: float = 0.55  # max sagitta of a line's bow, at 14 pt
    drift_pt: float = 0.35  # amplitude of the slow baseline wave, at 14 pt
    pitch: float = 0.07  # sd of a line's shift from its laid-out place (of the pitch)
    pitch_max: float = 0.11  # the most a line is shifted (of the pitch)
    margin_pt: float = 1.4  # max left-margin jitter, line to line
    creep: float = 0.045  # how far the left margin creeps inward over a card (of its width)
    wander: float = 0.02  # the left margin's slow wander either way (of the width)
    rag: float = 0.09  # how short of the right edge a line may stop (of the width)
    # words
    word_space_em: float = 0.05  # sd of extra word spacing
    word_rise_pt: float = 0.22  # sd of a word's baseline shift, at 14 pt
    word_slant_deg: float = 1.6  # sd of a word's slant
    word_width: float = 0.03  # sd of a word's width (fraction)
    word_height: float = 0.035  # sd of a word's height (fraction)
    # within a word: slow waves along it
    wave_width: float = 0.035  # letter width (fraction of the wave's length, kept monotonic)
    wave_height: float = 0.05  # letter height (fraction)
    wave_slant_deg: float = 2.5
    # the page
    field_em: float = 0.028  # amplitude of the displacement field (em)
    # letters
    mark_em: float = 0.045  # how far a dot or an accent may move on its own (em)
    alternates: float = 0.45  # chance a letter takes an alternate form the font offers
    # ink
    ink_weight_pt: float = 0.12  # how much wider than the font a stroke is, at 14 pt
    ink_weight_vary: float = 0.6  # its variation between and along words (fraction)
    ink_fade: float = 0.1  # max lightening of a word's ink (fraction toward paper)
    # words with figures, and words in capitals: how much of the variation they take
    calm: float = 1.0

    def scaled(self, size: float) -> float:
        """Size factor for the pt amplitudes given at 14 pt."""
        return self.k * size / 14.0


class Glyph(msgspec.Struct, frozen=True, eq=False, weakref=True):
    """One glyph drawn on the page: its outline as a path (points, origin bottom-left).

    ``points`` are page coordinates (pt) of the deformed outline and
    ``template`` the path operators that join them (see
    :class:`~cardgen.layout.shaping.Outline`). ``x``, ``y`` is where the glyph
    starts on its baseline, ``size`` its size and ``angle`` its slant (degrees).
    """

    ch: str  # the characters it writes ("fi" for a ligature, "" for a further glyph of one)
    face: int  # index into FontSet.faces
    gid: int
    x: float
    y: float
    size: float
    angle: float
    fade: float  # 0 = full ink, 0.1 = 10 % toward the paper colour
    weight: float  # how much wider than the font its strokes are drawn (pt)
    role: str  # "body" or "signature"
    word: int  # which word of the writing it belongs to, counted from 0
    points: np.ndarray
    template: str

    @property
    def box(self) -> Zone:
        """The deformed outline's bounding box on the page (without the stroke)."""
        if not len(self.points):
            return Zone(self.x, self.y, 0.0, 0.0)
        x0, y0 = self.points.min(axis=0)
        x1, y1 = self.points.max(axis=0)
        return Zone(float(x0), float(y0), float(x1 - x0), float(y1 - y0))


class TextRun(msgspec.Struct, frozen=True):
    """One line's text, laid invisibly over its writing (for search, selection, speech).

    It starts at (``x``, ``y``) on the line's baseline, runs ``width`` pt along
    the line at ``angle`` degrees, in ``size`` pt of the role's font.
    """

    text: str
    role: str
    x: float
    y: float
    angle: float
    size: float
    width: float


class Placed(msgspec.Struct, frozen=True):
    """A signature image placed on the page."""

    x: float
    y: float
    width: float
    height: float


def allowance(hand: Hand, size: float, strokes: bool = False) -> tuple[float, float]:
    """How far (pt) the writing may stray beyond its laid-out box: (x, y) per side.

    ``strokes``: the hand is a single-line one, whose letters vary on their own
    (:func:`cardgen.layout.letters.reach`).
    """
    k = hand.k
    # The sum of every variation's most (letters.reach) is far above what happens: over
    # the sample notes a point strays at most 0.066 em at k = 0.75 and 0.11 em at 1.35,
    # a quarter of that sum; 0.35 of it keeps a third more than that.
    extra = 0.35 * letters.reach(k, hand.mark_em) * size if strokes else 0.0
    field_pt = 2 * hand.field_em * k * size  # two waves at most add up
    slant = math.tan(math.radians(2.5 * (hand.word_slant_deg + hand.wave_slant_deg) * k))
    ax = hand.margin_pt * k + field_pt + 0.9 * size * slant + 0.04 * size
    ax += 2.5 * hand.word_width * k * size  # a line's last word written wider than set
    line = (RISE + hand.pitch_max * k) * size * LEADING  # its rise and its own pitch
    ay = line + field_pt + (2.5 * hand.word_height + hand.wave_height) * k * size
    return ax + extra, ay + extra


def _clamp(v: float, lim: float) -> float:
    return max(-lim, min(lim, v))


def _plain(word: str) -> bool:
    """A word a reader (or a sorting machine) must read exactly: it has figures, or it
    is in capitals (a postcode, a town on an envelope)."""
    letters = [ch for ch in word if ch.isalpha()]
    return any(ch.isdigit() for ch in word) or (len(letters) > 1 and word.isupper())


def place(
    fit: Fit,
    left: float,
    top: float,
    fonts: dict[str, FontSet],
    hand: Hand,
    rng: random.Random,
) -> tuple[list[Glyph], list[TextRun], list[Placed]]:
    """Write every line of ``fit`` (:func:`~cardgen.layout.textfit.fit_blocks`) on the
    page, the text box's top-left at (``left``, ``top``) (pt, y up), in ``fonts``
    (per role: "body", "signature") with ``hand``'s variation drawn from ``rng``
    (the card's own); return the glyphs in reading order, the invisible text
    runs (one per line) and any placed signature images."""
    glyphs: list[Glyph] = []
    runs: list[TextRun] = []
    images: list[Placed] = []
    course = Course(hand, rng)  # slope, margin and pitch, line to line
    page = _Field(rng, hand.field_em * hand.k * fit.size, fit.size)
    drafts = _drafts(fit, left, top, fonts, hand, course)
    # Nothing drawn depends on where a line's points end up: the card's lines are
    # written along themselves at once (each pen's letters all together); then each
    # is put on the page below the one above, in order.
    texts = [t for t in drafts if isinstance(t, _Draft) and t.words]
    lines = lines_along([(t.writer.fs, t.words, t.writer.curve) for t in texts])
    for t, along in zip(texts, lines, strict=True):
        t.along = along
    above: np.ndarray | None = None  # the ink boxes of the line above
    for i, d in enumerate(drafts):
        if isinstance(d, Placed):
            images.append(d)
            above = None
            continue
        line, writer = d.line, d.writer
        size, pitch = line.size, line.size * LEADING
        base = top - line.y - course.settle(d.shape, pitch)
        if d.along is not None and d.base != base:  # put where the line above let it
            _put(drafts[i:], top, course, page)
        written: list[Glyph] = []
        if d.along is not None:
            writer.boxes = d.boxes
            writer.written(d.words, d.along, d.points, (d.x0, base), d.role, written)
        boxes = writer.boxes
        drop = course.clear(above, boxes, size, pitch)  # not too near the line above
        if drop:
            written = [replace(g, y=g.y - drop, points=g.points - (0.0, drop)) for g in written]
        above = boxes
        glyphs.extend(written)
        lift = writer.start  # the baseline's rise at the line's start, as written
        if lift is None:  # nothing written
            lift = float(writer.baseline(np.array([0.0]), 0.0)[0])
        y = base - drop + lift
        width = max(d.end - d.x0, 1.0)
        runs.append(TextRun(line.text, d.role, d.x0, y, d.shape.slope, size, width))
    return glyphs, runs, images


class _Draft(msgspec.Struct):
    """A line with every choice drawn, not yet written: its course, writer, start, end
    (pt) and words; then its words along it (:func:`~.wordink.lines_along`)."""

    line: Line
    role: str
    shape: Shape
    writer: _LineWriter
    x0: float
    end: float
    words: list[Word]
    along: Along | None = None
    base: float | None = None  # where it was put on the page (:func:`_put`), if it was
    points: np.ndarray = msgspec.field(default_factory=lambda: np.zeros((0, 2)))  # there
    boxes: np.ndarray = msgspec.field(default_factory=lambda: np.zeros((0, 4)))  # its ink


def _put(drafts: Sequence[_Draft | Placed], top: float, course: Course, page: _Field) -> None:
    """Put the written lines of ``drafts`` on the page, the first shifted as ``course``
    has it and each after it as it will be if none drops below the line above
    (:meth:`Course.follow`): all at once (:func:`~.wordink.onto_lines`)."""
    shift = course.shift
    put: list[tuple[_Draft, Along]] = []
    origins: list[tuple[float, float]] = []
    for j, d in enumerate(drafts):
        if isinstance(d, _Draft):
            if j:
                shift = course.follow(shift, d.shape, d.line.size * LEADING)
            d.base = top - d.line.y - shift
            if d.along is not None:
                put.append((d, d.along))
                origins.append((d.x0, d.base))
    lines = onto_lines([along for _, along in put], origins, page.apply)
    for (d, _), (points, boxes) in zip(put, lines, strict=True):
        d.points, d.boxes = points, boxes


def _drafts(
    fit: Fit, left: float, top: float, fonts: dict[str, FontSet], hand: Hand, course: Course
) -> list[_Draft | Placed]:
    """Every line's choices drawn from ``course``'s generator, line by line in reading
    order (each word's in turn), as drafts; a signature image placed."""
    out: list[_Draft | Placed] = []
    words = 0
    for line in fit.lines:
        size, pitch = line.size, line.size * LEADING
        if line.image_height:
            x = left + line.x + course.margin
            out.append(Placed(x, top - line.y, line.width, line.image_height))
            continue
        role = "signature" if line.kind == "signature" else "body"
        shape = course.next_line(pitch, hand.scaled(size), line.width)
        curve = (shape.slope, shape.bend, shape.phase, shape.wavelength)
        writer = _LineWriter(fonts[role], hand, course.rng, size, pitch, line.width, *curve)
        x0 = left + line.x + course.margin
        ready, u = writer.draw(line.text, words, line.scales)
        out.append(_Draft(line, role, shape, writer, x0, x0 + u, ready))
        words += len(line.text.split())
    return out


class _LineWriter:
    """Writes one line: words shaped, varied and bent, spaced so the line keeps its length."""

    def __init__(
        self,
        fs: FontSet,
        hand: Hand,
        rng: random.Random,
        size: float,
        pitch: float,
        width: float,
        slope: float,
        bend: float,
        phase: float,
        wavelength: float,
    ) -> None:
        self.fs, self.hand, self.rng, self.size = fs, hand, rng, size
        self.s = hand.scaled(size)
        self.width = max(width, 1.0)
        self.limit = RISE * pitch  # the most a line may rise or fall: neighbours never touch
        self.tan = math.tan(math.radians(slope))
        self.slope = slope
        drift = hand.drift_pt * self.s  # the slow wave's amplitude along the baseline
        self.curve = Curve(self.width, self.tan, bend, drift, wavelength, phase, self.limit)
        self.tags = fs.alternates()
        self.x_height = 0.5
        self.boxes = np.zeros((0, 4))  # the ink boxes of the glyphs written last
        self.start: float | None = None  # the baseline's rise at u = 0, once written

    def baseline(self, u: np.ndarray, word_rise: float | np.ndarray) -> np.ndarray:
        """How far the baseline rises at ``u`` pt along the line (:func:`~.wordink.rise`)."""
        return rise(u, word_rise, self.curve)

    def write(
        self,
        text: str,
        x0: float,
        base: float,
        role: str,
        page: _Field,
        out: list[Glyph],
        first_word: int = 0,
        scales: Sequence[float] = (),
    ) -> float:
        """Write ``text`` from (``x0``, ``base``), each word at its ``scales`` of the size."""
        ready, u = self.draw(text, first_word, scales)
        if ready:
            (along,) = lines_along([(self.fs, ready, self.curve)])
            ((pts, self.boxes),) = onto_lines([along], [(x0, base)], page.apply)
            self.written(ready, along, pts, (x0, base), role, out)
        return x0 + u

    def draw(
        self, text: str, first_word: int = 0, scales: Sequence[float] = ()
    ) -> tuple[list[Word], float]:
        """Draw every choice of ``text``'s words, each at its ``scales`` of the size, in
        reading order: the words to write, and how long (pt) the line runs."""
        hand, rng, fs, size = self.hand, self.rng, self.fs, self.size
        k = hand.k
        s = hand.scaled(size)
        words = text.split(" ")
        scales = scales if len(scales) == len(words) else (1.0,) * len(words)
        # Each word's own width, and spacing that varies; then the spaces give or
        # take what the words' widths changed, so the line keeps its length.
        calm = [hand.calm if _plain(w) else 1.0 for w in words]
        scale = [1.0 + c * _clamp(rng.gauss(0.0, hand.word_width * k), 2.5 * hand.word_width * k)
                 for c in calm]  # fmt: skip
        natural = [fs.word_width(w) * size * f for w, f in zip(words, scales, strict=True)]
        space = fs.advance(" ") * size
        gaps = [space * f * (1.0 + _clamp(rng.gauss(0.0, hand.word_space_em * k * 4), 0.25))
                for f in scales[1:]]  # fmt: skip
        slants = [
            c * _clamp(rng.gauss(0.0, hand.word_slant_deg * k), 2.5 * hand.word_slant_deg * k)
            for c in calm
        ]
        drawn = sum(n * f for n, f in zip(natural, scale, strict=True))
        target = sum(natural) + space * sum(scales[1:])
        spare = target - drawn
        if gaps and sum(gaps) > 0:
            # Spaces give or take what the words' widths changed, within reason:
            # a word never runs into the next.
            ratio = min(1.25, max(0.85, spare / sum(gaps)))
            gaps = [g * ratio for g in gaps]
        # A word leaning forward before one leaning back closes the gap at the
        # top: open it by the difference, at about half the letters' height.
        for i in range(len(gaps)):
            lean = math.tan(math.radians(slants[i])) - math.tan(math.radians(slants[i + 1]))
            gaps[i] += max(0.0, lean) * 0.35 * size
        u = 0.0  # along the line, from its start
        number = first_word
        ready: list[Word] = []  # each word's choices drawn, in order
        for i, word in enumerate(words):
            if word:
                self.size = size * scales[i]  # a word at the end of a long line: smaller
                one = self._draw(word, u, natural[i] * scale[i], slants[i], number, s, calm[i])
                self.size = size
                if one is not None:
                    ready.append(one)
                number += 1
            u += natural[i] * scale[i]
            if i < len(gaps):
                u += gaps[i]
        return ready, u

    def _draw(
        self, word: str, u0: float, width: float, slant: float, number: int, s: float, calm: float
    ) -> Word | None:
        """Everything a word draws from the generator, in order (None: nothing to write);
        ``calm``: how much of the variation it takes."""
        hand, rng, fs, size = self.hand, self.rng, self.fs, self.size
        k = hand.k
        alternates = (
            [
                (rng.choice(self.tags), i)
                for i, ch in enumerate(word)
                if ch.isalpha() and rng.random() < hand.alternates * min(k, 1.0)
            ]
            if self.tags
            else []
        )
        shaped, shaped_width = fs.shape(word, alternates)
        if not shaped:
            return None
        fx = width / max(shaped_width * size, 1e-6)  # the word's drawn width, set above
        ink = self._ink(calm, s)
        # The pen's weight along the word.
        kt = ink.slant_wave[1]
        weights = [
            ink.weight
            * (1.0 + hand.ink_weight_vary / 2 * math.sin(kt * g.x * size + ink.weight_phase))
            for _, g in shaped
        ]
        if isinstance(fs, StrokeSet):  # a pen's letters: each varied, then joined
            drawn = letters.draw_word(fs, shaped, rng, k * calm, hand.mark_em)
            return Word(word, shaped, u0, size, fx, slant, ink, calm, number, weights, drawn)
        known = word_outline(fs, word, shaped, self.x_height)
        push, moves = self._pushes(known, weights)
        return Word(
            word, shaped, u0, size, fx, slant, ink, calm, number, weights, None, known, push, moves
        )

    def _pushes(
        self, known: WordOutline, weights: list[float]
    ) -> tuple[list[float], tuple[tuple[float, float], ...]]:
        """What an outline font's word (``known``) draws of its own: how far (em) each
        glyph's points are pushed along their normals, as the pen's ``weights`` (pt)
        widen it, and each mark's move (em); :func:`~.wordink.lines_along` applies them."""
        hand, rng, size = self.hand, self.rng, self.size
        k = hand.k
        push = [
            weight / 2 / size - thin / 2
            for weight, thin in zip(weights, known.thinner, strict=True)
        ]
        moves = tuple(
            (rng.uniform(-1, 1) * hand.mark_em * k, rng.uniform(-0.6, 1) * hand.mark_em * k)
            for _ in known.marks
        )
        return push, moves

    def written(
        self,
        words: list[Word],
        along: Along,
        pts: np.ndarray,
        origin: tuple[float, float],
        role: str,
        out: list[Glyph],
    ) -> None:
        """A line's drawn words, ``along`` it (:func:`~.wordink.lines_along`), written
        from ``origin`` as glyphs: their points on the page, ``pts``, one after another."""
        fs = self.fs
        glyphs = [(w, face, g) for w in words for face, g in w.shaped]
        if isinstance(fs, StrokeSet):
            templates = [fs.outline(face, g.gid).template for _, face, g in glyphs]
        else:  # as the word was gathered
            templates = [t for w in words if w.outline is not None for t in w.outline.templates]
        counts = along.counts
        x0, base = origin
        # The baseline at each glyph's pen, and (last) at the line's start for its text run.
        rises = along.lifts[:-1]
        self.start = along.lifts[-1]
        starts = itertools.accumulate(counts[:-1], initial=0)
        weights = itertools.chain.from_iterable(w.weights for w in words)
        chars = itertools.chain.from_iterable(map(drawn_chars(fs), words))
        for (w, face, g), a, n, inked, lift, ch, template in zip(
            glyphs, starts, counts, weights, rises, chars, templates, strict=True
        ):
            out.append(
                Glyph(
                    ch=ch,
                    face=face,
                    gid=g.gid,
                    x=x0 + w.u0 + g.x * w.size * w.fx,
                    y=base + lift,
                    size=w.size * w.ink.sy,
                    angle=w.slant,
                    fade=w.ink.fade,
                    weight=inked,
                    role=role,
                    word=w.number,
                    points=pts[a : a + n],
                    template=template,
                )
            )

    def _ink(self, calm: float, s: float) -> WordInk:
        """A word's own height, rise, fade, weight and slow waves (drawn in this order)."""
        hand, rng, size = self.hand, self.rng, self.size
        k = hand.k
        sy = 1.0 + calm * _clamp(rng.gauss(0.0, hand.word_height * k), 2.5 * hand.word_height * k)
        rise = calm * _clamp(rng.gauss(0.0, hand.word_rise_pt * s), 2.5 * hand.word_rise_pt * s)
        fade = rng.uniform(0.0, hand.ink_fade * min(k, 1.0))
        weight = (
            hand.ink_weight_pt
            * size
            / 14
            * (1.0 + _clamp(rng.gauss(0.0, hand.ink_weight_vary / 2), hand.ink_weight_vary))
        )
        # Slow waves along the word (pt along it → a fraction).
        waves = []
        for amp in (hand.wave_width, hand.wave_height, math.radians(hand.wave_slant_deg)):
            length = rng.uniform(1.2, 2.6) * size
            waves.append((amp * k * calm, 2 * math.pi / length, rng.uniform(0, 2 * math.pi)))
        weight_phase = rng.uniform(0, 2 * math.pi)
        return WordInk(sy, rise, fade, weight, waves[0], waves[1], waves[2], weight_phase)


def lettered(
    fs: FontSet, text: str, x: float, y: float, size: float, role: str = "signature"
) -> tuple[list[Glyph], TextRun]:
    """``text`` set in ``fs``'s face as it is drawn — no hand, no ink stroke —
    starting at (``x``, ``y``) on its baseline; and its invisible text run."""
    glyphs = []
    pen = x
    for number, word in enumerate(text.split(" ")):
        shaped, width = fs.shape(word)
        for face, g in shaped:
            o = fs.outline(face, g.gid)
            points = o.points * size + (pen + g.x * size, y + g.y * size)
            glyphs.append(
                Glyph(
                    visible(fs, word[g.cluster : g.cluster + 1]),
                    face,
                    g.gid,
                    pen + g.x * size,
                    y,
                    size,
                    0.0,
                    0.0,
                    0.0,
                    role,
                    number,
                    points,
                    o.template,
                )
            )
        pen += (width + fs.advance(" ")) * size
    width = pen - x - fs.advance(" ") * size
    return glyphs, TextRun(text, role, x, y, 0.0, size, max(width, 1.0))
