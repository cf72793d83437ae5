"""Geometry: card sizes, panels, imposition on Letter/A4, duplex, and marks.

Every figure is in PostScript points, with the arithmetic beside it.
"""

from __future__ import annotations

import itertools
import math
import tempfile
from pathlib import Path

import pytest
from cardfixtures import LAYOUT_NAMES, MM, PRINTER_EDGE, layout, sheet_safe_zones
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cardgen.errors import CardgenError
from cardgen.input.layouts import card_layouts, load_card_layout
from cardgen.layout.geometry import (
    PAPER,
    apply,
    card_pages,
    degrees,
    impose,
    message_panel,
    panel_matrix,
    safe_box,
    transform_zone,
)
from cardgen.layout.marks import sheet_marks
from cardgen.model import Zone

LETTER = (612.0, 792.0)  # 8.5 in × 72, 11 in × 72
A4 = (210 * MM, 297 * MM)  # 595.28 × 841.89 pt

# name: (trim w, trim h), (flat w, flat h), paper, cards per sheet, pages per sheet
EXPECTED = {
    "a2-flat": ((306, 396), (306, 396), "letter", 4, 1),  # 4.25 × 5.5 in; 2 × 2 on Letter
    "a2-halffold": ((306, 396), (612, 396), "letter", 2, 2),  # flat 8.5 in × 72 = 612
    "a2-quarterfold": ((306, 396), (612, 792), "letter", 1, 1),  # flat = Letter
    "a7-flat": ((360, 504), (360, 504), "letter", 2, 1),  # 5 in × 72, 7 in × 72
    "a6-flat": ((105 * MM, 148 * MM), (105 * MM, 148 * MM), "a4", 4, 1),  # 297.64 × 419.53
    "a6-halffold": ((105 * MM, 148 * MM), (210 * MM, 148 * MM), "a4", 2, 2),  # flat A5
    "a6-quarterfold": ((105 * MM, 148.5 * MM), (210 * MM, 297 * MM), "a4", 1, 1),  # flat = A4
}

FLAT = [n for n in LAYOUT_NAMES if layout(n).fold == "none"]
HALF = [n for n in LAYOUT_NAMES if layout(n).fold == "half"]
QUARTER = [n for n in LAYOUT_NAMES if layout(n).fold == "quarter"]

TOL = 1e-6


def same(a: float, b: float, tol: float = 1e-6) -> bool:
    return abs(a - b) <= tol


def overlap(a: Zone, b: Zone, tol: float = 1e-6) -> bool:
    """True when two zones share area (touching edges do not count)."""
    return a.x < b.right - tol and b.x < a.right - tol and a.y < b.top - tol and b.y < a.top - tol


def test_every_shipped_layout_is_covered():
    assert set(LAYOUT_NAMES) == set(EXPECTED)


def test_paper_sizes():
    assert PAPER["letter"] == LETTER  # 8.5 × 11 in
    assert PAPER["a4"] == pytest.approx(A4, abs=1e-9)  # 210 × 297 mm
    assert PAPER["a4"][0] == pytest.approx(595.2756, abs=1e-4)  # 210 / 25.4 × 72


@pytest.mark.parametrize("name", LAYOUT_NAMES)
def test_trim_and_flat_size(name):
    lay = layout(name)
    (tw, th), (fw, fh), paper, _, _ = EXPECTED[name]
    assert lay.width == pytest.approx(tw, abs=TOL)
    assert lay.height == pytest.approx(th, abs=TOL)
    assert lay.flat_width == pytest.approx(fw, abs=TOL)
    assert lay.flat_height == pytest.approx(fh, abs=TOL)
    assert lay.paper == paper
    # Every printed side of the card is the flat size.
    for page in card_pages(lay):
        assert (page.width, page.height) == pytest.approx((fw, fh), abs=TOL)


def test_inch_sizes_are_exact_points():
    assert layout("a2-flat").width == 306  # 4.25 in × 72
    assert layout("a2-flat").height == 396  # 5.5 in × 72
    assert layout("a2-halffold").flat_width == 612  # 8.5 in × 72
    assert layout("a2-quarterfold").flat_height == 792  # 11 in × 72
    assert layout("a7-flat").width == 360  # 5 in × 72
    assert layout("a7-flat").height == 504  # 7 in × 72
    assert layout("a6-flat").width == pytest.approx(297.6378, abs=1e-4)  # 105 mm / 25.4 × 72
    assert layout("a6-flat").height == pytest.approx(419.5276, abs=1e-4)  # 148 mm / 25.4 × 72


