"""Shared helpers for the card tests (textfit, handwriting, geometry, card PDFs).

Plain functions, cached per test run, so test modules can use them directly or
wrap them in fixtures. Lengths are PostScript points (1 in = 72 pt).
"""

from __future__ import annotations

import ctypes
import io
import math
from functools import cache
from pathlib import Path

import pypdfium2.raw as pdfium_c
from msgspec.structs import replace

from cardgen import app
from cardgen.app import Options, Run, card_text
from cardgen.input.config import load_interview
from cardgen.input.fonts import fallback_fonts, resolve_font
from cardgen.input.layouts import card_layouts, cultures, resolve_culture
from cardgen.layout.card import CardArt, CardText, card_seed, compose_card
from cardgen.layout.fonts import FontSet
from cardgen.layout.geometry import Sheet, transform_zone
from cardgen.layout.handwriting import NEATNESS, Hand
from cardgen.model import CardLayout, FontInfo, Interview, Zone

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "hartwell.yaml"


def font_set(info: FontInfo) -> FontSet:
    """``info`` with the shipped fonts that stand in for characters it lacks."""
    return FontSet(info, fallback_fonts(info))


def planned(interview: Interview, options: Options) -> Run:
    """A run as the CLI plans it: the catalogue read for it, then the pure plan."""
    return app.plan(interview, options, app.catalogue(interview, options))


INCH = 72.0
MM = 72.0 / 25.4
PRINTER_EDGE = 18.0  # pt: 0.25 in × 72, the usual unprintable border
INK = "#1d2b5c"
STOCK = "#fffdf5"

LAYOUT_NAMES = tuple(card_layouts())


def layout(name: str) -> CardLayout:
    """A shipped card layout by name."""
    return card_layouts()[name]


@cache
def sample() -> Interview:
    """The shipped sample interview (a conservative law firm, three interviewers)."""
    return load_interview(SAMPLE)


@cache
def fonts(body: str = "dancing-script", signature: str = "dancing-script") -> dict[str, FontSet]:
    """FontSets per role, as ``cardgen make`` builds them for a card; a pen's hand
    (``ems-allure``) writes the note and the signature, as the plan sets it."""
    if body in ("ems-allure", "relief-singleline"):
        from cardgen.input.strokes import stroke_font
        from cardgen.layout.strokes import StrokeSet

        fallback = stroke_font("relief-singleline") if body == "ems-allure" else None
        text = font_set(resolve_font("patrick-hand"))
        pen = StrokeSet(stroke_font(body), fallback=fallback, text=text)
        return {"body": pen, "signature": pen, "front": font_set(resolve_font("dancing-script"))}
    return {"body": font_set(resolve_font(body)), "signature": font_set(resolve_font(signature))}


@cache
def ballpoint():
    """The default pen."""
    from cardgen.input.layouts import pens

    return pens()["ballpoint"]


def hand(neatness: str = "neat") -> Hand:
    """The hand ``cardgen make`` uses for ``--neatness``."""
    return Hand(k=NEATNESS[neatness])


def sample_text(index: int = 0, *, note: str | None = None) -> CardText:
    """Interviewer ``index``'s card text, as a conservative culture writes it."""
    interview = sample()
    culture = resolve_culture("conservative", cultures())
    number = index % len(interview.interviewers) + 1
    person = interview.interviewers[number - 1]
    if note is not None:
        person = replace(person, note=note)
    return card_text(interview, culture, number, person)  # as make and check build it


def compose(
    layout_name: str,
    *,
    index: int = 0,
    seed: int = 0,
    neatness: str = "neat",
    text: CardText | None = None,
    body_font: str = "dancing-script",
) -> CardArt:
    """Compose one sample card on a shipped layout (a pen's hand in the ballpoint's ink)."""
    text = text or sample_text(index)
    pen_hand = body_font in ("ems-allure", "relief-singleline")
    return compose_card(
        text,
        layout(layout_name),
        fonts(body_font),
        hand(neatness),
        card_seed(seed, text.recipient or "card"),
        monogram="A · R",
        scale=0.85 if body_font == "relief-singleline" else 1.0,
        pen=ballpoint() if pen_hand else None,
    )


def render(art: CardArt, *, title: str = "Thank-you card", author: str = "Alex Rivera") -> bytes:
    """``card.pdf`` bytes of a composed card."""
    from cardgen.render.card import render_card_pdf

    return render_card_pdf(art, title=title, author=author, ink=INK, stock=STOCK)


@cache
def sample_card_pdf(layout_name: str, seed: int = 0) -> bytes:
    """The first sample interviewer's card on ``layout_name``, rendered once per run."""
    return render(compose(layout_name, seed=seed))


# -- where things may go ----------------------------------------------------------


