"""Tests for envelopes: layouts (layouts/envelopes.yaml), placement by destination
(cardgen.layout.envelope) and the PDF (cardgen.render.envelope).

Where characters land is read back from the PDF with pdfplumber (boxes in
points, origin bottom left), so the postal rules are checked on what a printer
would print, not on our own idea of it.
"""

from __future__ import annotations

import ctypes
import io
from functools import cache

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from cardfixtures import font_set, path_bounds, path_objects
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from msgspec.structs import replace
from pypdf import PdfReader

from cardgen.errors import CardgenError, InputError
from cardgen.input.fonts import resolve_font
from cardgen.input.layouts import card_layouts, envelope_layouts, load_envelope_layouts
from cardgen.layout.envelope import (
    RECIPIENT_MAX,
    RECIPIENT_MIN,
    RETURN_MIN,
    EnvelopeArt,
    compose_envelope,
    recipient_area,
)
from cardgen.layout.fonts import FontSet
from cardgen.model import Address, Zone
from cardgen.render.envelope import render_envelopes_pdf

IN = 72.0
MM = 72.0 / 25.4
WHERE = "hartwell.yaml:40: interviewers[2].address"
NAMES = ["Ms. Margaret Dvořák", "Managing Partner", "Hartwell & Pryce LLP"]

US_SENDER = Address("12 Elm Street Apt 4", "Springfield", "US", "62701", "IL")
GB_SENDER = Address("221B Baker Street", "London", "GB", "NW1 6XE")
PHILADELPHIA = Address("400 Market Street, Suite 900", "Philadelphia", "US", "19106", "PA")
BERLIN = Address("Friedrichstraße 123", "Berlin", "DE", "10117")
LONDON = Address("25 Old Broad Street", "London", "GB", "EC2N 1HQ")
TORONTO = Address("100 King Street West, Suite 5700", "Toronto", "CA", "M5X 1C9", "ON")

ALL = list(envelope_layouts())
ENVELOPES = tuple(envelope_layouts().values())
# Landscape page sizes in points.
SIZES = {
    "a2": (414.0, 315.0),  # 5.75 × 4.375 in × 72
    "a6": (468.0, 342.0),  # 6.5 × 4.75 in
    "a7": (522.0, 378.0),  # 7.25 × 5.25 in
    "a9": (630.0, 414.0),  # 8.75 × 5.75 in
    "no10": (684.0, 297.0),  # 9.5 × 4.125 in
    "c6": (459.21, 323.15),  # 162 × 114 mm × 72 / 25.4
    "c5": (649.13, 459.21),  # 229 × 162 mm
    "dl": (623.62, 311.81),  # 220 × 110 mm
}


@cache
def hand() -> FontSet:
    return font_set(resolve_font("patrick-hand"))


def compose(layout: str, address: Address, sender: Address | None = US_SENDER, **kw) -> EnvelopeArt:
    args = {
        "recipient_name_lines": NAMES,
        "address": address,
        "sender_name": "Alex Rivera",
        "sender_address": sender,
        "layout": envelope_layouts()[layout],
        "hand_font": hand(),
        "seed": 7,
        "where": WHERE,
        **kw,
    }
    return compose_envelope(**args)


def render(*arts: EnvelopeArt) -> bytes:
    return render_envelopes_pdf(arts, title="Envelope", author="Alex Rivera", ink="#1d2b5c")


