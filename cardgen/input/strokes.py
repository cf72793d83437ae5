"""Input stage: the shipped single-line fonts (the hands a pen draws with).

Each is an SVG font (``fonts/fonts.yaml``, section ``strokes``): a glyph is a
path of open strokes in font units (y up). Its path data is read here, with
no optional dependency (the commands M L H V C S Q T Z, absolute and
relative), and flattened into polylines fine enough that the hand's bending
follows them (no piece longer than :data:`STEP_EM`). Kerning pairs
(``<hkern>``) are kept. Each font is read once per run.

``relief-singleline`` is the print hand (Relief SingleLine, what ``--mode
plot`` writes with); ``ems-allure`` the joined cursive hand (EMS Allure).
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path

import msgspec

from cardgen.errors import CardgenError
from cardgen.input.files import read_limited
from cardgen.input.fonts import font_catalogue, fonts_file, resolve_font
from cardgen.model import FontInfo, StrokeFont, StrokeGlyph
from cardgen.resources import fonts_dir

__all__ = [
    "CURSIVE_HAND",
    "PLOT_EXTRA",
    "PRINT_HAND",
    "STEP_EM",
    "STROKE_FONT",
    "StrokeHand",
    "parse_stroke_font",
    "path_polylines",
    "resolve_hand",
    "stroke_catalogue",
    "stroke_font",
    "stroke_font_data",
    "stroke_font_packed",
]

PRINT_HAND = "relief-singleline"  # Relief SingleLine: upright print letters
CURSIVE_HAND = "ems-allure"  # EMS Allure: a joined script
STROKE_FONT = "ReliefSingleLineSVG-Regular.svg"  # the print hand's file
STEP_EM = 0.03  # the longest straight piece a curve is cut into (em)
MIN_STROKE_EM = 0.01  # shorter strokes are a font's cap markers, not letters: dropped
MAX_STROKE_FONT_BYTES = 2_000_000  # the shipped ones are 65 KB and 600 KB
PLOT_EXTRA = "pip install 'cardgen[plot]'"
_SVG = "{http://www.w3.org/2000/svg}"

Point = tuple[float, float]


def need_plot_extra(what: str) -> CardgenError:
    """The error for a plotter feature without the ``plot`` extra installed."""
    return CardgenError(f"{what} needs the plot extra (vpype): {PLOT_EXTRA}")


# -- path data --------------------------------------------------------------------
_TOKEN = re.compile(r"[A-Za-z]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_ARITY = {"M": 2, "L": 2, "H": 1, "V": 1, "C": 6, "S": 4, "Q": 4, "T": 2, "Z": 0}


def _commands(d: str) -> Iterator[tuple[str, list[float]]]:
    """Path data as (command, its numbers), one drawing command at a time.

    Repeated argument groups are split (``L 1 2 3 4`` is two lines; after a
    move they are lines, as SVG says).

    Raises:
        ValueError: a command this reader does not know (arcs), or stray numbers.
    """
    command = ""
    numbers: list[float] = []

    def flush() -> Iterator[tuple[str, list[float]]]:
        if not command:
            if numbers:
                raise ValueError("numbers before the first command")
            return
        arity = _ARITY[command.upper()]
        if arity == 0:
            if numbers:
                raise ValueError(f"numbers after {command}")
            yield command, []
            return
        if not numbers or len(numbers) % arity:
            raise ValueError(f"{command} with {len(numbers)} numbers")
        for i in range(0, len(numbers), arity):
            name = command
            if i and command in "Mm":
                name = "L" if command == "M" else "l"
            yield name, numbers[i : i + arity]

    for token in _TOKEN.findall(d):
        if token.isalpha():
            yield from flush()
            if token.upper() not in _ARITY:
                raise ValueError(f"path command {token!r} is not supported")
            command, numbers = token, []
        else:
            numbers.append(float(token))
    yield from flush()


def _cubic(p0: Point, p1: Point, p2: Point, p3: Point, t: float) -> Point:
    # The Bernstein form svgelements uses, term for term (the same floats).
    t3 = t * t * t
    n = 1 - t
    n3 = n * n * n
    t2n = t * t * n
    n2t = n * n * t
    return (
        n3 * p0[0] + 3 * (n2t * p1[0] + t2n * p2[0]) + t3 * p3[0],
        n3 * p0[1] + 3 * (n2t * p1[1] + t2n * p2[1]) + t3 * p3[1],
    )


def _quad(p0: Point, p1: Point, p2: Point, t: float) -> Point:
    n = 1 - t
    t2 = t * t
    n2 = n * n
    nt = n * t
    return (
        n2 * p0[0] + 2 * nt * p1[0] + t2 * p2[0],
        n2 * p0[1] + 2 * nt * p1[1] + t2 * p2[1],
    )


def path_polylines(d: str, step: float) -> list[list[Point]]:
    """SVG path data as polylines, curves cut into pieces of at most about ``step``.

    A curve's length is measured from eight samples; it is cut into
    ``ceil(length / step)`` equal steps of its parameter (at least two). A
    close (``Z``) draws back to the subpath's start.

    Raises:
        ValueError: path data this reader does not understand.
    """
    out: list[list[Point]] = []
    current: list[Point] = []
    here: Point = (0.0, 0.0)
    start: Point = (0.0, 0.0)
    smooth: Point | None = None  # the last curve's control point, reflected for S/T

    def curve(at) -> None:  # type: ignore[no-untyped-def]
        probe = [at(i / 8) for i in range(9)]
        length = sum(math.dist(a, b) for a, b in itertools.pairwise(probe))
        pieces = max(2, math.ceil(length / step))
        current.extend(at(i / pieces) for i in range(1, pieces + 1))

    for command, n in _commands(d):
        upper = command.upper()
        rel = command != upper
        ox, oy = here if rel else (0.0, 0.0)
        pts = [
            (ox + n[i], oy + n[i + 1]) if rel else (n[i], n[i + 1]) for i in range(0, len(n) - 1, 2)
        ]
        control: Point | None = None
        if upper == "M":
            if len(current) > 1:
                out.append(current)
            here = start = pts[0]
            current = [here]
        elif upper == "Z":
            if not current:
                current = [here]
            here = start
            current.append(here)
        else:
            if not current:
                current = [here]
            p0 = here
            reflected = (
                (p0[0] + (p0[0] - smooth[0]), p0[1] + (p0[1] - smooth[1]))
                if smooth is not None
                else p0
            )
            if upper == "L":
                here = pts[0]
                current.append(here)
            elif upper == "H":
                here = (ox + n[0] if rel else n[0], p0[1])
                current.append(here)
            elif upper == "V":
                here = (p0[0], oy + n[0] if rel else n[0])
                current.append(here)
            elif upper in "CS":
                c1, c2, end = (
                    (pts[0], pts[1], pts[2]) if upper == "C" else (reflected, pts[0], pts[1])
                )
                curve(lambda t, a=p0, b=c1, c=c2, e=end: _cubic(a, b, c, e, t))
                here, control = end, c2
            else:  # Q, T
                c1, end = (pts[0], pts[1]) if upper == "Q" else (reflected, pts[0])
                curve(lambda t, a=p0, b=c1, e=end: _quad(a, b, e, t))
                here, control = end, c1
        smooth = control
    if len(current) > 1:
        out.append(current)
    return out


def _strokes(d: str, upem: float, where: str) -> tuple[tuple[Point, ...], ...]:
    """A glyph's path data as polylines in em; strokes too short to be letters dropped."""
    try:
        polylines = path_polylines(d, STEP_EM * upem)
    except ValueError as exc:
        raise CardgenError(f"{where}: {exc}") from None
    strokes = []
    for stroke in polylines:
        length = sum(math.dist(a, b) for a, b in itertools.pairwise(stroke))
        if length >= MIN_STROKE_EM * upem:
            strokes.append(tuple((x / upem, y / upem) for x, y in stroke))
    return tuple(strokes)


