"""Glyph outlines and GSUB features read once per run, cheaply."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from cardgen.input.fonts import resolve_font
from cardgen.layout import shaping

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

    monkeypatch.setattr(shaping, "Qu2CuPen", converted_again)
    assert shaping.outline(copy, gid) is first


@pytest.mark.parametrize("path", sorted((ROOT / "fonts").glob("*.ttf")), ids=lambda p: p.name)
def test_gsub_features_read_from_the_bytes_match_fonttools(path):
    data = path.read_bytes()
    font = TTFont(io.BytesIO(data), lazy=True)
    feature_list = font["GSUB"].table.FeatureList if "GSUB" in font else None
    tags = {r.FeatureTag for r in feature_list.FeatureRecord} if feature_list else set()
    assert shaping._substitutions(data) == tags


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
