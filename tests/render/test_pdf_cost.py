"""What a kit's PDFs cost to write: formatted once, encoded as they are, fonts renamed cheaply.

The bytes stay those of the slower ways (tests/test_reference.py); these check
the cheaper way is taken, and gives what the slower one gave.
"""

from __future__ import annotations

import io
import random
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from fontTools.ttLib import TTFont
from msgspec.structs import replace
from reportlab.pdfbase import pdfdoc

from cardgen.input.fonts import font_catalogue, resolve_font
from cardgen.input.layouts import pens
from cardgen.layout.art import Writing
from cardgen.layout.ink import ink_strokes
from cardgen.layout.shaping import packed_font
from cardgen.render import pdf, pdfobjects, pdfpaths
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
    real = pdfpaths.ink_blocks
    monkeypatch.setattr(pdfpaths, "ink_blocks", lambda ink: calls.append(1) or real(ink))
    mark = _writing()
    _drawn([mark, mark])  # card.pdf, then the same card on the print sheet
    assert len(calls) == 1


def test_a_card_page_drawn_as_a_form_is_its_pages_stream_compressed_once(monkeypatch):
    """The print sheet's form of a card page holds the very stream of that page in
    card.pdf (a form's operators end as a page's do), so the run compresses it once."""
    import deflate
    import pypdf

    compressed, real = [], deflate.zlib_compress
    monkeypatch.setattr(deflate, "zlib_compress", lambda d, n: compressed.append(d) or real(d, n))
    monkeypatch.setattr(pdfdoc, "PDFZCompress", pdfobjects.QuickFlate())  # none kept yet
    mark, palette = _writing(), Palette(hex_rgb("#1d2b5c"), (1.0, 1.0, 1.0))
    card, card_buf = new_canvas(
        (60 * MM, 60 * MM), title="t", author="a", font=resolve_font("caveat")
    )
    draw_art(PdfSurface(card), [mark], palette)
    card.showPage()
    card.save()
    sheet, sheet_buf = new_canvas(
        (90 * MM, 90 * MM), title="t", author="a", font=resolve_font("caveat")
    )
    sheet.beginForm("card1-1", 0, 0, 60 * MM, 60 * MM)
    draw_art(PdfSurface(sheet), [mark], palette)
    sheet.endForm()
    sheet.translate(10, 10)
    sheet.doForm("card1-1")
    sheet.showPage()
    sheet.save()
    page = pypdf.PdfReader(io.BytesIO(card_buf.getvalue())).pages[0].get_contents().get_data()
    placed = pypdf.PdfReader(io.BytesIO(sheet_buf.getvalue())).pages[0]
    form = placed["/Resources"]["/XObject"]["/FormXob.card1-1"].get_object().get_data()
    assert form == page
    assert compressed.count(page) == 1


def test_a_forms_ascii_content_is_its_bytes_and_anything_else_is_pdfdocencoded():
    form = pdfobjects.Form(0, 0, 10, 10)
    form.setStreamList(["q 1 0 0 1 2 3 cm", "0 0 m 10 10 l f Q"])  # ended as a page is
    assert form.stream == "q 1 0 0 1 2 3 cm\n0 0 m 10 10 l f Q\n \n".encode("extpdfdoc")
    assert isinstance(form.stream, bytes)
    form.setStreamList("(caf\u00e9) Tj")  # not ASCII: as ReportLab encodes it
    assert form.stream == "(caf\u00e9) Tj".encode("extpdfdoc")
    with pytest.raises(UnicodeEncodeError):  # ASCII PDFDocEncoding refuses, refused still
        form.setStreamList("\x19")
    assert pdfdoc.PDFFormXObject is pdfobjects.Form


MAKE_ONE_CARD = """
import sys
from cardgen.cli import app
try:
    app(["make", {sample!r}, "--only", "Dvořák", "--out", "kit", "--now", "2026-11-21T09:00"])
except SystemExit as exc:
    assert exc.code in (0, None), exc.code
print(sorted(m for m in sys.modules if m.split(".")[0] == "fontTools" or m == "numpy.ma"))
"""


