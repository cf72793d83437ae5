"""Layout stage: compose one card — fit the note, place its glyphs, set the front.

Pure apart from reading font metrics: the result, :class:`CardArt`, holds
everything :mod:`cardgen.render.card` needs to draw the card on any canvas,
so a card is composed once per run and drawn both into ``card.pdf`` and onto
the print sheet.
"""

from __future__ import annotations

import hashlib
import math
import random
from collections.abc import Sequence
from functools import cached_property

import msgspec
from msgspec.structs import replace

from cardgen.errors import CardgenError
from cardgen.layout.art import (
    NOTE,
    SIGNATURE,
    Group,
    Image,
    Ink,
    Mark,
    Stroke,
    Text,
    Writing,
    polygon,
)
from cardgen.layout.fonts import FontSet, describe
from cardgen.layout.geometry import CardPage, card_pages, panel_matrix, safe_box
from cardgen.layout.guide import guide_marks, rules
from cardgen.layout.handwriting import (
    Glyph,
    Hand,
    Placed,
    TextRun,
    allowance,
    lettered,
    margins,
    place,
)
from cardgen.layout.ink import InkPiece, ink_path
from cardgen.layout.penstrokes import pen_path
from cardgen.layout.strokes import StrokeSet
from cardgen.layout.textfit import (
    FIT_STEP,
    Block,
    Fit,
    Margins,
    Overlong,
    TooLong,
    fit_blocks,
    is_address,
    words_to_fit,
)
from cardgen.model import CardLayout, InkPen, Zone
from cardgen.textrules import paragraphs

__all__ = [
    "READABLE_SIZE",
    "CardArt",
    "CardText",
    "Front",
    "card_page_marks",
    "card_seed",
    "check_glyphs",
    "compose_card",
    "drop_words",
    "fit_note",
    "monogram",
    "problem",
    "words_to_reach",
]


class CardText(msgspec.Struct, frozen=True):
    """What is written on the card's message panel."""

    salutation: str
    note: str  # paragraphs separated by blank lines
    closing: str
    signature: str  # the name, written when there is no signature image
    signature_aspect: float = 0.0  # width / height of a signature image, if any
    source: str = ""  # the file (or --text source) the note came from
    key: str = "note"  # its key path: "interviewers[0].note"
    line: int | None = None  # the interviewer's line in the file
    note_start: tuple[int, int] | None = None  # (line, column) of the note's text in the file
    recipient: str = ""

    @property
    def where(self) -> str:
        """``hartwell.yaml:18: interviewers[0].note``, for messages."""
        loc = f"{self.source}:{self.line}" if self.source and self.line else self.source
        return f"{loc}: {self.key}" if loc else self.key

    def position(self, index: int) -> str:
        """Where character ``index`` of the note is: ``file:line:column: key``."""
        line = self.note.count("\n", 0, index) + 1
        col = index - (self.note.rfind("\n", 0, index) + 1) + 1
        if self.note_start is not None:
            file_line, indent = self.note_start
            return f"{self.source}:{file_line + line - 1}:{indent + col}: {self.key}"
        return f"{self.where} (line {line}, column {col} of the note)"

    def blocks(self) -> list[Block]:
        """The blocks the fitter lays out, one per paragraph."""
        out = [Block("salutation", self.salutation)]
        out += [Block("body", p) for p in paragraphs(self.note)]
        out.append(Block("closing", self.closing))
        if self.signature_aspect:
            out.append(Block("signature", "", aspect=self.signature_aspect))
        else:
            out.append(Block("signature", self.signature))
        return out


