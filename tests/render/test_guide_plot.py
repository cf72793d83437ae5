"""Writing by pen: guide mode (faint guides, a light box, a copy sheet) and plot mode
(pen-plotter SVGs in a single-line font, through vpype)."""

from __future__ import annotations

import ctypes
import itertools
import math
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from cardfixtures import SAMPLE, planned
from conftest import run_cli
from PIL import Image

from cardgen import app as pipeline
from cardgen.errors import CardgenError
from cardgen.input.config import load_interview
from cardgen.input.strokes import stroke_font
from cardgen.layout.handwriting import NEATNESS, Hand, allowance
from cardgen.layout.strokes import StrokeSet

NOW = "2026-11-20T17:00"
SVG = "{http://www.w3.org/2000/svg}"
INKSCAPE = "{http://www.inkscape.org/namespaces/inkscape}"


def _plan(mode: str, tmp_path: Path, **extra):
    interview = load_interview(SAMPLE)
    return planned(interview, pipeline.Options(mode=mode, out=tmp_path / mode, **extra))


# -- guide mode -------------------------------------------------------------------------


MODES = ("print", "guide", "plot")


def _make_kits(folder: Path) -> None:
    """The sample kit made in print, guide and plot mode (a2-flat, three cards), beside
    the tests (tests/conftest.py): three makes, two of them in the pen's hand."""
    for mode in MODES:
        result = run_cli("make", SAMPLE, "--mode", mode, "--out", folder / mode, "--now", NOW)
        if result.exit_code != 0:
            raise SystemExit(f"make --mode {mode}: exit {result.exit_code}: {result.stderr}")


@pytest.fixture
def kits(beside) -> dict[str, Path]:  # type: ignore[no-untyped-def]
    """The kits of ``_make_kits``, by mode."""
    assert beside.returncode == 0, beside.output
    return {mode: beside.folder / mode for mode in MODES}


def _line_starts(chars: list[dict]) -> list[tuple[float, float]]:
    """(x, y) origin of the first character of each line of the text layer, in order.

    A line is one text run (it may slope a little); a new one starts where the
    next character jumps back to the left.
    """
    starts: list[tuple[float, float]] = []
    previous: tuple[float, float] | None = None
    for ch in chars:
        if not ch["text"].strip():
            continue
        x, y = ch["matrix"][4], ch["matrix"][5]
        if previous is None or x < previous[0] - 20 or abs(y - previous[1]) > 6:
            starts.append((x, y))
        previous = (x, y)
    return starts


def _text_layer(path: Path) -> list[dict]:
    """The characters of the first page's text layer in the order written, each with
    its origin as pdfplumber's ``matrix`` gives it, read by pdfium: pdfminer spends a
    second parsing the pen's ink of a card to find them."""
    doc = pdfium.PdfDocument(path)
    try:
        text = doc[0].get_textpage()
        chars = []
        for i in range(text.count_chars()):
            if pdfium_c.FPDFText_IsGenerated(text.raw, i):
                continue  # a space or line break pdfium adds, not in the PDF
            x, y = ctypes.c_double(), ctypes.c_double()
            assert pdfium_c.FPDFText_GetCharOrigin(text.raw, i, x, y)
            ch = chr(pdfium_c.FPDFText_GetUnicode(text.raw, i))
            chars.append({"text": ch, "matrix": (1, 0, 0, 1, x.value, y.value)})
        text.close()
        return chars
    finally:
        doc.close()


@pytest.mark.beside("_make_kits")
def test_guides_lie_on_the_baselines_of_the_printed_note(kits):
    for folder in sorted((kits["print"]).glob("0*")):
        printed = folder / "card.pdf"
        guided = kits["guide"] / folder.name / "card.pdf"
        # The invisible text layer starts each line on its written baseline, which
        # strays from the laid-out one by the line's own pitch and rise at most.
        starts = _line_starts(_text_layer(printed))
        stray = allowance(Hand(k=NEATNESS["neat"]), 16.0)[1]
        with pdfplumber.open(guided) as pdf:
            page = pdf.pages[0]
            h = float(page.height)
            baselines = sorted(
                {round(h - line["top"], 2) for line in page.lines if line["linewidth"] > 0.25},
                reverse=True,
            )
            assert not page.chars  # the card itself carries no writing
        assert len(starts) == len(baselines) >= 8, folder.name
        for (_x, y), guide in zip(starts, baselines, strict=True):
            assert abs(y - guide) < stray, (folder.name, y, guide)


