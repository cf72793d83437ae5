"""Reference kits: what the samples make, byte for byte (fpdf2-style).

``tests/reference/<case>/`` holds the whole kit of each case below — emails,
plan, card and envelope PDFs, print sheets — and a PNG of every PDF page
(``png/``, 40 dpi) for a person to look at. A change to what any card,
envelope or email looks like fails here until the references are made again:

    pytest tests/test_reference.py --update-references

and the diff of ``tests/reference/`` (the PNGs show it) is reviewed with the
change. Emails, plans and the list of files are always compared byte for byte.
PDFs are compared byte for byte with the ReportLab, fontTools, uharfbuzz and
deflate (libdeflate: the streams' Flate) versions the references were made with
(``VERSIONS``; the test extra pins them); with others, every page is rendered
at 40 dpi and compared with the stored PNG instead: at most 0.1 % of its pixels
may differ by more than 8/255 (anti-aliasing), so the look is always checked, never skipped.
"""

from __future__ import annotations

import importlib.metadata
import io
import os
import shutil
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cardgen.cli import app

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "tests" / "reference"
NOW = "2026-11-21T09:00"
CASES = {
    "hartwell": ["samples/hartwell.yaml"],
    "hartwell-halffold": ["samples/hartwell.yaml", "--card", "a2-halffold", "--seed", "3"],
    "mueller": ["samples/mueller.yaml"],
    "brightloop": ["samples/brightloop.yaml"],
}
PACKAGES = ("reportlab", "fonttools", "uharfbuzz", "deflate")
DPI = 40  # the stored PNGs
TOLERANCE = 8  # of 255, per channel: what a rasteriser's anti-aliasing may change
SHARE = 0.001  # of a page's pixels that may differ by more than TOLERANCE


def _versions() -> str:
    return "".join(f"{p}=={importlib.metadata.version(p)}\n" for p in PACKAGES)


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "png" not in p.relative_to(folder).parts
    }


def _pages(kit: Path):
    """(PNG name, page image at 40 dpi) of every page of every PDF in ``kit``."""
    import pypdfium2

    for pdf in sorted(kit.rglob("*.pdf")):
        stem = pdf.relative_to(kit).with_suffix("").as_posix().replace("/", "--")
        doc = pypdfium2.PdfDocument(pdf.read_bytes())
        try:
            for i in range(len(doc)):
                yield f"{stem}-{i + 1}.png", doc[i].render(scale=DPI / 72).to_pil()
        finally:
            doc.close()


def _pngs(kit: Path, target: Path) -> None:
    for name, image in _pages(kit):
        out = target / name
        out.parent.mkdir(parents=True, exist_ok=True)
        buf = io.BytesIO()
        image.save(buf, "PNG", optimize=True)
        out.write_bytes(buf.getvalue())


def _look_differences(kit: Path, pngs: Path) -> list[str]:
    """Every page of ``kit``'s PDFs against the stored PNGs: what looks different."""
    import numpy as np
    from PIL import Image

    found, names = [], set()
    for name, image in _pages(kit):
        names.add(name)
        if not (pngs / name).is_file():
            found.append(f"{name}: a page the reference does not have")
            continue
        with Image.open(pngs / name) as stored:
            expected = np.asarray(stored.convert("RGB"), dtype=np.int16)
        made = np.asarray(image.convert("RGB"), dtype=np.int16)
        if made.shape != expected.shape:
            found.append(f"{name}: {made.shape[:2]} px (rows, columns), not {expected.shape[:2]}")
            continue
        diff = np.abs(made - expected).max(axis=2)
        off = float((diff > TOLERANCE).mean())
        if off > SHARE:
            found.append(f"{name}: {off:.2%} of the pixels differ (by up to {diff.max()}/255)")
    missing = (
        sorted(p.name for p in pngs.glob("*.png") if p.name not in names) if pngs.is_dir() else []
    )
    return found + [f"{name}: a reference page no longer made" for name in missing]


def _make(case: str, out: Path) -> None:
    args = ["make", *CASES[case], "--out", str(out), "--now", NOW]
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        result = CliRunner().invoke(app, args)
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize("case", sorted(CASES))
def test_sample_kits_match_their_references(case, tmp_path, request):
    out = tmp_path / case
    _make(case, out)
    made = _files(out)
    reference = REFERENCE / case
    if request.config.getoption("--update-references"):
        shutil.rmtree(reference, ignore_errors=True)
        shutil.copytree(out, reference)
        _pngs(out, reference / "png")
        (REFERENCE / "VERSIONS").write_text(_versions())
        pytest.skip(f"references made again for {case}: review the diff of tests/reference/")
    assert reference.is_dir(), "no references yet: pytest --update-references"
    expected = _files(reference)
    assert sorted(made) == sorted(expected), "the kit's files differ from the reference"
    text = {rel for rel in made if not rel.endswith(".pdf")}
    changed = sorted(rel for rel in text if made[rel] != expected[rel])
    assert changed == [], f"changed: {changed}; if meant, pytest --update-references"
    if (REFERENCE / "VERSIONS").read_text() != _versions():
        # Other versions write other bytes for the same drawing: compare the look.
        looks = _look_differences(out, reference / "png")
        assert looks == [], f"looks different: {looks}; if meant, pytest --update-references"
        return
    changed = sorted(rel for rel in made if made[rel] != expected[rel])
    assert changed == [], (
        f"changed: {changed}; look at the PNGs after pytest --update-references, "
        "and commit the new references if the change is meant"
    )


@pytest.mark.parametrize("case", sorted(c for c in CASES if (REFERENCE / c / "png").is_dir()))
def test_the_look_check_passes_the_reference_pdfs(case):
    """The comparison used with other library versions accepts the references' own PDFs."""
    assert _look_differences(REFERENCE / case, REFERENCE / case / "png") == []


def test_the_look_check_sees_a_changed_page(tmp_path):
    kit = tmp_path / "hartwell"
    shutil.copytree(REFERENCE / "hartwell", kit, ignore=shutil.ignore_patterns("png"))
    first, second = kit / "01-margaret-dvorak/card.pdf", kit / "02-tomas-okafor/card.pdf"
    first.write_bytes(second.read_bytes())  # another note on the same card
    (kit / "print/envelopes.pdf").unlink()
    found = _look_differences(kit, REFERENCE / "hartwell" / "png")
    assert found[0].startswith("01-margaret-dvorak--card-1.png: ") and "pixels differ" in found[0]
    assert found[1:] == [
        f"print--envelopes-{n}.png: a reference page no longer made" for n in (1, 2, 3)
    ]


def test_with_other_library_versions_the_look_is_compared(tmp_path, monkeypatch, request):
    """The branch a fresh clone with other ReportLab/fontTools/uharfbuzz/deflate takes: no skip."""
    if request.config.getoption("--update-references"):
        pytest.skip("making the references, not comparing")
    monkeypatch.setattr(sys.modules[__name__], "_versions", lambda: "reportlab==0.0\n")
    looks = []
    real = _look_differences

    def spy(kit: Path, pngs: Path) -> list[str]:
        looks.append(kit.name)
        return real(kit, pngs)

    monkeypatch.setattr(sys.modules[__name__], "_look_differences", spy)
    test_sample_kits_match_their_references("hartwell-halffold", tmp_path, request)
    assert looks == ["hartwell-halffold"]
