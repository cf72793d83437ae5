"""`cardgen preview` on hostile files: bounded pixels, pages, streams and SVG expansion,
one line and exit 2 for what cannot be drawn, and a normal PDF drawn as before."""

from __future__ import annotations

import io
import re
import zlib
from pathlib import Path

import pypdfium2
import pytest
from conftest import run_cli
from PIL import Image
from reportlab.pdfgen import canvas

from cardgen import app as pipeline
from cardgen.render import preview

LINE = re.compile(r"cardgen: [^\n]+")


def error_line(result) -> str:
    """The one stderr line of a run refused as bad input (exit 2)."""
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and LINE.fullmatch(lines[0]), result.stderr
    return lines[0]


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF of ``objects`` (numbered from 1; object 1 is the catalogue), with its xref."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def _pages(width: object = 612, height: object = 792, count: int = 1, content=None) -> bytes:
    """``count`` pages of ``width`` × ``height`` pt sharing one content stream."""
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
    ]
    box = f"[0 0 {width} {height}]".encode()
    for _ in range(count):
        page = b"<< /Type /Page /Parent 2 0 R /MediaBox %s /Contents %d 0 R >>"
        objects.append(page % (box, 3 + count))
    objects.append(content or _stream(b"0 0 m 100 100 l S"))
    return _pdf(objects)


def _write(tmp_path: Path, data: bytes, name: str = "x.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _pngs(tmp_path: Path) -> list[str]:
    return sorted(p.name for p in tmp_path.glob("*.png"))


# -- a normal PDF ---------------------------------------------------------------------------


def test_a_normal_pdf_previews_exactly_as_pdfium_draws_it(tmp_path):
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(396, 306))
    for page in range(2):
        c.setStrokeColorRGB(0.1, 0.2, 0.6)
        c.bezier(20, 20, 120, 280, 260, 10, 370, 280)
        c.drawString(40, 150, f"Thank you, page {page + 1}")
        c.showPage()
    c.save()
    path = _write(tmp_path, buf.getvalue(), "card.pdf")
    result = run_cli("preview", path, "--dpi", 72)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        str(tmp_path / "card-1.png"),
        str(tmp_path / "card-2.png"),
    ]
    doc = pypdfium2.PdfDocument(buf.getvalue())
    for i in range(2):
        expected = io.BytesIO()
        doc[i].render(scale=1.0).to_pil().save(expected, "PNG")
        assert (tmp_path / f"card-{i + 1}.png").read_bytes() == expected.getvalue()


def test_each_png_is_written_before_the_next_page_is_drawn(tmp_path):
    path = _write(tmp_path, _pages(count=3))
    steps = pipeline.preview(path, 36)
    first = next(steps)
    assert first.path == tmp_path / "x-1.png"
    assert _pngs(tmp_path) == ["x-1.png"]  # page 2 not drawn yet
    assert [s.path.name for s in steps if s.path] == ["x-2.png", "x-3.png"]


# -- pixels and pages --------------------------------------------------------------------


@pytest.mark.parametrize(("side", "inches"), [(14_400, "200 × 200 in"), (10**9, "1.389e+07")])
def test_a_giant_page_is_planned_under_the_pixel_limit(side, inches):
    doc = pypdfium2.PdfDocument(_pages(side, side))
    scale, note = preview._page_plan(doc, 0, 150, "x.pdf")
    pixels = preview._pixels(side, side, scale)
    assert preview.MAX_PAGE_PIXELS * 0.95 < pixels <= preview.MAX_PAGE_PIXELS
    assert note.startswith(f"page 1 is {inches}") and "not 150" in note
    # A page under the limit keeps its resolution and has no note.
    assert preview._page_plan(pypdfium2.PdfDocument(_pages()), 0, 600, "x.pdf") == (600 / 72, "")


def test_a_giant_page_is_drawn_at_a_lower_resolution_and_says_so(tmp_path, monkeypatch):
    monkeypatch.setattr(preview, "MAX_PAGE_PIXELS", 40_000)  # small, to stay fast
    path = _write(tmp_path, _pages(10**9, 10**9))  # exit 70 (MemoryError) before
    result = run_cli("preview", path)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == str(tmp_path / "x-1.png")
    assert lines[1].startswith("  · page 1 is 1.389e+07 × 1.389e+07 in: drawn at ")
    with Image.open(tmp_path / "x-1.png") as image:
        assert image.width * image.height <= 40_000


def test_a_run_draws_at_most_max_pages_and_names_the_rest(tmp_path, monkeypatch):
    monkeypatch.setattr(preview, "MAX_PAGES", 3)
    path = _write(tmp_path, _pages(72, 72, count=5))
    result = run_cli("preview", path, "--dpi", 36)
    assert result.exit_code == 0, result.stderr
    assert _pngs(tmp_path) == ["x-1.png", "x-2.png", "x-3.png"]
    assert result.stdout.splitlines()[-1] == (
        "  · pages 4–5 of 5 were not drawn: a preview draws 3 pages at most"
    )


# -- damaged and hostile PDFs -------------------------------------------------------------


