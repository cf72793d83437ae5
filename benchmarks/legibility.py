"""Can a reader make out the card? tesseract's word recall on the written note.

For a hand (``--font NAME``; default: the kit's own hand), the installed
``cardgen`` makes samples/hartwell.yaml (and samples/mueller.yaml with
``--also-mueller``) into a temporary folder, at a fixed ``--seed`` and
``--now``, so the same hand and pen always give the same figures. Each
``card.pdf``'s message page (the page whose invisible text layer holds the
most characters) is rasterised whole with pypdfium2 at 300 dpi, in grey, and
read by tesseract (Debian's ``tesseract-ocr`` 5.3, English, one thread so
the result does not depend on the machine's cores, as
``benchmarks/envelope_ocr.py`` calls it) with ``--psm 11`` (sparse text): of
psm 3, 4, 6 and 11 it reads the pen hand best, and the fonts within 3 points
of their best. Stock settings by default; ``-c NAME=VALUE`` passes tesseract
variables, and ``--lines`` reads each band of ink between blank pixel rows
alone (a diagnostic: layout or letters?).

**Word recall**: the words cardgen wrote on the page (its text layer:
salutation, note, closing, signature) against the words tesseract read, both
with accents folded (ř read as r is no error, as in envelope_ocr), lower-cased
and cut at everything that is not a letter or digit (apostrophes dropped
first, so "I'd" is one word); the two word lists are aligned by
``difflib.SequenceMatcher`` (no junk heuristic) and the words in its matching
blocks count as found, each once and in order. Recall is found / written,
per card and over the hand (all cards' words pooled).

Measured on 2026-12-07 (seed 0, ``--now 2026-11-21T09:00``, 300 dpi, psm 11,
stock tesseract), recall on samples/hartwell.yaml's three cards (Dvořák,
Okafor, Raman: 65, 58, 50 words) and with mueller's two::

    hand (pen)                  Dvořák  Okafor  Raman   hartwell       + mueller
    ems-allure (ballpoint)      80.0 %  58.6 %  64.0 %  118/173 68.2 %  65.8 %
    ems-allure (gel)            78.5 %  63.2 %  66.0 %  120/172 69.8 %  68.2 %
    ems-allure (fountain)       60.0 %  52.6 %  50.0 %   94/172 54.7 %  54.3 %
    dancing-script              56.1 %  59.6 %  52.0 %   97/173 56.1 %  51.6 %
    caveat                      97.0 %  94.7 %  82.0 %  159/173 91.9 %  87.5 %
    relief-singleline           95.5 %  98.2 %  96.0 %  167/173 96.5 %  95.0 %

The pen hand at seeds 1 and 2: 63.0 %, 65.9 %. (The gel and fountain rows and
the fonts' were read before the letter to London took British forms, one word
longer: 172 and 173 words.) Before the hand wrote its r in
print form, lifted the pen before a c d f g o q and stood 6 degrees more
upright, it read 43–46 % (seeds 0–2: 43.0, 34.3, 37.2 % that morning).

Why those three: stock tesseract drops whole rows as noise
(``clean_noise_from_row``): a blob taller than twice the x-height counts as
two "dots", one between half and twice the x-height as "normal", and a row
with more than six dots per normal blob goes. A fully joined word with an
ascender and a descender is one such tall blob, so rows of joined words were
read as nothing (7 of hartwell's 40 lines); with ``-c
textord_noise_rejrows=0`` the old hand read 61.3 %. Lifting the pen where
many writers do splits words into runs of two or three letters, and those
rows stand. The joined r (a peak and a knot, read as v, n, t: "review" →
"Neview") was the commonest misread letter; the print r is read. Leaning
less (13.5 degrees instead of 19.5) gained 5–8 points on its own. What is
left: o closed at the top (read as a: "London" → "Londen"), the looped
capitals (M as IM, L as Q or P, R as L), y as g, and the fountain pen's
thin strokes.

Usage::

    python benchmarks/legibility.py                        # the kit's own hand
    python benchmarks/legibility.py --font dancing-script
    python benchmarks/legibility.py --font caveat --also-mueller --json
    python benchmarks/legibility.py --pen fountain --keep /tmp/ocr  # keep PNGs and reads
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from envelope_ocr import fold  # noqa: E402

DPI = 300
PSM = 11  # sparse text: of 3, 4, 6 and 11 it reads the pen hand best
NOW = "2026-11-21T09:00"
SAMPLES = ("hartwell.yaml", "mueller.yaml")


@dataclass
class CardRead:
    kit: str
    card: str  # the interviewer's folder
    written: int  # words on the card
    found: int  # of them, read by tesseract
    missed: list[str]  # the written words tesseract did not read, in order
    text: str  # what tesseract read

    @property
    def recall(self) -> float:
        return self.found / max(1, self.written)


def words(text: str) -> list[str]:
    """Accents folded, lower case, apostrophes dropped, cut at every non-alphanumeric."""
    plain = fold(text).lower().replace("'", "").replace("\u2019", "")
    return re.findall(r"[a-z0-9]+", plain)


def recall(written: list[str], read: list[str]) -> tuple[int, list[str]]:
    """How many written words the read ones match (aligned in order), and the missed ones."""
    matcher = difflib.SequenceMatcher(None, written, read, autojunk=False)
    hit = [False] * len(written)
    for block in matcher.get_matching_blocks():
        for i in range(block.a, block.a + block.size):
            hit[i] = True
    return sum(hit), [w for w, h in zip(written, hit, strict=True) if not h]


def make_kit(sample: str, folder: Path, font: str | None, pen: str | None, seed: int) -> Path:
    """``cardgen make`` the sample into ``folder`` with the installed cardgen."""
    exe = shutil.which("cardgen") or str(Path(sys.executable).with_name("cardgen"))
    out = folder / Path(sample).stem
    cmd = [exe, "make", str(ROOT / "samples" / sample), "--out", str(out)]
    cmd += ["--now", NOW, "--seed", str(seed)]
    if font:
        cmd += ["--font", font]
    if pen:
        cmd += ["--pen", pen]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode not in (0, 1):
        raise SystemExit(f"legibility: cardgen make failed:\n{done.stderr}")
    return out


def message_page(path: Path, dpi: int):  # type: ignore[no-untyped-def]
    """(text layer, greyscale render at ``dpi``) of the page carrying the most text."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(path))
    counts = [doc[i].get_textpage().count_chars() for i in range(len(doc))]
    page = doc[counts.index(max(counts))]
    text = page.get_textpage().get_text_range()
    image = page.render(scale=dpi / 72).to_pil().convert("L")
    doc.close()
    return text, image


