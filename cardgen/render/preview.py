"""Render stage: PNG pages of a PDF, for a look before printing (pypdfium2)."""

from __future__ import annotations

import io

from cardgen.errors import InputError

__all__ = ["png_pages", "svg_png"]


def png_pages(pdf: bytes, dpi: int, name: str) -> list[bytes]:
    """Each page of ``pdf`` as PNG bytes at ``dpi``.

    Raises:
        InputError: not a readable PDF (``name`` says which).
    """
    import pypdfium2

    try:
        doc = pypdfium2.PdfDocument(pdf)
    except pypdfium2.PdfiumError as exc:
        raise InputError(f"is not a readable PDF ({exc})", file=name) from None
    out = []
    try:
        for i in range(len(doc)):
            image = doc[i].render(scale=dpi / 72).to_pil()
            buf = io.BytesIO()
            image.save(buf, "PNG")
            out.append(buf.getvalue())
    finally:
        doc.close()
    return out


def svg_png(svg: bytes, dpi: int, name: str) -> bytes:
    """A plotter SVG's strokes drawn as a PNG at ``dpi``: each layer in its pen's colour
    and width, on white (vpype reads the SVG; Pillow draws it).

    Raises:
        InputError: not an SVG vpype can read (``name`` says which).
        CardgenError: the ``plot`` extra is not installed.
    """
    from PIL import Image, ImageDraw

    from cardgen.input.strokes import need_plot_extra

    try:
        import vpype
    except ImportError:
        raise need_plot_extra("previewing a plotter SVG") from None
    try:
        doc = vpype.read_multilayer_svg(io.StringIO(svg.decode("utf-8")), quantization=0.5)
    except Exception as exc:  # svgelements raises many kinds on a broken file
        raise InputError(f"is not a readable SVG ({type(exc).__name__})", file=name) from None
    if not doc.page_size:
        raise InputError("is an SVG without a page size", file=name)
    scale = dpi / 96
    width, height = (max(1, round(v * scale)) for v in doc.page_size)
    if width * height > 100_000_000:
        raise InputError("is too large a page to preview", file=name)
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
    buf = io.BytesIO()
    image.save(buf, "PNG")
    return buf.getvalue()