@pytest.mark.parametrize("name", LAYOUT_NAMES)
def test_panels_tile_the_page_and_message_is_the_trim(name):
    lay = layout(name)
    pages = card_pages(lay)
    assert len(pages) == {"none": 1, "half": 2, "quarter": 1}[lay.fold]
    roles = [p.role for page in pages for p in page.panels]
    assert roles.count("message") == 1
    assert roles.count("front") == (0 if lay.fold == "none" else 1)
    for page in pages:
        page_zone = Zone(0, 0, page.width, page.height)
        area = 0.0
        for panel in page.panels:
            assert page_zone.contains(panel.zone, tol=TOL)
            # Every panel is one folded card face: the trim size.
            assert (panel.zone.width, panel.zone.height) == pytest.approx(
                (lay.width, lay.height), abs=TOL
            )
            area += panel.zone.width * panel.zone.height
        for a, b in itertools.combinations(page.panels, 2):
            assert not overlap(a.zone, b.zone)
        assert area == pytest.approx(page.width * page.height)
    m = message_panel(lay)
    assert (m.width, m.height) == pytest.approx((lay.width, lay.height))
    safe = safe_box(lay)
    assert safe.x == pytest.approx(lay.safe_margin)
    assert safe.width == pytest.approx(lay.width - 2 * lay.safe_margin)
    assert safe.height == pytest.approx(lay.height - 2 * lay.safe_margin)


@pytest.mark.parametrize("name", LAYOUT_NAMES)
def test_imposition_counts(name):
    lay = layout(name)
    _, _, paper, per_sheet, pages = EXPECTED[name]
    sheet = impose(lay)
    assert sheet.paper == paper
    assert len(sheet.slots) == per_sheet
    assert sheet.pages == pages
    pw, ph = PAPER[paper]
    # The sheet is the paper, either way up.
    assert sorted((sheet.width, sheet.height)) == pytest.approx(sorted((pw, ph)))
    if lay.fold == "half":
        assert sheet.width > sheet.height  # landscape, for "flip on short edge"
        assert sheet.pages == 2  # printed both sides, flipped on the short edge
    else:
        assert sheet.pages == 1
    if lay.fold == "quarter":
        assert (sheet.width, sheet.height) == pytest.approx((pw, ph))  # the sheet is the card


def _linear(m):
    return m[:4]


@pytest.mark.parametrize("name", LAYOUT_NAMES)
def test_slots_inside_sheet_and_never_overlap(name):
    lay = layout(name)
    sheet = impose(lay)
    paper = Zone(0, 0, sheet.width, sheet.height)
    pages = card_pages(lay)
    for page_index in range(sheet.pages):
        images = []
        for slot in sheet.slots:
            m = slot.matrices[page_index]
            a, b, c, d = _linear(m)
            # A rigid motion by a multiple of 90°: never scaled, never mirrored
            # (a mirrored back would print the inside text mirror-wise).
            assert a * d - b * c == pytest.approx(1.0)
            assert {round(abs(v), 9) for v in (a, b, c, d)} <= {0.0, 1.0}
            page = pages[page_index]
            image = transform_zone(m, Zone(0, 0, page.width, page.height))
            assert paper.contains(image, tol=TOL)
            images.append(image)
            if page_index == 0:
                assert image == pytest.approx(slot.trim)
        for x, y in itertools.combinations(images, 2):
            assert not overlap(x, y)


@pytest.mark.parametrize("name", LAYOUT_NAMES)
def test_nothing_printed_within_the_printer_border(name):
    """Every panel's safe area on the sheet stays 0.25 in (18 pt) from the paper's edge."""
    lay = layout(name)
    sheet = impose(lay)
    for page in range(sheet.pages):
        for z in sheet_safe_zones(lay, sheet, page):
            assert z.x >= PRINTER_EDGE - TOL
            assert z.y >= PRINTER_EDGE - TOL
            assert z.right <= sheet.width - PRINTER_EDGE + TOL
            assert z.top <= sheet.height - PRINTER_EDGE + TOL


def _centre(z: Zone) -> tuple[float, float]:
    return z.x + z.width / 2, z.y + z.height / 2


def _panel(lay, page: int, role: str):
    (panel,) = [p for p in card_pages(lay)[page].panels if p.role == role]
    return panel


@pytest.mark.parametrize("name", HALF)
def test_half_fold_duplex_puts_message_behind_back_panel(name):
    """Flip on the short edge of a landscape sheet maps back-side x to W − x.

    Folded, the inside-right (the message) is the reverse of the back cover and
    the inside-left the reverse of the front.
    """
    lay = layout(name)
    sheet = impose(lay)
    W = sheet.width

    def flip(p):
        return W - p[0], p[1]

    for slot in sheet.slots:
        outside, inside = slot.matrices
        for inner, outer in (("message", "back"), ("inside", "front")):
            zi = _panel(lay, 1, inner).zone
            zo = _panel(lay, 0, outer).zone
            bx, by = flip(apply(inside, *_centre(zi)))
            ox, oy = apply(outside, *_centre(zo))
            assert (bx, by) == pytest.approx((ox, oy), abs=1e-6)
            # The whole panel lands on the whole panel, not just its centre.
            bi = transform_zone(inside, zi)
            bi = Zone(W - bi.right, bi.y, bi.width, bi.height)
            assert bi == pytest.approx(transform_zone(outside, zo))
        # "Up" on the inside page is "up" on the outside page once the sheet is
        # turned over: the message is not upside down relative to the front.
        ux, uy = inside[2], inside[3]  # image of the card page's (0, 1)
        vx, vy = outside[2], outside[3]
        assert (-ux, uy) == pytest.approx((vx, vy))


