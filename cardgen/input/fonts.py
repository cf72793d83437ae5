"""Input stage: the shipped hands (``fonts/fonts.yaml``) and a user's own TrueType file.

Every font is read once, with a size limit, into :class:`~cardgen.model.FontInfo`
(its bytes travel with it, so no later stage opens a file); a user's font is
checked completely when it is read. Metrics come from
:mod:`cardgen.layout.fonts`; embedding from :mod:`cardgen.render.pdf`.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from pathlib import Path

from cardgen.errors import InputError
from cardgen.input.files import read_limited, read_text
from cardgen.input.yamlnodes import load_yaml
from cardgen.model import FontInfo
from cardgen.resources import fonts_dir

__all__ = ["MAX_FONT_BYTES", "fallback_fonts", "font_catalogue", "resolve_font"]


@cache
def _catalogue() -> tuple[dict[str, FontInfo], tuple[str, ...]]:
    folder = fonts_dir()
    root = load_yaml(read_text(folder / "fonts.yaml"), "fonts.yaml")
    m = root.mapping(("fonts", "fallback"), required=("fonts", "fallback"))
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
    return replace(info, data=read_limited(info.path, MAX_FONT_BYTES, str(info.path)))


def fallback_fonts(primary: FontInfo) -> tuple[FontInfo, ...]:
    """The shipped fonts that stand in for characters ``primary`` lacks, in order."""
    return tuple(_shipped(n) for n in _catalogue()[1] if n != primary.name)


MAX_FONT_BYTES = 30 * 1024 * 1024  # handwriting fonts are well under 1 MB; CJK fonts ~20 MB


def _check_truetype(data: bytes, name: str) -> None:
    """Refuse anything but a complete, undamaged TrueType font, saying why.

    Every table is decompiled (fontTools) and every glyph outline expanded, so
    a truncated or corrupt font is refused here, when it is loaded, rather
    than failing later while a PDF is written.
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

    log = logging.getLogger("fontTools")
    level = log.level
    log.setLevel(logging.CRITICAL)  # fontTools logs oddities it tolerates; we decide
    try:
        font = ToolsFont(io.BytesIO(data), lazy=False)
        for tag in ("cmap", "head", "hhea", "hmtx", "maxp", "glyf", "loca"):
            if tag not in font:
                raise ValueError(f"it has no '{tag}' table")
        font.ensureDecompiled()
        glyf = font["glyf"]
        for glyph_name in font.getGlyphOrder():
            glyf[glyph_name].expand(glyf)
        if font.getBestCmap() is None:
            raise ValueError("it has no Unicode character map")
    except Exception as exc:  # fontTools raises many kinds for damaged data
        raise InputError(
            f"is damaged or truncated and cannot be used as a font ({exc})", file=name
        ) from None
    finally:
        log.setLevel(level)


def resolve_font(value: str) -> FontInfo:
    """A shipped font name, or a path to a user's .ttf.

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
    raise InputError(
        f"unknown font '{value}' (shipped: {', '.join(catalogue)}; or a path to a .ttf file)",
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
