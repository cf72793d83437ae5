"""Card and print-sheet PDFs: what a printer and a reader care about.

Cards are rendered through the library (compose → render) and through
``cardgen make`` on samples/hartwell.yaml; sizes are checked to the point,
characters located with pdfplumber, pages looked at with pypdfium2.
"""

from __future__ import annotations

import ctypes
import io
import json
import math
import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

import pdfplumber
import pypdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from cardfixtures import (
    LAYOUT_NAMES,
    MM,
    PRINTER_EDGE,
    SAMPLE,
    char_angle,
    char_box,
    compose,
    layout,
    panel_safe_zones,
    path_bounds,
    path_objects,
    pdf_chars,
    render,
    sample,
    sample_card_pdf,
    sample_text,
    sheet_safe_zones,
)
from typer.testing import CliRunner

from cardgen.cli import app
from cardgen.input.fonts import font_catalogue, resolve_font
from cardgen.layout.card import CardText
from cardgen.layout.geometry import (
    PAPER,
    card_pages,
    impose,
    multiply,
    panel_matrix,
    transform_zone,
)
from cardgen.model import Zone
from cardgen.render.pdf import load_font
from cardgen.textrules import paragraphs

# Flat (printed) page size per layout, in pt.
PAGE_SIZE = {
    "a2-flat": (306, 396),  # 4.25 in × 72, 5.5 in × 72
    "a2-halffold": (612, 396),  # 8.5 in × 72, 5.5 in × 72
    "a2-quarterfold": (612, 792),  # 8.5 in × 72, 11 in × 72 (Letter)
    "a7-flat": (360, 504),  # 5 in × 72, 7 in × 72
    "a6-flat": (105 * MM, 148 * MM),  # 297.64 × 419.53
    "a6-halffold": (210 * MM, 148 * MM),  # 595.28 × 419.53 (A5 landscape)
    "a6-quarterfold": (210 * MM, 297 * MM),  # 595.28 × 841.89 (A4)
}
PAGES = {"none": 1, "half": 2, "quarter": 1}
BASE14 = (
    "Helvetica",
    "Times",
    "Courier",
    "Symbol",
    "ZapfDingbats",
)
ROUND = 1e-3  # pt: ReportLab writes boxes to 4 decimals

runner = CliRunner()


# -- helpers -----------------------------------------------------------------------------


def read(data: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(data))


def fonts_in(reader: pypdf.PdfReader) -> list[dict]:
    """Every font dictionary used on any page (resources and form XObjects)."""
    found = []
    seen = set()

    def walk(resources):
        if resources is None:
            return
        resources = resources.get_object()
        for font in (resources.get("/Font") or {}).values():
            ref = id(font.get_object())
            if ref not in seen:
                seen.add(ref)
                found.append(font.get_object())
        for xobj in (resources.get("/XObject") or {}).values():
            xobj = xobj.get_object()
            if xobj.get("/Subtype") == "/Form":
                walk(xobj.get("/Resources"))

    for page in reader.pages:
        walk(page.get("/Resources"))
    return found


def assert_fonts_embedded(data: bytes) -> None:
    reader = read(data)
    fonts = fonts_in(reader)
    assert fonts, "no fonts at all"
    for font in fonts:
        base = str(font["/BaseFont"])
        assert not any(b in base for b in BASE14), base
        assert re.fullmatch(r"/[A-Z]{6}\+[\w-]+", base), base  # a subset
        descendants = font.get("/DescendantFonts")
        desc = (descendants[0].get_object() if descendants else font)["/FontDescriptor"]
        assert "/FontFile2" in desc.get_object(), base  # TrueType outlines inside the PDF
    # No font is named anywhere else either (e.g. an unused initial Helvetica).
    names = set(re.findall(rb"/BaseFont\s*/([^\s/<>\[\]]+)", data))
    assert names
    for name in names:
        assert not any(b.encode() in name for b in BASE14), name


def assert_pdf_settings(data: bytes, *, title: str, author: str) -> None:
    assert data.startswith(b"%PDF-1.7")
    reader = read(data)
    assert reader.trailer["/Root"]["/ViewerPreferences"]["/PrintScaling"] == "/None"
    meta = reader.metadata
    assert meta.title == title
    assert meta.author == author


def page_size(page) -> tuple[float, float]:
    box = page.mediabox
    assert (float(box.left), float(box.bottom)) == (0, 0)
    return float(box.width), float(box.height)


@cache
def ps_cmaps() -> dict[str, set[int]]:
    """The character map of every shipped font, by PostScript name."""
    out = {}
    for info in font_catalogue().values():
        face = load_font(resolve_font(info.name)).face
        name = face.name.decode() if isinstance(face.name, bytes) else face.name
        out[name] = set(face.charToGlyph)
    return out


@lru_cache(maxsize=32)
def parsed_page(data: bytes, index: int) -> tuple[float, tuple[dict, ...], tuple[dict, ...]]:
    """(height, chars, curves) of page ``index``, parsed once per run: several tests
    ask about the same card or sheet, and pdfminer's parse is what they spend."""
    with pdfplumber.open(io.BytesIO(data)) as doc:
        page = doc.pages[index]
        return float(page.height), tuple(page.chars), tuple(page.curves)


