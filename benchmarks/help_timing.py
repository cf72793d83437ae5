"""How long ``cardgen --help`` takes next to a Python that does nothing.

Runs, as whole processes and alternating so that a noisy machine shows in
both, ``python -c pass`` (the interpreter's own start-up, the floor) and
``cardgen --help`` and ``cardgen make --help`` (the console script beside this
Python, else ``python -m cardgen``), and prints the median wall time of each,
what cardgen adds to the bare interpreter, and the ratio. Target: ``cardgen
--help`` at most 0.12 s wall.

    python benchmarks/help_timing.py              # 21 runs each
    python benchmarks/help_timing.py --runs 41

Python caches compiled modules as it would for an installed program
(``PYTHONDONTWRITEBYTECODE`` is dropped for the children, after a warm-up
run of each). ``-X importtime`` shows where the rest goes:

    python -X importtime -m cardgen --help 2>&1 >/dev/null | sort -t'|' -k2 -n | tail
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 0.12  # seconds, wall, `cardgen --help`


def cardgen() -> list[str]:
    """The ``cardgen`` command as installed beside this Python, else ``python -m cardgen``."""
    script = Path(sys.executable).parent / "cardgen"
    return [str(script)] if script.exists() else [sys.executable, "-m", "cardgen"]


def wall(cmd: list[str], env: dict[str, str]) -> float:
    """Wall seconds of one child process, its output discarded."""
    start = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    opts = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "cardgen --help": [*cardgen(), "--help"],
        "cardgen make --help": [*cardgen(), "make", "--help"],
    }
    for cmd in commands.values():  # warm the disk cache and the bytecode
        wall(cmd, env)
    times: dict[str, list[float]] = {what: [] for what in commands}
    for _ in range(opts.runs):
        for what, cmd in commands.items():
            times[what].append(wall(cmd, env))
    floor = statistics.median(times["python -c pass"])
    for what, walls in times.items():
        median = statistics.median(walls)
        print(
            f"{what:20s} wall {median * 1000:6.1f} ms  (+{(median - floor) * 1000:5.1f} ms, "
            f"{median / floor:4.2f}x python -c pass; median of {opts.runs})"
        )
    help_wall = statistics.median(times["cardgen --help"])
    verdict = "met" if help_wall <= TARGET else "NOT met"
    print(f"cardgen --help: {help_wall:.3f} s wall, target <= {TARGET} s: {verdict}")


if __name__ == "__main__":
    main()
