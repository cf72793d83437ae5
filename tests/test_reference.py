"""Reference kits: what the samples make, byte for byte (fpdf2-style).

``tests/reference/<case>/`` holds the whole kit of each case below — emails,
plan, card and envelope PDFs, print sheets — and a PNG of every PDF page
(``png/``, 40 dpi) for a person to look at. A change to what any card,
envelope or email looks like fails here until the references are made again:

    pytest tests/test_reference.py --update-references

and the diff of ``tests/reference/`` (the PNGs show it) is reviewed with the
change. PDFs are compared only with the ReportLab and fontTools versions the
references were made with (ReportLab, fontTools and uharfbuzz, in
``VERSIONS``); with others the test is skipped,
saying so.
"""

from __future__ import annotations

import importlib.metadata
import io
import os
import shutil
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
PACKAGES = ("reportlab", "fonttools", "uharfbuzz")


def _versions() -> str:
    return "".join(f"{p}=={importlib.metadata.version(p)}\n" for p in PACKAGES)


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "png" not in p.relative_to(folder).parts
    }


def _pngs(kit: Path, target: Path) -> None:
    import pypdfium2

    for pdf in sorted(kit.rglob("*.pdf")):
        doc = pypdfium2.PdfDocument(pdf.read_bytes())
        try:
            for i in range(len(doc)):
                stem = pdf.relative_to(kit).with_suffix("").as_posix().replace("/", "--")
                out = target / f"{stem}-{i + 1}.png"
                out.parent.mkdir(parents=True, exist_ok=True)
                buf = io.BytesIO()
                doc[i].render(scale=40 / 72).to_pil().save(buf, "PNG", optimize=True)
                out.write_bytes(buf.getvalue())
        finally:
            doc.close()


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
    recorded = (REFERENCE / "VERSIONS").read_text()
    if recorded != _versions():
        pytest.skip(f"PDF references made with {recorded.split()}; installed {_versions().split()}")
    changed = sorted(rel for rel in made if made[rel] != expected[rel])
    assert changed == [], (
        f"changed: {changed}; look at the PNGs after pytest --update-references, "
        "and commit the new references if the change is meant"
    )
