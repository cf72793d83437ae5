"""Render stage: a scanned signature turned into ink (Pillow), once per run."""

from __future__ import annotations

from cardgen.render.pdf import hex_rgb

__all__ = ["MAX_SIGNATURE_PIXELS", "inked_signature"]

MAX_SIGNATURE_PIXELS = 40_000_000  # a Letter page scanned at 600 dpi is 33.7 megapixels
SIGNATURE_MAX_SIDE = 2000  # px kept after cropping: ~800 dpi at the size a signature is drawn


def _grey_on_paper(image):
    """Any image mode as 8-bit grey, transparent parts as white paper.

    Pillow's own ``convert("L")`` clips 16-bit grey (``I;16``, ``I``) at 255, so a
    16-bit scan would come out all white (blank), and it drops the alpha
    channel, so a signature on a transparent background would come out as a
    solid block. 16-bit colour PNGs already open as 8-bit ``RGB``/``RGBA``.
    """
    import numpy as np
    from PIL import Image

    if image.mode in ("I", "F") or image.mode.startswith("I;16"):
        values = np.asarray(image).astype(np.float64)
        key = image.info.get("transparency")
        if isinstance(key, int):  # a 16-bit grey PNG's tRNS colour
            values[values == key] = 65535.0
        scaled = np.clip(np.rint(values * (255 / 65535)), 0, 255).astype(np.uint8)
        return Image.fromarray(scaled, "L")
    if image.mode in ("P", "PA", "LA", "La", "RGBA", "RGBa") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(paper, rgba).convert("L")
    if image.mode != "RGB" and image.mode != "L":
        image = image.convert("RGB")  # CMYK, YCbCr, 1-bit …: through RGB, as Pillow defines it
    return image.convert("L")


def inked_signature(data: bytes, ink: str):
    """A scanned signature turned into ink: paper transparent, strokes in ``ink``.

    Args:
        data: the PNG or JPEG file's bytes.
        ink: the ink colour, ``#rrggbb``.

    Returns:
        A ReportLab ``ImageReader`` and the image's aspect (width / height).

    Raises:
        ValueError: not a PNG or JPEG, damaged, too many pixels (a decompression
            bomb), or blank; the message says which.
    """
    import io
    import warnings

    from PIL import Image, ImageOps
    from reportlab.lib.utils import ImageReader

    with warnings.catch_warnings():
        # Pillow warns (and later refuses) past its own limit; refuse at ours, quietly.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=("PNG", "JPEG")) as src:
                pixels = src.width * src.height
                if pixels > MAX_SIGNATURE_PIXELS:
                    raise ValueError(
                        f"the image is {src.width} × {src.height} pixels; the limit is "
                        f"{MAX_SIGNATURE_PIXELS / 1e6:g} megapixels (scan at 300 dpi)"
                    )
                grey = _grey_on_paper(ImageOps.exif_transpose(src))
        except ValueError:
            raise
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise ValueError("the image claims too many pixels to be a signature scan") from None
        except Exception as exc:  # Pillow raises many kinds for damaged files
            raise ValueError(f"the image is damaged or not a PNG/JPEG ({exc})") from None
    grey = ImageOps.autocontrast(grey, cutoff=1)
    # Darkness → opacity: white paper vanishes, pencil-grey becomes light ink.
    alpha = grey.point(lambda v: 0 if v > 215 else min(255, int((215 - v) * 255 / 150)))
    box = alpha.getbbox()
    if box is None:
        raise ValueError("the signature image is blank")
    alpha = alpha.crop(box)
    if max(alpha.size) > SIGNATURE_MAX_SIDE:
        alpha.thumbnail((SIGNATURE_MAX_SIDE, SIGNATURE_MAX_SIDE), Image.Resampling.LANCZOS)
    r, g, b = (int(c * 255) for c in hex_rgb(ink))
    out = Image.new("RGBA", alpha.size, (r, g, b, 0))
    out.putalpha(alpha)
    return ImageReader(out), out.width / out.height