def test_guides_match_the_plan_fit_exactly(tmp_path):
    the_plan = _plan("guide", tmp_path)
    arts = pipeline.compose_cards(the_plan)
    printed = pipeline.compose_cards(_plan("print", tmp_path))
    from cardgen.render.guide import card_rules

    for n, art in arts.items():
        assert art.fit == printed[n].fit  # the same fit as for printing
        _left, top = art.origin
        bases = [r.y for r in card_rules(art) if r.kind == "base"]
        assert bases == [top - line.y for line in art.fit.lines]
        xs = [r for r in card_rules(art) if r.kind == "x"]
        assert all(r.y > top - art.fit.lines[r.line].y for r in xs)


def _words(text: str) -> list[str]:
    return re.findall(r"[\w'’&.,-]+", text)


@pytest.mark.beside("_make_kits")
def test_the_copy_sheet_holds_every_word_in_order(kits):
    interview = load_interview(SAMPLE)
    the_plan = planned(interview, pipeline.Options(mode="guide"))
    for job in the_plan.cards:
        copy = kits["guide"] / the_plan.folders[job.number] / "copy.pdf"
        with pdfplumber.open(copy) as pdf:
            assert len(pdf.pages) == 2  # the card, then the envelope
            words = [
                w["text"]
                for w in pdf.pages[0].extract_words(keep_blank_chars=False, x_tolerance=1.5)
                if w["top"] > 20  # below the caption
            ]
            page_size = (float(pdf.pages[0].width), float(pdf.pages[0].height))
        expected = _words(
            " ".join([job.text.salutation, job.text.note, job.text.closing, job.text.signature])
        )
        assert _words(" ".join(words)) == expected
        assert page_size == (306.0, 396.0)  # actual size: the a2-flat card


@pytest.mark.beside("_make_kits")
def test_guide_card_has_a_light_box_page_and_the_kit_its_copy_sheets(kits):
    folder = next(kits["guide"].glob("01-*"))
    with pdfplumber.open(folder / "card.pdf") as pdf:
        assert len(pdf.pages) == 2
        faint, bold = pdf.pages[0].lines, pdf.pages[1].lines
        assert max(line["linewidth"] for line in faint) <= 0.3 + 1e-6
        assert max(line["linewidth"] for line in bold) >= 1.0 - 1e-6
        assert "Light box" in (pdf.pages[1].extract_text() or "")
    names = {p.name for p in folder.iterdir()}
    assert {"card.pdf", "copy.pdf", "envelope.pdf", "email.txt", "email.eml"} <= names
    with pdfplumber.open(folder / "envelope.pdf") as pdf:
        page = pdf.pages[0]
        assert not page.chars and len(page.lines) >= 8  # guides, no writing
    plan = (kits["guide"] / "plan.txt").read_text(encoding="utf-8")
    assert "Write it by pen" in plan and "light box" in plan and "copy.pdf" in plan
    with pdfplumber.open(kits["guide"] / "print" / "cards-letter.pdf") as pdf:
        assert not pdf.pages[0].chars


# -- plot mode --------------------------------------------------------------------------


def _svg(path: Path) -> ET.Element:
    return ET.fromstring(path.read_bytes())


def _cm(value: str) -> float:
    assert value.endswith("cm"), value
    return float(value[:-2])


@pytest.mark.beside("_make_kits")
def test_plot_svgs_are_the_trim_size_in_physical_units(kits):
    folder = next(kits["plot"].glob("01-*"))
    card = _svg(folder / "card.svg")
    assert _cm(card.get("width")) == pytest.approx(4.25 * 2.54)
    assert _cm(card.get("height")) == pytest.approx(5.5 * 2.54)
    assert card.get("viewBox") == f"0 0 {4.25 * 96} {5.5 * 96}"
    envelope = _svg(folder / "envelope.svg")
    assert _cm(envelope.get("width")) == pytest.approx(5.75 * 2.54)  # the A2 envelope
    assert _cm(envelope.get("height")) == pytest.approx(4.375 * 2.54)
    assert not (folder / "card.pdf").exists() and not (kits["plot"] / "print").exists()


