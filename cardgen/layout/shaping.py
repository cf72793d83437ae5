"""Layout stage: shape words with HarfBuzz and read glyph outlines with fontTools. Pure.

A word is shaped as a whole (kerning, ligatures, contextual and positional
forms), in the face that has its characters; alternate forms a font offers
(``salt``, ``ssNN``) can be asked for letter by letter, so repeated letters
need not take the same form. A glyph's outline comes from the font's ``glyf``
table as points in em, its quadratic curves merged into cubic ones (within
1/500 em), with a template of PDF path operators to write them with.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Sequence
from functools import cache, cached_property

import msgspec
import numpy as np

from cardgen.errors import quiet_fonttools
from cardgen.model import FontInfo

__all__ = [
    "Outline",
    "ShapedGlyph",
    "alternate_features",
    "glyph_of",
    "outline",
    "shape_run",
]

# Features HarfBuzz may use for alternate letter forms, when a font has them.
_ALTERNATES = ("salt", *(f"ss{i:02d}" for i in range(1, 21)))


class ShapedGlyph(msgspec.Struct, frozen=True):
    """One glyph of a shaped run, in em from the run's start (y up)."""

    gid: int
    cluster: int  # index of its first character in the run
    x: float  # pen position plus offset
    y: float  # offset from the baseline
    advance: float


class Outline(msgspec.Struct, frozen=True, eq=False):
    """A glyph's outline in em: points, how they join, and its contours.

    ``template`` holds one ``{}`` per coordinate, in the order of ``points``
    flattened (x, y, x, y …), with the path operators between (``m l c h``).
    """

    points: np.ndarray  # (n, 2) float, em
    normals: np.ndarray  # (n, 2): unit vectors pointing away from the ink, per point
    template: str
    contours: tuple[tuple[int, int], ...]  # (first, end) point index of each contour
    bounds: tuple[float, float, float, float]  # x0, y0, x1, y1 (em); zeros when empty


@cache
def _hb_font(info: FontInfo):  # type: ignore[no-untyped-def]
    import uharfbuzz as hb

    face = hb.Face(info.data)
    font = hb.Font(face)
    return font, face.upem


def _tools_font(info: FontInfo):  # type: ignore[no-untyped-def]
    return _tools_font_of(info.data)


@cache
def _tools_font_of(data: bytes):  # type: ignore[no-untyped-def]
    """The font in ``data``, parsed once per run whichever :class:`FontInfo` carries it."""
    import io

    from fontTools.ttLib import TTFont

    quiet_fonttools()
    return TTFont(io.BytesIO(data), lazy=True)


@cache
def _substitutions(data: bytes) -> frozenset[str]:
    """The tags of the ``GSUB`` table's FeatureList of the font in ``data``.

    Read from the table's bytes (its header's FeatureList offset, then a count
    and tag/offset records): fontTools' full GSUB parser costs a tenth of a
    second a run for the same list. A table too short for what it claims is
    left to fontTools.
    """
    font = _tools_font_of(data)
    if "GSUB" not in font:
        return frozenset()
    table = font.reader["GSUB"]
    if len(table) >= 10:
        (start,) = struct.unpack_from(">H", table, 6)
        if start == 0:
            return frozenset()
        if start + 2 <= len(table):
            (count,) = struct.unpack_from(">H", table, start)
            end = start + 2 + 6 * count
            if end <= len(table):
                return frozenset(
                    table[at : at + 4].decode("latin-1") for at in range(start + 2, end, 6)
                )
    feature_list = font["GSUB"].table.FeatureList
    if feature_list is None:
        return frozenset()
    return frozenset(str(r.FeatureTag) for r in feature_list.FeatureRecord)


def _feature_tags(info: FontInfo) -> frozenset[str]:
    """The ``GSUB`` feature tags of ``info``'s font: as read ahead for a shipped hand
    (:func:`pack_outlines`), else from its bytes (:func:`_substitutions`)."""
    packed = packed_font(info)
    if packed is not None and "features" in packed.arrays:
        return frozenset(packed.arrays["features"].tolist())
    return _substitutions(info.data)


