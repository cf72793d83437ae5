"""Can the post's machines read our envelopes? tesseract over the recipient block.

For each envelope (the samples' and one per country with its own
conventions), at several seeds: render at 300 dpi, crop the recipient block,
run tesseract (Debian's ``tesseract-ocr``: English, plus the destination's
language where its data is installed, as a sorting machine knows its own
country's letters), and compare with the lines cardgen wrote. Reports, per
envelope, whether the postal code was read exactly, and the character error
rate (edit distance over length, accents folded: ř read as r is no error).
``tests/render/test_ocr.py`` runs the same measurement and holds it to the targets.

Usage: python benchmarks/envelope_ocr.py [--seeds 4] [--dpi 300] [-v] [--figures FILE.ttf]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cardgen import app as pipeline  # noqa: E402
from cardgen.app import planning  # noqa: E402
from cardgen.app.types import ADDRESS_FONT  # noqa: E402
from cardgen.input.config import load_interview  # noqa: E402
from cardgen.input.fonts import resolve_font  # noqa: E402
from cardgen.input.layouts import envelope_layouts  # noqa: E402
from cardgen.layout.addressing import name_lines  # noqa: E402
from cardgen.layout.card import card_seed  # noqa: E402
from cardgen.layout.envelope import EnvelopeArt, compose_envelope  # noqa: E402
from cardgen.model import Address  # noqa: E402

SENDER = Address(street="12 Elm Street Apt 4", city="Springfield", region="IL",
                 postal_code="62701", country="US")  # fmt: skip

# (label, (name, honorific, company), address, envelope, address style): one per
# national convention the samples do not show.
WORLD = [
    ("FR", ("Jean Dupont", "Mr.", "Banque Lumière"),
     Address(street="CS 70001", city="Paris Cedex 07", postal_code="75700", country="FR"),
     "c6", "written"),
    ("CA", ("Jane Doe", "Ms.", "Maple Capital"),
     Address(street="200 King Street West, Suite 1500", city="Toronto", region="ON",
             postal_code="M5V 3J1", country="CA"), "a7", "written"),
    ("NL", ("Anna de Vries", "Ms.", "Noordzee Bank N.V."),
     Address(street="Herengracht 450", city="Amsterdam", postal_code="1017 CA", country="NL"),
     "c6", "written"),
    ("CZ", ("Petr Novák", "Mr.", "Vltava Finance a.s."),
     Address(street="Václavské náměstí 19", city="Praha 1", postal_code="110 00", country="CZ"),
     "c6", "written"),
    ("JP", ("Kenji Sato", "Mr.", "Sakura Trust"),
     Address(street="1-9-1 Marunouchi", city="Chiyoda-ku", region="Tokyo",
             postal_code="100-0005", country="JP"), "a7", "written"),
    ("US-pub28", ("Priya Raman", "Dr.", "Hartwell & Pryce LLP"),
     Address(street="400 Market Street, Suite 900", city="Philadelphia", region="PA",
             postal_code="19106", country="US"), "a7", "postal"),
]  # fmt: skip


@dataclass
class Read:
    label: str
    seed: int
    postal: str
    postal_ok: bool
    edits: int  # edit distance between what was read and what was written
    length: int  # characters written
    text: str

    @property
    def cer(self) -> float:
        return self.edits / max(1, self.length)


def fold(text: str) -> str:
    """Accents off (ř → r), whitespace runs to one space."""
    decomposed = unicodedata.normalize("NFD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.replace("ß", "ss").replace("Ł", "L").replace("ł", "l").split())


def distance(a: str, b: str) -> int:
    """Levenshtein distance."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


# The destination's language, as tesseract calls it: a sorting machine reads its
# own country's letters (ü, ß, é, ř); English stays first for everything else.
LANGUAGES = {"DE": "deu", "AT": "deu", "FR": "fra", "NL": "nld", "CZ": "ces"}


def tesseract() -> str | None:
    return shutil.which("tesseract")


@cache
def installed() -> frozenset[str]:
    """The languages tesseract has data for."""
    out = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True).stdout
    return frozenset(out.split()[1:])  # after the heading line


def missing_languages() -> list[str]:
    """The Debian packages of the languages the check needs and tesseract lacks."""
    wanted = {"eng", *LANGUAGES.values()}
    return sorted(f"tesseract-ocr-{lang}" for lang in wanted - installed())


def languages(country: str) -> str:
    """``eng`` plus the destination's language when its data is installed."""
    lang = LANGUAGES.get(country)
    return f"eng+{lang}" if lang and lang in installed() else "eng"


def ocr_block(art: EnvelopeArt, dpi: int) -> str:
    """The recipient block as tesseract reads it, from a 300 dpi render of the envelope."""
    return read_png(block_png(art, dpi), art.country)