@lru_cache(maxsize=32)
def page_count(data: bytes) -> int:
    return len(read(data).pages)


@pytest.fixture(autouse=True, scope="module")
def _forget_parsed_pages():
    """Free the parsed pages after this module: a big test process forks slower."""
    yield
    parsed_page.cache_clear()
    page_count.cache_clear()
    drawn_paths.cache_clear()
    sheet_chars.cache_clear()


def page_chars(data: bytes, index: int):
    height, chars, _ = parsed_page(data, index)
    return height, [c for c in chars if c["text"].strip()]


def page_paths(data: bytes, index: int) -> tuple[float, list[Zone]]:
    """The boxes (PDF coordinates, y up) of every path drawn on page ``index``."""
    height, paths = drawn_paths(data)[index]
    return height, [box for box, _filled in paths]


@lru_cache(maxsize=16)
def drawn_paths(data: bytes) -> tuple[tuple[float, tuple[tuple[Zone, bool], ...]], ...]:
    """Per page: its height and (box in page coordinates, y up; filled or only stroked)
    of every path it draws, read by pdfium: pdfminer takes seconds to parse a sheet. A
    path's box is that of all its subpaths (pdfplumber's ``curves`` split them): a box
    inside a zone is every piece inside it."""
    doc = pdfium.PdfDocument(data)
    try:
        pages = []
        for page in doc:
            out = []
            for obj, (a, b, c, d, e, f) in path_objects(page):
                left, bottom, right, top = path_bounds(obj)  # in the space of its form
                corners = [
                    (a * x + c * y + e, b * x + d * y + f)
                    for x in (left, right)
                    for y in (bottom, top)
                ]
                xs, ys = [x for x, _ in corners], [y for _, y in corners]
                fill, stroke = ctypes.c_int(), ctypes.c_int()
                assert pdfium_c.FPDFPath_GetDrawMode(obj, fill, stroke)
                box = Zone(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))
                out.append((box, fill.value != pdfium_c.FPDF_FILLMODE_NONE))
            pages.append((page.get_height(), tuple(out)))
            page.close()
        return tuple(pages)
    finally:
        doc.close()


@lru_cache(maxsize=16)
def sheet_chars(data: bytes, index: int) -> tuple[tuple[str, Zone, float], ...]:
    """(character, its glyph's box in PDF coordinates (y up), its angle in degrees,
    (-180, 180]) of every written character of page ``index``, read by pdfium: a sheet
    is all the cards' outlines, seconds of pdfminer's time."""
    doc = pdfium.PdfDocument(data)
    try:
        page = doc[index]
        text = page.get_textpage()
        out = []
        for i in range(text.count_chars()):
            ch = chr(pdfium_c.FPDFText_GetUnicode(text.raw, i))
            if pdfium_c.FPDFText_IsGenerated(text.raw, i) or not ch.strip():
                continue
            left, right, bottom, top = (ctypes.c_double() for _ in range(4))
            assert pdfium_c.FPDFText_GetCharBox(text.raw, i, left, right, bottom, top)
            box = Zone(left.value, bottom.value, right.value - left.value, top.value - bottom.value)
            angle = math.degrees(pdfium_c.FPDFText_GetCharAngle(text.raw, i))
            out.append((ch, box, angle - 360 if angle > 180 else angle))
        text.close()
        page.close()
        return tuple(out)
    finally:
        doc.close()


def subpath_count(data: bytes) -> int:
    """How many subpaths (each begun by a move) the PDF's paths hold, as pdfplumber's
    ``curves`` count them."""
    doc = pdfium.PdfDocument(data)
    try:
        count = 0
        for page in doc:
            for obj, _ in path_objects(page):
                for i in range(pdfium_c.FPDFPath_CountSegments(obj)):
                    segment = pdfium_c.FPDFPath_GetPathSegment(obj, i)
                    count += (
                        pdfium_c.FPDFPathSegment_GetType(segment) == pdfium_c.FPDF_SEGMENT_MOVETO
                    )
        return count
    finally:
        doc.close()


def message_text(art) -> str:
    """What the card's writing says, without spaces (as pdfplumber's chars give it)."""
    return "".join(run.text for run in art.runs).replace(" ", "")


def inside(box: Zone, zone: Zone, tol: float = 0.01) -> bool:
    return zone.contains(box, tol=tol)


# -- card.pdf through the library -------------------------------------------------------


@pytest.mark.parametrize("name", LAYOUT_NAMES)
def test_card_page_sizes_and_trimbox(name):
    data = sample_card_pdf(name)
    reader = read(data)
    lay = layout(name)
    assert len(reader.pages) == PAGES[lay.fold]
    for page in reader.pages:
        assert page_size(page) == pytest.approx(PAGE_SIZE[name], abs=ROUND)
        assert "/TrimBox" in page  # before reading page.trimbox, which invents one
        trim = page.trimbox
        assert (float(trim.left), float(trim.bottom)) == (0, 0)
        assert (float(trim.width), float(trim.height)) == pytest.approx(PAGE_SIZE[name], abs=ROUND)