@pytest.mark.parametrize("name", HALF)
def test_half_fold_fold_line_between_back_and_front(name):
    lay = layout(name)
    sheet = impose(lay)
    assert len(sheet.folds) == len(sheet.slots)
    for slot, (x0, y0, x1, y1) in zip(sheet.slots, sheet.folds, strict=True):
        cx, cy = apply(slot.matrices[0], lay.width, lay.height / 2)  # middle of the fold
        # The fold runs through the middle of the flat card, across its short side.
        length = math.hypot(x1 - x0, y1 - y0)
        assert length == pytest.approx(lay.height)
        assert ((x0 + x1) / 2, (y0 + y1) / 2) == pytest.approx((cx, cy))


@pytest.mark.parametrize("name", QUARTER)
def test_quarter_fold_panels(name):
    """Bottom-right front and bottom-left back upright; top row turned 180°."""
    lay = layout(name)
    (page,) = card_pages(lay)
    w, h = lay.width, lay.height
    expect = {
        "front": ((w, 0), False),  # bottom-right
        "back": ((0, 0), False),  # bottom-left
        "message": ((0, h), True),  # top-left, the inside-right once folded
        "inside": ((w, h), True),  # top-right
    }
    assert {p.role for p in page.panels} == set(expect)
    for panel in page.panels:
        (x, y), turned = expect[panel.role]
        assert (panel.zone.x, panel.zone.y) == pytest.approx((x, y))
        assert panel.turned is turned
        rotation = degrees(panel_matrix(panel))
        if turned:
            assert abs(abs(rotation) - 180) < 1e-9
            # Panel (0, 0), its bottom-left, lands at the top-right of its zone: upside down.
            assert apply(panel_matrix(panel), 0, 0) == pytest.approx((panel.zone.right, 2 * h))
        else:
            assert rotation == pytest.approx(0)
    # Folded top to bottom, then left to right.
    folds = {tuple(round(v, 6) for v in f) for f in page.folds}
    assert folds == {
        (0, round(h, 6), round(2 * w, 6), round(h, 6)),
        (round(w, 6), 0, round(w, 6), round(2 * h, 6)),
    }


def _segment_hits(zone: Zone, x0: float, y0: float, x1: float, y1: float) -> bool:
    """True when an axis-aligned segment passes through the zone's interior."""
    lo_x, hi_x = sorted((x0, x1))
    lo_y, hi_y = sorted((y0, y1))
    return lo_x < zone.right and hi_x > zone.x and lo_y < zone.top and hi_y > zone.y


@pytest.mark.parametrize("name", LAYOUT_NAMES)
def test_marks_clear_of_edge_and_safe_areas(name):
    lay = layout(name)
    sheet = impose(lay)
    marks = sheet_marks(sheet)
    assert marks, "a print sheet without cut or fold marks"
    safe = sheet_safe_zones(lay, sheet, 0)
    for mk in marks:
        assert mk.x0 == mk.x1 or mk.y0 == mk.y1  # hairlines along a cut or fold
        for x in (mk.x0, mk.x1):
            assert PRINTER_EDGE - TOL <= x <= sheet.width - PRINTER_EDGE + TOL
        for y in (mk.y0, mk.y1):
            assert PRINTER_EDGE - TOL <= y <= sheet.height - PRINTER_EDGE + TOL
        for z in safe:
            assert not _segment_hits(z, mk.x0, mk.y0, mk.x1, mk.y1), (mk, z)