@pytest.mark.beside("_make_kits")
def test_plot_svgs_hold_only_stroked_paths_on_numbered_layers(kits):
    folder = next(kits["plot"].glob("01-*"))
    for name, labels in (("card.svg", ["1 note", "2 signature"]),
                         ("envelope.svg", ["1 address", "2 return address"])):  # fmt: skip
        root = _svg(folder / name)
        layers = [g for g in root.iter(f"{SVG}g") if g.get(f"{INKSCAPE}groupmode") == "layer"]
        assert [g.get(f"{INKSCAPE}label") for g in layers] == labels
        for g in layers:
            assert g.get("fill") == "none" and g.get("stroke") == "#1d2b5c"
            kinds = {child.tag.removeprefix(SVG) for child in g}
            assert kinds <= {"polyline", "polygon", "path", "line"}, kinds  # a closed o
            assert len(g) > 0
        assert not list(root.iter(f"{SVG}text"))
        assert not [e for e in root.iter() if e.get("fill") not in (None, "none")]


def _polylines(root: ET.Element) -> list[list[tuple[float, float]]]:
    out = []
    for e in root.iter(f"{SVG}polyline"):
        pts = [tuple(map(float, p.split(","))) for p in e.get("points").split()]
        out.append(pts)
    for e in root.iter(f"{SVG}line"):
        out.append(
            [(float(e.get("x1")), float(e.get("y1"))), (float(e.get("x2")), float(e.get("y2")))]
        )
    return out


def _length(lines) -> float:
    return sum(math.dist(a, b) for line in lines for a, b in itertools.pairwise(line))


def test_every_character_of_the_note_is_drawn(tmp_path):
    the_plan = _plan("plot", tmp_path)
    arts = pipeline.compose_cards(the_plan)
    strokes = the_plan.fonts["body"]
    assert isinstance(strokes, StrokeSet)
    for job in the_plan.cards:
        art = arts[job.number]
        text = " ".join([job.text.salutation, job.text.note, job.text.closing, job.text.signature])
        letters = [ch for ch in text if not ch.isspace()]
        drawn = [g for g in art.glyphs if g.ch]
        assert "".join(g.ch for g in drawn) == "".join(letters)
        # Each glyph has the strokes of the font's letter (or its built parts); a joined
        # letter whose join falls inside a stroke is cut there (entry, body, exit).
        for ch in set(letters):
            parts = strokes.parts(ch)
            assert parts is not None, ch
            want = sum(len(strokes.glyphs[p].strokes) for p, _dx, _dy in parts)
            got = [
                sum(len(strokes.outline(0, h.gid).contours) for h in _cluster(art.glyphs, i))
                for i, g in enumerate(art.glyphs)
                if g.ch == ch
            ]
            assert got and all(want <= n <= want + 2 for n in got), (ch, want, got)
        # And the SVG draws all of it: merging joins strokes, it never drops ink.
        from cardgen.render.plot import card_svgs

        ((_name, svg, stats),) = card_svgs(art, "#1d2b5c")
        root = ET.fromstring(svg)
        px = _length(_polylines(root))
        expected = (
            sum(
                math.dist(a, b)
                for g in art.glyphs
                for first, end in strokes.outline(0, g.gid).contours
                for a, b in itertools.pairwise(g.points[first:end])
            )
            * 96
            / 72
        )
        assert px == pytest.approx(expected, rel=0.002)
        assert stats.up_mm < stats.up_mm_unsorted  # sorted: less pen-up travel


def _cluster(glyphs, i):
    """Glyph ``i`` and the mark glyphs after it that belong to the same letter."""
    out = [glyphs[i]]
    for g in glyphs[i + 1 :]:
        if g.ch:
            break
        out.append(g)
    return out