def ocr(image, psm: int, config: tuple[str, ...] = ()) -> str:  # type: ignore[no-untyped-def]
    """What tesseract reads on ``image`` in English (one thread, as envelope_ocr.read_png).

    ``config``: tesseract variables, ``NAME=VALUE``, each passed as ``-c``.
    """
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "page.png"
        image.save(path)
        out = subprocess.run(
            ["tesseract", str(path), "-", "--psm", str(psm), "-l", "eng",
             *(arg for pair in config for arg in ("-c", pair))],
            capture_output=True, text=True, timeout=120, check=True,
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},
        )  # fmt: skip
    return out.stdout


def line_bands(image) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    """(top, bottom) pixel rows of each band of ink between blank rows (darker than 50 %)."""
    import numpy as np

    inked = (np.asarray(image) < 128).any(axis=1)
    edges = np.flatnonzero(np.diff(np.concatenate(([0], inked.astype(np.int8), [0]))))
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True)]


def ocr_lines(image, psm: int, config: tuple[str, ...] = ()) -> str:  # type: ignore[no-untyped-def]
    """Each band of ink (see ``line_bands``) read alone, on white 40 px above and below."""
    from PIL import Image

    out = []
    for top, bottom in line_bands(image):
        band = Image.new("L", (image.width, bottom - top + 80), 255)
        band.paste(image.crop((0, top, image.width, bottom)), (0, 40))
        out.append(ocr(band, psm, config))
    return "\n".join(out)