def test_making_a_kit_in_the_shipped_hands_loads_neither_fonttools_nor_numpy_ma(tmp_path):
    """A shipped hand's outlines, metrics, feature tags and invisible-text font come
    made ahead (fonts/precomputed): a kit of a card in the pen's hand (its invisible
    text in the print hand) and an envelope in the print hand needs no fontTools."""
    sample = str(Path(__file__).resolve().parents[2] / "samples" / "hartwell.yaml")
    result = subprocess.run(
        [sys.executable, "-c", MAKE_ONE_CARD.format(sample=sample)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "kit" / "01-margaret-dvorak" / "card.pdf").is_file()
    assert (tmp_path / "kit" / "01-margaret-dvorak" / "envelope.pdf").is_file()
    assert result.stdout.splitlines()[-1] == "[]"


SHIPPED = {info.path.name: name for name, info in font_catalogue().items()}


@pytest.mark.parametrize("path", FONTS, ids=lambda p: p.stem)
def test_the_text_font_made_ahead_is_the_one_fonttools_makes_now(path, monkeypatch):
    """fonts/precomputed holds each shipped hand's invisible-text font as made today
    (else: python tools/precompute.py), and a run takes it from there."""
    info = resolve_font(SHIPPED[path.name])
    fresh = pdf.text_font(info.data, pdf.text_font_name(info.name))
    packed = packed_font(info)
    assert packed is not None
    stored = packed.later("text_font")
    assert stored is not None and stored.tobytes() == fresh

    def made_again(data: bytes, ps_name: str) -> bytes:
        raise AssertionError("made again")

    monkeypatch.setattr(pdf, "text_font", made_again)
    assert pdf._text_font_data(info) == fresh


def _spoilt(packed: bytes, entry: str) -> bytes:
    """``packed`` with a byte in the middle of its ``entry``'s compressed data flipped."""
    import struct
    import zipfile

    member = zipfile.ZipFile(io.BytesIO(packed)).getinfo(entry)
    names, extras = struct.unpack_from("<HH", packed, member.header_offset + 26)
    at = member.header_offset + 30 + names + extras + member.compress_size // 2
    return packed[:at] + bytes([packed[at] ^ 0xFF]) + packed[at + 1 :]


@pytest.mark.parametrize(
    "spoil",
    [
        lambda info: replace(info, outlines=b""),  # no file: a user's font
        lambda info: replace(info, data=info.data + b"\0"),  # made from another font
        lambda info: replace(info, outlines=_spoilt(info.outlines, "text_font.npy")),
        lambda info: replace(info, name="user-copy"),  # a copy under another name
    ],
    ids=["none", "another-font", "damaged", "another-name"],
)
def test_a_text_font_made_ahead_that_does_not_fit_is_made_again(spoil):
    info = spoil(resolve_font("patrick-hand"))
    expected = pdf.text_font(info.data, pdf.text_font_name(info.name))
    assert pdf._text_font_data(info) == expected
    assert pdf.text_font_name(info.name).encode("utf-16-be") in expected  # its own name


def _canvas():
    return new_canvas((60 * MM, 60 * MM), title="t", author="a", font=resolve_font("caveat"))[0]


def _written_both_ways(slow, quick, blocks) -> None:
    """``blocks`` written on ``slow`` as ReportLab writes them block by block and on
    ``quick`` by pdfpaths.write_ink: the same operators and graphics states."""
    for alpha, block in blocks:
        slow.setFillAlpha(alpha)
        slow.addLiteral(block)
    pdfpaths.write_ink(quick, blocks)
    assert quick._code == slow._code
    assert quick._extgstate._c == slow._extgstate._c
    assert quick._extgstate._d == slow._extgstate._d


@pytest.mark.parametrize("outer", [None, 0.5], ids=["default", "set-before"])
def test_ink_alphas_written_at_once_are_what_reportlab_writes_block_by_block(outer):
    blocks = [(1.0, "A"), (0.5, "B"), (0.34, "C"), (0.5, "D"), (0.34, "E"), (0.8, "F")]
    slow, quick = _canvas(), _canvas()
    for canvas in (slow, quick):
        canvas.setFillAlpha(0.2)  # a name given before, kept in its place
        if outer is not None:
            canvas.setFillAlpha(outer)
        canvas.saveState()
    _written_both_ways(slow, quick, blocks)
    for canvas in (slow, quick):
        canvas.restoreState()
    assert quick._extgstate._d == slow._extgstate._d


class _Mark:
    """A mark whose written ink is kept (any object that can be weakly referred to)."""


def test_ink_written_again_is_what_reportlab_writes_after_any_state():
    """A mark's ink kept from one page is written again on a page or form that starts
    alike, and written afresh after another alpha or other names."""
    blocks = [(0.5, "A"), (0.34, "B"), (0.5, "C"), (1.0, "D"), (0.8, "E")]
    mark = _Mark()

    def both(before):
        slow, quick = _canvas(), _canvas()
        for canvas in (slow, quick):
            before(canvas)
        for alpha, block in blocks:
            slow.setFillAlpha(alpha)
            slow.addLiteral(block)
        pdfpaths.write_ink(quick, blocks, mark)
        assert quick._code == slow._code
        assert quick._extgstate._c == slow._extgstate._c
        assert quick._extgstate._d == slow._extgstate._d
        quick.addLiteral("after")  # what is kept is not the canvas's own list
        return quick._code

    fresh = both(lambda canvas: None)
    assert both(lambda canvas: None) == fresh  # written again, as kept
    assert mark in pdfpaths._INK_WRITTEN
    both(lambda canvas: canvas.setFillAlpha(0.34))  # another alpha, other names
    both(lambda canvas: canvas.setFillAlpha(0.5))  # the first block's alpha already
    both(lambda canvas: (canvas.setFillAlpha(0.8), canvas.setFillAlpha(1)))  # other names
    assert both(lambda canvas: None) == fresh


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
    pdfpaths.write_ink(quick, blocks)
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
    """The invisible text's font as made by replacing fontTools' parsed glyphs one by one
    with a speck (a unit triangle at the origin)."""
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    font = TTFont(path, recalcTimestamp=False)
    glyf = font["glyf"]
    for name in font.getGlyphOrder():
        pen = TTGlyphPen(None)
        pen.moveTo((0, 0))
        pen.lineTo((0, 1))
        pen.lineTo((1, 0))
        pen.closePath()
        glyf[name] = pen.glyph()
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


@pytest.mark.parametrize(
    "runs",
    [
        [("kalam-light", "Dear Ms. Nguy"), ("patrick-hand", "ễ"), ("kalam-light", "n,")],
        [("caveat", "Ġorġ Nguy"), ("patrick-hand", "ễ"), ("caveat", "n")],
        [("patrick-hand", "Łódź Weiß Dvořák")],
    ],
    ids=["fallback-letter", "fallback-letter-caveat", "one-font"],
)
def test_the_invisible_text_reads_back_in_pdfium_every_letter(runs):
    """The text is laid as a card lays it, a letter its hand lacks in the fallback's text
    font; with glyphs of no outline at all, pdfium (Chrome's viewer) dropped that
    letter from the text it reads: "Dear Ms. Nguyễn," read "Dear Ms. Nguy n,"."""
    import pypdfium2 as pdfium

    infos = {name: resolve_font(name) for name, _ in runs}
    for name, part in runs:
        assert TTFont(io.BytesIO(infos[name].data)).getBestCmap().keys() >= {ord(c) for c in part}
    canvas, buf = new_canvas((300.0, 100.0), title="t", author="a", font=infos[runs[0][0]])
    text_object = canvas.beginText(10, 50)
    text_object.setTextRenderMode(3)
    for name, part in runs:
        text_object.setFont(pdf.register_text(infos[name]), 14)
        text_object.textOut(part)
    canvas.drawText(text_object)
    canvas.showPage()
    canvas.save()
    page = pdfium.PdfDocument(buf.getvalue())[0]
    assert page.get_textpage().get_text_range().strip() == "".join(part for _, part in runs)
    shown = np.asarray(page.render(scale=2).to_pil().convert("L"))
    assert shown.min() == 255  # drawn invisibly: not a speck shows


def test_text_runs_written_at_once_are_what_reportlabs_text_object_writes():
    import math

    from cardgen.input.fonts import fallback_fonts
    from cardgen.layout.fonts import FontSet
    from cardgen.layout.handwriting import TextRun

    hand = resolve_font("patrick-hand")
    font = FontSet(hand, fallback_fonts(hand))
    runs = [
        TextRun("Ms. Anvora Kaanel", "body", 180.256, 166.2649, 0.13, 16.0, 121.4),
        TextRun("12 Elm Street", "body", 29.0, 256.574, -1.3, 12.0, 80.0),
        TextRun("Łódź (Weiß) \\ Nguyễn 19106", "body", 1e-9, -3.2, -179.5, 19.5, 200.0),
        TextRun("\u200b", "body", 10.0, 10.0, 0.0, 15.0, 5.0),  # nothing visible: no chunk
        # more letters than the first subset's 31 free codes: a second subset, named
        TextRun(
            "".join(map(chr, range(0xC0, 0x180))) + " a Жук №", "body", 5.0, 6.0, 2.0, 9.0, 300.0
        ),
    ]
    caveat = resolve_font("caveat")
    other = FontSet(caveat, fallback_fonts(caveat))
    # Set in card.pdf, then again on the sheet; the same runs in another hand (another
    # width: another stretch), then in the first again.
    for fonts in (font, font, other, font):
        slow, quick = _canvas(), _canvas()
        text = slow.beginText()
        text.setTextRenderMode(3)
        for run in runs:  # what the surface wrote with ReportLab's calls, one by one
            natural = max(fonts.width(run.text) * run.size, 1e-6)
            text.setHorizScale(round(100 * run.width / natural, 3))
            rad = math.radians(run.angle)
            cos, sin = round(math.cos(rad), 5), round(math.sin(rad), 5)
            text.setTextTransform(cos, sin, -sin, cos, round(run.x, 2), round(run.y, 2))
            for face, chunk in fonts.face_runs(run.text):
                text.setFont(pdf.register_text(fonts.faces[face]), run.size)
                text.textOut(chunk)
        slow.drawText(text)
        surface = PdfSurface(quick)
        for run in runs:
            surface.text_run(run, fonts)
        surface.finish()
        assert quick._code == slow._code
    for named in ("/F1+1 9 Tf", "/F2+0 9 Tf", "/F3+0 9 Tf"):  # a second subset, other faces
        assert named in quick._code[-1]


def test_a_texts_runs_by_face_are_worked_out_once_a_font_set():
    from cardgen.input.fonts import fallback_fonts
    from cardgen.layout.fonts import FontSet

    hand = resolve_font("patrick-hand")
    font = FontSet(hand, fallback_fonts(hand))
    text = "Ms. Жук \u200b Łódź №"
    runs = font.face_runs(text)
    assert font.face_runs(text) is runs  # a card's line set again on the sheet
    assert "".join(chunk for _, chunk in runs) == text.replace("\u200b", "")
    other = FontSet(hand, fallback_fonts(hand))
    assert other.face_runs(text) == runs and other.face_runs(text) is not runs


def test_a_fonts_subset_is_made_once_for_every_document_that_embeds_it():
    from reportlab.pdfbase.ttfonts import TTFont as Embedded

    info = resolve_font("caveat")
    font = Embedded("caveat-subsetting-once", io.BytesIO(info.data))
    made, make = [], font.face.makeSubset
    font.face.makeSubset = lambda subset: made.append(list(subset)) or make(subset)
    pdfobjects.subsetting_once(font)
    ascii_subset = [0, *range(1, 32), *range(32, 128)]
    first = font.face.makeSubset(ascii_subset)  # card.pdf
    assert font.face.makeSubset(list(ascii_subset)) is first  # the next document's
    assert font.face.makeSubset([0, 65]) != first
    assert made == [ascii_subset, [0, 65]]
    assert first == make(ascii_subset)
    for embedded in (pdf.load_font(info), pdf._text_ttfont(info)):  # the fonts a run embeds
        assert embedded.face.makeSubset.__name__ == "subset_once"


def test_a_subsets_widths_are_formatted_once_as_reportlab_formats_them():
    widths = [0, 230, 247.5, 1e-9, -12.25, 1000, 0.333333] * 20
    slow, quick = pdfdoc.PDFType1Font(), pdfobjects.TrueTypeFont()
    slow.Subtype = "TrueType"
    for font in (slow, quick):
        font.Name, font.BaseFont, font.FirstChar, font.LastChar = "F1+0", "AAAAAA+X", 0, 139
        font.Widths = pdfdoc.PDFArray(widths)
    assert quick.format(pdfdoc.PDFDocument()) == slow.format(pdfdoc.PDFDocument())
    again = pdfobjects.TrueTypeFont()
    again.Widths = pdfdoc.PDFArray(list(widths))
    again.format(pdfdoc.PDFDocument())
    assert again.Widths is quick.Widths  # formatted once a run


def test_a_stream_met_again_is_compressed_once_and_the_oldest_forgotten(monkeypatch):
    import deflate

    calls, real = [], deflate.zlib_compress
    monkeypatch.setattr(
        deflate, "zlib_compress", lambda data, level: calls.append(data) or real(data, level)
    )
    flate = pdfobjects.QuickFlate()
    flate.KEPT = 40
    page = "q 1 0 0 1 2 3 cm 0 0 m 10 10 l f Q"  # an envelope: its PDF, then the sheet
    assert flate.encode(page) == real(page.encode(), 1)
    assert type(flate.encode(page.encode())) is bytes  # (libdeflate gives a bytearray)
    assert len(calls) == 1
    flate.encode(b"12345")
    flate.encode(b"67890")
    assert flate._kept <= flate.KEPT and page.encode() not in flate._done
    assert pdfdoc.PDFZCompress.encode(b"a font") == real(b"a font", 1)


def test_a_name_is_escaped_once_as_reportlab_escapes_it(monkeypatch):
    calls = []
    real = pdfobjects._PDF_NAME
    monkeypatch.setattr(pdfobjects, "_PDF_NAME", lambda *a: calls.append(a) or real(*a))
    monkeypatch.setattr(pdfobjects, "_NAMES", {})
    for data in ("FontDescriptor", "AAAAAA+Kalam Light(1)#%", "é\x01/", "gRLs0"):
        assert pdfobjects.pdf_name(data) == real(data)
        assert pdfobjects.pdf_name(data) == real(data)
    assert len(calls) == 4  # each name escaped once
    assert pdfobjects.pdf_name("a b", "a", "z") == real("a b", "a", "z")
    assert pdfdoc.PDFName is pdfobjects.pdf_name


def test_a_subsets_tounicode_map_is_reportlabs_made_once():
    from reportlab.pdfbase import ttfonts

    subset = [0, *range(32, 128), 0x141, 0x119]
    made = pdfobjects.to_unicode_cmap("AAAAAA+Caveat-RegularText", subset)
    assert made == pdfobjects._TO_UNICODE("AAAAAA+Caveat-RegularText", subset)
    assert pdfobjects.to_unicode_cmap("AAAAAA+Caveat-RegularText", list(subset)) is made
    assert pdfobjects.to_unicode_cmap("AAAAAA+ItimText", subset) != made
    assert ttfonts.makeToUnicodeCMap is pdfobjects.to_unicode_cmap


class _Shape:
    """A filled shape as the PDF surface sees one: points (pt) and the path template."""

    def __init__(self, points: np.ndarray, template: str = "") -> None:
        self.points = points
        self.template = template or " ".join(["{} {} l"] * len(points))


def test_shapes_formatted_at_once_are_each_formatted_as_alone():
    """An envelope's glyphs are formatted in one pass: each gets the text it would get
    alone, whatever its size, place (corners below zero, halves rounded) or neighbours."""
    rng = np.random.default_rng(5)
    sizes = (3, 1, 12, 7, 40, 2)
    shapes = [_Shape(rng.uniform(-30.0, 300.0, (n, 2)).round(2)) for n in sizes]
    shapes.append(_Shape(np.array([[0.05, -0.05], [1.25, 2.35], [-0.15, 7.45]])))
    curve = "{} {} m {} {} l {} {} {} {} {} {} c h {} {} m {} {} l h"  # a glyph's operators
    shapes.append(_Shape(rng.uniform(0.0, 90.0, (7, 2)), curve))
    shapes.append(_Shape(rng.uniform(0.0, 90.0, (7, 2)), curve))
    alone = [pdfpaths.formatted(_Shape(s.points.copy(), s.template)) for s in shapes]
    pdfpaths.formatted(shapes[2])  # formatted already: kept as it is
    pdfpaths.format_shapes([*shapes, _Shape(np.zeros((0, 2)))])
    assert all(s in pdfpaths._FORMATTED for s in shapes)
    assert [pdfpaths.formatted(s) for s in shapes] == alone


def test_shapes_of_templates_not_of_plain_fields_are_formatted_as_alone():
    """A template with numbered fields or braces of its own is filled as ``str.format``
    fills it, among shapes of plain fields."""
    points = np.array([[1.0, 2.0], [3.5, 4.25], [9.0, 0.5]])
    shapes = [
        _Shape(points, "{} {} m {} {} l {} {} l h"),
        _Shape(points + 1, "{0} {1} m {2} {3} l {4} {5} l h"),
        _Shape(points + 2, "{} {} m {} {} l {} {} l h {{}}"),
    ]
    alone = [pdfpaths.formatted(_Shape(s.points.copy(), s.template)) for s in shapes]
    pdfpaths.format_shapes(shapes)
    assert [pdfpaths._FORMATTED[s] for s in shapes] == alone


def test_pdf_text_is_encoded_as_reportlab_encodes_it():
    """Every key, name, number and string of a PDF's objects goes through our
    pdfdocEnc: the same bytes (or the same refusal) as ReportLab's own codec, for
    every character, ASCII with and without the codes PDFDocEncoding leaves out."""
    rng = random.Random(6)
    texts: list[object] = [chr(c) for c in range(0x2030)]
    texts += ["/Type", "1 0 obj\n", "", "a\tb\r\n", "\x18abc", "x\x1f", b"\x18 bytes", 5, None]
    for _ in range(5000):
        texts.append(
            "".join(
                chr(rng.choice([rng.randrange(128), rng.randrange(400)]))
                for _ in range(rng.randrange(12))
            )
        )

    def encoded(encode, text):
        try:
            return encode(text)
        except UnicodeEncodeError:
            return "refused"

    for text in texts:
        assert encoded(pdfobjects.pdfdoc_enc, text) == encoded(pdfobjects._PDFDOC_ENC, text), text
    assert pdfdoc.pdfdocEnc is pdfobjects.pdfdoc_enc


@pytest.mark.parametrize(
    "blocks",
    [
        [(0.7, "A"), (0.3, "B")],  # the first at the alpha already set, never set again
        [(0.5, "A"), (0.5, "B"), (0.3, "C"), (0.3, "D"), (0.7, "E")],  # alphas repeated
        [(0.7, "A")],
        [],
    ],
)
def test_ink_blocks_of_any_alphas_are_written_as_reportlab_writes_them(blocks):
    slow, quick = _canvas(), _canvas()
    for canvas in (slow, quick):
        canvas.setFillAlpha(0.7)
    _written_both_ways(slow, quick, blocks)