def block_png(art: EnvelopeArt, dpi: int):  # type: ignore[no-untyped-def]
    """The recipient block of a ``dpi`` render of the envelope, as a greyscale image."""
    import pypdfium2

    from cardgen.render.envelope import render_envelopes_pdf

    pdf = render_envelopes_pdf([art], title="t", author="a", ink="#1d2b5c")
    doc = pypdfium2.PdfDocument(pdf)
    image = doc[0].render(scale=dpi / 72).to_pil().convert("L")
    doc.close()
    box = art.recipient.box
    s = dpi / 72
    pad = 6 * s
    left, top = max(0, int(box.x * s - pad)), max(0, int((art.height - box.top) * s - pad))
    right = min(image.width, int(box.right * s + pad))
    bottom = min(image.height, int((art.height - box.y) * s + pad))
    return image.crop((left, top, right, bottom))


def read_png(crop, country: str) -> str:  # type: ignore[no-untyped-def]
    """What tesseract reads in ``crop`` (one thread: the caller runs several at once)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "block.png"
        crop.save(path)
        out = subprocess.run(
            ["tesseract", str(path), "-", "--psm", "6", "-l", languages(country)],
            capture_output=True, text=True, timeout=60, check=True,
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},
        )  # fmt: skip
    return out.stdout


def envelopes(seeds: int) -> list[tuple[str, int, EnvelopeArt, str]]:
    """(label, seed, art, postal code) for the samples' envelopes and the WORLD ones."""
    out = []
    for sample in ("hartwell.yaml", "mueller.yaml"):
        interview = load_interview(ROOT / "samples" / sample)
        for seed in range(seeds):
            options = pipeline.Options(seed=seed)
            catalogue = pipeline.catalogue(interview, options)
            plan = pipeline.plan(interview, options, catalogue)
            arts = {job.number: job.art for job in plan.addressed if job.art is not None}
            for n, person in plan.people:
                address = interview.address_for(person)
                assert address is not None
                out.append((f"{sample}:{person.name}", seed, arts[n], address.postal_code))
    hand = planning.address_hand(catalogue)
    for label, (name, honorific, company), address, envelope, style in WORLD:
        names = name_lines(name, honorific, "", company, address.country)
        for seed in range(seeds):
            art = compose_envelope(
                recipient_name_lines=names, address=address, sender_name="Alex Rivera",
                sender_address=SENDER, layout=envelope_layouts()[envelope], hand_font=hand,
                seed=card_seed(seed, "envelope\x1f" + label), address_style=style,
            )  # fmt: skip
            out.append((label, seed, art, address.postal_code))
    return out


def measure(seeds: int, dpi: int) -> list[Read]:
    from concurrent.futures import ThreadPoolExecutor

    found = envelopes(seeds)
    crops = [block_png(art, dpi) for _label, _seed, art, _postal in found]  # drawn in turn
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:  # read side by side
        texts = list(pool.map(read_png, crops, [art.country for _l, _s, art, _p in found]))
    reads = []
    for (label, seed, art, postal), text in zip(found, texts, strict=True):
        expected = fold("\n".join(art.recipient.lines))
        got = fold(text)
        edits = distance(got, expected)
        reads.append(Read(label, seed, postal, fold(postal) in got, edits, len(expected), text))
    return reads


def _try_figures(path: str) -> None:
    """Experiment: the envelope's digits from the TrueType file at ``path``."""
    from cardgen.input.fonts import _user_font
    from cardgen.layout.fonts import FontSet

    figures = _user_font(Path(path))
    base = resolve_font(ADDRESS_FONT)
    planning.address_hand = lambda catalogue: FontSet(base, (), figures=figures)  # type: ignore[assignment]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--figures", help="try the digits from this TrueType file")
    parser.add_argument("--seeds", type=int, default=4)
    parser.add_argument("--dpi", type=int, default=300)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    if tesseract() is None:
        sys.exit("needs tesseract: apt-get install tesseract-ocr")
    if args.figures:
        _try_figures(args.figures)
    reads = measure(args.seeds, args.dpi)
    bad = [r for r in reads if not r.postal_ok]
    total_cer = sum(r.edits for r in reads) / sum(r.length for r in reads)
    for r in reads:
        flag = "ok " if r.postal_ok else "BAD"
        print(f"{flag} {r.label:<38} seed {r.seed}  postal {r.postal:<9} CER {r.cer:5.1%}")
        if args.verbose and (not r.postal_ok or r.cer > 0.01):
            print("    " + r.text.strip().replace("\n", " | "))
    print(f"postal codes read exactly: {len(reads) - len(bad)}/{len(reads)}; "
          f"CER {total_cer:.2%}; worst block {max(r.cer for r in reads):.1%}")  # fmt: skip


if __name__ == "__main__":
    main()
