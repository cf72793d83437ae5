"""Model stage: plain, immutable data that every later stage reads.

Nothing here parses files or draws; :mod:`cardgen.input.config` builds these objects
from YAML and the layout, render and mail stages consume them. All lengths are
in PostScript points (1 in = 72 pt, 1 mm = 72 / 25.4 pt).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

import msgspec

# The choices of a fixed set live apart, for the CLI to load without the records.
from cardgen.choices import AddressStyle, Mode, Neatness, Paper

__all__ = [
    "Address",
    "AddressStyle",
    "Candidate",
    "CardLayout",
    "Company",
    "Culture",
    "EnvelopeFeed",
    "EnvelopeLayout",
    "FontInfo",
    "Formulas",
    "InkPen",
    "Interview",
    "Interviewer",
    "Mode",
    "Neatness",
    "Paper",
    "Printer",
    "StrokeFont",
    "StrokeGlyph",
    "Style",
    "Zone",
]


class FontInfo(msgspec.Struct, frozen=True):
    """One font: a shipped hand or a user's own TrueType file, with its bytes."""

    name: str  # catalogue name, or "user-<stem>"
    path: Path
    family: str
    role: str
    suits: str
    scale: float  # multiplies a layout's size range
    licence: str = ""
    data: bytes = b""  # the file, read once
    # its glyphs' outlines converted ahead (fonts/precomputed; layout.shaping.pack_outlines)
    outlines: bytes = b""


class StrokeGlyph(msgspec.Struct, frozen=True):
    """One letter of a single-line font: pen strokes (polylines, em, y up) and its advance."""

    advance: float  # em
    strokes: tuple[tuple[tuple[float, float], ...], ...]


class StrokeFont(msgspec.Struct, frozen=True, eq=False):
    """A single-line (stroke) font for a pen plotter: each letter as pen strokes.

    ``kerning`` maps a pair of characters to an adjustment of the first one's
    advance (em).
    """

    name: str
    path: Path
    glyphs: Mapping[str, StrokeGlyph]  # read as they are used
    kerning: dict[tuple[str, str], float]
    ascent: float  # em
    descent: float  # em, negative
    x_height: float  # em
    cap_height: float  # em
    licence: str = ""
    joined: bool = False  # a joined script: accents placed by each letter's strokes
    scale: float = 1.0  # a layout's font sizes times this (fonts.yaml), as for a TrueType hand
    upright: float = 0.0  # degrees the writing stands more upright than the font's letters
    # a captured hand (`cardgen hand add`): each letter's other samples, and the
    # characters it lacks, drawn by the print hand
    variants: Mapping[str, tuple[StrokeGlyph, ...]] = msgspec.field(default_factory=dict)
    borrowed: frozenset[str] = frozenset()
    # a shipped hand's letters put in pen order ahead (fonts/precomputed), one blob a
    # letter (layout.penorder.pack_letter), used when made from the very same letter
    pen_letters: Mapping[str, bytes] = msgspec.field(default_factory=dict)


class InkPen(msgspec.Struct, frozen=True):
    """A pen as data: how wide its line is and how that width and the ink vary.

    Widths are fractions of ``width_mm`` (the nominal line). ``swell``: how much
    wider the line grows on slow parts (tight curves) and downstrokes; ``lift``:
    the width left at a stroke's end, tapered over ``tail_mm``, where the pen
    lifts; ``blob``: extra radius where the pen lands, a fraction of the width
    (0: none). ``nib_angle_deg`` makes it a broad (fountain) nib: the width is
    the nib's ``width_mm`` times |sin| of the stroke's direction against that
    angle, never below ``nib_min`` of it. ``opacity`` is the ink's mean alpha and
    ``tone`` how far it drifts from it along the writing.
    """

    name: str
    width_mm: float
    swell: float = 0.2
    lift: float = 0.75
    tail_mm: float = 0.8
    blob: float = 0.0
    nib_angle_deg: float | None = None
    nib_min: float = 0.4
    opacity: float = 0.9
    tone: float = 0.05
    source: str = ""  # the pens file it came from, for messages
    line: int | None = None  # its line there


class EnvelopeFeed(msgspec.Struct, frozen=True):
    """How a printer takes an envelope.

    ``paper`` is the page size the printer is told (the envelope's own, or
    Letter/A4 with the envelope lying on it); ``align`` where the envelope
    sits across the tray; ``first`` which edge of the envelope (as you read the
    address) goes in first; ``face`` whether the address side faces up or down
    in the tray (an instruction only: it does not change the PDF).
    """

    paper: str = "envelope"
    align: str = "center"
    first: str = "top"
    face: str = "up"