@pytest.mark.parametrize("name", LAYOUT_NAMES)
def test_marks_lie_on_cut_and_fold_lines(name):
    lay = layout(name)
    sheet = impose(lay)
    marks = sheet_marks(sheet)
    cuts = [m for m in marks if m.kind == "cut"]
    folds = [m for m in marks if m.kind == "fold"]
    if lay.fold == "none":
        assert cuts and not folds
        trims = [slot.trim for slot in sheet.slots]
        xs = {round(v, 3) for t in trims for v in (t.x, t.right)}
        ys = {round(v, 3) for t in trims for v in (t.y, t.top)}
        for m in cuts:
            on_x = m.x0 == m.x1 and round(m.x0, 3) in xs
            on_y = m.y0 == m.y1 and round(m.y0, 3) in ys
            assert on_x or on_y, m
        # Every interior cut line gets a mark (the sheet edge needs none).
        for x in xs:
            if PRINTER_EDGE < x < sheet.width - PRINTER_EDGE:
                assert any(m.x0 == m.x1 and round(m.x0, 3) == x for m in cuts), x
        for y in ys:
            if PRINTER_EDGE < y < sheet.height - PRINTER_EDGE:
                assert any(m.y0 == m.y1 and round(m.y0, 3) == y for m in cuts), y
    else:
        assert folds
        for m in folds:
            on_a_fold = False
            for fx0, fy0, fx1, fy1 in sheet.folds:
                if fx0 == fx1 and m.x0 == m.x1 == pytest.approx(fx0):
                    on_a_fold = True
                if fy0 == fy1 and m.y0 == m.y1 == pytest.approx(fy0):
                    on_a_fold = True
            assert on_a_fold, m


# -- properties over layouts a user might write ------------------------------------------

_layouts = st.builds(
    dict,
    w=st.floats(min_value=144, max_value=612),  # 2 in … 8.5 in
    h=st.floats(min_value=144, max_value=792),
    fold=st.sampled_from(["none", "half"]),
    margin=st.floats(min_value=9, max_value=36),
    paper=st.sampled_from(["letter", "a4"]),
)


def _user_layout(spec: dict):
    """A user's layout file, validated by the same loader as the shipped ones; None if refused."""
    text = (
        "name: user-card\n"
        f"size: [{spec['w']:.3f}pt, {spec['h']:.3f}pt]\n"
        f"fold: {spec['fold']}\n"
        f"safe_margin: {spec['margin']:.3f}pt\n"
        "font_size: {min: 11, max: 16}\n"
        f"paper: {spec['paper']}\n"
        "envelope: a2\n"
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "user-card.yaml"
        path.write_text(text, encoding="utf-8")
        try:
            return load_card_layout(path)
        except CardgenError:
            return None


def _impose_or_none(lay):
    try:
        return impose(lay)
    except (ValueError, CardgenError):
        return None  # does not fit the paper: refused, never a broken sheet


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_layouts)
def test_property_slots_inside_sheet_never_overlap(spec):
    lay = _user_layout(spec)
    if lay is None:
        return
    sheet = _impose_or_none(lay)
    if sheet is None:
        return
    paper = Zone(0, 0, sheet.width, sheet.height)
    pages = card_pages(lay)
    assert len(sheet.slots) >= 1
    for i in range(sheet.pages):
        images = [
            transform_zone(slot.matrices[i], Zone(0, 0, pages[i].width, pages[i].height))
            for slot in sheet.slots
        ]
        for z in images:
            # impose() lets a card be up to 0.5 pt over (mm rounding): 0.18 mm.
            assert paper.contains(z, tol=0.5)
        for a, b in itertools.combinations(images, 2):
            assert not overlap(a, b, tol=1e-6)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_layouts)
def test_property_user_layout_content_clear_of_printer_border(spec):
    """PRODUCT.md: nothing on a print sheet lies within the printer's unprintable border.

    That holds for a user's own layout too: either the imposition keeps every
    safe area 0.25 in from the paper's edge, or the layout is refused.
    """
    lay = _user_layout(spec)
    if lay is None:
        return
    sheet = _impose_or_none(lay)
    if sheet is None:
        return
    for page in range(sheet.pages):
        for z in sheet_safe_zones(lay, sheet, page):
            assert z.x >= PRINTER_EDGE - 0.5, (lay, z)
            assert z.y >= PRINTER_EDGE - 0.5, (lay, z)
            assert z.right <= sheet.width - PRINTER_EDGE + 0.5, (lay, z)
            assert z.top <= sheet.height - PRINTER_EDGE + 0.5, (lay, z)


def test_card_layouts_is_the_shipped_set():
    assert tuple(card_layouts()) == LAYOUT_NAMES


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_layouts)
def test_property_marks_clear_of_edge_and_safe_areas(spec):
    lay = _user_layout(spec)
    if lay is None:
        return
    sheet = _impose_or_none(lay)
    if sheet is None:
        return
    safe = sheet_safe_zones(lay, sheet, 0)
    for mk in sheet_marks(sheet):
        for x in (mk.x0, mk.x1):
            assert PRINTER_EDGE - TOL <= x <= sheet.width - PRINTER_EDGE + TOL, mk
        for y in (mk.y0, mk.y1):
            assert PRINTER_EDGE - TOL <= y <= sheet.height - PRINTER_EDGE + TOL, mk
        for z in safe:
            assert not _segment_hits(z, mk.x0, mk.y0, mk.x1, mk.y1), (mk, z)
