"""Glyph outlines and GSUB features read once per run, cheaply."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from fontTools.ttLib import TTFont
from msgspec.structs import replace

from cardgen.input.fonts import font_catalogue, resolve_font
from cardgen.layout import fonts, shaping

ROOT = Path(__file__).resolve().parents[2]


def test_one_font_under_two_names_is_converted_once(monkeypatch):
    """The outline cache is keyed on the font's bytes: a copy of a shipped hand under
    another name and scale (a user's copy, a figures face) reuses its outlines."""
    info = resolve_font("patrick-hand")
    copy = replace(info, name="user-copy", scale=1.3, data=bytes(info.data))
    gid = shaping.glyph_of(info, "g")
    assert gid is not None
    first = shaping.outline(info, gid)

    def converted_again(*args: object, **kwargs: object) -> None:
        raise AssertionError("converted again")

    monkeypatch.setattr(shaping, "_recorded", converted_again)
    assert shaping.outline(copy, gid) is first
    # the same without the outlines converted ahead: converted once, then reused
    monkeypatch.undo()
    bare, bare_copy = replace(info, outlines=b""), replace(copy, outlines=b"")
    first = shaping.outline(bare, gid)
    monkeypatch.setattr(shaping, "_recorded", converted_again)
    assert shaping.outline(bare_copy, gid) is first


SHIPPED = sorted((ROOT / "fonts").glob("*.ttf"))


def test_a_packed_array_is_read_once(monkeypatch):
    """An npz file inflates and parses an array each time it is asked for: unpacking a
    shipped hand asks for each array once, and for the glyphs' points not at all."""
    asked: list[str] = []
    get = np.lib.npyio.NpzFile.__getitem__

    def counted(self: np.lib.npyio.NpzFile, key: str) -> np.ndarray:
        asked.append(key)
        return get(self, key)

    monkeypatch.setattr(np.lib.npyio.NpzFile, "__getitem__", counted)
    info = resolve_font("itim")
    packed = shaping._unpacked.__wrapped__(info.data, info.outlines)
    assert packed is not None and packed.count > 0
    assert sorted(asked) == sorted(set(asked))
    assert {"header", "index", "cmap", "widths"} <= set(asked)
    assert not set(asked) & {"units", "ops", "contours", "text_font"}


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_shipped_hand_has_its_outlines_converted_ahead_from_this_very_file(path):
    """fonts/precomputed/<font>.npz was made from today's font, fontTools and settings
    (else runs convert every glyph again): ``python tools/precompute.py``."""
    info = resolve_font(next(n for n, f in font_catalogue().items() if f.path.name == path.name))
    assert info.outlines, "no fonts/precomputed file: run tools/precompute.py"
    packed = shaping._unpacked(info.data, info.outlines)
    assert packed is not None, "made from another font or fontTools: run it again"
    assert packed.count == len(shaping._tools_font_of(info.data).getGlyphOrder())


def _same(a: shaping.Outline, b: shaping.Outline) -> bool:
    return (
        a.points.dtype == b.points.dtype
        and a.points.tobytes() == b.points.tobytes()
        and a.normals.tobytes() == b.normals.tobytes()
        and (a.template, a.contours, a.bounds) == (b.template, b.contours, b.bounds)
    )


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_the_outlines_converted_ahead_are_the_ones_converted_now(path):
    """Bit for bit, for a spread of glyphs (every glyph takes 15 s: the tool checks them
    all as it packs them, see test_a_packed_font_gives_back_every_glyph)."""
    data = path.read_bytes()
    packed = shaping._unpacked(
        data, (path.parent / "precomputed" / f"{path.stem}.npz").read_bytes()
    )
    assert packed is not None
    font = shaping._tools_font_of(data)
    cmap = font.getBestCmap()
    gids = {font.getGlyphID(cmap[ord(c)]) for c in "Hamburg 20457, ÄéŁ&" if ord(c) in cmap}
    gids |= set(range(0, packed.count, 41))
    for gid in sorted(gids):
        assert _same(packed.outline(gid), shaping._outline(data, gid)), gid


def test_a_packed_font_gives_back_every_glyph():
    """Packing and unpacking lose nothing: every glyph of a small font, bit for bit."""
    data = (ROOT / "fonts" / "DancingScript-Regular.ttf").read_bytes()
    packed = shaping._unpacked(data, fonts.pack_font(data))
    assert packed is not None
    for gid in range(packed.count):
        assert _same(packed.outline(gid), shaping._outline(data, gid)), gid


def _flipped(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :]


@pytest.mark.parametrize(
    "spoil",
    [
        lambda data, packed: (data + b"\0", packed),  # another font
        lambda data, packed: (data, packed[: len(packed) // 2]),  # a cut file
        lambda data, packed: (data, b"not a zip"),
        lambda data, packed: (data, _flipped(packed, len(packed) // 3)),  # a bad byte
    ],
    ids=["another-font", "cut", "garbage", "bad-byte"],
)
def test_outlines_packed_from_another_font_or_spoilt_are_not_used(spoil):
    info = resolve_font("patrick-hand")
    data, packed = spoil(info.data, info.outlines)
    stored = shaping._unpacked(data, packed)
    assert stored is None or stored.glyphs is None  # a bad byte in the points: found later
    gid = shaping.glyph_of(info, "g")
    assert gid is not None
    stale = replace(info, data=data, outlines=packed)
    assert _same(shaping.outline(stale, gid), shaping._outline(data, gid))


def test_outlines_packed_by_another_fonttools_are_still_used():
    # The file is the conversion: a user's newer fontTools writes the outlines the
    # pinned one made, so a shipped hand looks the same whatever is installed (and a
    # run needs no fontTools to tell).
    info = resolve_font("itim")
    made = str(np.load(io.BytesIO(info.outlines))["header"]).rpartition(" ")[0]
    fields = made.split(" ")
    fields[2] = "0.0.1"
    assert shaping._made_from(made, info.data)
    assert shaping._made_from(" ".join(fields), info.data)


@pytest.mark.parametrize(
    "change",
    [lambda h: h.replace(h.split(" ")[0], "99", 1), lambda h: h.rsplit(" ", 1)[0] + " 0.5"],
    ids=["format", "settings"],
)
def test_outlines_packed_in_another_format_or_settings_are_not_used(monkeypatch, change):
    info = resolve_font("itim")
    today = shaping._header(info.data, "-")
    monkeypatch.setattr(shaping, "_header", lambda data, tools: change(today))
    assert shaping._unpacked.__wrapped__(info.data, info.outlines) is None


@pytest.mark.parametrize("path", sorted((ROOT / "fonts").glob("*.ttf")), ids=lambda p: p.name)
def test_gsub_features_read_from_the_bytes_match_fonttools(path):
    data = path.read_bytes()
    font = TTFont(io.BytesIO(data), lazy=True)
    feature_list = font["GSUB"].table.FeatureList if "GSUB" in font else None
    tags = {r.FeatureTag for r in feature_list.FeatureRecord} if feature_list else set()
    assert shaping._substitutions(data) == tags


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_a_shipped_hands_gsub_features_read_ahead_are_the_ones_read_now(path, monkeypatch):
    """fonts/precomputed holds each shipped hand's feature tags as read from its font
    today (else: python tools/precompute.py); a run takes them from there."""
    info = resolve_font(next(n for n, f in font_catalogue().items() if f.path.name == path.name))
    packed = shaping.packed_font(info)
    assert packed is not None and "features" in packed.arrays
    tags = shaping._substitutions(info.data)
    assert "liga" in tags  # every shipped hand has ligatures

    def read_again(data: bytes) -> frozenset[str]:
        raise AssertionError("read from the font again")

    monkeypatch.setattr(shaping, "_substitutions", read_again)
    assert shaping._feature_tags(info) == tags


@pytest.mark.parametrize(
    "spoil",
    [
        lambda info: replace(info, outlines=b""),  # no file: a user's font
        lambda info: replace(info, data=info.data + b"\0"),  # made from another font
        lambda info: replace(info, outlines=_spoilt_entry(info.outlines, "features.npy")),
        lambda info: replace(info, outlines=_without(info.outlines, "features.npy")),
    ],
    ids=["none", "another-font", "damaged", "older-file"],
)
def test_feature_tags_read_ahead_that_do_not_fit_are_read_from_the_font(spoil):
    info = spoil(resolve_font("dancing-script"))
    tags = shaping._substitutions(resolve_font("dancing-script").data)
    assert "init" in tags
    assert shaping._feature_tags(info) == tags
    assert shaping._positional.__wrapped__(info) == ("init" in tags, "fina" in tags)


def _without(packed: bytes, name: str) -> bytes:
    """``packed`` as a file made before it held ``name``."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(packed)) as old, zipfile.ZipFile(out, "w") as new:
        for entry in old.infolist():
            if entry.filename != name:
                new.writestr(entry, old.read(entry))
    return out.getvalue()


def test_a_truncated_gsub_feature_list_is_left_to_fonttools(monkeypatch):
    info = resolve_font("dancing-script")
    font = TTFont(io.BytesIO(info.data), lazy=True)
    table = bytearray(font.reader["GSUB"])
    table[6:8] = (len(table) - 1).to_bytes(2, "big")  # a FeatureList past the end
    calls = []

    class Reader(dict):
        pass

    class Font:
        reader = Reader(GSUB=bytes(table))

        def __contains__(self, tag: str) -> bool:
            return tag == "GSUB"

        def __getitem__(self, tag: str) -> object:
            calls.append(tag)
            return font[tag]

    monkeypatch.setattr(shaping, "_tools_font_of", lambda data: Font())
    shaping._substitutions.cache_clear()
    try:
        assert "init" in shaping._substitutions(b"truncated")
    finally:
        shaping._substitutions.cache_clear()
    assert calls == ["GSUB"]


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_a_shipped_hands_metrics_and_character_map_read_ahead_are_the_ones_parsed(path):
    """Widths (in the same order), extents and every character's glyph, as fontTools
    gives them today: a run reads them without decompiling the font's tables."""
    info = resolve_font(next(n for n, f in font_catalogue().items() if f.path.name == path.name))
    assert shaping.packed_font(info) is not None
    parsed = fonts._parsed_metrics(info.data)
    read = fonts.face_metrics.__wrapped__(info)
    assert read == parsed and list(read.widths.items()) == list(parsed.widths.items())
    font = shaping._tools_font_of(info.data)
    expected = {c: font.getGlyphID(n) for c, n in font.getBestCmap().items()}
    assert shaping.packed_font(info).cmap == expected  # type: ignore[union-attr]
    bare = replace(info, outlines=b"")
    for ch in "aé0Ł€\u0416":
        assert shaping.glyph_of(info, ch) == shaping.glyph_of(bare, ch)


def _spoilt_entry(packed: bytes, name: str) -> bytes:
    """``packed`` with one byte in the middle of its ``name`` entry's data flipped."""
    import struct
    import zipfile

    entry = zipfile.ZipFile(io.BytesIO(packed)).getinfo(name)
    names, extras = struct.unpack_from("<HH", packed, entry.header_offset + 26)
    start = entry.header_offset + 30 + names + extras
    return _flipped(packed, start + entry.compress_size // 2)


def test_damaged_points_are_found_when_first_read_and_the_glyphs_converted_instead():
    """The points are read when a first glyph is asked for (a fallback face may be
    wanted for its metrics only); damaged, they are left and each glyph converted."""
    info = resolve_font("patrick-hand")
    spoilt = replace(info, outlines=_spoilt_entry(info.outlines, "units.npy"))
    packed = shaping.packed_font(spoilt)
    assert packed is not None and packed.cmap  # the index and character map read well
    assert packed.glyphs is None
    gid = shaping.glyph_of(spoilt, "g")
    assert gid is not None
    assert _same(shaping.outline(spoilt, gid), shaping._outline(info.data, gid))
    assert fonts.face_metrics.__wrapped__(spoilt) == fonts._parsed_metrics(info.data)


def test_a_text_is_measured_once_and_gives_the_same_width(monkeypatch):
    """Fitting asks for the same lines at every size: the second answer is the first."""
    fs = fonts.FontSet(resolve_font("patrick-hand"))
    first = fs.width("Margaret Dvořák, 1200 Market St")
    assert first == fs.advance(" ") * 4 + sum(
        fs.word_width(w) for w in ("Margaret", "Dvořák,", "1200", "Market", "St")
    )
    monkeypatch.setattr(fs, "word_width", lambda word: pytest.fail(f"{word} measured again"))
    assert fs.width("Margaret Dvořák, 1200 Market St") == first


def test_reading_a_font_keeps_fonttools_log_lines_off_stderr():
    """fontTools logs what it tolerates in a font to stderr unless its logger has a
    handler: the layout gives it one as it parses a font (``logging`` loads then)."""
    code = (
        "import logging\n"
        "from cardgen.layout import shaping\n"
        "from cardgen.resources import fonts_dir\n"
        "shaping._tools_font_of((fonts_dir() / 'Caveat-Regular.ttf').read_bytes())\n"
        "logging.getLogger('fontTools.ttLib').warning('a stray byte, tolerated')\n"
        "print('read')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert (result.returncode, result.stdout, result.stderr) == (0, "read\n", "")


def test_a_word_is_shaped_once_for_each_choice_of_alternates(monkeypatch):
    """A return address is shaped for every envelope: the second shaping is the first,
    and a word with an alternate form asked for is not taken for the plain one."""
    info = resolve_font("caveat")
    fresh = fonts.FontSet(info)
    plain, alternate = fresh.shape("Springfield"), fresh.shape("Springfield", [("salt", 1)])
    assert plain != alternate  # the alternate form changes the glyphs
    fs = fonts.FontSet(info)
    assert fs.shape("Springfield", [("salt", 1)]) == alternate
    assert fs.shape("Springfield") == plain
    monkeypatch.setattr(fonts, "shape_run", lambda *a, **k: pytest.fail("shaped again"))
    assert fs.shape("Springfield", (("salt", 1),)) == alternate
    assert fs.shape("Springfield") == plain
