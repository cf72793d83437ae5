"""The candidate's printer: the test page, the saved calibration, and how every
print sheet and envelope undoes it; the envelope feed; the printed hints."""

from __future__ import annotations

import ctypes
import math
import tempfile
from functools import lru_cache
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
import yaml
from cardfixtures import INCH, MM, char_origins, compose, path_objects, path_points
from conftest import OUTLINE_HAND, run_cli
from msgspec.structs import replace

from cardgen.input import settings
from cardgen.input.fonts import resolve_font
from cardgen.input.layouts import envelope_layouts
from cardgen.layout.calibration import CORNER, RULER, calibration_pages
from cardgen.layout.geometry import (
    PRINTER_MARGIN,
    apply,
    compensation,
    envelope_on_paper,
    impose,
)
from cardgen.layout.marks import RELOAD_HINT, sheet_hints
from cardgen.model import EnvelopeFeed, Printer

from cardfixtures import layout  # isort: skip
from cardfixtures import planned

# -- the test page -------------------------------------------------------------------


@pytest.mark.parametrize(("paper", "size"), [("letter", (612.0, 792.0)), ("a4", (595.28, 841.89))])
def test_calibrate_writes_the_test_page_at_the_exact_paper_size(tmp_path, paper, size):
    out = tmp_path / "test.pdf"
    result = run_cli("calibrate", "--paper", paper, "--out", out)
    assert result.exit_code == 0, result.stderr
    with pdfplumber.open(out) as pdf:
        assert len(pdf.pages) == 1
        page = pdf.pages[0]
        assert (round(float(page.width), 2), round(float(page.height), 2)) == size
        assert "printer test page: front" in page.extract_text()
    result = run_cli("calibrate", "--paper", paper, "--out", out, "--back", "--force")
    assert result.exit_code == 0, result.stderr
    with pdfplumber.open(out) as pdf:
        assert len(pdf.pages) == 2
        assert "printer test page: back" in pdf.pages[1].extract_text()
        for page in pdf.pages:
            assert (round(float(page.width), 2), round(float(page.height), 2)) == size


def test_calibrate_refuses_to_overwrite(tmp_path):
    out = tmp_path / "test.pdf"
    out.write_bytes(b"mine")
    result = run_cli("calibrate", "--out", out)
    assert result.exit_code == 2
    assert out.read_bytes() == b"mine"


def _segments(page) -> list[tuple[float, float, float, float]]:
    """Every straight line on a pdfplumber page, in PDF coordinates (y up)."""
    h = float(page.height)
    out = []
    for line in page.lines:
        (x0, y0), (x1, y1) = line["pts"][0], line["pts"][-1]
        out.append((x0, h - y0, x1, h - y1))
    return out


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_the_fold_scales_read_the_shift_where_the_crease_falls(tmp_path, paper):
    """The tick for a shift of k mm is printed k mm before the middle: a printer
    that moves the page k mm puts exactly that tick under the crease."""
    out = tmp_path / "test.pdf"
    assert run_cli("calibrate", "--paper", paper, "--out", out).exit_code == 0
    (cal,) = calibration_pages(paper, back=False)
    cx, cy = cal.width / 2, cal.height / 2
    with pdfplumber.open(out) as pdf:
        segments = _segments(pdf.pages[0])
    vertical_xs = {round(x0, 2) for x0, y0, x1, y1 in segments if abs(x0 - x1) < 1e-6}
    horizontal_ys = {round(y0, 2) for x0, y0, x1, y1 in segments if abs(y0 - y1) < 1e-6}
    for k in (-6, -2.5, -0.5, 0, 0.5, 1.5, 6):
        # A printer moving everything k mm right prints this tick at the middle.
        assert round(cx - k * MM, 2) in vertical_xs
        assert round(cx - k * MM + k * MM, 2) == round(cx, 2)
        # k mm down (PDF y up): the tick k mm above the middle.
        assert round(cy + k * MM, 2) in horizontal_ys
    assert dict(cal.ticks_x)[1.5] == pytest.approx(cx - 1.5 * MM)
    assert dict(cal.ticks_y)[-2.0] == pytest.approx(cy - 2 * MM)
    # The corner crosses, 20 mm in from two edges.
    for x in (CORNER, cal.width - CORNER):
        assert round(x, 2) in vertical_xs
    for y in (CORNER, cal.height - CORNER):
        assert round(y, 2) in horizontal_ys
    # Each ruler is 150 mm from its first tick to its last.
    ruler = [s for s in segments if abs(s[0] - s[2]) < 1e-6 and abs(s[3] - s[1]) > 3.9 * MM]
    xs = sorted({round(s[0], 3) for s in ruler})
    assert any(abs((b - a) - RULER) < 0.01 for a in xs for b in xs)


