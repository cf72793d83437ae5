"""What a cardgen kit costs next to plain ReportLab writing the same pages.

Runs, as whole processes and alternating, a plain ReportLab script (the three
hartwell cards' notes set in the same TTF, three envelopes in the envelope
hand, one Letter sheet with the three cards imposed; ReportLab's defaults
except the same stream settings as cardgen: compressed, no ASCII85) and
``cardgen make samples/hartwell.yaml``, and prints the median CPU time
(user + sys of the child, from ``resource.getrusage(RUSAGE_CHILDREN)``) and
wall time of each, and their ratio. Target: the kit at most 3x the script.

    python benchmarks/kit_vs_reportlab.py            # 7 runs each
    python benchmarks/kit_vs_reportlab.py --runs 15
    python benchmarks/kit_vs_reportlab.py --against /tmp/old   # a change, before and after
    python benchmarks/kit_vs_reportlab.py --font dancing-script  # the pen against a font

``--against DIR`` adds, alternating with the others, ``cardgen make`` from the
package in DIR (another checkout, e.g. ``git worktree add /tmp/old main``, run
with ``PYTHONPATH=DIR``): before and after a change, measured side by side.

Python caches compiled modules as it would for an installed program
(``PYTHONDONTWRITEBYTECODE`` is dropped for the children, after a warm-up
run of each); ``--no-bytecode`` keeps it, to see what a cold cache costs.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOW = "2026-11-21T09:00"

# The baseline: what a person would write with ReportLab to print the same
# three cards, three envelopes and one imposed sheet with the same fonts.
PLAIN = """\
import sys, textwrap
from pathlib import Path
import yaml
from reportlab import rl_config
rl_config.useA85 = 0  # the same stream settings as cardgen
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

root, out = Path(sys.argv[1]), Path(sys.argv[2])
pdfmetrics.registerFont(TTFont("Hand", str(root / "fonts/DancingScript-Regular.ttf")))
pdfmetrics.registerFont(TTFont("Print", str(root / "fonts/PatrickHand-Regular.ttf")))
data = yaml.safe_load((root / "samples/hartwell.yaml").read_text(encoding="utf-8"))
CARD, ENVELOPE = (306, 396), (414, 315)

def card(c, person, x=0, y=0):
    c.setFillColorRGB(0.1, 0.15, 0.4)
    c.setFont("Hand", 15)
    top = y + CARD[1] - 40
    c.drawString(x + 24, top, f"Dear {person['honorific']} {person['name'].split()[-1]},")
    for i, line in enumerate(textwrap.wrap(" ".join(person["note"].split()), 36)):
        c.drawString(x + 24, top - 20 * (i + 1), line)
    c.drawString(x + 150, y + 40, data["candidate"]["name"])

def envelope(c, person):
    c.setFont("Print", 14)
    address = person.get("address") or data["company"]["address"]
    lines = [person["name"], data["company"]["name"], *address.values()]
    for i, line in enumerate(lines):
        c.drawString(170, 170 - 18 * i, str(line))

(out / "print").mkdir(parents=True, exist_ok=True)
sheet = Canvas(str(out / "print/cards-letter.pdf"), pagesize=(612, 792))
for n, person in enumerate(data["interviewers"]):
    c = Canvas(str(out / f"card-{n}.pdf"), pagesize=CARD)
    card(c, person)
    c.save()
    e = Canvas(str(out / f"envelope-{n}.pdf"), pagesize=ENVELOPE)
    envelope(e, person)
    e.save()
    card(sheet, person, x=(n % 2) * 306, y=396 - (n // 2) * 396)
sheet.save()
"""


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """CPU seconds (user + sys) and wall seconds of one child process."""
    before, start = _cpu(), time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    return _cpu() - before, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--no-bytecode", action="store_true", help="keep PYTHONDONTWRITEBYTECODE")
    parser.add_argument("--against", type=Path, help="also time cardgen from this checkout")
    parser.add_argument(
        "--font", help="also time the kit in this hand (e.g. dancing-script: the pen against it)"
    )
    opts = parser.parse_args()
    env = dict(os.environ)
    if not opts.no_bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    envs = {"cardgen make": env}
    if opts.against:
        envs["cardgen make (against)"] = {**env, "PYTHONPATH": str(opts.against.resolve())}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        script = folder / "plain.py"
        script.write_text(PLAIN, encoding="utf-8")
        # -P: the package comes from the install (or --against), not from the current folder
        cardgen = [sys.executable, "-P", "-m", "cardgen", "make", "samples/hartwell.yaml"]
        commands = {
            "plain ReportLab": lambda i: [sys.executable, str(script), str(ROOT), f"{tmp}/p{i}"],
        }
        for n, what in enumerate(envs):
            commands[what] = lambda i, n=n: [*cardgen, "--out", f"{tmp}/k{n}-{i}", "--now", NOW]
        if opts.font:
            what = f"cardgen make --font {opts.font}"
            envs[what] = env
            commands[what] = lambda i: [
                *cardgen,
                "--out",
                f"{tmp}/f-{i}",
                "--now",
                NOW,
                "--font",
                opts.font,
            ]
        envs["plain ReportLab"] = env
        for what, command in commands.items():  # warm the disk cache and the bytecode
            run(command(-1), envs[what])
        cpu: dict[str, list[float]] = {what: [] for what in commands}
        wall: dict[str, list[float]] = {what: [] for what in commands}
        for i in range(opts.runs):
            for what, command in commands.items():
                c, w = run(command(i), envs[what])
                cpu[what].append(c)
                wall[what].append(w)
    plain = statistics.median(cpu["plain ReportLab"])
    for what in commands:
        print(
            f"{what:24s} CPU {statistics.median(cpu[what]):6.3f} s   "
            f"wall {statistics.median(wall[what]):6.3f} s   (median of {opts.runs})"
        )
    for what in commands:
        if what != "plain ReportLab":
            ratio = statistics.median(cpu[what]) / plain
            print(f"{what} / plain ReportLab, CPU: {ratio:.2f}x (target <= 3x)")
    if opts.font:
        ratio = statistics.median(cpu["cardgen make"]) / statistics.median(
            cpu[f"cardgen make --font {opts.font}"]
        )
        print(f"cardgen make / cardgen make --font {opts.font}, CPU: {ratio:.2f}x")


if __name__ == "__main__":
    main()
