"""A pen's ink in a PDF: each piece filled with its own alpha, a crossing darker."""

from __future__ import annotations

import io
import random
import re

import numpy as np
import pypdfium2
from pypdf import PdfReader

from cardgen.input.fonts import resolve_font
from cardgen.input.layouts import pens
from cardgen.layout.art import Writing
from cardgen.layout.ink import InkPiece, ink_strokes
from cardgen.render.pdf import PdfSurface, hex_rgb, new_canvas
from cardgen.render.pdfpaths import ALPHA_STEP, ink_blocks
from cardgen.render.surface import Palette, draw_art
from cardgen.units import MM

INK = hex_rgb("#1d2b5c")
PALETTE = Palette(INK, (1.0, 1.0, 1.0))
PAGE = 60 * MM
DPI = 600


def _pdf(strokes: list[np.ndarray], pen_name: str = "ballpoint") -> bytes:
    canvas, buf = new_canvas((PAGE, PAGE), title="t", author="a", font=resolve_font("caveat"))
    pieces = ink_strokes(strokes, pens()[pen_name], random.Random(4), 14.0)
    draw_art(PdfSurface(canvas), [Writing((), ink=pieces)], PALETTE)
    canvas.showPage()
    canvas.save()
    return buf.getvalue()


def _darkness(pdf: bytes) -> np.ndarray:
    """The page at 600 dpi: 0 paper .. 1 the ink laid opaque (blue channel), y down."""
    image = pypdfium2.PdfDocument(pdf)[0].render(scale=DPI / 72).to_pil().convert("RGB")
    blue = np.asarray(image, dtype=float)[:, :, 2] / 255
    return (1 - blue) / (1 - INK[2])


def _px(x_mm: float, y_mm: float) -> tuple[int, int]:
    """(row, column) of a point given in mm from the page's bottom left."""
    return round((PAGE - y_mm * MM) * DPI / 72), round(x_mm * MM * DPI / 72)


def _line(x0: float, y0: float, x1: float, y1: float) -> np.ndarray:
    t = np.linspace(0, 1, 60)[:, None]
    return np.array([x0, y0]) * MM * (1 - t) + np.array([x1, y1]) * MM * t


def test_each_piece_is_filled_with_its_alpha_and_a_crossing_prints_darker():
    across, down = _line(10, 30, 50, 30), _line(30, 50, 30, 10)
    pdf = _pdf([across, down, np.array([[45 * MM, 45 * MM]])])
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    states = page["/Resources"]["/ExtGState"]
    alphas = sorted(float(state.get_object()["/ca"]) for state in states.values())
    pen = pens()["ballpoint"]
    assert alphas and all(
        pen.opacity - pen.tone - ALPHA_STEP <= a <= pen.opacity + pen.tone + ALPHA_STEP
        for a in alphas
    )
    assert all(abs(a / ALPHA_STEP - round(a / ALPHA_STEP)) < 1e-6 for a in alphas)
    content = page.get_contents().get_data().decode("latin-1")
    assert content.count(" gs") >= 2 and " f Q" in content
    dark = _darkness(pdf)
    single = max(dark[_px(20, 30)], dark[_px(30, 20)])  # one stroke's ink
    crossing = dark[_px(30, 30)]
    assert dark[_px(5, 5)] < 0.02  # the paper, bare
    assert 0.7 < single < 0.97  # the ink, not quite opaque
    assert crossing > single + 0.05  # laid twice where the strokes cross
    assert dark[_px(45, 45)] > 0.6  # the dot


def test_the_ink_is_as_wide_as_the_pen_and_its_pieces_leave_no_gap():
    pen = pens()["ballpoint"]
    dark = _darkness(_pdf([_line(5, 30, 55, 30)]))
    row_of = _px(0, 30)[0]
    column = dark[:, _px(30, 30)[1]]
    inked = np.nonzero(column > 0.5)[0]
    width_mm = (inked.max() - inked.min() + 1) * 25.4 / DPI
    assert abs(inked.mean() - row_of) < 3
    assert 0.6 * pen.width_mm < width_mm < 1.4 * pen.width_mm
    # Along the middle of the line, every pixel is inked: the pieces meet.
    middle = dark[row_of, _px(6, 30)[1] : _px(54, 30)[1]]
    assert middle.min() > 0.5