def test_every_mark_of_the_test_page_is_inside_the_printable_area():
    for paper in ("letter", "a4"):
        for page in calibration_pages(paper, back=True):
            for line in page.lines:
                for x, y in ((line.x0, line.y0), (line.x1, line.y1)):
                    assert 5 * MM <= x <= page.width - 5 * MM
                    assert 5 * MM <= y <= page.height - 5 * MM


# -- the saved printer ------------------------------------------------------------------


def test_printer_round_trip(config_dir):
    result = run_cli(
        "printer", "--dx", "1.5", "--dy", "-0.8mm", "--back-dx", "0.5mm", "--back-dy", "-1mm",
        "--scale", "99.5%", "--envelope-paper", "letter", "--envelope-first", "left",
        "--envelope-face", "down", "--envelope-align", "right",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    saved = settings.printer(None)
    assert saved is not None
    assert saved.name == "default"
    assert saved.dx == pytest.approx(1.5 * MM)
    assert saved.dy == pytest.approx(-0.8 * MM)
    assert saved.back_dx == pytest.approx(0.5 * MM)
    assert saved.back_dy == pytest.approx(-1 * MM)
    assert saved.scale == pytest.approx(0.995)
    assert saved.feed == EnvelopeFeed(paper="letter", align="right", first="left", face="down")
    # A second call changes only what it names.
    assert run_cli("printer", "--dy", "0.2mm").exit_code == 0
    again = settings.printer(None)
    assert again is not None
    assert again.dx == pytest.approx(1.5 * MM) and again.dy == pytest.approx(0.2 * MM)
    shown = run_cli("printer", "--show")
    assert shown.exit_code == 0 and "dx: 1.5mm" in shown.stdout


def test_named_printers_and_make_chooses_one(config_dir, tmp_path, samples):
    assert run_cli("printer", "--printer", "office", "--dx", "2mm").exit_code == 0
    assert run_cli("printer", "--printer", "home", "--dx", "-1mm").exit_code == 0
    assert settings.printer(None) is None  # two, and neither is "default": none by default
    office = settings.printer("office")
    assert office is not None and office.dx == pytest.approx(2 * MM)
    out = tmp_path / "kit"
    result = run_cli(
        "make",
        samples / "hartwell.yaml",
        "--out",
        out,
        "--printer",
        "home",
        "--now",
        "2026-11-20T17:00",
        *OUTLINE_HAND,
    )
    assert result.exit_code == 0, result.stderr
    plan = (out / "plan.txt").read_text(encoding="utf-8")
    assert "Printer: 'home' from" in plan and "dx −1 mm" in plan
    result = run_cli("make", samples / "hartwell.yaml", "--out", tmp_path / "k2", "--printer", "x")
    assert result.exit_code == 2
    assert "--printer 'x' is not saved (saved: office, home)" in result.stderr
    assert not (tmp_path / "k2").exists()


def test_the_plan_says_when_no_calibration_is_saved(tmp_path, samples):
    out = tmp_path / "kit"
    assert run_cli("make", samples / "hartwell.yaml", "--out", out, *OUTLINE_HAND).exit_code == 0
    plan = (out / "plan.txt").read_text(encoding="utf-8")
    assert "Printer: no calibration saved" in plan and "cardgen calibrate" in plan


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--dx", "abc"), "--dx: expected a length"),
        (("--dy", "25mm"), "--dy: must be within 20 mm"),
        (("--scale", "150%"), "--scale: must be between 90% and 110%"),
        (("--scale", "big"), "--scale: expected a scale like 99.5%"),
        (("--printer", "../x", "--dx", "1mm"), "--printer: printer names are words"),
        (("--envelope-first", "sideways"), "'sideways' is not one of"),
    ],
)
def test_a_bad_printer_value_is_one_line_and_writes_nothing(config_dir, args, message):
    result = run_cli("printer", *args)
    assert result.exit_code == 2, result.stdout
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (config_dir / "printer.yaml").exists()
    assert not any(config_dir.iterdir())