@cache
def pages(pdf: bytes) -> tuple[dict, ...]:
    """Per page: its size, chars (the invisible text, in the order written) and the
    boxes of the paths it draws, read by pdfium (pdfminer spent a third of a second on
    each envelope's outlines). Each char is a dict as pdfplumber gives it: ``text``,
    ``x0``, ``x1``, ``y0``, ``y1`` (its advance by its font size above the descent: the
    same box as pdfplumber's, to 0.06 pt) and ``matrix`` (its origin at ``[4]``, ``[5]``);
    a path's box spans all its subpaths.

    Read once per PDF: a layout's envelope to one address comes out byte for byte
    the same in the several tests that ask about it. Read it; do not change it.
    """
    doc = pdfium.PdfDocument(pdf)
    try:
        out = []
        for page in doc:
            text = page.get_textpage()
            chars = []
            for i in range(text.count_chars()):
                if pdfium_c.FPDFText_IsGenerated(text.raw, i):
                    continue  # a space or line break pdfium adds, not in the PDF
                box = pdfium_c.FS_RECTF()
                assert pdfium_c.FPDFText_GetLooseCharBox(text.raw, i, box)
                x, y = ctypes.c_double(), ctypes.c_double()
                assert pdfium_c.FPDFText_GetCharOrigin(text.raw, i, x, y)
                size = pdfium_c.FPDFText_GetFontSize(text.raw, i)
                chars.append(
                    {
                        "text": chr(pdfium_c.FPDFText_GetUnicode(text.raw, i)),
                        "x0": box.left,
                        "x1": box.right,
                        "y0": box.bottom,
                        "y1": box.bottom + size,
                        "matrix": (1, 0, 0, 1, x.value, y.value),
                    }
                )
            text.close()
            paths = []
            for obj, (a, b, c, d, e, f) in path_objects(page):
                left, bottom, right, top = path_bounds(obj)
                xs = [a * px + c * py + e for px in (left, right) for py in (bottom, top)]
                ys = [b * px + d * py + f for px in (left, right) for py in (bottom, top)]
                paths.append(Zone(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)))
            out.append({"size": page.get_size(), "chars": chars, "paths": paths})
            page.close()
        return tuple(out)
    finally:
        doc.close()


@cache
def rects(pdf: bytes) -> list[dict]:
    """pdfplumber's rectangles on the first page: their dash and colour too."""
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return list(doc.pages[0].rects)


@pytest.fixture(autouse=True, scope="module")
def _forget_parsed_pages():
    """Free the parsed pages after this module: a big test process forks slower."""
    yield
    pages.cache_clear()
    rects.cache_clear()


def split_front(art: EnvelopeArt, chars: list[dict]) -> tuple[list[dict], list[dict]]:
    """(return chars, recipient chars) of the front's text: laid in that order."""
    n = 0
    if art.sender is not None and not art.return_on_flap:
        n = sum(len(run.text) for run in art.sender.runs)
    assert len(chars) == n + sum(len(run.text) for run in art.recipient.runs)
    return chars[:n], chars[n:]


def ink_box(block) -> Zone:
    """Where a written block's ink lies: its glyphs' outlines, with their stroke."""
    boxes = [g.box for g in block.glyphs]
    pad = max(g.weight for g in block.glyphs) / 2
    x0, y0 = min(b.x for b in boxes) - pad, min(b.y for b in boxes) - pad
    x1, y1 = max(b.right for b in boxes) + pad, max(b.top for b in boxes) + pad
    return Zone(x0, y0, x1 - x0, y1 - y0)


def ink(chars: list[dict]) -> list[dict]:
    return [c for c in chars if c["text"].strip()]


def bbox(chars: list[dict]) -> Zone:
    x0 = min(c["x0"] for c in chars)
    y0 = min(c["y0"] for c in chars)
    return Zone(x0, y0, max(c["x1"] for c in chars) - x0, max(c["y1"] for c in chars) - y0)


def lines_of(chars: list[dict]) -> list[str]:
    """Text lines from top to bottom (baselines differ by far more than the wander)."""
    rows: list[list[dict]] = []
    for c in chars:
        if rows and abs(rows[-1][0]["matrix"][5] - c["matrix"][5]) < 4:
            rows[-1].append(c)
        else:
            rows.append([c])
    return ["".join(c["text"] for c in row).strip() for row in rows]


def crosses(a: Zone, z: Zone) -> bool:
    return a.x < z.right and a.right > z.x and a.y < z.top and a.top > z.y


def overlaps(c: dict, z: Zone) -> bool:
    return c["x0"] < z.right and c["x1"] > z.x and c["y0"] < z.top and c["y1"] > z.y


# -- layouts -----------------------------------------------------------------


def test_every_envelope_ships():
    assert set(ALL) == {"a2", "a6", "a7", "a9", "no10", "c6", "c5", "dl"}


@pytest.mark.parametrize("name", ALL)
def test_layout_zones(name):
    e = envelope_layouts()[name]
    assert (e.width, e.height) == pytest.approx(SIZES[name], abs=0.01)
    page = Zone(0, 0, e.width, e.height)
    for zone in (e.recipient, e.sender, e.stamp, e.flap):
        assert page.contains(zone)
    # Stamp top right, return address top left: in the top third and left half (USPS).
    assert e.stamp.right > e.width - 0.5 * IN and e.stamp.top > e.height - 0.5 * IN
    assert e.sender.x < 0.5 * IN and e.sender.y >= e.height * 2 / 3
    assert e.sender.right <= e.width / 2
    # The recipient zone lies below both, and its start is right of centre-ish.
    assert e.recipient.top <= min(e.stamp.y, e.sender.y)
    assert 0.4 * e.width <= e.recipient_start <= 0.5 * e.width


