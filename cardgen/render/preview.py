"""Render stage: PNG pages of a PDF, for a look before printing (pypdfium2).

A preview reads whatever file it is given, so it is bounded before anything
is drawn: a page has at most :data:`MAX_PAGE_PIXELS` (a larger page is drawn
at a lower resolution, and the note says so), a run draws at most
:data:`MAX_PAGES` pages (the note names the pages left out), each page is
drawn and handed on before the next is opened, a stream may hold at most
:data:`MAX_STREAM_BYTES` once inflated (a content-stream bomb is refused
before pdfium inflates it), and a plotter SVG may hold at most
:data:`MAX_SVG_ELEMENTS` elements once its ``<use>`` references are counted
out.
"""

from __future__ import annotations

import io
import math
import re
import zlib
from collections.abc import Iterator

import msgspec

from cardgen.errors import InputError

__all__ = [
    "MAX_INFLATED_BYTES",
    "MAX_PAGES",
    "MAX_PAGE_PIXELS",
    "MAX_STREAM_BYTES",
    "MAX_SVG_ELEMENTS",
    "PagePng",
    "pdf_pages",
    "svg_png",
]

MAX_PAGE_PIXELS = 50_000_000  # a Letter or A4 page at 600 dpi is 34 megapixels
MAX_SIDE_PIXELS = 32_000  # a long, thin page: no side wider than this
MAX_PAGES = 200  # a kit's print sheets are a few pages; each card PDF one or two
# One stream, inflated: a kit's page is a few KB, its signature scan at most 12 MB;
# pdfium needs about 20 times a content stream's size to parse it.
MAX_STREAM_BYTES = 16 * 1024 * 1024
MAX_INFLATED_BYTES = 256 * 1024 * 1024  # all streams of the file, inflated
MAX_SVG_ELEMENTS = 200_000  # a plotted card is about 500
_CHUNK = 64 * 1024


class PagePng(msgspec.Struct, frozen=True):
    """One page drawn: its number (from 1), the PNG, and what was changed, if anything."""

    number: int
    png: bytes
    note: str = ""


def pdf_pages(pdf: bytes, dpi: int, name: str) -> tuple[int, Iterator[PagePng]]:
    """The PDF's page count, and its first :data:`MAX_PAGES` pages as PNGs at ``dpi``.

    The file is checked before the first page is drawn (it opens, its page
    tree holds each page, no page is empty, no stream inflates past the
    limits); the pages are then drawn one at a time, each PNG handed on
    before the next page is opened, so memory holds one page.

    Raises:
        InputError: not a readable PDF, a page pdfium cannot find (a damaged or
            looping page tree), or a compressed stream that inflates too far
            (``name`` says which file).
    """
    import pypdfium2

    _check_streams(pdf, name)
    try:
        doc = pypdfium2.PdfDocument(pdf)
    except pypdfium2.PdfiumError as exc:
        raise InputError(f"is not a readable PDF ({exc})", file=name) from None
    try:
        count = len(doc)
        if count < 1:
            raise InputError("is a PDF without pages", file=name)
        plans = [_page_plan(doc, i, dpi, name) for i in range(min(count, MAX_PAGES))]
    except BaseException:
        doc.close()
        raise
    return count, _draw(doc, plans, name)


def _page_plan(doc, index: int, dpi: int, name: str) -> tuple[float, str]:  # type: ignore[no-untyped-def]
    """The scale to draw page ``index`` at (pixels per pt), and a note if it was lowered."""
    import pypdfium2

    try:
        width, height = doc.get_page_size(index)
    except pypdfium2.PdfiumError:
        raise InputError(
            f"is a damaged PDF: page {index + 1} cannot be found in its page tree "
            "(it may loop back on itself)",
            file=name,
        ) from None
    if not (math.isfinite(width) and math.isfinite(height) and width > 0 and height > 0):
        raise InputError(f"is a damaged PDF: page {index + 1} has no size", file=name)
    scale = dpi / 72
    if _pixels(width, height, scale) <= MAX_PAGE_PIXELS and _side(width, height, scale):
        return scale, ""
    wanted = _pixels(width, height, scale)
    scale = min(math.sqrt(MAX_PAGE_PIXELS / (width * height)), MAX_SIDE_PIXELS / max(width, height))
    while _pixels(width, height, scale) > MAX_PAGE_PIXELS or not _side(width, height, scale):
        scale *= 0.99  # pdfium rounds each side up
    note = (
        f"page {index + 1} is {width / 72:.4g} × {height / 72:.4g} in: drawn at "
        f"{scale * 72:.3g} dpi, not {dpi} ({wanted / 1e6:,.0f} megapixels; "
        f"the limit is {MAX_PAGE_PIXELS / 1e6:g})"
    )
    return scale, note


