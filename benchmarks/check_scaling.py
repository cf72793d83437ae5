"""How `cardgen check` scales with note length, for notes of awkward shapes.

Runs the checks on the hartwell sample with every note replaced by a note of
one shape (capitalised words, names, company-like words, hyphen- or
apostrophe-joined runs, full stops, line breaks …) at about 1,000 and 4,000
characters, and prints the time of each and their ratio. Near-linear work
shows a ratio near 4 (the machine is noisy: read several runs).

    python benchmarks/check_scaling.py
"""

from __future__ import annotations

import datetime as dt
import random
import time
from pathlib import Path

from msgspec.structs import replace

from cardgen.checks.rules import run_checks
from cardgen.input.config import load_interview
from cardgen.input.layouts import cultures

ROOT = Path(__file__).resolve().parent.parent
NAMES = ["Margaret", "Dvořák", "Tomás", "Okafor", "Priya", "Raman", "Margret", "Dvorak"]
SHAPES = {
    "capitalised words": lambda n, r: " ".join("Abcdef" for _ in range(n)),
    "names and near-misses": lambda n, r: " ".join(r.choice(NAMES) for _ in range(n)),
    "company-like words": lambda n, r: " ".join(
        r.choice(["Acme", "Beta", "Gamma", "LLC", "Inc", "&", "and", "of"]) for _ in range(n)
    ),
    "greetings and commas": lambda n, r: " ".join(
        r.choice(["Dear", "Ms.", "Margaret,", "thanks,", "you,"]) for _ in range(n)
    ),
    "stock phrases": lambda n, r: " ".join(
        ["thank you for taking the time to meet with me"] * (n // 10)
    ),
    "one long word": lambda n, r: "a" * (n * 6),
    "full stops": lambda n, r: ". " * (n * 3),
    "hyphen-joined": lambda n, r: "-".join(["Ab"] * (n * 2)),
    "apostrophe-joined": lambda n, r: "'".join(["Ab"] * (n * 2)),
    "initials": lambda n, r: " ".join(["A."] * (n * 2)),
    "line breaks": lambda n, r: "\n".join(["Ab"] * (n * 2)),
}


def main() -> None:
    interview = load_interview(ROOT / "samples" / "hartwell.yaml")
    culture = cultures()["conservative"]
    now = dt.datetime(2026, 11, 21, 9)
    print(f"{'shape':24s} {'~1,000 chars':>13s} {'~4,000 chars':>13s} {'ratio':>6s}")
    for name, make in SHAPES.items():
        times = []
        for words in (150, 600):
            note = make(words, random.Random(1))[:3990]
            people = tuple(replace(p, note=note, email_note=note) for p in interview.interviewers)
            one = replace(interview, interviewers=people)
            start = time.perf_counter()
            run_checks(one, culture, now=now)
            times.append(time.perf_counter() - start)
        print(
            f"{name:24s} {times[0] * 1000:10.1f} ms {times[1] * 1000:10.1f} ms "
            f"{times[1] / times[0]:6.1f}"
        )


if __name__ == "__main__":
    main()