def test_a_looping_page_tree_is_one_line(tmp_path):
    loop = _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>",
        ]
    )
    path = _write(tmp_path, loop)
    line = error_line(run_cli("preview", path))  # exit 70 (PdfiumError) before
    assert line == (
        f"cardgen: {path}: is a damaged PDF: page 1 cannot be found in its page tree "
        "(it may loop back on itself)"
    )
    assert _pngs(tmp_path) == []


def _bomb(size: int, layers: int) -> bytes:
    data = b"0 0 m 1 1 l S\n" + b" " * size  # one stroke, then blanks: quick to draw
    for _ in range(layers):
        data = zlib.compress(data, 9)
    filters = b"[" + b" ".join([b"/FlateDecode"] * layers) + b"] "
    return _stream(data, b"/Filter " + filters)


@pytest.mark.parametrize("layers", [1, 2])
def test_a_content_stream_bomb_is_refused_before_pdfium_inflates_it(tmp_path, monkeypatch, layers):
    monkeypatch.setattr(preview, "MAX_STREAM_BYTES", 1024 * 1024)  # small, to stay fast
    path = _write(tmp_path, _pages(content=_bomb(4 * 1024 * 1024, layers)))
    line = error_line(run_cli("preview", path))
    assert line.startswith(f"cardgen: {path}: is a PDF whose stream at byte ")
    assert line.endswith(
        "inflates to over 1 MB (a compression bomb); "
        "a kit's largest is well under 1 MB, so it cannot be previewed"
    )
    assert _pngs(tmp_path) == []
    # Under the limit, the same page is drawn.
    monkeypatch.setattr(preview, "MAX_STREAM_BYTES", 8 * 1024 * 1024)
    assert run_cli("preview", path, "--dpi", 36).exit_code == 0
    assert _pngs(tmp_path) == ["x-1.png"]


def test_streams_that_together_inflate_too_far_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(preview, "MAX_INFLATED_BYTES", 3 * 1024 * 1024)
    stream = _stream(zlib.compress(b"0 0 m 1 1 l S\n" * 100_000), b"/Filter /FlateDecode ")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 72 72] /Contents [4 0 R 5 0 R 6 0 R] >>",
        stream,  # each 1.4 MB inflated: 4.2 MB in all
        stream,
        stream,
    ]
    path = _write(tmp_path, _pdf(objects))
    line = error_line(run_cli("preview", path))
    assert line == (
        f"cardgen: {path}: is a PDF whose streams inflate to over 3 MB in all; "
        "it cannot be previewed"
    )


def test_a_stored_content_stream_over_the_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(preview, "MAX_STREAM_BYTES", 1024 * 1024)
    path = _write(tmp_path, _pages(content=_stream(b"0 0 m 1 1 l S\n" * 100_000)))  # 1.4 MB
    line = error_line(run_cli("preview", path))
    assert line.startswith(f"cardgen: {path}: is a PDF whose stream at byte ")
    assert line.endswith(
        " holds over 1 MB; a kit's largest is well under 1 MB, so it cannot be previewed"
    )


# -- plotter SVGs ---------------------------------------------------------------------------


def _fan_out(levels: int, fan: int = 10) -> bytes:
    """An SVG whose <use> elements fan out to ``fan ** levels`` paths in a few KB."""
    defs = ['<path id="a0" d="M0 0 L10 10"/>']
    for level in range(1, levels + 1):
        uses = "".join(f'<use href="#a{level - 1}"/>' for _ in range(fan))
        defs.append(f'<g id="a{level}">{uses}</g>')
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">'
        f'<defs>{"".join(defs)}</defs><use href="#a{levels}"/></svg>'
    ).encode()


def test_an_svg_that_fans_out_to_millions_of_paths_is_one_line(tmp_path):
    svg = _fan_out(7)  # 10**7 paths: out of memory after minutes before
    assert len(svg) < 2500
    path = _write(tmp_path, svg, "card.svg")
    line = error_line(run_cli("preview", path))
    assert line == (
        f"cardgen: {path}: is an SVG of over 200,000 elements once its <use> references "
        "are expanded (a plotted card has about 500); it cannot be previewed"
    )
    assert _pngs(tmp_path) == []


def test_an_svg_whose_use_refers_to_itself_is_one_line(tmp_path):
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        b'<g id="g"><path d="M0 0 L1 1"/><use href="#g"/></g></svg>'
    )
    line = error_line(run_cli("preview", _write(tmp_path, svg, "card.svg")))
    assert line.endswith("is an SVG whose <use> elements refer to themselves; it cannot be drawn")


def test_an_svg_that_fans_out_a_little_is_drawn(tmp_path):
    # svg, defs, a0, a1 (1 + 10 × (use + a0)), a2 (1 + 10 × (use + a1)), use + a2
    assert preview._svg_elements(_fan_out(2), "x.svg") == 1 + (1 + 1 + 21 + 221) + (1 + 221)
    result = run_cli("preview", _write(tmp_path, _fan_out(2), "card.svg"), "--dpi", 96)
    assert result.exit_code == 0, result.stderr
    assert _pngs(tmp_path) == ["card.png"]
