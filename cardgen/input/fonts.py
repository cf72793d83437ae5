"""Input stage: the shipped hands (``fonts/fonts.yaml``) and a user's own TrueType file.

Every font is read once, with a size limit, into :class:`~cardgen.model.FontInfo`
(its bytes travel with it, so no later stage opens a file); a user's font is
checked completely when it is read. Metrics come from
:mod:`cardgen.layout.fonts`; embedding from :mod:`cardgen.render.pdf`.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from msgspec.structs import replace

from cardgen.errors import InputError, quiet_fonttools
from cardgen.input.files import read_limited, read_text
from cardgen.input.yamlnodes import Node, load_yaml
from cardgen.model import FontInfo
from cardgen.resources import fonts_dir

__all__ = ["MAX_FONT_BYTES", "fallback_fonts", "font_catalogue", "fonts_file", "resolve_font"]


@cache
def fonts_file() -> Node:
    """``fonts/fonts.yaml`` composed once a run: the TrueType hands (here) and the
    single-line ones (:func:`cardgen.input.strokes.stroke_catalogue`) are read from it."""
    return load_yaml(read_text(fonts_dir() / "fonts.yaml"), "fonts.yaml")


@cache
def _catalogue() -> tuple[dict[str, FontInfo], tuple[str, ...]]:
    folder = fonts_dir()
    m = fonts_file().mapping(("fonts", "fallback", "strokes"), required=("fonts", "fallback"))
    out: dict[str, FontInfo] = {}
    for name, node in m["fonts"].items():
        f = node.mapping(("file", "licence", "family", "role", "suits", "scale"), ("file",))
        out[name] = FontInfo(
            name=name,
            path=folder / f["file"].text(),
            family=f["family"].text() if "family" in f else name,
            role=f["role"].text() if "role" in f else "",
            suits=f["suits"].text() if "suits" in f else "",
            scale=f["scale"].number() if "scale" in f else 1.0,
            licence=f["licence"].text() if "licence" in f else "",
        )
    return out, tuple(m["fallback"].text_list())


def font_catalogue() -> dict[str, FontInfo]:
    """The shipped fonts by name (without their bytes: see :func:`resolve_font`)."""
    return _catalogue()[0]


@cache
def _shipped(name: str) -> FontInfo:
    """A shipped font with its bytes, read once per run."""
    info = _catalogue()[0][name]
    data = read_limited(info.path, MAX_FONT_BYTES, str(info.path))
    return replace(info, data=data, outlines=_precomputed(info.path))


def _precomputed(font: Path) -> bytes:
    """The glyph outlines of the shipped ``font`` converted ahead (``fonts/precomputed``),
    or nothing: the layout stage checks they were made from this font, else converts."""
    try:
        return read_limited(font.parent / "precomputed" / f"{font.stem}.npz", MAX_FONT_BYTES)
    except InputError:
        return b""


def fallback_fonts(primary: FontInfo) -> tuple[FontInfo, ...]:
    """The shipped fonts that stand in for characters ``primary`` lacks, in order."""
    return tuple(_shipped(n) for n in _catalogue()[1] if n != primary.name)


MAX_FONT_BYTES = 30 * 1024 * 1024  # handwriting fonts are well under 1 MB; CJK fonts ~20 MB
MAX_ADVANCE_EM = 10  # a handwriting glyph is under 2 em wide; 60 em is a damaged table
MAX_COMPONENT_DEPTH = 16  # composite glyphs built of composites; real fonts nest 2 or 3 deep
# fontTools modules whose warnings mean the tables a card reads disagree with each other
# (glyph count, metrics, outlines); other warnings (a stray byte in 'post') are harmless.
_FATAL_WARNINGS = ("_m_a_x_p", "_l_o_c_a", "_h_m_t_x", "_h_h_e_a", "_g_l_y_f")


def _check_truetype(data: bytes, name: str) -> None:
    """Refuse anything but a complete, undamaged TrueType font, saying why.

    Every table is decompiled (fontTools); the glyph count agrees across
    ``maxp``, ``loca`` and ``hmtx``; no advance width is absurd; every
    composite glyph's components exist and do not loop; and every glyph a
    character maps to is drawn once. So a damaged font is refused here, when
    it is loaded, by ``check`` and ``make`` alike, rather than failing later
    while a card is fitted or a PDF is written.
    """
    magic = data[:4]
    if magic in (b"wOFF", b"wOF2"):
        raise InputError(
            "is a WOFF web font; convert it to TrueType (.ttf) first, "
            "e.g. with fontTools: fonttools ttLib.woff2 decompress FILE",
            file=name,
        )
    if magic == b"OTTO":
        raise InputError(
            "has PostScript (CFF) outlines, which PDF embedding here does not support; "
            "use a TrueType (.ttf) version of the font",
            file=name,
        )
    if magic not in (b"\x00\x01\x00\x00", b"true"):
        raise InputError("is not a TrueType font (.ttf)", file=name)
    import io
    import logging

    from fontTools.ttLib import TTFont as ToolsFont

    quiet_fonttools()

    warnings: list[logging.LogRecord] = []

    class _Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.WARNING and record.name.endswith(_FATAL_WARNINGS):
                warnings.append(record)

    log = logging.getLogger("fontTools")
    collect = _Collect()
    log.addHandler(collect)
    try:
        font = ToolsFont(io.BytesIO(data), lazy=False)
        for tag in ("cmap", "head", "hhea", "hmtx", "maxp", "glyf", "loca"):
            if tag not in font:
                raise ValueError(f"it has no '{tag}' table")
        _check_counts(font)
        font.ensureDecompiled()
        cmap = font.getBestCmap()
        if cmap is None:
            raise ValueError("it has no Unicode character map")
        _check_advances(font, cmap)
        _check_components(font)  # expands every glyph's outline on the way
        _draw_mapped(font, cmap)
        if warnings:  # something this check does not name, that fontTools tolerated
            raise ValueError(warnings[0].getMessage())
    except Exception as exc:  # fontTools raises many kinds for damaged data
        raise InputError(
            f"is damaged or truncated and cannot be used as a font: {exc}", file=name
        ) from None
    finally:
        log.removeHandler(collect)


def _check_counts(font) -> None:  # type: ignore[no-untyped-def]
    """The glyph count in ``maxp`` agrees with the ``loca`` and ``hmtx`` tables."""
    count = font["maxp"].numGlyphs
    entry = 2 if font["head"].indexToLocFormat == 0 else 4
    offsets = len(font.reader["loca"]) // entry
    # One offset per glyph and one to end the last (a short table may be padded by one).
    if not count + 1 <= offsets <= count + 2:
        raise ValueError(
            f"its 'maxp' table says {count} glyphs but its 'loca' table has {offsets - 1}"
        )
    metrics = font["hhea"].numberOfHMetrics
    if not 1 <= metrics <= count:
        raise ValueError(f"its 'hhea' table says {metrics} advance widths for {count} glyphs")
    if len(font.reader["hmtx"]) < 4 * metrics + 2 * (count - metrics):
        raise ValueError(f"its 'hmtx' table is too short for {count} glyphs")


def _check_advances(font, cmap: dict[int, str]) -> None:  # type: ignore[no-untyped-def]
    """No glyph advances more than :data:`MAX_ADVANCE_EM` (a damaged ``hmtx``)."""
    upem = font["head"].unitsPerEm
    if not 16 <= upem <= 16384:
        raise ValueError(f"its 'head' table says {upem} units per em (16 to 16384 are valid)")
    limit = MAX_ADVANCE_EM * upem
    metrics = font["hmtx"].metrics
    for glyph_name in font.getGlyphOrder():
        advance = metrics[glyph_name][0]
        if advance > limit:
            chars = [f"U+{code:04X}" for code, mapped in cmap.items() if mapped == glyph_name]
            what = f"glyph '{glyph_name}'" + (f" ({chars[0]})" if chars else "")
            raise ValueError(
                f"{what} advances {advance / upem:g} em ({advance} of {upem} units per em); "
                f"no glyph should be wider than {MAX_ADVANCE_EM} em"
            )


def _check_components(font) -> None:  # type: ignore[no-untyped-def]
    """Every composite glyph's components exist, and none is built of itself.

    Walked without recursion, so a long chain is reported rather than
    exhausting Python's stack.
    """
    glyf = font["glyf"]
    depth: dict[str, int] = {}  # glyph name → how deep its components nest (done)
    for root in font.getGlyphOrder():
        if root in depth:
            continue
        path = [root]  # the glyphs being walked, each built of the next
        todo = [iter(_components(glyf, root))]
        while todo:
            child = next(todo[-1], None)
            if child is None:
                done = path.pop()
                todo.pop()
                depth[done] = 1 + max((depth[c] for c in _components(glyf, done)), default=-1)
                continue
            if child in depth:
                if depth[child] + len(path) > MAX_COMPONENT_DEPTH:
                    raise ValueError(
                        f"glyph '{root}' nests components more than {MAX_COMPONENT_DEPTH} deep"
                    )
                continue
            if child in path:
                loop = " → ".join([*path[path.index(child) :], child])
                raise ValueError(f"glyph '{child}' is built of itself ({loop})")
            if child not in glyf.glyphs:
                raise ValueError(f"glyph '{path[-1]}' is built of a glyph that does not exist")
            if len(path) >= MAX_COMPONENT_DEPTH:
                raise ValueError(
                    f"glyph '{root}' nests components more than {MAX_COMPONENT_DEPTH} deep"
                )
            path.append(child)
            todo.append(iter(_components(glyf, child)))


def _components(glyf, glyph_name: str) -> list[str]:  # type: ignore[no-untyped-def]
    glyph = glyf[glyph_name]
    if not glyph.isComposite():
        return []
    return [c.glyphName for c in glyph.components]


def _draw_mapped(font, cmap: dict[int, str]) -> None:  # type: ignore[no-untyped-def]
    """Draw glyph 0 and every glyph a character maps to, as the card would."""
    from fontTools.pens.basePen import NullPen

    glyph_set = font.getGlyphSet()
    pen = NullPen()
    for glyph_name in dict.fromkeys([font.getGlyphOrder()[0], *cmap.values()]):
        glyph_set[glyph_name].draw(pen)


def resolve_font(value: str, pen_hands: tuple[str, ...] = ()) -> FontInfo:
    """A shipped font name, or a path to a user's .ttf (``pen_hands``: the other names
    the value could have given, for the message).

    Raises:
        InputError: unknown name (listing the shipped ones), missing file, or a
            file that is not a complete TrueType font.
    """
    catalogue = font_catalogue()
    key = value.strip().lower().replace(" ", "-")
    if key in catalogue:
        return _shipped(key)
    path = Path(value).expanduser()
    if path.suffix.lower() in (".ttf", ".otf", ".woff", ".woff2") or path.exists():
        return _user_font(path.resolve())
    pens = f"pen hands: {', '.join(pen_hands)}; " if pen_hands else ""
    raise InputError(
        f"unknown font '{value}' ({pens}shipped fonts: {', '.join(catalogue)}; "
        "or a path to a .ttf file)",
        key="font",
    )


@cache
def _user_font(path: Path) -> FontInfo:
    """A user's TrueType file, read (with a size limit) and checked once per run."""
    data = read_limited(path, MAX_FONT_BYTES, str(path))
    _check_truetype(data, str(path))
    return FontInfo(
        name="user-" + "".join(c for c in path.stem if c.isalnum())[:30],
        path=path,
        family=path.stem,
        role="your font",
        suits="",
        scale=1.0,
        data=data,
    )
