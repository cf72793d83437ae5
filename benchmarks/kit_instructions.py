"""What a ``cardgen make`` costs in instructions: a figure a noisy machine cannot move.

CPU time on a shared machine swings by 15 % from run to run; the number of
instructions a run executes does not. This runs whole ``cardgen make``
processes under valgrind's callgrind (about 50 times slower than a plain run)
on the hartwell sample and on interview files of a few and of more interviewers
(built as ``kit_timing.py`` builds them), and prints each run's instructions,
what one more interviewer costs and what a run costs before its first one, and
from those two the ratio ``make`` of 100 interviewers would have to ``make`` of
10 (``kit_timing.py`` measures it in CPU; target at most 6).

    python benchmarks/kit_instructions.py
    python benchmarks/kit_instructions.py --against /tmp/old   # another checkout too
    python benchmarks/kit_instructions.py --sizes 3 10

Needs valgrind (Debian: ``apt-get install valgrind``). Bytecode is compiled
first, so that a run's count does not include compiling edited modules; numpy
runs with one BLAS thread, as ``cardgen`` runs it, and Python's hash seed is
fixed, so the same code gives the same count to within a few thousand.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from kit_timing import NOW, interview_yaml

ROOT = Path(__file__).resolve().parent.parent


def instructions(package_dir: Path, interview: Path, out: Path) -> int:
    """Instructions of one ``cardgen make interview`` with the package in ``package_dir``
    (``-P``: from there, not from the current folder, which ``-m`` would put first)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(PYTHONPATH=str(package_dir), PYTHONHASHSEED="0", OPENBLAS_NUM_THREADS="1")
    result = subprocess.run(
        [
            "valgrind", "--tool=callgrind", f"--callgrind-out-file={out}.callgrind",
            sys.executable, "-P", "-m", "cardgen", "make", str(interview),
            "--out", str(out), "--now", NOW,
        ],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    found = re.search(r"Collected : (\d+)", result.stderr)
    if result.returncode not in (0, 1) or found is None:
        raise SystemExit(f"cardgen make {interview.name} failed:\n{result.stderr[-2000:]}")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs=2, default=[3, 10], metavar=("FEW", "MORE"))
    parser.add_argument("--against", type=Path, help="another checkout, measured alongside")
    opts = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (Debian: apt-get install valgrind)")
    checkouts = {"this checkout": ROOT}
    if opts.against:
        checkouts["against"] = opts.against.resolve()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        kits = {"hartwell": ROOT / "samples" / "hartwell.yaml"}
        for n in opts.sizes:
            kits[f"{n} interviewers"] = folder / f"n{n}.yaml"
            kits[f"{n} interviewers"].write_text(interview_yaml(n), encoding="utf-8")
        for name, checkout in checkouts.items():
            subprocess.run(
                [sys.executable, "-m", "compileall", "-q", str(checkout / "cardgen")],
                env={k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
                check=True,
            )
            counts = {
                kit: instructions(checkout, path, folder / f"{name}-{i}".replace(" ", "-"))
                for i, (kit, path) in enumerate(kits.items())
            }
            print(f"{name} ({checkout}):")
            for kit, count in counts.items():
                print(f"  make {kit:18s} {count / 1e9:7.3f} G instructions")
            few, more = opts.sizes
            each = (counts[f"{more} interviewers"] - counts[f"{few} interviewers"]) / (more - few)
            fixed = counts[f"{few} interviewers"] - few * each
            print(f"  each interviewer   {each / 1e9:7.3f} G; before the first {fixed / 1e9:.3f} G")
            print(f"  100 / 10 interviewers: {(fixed + 100 * each) / (fixed + 10 * each):.2f}")


if __name__ == "__main__":
    main()