def test_a_broken_printer_file_is_named_with_its_line(config_dir, tmp_path, samples):
    (config_dir / "printer.yaml").write_text(
        "printers:\n  default:\n    dx: 1.5mm\n    colour: red\n", encoding="utf-8"
    )
    result = run_cli("make", samples / "hartwell.yaml", "--out", tmp_path / "kit")
    assert result.exit_code == 2
    assert "printer.yaml:4" in result.stderr and "colour" in result.stderr
    assert not (tmp_path / "kit").exists()


# -- compensation: every mark and glyph moves by exactly the offset -----------------------


@lru_cache(maxsize=2)
def _objects(data: bytes) -> list[dict[str, list[tuple[float, float]]]]:
    """Per page: the points of every char (its origin), stroked path (a cut or fold mark,
    a calibration line) and filled path (the writing), in PDF y-up, those inside Form
    XObjects too. Read by pdfium (pdfminer spends seconds on a sheet's outlines), once
    per PDF (a test asks several questions of the same sheet); read it, do not change it."""
    out = []
    doc = pdfium.PdfDocument(data)
    try:
        for page in doc:
            objects: dict[str, list[tuple[float, float]]] = {"char": [], "line": [], "curve": []}
            objects["char"] = char_origins(page)
            for obj, to_page in path_objects(page):
                fill, stroke = ctypes.c_int(), ctypes.c_int()
                assert pdfium_c.FPDFPath_GetDrawMode(obj, fill, stroke)
                kind = "curve" if fill.value != pdfium_c.FPDF_FILLMODE_NONE else "line"
                objects[kind].extend(path_points(obj, to_page))
            out.append(objects)
            page.close()
    finally:
        doc.close()
    return out


def _moved(q: tuple[float, float], printer: Printer, back: bool, w: float, h: float):
    """Where the printer puts a point the page asks for at ``q``: the model the
    calibration measures (shift ``dx`` right and ``dy`` down, scale about the centre)."""
    dx, dy = (printer.back_dx, printer.back_dy) if back else (printer.dx, printer.dy)
    cx, cy = w / 2, h / 2
    return cx + printer.scale * (q[0] - cx) + dx, cy + printer.scale * (q[1] - cy) - dy


def _assert_compensated(plain: bytes, fixed: bytes, printer: Printer, size, backs) -> int:
    """Each object of ``fixed``, printed by ``printer``, lands on the same object of ``plain``."""
    w, h = size
    count = 0
    for page, (a, b) in enumerate(zip(_objects(plain), _objects(fixed), strict=True)):
        for kind in a:
            assert len(a[kind]) == len(b[kind]), (page, kind)
            for p, q in zip(a[kind], b[kind], strict=True):
                lands = _moved(q, printer, page in backs, w, h)
                assert lands == pytest.approx(p, abs=0.02), (page, kind)
                count += 1
    return count


PRINTER = Printer(dx=1.5 * MM, dy=-0.8 * MM, back_dx=-1.0 * MM, back_dy=0.6 * MM)


@lru_cache(maxsize=4)
def _sheets(name: str, paper: str, printer: Printer | None) -> bytes:
    """The first two sample cards on ``name``'s sheet, with the reload hint, rendered
    once per run (the plain half-fold sheet is asked about twice)."""
    from cardgen.render.sheet import render_sheets_pdf

    arts = [compose(name, index=i) for i in range(2)]
    return render_sheets_pdf(
        arts, impose(layout(name), paper), title="t", author="a", inks=["#1d2b5c"] * 2,
        stock="#fffdf5", printer=printer, hint_font=resolve_font("patrick-hand"),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("name", "paper"),
    [
        ("a2-halffold", "a4"),
        pytest.param(
            "a6-flat",
            "a4",
            marks=pytest.mark.slow(
                reason="a long run: pytest -m slow; the a2-halffold case moves the front and "
                "the back of a sheet, test_a_scale_is_undone_about_the_centre a flat one"
            ),
        ),
    ],
)
def test_printer_offsets_move_every_mark_and_glyph_on_a_sheet(name, paper):
    sheet = impose(layout(name), paper)
    plain = _sheets(name, paper, None)
    fixed = _sheets(name, paper, PRINTER)
    assert plain != fixed
    backs = {1, 3} if sheet.pages == 2 else set()  # the insides of _sheets' two cards
    count = _assert_compensated(plain, fixed, PRINTER, (sheet.width, sheet.height), backs)
    assert count > 1000
    # And with the page's raw numbers: the front moves 1.5 mm left, 0.8 mm down.
    a, b = _objects(plain)[0]["line"][0], _objects(fixed)[0]["line"][0]
    assert (b[0] - a[0], b[1] - a[1]) == pytest.approx((-1.5 * MM, -0.8 * MM), abs=0.01)
    if sheet.pages == 2:
        a, b = _objects(plain)[1]["curve"][0], _objects(fixed)[1]["curve"][0]
        assert (b[0] - a[0], b[1] - a[1]) == pytest.approx((1.0 * MM, 0.6 * MM), abs=0.01)