@pytest.mark.parametrize("name", ALL)
def test_page_size_exact_and_landscape(name):
    w, h = SIZES[name]
    pdf = render(compose(name, PHILADELPHIA))
    reader = PdfReader(io.BytesIO(pdf))
    page = reader.pages[0]
    assert float(page.mediabox.width) == pytest.approx(w, abs=0.01)
    assert float(page.mediabox.height) == pytest.approx(h, abs=0.01)
    assert page.mediabox.width > page.mediabox.height
    assert "/TrimBox" in page
    assert [float(v) for v in page.trimbox] == pytest.approx([0, 0, w, h], abs=0.01)


# -- placement ---------------------------------------------------------------


@pytest.mark.parametrize("name", ALL)
@pytest.mark.parametrize("extra", [0, 1, 2], ids=["5-lines", "6-lines", "7-lines"])
def test_us_recipient_inside_ocr_read_area(name, extra):
    names = [*NAMES, "Attn: Talent Acquisition", "Building C, Floor 9"][: len(NAMES) + extra]
    art = compose(name, PHILADELPHIA, recipient_name_lines=names)
    w, _ = SIZES[name]
    front = pages(render(art))[0]
    chars = front["chars"]
    _, recipient = split_front(art, chars)
    assert len(lines_of(ink(recipient))) == 5 + extra
    box = ink_box(art.recipient)
    assert box.y >= 0.625 * IN  # 5/8 in from the bottom edge
    assert box.top <= 2.75 * IN  # 2¾ in from the bottom edge
    assert box.x >= 0.5 * IN and box.right <= w - 0.5 * IN  # ½ in from each side
    # Barcode clear zone: bottom 5/8 in × right 4¾ in, nothing at all in it.
    barcode = Zone(w - 4.75 * IN, 0, 4.75 * IN, 0.625 * IN)
    assert not [c for c in chars if overlaps(c, barcode)]
    assert not [p for p in front["paths"] if crosses(p, barcode)]


@pytest.mark.parametrize("name", ALL)
@pytest.mark.parametrize("address", [LONDON, BERLIN, TORONTO], ids=["GB", "DE", "CA"])
def test_mail_leaving_the_us_stays_inside_the_usps_read_area(name, address):
    # The USPS's machines read it first: its read area holds, as well as the
    # destination's own zone (UK names: 7 lines with the country).
    names = ["Mr Tomás Okafor", "Senior Associate, London", "Hartwell & Pryce LLP"]
    art = compose(name, address, recipient_name_lines=names)
    w, _ = SIZES[name]
    box = ink_box(art.recipient)
    assert box.y >= 0.625 * IN
    assert box.top <= 2.75 * IN
    assert box.x >= 0.5 * IN and box.right <= w - 0.5 * IN
    assert art.recipient.lines[-1] in ("UNITED KINGDOM", "GERMANY", "CANADA")
    assert "USPS" in art.rule.name


def test_mail_from_elsewhere_keeps_the_destinations_zone_only():
    art = compose("c5", LONDON, sender=BERLIN)
    assert art.rule.name == "default"
    assert ink_box(art.recipient).top > 2.75 * IN  # a C5 centres it higher


@pytest.mark.parametrize("name", ALL)
def test_us_return_address_top_third_left_half(name):
    art = compose(name, PHILADELPHIA)
    w, h = SIZES[name]
    sender, _ = split_front(art, pages(render(art))[0]["chars"])
    box = ink_box(art.sender)
    assert box.y >= h * 2 / 3  # top third
    assert box.right <= w / 2  # left half
    assert lines_of(ink(sender)) == ["AlexRivera", "12ElmStreetApt4", "SPRINGFIELD,IL62701"]