def test_built_letters_and_stand_ins():
    strokes = StrokeSet(stroke_font())
    assert strokes.parts("ễ") == (
        ("e", 0.0, 0.0),
        ("ˆ", pytest.approx(strokes.parts("ễ")[1][1]), 0.0),
        ("˜", pytest.approx(strokes.parts("ễ")[2][1]), 0.16),
    )
    assert strokes.missing("Nguyễn Đorđe Łukasz “quoted”") is None
    assert strokes.missing("tea 🍵") == 4
    with pytest.raises(CardgenError, match="U\\+1F375"):
        strokes.check("tea 🍵", "the note")


def test_same_seed_same_svg_and_another_seed_another(tmp_path):
    outs = {}
    for name, seed in (("a", 3), ("b", 3), ("c", 4)):
        result = run_cli("make", SAMPLE, "--mode", "plot", "--seed", seed, "--out", tmp_path / name,
                         "--only", "dvorak", "--no-envelope", "--now", NOW)  # fmt: skip
        assert result.exit_code == 0, result.stderr
        outs[name] = (tmp_path / name / "01-margaret-dvorak" / "card.svg").read_bytes()
    assert outs["a"] == outs["b"]
    assert outs["a"] != outs["c"]


def test_folded_cards_plot_each_written_side(tmp_path):
    result = run_cli("make", SAMPLE, "--mode", "plot", "--card", "a2-halffold", "--only", "okafor",
                     "--out", tmp_path / "k", "--now", NOW)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    folder = tmp_path / "k" / "02-tomas-okafor"
    outside, inside = _svg(folder / "card-outside.svg"), _svg(folder / "card-inside.svg")
    assert _cm(outside.get("width")) == pytest.approx(8.5 * 2.54)  # the flat spread
    assert len(_polylines(outside)) < len(_polylines(inside))


@pytest.mark.beside("_make_kits")
def test_preview_draws_a_plot_svg(kits):
    svg = next(kits["plot"].glob("01-*")) / "card.svg"
    result = run_cli("preview", svg, "--dpi", 150)
    assert result.exit_code == 0, result.stderr
    image = Image.open(svg.with_suffix(".png")).convert("L")
    assert image.size == (round(4.25 * 150), round(5.5 * 150))
    dark = sum(image.histogram()[:128])
    assert dark > 5000


def test_without_the_plot_extra_the_error_says_how_to_get_it(tmp_path, monkeypatch):
    for name in ("vpype", "vpype_cli", "svgelements"):
        monkeypatch.setitem(sys.modules, name, None)
    stroke_font.cache_clear()
    try:
        result = run_cli("make", SAMPLE, "--mode", "plot", "--out", tmp_path / "k", "--now", NOW)
    finally:
        stroke_font.cache_clear()
    assert result.exit_code == 2
    assert "pip install 'cardgen[plot]'" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "k").exists()


def test_a_broken_svg_preview_is_one_line(tmp_path):
    bad = tmp_path / "card.svg"
    bad.write_bytes(b"<svg><polyline points='1,2 x'")
    result = run_cli("preview", bad)
    assert result.exit_code == 2
    assert "card.svg" in result.stderr and "not a readable SVG" in result.stderr


@pytest.mark.beside("_make_kits")
def test_the_svg_says_its_pen(kits):
    root = _svg(next(kits["plot"].glob("01-*")) / "card.svg")
    widths = {g.get("stroke-width") for g in root.iter(f"{SVG}g") if g.get("stroke-width")}
    assert widths == {"1.5118"}  # 0.4 mm in SVG px (1/96 in)


def test_plot_mode_writes_the_printed_cards_pen_hand(tmp_path):
    # The conservative card is written by the pen's joined hand; the plotter writes
    # the same letters, so check's fit for one is the fit for the other.
    plot = _plan("plot", tmp_path)
    printed = _plan("print", tmp_path)
    assert plot.cards[0].fit is not None and printed.cards[0].fit is not None
    assert plot.fonts["body"].font.name == printed.fonts["body"].font.name == "ems-allure"
    assert plot.cards[0].fit == printed.cards[0].fit
    tty = _plan("plot", tmp_path, font="patrick-hand")  # an outline hand: the pen's own
    assert tty.fonts["body"].font.name == "ems-allure"