class Front(msgspec.Struct, frozen=True, dict=True):
    """A folded card's front: "Thank you" and an optional monogram, set centred."""

    title: str
    title_y: float
    rule_y: float  # the short rule under the title
    rule_half: float  # half its length
    monogram: str
    width: float  # the panel's width
    height: float
    glyphs: tuple[Glyph, ...] = ()  # the title and monogram, as drawn (no hand)
    runs: tuple[TextRun, ...] = ()  # and as invisible text
    fonts: dict[str, FontSet] | None = None  # the runs' fonts, by role

    @cached_property
    def marks(self) -> tuple[Mark, ...]:
        """The front as drawn, in panel coordinates: the lettering in full ink, a
        short rule with a small lozenge at its centre under the title, and the text."""
        cx, y, half, gap, r = self.width / 2, self.rule_y, self.rule_half, RULE_GAP, LOZENGE
        ink = Ink()
        out: list[Mark] = [
            Writing(self.glyphs, NOTE, fade=False),
            Stroke(((cx - half, y), (cx - gap, y)), RULE_WIDTH, ink),
            Stroke(((cx + gap, y), (cx + half, y)), RULE_WIDTH, ink),
            polygon([(cx, y + r), (cx + r, y), (cx, y - r), (cx - r, y)], ink),
        ]
        if self.fonts is not None:
            out.append(Text(self.runs, self.fonts))
        return tuple(out)


JOIN_EM = 0.01  # a stroke starting this close to where one ended (em) continues it


RULE_WIDTH = 0.6  # pt: the front's rule
RULE_GAP = 4.0  # pt: from the lozenge's centre to each half of the rule
LOZENGE = 2.2  # pt: from the lozenge's centre to each corner