@pytest.mark.parametrize("name", LAYOUT_NAMES)
def test_card_fonts_embedded_and_settings(name):
    data = sample_card_pdf(name)
    assert_fonts_embedded(data)
    assert_pdf_settings(data, title="Thank-you card", author="Alex Rivera")


@pytest.mark.parametrize("name", LAYOUT_NAMES)
def test_card_pdf_under_80_kb(name):
    assert len(sample_card_pdf(name)) < 80 * 1024


@pytest.mark.parametrize("name", LAYOUT_NAMES)
def test_card_is_byte_identical_for_a_seed(name):
    once = sample_card_pdf(name)
    again = render(compose(name, seed=0))
    assert once == again
    other = render(compose(name, seed=1))
    assert other != once


@pytest.mark.parametrize("name", LAYOUT_NAMES)
def test_glyph_boxes_inside_a_safe_area(name):
    """Every drawn path lies in a panel's safe area; the note's text is all on the message."""
    art = compose(name)
    data = sample_card_pdf(name)
    message_chars = ""
    paths = 0
    for index in range(len(card_pages(art.layout))):
        zones = panel_safe_zones(art, index)
        _, boxes = page_paths(data, index)
        for box in boxes:
            assert any(inside(box, zone) for _, zone, _ in zones), box
        paths += len(boxes)
        height, chars = page_chars(data, index)
        for ch in chars:
            homes = [role for role, zone, _ in zones if inside(char_box(ch, height), zone, 2.0)]
            if homes and homes[0] == "message":
                message_chars += ch["text"]
    assert paths >= art.glyph_count  # every glyph is a path (some have several)
    # The invisible text says exactly what is written, on the message panel.
    assert message_chars == message_text(art)


@pytest.mark.parametrize("name", [n for n in LAYOUT_NAMES if layout(n).fold == "quarter"])
def test_quarter_fold_message_upside_down_top_left(name):
    art = compose(name)
    data = sample_card_pdf(name)
    height, chars = page_chars(data, 0)
    width = PAGE_SIZE[name][0]
    top_left, elsewhere = [], []
    for ch in chars:
        box = char_box(ch, height)
        cx, cy = box.x + box.width / 2, box.y + box.height / 2
        (top_left if cx < width / 2 and cy > height / 2 else elsewhere).append(ch)
    assert "".join(c["text"] for c in top_left) == message_text(art)
    for ch in top_left:
        # ≈180°: upside down on the sheet, upright once folded (the line's slope aside).
        assert abs(abs(char_angle(ch)) - 180) < 3, ch["text"]
        assert ch["matrix"][0] < 0 and ch["matrix"][3] < 0
    # The rest is the front's "Thank you" and monogram: upright, bottom-right.
    assert elsewhere
    for ch in elsewhere:
        box = char_box(ch, height)
        assert box.x > width / 2 and box.top < height / 2
        assert abs(char_angle(ch)) < 3
    # The writing itself (paths): the message top left, the front's rule bottom right.
    _, boxes = page_paths(data, 0)
    message = [b for b in boxes if b.x + b.width / 2 < width / 2]
    assert len(message) >= art.glyph_count
    assert all(b.y >= height / 2 for b in message)


@pytest.mark.parametrize("name", [n for n in LAYOUT_NAMES if layout(n).fold == "half"])
def test_half_fold_message_on_the_inside_right(name):
    art = compose(name)
    data = sample_card_pdf(name)
    width = PAGE_SIZE[name][0]
    _, outside = page_chars(data, 0)
    _, inside_chars = page_chars(data, 1)
    assert "".join(c["text"] for c in inside_chars) == message_text(art)
    assert all(c["x0"] >= width / 2 - 2 for c in inside_chars)
    _, boxes = page_paths(data, 1)
    assert len(boxes) >= art.glyph_count and all(b.x >= width / 2 for b in boxes)
    # Page 1 is the outside: the front (right half) carries "Thank you", the back nothing.
    assert outside and all(c["x0"] >= width / 2 for c in outside)
    assert "Thankyou" in "".join(c["text"] for c in outside)  # spaces dropped


# -- rendering smoke check ---------------------------------------------------------------


def _dark_pixels(img, box) -> int:
    hist = img.crop(box).histogram()
    return sum(hist[:128])


def _faint_pixels(img, box) -> int:
    hist = img.crop(box).histogram()
    return sum(hist[:245])