def _pixels(width: float, height: float, scale: float) -> int:
    return math.ceil(width * scale) * math.ceil(height * scale)


def _side(width: float, height: float, scale: float) -> bool:
    return math.ceil(max(width, height) * scale) <= MAX_SIDE_PIXELS


def _draw(doc, plans: list[tuple[float, str]], name: str) -> Iterator[PagePng]:  # type: ignore[no-untyped-def]
    import pypdfium2

    try:
        for index, (scale, note) in enumerate(plans):
            try:
                page = doc[index]
                image = page.render(scale=scale).to_pil()
            except pypdfium2.PdfiumError as exc:
                raise InputError(
                    f"is a damaged PDF: page {index + 1} cannot be drawn ({exc})", file=name
                ) from None
            buf = io.BytesIO()
            image.save(buf, "PNG")
            del image
            page.close()
            yield PagePng(index + 1, buf.getvalue(), note)
    finally:
        doc.close()


# -- compressed streams ---------------------------------------------------------------

_STREAM = re.compile(rb"stream(?:\r\n|\n|\r)")


def _check_streams(pdf: bytes, name: str) -> None:
    """Refuse a stream that holds over :data:`MAX_STREAM_BYTES`, inflated through up
    to four Flate filters or as stored, or streams that together inflate past
    :data:`MAX_INFLATED_BYTES`.

    pdfium inflates a page's content stream whole, in memory, and parses it
    into objects about 20 times its size before drawing it: 8 MB of deflated
    operators are 4 GB of stream. Each stream is inflated here in small pieces
    and only counted, never kept.
    """
    total = 0
    for match in _STREAM.finditer(pdf):
        if pdf[max(0, match.start() - 3) : match.start()] == b"end":
            continue
        start = match.end()
        limit = min(MAX_STREAM_BYTES, MAX_INFLATED_BYTES - total)
        deflated = _zlib_header(pdf[start : start + 2])
        if deflated:
            chunks = (pdf[i : i + _CHUNK] for i in range(start, len(pdf), _CHUNK))
            size = _inflated_size(chunks, limit, depth=0)
        else:  # stored, or a filter that does not expand far: its bytes as they are
            end = pdf.find(b"endstream", start)
            size = (end if end >= 0 else len(pdf)) - start
        if size > MAX_STREAM_BYTES:
            raise InputError(
                f"is a PDF whose stream at byte {start} "
                + ("inflates to" if deflated else "holds")
                + f" over {MAX_STREAM_BYTES // 2**20} MB"
                + (" (a compression bomb)" if deflated else "")
                + "; a kit's largest is well under 1 MB, so it cannot be previewed",
                file=name,
            )
        total += size
        if total > MAX_INFLATED_BYTES:
            raise InputError(
                f"is a PDF whose streams inflate to over "
                f"{MAX_INFLATED_BYTES // 2**20:,} MB in all; it cannot be previewed",
                file=name,
            )


def _zlib_header(two: bytes) -> bool:
    return len(two) == 2 and two[0] & 0x0F == 8 and (two[0] << 8 | two[1]) % 31 == 0


