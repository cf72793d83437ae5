"""The drawing protocol: layout's marks, walked by ``draw_art`` onto any back-end.

A recording surface (a test double of :class:`cardgen.render.surface.Surface`)
shows what ``draw_art`` asks a back-end to draw for a composed card and
envelope; the PDF and plotter back-ends must implement every method of it.
"""

from __future__ import annotations

import inspect
import io
import random

import numpy as np
import pytest
from cardfixtures import INK, STOCK, compose, layout

from cardgen.input.fonts import fallback_fonts, resolve_font
from cardgen.input.layouts import envelope_layouts, pens
from cardgen.layout.art import ADDRESS, NOTE, SIGNATURE, Path, Writing
from cardgen.layout.card import card_page_marks
from cardgen.layout.envelope import compose_envelope
from cardgen.layout.fonts import FontSet
from cardgen.layout.geometry import impose
from cardgen.layout.guide import rules
from cardgen.layout.ink import ink_strokes
from cardgen.model import Address
from cardgen.render.pdf import PdfSurface, hex_rgb
from cardgen.render.plot import PlotSurface
from cardgen.render.surface import Palette, Surface, draw_art

PALETTE = Palette(hex_rgb(INK), hex_rgb(STOCK))
METHODS = sorted(
    name for name, _ in inspect.getmembers(Surface, inspect.isfunction) if not name.startswith("_")
)


