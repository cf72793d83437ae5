"""How long `cardgen check` and `cardgen make` take, and how they grow with interviewers.

Builds interview files of N interviewers (distinct names, distinct ~70-word
notes, a conservative firm, so every card is fitted and drawn), then times
`check` and `make` in-process (imports already warm), best of a few runs, and
prints each next to a baseline run in the same process so a noisy machine
shows in both. Growth is reported as the ratio ``time(100) / (10 × time(10))``:
1.0 is linear.

Then, as whole processes (imports included, bytecode cached as for an
installed program): ``cardgen make`` at the smallest and largest size, CPU
time (user + sys of the child) with the ratio time(100) / time(10), target
at most 6; and ``cardgen --help``, wall time, median of 15, target at most
0.12 s.

    python benchmarks/kit_timing.py            # check and make at 10 and 100
    python benchmarks/kit_timing.py --sizes 3 30 --repeat 5
    python benchmarks/kit_timing.py --processes-only --process-runs 3
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from help_timing import cardgen
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


def _process(args: list[str]) -> tuple[float, float]:
    """CPU seconds (user + sys) and wall seconds of ``cardgen ARGS`` as its own process
    (the console script beside this Python, as a user runs it, else ``python -m cardgen``)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

    def cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    before, start = cpu(), time.perf_counter()
    result = subprocess.run(
        [*cardgen(), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        check=False,
    )
    assert result.returncode in (0, 1), result.stderr
    return cpu() - before, time.perf_counter() - start


def processes(sizes: list[int], runs: int) -> None:
    """``make`` at the smallest and largest size, and ``--help``, as whole processes."""
    _process(["--help"])  # bytecode and disk cache
    walls = [_process(["--help"])[1] for _ in range(15)]
    print(
        f"cardgen --help: {statistics.median(walls) * 1000:.0f} ms wall"
        " (median of 15; target <= 120)"
    )
    lo, hi = min(sizes), max(sizes)
    cpu: dict[int, list[float]] = {lo: [], hi: []}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for n in (lo, hi):
            (folder / f"n{n}.yaml").write_text(interview_yaml(n), encoding="utf-8")
        for i in range(runs):
            for n in (lo, hi):
                out = str(folder / f"o{n}-{i}")
                cpu[n].append(
                    _process(["make", str(folder / f"n{n}.yaml"), "--out", out, "--now", NOW])[0]
                )
    for n in (lo, hi):
        print(f"make, {n:4d} interviewers, whole process: {statistics.median(cpu[n]):6.2f} s CPU")
    ratio = statistics.median(cpu[hi]) / statistics.median(cpu[lo])
    print(f"make: CPU({hi}) / CPU({lo}) = {ratio:.2f} (target <= 6)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--process-runs", type=int, default=1, help="whole-process make runs per size"
    )
    parser.add_argument("--processes-only", action="store_true", help="skip the in-process timings")
    opts = parser.parse_args()
    os.chdir(ROOT)
    if not opts.processes_only:
        in_process(opts.sizes, opts.repeat)
    processes(opts.sizes, opts.process_runs)


def in_process(sizes: list[int], repeat: int) -> None:
    """``check`` and ``make`` in this process, imports warm, at each size."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sample = ["samples/hartwell.yaml"]
        _time(["make", *sample, "--out", str(folder / "warm"), "--now", NOW], 1)
        base = _time(["make", *sample, "--out", str(folder / "s"), "--force", "--now", NOW],
                     repeat)  # fmt: skip
        print(f"make samples/hartwell.yaml (3 cards): {base * 1000:.0f} ms")
        times: dict[tuple[str, int], float] = {}
        for n in sizes:
            path = folder / f"n{n}.yaml"
            path.write_text(interview_yaml(n), encoding="utf-8")
            check = ["check", str(path), "--now", NOW]
            make = ["make", str(path), "--out", str(folder / f"o{n}"), "--force", "--now", NOW]
            times["check", n] = _time(check, repeat)
            times["make", n] = _time(make, repeat)
            print(
                f"{n:4d} interviewers: check {times['check', n] * 1000:7.0f} ms, "
                f"make {times['make', n] * 1000:7.0f} ms"
            )
        if len(sizes) >= 2:
            lo, hi = sizes[0], sizes[-1]
            for what in ("check", "make"):
                ratio = times[what, hi] / (hi / lo * times[what, lo])
                print(f"{what}: time({hi}) / ({hi // lo} × time({lo})) = {ratio:.2f}")


if __name__ == "__main__":
    main()