class Printer(msgspec.Struct, frozen=True):
    """How one printer misplaces the page, measured on ``cardgen calibrate``'s test page.

    ``dx``: how far (pt) it prints to the right of where it should; ``dy``:
    how far down; ``back_*`` the same on the back of a two-sided sheet;
    ``scale``: the size it prints at (0.995 = 99.5 %). cardgen moves and scales
    every print sheet and envelope the other way.
    """

    name: str = "default"
    dx: float = 0.0
    dy: float = 0.0
    back_dx: float = 0.0
    back_dy: float = 0.0
    scale: float = 1.0
    feed: EnvelopeFeed = msgspec.field(default_factory=EnvelopeFeed)

    @property
    def calibrated(self) -> bool:
        """Whether it changes anything at all."""
        return (self.dx, self.dy, self.back_dx, self.back_dy, self.scale) != (0, 0, 0, 0, 1)


class Address(msgspec.Struct, frozen=True):
    """A postal address as the interview file gives it.

    ``country`` is an ISO 3166-1 alpha-2 code, upper case (``US``, ``DE``).
    """

    street: str
    city: str
    country: str
    postal_code: str = ""
    region: str = ""
    line: int | None = None  # line in the source file, for error messages


class Candidate(msgspec.Struct, frozen=True):
    """The person who writes the notes."""

    name: str
    email: str
    phone: str = ""
    address: Address | None = None
    signature: Path | None = None  # a scanned PNG/JPG, resolved against the file
    signature_data: bytes = b""  # its bytes, read once


class Company(msgspec.Struct, frozen=True):
    """The employer."""

    name: str
    culture: str | None = None
    address: Address | None = None


class Interviewer(msgspec.Struct, frozen=True):
    """One person the candidate met, and the note written to them."""

    name: str
    note: str
    title: str = ""
    honorific: str = ""
    email: str = ""
    address: Address | None = None  # None: use the company's
    email_note: str = ""  # empty: use ``note``
    language: str = ""  # an IETF tag ("de", "en-GB"); "" means the interview's, else detected
    line: int | None = None  # line of the entry in the source file
    note_start: tuple[int, int] | None = None  # (line, column) of the note's text in the file

    @property
    def first_name(self) -> str:
        """The given name: the first word of ``name`` past its titles (``Dr. Jürgen
        Weiß``: Jürgen; titles end in a dot; :mod:`cardgen.names` takes names apart
        in full)."""
        words = self.name.split()
        return next((w for w in words[:-1] if not w.endswith(".")), words[0])

    @property
    def surname(self) -> str:
        """The family name: the last word of ``name``."""
        return self.name.split()[-1]

    @property
    def email_text(self) -> str:
        """The body used for the email: ``email_note`` if given, else ``note``."""
        return self.email_note or self.note


class Style(msgspec.Struct, frozen=True):
    """Per-file choices that override the culture's defaults."""

    card: str | None = None
    envelope: str | None = None
    font: str | None = None
    ink: str | None = None
    pen: str | None = None  # the pen a pen hand's ink is drawn with (pens.yaml)
    paper: str | None = None  # "letter" or "a4"
    stock: str | None = None  # card stock colour name or #rrggbb


class Interview(msgspec.Struct, frozen=True):
    """Everything one interview file says."""

    candidate: Candidate
    company: Company
    interviewers: tuple[Interviewer, ...]
    role: str = ""
    date: dt.date | None = None
    time: dt.time | None = None
    timezone: str = ""  # an IANA name ("Europe/Berlin"); "" means the local wall clock
    style: Style = msgspec.field(default_factory=Style)
    source: Path | None = None  # the file it came from, for messages
    lines: dict[str, int] = msgspec.field(default_factory=dict)  # key path → line, for messages
    label: str = ""  # how messages name a source that is not a file (--text)
    language: str = ""  # an IETF tag for every note ("de"); "" means each note's own

    @property
    def source_name(self) -> str:
        """How messages name the input: the file's name, or ``<text>``."""
        return self.source.name if self.source else (self.label or "<command line>")

    def locate(self, key: str) -> tuple[str | None, int | None]:
        """(file name, line) of ``key`` ("company.culture", "style.ink"), if from a file."""
        if self.source is None:
            return None, None
        return self.source.name, self.lines.get(key)

    def address_for(self, person: Interviewer) -> Address | None:
        """The mailing address for ``person``: theirs, else the company's."""
        return person.address or self.company.address


