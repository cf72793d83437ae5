"""Convert the shipped hands ahead, for runs to read instead of converting them.

Writes into ``fonts/precomputed/``:

- ``<font>.npz`` for each ``fonts/*.ttf``: what
  :func:`cardgen.layout.shaping.outline` makes of each glyph (fontTools'
  quadratics merged into cubics, long curves halved), its character map,
  ``GSUB`` feature tags and metrics (:func:`cardgen.layout.fonts.pack_font`),
  and the invisible text's copy of the font (:func:`cardgen.render.pdf.text_font`,
  named for its ``fonts.yaml`` entry), with the font's SHA-256, the fontTools
  version and the conversion settings;
- ``<font>.marshal`` for each single-line hand (``fonts.yaml`` ``strokes``):
  its SVG file parsed (:func:`cardgen.input.strokes.pack_stroke_font`), with
  the file's SHA-256 and the marshal version, and each of its letters put in
  pen order (:meth:`cardgen.layout.strokes.StrokeSet.packed_letters`), each
  with the letter it was made from (a run puts a letter in order itself when
  it is not bit for bit that one).

A run uses a file only when all of these match, else it converts as before
(same output, slower). Run it again after changing a font, fontTools, the
conversion or the pen order (``tests/input/test_precomputed_strokes.py`` says
when a file is stale):

    python tools/precompute.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cardgen.input.fonts import font_catalogue  # noqa: E402
from cardgen.input.strokes import (  # noqa: E402
    pack_stroke_font,
    parse_stroke_font,
    stroke_catalogue,
)
from cardgen.layout.fonts import pack_font  # noqa: E402
from cardgen.layout.strokes import StrokeSet  # noqa: E402
from cardgen.render.pdf import text_font, text_font_name  # noqa: E402


def _text_font(font: Path) -> dict[str, np.ndarray]:
    """The invisible text's font of ``font``, made for the name ``fonts.yaml`` gives it."""
    names = [name for name, info in font_catalogue().items() if info.path.name == font.name]
    if len(names) != 1:  # no entry, or one file under two names: made at run time
        return {}
    ps_name = text_font_name(names[0])
    made = text_font(font.read_bytes(), ps_name)
    return {"text_font": np.frombuffer(made, dtype=np.uint8), "text_name": np.array(ps_name)}


def main() -> None:
    out = ROOT / "fonts" / "precomputed"
    out.mkdir(exist_ok=True)
    made: dict[Path, bytes] = {}
    for font in sorted((ROOT / "fonts").glob("*.ttf")):
        made[out / f"{font.stem}.npz"] = pack_font(font.read_bytes(), **_text_font(font))
    for name, hand in stroke_catalogue().items():
        data = hand.path.read_bytes()
        letters = StrokeSet(parse_stroke_font(name, data, b"")).packed_letters()
        made[out / f"{hand.path.stem}.marshal"] = pack_stroke_font(hand.path, data, letters)
    for target, packed in made.items():
        target.write_bytes(packed)
        print(f"{target.relative_to(ROOT)}: {len(packed) // 1024} KB")


if __name__ == "__main__":
    main()