class CardArt(msgspec.Struct, frozen=True, dict=True):
    """One composed card: glyphs, images and front, in panel coordinates."""

    layout: CardLayout
    pages: tuple[CardPage, ...]
    fit: Fit
    glyphs: tuple[Glyph, ...]
    runs: tuple[TextRun, ...]  # the text, invisible, over the writing
    images: tuple[Placed, ...]
    fonts: dict[str, FontSet]
    front: Front | None
    safe: Zone  # the message panel's safe area
    origin: tuple[float, float] = (0.0, 0.0)  # the fitted block's top-left (panel pt)
    pen: InkPen | None = None  # a pen hand's writing is drawn as this pen's ink
    seed: int = 0  # the card's seed: the ink's own variation comes from it

    @property
    def glyph_count(self) -> int:
        """How many glyphs the message is written with."""
        return len(self.glyphs)

    @cached_property
    def message(self) -> tuple[Mark, ...]:
        """The message panel as printed, in panel coordinates: the writing (the note's
        pen, the signature's), the signature image, and the text over them."""
        out: list[Mark] = []
        start = 0
        glyphs = self.glyphs
        for i in range(1, len(glyphs) + 1):  # a mark per run of one pen, in writing order
            if i == len(glyphs) or (glyphs[i].role == "signature") != (
                glyphs[start].role == "signature"
            ):
                pen = SIGNATURE if glyphs[start].role == "signature" else NOTE
                out.append(Writing(glyphs[start:i], pen, ink=self._ink(glyphs[start:i], len(out))))
                start = i
        out += [Image(img) for img in self.images]
        out.append(Text(self.runs, self.fonts))
        return tuple(out)

    def _ink(self, glyphs: tuple[Glyph, ...], part: int) -> Sequence[InkPiece]:
        """A pen hand's writing as the pen's ink (nothing for an outline hand)."""
        if self.pen is None or not glyphs or not isinstance(self.fonts[glyphs[0].role], StrokeSet):
            return ()
        size = sorted(g.size for g in glyphs)[len(glyphs) // 2]
        points, starts = pen_path(glyphs, JOIN_EM * size)
        return ink_path(points, starts, self.pen, random.Random(f"ink {self.seed} {part}"), size)

    def guides(self, *, bold: bool = False) -> tuple[Mark, ...]:
        """The message's guide lines, faint (guide mode) or bold (the light box)."""
        return guide_marks(rules(self.fit, self.origin, self.fonts["body"].x_height), bold=bold)


def card_page_marks(art: CardArt, page: int, mode: str = "print") -> tuple[Mark, ...]:
    """Card page ``page`` of ``art`` as marks in card-page coordinates, a group per panel.

    ``mode`` "print" writes the note; "guide" has faint guides where it would go;
    "lightbox" the same guides bold and black, alone (no front).
    """
    out: list[Mark] = []
    for panel in art.pages[page].panels:
        if panel.role == "message":
            if mode == "guide":
                marks = art.guides()
            elif mode == "lightbox":
                marks = art.guides(bold=True)
            else:
                marks = art.message
        elif panel.role == "front" and art.front is not None and mode != "lightbox":
            marks = art.front.marks
        else:
            continue
        out.append(Group(panel_matrix(panel), marks))
    return tuple(out)


READABLE_SIZE = 14.0  # pt, before a hand's scale: a card reads best at this size or more


def card_seed(run_seed: int, name: str) -> int:
    """A card's own seed, from the run's seed and the interviewer's name."""
    digest = hashlib.sha256(f"{run_seed}\x1f{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def _measure(fonts: dict[str, FontSet]):
    def measure(text: str, role: str) -> float:
        return fonts[role].width(text)

    return measure


def _text_box(
    layout: CardLayout, hand: Hand, scale: float, fonts: dict[str, FontSet]
) -> tuple[Zone, float, float]:
    safe = safe_box(layout)
    pen = isinstance(fonts["body"], StrokeSet)  # letters that vary on their own
    ax, ay = allowance(hand, layout.font_max * scale * 1.3, strokes=pen)
    return safe, ax, ay


def hand_margins(hand: Hand, seed: int) -> Margins:
    """Where the lines of the card with ``seed`` begin and end (see :func:`margins`)."""
    return margins(hand, random.Random(f"{seed}:margins"))


def fit_note(
    text: CardText,
    layout: CardLayout,
    fonts: dict[str, FontSet],
    hand: Hand,
    scale: float,
    seed: int = 0,
) -> Fit:
    """Fit the card text into ``layout``'s message panel, with the card's own margins.

    Raises:
        TooLong: when it does not fit at the layout's minimum size.
        Overlong: a word wider than the line even at the minimum size.
    """
    box_width, box_height, ascent, descent = _fit_box(layout, fonts, hand, scale)
    return fit_blocks(
        text.blocks(),
        box_width,
        box_height,
        _measure(fonts),
        layout.font_min * scale,
        layout.font_max * scale,
        ascent=ascent,
        descent=descent,
        margins=hand_margins(hand, seed),
    )


def _fit_box(
    layout: CardLayout, fonts: dict[str, FontSet], hand: Hand, scale: float
) -> tuple[float, float, float, float]:
    """(width, height, ascent, descent) the note is fitted into, as :func:`fit_note` does."""
    safe, ax, ay = _text_box(layout, hand, scale, fonts)
    ascent = max(fonts["body"].ascent, fonts["signature"].ascent)
    descent = max(-fonts["body"].descent, -fonts["signature"].descent)
    return safe.width - 2 * ax, safe.height - 2 * ay, ascent, descent


def drop_words(note: str, count: int) -> str:
    """``note`` without its last ``count`` words, paragraphs kept (as the fitter cuts)."""
    kept: list[str] = []
    left = sum(len(p.split()) for p in paragraphs(note)) - count
    for para in paragraphs(note):
        words = para.split()[: max(0, left)]
        left -= len(para.split())
        if words:
            kept.append(" ".join(words))
    return "\n\n".join(kept)


def words_to_reach(
    text: CardText,
    layout: CardLayout,
    fonts: dict[str, FontSet],
    hand: Hand,
    scale: float,
    seed: int,
    size: float,
) -> int:
    """How many words off the end of the note let :func:`fit_note` write it at ``size`` pt.

    ``size`` is rounded up to the fitter's grid (the layout's minimum plus
    whole steps). A bisection over word counts at that one size, so a few
    layouts of the text; the answer is checked with :func:`fit_note` itself.

    Returns:
        0 when the note is already written that large, or when no cut would
        do it (the size is above the layout's maximum, or the salutation,
        closing and signature alone are too large).
    """
    low = layout.font_min * scale
    target = low + math.ceil((size - low) / FIT_STEP - 1e-9) * FIT_STEP
    if target > layout.font_max * scale + 1e-9:
        return 0
    box_width, box_height, ascent, descent = _fit_box(layout, fonts, hand, scale)
    margins = hand_margins(hand, seed)
    cut = words_to_fit(
        text.blocks(), box_width, box_height, _measure(fonts), target, ascent, descent, margins
    )
    total = sum(len(p.split()) for p in paragraphs(text.note))
    if not 0 < cut < total:
        return 0
    try:
        fit = fit_note(
            replace(text, note=drop_words(text.note, cut)), layout, fonts, hand, scale, seed
        )
    except (TooLong, Overlong):
        return 0
    return cut if fit.size >= target - 1e-9 else 0


def compose_card(
    text: CardText,
    layout: CardLayout,
    fonts: dict[str, FontSet],
    hand: Hand,
    seed: int,
    *,
    scale: float = 1.0,
    monogram: str = "",
    alternatives: tuple[CardLayout, ...] = (),
    fit: Fit | None = None,
    pen: InkPen | None = None,
) -> CardArt:
    """Compose a card: place every glyph of its fitted note, and set its front.

    Args:
        text: what to write.
        layout: the card layout.
        fonts: FontSet per role: "body" (the note) and "signature" (the script).
        hand: handwriting variation.
        seed: the card's own seed (see :func:`card_seed`).
        scale: the body font's size factor (fonts.yaml ``scale``).
        monogram: initials for the front of a folded card ("" for none).
        alternatives: larger layouts to suggest when the note does not fit.
        fit: the note already fitted (:func:`fit_note`); fitted here if None.
        pen: the pen a pen hand's writing is drawn with, as ink (None: as lines, to plot).

    Raises:
        CardgenError: a character no font has, or a note too long for the card.
    """
    if fit is None:
        check_glyphs(text, fonts)
        try:
            fit = fit_note(text, layout, fonts, hand, scale, seed)
        except (TooLong, Overlong) as exc:
            where, why = problem(text, layout, exc, fonts, hand, scale, alternatives, seed)
            raise CardgenError(f"{where}: {why}") from None
    safe, ax, ay = _text_box(layout, hand, scale, fonts)
    box_w, box_h = safe.width - 2 * ax, safe.height - 2 * ay
    # Balance: centre the block across, a little above centre down the panel.
    left = safe.x + ax + (box_w - fit.width) / 2
    top = safe.top - ay - (box_h - fit.height) * 0.42
    glyphs, runs, images = place(fit, left, top, fonts, hand, random.Random(seed))
    front = (
        _front(layout, fonts.get("front", fonts["signature"]), monogram)
        if layout.fold != "none"
        else None
    )
    return CardArt(
        layout=layout,
        pages=card_pages(layout),
        fit=fit,
        glyphs=tuple(glyphs),
        runs=tuple(runs),
        images=tuple(images),
        fonts=fonts,
        front=front,
        safe=safe,
        origin=(left, top),
        pen=pen,
        seed=seed,
    )


def check_glyphs(text: CardText, fonts: dict[str, FontSet]) -> None:
    """Refuse a character no shipped font has, naming it and where it is.

    Raises:
        CardgenError: ``file:line:column: key: character '😊' (U+1F60A …) …``.
    """
    index = fonts["body"].missing(text.note)
    if index is not None:
        raise CardgenError(
            f"{text.position(index)}: {describe(text.note[index])} is in none of the "
            "shipped fonts; remove or replace it"
        )
    fonts["body"].check(text.salutation + "\n" + text.closing, text.where + " (salutation)")
    if not text.signature_aspect:
        fonts["signature"].check(text.signature, text.where + " (signature)")


def problem(
    text: CardText,
    layout: CardLayout,
    exc: ValueError,
    fonts: dict[str, FontSet],
    hand: Hand,
    scale: float,
    alternatives: tuple[CardLayout, ...],
    seed: int = 0,
) -> tuple[str, str]:
    """(where in the file, why) a note does not fit: too long, or a word too wide.

    Args:
        exc: what :func:`fit_note` raised (:class:`TooLong` or :class:`Overlong`).
    """
    assert isinstance(exc, TooLong | Overlong)
    where = text.where
    if isinstance(exc, Overlong) and (index := text.note.find(exc.word)) >= 0:
        where = text.position(index)
    return where, too_long_message(text, layout, exc, fonts, hand, scale, alternatives, seed)


def monogram(name: str) -> str:
    """Initials for a folded card's front: ``"Alex Rivera"`` → ``"A · R"``."""
    words = [w for w in name.split() if w[:1].isalpha()]
    if not words:
        return ""
    initials = [words[0][0]] + ([words[-1][0]] if len(words) > 1 else [])
    return " · ".join(i.upper() for i in initials)


def too_long_message(
    text: CardText,
    layout: CardLayout,
    exc: TooLong | Overlong,
    fonts: dict[str, FontSet],
    hand: Hand,
    scale: float,
    alternatives: tuple[CardLayout, ...],
    seed: int = 0,
) -> str:
    """Why the note does not fit, how many words to cut, and which larger card would do."""
    who = f" to {text.recipient}" if text.recipient else ""
    if isinstance(exc, Overlong):
        word = exc.word if len(exc.word) <= 40 else exc.word[:30] + "…"
        kind = "the address" if is_address(exc.word) else "the word"
        part = f"the note{who}"
        if exc.word not in text.note.split():
            if exc.word in text.salutation.split():
                part = f"the salutation{who}"
            elif exc.word in text.signature.split():
                part = "your name as signed (candidate.name)"
            elif exc.word in text.closing.split():
                part = "the closing"
        msg = (
            f"{kind} '{word}' ({len(exc.word):,} characters) in {part} is wider than "
            f"a line of the {layout.name} card even at {layout.font_min * scale:g} pt; "
            "shorten it or split it with spaces"
        )
    else:
        msg = (
            f"the note{who} has {exc.words} words and does not fit "
            f"{layout.name} even at {layout.font_min * scale:g} pt; cut about "
            f"{exc.words_to_cut} word{'s' if exc.words_to_cut != 1 else ''}"
        )
    for alt in alternatives:
        try:
            fit_note(text, alt, fonts, hand, scale, seed)
        except (TooLong, Overlong):
            continue
        return msg + f", or use the larger {alt.name} card (--card {alt.name})"
    if isinstance(exc, Overlong):
        return msg
    return msg + " (an A2 card reads best with 80 words or fewer)"


def _front(layout: CardLayout, script: FontSet, monogram: str) -> Front:
    w, h = layout.width, layout.height
    title = "Thank you"
    size = min(w * 0.62 / script.width(title), 46.0)
    width = script.width(title) * size
    title_y = h * 0.52
    mono_size = size * 0.36
    mono_y = layout.safe_margin + mono_size * 1.4
    glyphs, title_run = lettered(script, title, (w - width) / 2, title_y, size)
    runs = [title_run]
    if monogram:
        mono_width = script.width(monogram) * mono_size
        more, mono_run = lettered(script, monogram, (w - mono_width) / 2, mono_y, mono_size)
        glyphs += more
        runs.append(mono_run)
    return Front(
        title=title,
        title_y=title_y,
        rule_y=title_y - size * 0.55,
        rule_half=w * 0.09,
        monogram=monogram,
        width=w,
        height=h,
        glyphs=tuple(glyphs),
        runs=tuple(runs),
        fonts={"signature": script},
    )