class _Glyphs(Mapping[str, StrokeGlyph]):
    """A font's letters, each flattened from its path data the first time it is used
    (a card uses a few dozen of a font's hundreds)."""

    def __init__(self, raw: dict[str, tuple[float, str, str]], upem: float) -> None:
        self._raw = raw
        self._upem = upem
        self._done: dict[str, StrokeGlyph] = {}

    def __getitem__(self, ch: str) -> StrokeGlyph:
        glyph = self._done.get(ch)
        if glyph is None:
            advance, d, where = self._raw[ch]
            glyph = self._done[ch] = StrokeGlyph(advance, _strokes(d, self._upem, where))
        return glyph

    def __contains__(self, ch: object) -> bool:
        return ch in self._raw

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)


class StrokeHand(msgspec.Struct, frozen=True):
    """One shipped single-line hand as ``fonts.yaml`` lists it (not yet read)."""

    name: str
    path: Path
    family: str
    role: str
    suits: str
    licence: str
    joined: bool = False  # a joined script (its lowercase letters meet their neighbours)
    scale: float = 1.0  # a layout's font sizes times this: every hand at a similar size
    upright: float = 0.0  # degrees the writing stands more upright than the font draws it


@cache
def stroke_catalogue() -> dict[str, StrokeHand]:
    """The shipped single-line hands by name (``fonts.yaml``, section ``strokes``)."""
    folder = fonts_dir()
    m = fonts_file().mapping(("fonts", "fallback", "strokes"), required=("strokes",))
    out: dict[str, StrokeHand] = {}
    for name, node in m["strokes"].items():
        f = node.mapping(
            ("file", "licence", "family", "role", "suits", "joined", "scale", "upright"),
            ("file", "licence"),
        )
        out[name] = StrokeHand(
            name=name,
            path=folder / f["file"].text(),
            family=f["family"].text() if "family" in f else name,
            role=f["role"].text() if "role" in f else "",
            suits=f["suits"].text() if "suits" in f else "",
            licence=f["licence"].text(),
            joined=f["joined"].boolean() if "joined" in f else False,
            scale=f["scale"].number() if "scale" in f else 1.0,
            upright=f["upright"].number() if "upright" in f else 0.0,
        )
    return out