def measure(
    font: str | None,
    pen: str | None,
    seed: int = 0,
    psm: int = PSM,
    dpi: int = DPI,
    mueller: bool = False,
    keep: Path | None = None,
    lines: bool = False,
    config: tuple[str, ...] = (),
) -> list[CardRead]:
    reads = []
    with tempfile.TemporaryDirectory(prefix="legibility-") as tmp:
        for sample in SAMPLES[: 2 if mueller else 1]:
            kit = make_kit(sample, Path(tmp), font, pen, seed)
            for pdf in sorted(kit.glob("*/card.pdf")):
                text, image = message_page(pdf, dpi)
                got = ocr_lines(image, psm, config) if lines else ocr(image, psm, config)
                written = words(text)
                found, missed = recall(written, words(got))
                card = pdf.parent.name
                if keep is not None:
                    keep.mkdir(parents=True, exist_ok=True)
                    stem = f"{kit.name}-{card}"
                    image.save(keep / f"{stem}.png")
                    (keep / f"{stem}.txt").write_text(got, encoding="utf-8")
                reads.append(CardRead(kit.name, card, len(written), found, missed, got))
    return reads


def summary(reads: list[CardRead]) -> tuple[int, int]:
    return sum(r.found for r in reads), sum(r.written for r in reads)


def table(label: str, reads: list[CardRead], verbose: bool) -> str:
    lines = [f"{label}"]
    for r in reads:
        lines.append(f"  {r.kit + '/' + r.card:<32} {r.found:>4}/{r.written:<4} {r.recall:6.1%}")
        if verbose and r.missed:
            lines.append("      missed: " + " ".join(r.missed))
    found, written = summary(reads)
    lines.append(f"  {'all':<32} {found:>4}/{written:<4} {found / max(1, written):6.1%}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--font", help="the hand passed to cardgen make (default: the kit's)")
    parser.add_argument("--pen", choices=("ballpoint", "gel", "fountain"), help="passed on")
    parser.add_argument("--seed", type=int, default=0, help="the seed passed to cardgen make")
    parser.add_argument("--psm", type=int, default=PSM, help="tesseract's page segmentation")
    parser.add_argument("--dpi", type=int, default=DPI)
    parser.add_argument("--also-mueller", action="store_true", help="samples/mueller.yaml too")
    parser.add_argument("--keep", type=Path, help="save each page's PNG and tesseract's read")
    parser.add_argument(
        "--lines", action="store_true", help="read each band of ink alone (a diagnostic)"
    )
    parser.add_argument(
        "-c", dest="config", action="append", default=[], metavar="NAME=VALUE",
        help="a tesseract variable, e.g. textord_noise_rejrows=0 (repeatable)",
    )  # fmt: skip
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("-v", "--verbose", action="store_true", help="list the missed words")
    args = parser.parse_args(argv)
    if shutil.which("tesseract") is None:
        print("legibility: needs tesseract: apt-get install tesseract-ocr", file=sys.stderr)
        return 2
    reads = measure(
        args.font, args.pen, args.seed, args.psm, args.dpi, args.also_mueller, args.keep,
        args.lines, tuple(args.config),
    )  # fmt: skip
    label = f"{args.font or 'kit hand'} ({args.pen or 'default pen'}), psm {args.psm}"
    label += ", line by line" if args.lines else ""
    label += "".join(f", -c {pair}" for pair in args.config)
    if args.json:
        found, written = summary(reads)
        result = {
            "font": args.font, "pen": args.pen, "seed": args.seed, "psm": args.psm,
            "dpi": args.dpi, "lines": args.lines, "config": args.config, "now": NOW,
            "found": found, "written": written,
            "recall": round(found / max(1, written), 4),
            "cards": [{**asdict(r), "recall": round(r.recall, 4)} for r in reads],
        }  # fmt: skip
        print(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        print(table(label, reads, args.verbose))
    return 0


if __name__ == "__main__":
    sys.exit(main())