@pytest.mark.parametrize("name", ALL)
def test_german_recipient_lower_right(name):
    art = compose(name, BERLIN)
    w, h = SIZES[name]
    chars = pages(render(art))[0]["chars"]
    split_front(art, chars)
    box = ink_box(art.recipient)
    assert box.right <= w - 15 * MM  # ≥ 15 mm clear to the right edge
    assert box.y >= 15 * MM  # ≥ 15 mm clear to the bottom edge
    assert box.top <= h - 40 * MM  # Deutsche Post's reading zone
    assert box.x >= 0.35 * w  # right of centre …
    assert (box.y + box.top) / 2 < h / 2  # … and low
    # Sender top left.
    sender = ink_box(art.sender)
    assert sender.x < 0.5 * IN + 1 and sender.top > h * 2 / 3


@pytest.mark.parametrize("name", ["c6", "dl"])
def test_german_recipient_15mm_rule_named_sizes(name):
    # The brief's two: explicit, in mm.
    art = compose(name, BERLIN)
    w, _ = SIZES[name]
    box = ink_box(art.recipient)
    assert (w - box.right) / MM >= 15
    assert box.y / MM >= 15


@pytest.mark.parametrize("name", ALL)
@pytest.mark.parametrize("address", [LONDON, TORONTO], ids=["London", "Toronto"])
def test_other_countries_right_of_centre_below_middle(name, address):
    art = compose(name, address, sender=GB_SENDER)
    w, h = SIZES[name]
    box = ink_box(art.recipient)
    assert box.right <= w - 15 * MM and box.y >= 15 * MM and box.x >= 15 * MM
    assert (box.y + box.top) / 2 <= h / 2


ADDRESSES = [PHILADELPHIA, BERLIN, LONDON, TORONTO]


@pytest.mark.parametrize("name", ALL)
@pytest.mark.parametrize("address", ADDRESSES)
@pytest.mark.parametrize("flap", [False, True], ids=["front", "flap"])
def test_nothing_in_the_stamp_zone(name, address, flap):
    """Every envelope to every country, as composed: each glyph of the front, with its
    stroke, lies clear of the stamp (the printed PDF is read back in the test below)."""
    art = compose(name, address, return_on_flap=flap)
    stamp = envelope_layouts()[name].stamp
    (front, *_) = art.pages
    assert front.side == "front" and len(front.blocks) == (1 if flap else 2)
    for block in front.blocks:
        for g in block.glyphs:
            pad = g.weight / 2
            box = Zone(g.box.x - pad, g.box.y - pad, g.box.width + 2 * pad, g.box.height + 2 * pad)
            assert not crosses(box, stamp), (block.role, g.ch)
    assert not stamp.contains(art.recipient.box)
    assert recipient_area(art.layout, address.country).contains(art.recipient.box)


# What the printer prints, read back from the PDF: each layout, return address on the
# front and on the flap, the four destinations taken in turn (each read back four
# times); the placement for every pair is asked of the composed art above. The PDF's
# page is drawn by the same code whatever the destination.
PRINTED = [
    pytest.param(name, flap, ADDRESSES[(i + flap) % 4], id=f"{name}-{('front', 'flap')[flap]}")
    for i, name in enumerate(ALL)
    for flap in (False, True)
]


@pytest.mark.parametrize(("name", "flap", "address"), PRINTED)
def test_nothing_printed_in_the_stamp_zone(name, flap, address):
    art = compose(name, address, return_on_flap=flap)
    stamp = envelope_layouts()[name].stamp
    front = pages(render(art))[0]
    assert front["chars"] and front["paths"]
    assert not [c["text"] for c in front["chars"] if overlaps(c, stamp)]
    assert not [p for p in front["paths"] if crosses(p, stamp)]


@pytest.mark.parametrize("name", ["a2", "no10", "c6"])
def test_block_left_aligned_with_small_wander(name):
    art = compose(name, TORONTO)
    xs = [run.x for run in art.recipient.runs]
    assert len(xs) == 6
    assert max(xs) - min(xs) < 2.5  # pt: the hand's wander, not a layout choice


def test_sizes_in_range_and_return_smaller():
    for name in ALL:
        for address in (PHILADELPHIA, BERLIN, LONDON, TORONTO):
            art = compose(name, address)
            assert RECIPIENT_MIN <= art.recipient.size <= RECIPIENT_MAX
            assert art.sender is not None
            assert RETURN_MIN <= art.sender.size <= max(RETURN_MIN, 0.75 * art.recipient.size)


def test_long_line_moves_left_then_shrinks():
    long = ["Ms. Margaret Dvořák", "Hartwell, Pryce, Okonkwo & Lindqvist LLP"]
    art = compose("a2", PHILADELPHIA, recipient_name_lines=long)
    assert art.recipient.size >= RECIPIENT_MIN
    assert art.recipient.box.x < art.layout.recipient_start
    assert art.area.contains(art.recipient.box)


