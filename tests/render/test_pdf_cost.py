"""What a kit's PDFs cost to write: formatted once, encoded as they are, fonts renamed cheaply.

The bytes stay those of the slower ways (tests/test_reference.py); these check
the cheaper way is taken, and gives what the slower one gave.
"""

from __future__ import annotations

import io
import random
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from fontTools.ttLib import TTFont
from reportlab.pdfbase import pdfdoc

from cardgen.input.fonts import resolve_font
from cardgen.input.layouts import pens
from cardgen.layout.art import Writing
from cardgen.layout.ink import ink_strokes
from cardgen.render import pdf
from cardgen.render.pdf import PdfSurface, hex_rgb, new_canvas, renamed_name_table
from cardgen.render.surface import Palette, draw_art
from cardgen.units import MM

FONTS = sorted((Path(__file__).resolve().parents[2] / "fonts").glob("*.ttf"))


@pytest.mark.parametrize("path", FONTS, ids=lambda p: p.stem)
def test_the_text_fonts_name_table_is_the_one_fonttools_compiles(path):
    data = path.read_bytes()
    font = TTFont(io.BytesIO(data))
    raw = font.reader["name"]
    table = font["name"]
    for record in table.names:
        if record.nameID == 6:
            record.string = "Caveat-RegularText"
    assert renamed_name_table(raw, "Caveat-RegularText") == table.compile(font)


def _writing() -> Writing:
    t = np.linspace(0, 1, 40)[:, None]
    strokes = [np.array([10, 30]) * MM * (1 - t) + np.array([50, 32]) * MM * t]
    return Writing((), ink=ink_strokes(strokes, pens()["ballpoint"], random.Random(2), 14.0))


def _drawn(marks: list[Writing]) -> bytes:
    canvas, buf = new_canvas((60 * MM, 60 * MM), title="t", author="a", font=resolve_font("caveat"))
    for mark in marks:
        draw_art(PdfSurface(canvas), [mark], Palette(hex_rgb("#1d2b5c"), (1.0, 1.0, 1.0)))
        canvas.showPage()
    canvas.save()
    return buf.getvalue()


def test_a_pens_ink_is_formatted_once_however_often_it_is_drawn(monkeypatch):
    calls = []
    real = pdf._ink_blocks
    monkeypatch.setattr(pdf, "_ink_blocks", lambda ink: calls.append(1) or real(ink))
    mark = _writing()
    _drawn([mark, mark])  # card.pdf, then the same card on the print sheet
    assert len(calls) == 1


def test_a_forms_ascii_content_is_its_bytes_and_anything_else_is_pdfdocencoded():
    form = pdf._Form(0, 0, 10, 10)
    form.setStreamList(["q 1 0 0 1 2 3 cm", "0 0 m 10 10 l f Q"])
    assert form.stream == "q 1 0 0 1 2 3 cm\n0 0 m 10 10 l f Q".encode("extpdfdoc")
    assert isinstance(form.stream, bytes)
    form.setStreamList("(caf\u00e9) Tj")  # not ASCII: as ReportLab encodes it
    assert form.stream == "(caf\u00e9) Tj".encode("extpdfdoc")
    with pytest.raises(UnicodeEncodeError):  # ASCII PDFDocEncoding refuses, refused still
        form.setStreamList("\x19")
    assert pdfdoc.PDFFormXObject is pdf._Form