def test_ink_drawn_into_a_form_keeps_its_alphas_as_the_print_sheet_places_it():
    """A card page goes onto the print sheet as a form: the form names its own alphas."""
    canvas, buf = new_canvas((PAGE, PAGE), title="t", author="a", font=resolve_font("caveat"))
    canvas.beginForm("card", 0, 0, PAGE, PAGE)
    strokes = [_line(10, 30, 50, 30), _line(30, 50, 30, 10)]
    pieces = ink_strokes(strokes, pens()["ballpoint"], random.Random(4), 14.0)
    draw_art(PdfSurface(canvas), [Writing((), ink=pieces)], PALETTE)
    canvas.endForm()
    canvas.doForm("card")
    canvas.showPage()
    canvas.save()
    page = PdfReader(io.BytesIO(buf.getvalue())).pages[0]
    (form,) = (ref.get_object() for ref in page["/Resources"]["/XObject"].values())
    content = form.get_data().decode("latin-1")
    named = set(re.findall(r"/(\S+) gs", content))
    states = form["/Resources"]["/ExtGState"]
    assert named and named == {name.lstrip("/") for name in states}
    assert all(float(state.get_object()["/ca"]) < 1 for state in states.values())
    assert "/Font" in form["/Resources"]  # the rest of its resources as before
    dark = _darkness(buf.getvalue())
    assert 0.7 < dark[_px(20, 30)] < 0.97 and dark[_px(30, 30)] > dark[_px(20, 30)] + 0.05


def _blocks_piece_by_piece(pieces: list[InkPiece]) -> list[tuple[float, str]]:
    """The ink's blocks formatted one piece at a time, each from its own corner."""
    blocks: list[tuple[float, list[str]]] = []
    for piece in pieces:
        if len(piece.points) < 3:
            continue
        alpha = min(1.0, max(0.0, round(round(piece.alpha / ALPHA_STEP) * ALPHA_STEP, 2)))
        scaled = np.rint(piece.points * 10).astype(np.int64)
        ox, oy = scaled.min(axis=0).tolist()
        coords = (scaled - (ox, oy)).tolist()
        (x0, y0), rest = coords[0], coords[1:]
        text = f"q 1 0 0 1 {ox} {oy} cm {x0} {y0} m" + "".join(f" {x} {y} l" for x, y in rest)
        text += " f Q"
        if not blocks or blocks[-1][0] != alpha:
            blocks.append((alpha, []))
        blocks[-1][1].append(text)
    return [(a, "q 0.1 0 0 0.1 0 0 cm\n" + "\n".join(b) + "\nQ") for a, b in blocks]


def test_the_ink_formatted_at_once_is_the_ink_formatted_piece_by_piece():
    rng = np.random.default_rng(9)
    pieces = [
        InkPiece(rng.uniform(-40, 400, size=(int(n), 2)), float(a))
        for n, a in zip(
            rng.integers(2, 30, 60), rng.choice([0.31, 0.3, 0.9, 1.2, -0.1], 60), strict=True
        )
    ]
    assert ink_blocks(pieces) == _blocks_piece_by_piece(pieces)
    inked = ink_strokes(
        [np.array([[0.0, 0.0], [40.0, 9.0], [80.0, 0.0]])], pens()["gel"], random.Random(1), 14.0
    )
    assert ink_blocks(inked) == _blocks_piece_by_piece(list(inked))
    far = [InkPiece(np.array([[1900.0, 950.0], [1905.5, 951.0], [1902.0, 960.25]]), 0.5)]
    assert ink_blocks(far) == _blocks_piece_by_piece(far)  # numbers past any table yet
    assert ink_blocks([]) == []


def test_ink_on_the_page_is_formatted_piece_by_piece_however_large_its_numbers_grow():
    """Ink wholly on the page (no number below zero) is written from numbers looked up
    with what follows them: as formatted piece by piece, before and after larger
    numbers than any yet have grown the look-up."""
    rng = np.random.default_rng(12)

    def pieces(top: float) -> list[InkPiece]:
        return [
            InkPiece(rng.uniform(0.0, top, size=(int(n), 2)), float(a))
            for n, a in zip(rng.integers(3, 30, 80), rng.choice([0.3, 0.5, 0.9], 80), strict=True)
        ]

    for top in (40.0, 400.0, 4000.0, 40.0):
        ink = pieces(top)
        assert ink_blocks(ink) == _blocks_piece_by_piece(ink)
