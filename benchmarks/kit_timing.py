"""How long `cardgen check` and `cardgen make` take, and how they grow with interviewers.

Builds interview files of N interviewers (distinct names, distinct ~70-word
notes, a conservative firm, so every card is fitted and drawn), then times
`check` and `make` in-process (imports already warm), best of a few runs, and
prints each next to a baseline run in the same process so a noisy machine
shows in both. Growth is reported as the ratio ``time(100) / (10 × time(10))``:
1.0 is linear.

    python benchmarks/kit_timing.py            # check and make at 10 and 100
    python benchmarks/kit_timing.py --sizes 3 30 --repeat 5
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from pathlib import Path

from typer.testing import CliRunner

from cardgen.cli import app

ROOT = Path(__file__).resolve().parent.parent
NOW = "2026-11-21T09:00"
SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ra",
    "su",
    "te",
    "vo",
    "ni",
    "da",
    "pe",
    "ri",
    "zo",
    "an",
    "el",
    "mar",
    "tin",
    "sa",
    "bel",
    "or",
    "du",
]
WORDS = [
    "restructuring",
    "deadline",
    "review",
    "client",
    "fundamentals",
    "model",
    "capstone",
    "team",
    "office",
    "tour",
    "programme",
    "mentoring",
    "training",
    "merger",
    "audit",
    "valuation",
    "diligence",
    "schedule",
    "portfolio",
    "analysis",
    "forecast",
    "liquidity",
    "covenant",
    "lender",
    "borrower",
    "negotiation",
    "closing",
    "memo",
    "draft",
]


def _name(rng: random.Random) -> str:
    def word() -> str:
        return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()

    return f"{word()} {word()}"


def interview_yaml(n: int, seed: int = 1) -> str:
    """An interview file with ``n`` interviewers and distinct notes."""
    rng = random.Random(seed)
    people = []
    names: set[str] = set()
    while len(names) < n:
        names.add(_name(rng))
    for name in sorted(names):
        detail = " ".join(rng.sample(WORDS, 12))
        note = (
            f"Thank you for meeting me on Friday. I enjoyed hearing about the {detail}. "
            f"Your point about the {rng.choice(WORDS)} and the {rng.choice(WORDS)} stayed "
            f"with me, and the {rng.choice(WORDS)} you described is how I like to work. "
            "I am very interested in the role."
        )
        people.append(f"  - name: {name}\n    honorific: Ms.\n    note: {note!r}\n")
    return (
        "candidate:\n  name: Alex Rivera\n  email: alex.rivera@example.com\n"
        '  phone: "+1 217 555 0142"\n'
        "  address: {street: 12 Elm Street, city: Springfield, region: IL,"
        ' postal_code: "62701", country: US}\n'
        "company:\n  name: Hartwell & Pryce LLP\n  culture: conservative\n"
        "  address: {street: 400 Market Street, city: Philadelphia, region: PA,"
        ' postal_code: "19106", country: US}\n'
        "role: Associate Analyst\ninterview: {date: 2026-11-20, time: '14:00'}\n"
        "interviewers:\n" + "".join(people)
    )


def _time(args: list[str], repeat: int) -> float:
    runner = CliRunner()
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        result = runner.invoke(app, args)
        best = min(best, time.perf_counter() - start)
        assert result.exit_code in (0, 1), result.stderr
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100])
    parser.add_argument("--repeat", type=int, default=3)
    opts = parser.parse_args()
    os.chdir(ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sample = ["samples/hartwell.yaml"]
        _time(["make", *sample, "--out", str(folder / "warm"), "--now", NOW], 1)
        base = _time(["make", *sample, "--out", str(folder / "s"), "--force", "--now", NOW],
                     opts.repeat)  # fmt: skip
        print(f"make samples/hartwell.yaml (3 cards): {base * 1000:.0f} ms")
        times: dict[tuple[str, int], float] = {}
        for n in opts.sizes:
            path = folder / f"n{n}.yaml"
            path.write_text(interview_yaml(n), encoding="utf-8")
            check = ["check", str(path), "--now", NOW]
            make = ["make", str(path), "--out", str(folder / f"o{n}"), "--force", "--now", NOW]
            times["check", n] = _time(check, opts.repeat)
            times["make", n] = _time(make, opts.repeat)
            print(
                f"{n:4d} interviewers: check {times['check', n] * 1000:7.0f} ms, "
                f"make {times['make', n] * 1000:7.0f} ms"
            )
        if len(opts.sizes) >= 2:
            lo, hi = opts.sizes[0], opts.sizes[-1]
            for what in ("check", "make"):
                ratio = times[what, hi] / (hi / lo * times[what, lo])
                print(f"{what}: time({hi}) / ({hi // lo} × time({lo})) = {ratio:.2f}")


if __name__ == "__main__":
    main()