def test_making_a_kit_loads_neither_numpy_ma_nor_fonttools_name_table():
    code = textwrap.dedent(
        """
        import sys
        from cardgen.input.fonts import resolve_font
        from cardgen.input.strokes import stroke_font
        from cardgen.layout.strokes import StrokeSet
        from cardgen.render.pdf import register_text
        StrokeSet(stroke_font("ems-allure")).shape("Thank you")  # each letter's pen order
        register_text(resolve_font("patrick-hand"))  # the invisible text's font
        slow = ("numpy.ma", "fontTools.ttLib.tables._n_a_m_e")
        print(sorted(m for m in slow if m in sys.modules))
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def _canvas():
    return new_canvas((60 * MM, 60 * MM), title="t", author="a", font=resolve_font("caveat"))[0]


@pytest.mark.parametrize("outer", [None, 0.5], ids=["default", "set-before"])
def test_ink_alphas_written_at_once_are_what_reportlab_writes_block_by_block(outer):
    blocks = [(1.0, "A"), (0.5, "B"), (0.34, "C"), (0.5, "D"), (0.34, "E"), (0.8, "F")]
    slow, quick = _canvas(), _canvas()
    for canvas in (slow, quick):
        canvas.setFillAlpha(0.2)  # a name given before, kept in its place
        if outer is not None:
            canvas.setFillAlpha(outer)
        canvas.saveState()
    for alpha, block in blocks:
        slow.setFillAlpha(alpha)
        slow.addLiteral(block)
    pdf._write_ink(quick, blocks)
    assert quick._code == slow._code
    assert quick._extgstate._c == slow._extgstate._c
    assert quick._extgstate._d == slow._extgstate._d
    for canvas in (slow, quick):
        canvas.restoreState()
    assert quick._extgstate._d == slow._extgstate._d


def test_ink_alphas_go_through_reportlabs_calls_when_its_state_is_kept_otherwise():
    # A ReportLab that keeps its graphics states in another shape: its own calls.
    blocks = [(1.0, "A"), (0.5, "B"), (0.34, "C"), (0.5, "D")]
    slow, quick = _canvas(), _canvas()
    for alpha, block in blocks:
        slow.setFillAlpha(alpha)
        slow.addLiteral(block)

    class Elsewhere:  # the same calls, its record under other names
        def __init__(self, state):
            self.state, self.calls = state, []

        def set(self, canvas, key, value):
            self.calls.append(value)
            self.state.set(canvas, key, value)

    quick._extgstate = Elsewhere(quick._extgstate)
    pdf._write_ink(quick, blocks)
    assert quick._extgstate.calls == [1.0, 0.5, 0.34, 0.5]
    assert quick._code == slow._code


def test_a_drawn_paths_numbers_are_reportlabs_one_by_one():
    from reportlab.lib.rl_accel import fp_str

    from cardgen.layout.art import Ink
    from cardgen.layout.art import Path as Drawn

    points = np.array([[0.0, 1e-8], [123.456789, -0.25], [1.5e-3, 1000.0], [-7.0, 0.999999]])
    shape = Drawn(points, "{} {} m {} {} l {} {} l {} {} l h", Ink())
    canvas = _canvas()
    PdfSurface(canvas).fill_path(shape, (0.1, 0.2, 0.3), None)
    numbers = " ".join(fp_str(v) for v in points.ravel().tolist())
    assert canvas._code[-2] == "{} {} m {} {} l {} {} l {} {} l h f".format(*numbers.split(" "))


def _text_font_glyph_by_glyph(path: Path) -> tuple[bytes, bytes]:
    """The invisible text's font as made by emptying fontTools' parsed glyphs one by one."""
    from fontTools.ttLib.tables._g_l_y_f import Glyph

    font = TTFont(path, recalcTimestamp=False)
    glyf = font["glyf"]
    for name in font.getGlyphOrder():
        glyf[name] = Glyph()
    for tag in ("GSUB", "GPOS", "GDEF", "kern", "hdmx", "VDMX", "LTSH", "DSIG"):
        if tag in font:
            del font[tag]
    names = font.reader["name"]
    del font["name"]
    buf = io.BytesIO()
    font.save(buf)
    return buf.getvalue(), names


@pytest.mark.parametrize("path", FONTS, ids=lambda p: p.stem)
def test_the_text_font_with_a_new_empty_glyf_is_the_one_emptied_glyph_by_glyph(path):
    info = resolve_font(str(path))
    data, names = _text_font_glyph_by_glyph(path)
    ps_name = "".join(c for c in f"{info.name}Text" if c.isalnum() or c == "-")[:60]
    expected = pdf._with_table(data, "name", renamed_name_table(names, ps_name))
    assert pdf._text_font_data(info) == expected