# -- address lines -------------------------------------------------------------


def recipient_text(art: EnvelopeArt) -> list[str]:
    return lines_of(ink(split_front(art, pages(render(art))[0]["chars"])[1]))


def test_domestic_has_no_country_line():
    art = compose("a2", PHILADELPHIA)
    assert art.recipient.lines[-1] == "PHILADELPHIA, PA 19106"
    assert recipient_text(art)[-1] == "PHILADELPHIA,PA19106"
    assert "UNITED STATES" not in art.sender.lines


def test_international_ends_with_country():
    art = compose("c6", BERLIN)
    assert art.recipient.lines[-2:] == ("10117 Berlin", "GERMANY")
    assert recipient_text(art)[-1] == "GERMANY"
    # The return address says how to get home from abroad.
    assert art.sender.lines[-1] == "UNITED STATES"


def test_no_sender_address_means_no_return_address():
    art = compose("a2", PHILADELPHIA, sender=None, return_on_flap=True)
    assert art.sender is None
    assert len(art.pages) == 1
    text = "".join(c["text"] for c in pages(render(art))[0]["chars"])
    assert "Rivera" not in text


def test_invalid_postal_code_names_the_field():
    bad = replace(PHILADELPHIA, postal_code="9106")
    with pytest.raises(CardgenError) as exc:
        compose("a2", bad)
    message = str(exc.value)
    assert message.startswith(WHERE + ": postal_code: ")
    assert "'9106'" in message and "\n" not in message


def test_invalid_sender_postal_code_names_the_candidate_field():
    with pytest.raises(CardgenError) as exc:
        compose("a2", PHILADELPHIA, sender=replace(US_SENDER, postal_code="ABCDE"))
    assert str(exc.value).startswith(WHERE + ": return address: candidate.address.postal_code:")


def test_unknown_region_names_the_field():
    with pytest.raises(CardgenError, match=r": region: 'ZZ' is not a US state"):
        compose("a2", replace(PHILADELPHIA, region="ZZ"))


def test_character_in_no_font_is_refused():
    with pytest.raises(CardgenError, match=r"U\+1F600"):
        compose("a2", PHILADELPHIA, recipient_name_lines=["Ms. Jane Doe 😀"])


def test_too_long_for_a2_names_a_larger_envelope():
    firm = "Hartwell, Pryce, Okonkwo, Lindqvist, Castellanos, Abernathy & Associates International"
    names = ["Ms. Margaret Dvořák", firm]
    with pytest.raises(CardgenError) as exc:
        compose("a2", PHILADELPHIA, recipient_name_lines=names, alternatives=ENVELOPES)
    message = str(exc.value)
    assert message.startswith(WHERE + ": the address does not fit the a2 envelope")
    assert "11 pt" in message
    assert "use a larger envelope such as" in message and "(--envelope " in message
    bigger = message.rsplit("--envelope ", 1)[1].rstrip(")")
    compose(bigger, PHILADELPHIA, recipient_name_lines=names)  # and it does fit there


def test_a_larger_envelope_is_suggested_only_if_the_card_fits_it():
    from cardgen.layout.geometry import fits_envelope

    card = card_layouts()["a7-flat"]  # 5 × 7 in: too wide for a #10 (4.125 in tall)
    fitting = [e for e in envelope_layouts().values() if fits_envelope(card, e)]
    assert "no10" not in {e.name for e in fitting}
    firm = "Hartwell, Pryce, Okonkwo, Lindqvist, Castellanos, Abernathy, Featherstone "
    firm += "& Montgomery-Whitfield Associates International LLP"  # 6.8 in at 11 pt
    names = ["Ms. Margaret Dvořák", firm]
    with pytest.raises(CardgenError) as exc:
        compose("a7", PHILADELPHIA, recipient_name_lines=names, alternatives=fitting)
    bigger = str(exc.value).rsplit("--envelope ", 1)[1].rstrip(")")
    assert bigger in {e.name for e in fitting}
    assert fits_envelope(card, envelope_layouts()[bigger])
    compose(bigger, PHILADELPHIA, recipient_name_lines=names)