@cache
def alternate_features(info: FontInfo) -> tuple[str, ...]:
    """The alternate-form features (``salt``, ``ss01`` …) ``info``'s font offers."""
    tags = _feature_tags(info)
    return tuple(t for t in _ALTERNATES if t in tags)


@cache
def _positional(info: FontInfo) -> tuple[bool, bool]:
    """Whether the font has word-initial (``init``) and word-final (``fina``) forms."""
    tags = _feature_tags(info)
    return "init" in tags, "fina" in tags


def shape_run(
    info: FontInfo,
    text: str,
    alternates: Sequence[tuple[str, int]] = (),
    *,
    word_start: bool = True,
    word_end: bool = True,
) -> tuple[tuple[ShapedGlyph, ...], float]:
    """Shape ``text`` (part of one word) in ``info``'s face.

    Args:
        alternates: (feature tag, character index) pairs: that letter takes that
            alternate form, where the font has one.
        word_start, word_end: the run begins or ends its word, so the first or
            last letter may take a positional (initial, final) form.

    Returns:
        The glyphs, and the run's advance width in em.
    """
    import uharfbuzz as hb

    font, upem = _hb_font(info)
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    features: dict[str, object] = {"kern": True, "liga": True, "calt": True}
    init, fina = _positional(info)
    if init and word_start:
        features["init"] = [(0, 1, 1)]
    if fina and word_end and len(text) > 1:
        features["fina"] = [(len(text) - 1, len(text), 1)]
    for tag, index in alternates:
        ranges = features.setdefault(tag, [])
        if isinstance(ranges, list):
            ranges.append((index, index + 1, 1))
    hb.shape(font, buf, features)
    out = []
    pen = 0.0
    for info_, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True):
        out.append(
            ShapedGlyph(
                gid=info_.codepoint,
                cluster=info_.cluster,
                x=(pen + pos.x_offset) / upem,
                y=pos.y_offset / upem,
                advance=pos.x_advance / upem,
            )
        )
        pen += pos.x_advance
    return tuple(out), pen / upem


# The longest a curve piece may be (em). The hand bends an outline by moving its
# points; a long piece of curve between them would not follow the bend, and a
# join that only touches in the font could open. Longer pieces are halved.
SEGMENT_EM = 0.3


def _split(p0, p1, p2, p3, longest: float):  # type: ignore[no-untyped-def]
    """A cubic Bézier cut in halves (de Casteljau) until each chord is ≤ ``longest``."""
    if math.dist(p0, p3) <= longest and math.dist(p0, p1) + math.dist(p2, p3) <= 2 * longest:
        return [(p1, p2, p3)]

    def mid(a, b):  # type: ignore[no-untyped-def]
        return ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)

    a, b, c = mid(p0, p1), mid(p1, p2), mid(p2, p3)
    d, e = mid(a, b), mid(b, c)
    m = mid(d, e)
    return _split(p0, a, d, m, longest) + _split(m, e, c, p3, longest)