def panel_safe_zones(art_or_layout, page: int) -> list[tuple[str, Zone, bool]]:
    """(role, safe zone in card-page coordinates, turned) of every panel on a card page."""
    from cardgen.layout.geometry import card_pages

    lay = art_or_layout.layout if isinstance(art_or_layout, CardArt) else art_or_layout
    pages = card_pages(lay)
    out = []
    for panel in pages[page].panels:
        out.append((panel.role, panel.zone.inset(lay.safe_margin), panel.turned))
    return out


def sheet_safe_zones(lay: CardLayout, sheet: Sheet, page: int) -> list[Zone]:
    """Every panel's safe area of every slot, on sheet page ``page``."""
    from cardgen.layout.geometry import card_pages

    card_page = card_pages(lay)[page]
    zones = []
    for slot in sheet.slots:
        for panel in card_page.panels:
            # The panel's zone is already in card-page coordinates, turned or not.
            zones.append(transform_zone(slot.matrices[page], panel.zone.inset(lay.safe_margin)))
    return zones


def char_box(ch: dict, page_height: float) -> Zone:
    """A pdfplumber character's box in PDF coordinates (origin bottom-left)."""
    return Zone(ch["x0"], page_height - ch["bottom"], ch["x1"] - ch["x0"], ch["bottom"] - ch["top"])


def char_angle(ch: dict) -> float:
    """The rotation of a pdfplumber character's text matrix, in degrees (-180, 180]."""
    a, b = ch["matrix"][0], ch["matrix"][1]
    return math.degrees(math.atan2(b, a))


def zone_centre(z: Zone) -> tuple[float, float]:
    """The centre of a zone."""
    return z.x + z.width / 2, z.y + z.height / 2


def pdf_chars(data: bytes) -> list[list[dict]]:
    """pdfplumber characters per page (spaces dropped)."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as doc:
        return [[c for c in page.chars if c["text"].strip()] for page in doc.pages]


def message_seed(name: str, seed: int = 0) -> int:
    """The seed ``cardgen make`` gives the card to ``name``."""
    return card_seed(seed, name)


# -- reading a PDF with pdfium (C: a hundredth of pdfminer's time for a sheet) ----------


def path_bounds(obj) -> tuple[float, float, float, float]:
    """(left, bottom, right, top) of a path object, in the space of its page or form."""
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    assert pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
    return left.value, bottom.value, right.value, top.value


def pdf_matrix(obj) -> tuple[float, ...]:
    """A page object's matrix, to the space of its page or form."""
    m = pdfium_c.FS_MATRIX()
    assert pdfium_c.FPDFPageObj_GetMatrix(obj, m)
    return m.a, m.b, m.c, m.d, m.e, m.f


def then(m, n) -> tuple[float, ...]:
    """PDF's ``m`` then ``n`` (row vectors: [x y 1] · m · n); the reader's own, not cardgen's."""
    a, b, c, d, e, f = m
    return (
        a * n[0] + b * n[2],
        a * n[1] + b * n[3],
        c * n[0] + d * n[2],
        c * n[1] + d * n[3],
        e * n[0] + f * n[2] + n[4],
        e * n[1] + f * n[3] + n[5],
    )


def path_objects(page):
    """(path object, its matrix to the page) of every path ``page`` draws, those inside
    Form XObjects too (a card on a sheet)."""

    def walk(obj, to_page):
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            inner = then(pdf_matrix(obj), to_page)  # the form's own space → the page
            for i in range(pdfium_c.FPDFFormObj_CountObjects(obj)):
                yield from walk(pdfium_c.FPDFFormObj_GetObject(obj, i), inner)
        elif kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            yield obj, to_page

    for i in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
        yield from walk(pdfium_c.FPDFPage_GetObject(page.raw, i), (1, 0, 0, 1, 0, 0))


def path_points(obj, to_page) -> list[tuple[float, float]]:
    """Every point of a path object's segments (control points too), on the page."""
    a, b, c, d, e, f = then(pdf_matrix(obj), to_page)
    x, y = ctypes.c_float(), ctypes.c_float()
    out = []
    for i in range(pdfium_c.FPDFPath_CountSegments(obj)):
        assert pdfium_c.FPDFPathSegment_GetPoint(pdfium_c.FPDFPath_GetPathSegment(obj, i), x, y)
        out.append((a * x.value + c * y.value + e, b * x.value + d * y.value + f))
    return out


def char_origins(page) -> list[tuple[float, float]]:
    """The origin of every character written on a pdfium page (not those pdfium adds
    between words and lines, nor spaces), in the order it reads them."""
    text = page.get_textpage()
    x, y = ctypes.c_double(), ctypes.c_double()
    out = []
    try:
        for i in range(text.count_chars()):
            if pdfium_c.FPDFText_IsGenerated(text.raw, i):
                continue
            if not chr(pdfium_c.FPDFText_GetUnicode(text.raw, i)).strip():
                continue
            assert pdfium_c.FPDFText_GetCharOrigin(text.raw, i, x, y)
            out.append((x.value, y.value))
    finally:
        text.close()
    return out