@pytest.mark.parametrize(
    ("field", "changes", "key"),
    [
        ("name", {"sender_name": "Alexandra Rivera-Montgomery-Featherstonehaugh-Smythe"}, "name"),
        ("street", {}, "address.street"),
    ],
)
def test_a_too_long_return_address_names_its_line(field, changes, key):
    sender = US_SENDER
    if field == "street":
        sender = replace(US_SENDER, street="12 Elm Street Apartment 4B, Building C, Rear Entrance")
    with pytest.raises(CardgenError) as exc:
        compose("a2", PHILADELPHIA, sender=sender, **changes)
    message = str(exc.value)
    assert "return address:" in message
    assert f"shorten candidate.{key} or use a larger envelope" in message


def test_too_long_for_any_envelope_says_shorten():
    names = ["Ms. Margaret Dvořák", "Hartwell " * 20]
    with pytest.raises(CardgenError, match=r"does not fit the no10 envelope.*shorten"):
        compose("no10", PHILADELPHIA, recipient_name_lines=names)


# -- options -------------------------------------------------------------------


@pytest.mark.parametrize("name", ALL)
def test_stamp_box_is_a_faint_dashed_guide(name):
    stamp = envelope_layouts()[name].stamp
    assert rects(render(compose(name, PHILADELPHIA))) == []
    (rect,) = rects(render(compose(name, PHILADELPHIA, stamp_box=True)))
    assert (rect["x0"], rect["y0"], rect["x1"], rect["y1"]) == pytest.approx(
        (stamp.x, stamp.y, stamp.right, stamp.top), abs=0.01
    )
    assert rect["stroke"] and not rect["fill"]
    assert rect["dash"] is not None and rect["dash"][0]  # a dash pattern
    colour = rect["stroking_color"]
    grey = colour if isinstance(colour, float) else colour[0]
    assert grey >= 0.75  # very light (0 = black, 1 = white)


@pytest.mark.parametrize("name", ALL)
def test_return_on_flap_adds_the_back_page(name):
    art = compose(name, BERLIN, return_on_flap=True)
    got = pages(render(art))
    assert len(got) == 2
    w, h = SIZES[name]
    assert got[1]["size"] == pytest.approx((w, h), abs=0.01)
    front, back = got
    assert "Rivera" not in "".join(c["text"] for c in front["chars"])
    assert lines_of(ink(back["chars"]))[0] == "AlexRivera"
    box = bbox(ink(back["chars"]))
    # Centred across on the flap, in the upper part of the back.
    assert abs((box.x + box.right) / 2 - w / 2) < 0.1 * w
    assert box.y > h / 2
    assert envelope_layouts()[name].flap.contains(box)


def test_several_envelopes_one_file_in_order():
    arts = [compose("a2", PHILADELPHIA), compose("c6", BERLIN, return_on_flap=True)]
    got = pages(render(*arts))
    sizes = [v for p in got for v in p["size"]]
    assert sizes == pytest.approx([*SIZES["a2"], *SIZES["c6"], *SIZES["c6"]], abs=0.01)


# -- the PDF -------------------------------------------------------------------


def test_same_seed_same_bytes_other_seed_differs():
    a = render(compose("a2", PHILADELPHIA, seed=11))
    b = render(compose("a2", PHILADELPHIA, seed=11))
    c = render(compose("a2", PHILADELPHIA, seed=12))
    assert a == b
    assert a != c


def test_embedded_fonts_print_scaling_and_version():
    pdf = render(compose("c6", BERLIN, stamp_box=True, return_on_flap=True))
    assert pdf.startswith(b"%PDF-1.7")
    reader = PdfReader(io.BytesIO(pdf))
    prefs = reader.trailer["/Root"]["/ViewerPreferences"]
    assert prefs["/PrintScaling"] == "/None"
    seen = 0
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]
        for ref in fonts.values():
            font = ref.get_object()
            if font["/Subtype"] == "/Type0":
                font = font["/DescendantFonts"][0].get_object()
            assert "/FontFile2" in font["/FontDescriptor"], font["/BaseFont"]
            seen += 1
    assert seen >= 2


def test_pdf_is_small_and_text_extracts():
    pdf = render(compose("a2", PHILADELPHIA))
    assert len(pdf) < 40_000
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Dvořák" in text and "PHILADELPHIA, PA 19106" in text


def test_render_needs_an_envelope():
    with pytest.raises(ValueError):
        render_envelopes_pdf([], title="t", author="a", ink="#000000")


# -- properties ------------------------------------------------------------------