class _Recorder:
    """A fontTools pen that records a glyph as cubic path segments (em)."""

    def __init__(self, glyph_set, scale: float) -> None:  # type: ignore[no-untyped-def]
        from fontTools.pens.basePen import BasePen

        recorder = self

        class Pen(BasePen):
            def _moveTo(self, pt):  # type: ignore[no-untyped-def]
                recorder._start(pt)

            def _lineTo(self, pt):  # type: ignore[no-untyped-def]
                recorder._add("l", pt)

            def _curveToOne(self, p1, p2, p3):  # type: ignore[no-untyped-def]
                recorder._add("c", p1, p2, p3)

            def _qCurveToOne(self, p1, p2):  # type: ignore[no-untyped-def]
                # A quadratic Bézier as the cubic it is: control points 2/3 of the way.
                p0 = self._getCurrentPoint()
                c1 = (p0[0] + 2 / 3 * (p1[0] - p0[0]), p0[1] + 2 / 3 * (p1[1] - p0[1]))
                c2 = (p2[0] + 2 / 3 * (p1[0] - p2[0]), p2[1] + 2 / 3 * (p1[1] - p2[1]))
                recorder._add("c", c1, c2, p2)

            def _closePath(self):  # type: ignore[no-untyped-def]
                recorder._close()

            def _endPath(self):  # type: ignore[no-untyped-def]
                recorder._close()

        self.pen = Pen(glyph_set)
        self.scale = scale
        self.longest = SEGMENT_EM / scale  # font units
        self.points: list[tuple[float, float]] = []
        self.ops: list[str] = []
        self.contours: list[tuple[int, int]] = []
        self._first = 0

    def _start(self, pt) -> None:  # type: ignore[no-untyped-def]
        self._first = len(self.points)
        self.points.append(pt)
        self.ops.append("{} {} m")

    def _add(self, op: str, *pts) -> None:  # type: ignore[no-untyped-def]
        if op == "c":
            p1, p2, p3 = pts
            for piece in _split(self.points[-1], p1, p2, p3, self.longest):
                self.points.extend(piece)
                self.ops.append("{} {} {} {} {} {} c")
            return
        self.points.extend(pts)
        self.ops.append(" ".join(["{} {}"] * len(pts)) + f" {op}")

    def _close(self) -> None:
        if len(self.points) > self._first:
            self.ops.append("h")
            self.contours.append((self._first, len(self.points)))
            self._first = len(self.points)


def glyph_of(info: FontInfo, ch: str) -> int | None:
    """The glyph id ``info``'s font maps ``ch`` to, or None."""
    packed = packed_font(info)
    if packed is not None:
        return packed.cmap.get(ord(ch))
    font = _tools_font(info)
    name = font.getBestCmap().get(ord(ch))
    return None if name is None else font.getGlyphID(name)


def outline(info: FontInfo, gid: int) -> Outline:
    """Glyph ``gid`` of ``info``'s font as an :class:`Outline` (em), read once per run.

    Cached on the font's bytes, not on ``info``: the same file under another
    name or scale (a figures face, a fallback, a user's copy of a shipped hand)
    is converted once. A shipped hand's outlines were converted ahead
    (``info.outlines``, see :func:`pack_outlines`); they are used when they were
    made from these very bytes with these settings, whichever fontTools runs now.
    """
    stored = packed_font(info)
    if stored is not None and gid < stored.count:
        found = _stored_outline(stored, gid)
        if found is not None:
            return found
    return _outline(info.data, gid)


@cache
def _outline(data: bytes, gid: int) -> Outline:
    units, upem, ops, contours = _recorded(data, gid)
    return _assembled(units / upem, " ".join(ops), tuple(contours))


def _recorded(data: bytes, gid: int) -> tuple[np.ndarray, int, list[str], list[tuple[int, int]]]:
    """Glyph ``gid`` of the font in ``data`` as recorded from fontTools: its points
    in font units, the font's units per em, the path operators and the contours."""
    from fontTools.pens.qu2cuPen import Qu2CuPen

    font = _tools_font_of(data)
    name = font.getGlyphOrder()[gid]
    upem = font["head"].unitsPerEm
    glyph_set = font.getGlyphSet()
    recorder = _Recorder(glyph_set, 1 / upem)
    try:
        # TrueType's many short quadratic pieces, merged into a few cubic curves
        # within 1/500 em (0.01 mm at 14 pt): less than half the points to write.
        glyph_set[name].draw(Qu2CuPen(recorder.pen, max_err=upem * 0.002, all_cubic=True))
    except NotImplementedError:  # a contour of off-curve points only (a ring, say)
        recorder = _Recorder(glyph_set, 1 / upem)
        glyph_set[name].draw(recorder.pen)  # each quadratic piece as its exact cubic
    units = np.asarray(recorder.points, dtype=float).reshape(-1, 2)
    return units, upem, recorder.ops, recorder.contours