@pytest.mark.parametrize("name", LAYOUT_NAMES)
def test_render_has_ink_in_message_and_blank_margins(name):
    scale = 100 / 72  # 100 dpi
    art = compose(name)
    doc = pdfium.PdfDocument(sample_card_pdf(name))
    try:
        for index in range(len(doc)):
            page = doc[index]
            h = page.get_height()
            img = page.render(scale=scale).to_pil().convert("L")

            def px(x0, y0, x1, y1, h=h):
                return (
                    math.floor(x0 * scale),
                    math.floor((h - y1) * scale),
                    math.ceil(x1 * scale),
                    math.ceil((h - y0) * scale),
                )

            for role, safe, _ in panel_safe_zones(art, index):
                m = art.layout.safe_margin
                z = Zone(safe.x - m, safe.y - m, safe.width + 2 * m, safe.height + 2 * m)
                one = 1 / scale  # a pixel, in pt: the edge pixel may be shared
                bands = [
                    px(z.x, z.y, safe.x - one, z.top),
                    px(safe.right + one, z.y, z.right, z.top),
                    px(z.x, z.y, z.right, safe.y - one),
                    px(z.x, safe.top + one, z.right, z.top),
                ]
                for band in bands:
                    assert _faint_pixels(img, band) == 0, (role, band)
                if role == "message":
                    assert _dark_pixels(img, px(safe.x, safe.y, safe.right, safe.top)) > 2000
                elif role == "front":
                    assert _dark_pixels(img, px(safe.x, safe.y, safe.right, safe.top)) > 300
                else:
                    assert _faint_pixels(img, px(z.x, z.y, z.right, z.top)) == 0, role
    finally:
        doc.close()


# -- names from Latin-script languages ---------------------------------------------------

NAMES = [
    "Margaret Dvořák",  # Czech
    "Łukasz Fabiański",  # Polish
    "Nguyễn Thị Ánh Viên",  # Vietnamese
    "Nuri Şahin",  # Turkish
    "Anders Ångström",  # Swedish
    "Siobhán O'Brien",  # Irish
    "Đorđe Balašević",  # Serbian (Latin)
    "Martin Ødegaard",  # Norwegian
    "Slavoj Žižek",  # Slovene
    "Thomas Müller",  # German
    "Søren Kierkegaard",  # Danish
    "Begoña Núñez",  # Spanish
    "Hakan Çalhanoğlu",  # Turkish
    "İlkay Gündoğan",  # Turkish
    "Pál Erdős",  # Hungarian
    "Ion Țiriac",  # Romanian (comma below)
    "Ștefan Bănică",  # Romanian
    "Vlad Ţepeş",  # Romanian (cedilla forms)
    "Ĳsbrand Chardon",  # Dutch (IJ ligature)
    "Björk Guðmundsdóttir",  # Icelandic
    "Þóra Arnórsdóttir",  # Icelandic
    "Dalia Grybauskaitė",  # Lithuanian
    "Krišjānis Kariņš",  # Latvian
    "Ġorġ Borg Olivier",  # Maltese
    "Luka Modrić",  # Croatian
    "Tõnu Õunapuu",  # Estonian
    "Llŷr Ifans",  # Welsh
    "João Gonçalves",  # Portuguese
    "Ľudovít Štúr",  # Slovak
    "Trần Hưng Đạo",  # Vietnamese
]


def test_thirty_names():
    assert len(NAMES) == len(set(NAMES)) == 30


NAME_FONTS = ["dancing-script", "kalam-light"]


def _name_text(person: str) -> CardText:
    return CardText(
        salutation=f"Dear {person},",
        note=f"Thank you, {person}, for the tour of the office on Thursday.",
        closing="Sincerely,",
        signature=person,
        recipient=person,
    )


def _read_names(folder: Path) -> None:
    """Each name's card rendered and its text layer read back by pypdf, beside the tests
    (tests/conftest.py): pypdf parses every outline of the page, sixty times over."""
    read_backs = {
        f"{font} {person}": read(
            render(compose("a2-flat", text=_name_text(person), body_font=font))
        )
        .pages[0]
        .extract_text()
        for font in NAME_FONTS
        for person in NAMES
    }
    (folder / "names.json").write_text(json.dumps(read_backs), encoding="utf-8")


@cache
def _names_read(folder: Path) -> dict[str, str]:
    return json.loads((folder / "names.json").read_text(encoding="utf-8"))


@pytest.mark.beside("_read_names")
@pytest.mark.parametrize("body_font", NAME_FONTS)
@pytest.mark.parametrize("person", NAMES)
def test_name_rendered_without_dropped_glyphs(person, body_font, beside):
    """Every letter is written, each from a font that has it (Kalam needs fallbacks)."""
    text = _name_text(person)
    art = compose("a2-flat", text=text, body_font=body_font)
    expected = "".join(
        ch for part in (text.salutation, text.note, text.closing, person) for ch in part
    ).replace(" ", "")
    assert "".join(g.ch for g in art.glyphs) == expected  # every character written once
    for g in art.glyphs:
        face = art.fonts[g.role].faces[g.face]
        for ch in g.ch:
            assert art.fonts[g.role].face_index(ch) == g.face, (ch, face.name)
        assert len(g.points) or g.ch in ("", " ")  # an outline, not an empty box
    # And it reads back, every character in order (pypdf: a third of pdfplumber's time
    # for the same text layer; test_the_card_text_extracts_exactly reads with both), from
    # the same card rendered by _read_names.
    assert beside.returncode == 0, beside.output
    read_back = _names_read(beside.folder)[f"{body_font} {person}"]
    assert "".join(read_back.split()) == expected
    assert person in read_back.replace("\n", " ")


