"""Layout stage: turn laid-out lines into jittered glyph placements. Pure.

A hand never writes the same word twice the same way. Per line: a slight
slope, a gentle bend and a drifting baseline, and a left margin that wanders a
little; per word: small spacing and baseline changes and a touch of ink
density; per glyph: small offsets, rotation and size. All randomness comes
from the ``random.Random`` passed in, so a seed gives the same card.

Every variation is bounded, and :func:`allowance` says by how much the text
may stray from its laid-out box, so the fitter can keep it inside the safe area
and lines can never touch.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from cardgen.layout.fonts import INVISIBLE, FontSet
from cardgen.layout.textfit import LEADING, Fit

__all__ = ["NEATNESS", "Glyph", "Hand", "Placed", "allowance", "place"]

# Amplitude multipliers for the --neatness knob.
NEATNESS = {"very-neat": 0.45, "neat": 0.75, "natural": 1.0, "relaxed": 1.35}


@dataclass(frozen=True)
class Hand:
    """How much this hand varies; every amplitude scales with ``k``."""

    k: float = 0.75
    slope_deg: float = 0.32  # sd of a line's slope
    slope_max_deg: float = 0.6
    bend_pt: float = 0.55  # max sagitta of a line's bow, at 14 pt
    drift_pt: float = 0.35  # amplitude of the slow baseline wave, at 14 pt
    margin_pt: float = 1.4  # max left-margin wander
    word_space_em: float = 0.05  # sd of extra word spacing
    word_rise_pt: float = 0.22  # sd of a word's baseline shift, at 14 pt
    glyph_dx_pt: float = 0.1
    glyph_dy_pt: float = 0.16
    glyph_rot_deg: float = 1.3
    glyph_scale: float = 0.022  # sd of size change (fraction)
    ink_fade: float = 0.1  # max lightening of a word's ink (fraction toward paper)

    def scaled(self, size: float) -> float:
        """Size factor for the pt amplitudes given at 14 pt."""
        return self.k * size / 14.0


@dataclass(frozen=True)
class Glyph:
    """One character placed on the page (points, origin bottom-left)."""

    ch: str
    face: int  # index into FontSet.faces
    x: float
    y: float
    size: float
    angle: float  # degrees, counter-clockwise
    fade: float  # 0 = full ink, 0.1 = 10 % toward the paper colour
    role: str  # "body" or "signature"


@dataclass(frozen=True)
class Placed:
    """A signature image placed on the page."""

    x: float
    y: float
    width: float
    height: float


def allowance(hand: Hand, size: float) -> tuple[float, float]:
    """How far (pt) glyphs may stray beyond the laid-out box: (x, y) per side."""
    s = hand.scaled(size)
    ax = hand.margin_pt * hand.k + 3 * hand.glyph_dx_pt * s + 0.08 * size
    ay = 0.12 * size * LEADING + 3 * hand.glyph_dy_pt * s
    return ax, ay


def _clamp(v: float, lim: float) -> float:
    return max(-lim, min(lim, v))


def place(
    fit: Fit,
    left: float,
    top: float,
    fonts: dict[str, FontSet],
    hand: Hand,
    rng: random.Random,
) -> tuple[list[Glyph], list[Placed]]:
    """Place every character of ``fit`` on the page.

    Args:
        fit: the laid-out note (from :func:`cardgen.layout.textfit.fit_blocks`).
        left: x of the text box's left edge (pt).
        top: y of the text box's top edge (pt, PDF coordinates, y up).
        fonts: FontSet per role ("body", "signature").
        hand: variation amplitudes.
        rng: the card's own random generator.

    Returns:
        The glyphs in reading order (spaces included, so the text extracts
        with its words apart) and any placed signature images.
    """
    glyphs: list[Glyph] = []
    images: list[Placed] = []
    slope = 0.0
    margin = 0.0
    k = hand.k
    for line in fit.lines:
        size = line.size
        s = hand.scaled(size)
        pitch = size * LEADING
        if line.image_height:
            images.append(
                Placed(left + line.x + margin, top - line.y, line.width, line.image_height)
            )
            continue
        role = "signature" if line.kind == "signature" else "body"
        fs = fonts[role]
        # Per line: slope persists a little from line to line, as a hand's does.
        slope = 0.5 * slope + rng.gauss(0.0, hand.slope_deg * k)
        slope = _clamp(slope, hand.slope_max_deg * k)
        bend = rng.uniform(-1.0, 1.0) * hand.bend_pt * s
        phase = rng.uniform(0.0, 2 * math.pi)
        wavelength = rng.uniform(0.8, 1.6) * max(line.width, 1.0)
        margin = _clamp(margin * 0.7 + rng.gauss(0.0, 0.5) * hand.margin_pt * k, hand.margin_pt * k)
        # The most a line may rise or fall anywhere: keeps neighbours apart.
        limit = 0.12 * pitch
        tan = math.tan(math.radians(slope))
        x0 = left + line.x + margin
        base = top - line.y
        x = x0
        word_rise = 0.0
        fade = 0.0
        new_word = True
        for ch in line.text:
            if fs.face_index(ch) == INVISIBLE:
                continue  # a bidi mark, zero-width space, soft hyphen: nothing to draw
            if ch == " ":
                new_word = True
                adv = (
                    fs.advance(" ")
                    * size
                    * (1.0 + _clamp(rng.gauss(0.0, hand.word_space_em * k * 4), 0.25))
                )
                glyphs.append(Glyph(" ", 0, x, base, size, 0.0, 0.0, role))
                x += adv
                continue
            if new_word:
                word_rise = _clamp(
                    rng.gauss(0.0, hand.word_rise_pt * s), 2.5 * hand.word_rise_pt * s
                )
                fade = rng.uniform(0.0, hand.ink_fade * min(k, 1.0))
                new_word = False
            dx = x - x0
            u = dx / max(line.width, 1.0)  # 0..1 along the line
            rise = (
                dx * tan
                + bend * 4 * u * (1 - u)
                + hand.drift_pt * s * math.sin(2 * math.pi * dx / wavelength + phase)
                + word_rise
            )
            rise = _clamp(rise, limit)
            gx = x + _clamp(rng.gauss(0.0, hand.glyph_dx_pt * s), 3 * hand.glyph_dx_pt * s)
            gy = (
                base + rise + _clamp(rng.gauss(0.0, hand.glyph_dy_pt * s), 3 * hand.glyph_dy_pt * s)
            )
            gsize = size * (
                1.0 + _clamp(rng.gauss(0.0, hand.glyph_scale * k), 2.5 * hand.glyph_scale * k)
            )
            angle = slope + _clamp(
                rng.gauss(0.0, hand.glyph_rot_deg * k), 2.5 * hand.glyph_rot_deg * k
            )
            face = max(fs.face_index(ch), 0)
            glyphs.append(Glyph(ch, face, gx, gy, gsize, angle, fade, role))
            x += fs.advance(ch) * size
    return glyphs, images
