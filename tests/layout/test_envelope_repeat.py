"""Envelopes of one kit share a hand: what is worked out once for a word (its shaping,
its glyphs' outlines and marks) must give every envelope what it would get alone."""

from __future__ import annotations

import numpy as np
import pytest
from cardfixtures import font_set

from cardgen.input.fonts import resolve_font
from cardgen.input.layouts import envelope_layouts
from cardgen.layout import wordink
from cardgen.layout.envelope import EnvelopeArt, compose_envelope
from cardgen.model import Address

US_SENDER = Address("12 Elm Street Apt 4", "Springfield", "US", "62701", "IL")
DE_SENDER = Address("Friedrichstraße 12", "Berlin", "DE", "10117")
PHILADELPHIA = Address("400 Market Street, Suite 900", "Philadelphia", "US", "19106", "PA")
MUNICH = Address("Maximilianstraße 35", "München", "DE", "80539")

# (recipient lines, destination, sender's name, sender's address, seed): the same words
# (a dotted i, an accent, a ß) recur across senders, destinations and seeds.
ENVELOPES = [
    (["Ms. Margaret Dvořák", "Hartwell & Pryce LLP"], PHILADELPHIA, "Alex Rivera", US_SENDER, 7),
    (["Mr. Jiří Šimek", "Hartwell & Pryce LLP"], PHILADELPHIA, "Alex Rivera", US_SENDER, 8),
    (["Frau Dr. Inge Müller", "Brightloop GmbH"], MUNICH, "Jörg Fischer", DE_SENDER, 7),
    (["Ms. Margaret Dvořák", "Brightloop GmbH"], MUNICH, "Alex Rivera", US_SENDER, 7),
]


def _compose(fs, names, address, sender_name, sender, seed) -> EnvelopeArt:
    return compose_envelope(
        recipient_name_lines=names,
        address=address,
        sender_name=sender_name,
        sender_address=sender,
        layout=envelope_layouts()["a7"],
        hand_font=fs,
        seed=seed,
    )


def _glyphs(art: EnvelopeArt) -> list[tuple]:
    blocks = [art.recipient, *([art.sender] if art.sender else [])]
    return [
        (b.role, g.ch, g.face, g.gid, g.x, g.y, g.size, g.weight, g.points.tolist())
        for b in blocks
        for g in b.glyphs
    ]


def test_envelopes_written_one_after_another_are_each_as_written_alone():
    alone = [_glyphs(_compose(font_set(resolve_font("patrick-hand")), *e)) for e in ENVELOPES]
    shared = font_set(resolve_font("patrick-hand"))
    for envelope, expected in zip(ENVELOPES * 2, alone * 2, strict=True):
        assert _glyphs(_compose(shared, *envelope)) == expected


def test_a_words_outlines_and_marks_are_gathered_once_a_hand(monkeypatch):
    fs = font_set(resolve_font("patrick-hand"))
    first = _glyphs(_compose(fs, *ENVELOPES[0]))
    monkeypatch.setattr(wordink, "marks", lambda *a: pytest.fail("marks found again"))
    assert _glyphs(_compose(fs, *ENVELOPES[0])) == first


def test_a_word_outline_is_its_glyphs_outlines_one_after_another():
    fs = font_set(resolve_font("patrick-hand"))
    shaped = fs.shape("Philadelphia")[0]
    known = wordink.word_outline(fs, "Philadelphia", shaped, 0.5)
    outlines = [fs.outline(face, g.gid) for face, g in shaped]
    assert known.counts == tuple(len(o.points) for o in outlines)
    assert np.array_equal(known.points, np.concatenate([o.points for o in outlines]))
    assert known.templates == tuple(o.template for o in outlines)
    assert np.array_equal(known.gx, np.repeat([g.x for _, g in shaped], known.counts))
    assert len(known.marks) == 2  # the dots of both i's, and nothing else
    assert wordink.word_outline(fs, "Philadelphia", shaped, 0.5) is known
