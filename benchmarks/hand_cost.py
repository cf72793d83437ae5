"""What ``make`` costs in a captured hand next to the shipped print pen hand.

Captures a hand once at the start (the template filled in Comic Neue and
photographed: ``tests/handphoto.py``; read as ``cardgen hand add`` reads it)
into a temporary ``CARDGEN_CONFIG_DIR``, then runs, as whole processes and
alternating, ``cardgen make samples/hartwell.yaml --font mine`` and
``--font relief-singleline`` (the shipped single-line print hand, the one a
captured hand is written like), and prints the median CPU time (user + sys of
the child) and wall time of each, and their ratio. Target: at most 1.3x.

    python benchmarks/hand_cost.py            # 7 runs each
    python benchmarks/hand_cost.py --runs 15

Measured on 2026-12-07 (5 runs each, 2 shared cores): captured hand 2.10 s
CPU, relief-singleline 2.09 s: 1.01x.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "benchmarks")]

from kit_vs_reportlab import NOW, run  # noqa: E402

TARGET = 1.3


def capture_hand(folder: Path, name: str = "mine") -> None:
    """The hand captured from two photos of the template filled in Comic Neue, saved."""
    from handphoto import filled_page, photograph

    from cardgen.layout.handcapture import build_hand, capture
    from cardgen.layout.handsheet import sheet_pages

    photos = [
        (f"p{p.number}.jpg", photograph(filled_page(p, p.number).image, 20 + p.number))
        for p in sheet_pages("letter")
    ]
    hand = build_hand(name, capture(photos, ""))
    (folder / "hands").mkdir(parents=True, exist_ok=True)
    text = json.dumps(hand, ensure_ascii=False)
    (folder / "hands" / f"{name}.json").write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    opts = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "config"
        capture_hand(config)
        env = {**os.environ, "CARDGEN_CONFIG_DIR": str(config)}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        cardgen = [sys.executable, "-P", "-m", "cardgen", "make", "samples/hartwell.yaml"]
        fonts = {"captured hand": "mine", "relief-singleline": "relief-singleline"}

        def command(font: str, i: int) -> list[str]:
            return [*cardgen, "--out", f"{tmp}/{font}-{i}", "--now", NOW, "--font", font]

        for font in fonts.values():  # warm the disk cache and the bytecode
            run(command(font, -1), env)
        cpu: dict[str, list[float]] = {what: [] for what in fonts}
        wall: dict[str, list[float]] = {what: [] for what in fonts}
        for i in range(opts.runs):
            for what, font in fonts.items():
                c, w = run(command(font, i), env)
                cpu[what].append(c)
                wall[what].append(w)
    for what in fonts:
        print(
            f"make --font {fonts[what]:18s} CPU {statistics.median(cpu[what]):6.3f} s   "
            f"wall {statistics.median(wall[what]):6.3f} s   (median of {opts.runs})"
        )
    ratio = statistics.median(cpu["captured hand"]) / statistics.median(cpu["relief-singleline"])
    print(f"captured hand / relief-singleline, CPU: {ratio:.2f}x (target <= {TARGET}x)")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