class Formulas(msgspec.Struct, frozen=True):
    """One language's letter formulas at one formality (``layouts/languages.yaml``).

    The templates are filled by :mod:`cardgen.textrules` (``salutation``,
    ``closing``, ``subject``); ``honorifics`` maps the file's English honorific
    (``Mr.``) to this language's word (``Herr``), ``titles`` says where academic
    titles go (``after``, ``replace``, ``vocative``, ``drop``) and
    ``title_words`` gives a title's (man, woman) words here; ``vocative`` is
    ``surname`` where the surname takes the vocative (Czech).
    """

    tag: str
    subject: str
    subject_no_role: str
    salutation: str
    salutation_man: str
    salutation_woman: str
    salutation_unknown: str
    closing: str
    honorifics: Mapping[str, str] = msgspec.field(default_factory=dict)
    titles: str = "replace"
    title_words: Mapping[str, tuple[str, str]] = msgspec.field(default_factory=dict)
    vocative: str = ""
    address_unknown: str = ""  # how the closing names a reader of unknown gender


class Culture(msgspec.Struct, frozen=True):
    """A company-culture profile from ``layouts/cultures.yaml``."""

    name: str
    description: str
    aliases: tuple[str, ...]
    mails_card: bool  # True: card + envelope by default
    # American English, the default language (``languages["en-US"]`` holds the same):
    salutation: str  # format string: {honorific} {first} {surname} {name}
    salutation_fallback: str  # used when the interviewer has no honorific
    closing: str
    subject: str  # format string: {role} {company}
    card_layout_letter: str  # default card on Letter paper
    card_layout_a4: str  # default card on A4 paper
    font: str
    ink: str
    stock: str  # card stock colour, a name from cultures.yaml's palette
    mail_after_days: int  # days after the email that the card goes out
    envelope_title: bool  # put the interviewer's title on the envelope
    envelope_honorific: bool
    source: str = ""  # the cultures file it came from, for messages
    lines: dict[str, int] = msgspec.field(default_factory=dict)  # key → line there
    formality: str = "standard"  # formal, standard or casual: which formulas it writes
    # Each language's formulas at this formality, by tag ("en-US", "de", "pt-BR"),
    # the cultures file's own overrides applied; empty: English from the fields above.
    languages: Mapping[str, Formulas] = msgspec.field(default_factory=dict)

    def locate(self, key: str) -> tuple[str, int | None]:
        """(file name, line) of this profile's ``key`` ("font", "ink"), for messages."""
        return self.source, self.lines.get(key)


class Zone(msgspec.Struct, frozen=True):
    """An axis-aligned rectangle in points, origin at the bottom left."""

    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        """x of the right edge."""
        return self.x + self.width

    @property
    def top(self) -> float:
        """y of the top edge."""
        return self.y + self.height

    def inset(self, d: float) -> Zone:
        """This zone shrunk by ``d`` points on every side."""
        return Zone(self.x + d, self.y + d, self.width - 2 * d, self.height - 2 * d)

    def contains(self, other: Zone, tol: float = 0.01) -> bool:
        """True when ``other`` lies entirely inside this zone."""
        return (
            other.x >= self.x - tol
            and other.y >= self.y - tol
            and other.right <= self.right + tol
            and other.top <= self.top + tol
        )


class CardLayout(msgspec.Struct, frozen=True):
    """A card layout from ``layouts/cards/*.yaml``.

    ``width``/``height`` are the folded (finished) size; ``flat_width``/
    ``flat_height`` the printed sheet of card before folding.
    """

    name: str
    description: str
    width: float
    height: float
    flat_width: float
    flat_height: float
    fold: str  # "none", "half" or "quarter"
    safe_margin: float
    font_min: float  # pt
    font_max: float  # pt
    paper: str  # "letter" or "a4": the sheet it imposes on
    envelope: str
    iso: bool
    source: Path | None = None


class EnvelopeLayout(msgspec.Struct, frozen=True):
    """An envelope from ``layouts/envelopes.yaml``, landscape: width > height.

    The zones are on the envelope's face (``flap`` on its back), in points with
    the origin at the bottom left of the landscape envelope. ``recipient`` is
    the area the recipient block may use (a destination's postal rules may
    narrow it further); a block that fits starts ``recipient_start`` pt from
    the left edge and moves left only as far as a long line needs.
    """

    name: str
    description: str
    width: float
    height: float
    iso: bool
    recipient: Zone
    recipient_start: float  # pt from the left edge
    sender: Zone  # the return address, top left of the face
    stamp: Zone  # kept empty for the stamp, top right
    flap: Zone  # the return address on the back, when written on the flap
