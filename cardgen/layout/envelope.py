"""Layout stage: compose one envelope — address lines, sizes, placement, glyphs.

Pure apart from reading font metrics: the result, :class:`EnvelopeArt`, holds
everything :mod:`cardgen.render.envelope` needs to draw the envelope (and its
back flap), so an envelope is composed once and drawn into both its own
``envelope.pdf`` and ``print/envelopes.pdf``.

Where the recipient block goes depends on the destination country
(:data:`RULES`): the layout's recipient zone (``layouts/envelopes.yaml``) is
narrowed by the destination post's rules —

* US (and USPS territories): entirely inside the USPS OCR read area, 5/8 in to
  2¾ in from the bottom edge and at least ½ in from each side; that also keeps
  the barcode clear zone (bottom 5/8 in × right 4¾ in) empty;
* DE: at least 15 mm clear of the bottom, left and right edges and 40 mm of
  the top (Deutsche Post's reading zone), set low: lower right;
* everywhere else: 15 mm clear of the bottom and side edges, a little below
  the middle.

The block is left-aligned and starts right of centre (the layout's ``start``),
moving left only as far as a long line needs. It is written in a neat print
hand with milder variation than a card (:data:`ENVELOPE_HAND`) at the largest
size from 16 pt down to 11 pt that fits; address lines are never wrapped. The
return address goes top left (or centred on the back flap) at ¾ of that size,
never below 8.5 pt. Nothing is ever placed in the stamp zone.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

import msgspec

from cardgen.errors import CardgenError
from cardgen.layout.addressing import (
    AddressError,
    country_name,
    name_lines,
    recipient_lines,
    return_lines,
)
from cardgen.layout.art import ADDRESS, FLAP, RETURN, Grey, Mark, Stroke, Text, Writing
from cardgen.layout.fonts import FontSet
from cardgen.layout.guide import guide_marks, rules
from cardgen.layout.handwriting import Glyph, Hand, TextRun, allowance, place
from cardgen.layout.textfit import Fit, Line
from cardgen.model import Address, Company, Culture, EnvelopeLayout, Interviewer, Zone
from cardgen.names import addressee
from cardgen.units import INCH, MM

__all__ = [
    "ENVELOPE_HAND",
    "RULES",
    "EnvelopeArt",
    "EnvelopePage",
    "PostalRule",
    "Written",
    "compose_envelope",
    "postal_rule",
    "recipient_area",
    "recipient_names",
]


RECIPIENT_MAX = 16.0  # pt: the largest recipient size tried
RECIPIENT_MIN = 11.0  # pt: never smaller (readable by the post's OCR and the carrier)
RECIPIENT_KEEP_START = 13.0  # pt: below this a long block moves left instead of shrinking
RETURN_RATIO = 0.75  # the return address, relative to the recipient
RETURN_MIN = 8.5  # pt
STEP = 0.25  # pt: sizes are tried on this grid
PITCH = 1.3  # line pitch as a multiple of the size: tighter than a card's note

# A neat, machine-readable hand: the card's variation at 40 % strength, less
# slant, and the font's own letterforms (no alternates).
ENVELOPE_HAND = Hand(k=0.4, alternates=0.0, word_slant_deg=1.5, wave_slant_deg=1.5, calm=0.35)


class PostalRule(msgspec.Struct, frozen=True):
    """Where a destination's post wants the recipient block.

    Lengths are in points from the envelope's edges; ``top_max`` is the highest
    the block may reach, measured from the bottom edge (None: no limit);
    ``middle`` is the block's preferred centre as a fraction of the envelope's
    height, from the bottom; ``lean`` moves a block that starts at the layout's
    ``start`` that fraction of the remaining way toward the right limit.
    """

    name: str
    left: float
    right: float
    bottom: float
    top_clear: float = 0.0
    top_max: float | None = None
    middle: float = 0.45
    lean: float = 0.0  # 0: the block starts at the layout's start; 1: as far right as allowed


_USPS = PostalRule(
    "USPS OCR read area",
    left=0.5 * INCH,
    right=0.5 * INCH,
    bottom=0.625 * INCH,  # also keeps the barcode clear zone (bottom 5/8 in) empty
    top_max=2.75 * INCH,
)
_DEUTSCHE_POST = PostalRule(
    "Deutsche Post reading zone",
    left=15 * MM,
    right=15 * MM,
    bottom=15 * MM,
    top_clear=40 * MM,
    middle=0.36,  # lower right: low, …
    lean=0.5,  # … and further right than elsewhere
)
_DEFAULT = PostalRule("default", left=15 * MM, right=15 * MM, bottom=15 * MM)

# Destination country → rule; USPS also delivers to these territories.
RULES: dict[str, PostalRule] = {
    **dict.fromkeys(("US", "PR", "VI", "GU", "AS", "MP"), _USPS),
    "DE": _DEUTSCHE_POST,
}


def recipient_names(
    culture: Culture, person: Interviewer, company: Company, country: str
) -> list[str]:
    """Recipient lines above the address: name (with honorific), title, company.

    The culture says whether the honorific and title go on the envelope; the
    destination ``country``'s conventions say in which language and order
    (:func:`cardgen.layout.addressing.name_lines`).
    """
    honorific = person.honorific if culture.envelope_honorific else ""
    title = person.title if culture.envelope_title else ""
    try:
        return name_lines(person.name, honorific, title, company.name, country)
    except AddressError:  # an unknown country: compose_envelope names it
        lines = (" ".join(addressee(person.name, honorific, "en")).strip(), title, company.name)
        return [line for line in lines if line]


def postal_rule(country: str, sender_country: str | None = None) -> PostalRule:
    """The placement rule for mail to ``country`` (ISO alpha-2) from ``sender_country``.

    Mail leaving the US is read first by the USPS's machines, so a block for
    abroad keeps inside the USPS read area as well as the destination's zone
    (the tighter of each limit; the destination's preferred placement).
    """
    rule = RULES.get(country.strip().upper(), _DEFAULT)
    sender = (sender_country or "").strip().upper()
    if RULES.get(sender) is _USPS and rule is not _USPS:
        tops = [t for t in (rule.top_max, _USPS.top_max) if t is not None]
        rule = PostalRule(
            f"{rule.name} and the {_USPS.name}",
            left=max(rule.left, _USPS.left),
            right=max(rule.right, _USPS.right),
            bottom=max(rule.bottom, _USPS.bottom),
            top_clear=max(rule.top_clear, _USPS.top_clear),
            top_max=min(tops) if tops else None,
            middle=rule.middle,
            lean=rule.lean,
        )
    return rule


def recipient_area(layout: EnvelopeLayout, country: str, sender_country: str | None = None) -> Zone:
    """The layout's recipient zone narrowed by the postal rule for this mail."""
    rule = postal_rule(country, sender_country)
    z = layout.recipient
    x0 = max(z.x, rule.left)
    x1 = min(z.right, layout.width - rule.right)
    y0 = max(z.y, rule.bottom)
    y1 = min(z.top, layout.height - rule.top_clear)
    if rule.top_max is not None:
        y1 = min(y1, rule.top_max)
    return Zone(x0, y0, max(0.0, x1 - x0), max(0.0, y1 - y0))


class Written(msgspec.Struct, frozen=True):
    """One handwritten block (recipient or return address), placed on a page.

    ``box`` is the block's extent on the page including how far the hand may
    stray (points, origin bottom left); every glyph lies inside it.
    """

    role: str  # "recipient" or "return"
    lines: tuple[str, ...]
    size: float  # nominal pt; each glyph's own size varies a little around it
    glyphs: tuple[Glyph, ...]
    runs: tuple[TextRun, ...]  # the lines as invisible text, for search and copying
    box: Zone
    fit: Fit | None = None  # the lines as laid out, before the hand
    origin: tuple[float, float] = (0.0, 0.0)  # the laid-out block's top-left (pt)


class EnvelopePage(msgspec.Struct, frozen=True):
    """One printed side: ``front`` (the face) or ``back`` (the flap side)."""

    side: str
    blocks: tuple[Written, ...]
    stamp: Zone | None  # draw the dashed stamp guide here


class EnvelopeArt(msgspec.Struct, frozen=True):
    """One composed envelope: everything needed to draw it, in points."""

    layout: EnvelopeLayout
    font: FontSet
    country: str  # the destination
    rule: PostalRule
    area: Zone  # where the recipient block was allowed to go
    recipient: Written
    sender: Written | None  # None: no return address
    return_on_flap: bool
    stamp_box: bool

    @property
    def width(self) -> float:
        """Page width (pt): the envelope, landscape."""
        return self.layout.width

    @property
    def height(self) -> float:
        """Page height (pt)."""
        return self.layout.height

    @property
    def pages(self) -> tuple[EnvelopePage, ...]:
        """The front, then the back when the return address is on the flap."""
        stamp = self.layout.stamp if self.stamp_box else None
        if self.sender is None:
            return (EnvelopePage("front", (self.recipient,), stamp),)
        if self.return_on_flap:
            return (
                EnvelopePage("front", (self.recipient,), stamp),
                EnvelopePage("back", (self.sender,), None),
            )
        return (EnvelopePage("front", (self.sender, self.recipient), stamp),)

    def marks(self, page: EnvelopePage, mode: str = "print") -> tuple[Mark, ...]:
        """One side as marks (pt, origin bottom left): the stamp guide, then the
        writing and its text ("print"), or faint guides where each line goes ("guide")."""
        out: list[Mark] = []
        if page.stamp is not None:
            z = page.stamp
            corners = ((z.x, z.y), (z.right, z.y), (z.right, z.top), (z.x, z.top))
            grey = Grey(STAMP_GREY)
            out.append(Stroke(corners, STAMP_WIDTH, grey, STAMP_DASH, closed=True, pen=None))
        for block in page.blocks:
            if mode == "guide":
                if block.fit is not None:
                    out += guide_marks(rules(block.fit, block.origin, self.font.x_height))
                continue
            pen = ADDRESS if block.role == "recipient" else FLAP if page.side == "back" else RETURN
            out.append(Writing(block.glyphs, pen))
        if mode != "guide":
            runs = tuple(r for block in page.blocks for r in block.runs)
            out.append(Text(runs, {"body": self.font}))
        return tuple(out)


STAMP_GREY = 0.82  # the stamp guide: very light, so it vanishes under a stamp
STAMP_WIDTH = 0.5  # pt
STAMP_DASH = (3.0, 2.5)  # pt on, pt off


# -- fitting -------------------------------------------------------------------


def _layout_lines(lines: Sequence[str], size: float, font: FontSet) -> Fit:
    """The block at ``size``: one line per address line, never wrapped."""
    out = []
    for i, text in enumerate(lines):
        baseline = (font.ascent + i * PITCH) * size  # below the block's top
        out.append(Line(text, "body", 0.0, baseline, font.width(text) * size, size))
    width = max(line.width for line in out)
    height = (font.ascent + (len(lines) - 1) * PITCH - font.descent) * size
    return Fit(size=size, lines=tuple(out), width=width, height=height, words=0)


def _stray(size: float, font: FontSet) -> tuple[float, float]:
    """How far (pt) the hand may stray beyond the laid-out block, across and down."""
    return allowance(ENVELOPE_HAND, size)


def _fits(fit: Fit, zone: Zone, font: FontSet, start: float | None = None) -> bool:
    """True when the block, with its stray, fits ``zone`` (starting at ``start``, if given)."""
    ax, ay = _stray(fit.size, font)
    if fit.height + 2 * ay > zone.height:
        return False
    if start is None:
        return fit.width + 2 * ax <= zone.width
    return zone.x + ax <= start and start + fit.width + ax <= zone.right


def _largest(
    lines: Sequence[str],
    font: FontSet,
    zone: Zone,
    hi: float,
    lo: float,
    start: float | None = None,
) -> Fit | None:
    """The block at the largest size on the :data:`STEP` grid in [lo, hi] that fits."""
    n = math.floor((hi - lo) / STEP + 1e-9)
    for i in range(n, -1, -1):
        fit = _layout_lines(lines, lo + i * STEP, font)
        if _fits(fit, zone, font, start):
            return fit
    return None


def _written(
    role: str, fit: Fit, left: float, top: float, font: FontSet, rng: random.Random
) -> Written:
    glyphs, runs, _ = place(fit, left, top, {"body": font}, ENVELOPE_HAND, rng)
    ax, ay = _stray(fit.size, font)
    box = Zone(left - ax, top - fit.height - ay, fit.width + 2 * ax, fit.height + 2 * ay)
    lines = tuple(ln.text for ln in fit.lines)
    return Written(role, lines, fit.size, tuple(glyphs), tuple(runs), box, fit, (left, top))


# -- composing -----------------------------------------------------------------


def compose_envelope(
    *,
    recipient_name_lines: list[str],
    address: Address,
    sender_name: str,
    sender_address: Address | None,
    layout: EnvelopeLayout,
    hand_font: FontSet,
    seed: int,
    stamp_box: bool = False,
    return_on_flap: bool = False,
    where: str = "",
    sender_where: str = "",
    alternatives: Sequence[EnvelopeLayout] = (),
    address_style: str = "written",
) -> EnvelopeArt:
    """Compose one envelope.

    Args:
        recipient_name_lines: the lines above the address (name, title, company).
        address: the destination; its country picks the format and placement.
        sender_name: the candidate's name, first line of the return address.
        sender_address: the candidate's address; None: no return address.
        layout: the envelope.
        hand_font: the neat print hand (Patrick Hand).
        seed: this envelope's own seed; the same seed gives the same glyphs.
        stamp_box: mark the stamp corner with a faint dashed guide.
        return_on_flap: the return address on the back flap (a second page), not the face.
        where: the start of every error message (``"hartwell.yaml:40: interviewers[2].address"``).
        sender_where: the same for the return address (``"hartwell.yaml:5"``,
            where ``candidate.address`` is written); ``where`` when not given.
        alternatives: the envelopes the card also fits, suggested when the address is too long.
        address_style: ``written`` or ``postal`` (the destination's machine
            style where it has one: USPS Publication 28 for the US).

    Raises:
        CardgenError: an address the destination's (or the sender's) post rejects, naming
            the field; a character no shipped font has; or a block too big at the smallest size.
    """
    at = f"{where}: " if where else ""
    lines, sender_lines = _address_lines(
        recipient_name_lines,
        address,
        sender_name,
        sender_address,
        hand_font,
        (where, sender_where or where),
        address_style,
    )
    country = address.country.strip().upper()
    sender_country = sender_address.country if sender_address is not None else None
    rule = postal_rule(country, sender_country)
    area = recipient_area(layout, country, sender_country)
    rng = random.Random(seed)
    recipient = _recipient_block(
        lines, hand_font, layout, (country, sender_country), area, rng, at, alternatives
    )
    sender = None
    if sender_lines:
        sender = _sender_block(
            sender_lines,
            (sender_name, sender_address),
            hand_font,
            layout,
            recipient.size,
            rng,
            at,
            on_flap=return_on_flap,
        )
    return EnvelopeArt(
        layout=layout,
        font=hand_font,
        country=country,
        rule=rule,
        area=area,
        recipient=recipient,
        sender=sender,
        return_on_flap=return_on_flap and sender is not None,
        stamp_box=stamp_box,
    )


def _sender_block(
    sender_lines: list[str],
    sender: tuple[str, Address | None],
    hand_font: FontSet,
    layout: EnvelopeLayout,
    recipient_size: float,
    rng: random.Random,
    at: str,
    *,
    on_flap: bool,
) -> Written:
    """The return address: smaller than the recipient's, top left or centred on the flap."""
    zone = layout.flap if on_flap else layout.sender
    target = max(RETURN_MIN, math.floor(RETURN_RATIO * recipient_size / STEP) * STEP)
    small = _largest(sender_lines, hand_font, zone, target, RETURN_MIN)
    if small is None:
        widest = max(sender_lines, key=hand_font.width)
        place_name = "back flap" if on_flap else "return-address corner"
        key = _return_key(widest, *sender)
        raise CardgenError(
            f"{at}return address: '{widest}' does not fit the {layout.name} envelope's "
            f"{place_name} even at {RETURN_MIN:g} pt; shorten {key} or "
            "use a larger envelope"
        )
    sx, sy = _stray(small.size, hand_font)
    if on_flap:  # centred on the flap
        s_left = zone.x + (zone.width - small.width) / 2
        s_top = zone.top - (zone.height - small.height) / 2
    else:  # top left
        s_left = zone.x + sx
        s_top = zone.top - sy
    return _written("return", small, s_left, s_top, hand_font, rng)


def _address_lines(
    name_lines: list[str],
    address: Address,
    sender_name: str,
    sender_address: Address | None,
    font: FontSet,
    wheres: tuple[str, str],
    style: str,
) -> tuple[list[str], list[str]]:
    """The recipient's lines and the return address's, formatted and checked.

    ``wheres``: where the recipient's address and the return address are written.
    """
    where, sender_where = wheres
    at = f"{where}: " if where else ""
    sender_country = sender_address.country if sender_address is not None else None
    names = [" ".join(line.split()) for line in name_lines]
    try:
        lines = recipient_lines(address, names, sender_country=sender_country, style=style)
    except AddressError as exc:
        raise CardgenError(f"{at}{exc.field}: {exc.reason}") from None
    if not lines:
        raise CardgenError(f"{at}the envelope has no recipient lines")
    sender_lines: list[str] = []
    if sender_address is not None:
        try:
            sender_lines = return_lines(sender_address, " ".join(sender_name.split()))
            if sender_address.country.strip().upper() != address.country.strip().upper():
                # Mail that comes back from abroad needs the way home.
                sender_lines.append(country_name(sender_address.country))
        except AddressError as exc:
            sender_at = f"{sender_where}: " if sender_where else ""
            raise CardgenError(
                f"{sender_at}return address: candidate.address.{exc.field}: {exc.reason}"
            ) from None
    font.check("\n".join(lines), where or "envelope")
    if sender_lines:
        font.check("\n".join(sender_lines), f"{where or 'envelope'} (return address)")
    return lines, sender_lines


def _recipient_block(
    lines: list[str],
    font: FontSet,
    layout: EnvelopeLayout,
    route: tuple[str, str | None],
    area: Zone,
    rng: random.Random,
    at: str,
    alternatives: Sequence[EnvelopeLayout],
) -> Written:
    """The recipient block at the largest size that fits, placed by the post's rule.

    ``route``: the destination and the sender's country (None: unknown).
    """
    rule = postal_rule(*route)
    start = min(max(layout.recipient_start, area.x), area.right)
    # Keep the block's start down to a comfortable size; below that, move the
    # block left (never past the area) rather than shrink it further.
    fit = _largest(lines, font, area, RECIPIENT_MAX, RECIPIENT_KEEP_START, start)
    if fit is None:
        fit = _largest(lines, font, area, RECIPIENT_KEEP_START, RECIPIENT_MIN)
    if fit is None:
        raise CardgenError(at + _too_big(lines, font, layout, route, area, alternatives))
    ax, ay = _stray(fit.size, font)
    # Left-aligned, starting right of centre; a long line moves it left.
    rightmost = area.right - ax - fit.width
    left = max(area.x + ax, min(start, rightmost))
    if rightmost > left:
        left += rule.lean * (rightmost - left)
    # Centred on the rule's preferred height, kept inside the area.
    top = layout.height * rule.middle + fit.height / 2
    top = max(area.y + ay + fit.height, min(top, area.top - ay))
    return _written("recipient", fit, left, top, font, rng)


def _return_key(line: str, name: str, address: Address | None) -> str:
    """The candidate's field a return-address line comes from, for messages."""
    if " ".join(line.split()) == " ".join(name.split()):
        return "candidate.name"
    if address is not None:
        for key in ("street", "city", "postal_code", "region"):
            value = getattr(address, key)
            if value and value.casefold() in line.casefold():
                return f"candidate.address.{key}"
    return "candidate.address"


def _too_big(
    lines: Sequence[str],
    font: FontSet,
    layout: EnvelopeLayout,
    route: tuple[str, str | None],
    area: Zone,
    alternatives: Sequence[EnvelopeLayout],
) -> str:
    """Why the recipient block does not fit, and which envelope would hold it."""
    fit = _layout_lines(lines, RECIPIENT_MIN, font)
    ax, ay = _stray(RECIPIENT_MIN, font)
    size = f"{RECIPIENT_MIN:g} pt"
    if fit.width + 2 * ax > area.width:
        widest = max(lines, key=font.width)
        why = (
            f"its longest line, '{widest}', is {(fit.width + 2 * ax) / INCH:.2f} in wide at "
            f"{size} and the address area is {area.width / INCH:.2f} in wide"
        )
    else:
        why = (
            f"its {len(lines)} lines need {(fit.height + 2 * ay) / INCH:.2f} in at {size} "
            f"and the address area is {area.height / INCH:.2f} in tall"
        )
    msg = f"the address does not fit the {layout.name} envelope: {why}"
    bigger = _larger_envelope(lines, font, layout, route, alternatives)
    if bigger:
        return msg + f"; use a larger envelope such as {bigger} (--envelope {bigger})"
    return msg + "; shorten the longest line (e.g. abbreviate Street, Suite)"


def _larger_envelope(
    lines: Sequence[str],
    font: FontSet,
    layout: EnvelopeLayout,
    route: tuple[str, str | None],
    alternatives: Sequence[EnvelopeLayout],
) -> str | None:
    """The smallest of ``alternatives`` larger than ``layout`` that holds the block."""
    area = layout.width * layout.height
    others = sorted(
        (e for e in alternatives if e.width * e.height > area),
        key=lambda e: (e.iso != layout.iso, e.width * e.height),
    )
    for other in others:
        if _fits(_layout_lines(lines, RECIPIENT_MIN, font), recipient_area(other, *route), font):
            return other.name
    return None