def _assembled(points: np.ndarray, template: str, contours: tuple[tuple[int, int], ...]) -> Outline:
    """The :class:`Outline` of ``points`` (em): its bounds and normals worked out."""
    if len(points):
        x0, y0 = points.min(axis=0)
        x1, y1 = points.max(axis=0)
        bounds = (float(x0), float(y0), float(x1), float(y1))
    else:
        bounds = (0.0, 0.0, 0.0, 0.0)
    normals = _normals(points, contours)
    return Outline(points, normals, template, contours, bounds)


def _normals(points: np.ndarray, contours: Sequence[tuple[int, int]]) -> np.ndarray:
    """Per point, the unit normal pointing away from the ink.

    The tangent at a point runs from its neighbour before to its neighbour
    after along the contour (control points included). Ink lies on one side of
    the direction of travel for every contour of a glyph (TrueType: the
    right); the glyph's total signed area tells which.
    """
    normals = np.zeros_like(points)
    area = 0.0
    for first, end in contours:
        c = points[first:end]
        if len(c) < 2:
            continue
        # The neighbours after and before each point, round the contour (np.roll's values,
        # without its cost).
        after, before = np.concatenate((c[1:], c[:1])), np.concatenate((c[-1:], c[:-1]))
        tangent = after - before
        length = np.hypot(tangent[:, 0], tangent[:, 1])
        length[length == 0] = 1.0
        normals[first:end] = np.column_stack((-tangent[:, 1], tangent[:, 0])) / length[:, None]
        x, y = c[:, 0], c[:, 1]
        area += 0.5 * float(np.dot(x, after[:, 1]) - np.dot(after[:, 0], y))
    return normals if area <= 0 else -normals


# -- outlines converted ahead ------------------------------------------------------
# A shipped hand's glyphs, every one converted as :func:`_outline` converts it, kept in
# ``fonts/precomputed/<font>.npz`` (``python tools/precompute.py`` writes them):
# a run reads the points instead of converting each glyph it writes (2 ms a glyph).

PACKED_FORMAT = 3  # bump when what _recorded records, or how it is packed, changes
_TEMPLATES = {"m": "{} {} m", "l": "{} {} l", "c": "{} {} {} {} {} {} c", "h": "h"}
_CODES = {v: k for k, v in _TEMPLATES.items()}
_GLYPH_ARRAYS = ("units", "ops", "contours")  # read when a first glyph is asked for
_LATER = (*_GLYPH_ARRAYS, "text_font")  # read when asked for (_Packed.later)


def _damaged() -> tuple[type[Exception], ...]:
    """What a damaged or foreign file raises as numpy reads it."""
    import zipfile
    import zlib

    return (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile, zlib.error)


def _header(data: bytes, tools: str) -> str:
    """What packed outlines depend on: the font's bytes, fontTools (version ``tools``)
    and the settings."""
    import hashlib

    made_from = hashlib.sha256(data).hexdigest()
    return f"{PACKED_FORMAT} {made_from} {tools} {SEGMENT_EM!r} 0.002"


def pack_outlines(data: bytes, **extra: np.ndarray) -> bytes:
    """Every glyph of the font in ``data`` converted as :func:`outline` converts it,
    packed (a compressed ``.npz``) for :class:`~cardgen.model.FontInfo` ``outlines``:
    ``index`` holds, per glyph, where its points, path operators and contours start;
    ``cmap`` the (code point, glyph id) pairs :func:`glyph_of` reads; ``features``
    the ``GSUB`` feature tags (:func:`alternate_features`, the positional forms);
    ``extra`` what else a caller keeps there (:func:`cardgen.layout.fonts.pack_font`:
    the metrics; ``tools/precompute.py``: the invisible text's font).
    """
    import io

    import fontTools

    font = _tools_font_of(data)
    count = len(font.getGlyphOrder())
    cmap = [(code, font.getGlyphID(name)) for code, name in font.getBestCmap().items()]
    units: list[np.ndarray] = []
    ops: list[str] = []
    contours: list[tuple[int, int]] = []
    index = [(0, 0, 0)]
    upem = 0
    for gid in range(count):
        points, upem, glyph_ops, glyph_contours = _recorded(data, gid)
        units.append(points)
        ops.extend(_CODES[op] for op in glyph_ops)
        contours.extend(glyph_contours)
        index.append((index[-1][0] + len(points), len(ops), len(contours)))
    out = io.BytesIO()
    np.savez_compressed(
        out,
        header=np.array(f"{_header(data, fontTools.version)} {upem}"),
        index=np.array(index, dtype=np.int64),
        units=np.concatenate(units).reshape(-1, 2),
        ops=np.frombuffer("".join(ops).encode("ascii"), dtype=np.uint8),
        contours=np.array(contours, dtype=np.int64).reshape(-1, 2),
        cmap=np.array(cmap, dtype=np.int64).reshape(-1, 2),
        features=np.array(sorted(_substitutions(data)), dtype="U4"),
        **extra,  # type: ignore[arg-type]
    )
    return out.getvalue()