def test_a_scale_is_undone_about_the_centre():
    from cardgen.render.sheet import render_sheets_pdf

    arts = [compose("a2-flat", index=i) for i in range(2)]
    sheet = impose(layout("a2-flat"), "letter")
    printer = Printer(dx=0.7 * MM, dy=0.3 * MM, scale=0.992)

    def sheets(p):
        return render_sheets_pdf(
            arts, sheet, title="t", author="a", inks=["#1d2b5c"] * 2, stock="#fffdf5", printer=p
        )

    count = _assert_compensated(
        sheets(None), sheets(printer), printer, (sheet.width, sheet.height), set()
    )
    assert count > 500


def test_compensation_is_the_inverse_of_the_printer():
    printer = Printer(dx=2 * MM, dy=-1 * MM, back_dx=0.5 * MM, back_dy=3 * MM, scale=1.004)
    w, h = 612.0, 792.0
    for back in (False, True):
        m = compensation(printer, back, w, h)
        for q in ((0.0, 0.0), (w, h), (100.0, 700.0), (w / 2, h / 2)):
            assert _moved(apply(m, *q), printer, back, w, h) == pytest.approx(q)
    assert compensation(None, False, w, h) == (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


# -- envelopes ----------------------------------------------------------------------------


def _envelopes_pdf(printer: Printer | None) -> tuple[bytes, object]:
    from cardgen import app as pipeline
    from cardgen.input.config import load_interview

    from cardfixtures import SAMPLE  # isort: skip

    with tempfile.TemporaryDirectory() as tmp:
        kit = Path(tmp) / "kit"
        # The outline hand: the cards are made too, and only the envelopes are asked about.
        options = pipeline.Options(out=kit, no_envelope=False, font=OUTLINE_HAND[1])
        the_plan = planned(load_interview(SAMPLE), options)
        the_plan = replace(the_plan, printer=printer)
        pipeline.make(the_plan)
        return (kit / the_plan.envelopes_name).read_bytes(), the_plan.envelope


def _plain_envelopes_pdf() -> bytes:
    """The sample's envelope sheet as make draws it for no saved printer, drawn alone
    (the make of _envelopes_pdf draws the cards too)."""
    from cardgen import app as pipeline
    from cardgen.input.config import load_interview
    from cardgen.render.envelope import render_envelopes_pdf

    from cardfixtures import SAMPLE  # isort: skip

    run = planned(load_interview(SAMPLE), pipeline.Options(no_envelope=False))
    arts = {job.number: job.art for job in run.addressed if job.art is not None}
    return render_envelopes_pdf(
        [arts[n] for n, _ in run.people if n in arts],
        title=f"Envelopes for {run.interview.company.name}",
        author=run.interview.candidate.name,
        ink=run.ink,
        mode=run.mode,
    )


def test_envelope_pages_undo_the_printer_too():
    plain = _plain_envelopes_pdf()
    fixed, env = _envelopes_pdf(PRINTER)
    count = _assert_compensated(plain, fixed, PRINTER, (env.width, env.height), set())
    assert count > 200


@pytest.mark.parametrize("first", ["top", "bottom", "left", "right"])
@pytest.mark.parametrize("align", ["left", "center", "right"])
def test_an_envelope_fed_on_letter_lies_where_the_printer_takes_it(first, align):
    env = envelope_layouts()["a7"]
    width, height = env.width, env.height
    feed = EnvelopeFeed(paper="letter", align=align, first=first)
    page_w, page_h, m = envelope_on_paper(width, height, feed)
    assert (page_w, page_h) == (612.0, 792.0)
    a, b, c, d, _, _ = m
    assert a * d - b * c == pytest.approx(1.0)  # turned, never mirrored
    corners = [apply(m, x, y) for x in (0, width) for y in (0, height)]
    xs, ys = [p[0] for p in corners], [p[1] for p in corners]
    assert min(xs) >= -1e-6 and max(xs) <= page_w + 1e-6
    assert max(ys) == pytest.approx(page_h)  # at the top: it goes in first
    # The named edge of the envelope (as you read the address) is the leading one.
    mid = {
        "top": (width / 2, height),
        "bottom": (width / 2, 0),
        "left": (0, height / 2),
        "right": (width, height / 2),
    }[first]
    assert apply(m, *mid)[1] == pytest.approx(page_h)
    expected = {"left": 0.0, "right": page_w - (max(xs) - min(xs)), "center": None}[align]
    if expected is None:
        assert (min(xs) + max(xs)) / 2 == pytest.approx(page_w / 2)
    else:
        assert min(xs) == pytest.approx(expected)


def test_an_envelope_too_wide_for_the_paper_is_refused():
    with pytest.raises(ValueError, match="does not fit on letter"):
        envelope_on_paper(9.5 * INCH, 4.125 * INCH, EnvelopeFeed(paper="letter", first="top"))


def test_print_envelopes_follow_the_feed_and_every_glyph_is_on_the_envelope(config_dir, tmp_path):
    from cardfixtures import SAMPLE  # isort: skip

    assert (
        run_cli("printer", "--envelope-paper", "letter", "--envelope-first", "left").exit_code == 0
    )
    out = tmp_path / "kit"
    assert run_cli("make", SAMPLE, "--out", out, *OUTLINE_HAND).exit_code == 0
    with pdfplumber.open(out / "print" / "envelopes.pdf") as pdf:
        assert len(pdf.pages) >= 3
        for page in pdf.pages:
            assert (float(page.width), float(page.height)) == (612.0, 792.0)
            x0, top, x1, bottom = (float(v) for v in page.trimbox)  # pdfplumber: y down
            assert top == pytest.approx(0)  # the envelope's leading edge is the page's top
            assert x1 - x0 < bottom - top  # turned: the left edge leads
            for ch in page.chars:
                if ch["text"].strip():
                    assert x0 - 0.5 <= ch["x0"] and ch["x1"] <= x1 + 0.5
                    assert top - 0.5 <= ch["top"] and ch["bottom"] <= bottom + 0.5
    # Each interviewer's own envelope.pdf stays the envelope itself.
    with pdfplumber.open(next(out.glob("01-*/envelope.pdf"))) as pdf:
        assert float(pdf.pages[0].width) > float(pdf.pages[0].height)
    plan = " ".join((out / "plan.txt").read_text(encoding="utf-8").split())
    assert "its left edge first" in plan and "the flap edge is on your right" in plan


def test_a_feed_the_envelope_cannot_take_is_refused_before_anything_is_written(
    config_dir, tmp_path
):
    from cardfixtures import SAMPLE  # isort: skip

    assert (
        run_cli("printer", "--envelope-paper", "letter", "--envelope-first", "top").exit_code == 0
    )
    out = tmp_path / "kit"
    result = run_cli("make", SAMPLE, "--out", out, "--card", "a7-flat", "--envelope", "a9")
    assert result.exit_code == 2
    assert "does not fit on letter" in result.stderr and "printer.yaml" in result.stderr
    assert not out.exists()


# -- the printed hints --------------------------------------------------------------------


def test_a_two_sided_sheet_with_paper_to_spare_says_how_to_turn_it():
    sheet = impose(layout("a2-halffold"), "a4")
    hints = sheet_hints(sheet)
    assert [h.page for h in hints] == [0, 0]
    assert {h.angle for h in hints} == {90.0, -90.0}
    length = 0.5 * 6 * len(RELOAD_HINT)
    for hint in hints:
        # Along a short edge, outside every card and the printer's margin.
        assert PRINTER_MARGIN < hint.x < sheet.width - PRINTER_MARGIN
        assert all(not (s.trim.x <= hint.x <= s.trim.right) for s in sheet.slots)
        assert hint.y - length / 2 > PRINTER_MARGIN
        assert hint.y + length / 2 < sheet.height - PRINTER_MARGIN


@pytest.mark.parametrize(
    ("name", "paper"),
    [("a2-halffold", "letter"), ("a2-flat", "letter"), ("a2-quarterfold", "letter")],
)
def test_no_hint_is_ever_printed_on_a_card(name, paper):
    """Cards that reach the sheet's edges leave no paper for a hint: none is printed."""
    assert sheet_hints(impose(layout(name), paper)) == []


def test_the_hint_is_on_the_front_page_only():
    doc = pdfium.PdfDocument(_sheets("a2-halffold", "a4", None))
    try:
        texts = [" ".join(page.get_textpage().get_text_range().split()) for page in doc]
    finally:
        doc.close()
    assert "end over end" in texts[0]
    assert all("end over end" not in t for t in texts[1:2])


def test_yaml_written_by_the_printer_command_is_plain(config_dir):
    assert run_cli("printer", "--dx", "0.5", "--scale", "100.2%").exit_code == 0
    data = yaml.safe_load((config_dir / "printer.yaml").read_text(encoding="utf-8"))
    assert data == {"printers": {"default": {"dx": "0.5mm", "scale": "100.2%"}}}
    assert math.isclose(settings.printer(None).scale, 1.002)  # type: ignore[union-attr]


# -- a printer file written or mended by hand -----------------------------------------------

MAPPING = "expected a mapping (key: value)"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("printers: 5\n", f"printer.yaml:1: printers: {MAPPING}, got a value"),
        ("printers: [a, b]\n", f"printer.yaml:1: printers: {MAPPING}, got a list"),
        ("printers:\n  default: 5\n", f"printer.yaml:2: printers.default: {MAPPING}"),
        (
            "printers:\n  default: {envelope: [up]}\n",
            f"printer.yaml:2: printers.default.envelope: {MAPPING}",
        ),
        (
            "printers: !!python/object:os.system {}\n",
            "printer.yaml:1: printers: YAML tags (!!python/object:os.system) are not allowed",
        ),
        (
            "printers:\n  default: !foo {dx: 1mm}\n",
            "printer.yaml:2: printers.default: YAML tags (!foo) are not allowed",
        ),
        (
            "printers:\n  a: &a {dx: 1mm}\n  b: *a\n",
            "printer.yaml:2: printers.a: YAML anchors and aliases (&, *) are not allowed",
        ),
    ],
)
def test_a_printer_file_of_the_wrong_shape_is_one_line(
    config_dir, tmp_path, samples, text, message
):
    path = config_dir / "printer.yaml"
    path.write_text(text, encoding="utf-8")
    for args in (
        ("printer", "--show"),
        ("printer", "--dx", "1mm"),
        ("make", samples / "hartwell.yaml", "--out", tmp_path / "kit"),
    ):
        result = run_cli(*args)
        assert result.exit_code == 2, (args, result.stderr)
        assert result.stderr.startswith(f"cardgen: {config_dir / message}"), result.stderr
        assert len(result.stderr.splitlines()) == 1
    assert path.read_text(encoding="utf-8") == text
    assert not (tmp_path / "kit").exists()


