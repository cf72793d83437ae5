"""Build the wheel, install it into a fresh venv, and make every sample from outside the checkout.

Proves that fonts/ and layouts/ ship inside the wheel and are found there, not
in the checkout or the current folder. Dependencies come from the package index.
The build, the install and the makes run beside the tests (``beside``, tests/conftest.py).
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOW = "2026-11-21T09:00"

KITS = {
    "hartwell.yaml": [
        "01-margaret-dvorak/card.pdf",
        "01-margaret-dvorak/email.eml",
        "01-margaret-dvorak/email.txt",
        "01-margaret-dvorak/envelope.pdf",
        "02-tomas-okafor/card.pdf",
        "02-tomas-okafor/email.eml",
        "02-tomas-okafor/email.txt",
        "02-tomas-okafor/envelope.pdf",
        "03-priya-raman/card.pdf",
        "03-priya-raman/email.eml",
        "03-priya-raman/email.txt",
        "03-priya-raman/envelope.pdf",
        "plan.ics",
        "plan.txt",
        "print/cards-letter.pdf",
        "print/envelopes.pdf",
    ],
    "brightloop.yaml": [
        "01-jordan-lee/email.eml",
        "01-jordan-lee/email.txt",
        "02-ana-sousa/email.eml",
        "02-ana-sousa/email.txt",
        "plan.ics",
        "plan.txt",
    ],
    "mueller.yaml": [
        "01-jurgen-weiss/card.pdf",
        "01-jurgen-weiss/email.eml",
        "01-jurgen-weiss/email.txt",
        "01-jurgen-weiss/envelope.pdf",
        "02-zofia-lukasiewicz/card.pdf",
        "02-zofia-lukasiewicz/email.eml",
        "02-zofia-lukasiewicz/email.txt",
        "02-zofia-lukasiewicz/envelope.pdf",
        "plan.ics",
        "plan.txt",
        "print/cards-a4.pdf",
        "print/envelopes.pdf",
    ],
}


def run(args: list[str | Path], *, cwd: Path, env: dict[str, str] | None = None, timeout=300):
    result = subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result


def files_in(folder: Path) -> list[str]:
    return sorted(
        (Path(d) / f).relative_to(folder).as_posix() for d, _s, fs in os.walk(folder) for f in fs
    )


def _install_and_make(folder: Path) -> None:
    """The long work, beside the tests: build the wheel, install it into a fresh venv, and
    from a folder outside the checkout ask where its data is, run ``--help`` and
    ``layouts``, and make every sample. Outputs go to ``folder``; the test checks them."""
    dist = folder / "dist"
    if importlib.util.find_spec("build") is not None:
        build = [sys.executable, "-m", "build", "--wheel", "--outdir", dist, ROOT]
    else:  # pip can build it too (both in an isolated env with hatchling from the index)
        build = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--wheel-dir", dist, ROOT]
    run(build, cwd=folder)
    (wheel,) = dist.glob("cardgen-*.whl")

    env_dir = folder / "venv"
    # No pip of its own (ensurepip costs seconds): this pip installs into it (--python).
    venv.create(env_dir, with_pip=False, system_site_packages=False, clear=True)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / "python"
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSAFEPATH")
    }
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    # --no-compile: Python compiles what it imports; compiling every dependency up front
    # (numpy, Pillow, ReportLab …) is most of an install's time and proves nothing here.
    pip = [sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-compile"]
    run([*pip, wheel], cwd=folder, env=env)

    elsewhere = folder / "elsewhere"  # not the checkout, no fonts/ or layouts/ here
    elsewhere.mkdir()
    where = run(
        [
            python,
            "-c",
            "import cardgen, cardgen.resources as r; "
            "print(cardgen.__file__); print(r.layouts_dir()); print(r.fonts_dir())",
        ],
        cwd=elsewhere,
        env=env,
    ).stdout
    (folder / "where.txt").write_text(where)
    help_text = run([bin_dir / "cardgen", "--help"], cwd=elsewhere, env=env).stdout
    (folder / "help.txt").write_text(help_text)
    layouts = run([python, "-m", "cardgen", "layouts"], cwd=elsewhere, env=env).stdout
    (folder / "layouts.txt").write_text(layouts)
    for sample in KITS:
        out = folder / "kits" / sample.removesuffix(".yaml")
        run(
            [bin_dir / "cardgen", "make", ROOT / "samples" / sample, "--out", out, "--now", NOW],
            cwd=elsewhere,
            env=env,
        )


@pytest.mark.install
@pytest.mark.beside("_install_and_make")
def test_wheel_installs_and_makes_every_sample(beside):
    assert beside.returncode == 0, beside.output
    folder = beside.folder
    env_dir = folder / "venv"
    where = (folder / "where.txt").read_text().splitlines()
    assert len(where) == 3, where
    for line in where:
        assert Path(line).resolve().is_relative_to(env_dir.resolve()), line
    assert Path(where[1]).as_posix().endswith("cardgen/_data/layouts")
    assert Path(where[2]).as_posix().endswith("cardgen/_data/fonts")
    assert (Path(where[1]) / "cultures.yaml").is_file()

    assert "Example:" in (folder / "help.txt").read_text()
    layouts = (folder / "layouts.txt").read_text()
    assert "a2-flat" in layouts and "a6-flat" in layouts

    for sample, expected in KITS.items():
        out = folder / "kits" / sample.removesuffix(".yaml")
        assert files_in(out) == expected, sample
        for rel in expected:
            if rel.endswith(".pdf"):
                assert (out / rel).read_bytes().startswith(b"%PDF-1.7"), rel
    assert files_in(folder / "elsewhere") == []  # nothing written to the current folder