LATIN = st.text(
    alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ áéøłőřşžñ&.,'-"),
    min_size=1,
    max_size=70,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    names=st.lists(LATIN, min_size=1, max_size=5),
    name=st.sampled_from(ALL),
    address=st.sampled_from([PHILADELPHIA, BERLIN, LONDON, TORONTO]),
    seed=st.integers(0, 2**32),
)
def test_any_names_fit_the_area_or_raise_our_error(names, name, address, seed):
    try:
        art = compose(name, address, recipient_name_lines=names, seed=seed)
    except CardgenError as exc:
        assert str(exc).startswith(WHERE) and "\n" not in str(exc)
        return
    assert art.area.contains(art.recipient.box)
    assert RECIPIENT_MIN <= art.recipient.size <= RECIPIENT_MAX
    stamp = art.layout.stamp
    for block in (art.recipient, art.sender):
        assert block is not None
        for g in block.glyphs:
            assert block.box.x <= g.x <= block.box.right
            assert block.box.y <= g.y <= block.box.top
        apart = (
            block.box.right <= stamp.x
            or stamp.right <= block.box.x
            or block.box.top <= stamp.y
            or stamp.top <= block.box.y
        )
        assert apart


# -- YAML validation -------------------------------------------------------------

GOOD = """\
envelopes:
  test:
    size: [5.75in, 4.375in]
    recipient: {left: 0.5in, right: 0.5in, bottom: 0.625in, top: 1.625in, start: 2.5in}
    return: {left: 0.375in, top: 0.375in, width: 2.375in, height: 1in}
    stamp: {right: 0.25in, top: 0.25in, width: 1in, height: 1.125in}
    flap: {left: 0.75in, right: 0.75in, top: 0.3in, height: 1.1in}
"""


def load(tmp_path, text: str):
    path = tmp_path / "envelopes.yaml"
    path.write_text(text, encoding="utf-8")
    return load_envelope_layouts(path)


def test_yaml_zones_in_points(tmp_path):
    e = load(tmp_path, GOOD)["test"]
    assert e.recipient == Zone(36, 45, 342, 153)  # ½ in sides, 5/8 in bottom, 1⅝ in from top
    assert e.sender == Zone(27, 216, 171, 72)  # 315 - 27 - 72 = 216
    assert e.stamp == Zone(324, 216, 72, 81)  # 414 - 18 - 72 = 324
    assert e.recipient_start == 180  # 2.5 in


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        ("start: 2.5in}", "start: 2.5in, middle: 1in}", 4, "middle: unknown key"),
        ("height: 1.125in}", "height: 1.125in, colour: red}", 6, "colour: unknown key"),
        ("{left: 0.375in, top", "{left: 0.375in, right: 1in, top", 5, "exactly two of left"),
        ("start: 2.5in}", "start: 0.1in}", 4, "start: must lie inside"),
        ("top: 1.625in, start", "top: 0.5in, start", 4, "overlaps the return zone"),
        ("flap: {left: 0.75in", "flap: {left: 5in", 7, "flap: is smaller"),
        ("stamp: {right: 0.25in", "stamp: {right: -0.25in", 6, "does not lie on the"),
        ("size: [5.75in, 4.375in]", "size: [5.75in]", 3, "size: expected [width, height]"),
        (
            "    flap: {left: 0.75in, right: 0.75in, top: 0.3in, height: 1.1in}\n",
            "",
            3,
            "flap: required",
        ),
    ],
)
def test_yaml_errors_name_key_and_line(tmp_path, old, new, line, message):
    assert old in GOOD
    with pytest.raises(InputError) as exc:
        load(tmp_path, GOOD.replace(old, new))
    text = str(exc.value)
    assert text.startswith(f"envelopes.yaml:{line}: envelopes.test."), text
    assert message in text


@pytest.mark.parametrize("name", ["a2", "c6", "no10"])
def test_the_pdf_draws_the_writing_where_the_layout_put_it(name):
    art = compose(name, BERLIN)
    front = pages(render(art))[0]
    drawn = front["paths"]
    assert drawn
    laid = [ink_box(art.sender), ink_box(art.recipient)]
    for box in drawn:  # every path lies on one of the two blocks (within a stroke)
        assert any(z.inset(-0.5).contains(box) for z in laid), box
    # And the writing reads back, line by line, from its invisible text.
    assert lines_of(ink(split_front(art, front["chars"])[1])) == [
        line.replace(" ", "") for line in art.recipient.lines
    ]