def _inflate(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """A zlib stream's output in pieces of at most 64 KB; stops at its end or an error."""
    inflater = zlib.decompressobj()
    try:
        for chunk in chunks:
            while chunk and not inflater.eof:
                out = inflater.decompress(chunk, _CHUNK)
                if out:
                    yield out
                chunk = inflater.unconsumed_tail
            if inflater.eof:
                return
    except zlib.error:
        return


def _inflated_size(chunks: Iterator[bytes], limit: int, depth: int) -> int:
    """How many bytes a zlib stream inflates to (counting past ``limit`` stops), through
    up to four Flate filters chained on one stream."""
    out = _inflate(chunks)
    first = next(out, b"")
    if depth < 3 and _zlib_header(first[:2]):

        def again() -> Iterator[bytes]:
            yield first
            yield from out

        return _inflated_size(again(), limit, depth + 1)
    size = len(first)
    for piece in out:
        size += len(piece)
        if size > limit:
            break
    return size


# -- plotter SVGs -----------------------------------------------------------------------

_HREFS = ("href", "{http://www.w3.org/1999/xlink}href")


def _svg_elements(svg: bytes, name: str) -> int:
    """How many elements the SVG draws once each ``<use>`` is replaced by what it
    refers to; counting stops past :data:`MAX_SVG_ELEMENTS`.

    Raises:
        InputError: not XML, or a ``<use>`` that refers to itself or to an element
            containing it (svgelements would expand it for ever).
    """
    import xml.etree.ElementTree as ElementTree

    try:
        root = ElementTree.fromstring(svg)
    except ElementTree.ParseError as exc:
        raise InputError(f"is not a readable SVG ({exc})", file=name) from None
    by_id = {el.get("id"): el for el in root.iter() if el.get("id")}

    def parts(el: ElementTree.Element) -> list[ElementTree.Element]:
        found = list(el)
        if el.tag.rsplit("}", 1)[-1] == "use":
            ref = next((el.get(h, "") for h in _HREFS if el.get(h)), "")
            target = by_id.get(ref[1:]) if ref.startswith("#") else None
            if target is not None:
                found.append(target)
        return found

    weight: dict[ElementTree.Element, int] = {}
    open_: set[ElementTree.Element] = set()  # being counted: on the path from the root
    stack: list[tuple[ElementTree.Element, bool]] = [(root, False)]
    while stack:
        el, done = stack.pop()
        if done:
            open_.discard(el)
            weight[el] = min(MAX_SVG_ELEMENTS + 1, 1 + sum(weight[p] for p in parts(el)))
            continue
        if el in weight:
            continue
        open_.add(el)
        stack.append((el, True))
        for part in parts(el):
            if part in open_:
                raise InputError(
                    "is an SVG whose <use> elements refer to themselves; it cannot be drawn",
                    file=name,
                )
            if part not in weight:
                stack.append((part, False))
    return weight[root]


def svg_png(svg: bytes, dpi: int, name: str) -> tuple[bytes, str]:
    """A plotter SVG's strokes drawn as a PNG at ``dpi``: each layer in its pen's colour
    and width, on white (vpype reads the SVG; Pillow draws it); and a note if the
    resolution was lowered to keep the page under :data:`MAX_PAGE_PIXELS`.

    Raises:
        InputError: not an SVG vpype can read, or one that expands past
            :data:`MAX_SVG_ELEMENTS` elements (``name`` says which).
        CardgenError: the ``plot`` extra is not installed.
    """
    from PIL import Image, ImageDraw

    from cardgen.input.strokes import need_plot_extra

    try:
        import vpype
    except ImportError:
        raise need_plot_extra("previewing a plotter SVG") from None
    elements = _svg_elements(svg, name)
    if elements > MAX_SVG_ELEMENTS:
        raise InputError(
            f"is an SVG of over {MAX_SVG_ELEMENTS:,} elements once its <use> references "
            "are expanded (a plotted card has about 500); it cannot be previewed",
            file=name,
        )
    try:
        doc = vpype.read_multilayer_svg(io.StringIO(svg.decode("utf-8")), quantization=0.5)
    except Exception as exc:  # svgelements raises many kinds on a broken file
        raise InputError(f"is not a readable SVG ({type(exc).__name__})", file=name) from None
    if not doc.page_size:
        raise InputError("is an SVG without a page size", file=name)
    page_w, page_h = doc.page_size
    if not (page_w > 0 and page_h > 0 and math.isfinite(page_w * page_h)):
        raise InputError("is an SVG without a page size", file=name)
    scale, note = dpi / 96, ""
    if _pixels(page_w, page_h, scale) > MAX_PAGE_PIXELS or not _side(page_w, page_h, scale):
        wanted = _pixels(page_w, page_h, scale)
        scale = min(
            math.sqrt(MAX_PAGE_PIXELS / (page_w * page_h)), MAX_SIDE_PIXELS / max(page_w, page_h)
        )
        note = (
            f"the page is {page_w / 96:.4g} × {page_h / 96:.4g} in: drawn at "
            f"{scale * 96:.3g} dpi, not {dpi} ({wanted / 1e6:,.0f} megapixels; "
            f"the limit is {MAX_PAGE_PIXELS / 1e6:g})"
        )
    width, height = (max(1, round(v * scale)) for v in doc.page_size)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    for layer in doc.layers.values():
        colour = layer.property(vpype.METADATA_FIELD_COLOR)
        rgb = (colour.red, colour.green, colour.blue) if colour is not None else (0, 0, 0)
        pen = layer.property(vpype.METADATA_FIELD_PEN_WIDTH) or 1.0
        stroke = max(1, round(float(pen) * scale))
        for line in layer:
            points = [(p.real * scale, p.imag * scale) for p in line]
            if len(points) > 1:
                draw.line(points, fill=rgb, width=stroke, joint="curve")
                r = stroke / 2  # a pen's tip is round: so are a line's ends (a dot shows)
                for x, y in (points[0], points[-1]):
                    draw.ellipse((x - r, y - r, x + r, y + r), fill=rgb)
    buf = io.BytesIO()
    image.save(buf, "PNG")
    return buf.getvalue(), note