def resolve_hand(value: str) -> FontInfo | StrokeFont:
    """A shipped pen's hand by name (``fonts.yaml`` ``strokes``), a captured one
    (:mod:`cardgen.input.hands`), else a TrueType font
    (:func:`~cardgen.input.fonts.resolve_font`: a shipped hand or a ``.ttf`` file)."""
    key = value.strip().lower().replace(" ", "-")
    if key in stroke_catalogue():
        return stroke_font(key)
    from cardgen.input.hands import captured_hand, hand_path, name_ok

    if name_ok(key) and key not in font_catalogue() and hand_path(key).is_file():  # captured
        return captured_hand(key, stroke_font(PRINT_HAND))
    return resolve_font(value, tuple(stroke_catalogue()))


@cache
def stroke_font(name: str = PRINT_HAND) -> StrokeFont:
    """A shipped single-line hand (the print hand unless named), read once per run.

    Raises:
        CardgenError: no such hand, or its file is not an SVG font this reader knows.
    """
    return parse_stroke_font(name, stroke_font_data(name))


def stroke_font_data(name: str) -> bytes:
    """The file of the shipped single-line hand ``name``, as read (see :func:`stroke_font`:
    :func:`parse_stroke_font` makes the hand of it).

    Raises:
        CardgenError: no such hand, or its file cannot be read.
    """
    catalogue = stroke_catalogue()
    if name not in catalogue:
        raise CardgenError(f"no single-line hand {name!r}: choose one of {', '.join(catalogue)}")
    path = catalogue[name].path
    return read_limited(path, MAX_STROKE_FONT_BYTES, str(path))


def parse_stroke_font(name: str, data: bytes, packed: bytes | None = None) -> StrokeFont:
    """The shipped single-line hand ``name`` from its file's bytes ``data``.

    Taken from ``packed`` (:func:`stroke_font_packed`; None: read it here) when that
    was parsed ahead from these very bytes (:func:`pack_stroke_font`), with the letters
    put in pen order ahead, else parsed (and its letters put in order as they are used).

    Raises:
        CardgenError: its file is not an SVG font this reader knows.
    """
    info = stroke_catalogue()[name]
    path = info.path
    if packed is None:
        packed = stroke_font_packed(name)
    ahead = _unpacked(packed, data)
    parsed, letters = ahead or (_parsed(path, data), {})
    upem, raw, kerning, (ascent, descent, x_height, cap_height) = parsed
    glyphs = _Glyphs(raw, upem)
    return StrokeFont(
        name=name,
        path=path,
        glyphs=glyphs,
        kerning=kerning,
        ascent=ascent,
        descent=descent,
        x_height=x_height,
        cap_height=cap_height,
        licence=info.licence,
        joined=info.joined,
        scale=info.scale,
        upright=info.upright,
        pen_letters=letters,
    )


# What a stroke font's file says, parsed: units per em; each letter's (advance em, path
# data, where it is for messages); kerning pairs; ascent, descent, x- and cap height (em).
_Parsed = tuple[
    float,
    dict[str, tuple[float, str, str]],
    dict[tuple[str, str], float],
    tuple[float, float, float, float],
]


