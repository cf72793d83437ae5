"""User fonts (TrueType only), fallbacks, and the scanned signature turned into ink."""

from __future__ import annotations

import io
import shutil

import numpy as np
import pdfplumber
import pypdfium2
import pytest
from cardfixtures import font_set
from conftest import run_cli
from PIL import Image, ImageDraw

from cardgen.errors import InputError
from cardgen.input.fonts import font_catalogue, resolve_font
from cardgen.render.signature import inked_signature

NOW = "2026-11-21T09:00"


@pytest.mark.parametrize(
    ("magic", "suffix", "words"),
    [(b"OTTO", ".otf", "PostScript (CFF) outlines"), (b"wOF2", ".woff2", "WOFF web font")],
)
def test_cff_and_woff_fonts_are_refused_with_how_to_convert(tmp_path, magic, suffix, words):
    path = tmp_path / f"Hand{suffix}"
    path.write_bytes(magic + b"\0" * 200)
    with pytest.raises(InputError) as info:
        resolve_font(str(path))
    assert words in str(info.value)
    assert str(path) in str(info.value)


def test_unknown_font_name_lists_the_shipped_ones():
    with pytest.raises(InputError) as info:
        resolve_font("comic-sans")
    assert "dancing-script, patrick-hand, caveat, kalam-light" in str(info.value)


def test_users_own_truetype_font_is_embedded(samples, tmp_path):
    own = tmp_path / "MyHand.ttf"
    shutil.copy(font_catalogue()["kalam-light"].path, own)
    out = tmp_path / "kit"
    result = run_cli(
        "make",
        samples / "hartwell.yaml",
        "--font",
        own,
        "--out",
        out,
        "--no-envelope",
        "--only",
        "okafor",
        "--now",
        NOW,
    )
    assert result.exit_code == 0, result.output
    with pdfplumber.open(out / "02-tomas-okafor/card.pdf") as pdf:
        page = pdf.pages[0]
        fonts = {c["fontname"].split("+")[-1] for c in page.chars}
        written = page.curves
    # The note is written in the user's file (its outlines, as paths) and its
    # invisible text is set in a copy of that file; the signature in the script.
    assert "user-MyHandText" in fonts
    assert fonts <= {"user-MyHandText", "dancing-scriptText", "patrick-handText"}
    assert len(written) > 100  # the writing is paths, not a font
    own_card = (out / "02-tomas-okafor/card.pdf").read_bytes()
    default = run_cli("make", samples / "hartwell.yaml", "--out", tmp_path / "default",
                      "--no-envelope", "--only", "okafor", "--now", NOW)  # fmt: skip
    assert default.exit_code == 0
    assert own_card != (tmp_path / "default/02-tomas-okafor/card.pdf").read_bytes()


def test_kalam_falls_back_for_letters_it_lacks():
    kalam = font_set(resolve_font("kalam-light"))
    # Kalam Light has no 'ĉ' (U+0109); another shipped hand draws it.
    assert kalam.face_index("ĉ") > 0
    assert kalam.faces[kalam.face_index("ĉ")].name != "kalam-light"
    assert kalam.face_index("a") == 0
    assert kalam.missing("Ĉu vi 😀") == 6


def _scan(path, *, background=(246, 244, 238), ink=(30, 30, 30)):
    """A fake signature scan: a dark scribble on off-white paper with a wide border."""
    im = Image.new("RGB", (600, 260), background)
    d = ImageDraw.Draw(im)
    d.line(
        [(120, 170), (170, 80), (210, 180), (260, 90), (330, 170), (420, 110)], fill=ink, width=7
    )
    im.save(path)


def test_signature_paper_becomes_transparent_and_strokes_take_the_ink(tmp_path):
    path = tmp_path / "sig.png"
    _scan(path)
    reader, aspect = inked_signature(path.read_bytes(), "#1d2b5c")
    im = reader._image  # the Pillow image ReportLab will embed
    assert im.mode == "RGBA"
    # Cropped to the strokes (the 600 × 260 scan had wide empty borders).
    assert im.width < 340 and im.height < 120
    assert aspect == pytest.approx(im.width / im.height)
    raw = im.tobytes()
    pixels = [tuple(raw[i : i + 4]) for i in range(0, len(raw), 4)]
    alphas = [px[3] for px in pixels]
    assert min(alphas) == 0  # paper is transparent
    assert max(alphas) == 255  # strokes are solid ink
    solid = [px for px in pixels if px[3] == 255]
    assert all(px[:3] == (0x1D, 0x2B, 0x5C) for px in solid)


def _inked_alpha(data):
    reader, aspect = inked_signature(data, "#1d2b5c")
    return reader._image.getchannel("A").tobytes(), aspect


def _png_bytes(image, fmt="PNG"):
    buffer = io.BytesIO()
    image.save(buffer, fmt)
    return buffer.getvalue()