# -- cardgen make ------------------------------------------------------------------------


@cache
def _kit(name: str, seed: int, root: str) -> Path:
    out = Path(root) / f"{name}-{seed}"
    result = runner.invoke(
        app,
        [
            "make",
            str(SAMPLE),
            "--card",
            name,
            "--no-envelope",
            "--culture",
            "conservative",
            "--seed",
            str(seed),
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    return out


KITS = [*((name, 0) for name in LAYOUT_NAMES), ("a2-halffold", 5)]


def _make_kits(folder: Path) -> None:
    """The sample kit on every layout (and one more seed), made beside the tests
    (tests/conftest.py): eight makes."""
    for name, seed in KITS:
        _kit(name, seed, str(folder))


@pytest.fixture
def kit(beside):
    """``kit(name, seed=0)``: the folder of that kit of ``_make_kits``."""
    assert beside.returncode == 0, beside.output

    def made(name: str, seed: int = 0) -> Path:
        assert (name, seed) in KITS, (name, seed)
        return beside.folder / f"{name}-{seed}"

    return made


def _cards(out: Path) -> list[Path]:
    return sorted(out.glob("*/card.pdf"))


@pytest.mark.beside("_make_kits")
@pytest.mark.parametrize("name", LAYOUT_NAMES)
def test_make_writes_cards_and_the_right_print_sheet(kit, name):
    out = kit(name)
    lay = layout(name)
    people = sample().interviewers
    cards = _cards(out)
    assert len(cards) == len(people)
    for path in cards:
        data = path.read_bytes()
        assert len(data) < 80 * 1024
        reader = read(data)
        assert len(reader.pages) == PAGES[lay.fold]
        for page in reader.pages:
            assert page_size(page) == pytest.approx(PAGE_SIZE[name], abs=ROUND)
            assert "/TrimBox" in page
        assert_fonts_embedded(data)
        assert data.startswith(b"%PDF-1.7")
        meta = reader.metadata
        assert meta.title and meta.author == sample().candidate.name
    expected_sheet = {"letter": "cards-letter.pdf", "a4": "cards-a4.pdf"}[lay.paper]
    sheets = sorted(p.name for p in (out / "print").glob("cards-*.pdf"))
    assert sheets == [expected_sheet]
    sheet = impose(lay)
    data = (out / "print" / expected_sheet).read_bytes()
    reader = read(data)
    groups = math.ceil(len(people) / len(sheet.slots))
    assert len(reader.pages) == groups * sheet.pages  # half-fold: outside + inside per sheet
    for page in reader.pages:
        assert page_size(page) == pytest.approx((sheet.width, sheet.height), abs=ROUND)
        assert sorted(page_size(page)) == pytest.approx(sorted(PAPER[lay.paper]), abs=ROUND)
        assert "/TrimBox" in page
    assert_fonts_embedded(data)
    assert data.startswith(b"%PDF-1.7")
    assert read(data).trailer["/Root"]["/ViewerPreferences"]["/PrintScaling"] == "/None"
    assert read(data).metadata.title and read(data).metadata.author == sample().candidate.name


# One layout per fold kind on each paper in the normal run; every layout with -m slow
# (and every layout, without a PDF, in test_imposed_glyphs_inside_safe_areas_…).
SHEET_NAMES = [
    n
    if n in ("a2-flat", "a6-halffold", "a2-quarterfold")
    else pytest.param(n, marks=pytest.mark.slow)
    for n in LAYOUT_NAMES
]


@pytest.mark.parametrize("name", LAYOUT_NAMES)
def test_imposed_glyphs_inside_safe_areas_and_clear_of_edges(name):
    """The print-sheet question asked of the layout, for every layout: each glyph of the
    composed card (message and front), placed by every slot of the sheet, lies in its
    own panel's safe area and clear of the printer's unprintable edge."""
    art = compose(name)
    lay = art.layout
    sheet = impose(lay)
    placed = 0
    for page, card_page in enumerate(card_pages(lay)):
        for panel in card_page.panels:
            glyphs = {"message": art.glyphs, "front": art.front.glyphs if art.front else ()}
            for slot in sheet.slots:
                safe = transform_zone(slot.matrices[page], panel.zone.inset(lay.safe_margin))
                to_sheet = multiply(panel_matrix(panel), slot.matrices[page])
                for glyph in glyphs.get(panel.role, ()):
                    box = transform_zone(to_sheet, glyph.box)
                    assert inside(box, safe), (page, panel.role, glyph.ch, box)
                    assert box.x >= PRINTER_EDGE and box.y >= PRINTER_EDGE
                    assert box.right <= sheet.width - PRINTER_EDGE
                    assert box.top <= sheet.height - PRINTER_EDGE
                    placed += 1
    assert placed >= len(sheet.slots) * art.glyph_count


@pytest.mark.beside("_make_kits")
@pytest.mark.parametrize("name", SHEET_NAMES)
def test_print_sheet_glyphs_inside_safe_areas_and_clear_of_edges(kit, name):
    out = kit(name)
    lay = layout(name)
    sheet = impose(lay)
    data = (out / "print" / f"cards-{lay.paper}.pdf").read_bytes()
    total_on_sheets = 0
    pages = drawn_paths(data)
    assert len(pages) == page_count(data)
    for index, (_height, paths) in enumerate(pages):
        zones = sheet_safe_zones(lay, sheet, index % sheet.pages)
        for box, filled in paths:
            if not filled:
                continue  # a cut or fold mark
            total_on_sheets += 1
            assert any(inside(box, z) for z in zones), (index, box)
            assert box.x >= PRINTER_EDGE and box.y >= PRINTER_EDGE
            assert box.right <= sheet.width - PRINTER_EDGE
            assert box.top <= sheet.height - PRINTER_EDGE
    # Every path of every card is on the sheets: nothing lost in imposition.
    on_cards = sum(filled_paths(p.read_bytes()) for p in _cards(out))
    assert total_on_sheets >= on_cards > 1000
    assert filled_paths(data) == on_cards


def filled_paths(data: bytes) -> int:
    """How many filled paths (the writing, not a cut or fold mark) the PDF's pages draw,
    those inside Form XObjects too, counted by pdfium: pdfplumber takes seconds to parse
    a card. (pdfplumber splits a path into its subpaths: it finds at least as many.)"""
    doc = pdfium.PdfDocument(data)
    count = 0
    for page in doc:
        for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=16):
            fill, stroke = ctypes.c_int(), ctypes.c_int()
            assert pdfium_c.FPDFPath_GetDrawMode(obj.raw, fill, stroke)
            count += fill.value != pdfium_c.FPDF_FILLMODE_NONE
    doc.close()
    return count


@pytest.mark.beside("_make_kits")
@pytest.mark.parametrize("name", [n for n in LAYOUT_NAMES if layout(n).fold == "quarter"])
def test_print_sheet_quarter_fold_message_upside_down_top_left(kit, name):
    out = kit(name)
    data = (out / "print" / f"cards-{layout(name).paper}.pdf").read_bytes()
    width, height = PAPER[layout(name).paper]
    assert page_count(data) == len(sample().interviewers)
    for index in range(page_count(data)):
        turned = [(box, angle) for _, box, angle in sheet_chars(data, index) if abs(angle) > 90]
        assert len(turned) > 100
        for box, angle in turned:
            assert box.right <= width / 2 and box.y >= height / 2
            assert abs(abs(angle) - 180) < 6


@pytest.mark.beside("_make_kits")
@pytest.mark.parametrize("name", [n for n in LAYOUT_NAMES if layout(n).fold == "half"])
def test_print_sheet_half_fold_inside_page_backs_the_outside(kit, name):
    """On the duplex sheet, each message lies behind its card's back panel (x → W − x)."""
    out = kit(name)
    lay = layout(name)
    sheet = impose(lay)
    data = (out / "print" / f"cards-{lay.paper}.pdf").read_bytes()
    back_zones = []
    for slot in sheet.slots:
        (back,) = [p for p in card_pages(lay)[0].panels if p.role == "back"]
        back_zones.append(transform_zone(slot.matrices[0], back.zone))
    chars = sheet_chars(data, 1)
    assert chars
    for ch, box, _ in chars:
        flipped = Zone(sheet.width - box.right, box.y, box.width, box.height)
        assert any(z.contains(flipped, tol=0.01) for z in back_zones), ch


@pytest.mark.beside("_make_kits")
def test_make_is_byte_identical_for_a_seed_and_differs_for_another(kit, tmp_path):
    first = kit("a2-halffold", 0)
    again = _kit("a2-halffold", 0, str(tmp_path))
    other = kit("a2-halffold", 5)
    for path in [*_cards(first), first / "print" / "cards-letter.pdf"]:
        rel = path.relative_to(first)
        assert path.read_bytes() == (again / rel).read_bytes(), rel
        assert path.read_bytes() != (other / rel).read_bytes(), rel


@pytest.mark.beside("_make_kits")
def test_one_card_regenerated_alone_is_the_same(kit, tmp_path):
    full = kit("a2-flat", 0)
    second = sample().interviewers[1].name
    out = tmp_path / "only"
    result = runner.invoke(
        app,
        [
            "make",
            str(SAMPLE),
            "--card",
            "a2-flat",
            "--no-envelope",
            "--culture",
            "conservative",
            "--only",
            second,
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    (alone,) = _cards(out)
    assert alone.read_bytes() == (full / alone.parent.name / "card.pdf").read_bytes()


# -- refusals ----------------------------------------------------------------------------

SENTENCE = (
    "Thank you for taking the time to meet with me on Thursday and for walking me "
    "through how the team balances client deadlines with a careful second review of "
    "every model. "
)


def _make_text(tmp_path: Path, note: str, *extra: str):
    tmp_path.mkdir(parents=True, exist_ok=True)
    note_file = tmp_path / "note.txt"
    note_file.write_text(note, encoding="utf-8")
    return runner.invoke(
        app,
        [
            "make",
            "--text",
            str(note_file),
            "--to",
            "Ms. Jane Doe",
            "--company",
            "Acme",
            "--from",
            "Alex Rivera <alex.rivera@example.com>",
            "--phone",
            "+1 217 555 0142",
            "--culture",
            "conservative",
            "--no-envelope",
            "--out",
            str(tmp_path / "out"),
            *extra,
        ],
    )


def _long_note() -> str:
    words = (SENTENCE * 7).split()  # 217 words: too long for A2 even at 11 pt, fine on A7
    half = len(words) // 2
    return " ".join(words[:half]) + "\n\n" + " ".join(words[half:]) + "\n"


def test_overlong_note_refused_with_words_to_cut_and_a_larger_card(tmp_path):
    # Dancing Script: the outline hand fits more words to a line than the pen's
    result = _make_text(
        tmp_path, _long_note(), "--card", "a2-flat", "--strict", "--font", "dancing-script"
    )
    assert result.exit_code == 2, result.output
    err = result.stderr.strip()
    assert "\n" not in err and "Traceback" not in result.output
    match = re.search(r"cut (?:about )?(\d+) words?", err)
    assert match, err
    assert int(match.group(1)) > 0
    assert "a7-flat" in err  # the larger shipped Letter card that holds it
    assert not list((tmp_path / "out").rglob("*.pdf"))  # nothing half-written


def test_cutting_the_advised_words_makes_the_note_fit(tmp_path):
    note = _long_note()
    result = _make_text(tmp_path / "first", note, "--card", "a2-flat", "--strict")
    assert result.exit_code == 2, result.output
    n = int(re.search(r"cut (?:about )?(\d+) words?", result.stderr).group(1))
    paragraphs = note.strip().split("\n\n")
    words = [w for p in paragraphs for w in p.split()]
    keep = len(words) - n
    shorter = []
    for p in paragraphs:
        ws = p.split()[: max(0, keep)]
        keep -= len(p.split())
        if ws:
            shorter.append(" ".join(ws))
    result = _make_text(tmp_path / "second", "\n\n".join(shorter) + "\n", "--card", "a2-flat")
    assert result.exit_code == 0, result.stderr


def test_larger_card_holds_the_long_note(tmp_path):
    result = _make_text(tmp_path, _long_note(), "--card", "a7-flat", "--font", "dancing-script")
    assert result.exit_code == 0, result.output
    (card,) = _cards(tmp_path / "out")
    data = card.read_bytes()
    _, paths = page_paths(data, 0)
    assert len(paths) > 900  # a long note: about four times the glyphs of a sample card
    # Every glyph is an outline: the size grows with the writing, ~0.15 KB a glyph
    # (a piece of it: an o or an i is two).
    pieces = subpath_count(data)
    assert len(data) < 16 * 1024 + 150 * pieces


def test_emoji_refused_with_its_position(tmp_path):
    line1 = "Thank you for meeting me 😊 on Thursday."
    col = line1.index("😊") + 1  # 26
    note = line1 + "\nI enjoyed hearing about the Keller restructuring.\n"
    result = _make_text(tmp_path, note, "--card", "a2-flat", "--strict")
    assert result.exit_code == 2, result.output
    err = result.stderr.strip()
    assert "\n" not in err
    assert "😊" in err or "U+1F60A" in err
    assert re.search(rf"line 1, column {col}\b|:1:{col}\b", err), err
    assert not list((tmp_path / "out").rglob("*.pdf"))


def test_text_note_error_names_the_file(tmp_path):
    note = "Thank you for meeting me 😊 on Thursday.\n"
    result = _make_text(tmp_path, note, "--card", "a2-flat", "--strict")
    assert result.exit_code == 2
    assert "note.txt" in result.stderr, result.stderr


def test_emoji_in_interview_file_refused_with_its_position(tmp_path):
    lines = [
        "candidate: {name: Alex Rivera, email: alex.rivera@example.com, phone: '+1 217 555 0142'}",
        "company: {name: Acme, culture: conservative}",
        "interviewers:",
        "  - name: Jane Doe",
        "    honorific: Ms.",
        "    note: |",
        "      Thank you for meeting me on Thursday, for the tour",  # note line 1
        "      of the office and for the time you took to",  # note line 2
        "      answer my questions.",  # note line 3
        "",
        "      I enjoyed hearing about the Keller deal 🎉 and the team.",  # note line 5
    ]
    path = tmp_path / "emoji.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    file_line = 11
    note_col = lines[file_line - 1].strip().index("🎉") + 1
    file_col = lines[file_line - 1].index("🎉") + 1
    result = runner.invoke(
        app,
        [
            "make",
            str(path),
            "--card",
            "a2-flat",
            "--no-envelope",
            "--strict",
            "--out",
            str(tmp_path / "o"),
        ],
    )
    assert result.exit_code == 2, result.output
    err = result.stderr.strip()
    assert "\n" not in err
    assert "🎉" in err or "U+1F389" in err
    assert "emoji.yaml" in err
    # Either the note's own line and column, or the file's.
    assert re.search(
        rf"line 5, column {note_col}\b|emoji\.yaml:{file_line}\b.*column {file_col}\b"
        rf"|emoji\.yaml:{file_line}:{file_col}\b",
        err,
    ), err


def test_decomposed_name_is_drawn_with_precomposed_letters(tmp_path):
    """A name typed in NFD (as macOS often pastes it) must not draw loose accents."""
    name = unicodedata.normalize("NFD", "Margaret Dvořák")
    path = tmp_path / "nfd.yaml"
    path.write_text(
        "candidate: {name: Alex Rivera, email: alex.rivera@example.com, phone: '+1 217 555 0142'}\n"
        "company: {name: Acme, culture: conservative}\n"
        "interviewers:\n"
        f"  - name: {name}\n"
        "    honorific: Ms.\n"
        "    note: |\n"
        "      Thank you for meeting me on Thursday.\n",
        encoding="utf-8",
    )
    out = tmp_path / "o"
    result = runner.invoke(
        app, ["make", str(path), "--card", "a2-flat", "--no-envelope", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    (card,) = _cards(out)
    (chars,) = pdf_chars(card.read_bytes())
    drawn = "".join(c["text"] for c in chars)
    assert not any(unicodedata.combining(ch) for ch in drawn), drawn
    assert "Dvořák" in drawn


def test_quarter_fold_on_the_wrong_paper_is_a_clear_error(tmp_path):
    out = tmp_path / "o"
    result = runner.invoke(
        app,
        [
            "make",
            str(SAMPLE),
            "--card",
            "a2-quarterfold",
            "--paper",
            "a4",
            "--no-envelope",
            "--culture",
            "conservative",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 2, result.stderr
    err = result.stderr.strip()
    assert "\n" not in err and "internal error" not in err
    assert "letter" in err.lower()


# -- the text layer ----------------------------------------------------------------------


def _normal(text: str) -> str:
    return " ".join(text.split())


# The first note on one layout per fold kind in the normal run; all three with -m slow.
@pytest.mark.parametrize("font", ["dancing-script", "ems-allure"])
@pytest.mark.parametrize("index", [0, *(pytest.param(i, marks=pytest.mark.slow) for i in (1, 2))])
@pytest.mark.parametrize("name", ["a2-flat", "a2-halffold", "a6-quarterfold"])
def test_the_card_text_extracts_exactly(name, index, font):
    """Selectable, searchable, readable aloud: the card's text comes back word for word,
    over outlines and over a pen's ink alike."""
    text = sample_text(index)
    fold = layout(name).fold
    if font == "dancing-script" and index == 0:
        data = sample_card_pdf(name)  # that card, rendered once for the tests above
    else:
        data = render(compose(name, index=index, body_font=font))
    reader = read(data)
    page = reader.pages[-1] if fold == "half" else reader.pages[0]
    written = _normal(" ".join(paragraphs(text.note)))
    extracted = _normal(page.extract_text())
    assert written in extracted  # pypdf
    # In reading order: (a quarter-fold's front first), the salutation, the note …
    assert extracted.index(_normal(text.salutation)) < extracted.index(written)
    assert _normal(f"{text.closing} {text.signature}") in extracted
    # pdfplumber, from the page's characters parsed once (page.extract_text's own words)
    _, chars, _ = parsed_page(data, len(reader.pages) - 1 if fold == "half" else 0)
    if fold == "quarter":
        # Printed upside down: pdfplumber's line reading runs it backwards, but
        # its characters come in the order written.
        stream = "".join(c["text"] for c in chars)
        assert written.replace(" ", "") in stream.replace(" ", "")
    else:
        assert written in _normal(pdfplumber.utils.extract_text(list(chars)))
    # Invisible: render mode 3, so the page shows only the handwriting.
    content = page.get_contents().get_data()
    assert b"3 Tr" in content


def test_pdf_streams_are_deflated_by_libdeflate_at_its_level_1():
    """Pages and embedded fonts go through Flate by libdeflate at its level 1 (a
    twentieth of zlib's default level's time over a kit's paths): a zlib stream,
    bytes (ReportLab writes any other type by its repr), the same content when zlib
    inflates it, and the same bytes every time for the same content."""
    import zlib

    import deflate
    from reportlab.pdfbase import pdfdoc

    import cardgen.render.pdf  # noqa: F401  (sets the filter ReportLab uses)

    page = "".join(f"{i} {i * 7 % 113} m {i + 3} {i * 5 % 97} l\n" for i in range(2000))
    encoded = pdfdoc.PDFZCompress.encode(page)
    assert type(encoded) is bytes and encoded == deflate.zlib_compress(page.encode(), 1)
    assert encoded != zlib.compress(page.encode(), 1)  # not zlib's own deflate
    assert zlib.decompress(encoded) == page.encode()
    again = [bytes(deflate.zlib_compress(page.encode(), 1)) for _ in range(50)]
    assert set(again) == {encoded}
    assert pdfdoc.PDFZCompress.pdfname == "FlateDecode"