def _parsed(path: Path, data: bytes) -> _Parsed:
    """The SVG font in ``data`` (the file ``path``), parsed.

    Raises:
        CardgenError: not an SVG font this reader knows.
    """
    import html
    import xml.etree.ElementTree as ET

    root = ET.fromstring(data)
    font = root.find(f"{_SVG}defs/{_SVG}font")
    face = font.find(f"{_SVG}font-face") if font is not None else None
    if font is None or face is None:
        raise CardgenError(f"{path}: not an SVG font")
    upem = float(face.get("units-per-em", "1000"))
    default = float(font.get("horiz-adv-x", "500"))
    raw: dict[str, tuple[float, str, str]] = {}
    names: dict[str, str] = {}
    for g in font.iter(f"{_SVG}glyph"):
        text = html.unescape(g.get("unicode", ""))
        if len(text) != 1:
            continue  # ligatures and unnamed glyphs: letters are drawn one by one
        advance = float(g.get("horiz-adv-x", default)) / upem
        where = f"{path.name}: glyph {g.get('glyph-name') or text!r}"
        raw[text] = (advance, g.get("d", ""), where)
        names[g.get("glyph-name", "")] = text
    kerning: dict[tuple[str, str], float] = {}
    for k in font.iter(f"{_SVG}hkern"):
        firsts = [names[n] for n in k.get("g1", "").split(",") if n in names]
        firsts += [html.unescape(u) for u in k.get("u1", "").split(",") if u]
        seconds = [names[n] for n in k.get("g2", "").split(",") if n in names]
        seconds += [html.unescape(u) for u in k.get("u2", "").split(",") if u]
        value = -float(k.get("k", "0")) / upem  # SVG's k is subtracted from the advance
        for a in firsts:
            for b in seconds:
                kerning[(a, b)] = value
    heights = (
        float(face.get("ascent", "800")) / upem,
        float(face.get("descent", "-200")) / upem,
        float(face.get("x-height", "500")) / upem,
        float(face.get("cap-height", "700")) / upem,
    )
    return upem, raw, kerning, heights


# -- parsed ahead ---------------------------------------------------------------------
# A shipped stroke font parsed once, kept in ``fonts/precomputed/<font>.marshal`` (zlib)
# (``python tools/precompute.py``): a run loads it instead of parsing the SVG (its
# 17,574 kerning pairs, for Relief SingleLine). Used only when made from the same bytes.
# With it, its letters put in pen order (``StrokeFont.pen_letters``: a blob each, made
# and checked by the layout stage, unpacked only when a run writes the letter).

PACKED_FORMAT = 2  # bump when what _parsed returns, or what the file holds, changes


def _header(data: bytes) -> str:
    import hashlib
    import marshal

    return f"{PACKED_FORMAT} {hashlib.sha256(data).hexdigest()} {marshal.version}"


def _packed_path(path: Path) -> Path:
    return path.parent / "precomputed" / f"{path.stem}.marshal"


def pack_stroke_font(path: Path, data: bytes, letters: Mapping[str, bytes]) -> bytes:
    """The stroke font ``data`` (the file ``path``) parsed, with its ``letters`` put in
    pen order (:meth:`cardgen.layout.strokes.StrokeSet.packed_letters`), for
    ``fonts/precomputed``.

    Raises:
        CardgenError: not an SVG font this reader knows.
    """
    import marshal
    import zlib

    packed = (_header(data), _parsed(path, data), dict(letters))
    return zlib.compress(marshal.dumps(packed), 9)


def stroke_font_packed(name: str) -> bytes:
    """The shipped single-line hand ``name`` parsed ahead (``fonts/precomputed``), as
    read, or nothing (:func:`parse_stroke_font` checks it was made from the hand's file)."""
    try:
        return read_limited(_packed_path(stroke_catalogue()[name].path), MAX_STROKE_FONT_BYTES)
    except CardgenError:
        return b""


def _unpacked(packed: bytes, data: bytes) -> tuple[_Parsed, dict[str, bytes]] | None:
    """The font parsed ahead in ``packed``, and its letters put in pen order, if that
    was done from ``data`` (else None)."""
    import gc
    import marshal
    import zlib

    collecting = gc.isenabled()
    gc.disable()  # ~20,000 small objects at once: the collector would walk the heap for them
    try:
        header, parsed, letters = marshal.loads(zlib.decompress(packed))
    except (ValueError, EOFError, TypeError, zlib.error):
        return None
    finally:
        if collecting:
            gc.enable()
    return (parsed, letters) if header == _header(data) else None