def test_16_bit_grey_signature_inks_like_its_8_bit_twin(tmp_path):
    _scan(tmp_path / "sig.png")
    grey8 = Image.open(tmp_path / "sig.png").convert("L")
    wide = np.asarray(grey8).astype(np.uint16) * 257  # 0..255 → 0..65535
    data16 = _png_bytes(Image.fromarray(wide))
    with Image.open(io.BytesIO(data16)) as check:
        assert check.mode == "I;16"  # what Pillow gives for a 16-bit grey PNG
    assert _inked_alpha(data16) == _inked_alpha(_png_bytes(grey8))


@pytest.mark.parametrize("mode", ["P", "LA", "1", "RGBA-transparent", "P-transparent"])
def test_signature_in_any_image_mode_inks_like_its_rgb_twin(tmp_path, mode):
    _scan(tmp_path / "sig.png", background=(255, 255, 255), ink=(0, 0, 0))
    rgb = Image.open(tmp_path / "sig.png").convert("RGB")
    if mode == "RGBA-transparent":  # strokes on a transparent (black) background
        image = Image.new("RGBA", rgb.size, (0, 0, 0, 0))
        image.paste((0, 0, 0, 255), mask=Image.eval(rgb.convert("L"), lambda v: 255 - v))
    elif mode == "P-transparent":  # strokes on a transparent green palette entry
        _scan(tmp_path / "green.png", background=(20, 160, 20), ink=(0, 0, 0))
        image = Image.open(tmp_path / "green.png").convert("P", palette=Image.Palette.ADAPTIVE)
        image.info["transparency"] = image.getpixel((0, 0))
    else:
        image = rgb.convert(mode)
    assert _inked_alpha(_png_bytes(image)) == _inked_alpha(_png_bytes(rgb))


def test_cmyk_jpeg_signature_inks_where_its_rgb_twin_does(tmp_path):
    _scan(tmp_path / "sig.png", background=(255, 255, 255), ink=(0, 0, 0))
    rgb = Image.open(tmp_path / "sig.png").convert("RGB")
    cmyk, _ = _inked_alpha(_png_bytes(rgb.convert("CMYK"), "JPEG"))
    plain, _ = _inked_alpha(_png_bytes(rgb, "JPEG"))
    assert len(cmyk) == len(plain)  # the same crop
    assert sum(cmyk) == pytest.approx(sum(plain), rel=0.05)


def test_blank_signature_is_refused(samples, tmp_path):
    blank = tmp_path / "blank.png"
    Image.new("RGB", (300, 100), "white").save(blank)
    text = (
        (samples / "hartwell.yaml")
        .read_text(encoding="utf-8")
        .replace(
            '  phone: "+1 217 555 0142"', f'  phone: "+1 217 555 0142"\n  signature: {blank.name}'
        )
    )
    path = tmp_path / "sig.yaml"
    path.write_text(text, encoding="utf-8")
    result = run_cli("make", path, "--out", tmp_path / "kit", "--now", NOW)
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "cardgen: sig.yaml:7: candidate.signature: cannot use blank.png: "
        "the signature image is blank"
    )
    assert not (tmp_path / "kit").exists()


def test_signature_scan_is_drawn_under_the_closing(samples, tmp_path):
    _scan(tmp_path / "sig.png")
    text = (
        (samples / "hartwell.yaml")
        .read_text(encoding="utf-8")
        .replace('  phone: "+1 217 555 0142"', '  phone: "+1 217 555 0142"\n  signature: sig.png')
    )
    path = tmp_path / "sig.yaml"
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "kit"
    result = run_cli("make", path, "--out", out, "--no-envelope", "--now", NOW)
    assert result.exit_code == 0, result.output
    card = out / "01-margaret-dvorak/card.pdf"
    with pdfplumber.open(card) as pdf:
        page = pdf.pages[0]
        assert len(page.images) == 1
        image = page.images[0]
        closing = [c for c in page.chars if c["text"] == "S"][-1]  # "Sincerely,"
        assert image["top"] > closing["bottom"]  # under the closing
        assert "Alex Rivera" not in page.extract_text()  # the scan replaces the name
        w, h = page.width, page.height
        margin = 0.375 * 72
        assert margin <= image["x0"] and image["x1"] <= w - margin
        assert image["bottom"] <= h - margin
    # It is drawn in the navy ink on the rendered page.
    doc = pypdfium2.PdfDocument(str(card))
    png = doc[0].render(scale=100 / 72).to_pil().convert("RGB")
    doc.close()
    s = 100 / 72
    crop = png.crop(
        (
            int(image["x0"] * s),
            int(image["top"] * s),
            int(image["x1"] * s),
            int(image["bottom"] * s),
        )
    )
    raw = crop.tobytes()
    dark = [tuple(raw[i : i + 3]) for i in range(0, len(raw), 3) if sum(raw[i : i + 3]) < 300]
    assert dark and all(b > r for r, _, b in dark)  # bluish, not black