class _Packed:
    """Outlines unpacked from :func:`pack_outlines`' bytes; each glyph made when asked.

    The index, character map and extras (metrics, feature tags) are read, and their
    checksums checked, at once; the points only when a first glyph is asked for (a
    fallback face may be wanted for its metrics alone), and if they prove damaged
    then, :attr:`glyphs` is None and the glyphs are converted as they are used.
    """

    def __init__(  # type: ignore[no-untyped-def]
        self, arrays, read: dict[str, np.ndarray], upem: int
    ) -> None:
        self.upem = upem
        self.arrays = read  # every array but the later ones, each read once (see _unpacked)
        self.index = read["index"].tolist()
        self.count = len(self.index) - 1
        self.cmap: dict[int, int] = dict(map(tuple, read["cmap"].tolist()))
        self._file = arrays

    def later(self, name: str) -> np.ndarray | None:
        """The array ``name`` that is read only when asked for (the invisible text's
        font), or None when the file has none or it proves damaged."""
        if name not in _LATER or name not in self._file.files:
            return None
        try:
            return self._file[name]
        except _damaged():
            return None

    @cached_property
    def glyphs(self) -> tuple[np.ndarray, str, np.ndarray] | None:
        """(points in font units, path operators, contours) of every glyph, or None."""
        try:
            ops = self._file["ops"].tobytes().decode("ascii")
            return self._file["units"], ops, self._file["contours"]
        except _damaged():
            return None

    def outline(self, gid: int) -> Outline | None:
        if self.glyphs is None:
            return None
        units, ops, contour_table = self.glyphs
        (p0, o0, c0), (p1, o1, c1) = self.index[gid], self.index[gid + 1]
        template = " ".join([_TEMPLATES[op] for op in ops[o0:o1]])
        contours = tuple(map(tuple, contour_table[c0:c1].tolist()))
        return _assembled(units[p0:p1] / self.upem, template, contours)


def packed_font(info: FontInfo) -> _Packed | None:
    """``info``'s font converted ahead (:func:`pack_outlines`), if it was, from its bytes."""
    return _unpacked(info.data, info.outlines) if info.outlines else None


@cache
def _unpacked(data: bytes, packed: bytes) -> _Packed | None:
    """The outlines in ``packed``, if they were made from ``data`` with today's settings
    (else None: each glyph is converted as it is used)."""
    import io

    try:
        arrays = np.load(io.BytesIO(packed))
        # Each array read once (an npz file inflates and parses an array each time it
        # is asked for): the header, and what _Packed keeps, but the later ones.
        read = {k: arrays[k] for k in arrays.files if k not in _LATER}
        made, _, upem = str(read["header"]).rpartition(" ")
        return _Packed(arrays, read, int(upem)) if _made_from(made, data) else None
    except _damaged():
        return None


def _made_from(made: str, data: bytes) -> bool:
    """Whether a packed file's header ``made`` says it was made from ``data`` in today's
    format and settings, by whichever fontTools: the file holds the conversion, so a
    run with another fontTools writes the same outlines as the one that made it."""
    have, want = made.split(" "), _header(data, "-").split(" ")
    return len(have) == len(want) and have[:2] + have[3:] == want[:2] + want[3:]


@cache
def _stored_outline(packed: _Packed, gid: int) -> Outline | None:
    return packed.outline(gid)