def test_the_printer_command_edits_a_hand_written_file_in_place(config_dir):
    text = (
        "# Calibrated 2026-11-01 on the office laser.\n"
        "printers:\n"
        "  office:\n"
        "    dx: '1.5mm'     # measured twice\n"
        "    dy: -0.5mm\n"
    )
    path = config_dir / "printer.yaml"
    path.write_text(text, encoding="utf-8")
    assert (
        run_cli("printer", "--printer", "office", "--dy", "0.7", "--scale", "99.5%").exit_code == 0
    )
    assert (
        path.read_text(encoding="utf-8") == text.replace("-0.5mm", "0.7mm") + "    scale: 99.5%\n"
    )
    assert run_cli("printer", "--printer", "office", "--dx", "1.5mm").exit_code == 0
    assert "dx: '1.5mm'     # measured twice" in path.read_text(encoding="utf-8")


def test_a_bad_value_elsewhere_in_the_file_names_its_line_not_an_option(config_dir):
    (config_dir / "printer.yaml").write_text("printers:\n  home:\n    dx: 30mm\n", encoding="utf-8")
    result = run_cli("printer", "--printer", "office", "--dx", "1mm")
    assert result.exit_code == 2
    assert result.stderr == (
        f"cardgen: {config_dir / 'printer.yaml'}:3: printers.home.dx: "
        "must be within 20 mm: measure again on the test page\n"
    )