class Recorder:
    """Records every call of the protocol as (method, arguments)."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict]] = []

    def _log(self, method: str, **args) -> None:
        self.calls.append((method, args))

    def push(self, matrix):
        self._log("push", matrix=matrix)

    def pop(self):
        self._log("pop")

    def fill_path(self, shape, paint, pen):
        self._log("fill_path", shape=shape, paint=paint, pen=pen)

    def stroke_path(self, points, width, paint, *, dash, cap, closed, pen):
        self._log("stroke_path", points=points, width=width, paint=paint, dash=dash, pen=pen)
        self.calls[-1][1].update(cap=cap, closed=closed)

    def ink(self, mark, paint):
        self._log("ink", mark=mark, paint=paint)

    def text_run(self, run, font):
        self._log("text_run", run=run, font=font)

    def image(self, box, source):
        self._log("image", box=box, source=source)

    def finish(self):
        self._log("finish")

    def named(self, method: str) -> list[dict]:
        return [args for name, args in self.calls if name == method]


def record(marks, images=None) -> Recorder:
    surface = Recorder()
    draw_art(surface, marks, PALETTE, images)
    return surface


@pytest.mark.parametrize("backend", [PdfSurface, PlotSurface, Recorder])
def test_every_backend_implements_every_method_of_the_protocol(backend):
    assert METHODS == [
        "fill_path",
        "finish",
        "image",
        "ink",
        "pop",
        "push",
        "stroke_path",
        "text_run",
    ]
    for name in METHODS:
        assert callable(getattr(backend, name, None)), f"{backend.__name__} lacks {name}"
        ours = list(inspect.signature(getattr(Surface, name)).parameters)
        theirs = list(inspect.signature(getattr(backend, name)).parameters)
        assert theirs == ours, f"{backend.__name__}.{name}{theirs} is not the protocol's {ours}"


def test_a_flat_card_draws_its_writing_signature_image_and_text_once_in_its_panel():
    art = compose("a2-flat")
    rec = record(card_page_marks(art, 0), images={"signature": "the image"})
    names = [name for name, _ in rec.calls]
    assert names[0] == "push" and names[-2:] == ["pop", "finish"]
    fills = rec.named("fill_path")
    assert [f["shape"] for f in fills] == [g for g in art.glyphs if len(g.points)]
    assert {f["pen"] for f in fills if f["shape"].role == "signature"} <= {SIGNATURE}
    assert {f["pen"] for f in fills if f["shape"].role != "signature"} == {NOTE}
    for f in fills:  # each glyph in the ink moved its own fade toward the stock
        assert f["paint"] == pytest.approx(PALETTE.inked(f["shape"].fade))
    assert [t["run"] for t in rec.named("text_run")] == list(art.runs)
    assert len(rec.named("image")) == len(art.images)
    assert rec.named("stroke_path") == []
    # Without the picture, an image mark is left out; nothing else changes.
    assert record(card_page_marks(art, 0)).named("image") == []


def test_a_folded_front_is_lettering_a_rule_and_a_lozenge_computed_in_layout():
    art = compose("a2-halffold")
    front = art.front
    assert front is not None
    outside = card_page_marks(art, 0)
    rec = record(outside)
    strokes = rec.named("stroke_path")
    cx, y = front.width / 2, front.rule_y
    assert [s["points"] for s in strokes] == [
        ((cx - front.rule_half, y), (cx - 4.0, y)),
        ((cx + 4.0, y), (cx + front.rule_half, y)),
    ]
    assert {s["width"] for s in strokes} == {0.6}
    assert all(s["paint"] == PALETTE.ink and s["pen"] == NOTE for s in strokes)
    fills = rec.named("fill_path")
    lozenge = [f for f in fills if isinstance(f["shape"], Path)]
    assert len(lozenge) == 1 and lozenge[0]["paint"] == PALETTE.ink
    assert len(lozenge[0]["shape"].points) == 5  # closed: a plotter draws all four sides
    glyphs = [f for f in fills if not isinstance(f["shape"], Path)]
    assert [f["shape"] for f in glyphs] == list(front.glyphs)
    assert all(f["paint"] == PALETTE.ink for f in glyphs)  # a lettered front never fades
    assert [t["run"] for t in rec.named("text_run")] == list(front.runs)
    # Composed once: the same marks every time they are asked for.
    assert card_page_marks(art, 0)[0].marks is outside[0].marks


def test_guides_and_light_box_are_strokes_only_and_never_plotted():
    art = compose("a2-flat")
    guides = rules(art.fit, art.origin, art.fonts["body"].x_height)
    faint = record(card_page_marks(art, 0, "guide"))
    bold = record(card_page_marks(art, 0, "lightbox"))
    for rec, width in ((faint, 0.3), (bold, 1.0)):
        assert rec.named("fill_path") == rec.named("text_run") == []
        strokes = rec.named("stroke_path")
        assert len(strokes) == len(guides)
        assert {s["pen"] for s in strokes} == {None}
        assert {s["width"] for s in strokes if not s["dash"]} == {width}
    shade = tuple(c * 0.86 for c in PALETTE.stock)  # the stock a shade darker
    assert {s["paint"] for s in faint.named("stroke_path")} == {shade}
    assert {s["paint"] for s in bold.named("stroke_path")} == {(0.0, 0.0, 0.0)}


def _envelope():
    hand = resolve_font("patrick-hand")
    return compose_envelope(
        recipient_name_lines=["Ms. Jane Doe"],
        address=Address("400 Market Street", "Philadelphia", "US", "19106", "PA"),
        sender_name="Alex Rivera",
        sender_address=Address("12 Elm Street", "Springfield", "US", "62701", "IL"),
        layout=envelope_layouts()["a2"],
        hand_font=FontSet(hand, fallback_fonts(hand)),
        seed=7,
        stamp_box=True,
        where="test",
    )


def test_an_envelope_draws_its_stamp_guide_writing_and_text():
    art = _envelope()
    (page,) = art.pages
    rec = record(art.marks(page))
    (stamp,) = rec.named("stroke_path")
    z = art.layout.stamp
    assert stamp["points"][0] == (z.x, z.y) and stamp["closed"] and stamp["pen"] is None
    assert stamp["paint"] == 0.82 and stamp["dash"] == (3.0, 2.5)
    fills = rec.named("fill_path")
    written = [g for block in page.blocks for g in block.glyphs if len(g.points)]
    assert [f["shape"] for f in fills] == written
    recipient = {id(g) for g in art.recipient.glyphs}
    assert {f["pen"] for f in fills if id(f["shape"]) in recipient} == {ADDRESS}
    runs = [r for block in page.blocks for r in block.runs]
    assert [t["run"] for t in rec.named("text_run")] == runs
    assert {t["font"] for t in rec.named("text_run")} == {art.font}
    guide = record(art.marks(page, "guide"))
    assert guide.named("fill_path") == guide.named("text_run") == []
    assert len(guide.named("stroke_path")) > 1 + len(art.recipient.lines)


def test_the_plotter_draws_a_closed_shape_closed_and_leaves_unplotted_marks_out():
    art = compose("a2-halffold")
    surface = PlotSurface(art.pages[0].height)
    draw_art(surface, card_page_marks(art, 0), PALETTE)
    lines = surface.layers[NOTE]
    lozenge = lines[-1]  # the last of the front: rule, rule, lozenge
    assert len(lozenge) == 5 and lozenge[0] == lozenge[-1]
    env = _envelope()
    plot = PlotSurface(env.height)
    draw_art(plot, env.marks(env.pages[0]), PALETTE)
    assert None not in plot.layers  # the stamp guide is printed, never plotted


def test_a_writing_mark_is_a_new_kind_for_both_backends_through_one_walk():
    """The same marks reach both back-ends: one walk, no drawing of its own in either."""
    art = compose("a2-halffold")
    marks = card_page_marks(art, 0)
    plot = PlotSurface(art.pages[0].height)
    draw_art(plot, marks, PALETTE)
    rec = record(marks)
    writing = [m for g in marks for m in g.marks if isinstance(m, Writing)]
    contours = sum(g.template.split().count("m") for w in writing for g in w.glyphs)
    shapes = len(rec.named("fill_path")) - len(writing[0].glyphs)  # the lozenge
    assert len(plot.layers[NOTE]) == contours + 2 + shapes


def test_a_pens_writing_is_inked_in_a_pdf_and_plotted_as_its_centrelines():
    """A Writing carrying ink: the PDF back-end gets the pieces in the full ink, once;
    the plotter draws the glyphs' centrelines exactly as without the ink."""
    art = compose("a2-flat")
    glyphs = tuple(g for g in art.glyphs if len(g.points))[:20]
    pieces = ink_strokes(
        [g.points for g in glyphs], pens()["ballpoint"], random.Random(1), glyphs[0].size
    )
    inked = Writing(glyphs, ink=pieces)
    rec = record([inked])
    assert [name for name, _ in rec.calls] == ["ink", "finish"]
    (call,) = rec.named("ink")
    assert call["mark"] is inked and call["paint"] == PALETTE.inked(0.0)
    plain, plotted = PlotSurface(400), PlotSurface(400)
    draw_art(plain, [Writing(glyphs)], PALETTE)
    draw_art(plotted, [inked], PALETTE)
    assert len(plotted.layers[NOTE]) == len(plain.layers[NOTE]) > 0
    for a, b in zip(plotted.layers[NOTE], plain.layers[NOTE], strict=True):
        assert np.array_equal(a, b)


def test_the_print_sheet_draws_each_card_page_once_as_a_form():
    from pypdf import PdfReader

    from cardgen.render.sheet import render_sheets_pdf

    arts = [compose("a2-halffold", index=i) for i in range(2)]
    sheet = impose(layout("a2-halffold"), "letter")
    pdf = render_sheets_pdf(
        arts, sheet, title="t", author="a", inks=[INK] * 2, stock=STOCK, mode="print"
    )
    reader = PdfReader(io.BytesIO(pdf))
    forms = []
    for page in reader.pages:
        xobjects = page["/Resources"].get("/XObject", {})
        forms.append(
            sorted(
                name for name, ref in xobjects.items() if ref.get_object()["/Subtype"] == "/Form"
            )
        )
        content = page.get_contents().get_data().decode("latin-1")
        assert content.count(" Do") == len(forms[-1])
    assert [len(f) for f in forms] == [len(sheet.slots)] * sheet.pages * (
        -(-len(arts) // len(sheet.slots))
    )
