"""Hypothesis strategies for hostile interview files, and a checked run of cardgen on one.

Interview files are made by mutating the shipped samples: values replaced with
wrong types, random Unicode (lone surrogates, right-to-left text, combining
marks, controls), huge strings, hostile names and edge dates; keys deleted or
invented; values nested deep; the YAML text itself cut or spliced. Each is
run through the real CLI (in-process) with random options, and
:func:`check_run` asserts what must hold for every input whatever it is.

The long mixed run (:func:`run_fuzz`, ``python tests/fuzzing.py --inputs 500
--workers 2``) adds mutated settings files, random command lines and Ctrl-C
during ``make``, counts exits and failures by kind, and writes each failing
case with a ``repro.sh`` (see the section "the long mixed run" below).
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import random
import re
import shlex
import shutil
import signal
import struct
import subprocess
import sys
import sysconfig
import tempfile
import time
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st
from pypdf import PdfReader
from typer.testing import CliRunner

from cardgen.cli import app

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = {p.name: yaml.safe_load(p.read_text("utf-8")) for p in (ROOT / "samples").glob("*.yaml")}
NOW = "2026-11-21T09:00"

# --------------------------------------------------------------------------- values

HOSTILE_TEXT = [
    "../../x",
    "..",
    "/etc/passwd",
    "C:\\Windows\\system32",
    "=?utf-8?q?=3Cevil=40attacker=2Eexample=3E?=",
    "Jane <evil@attacker.example>",
    'x", "y',
    "\u202eevil\u202c",
    "\u200f\u200e",
    "مرحبا بالعالم",
    "שלום עליכם",
    "Nguyễn Văn Ánh",
    "東京都千代田区",
    "😀👍",
    "a" + "\u0301" * 300,
    "e\u0301\u0302\u0303",
    "{name}",
    "{0}",
    "{role.__class__}",
    "%s %d",
    "\udfff",
    "\ud800x",
    "x" * 5000,
    "word " * 900,
    "https://example.com/" + "a/" * 1500,
    "A\u2028B",
    "tab\there",
    "nul\x00byte",
    "bell\x07",
    "\ufeffbom",
    "",
    " ",
    "~",
    "null",
    "yes",
    "0x1F",
    "1e999",
    "zh-Hant-TW",  # a language: tag cardgen does not write, and titles with no name
    "de-Latn-AT",
    "Dr. Prof.",
    "Herr",
]

# Strings a loader accepts, to reach the layout, the handwriting and the PDFs.
VALID_TEXT = [
    "Łukasz Dvořák",
    "Nguyễn Văn Ánh",
    "Ångström O'Brien",
    "José María García-Márquez",
    "Zoë Ñúñez",
    "Jane \u200fDoe",
    "e\u0301 combining",
    "Jane <evil@attacker.example>",
    "=?utf-8?q?=3Cevil=40attacker=2Eexample=3E?=",
    "{name} {0}",
    "a, b; c & d",
    "../../x",
    "see https://example.com/careers/associate-analyst-programme?ref=card&id=42 now",
    "Rechtsanwaltsfachangestellte Donaudampfschifffahrtsgesellschaft",
    "Thank you. " * 60,
    "Thank you for the conversation about the Keller restructuring, Margaret. " * 8,
    "I",
    "Prof. dr hab. inż. Jan Kowalski",
    "Dr. Dr. Dr. Weiß",
    "de-CH",
]

EDGE_DATES = [
    "9999-12-31",
    "9999-11-16",
    "9999-11-17",
    "0001-01-01",
    "1970-01-01",
    "2026-02-29",
    "2024-02-29",
    "2026-13-01",
    "2026-11-20T14:00",
    "20261120",
    "-2026-11-20",
]

_unicode = st.text(
    st.characters(codec=None, exclude_categories=()), min_size=0, max_size=60
)  # every code point, lone surrogates included
_scalar: st.SearchStrategy[Any] = st.one_of(
    st.sampled_from(HOSTILE_TEXT),
    _unicode,
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.sampled_from(EDGE_DATES),
    st.text(min_size=200, max_size=5000),
)
VALUES: st.SearchStrategy[Any] = st.recursive(
    _scalar,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=8,
)

FREE_TEXT = ("name", "title", "note", "email_note", "role", "street", "city")

KEYS = [
    "candidate", "name", "email", "phone", "address", "signature", "company", "culture",
    "role", "interview", "date", "time", "interviewers", "title", "honorific", "note",
    "email_note", "street", "city", "region", "postal_code", "country", "style", "card",
    "envelope", "font", "ink", "paper", "stock", "language", "nmae", "<<",
]  # fmt: skip


def _paths(tree: Any, prefix: tuple = ()) -> list[tuple]:
    """Every path (tuple of keys and indexes) into a YAML tree."""
    out = [prefix]
    if isinstance(tree, dict):
        for k, v in tree.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(tree, list):
        for i, v in enumerate(tree):
            out += _paths(v, (*prefix, i))
    return out


def _get(tree: Any, path: tuple) -> Any:
    for part in path:
        tree = tree[part]
    return tree


class Draws:
    """The choices a mutator makes, from Hypothesis (``draw``) or from a seeded ``Random``.

    The interview mutator is written once against this, so the Hypothesis
    tests and the long mixed run (:func:`run_fuzz`) mutate files alike.
    """

    def __init__(self, draw: st.DrawFn | None = None, rng: random.Random | None = None) -> None:
        self._draw, self.rng = draw, rng

    def pick(self, seq: list[Any] | tuple[Any, ...]) -> Any:
        seq = list(seq)
        if self._draw is not None:
            return self._draw(st.sampled_from(seq))
        assert self.rng is not None
        return self.rng.choice(seq)

    def integer(self, lo: int, hi: int) -> int:
        if self._draw is not None:
            return self._draw(st.integers(lo, hi))
        assert self.rng is not None
        return self.rng.randint(lo, hi)

    def boolean(self) -> bool:
        return bool(self.integer(0, 1))

    def value(self) -> Any:
        """A random YAML value: hostile text, any Unicode, huge numbers, nesting."""
        if self._draw is not None:
            return self._draw(VALUES)
        assert self.rng is not None
        return random_value(self.rng)


def random_value(rng: random.Random, depth: int = 0) -> Any:
    """What :data:`VALUES` draws, from a seeded ``Random``."""
    kind = rng.randrange(10 if depth < 2 else 8)
    if kind == 0:
        return rng.choice(HOSTILE_TEXT)
    if kind == 1:  # any code point, lone surrogates included
        return "".join(chr(rng.randrange(0x110000)) for _ in range(rng.randrange(20)))
    if kind == 2:
        return rng.randint(-(2**70), 2**70)
    if kind == 3:
        return rng.choice([0.0, -0.0, 1e308, -1e-308, float("inf"), float("nan"), 3.25])
    if kind == 4:
        return rng.choice([True, False, None])
    if kind == 5:
        return rng.choice(EDGE_DATES)
    if kind == 6:
        return rng.choice(VALID_TEXT)
    if kind == 7:
        return "".join(rng.choice("ab \n\u00e9\u0301") for _ in range(rng.randrange(200, 5000)))
    if kind == 8:
        return [random_value(rng, depth + 1) for _ in range(rng.randrange(4))]
    return {rng.choice(KEYS): random_value(rng, depth + 1) for _ in range(rng.randrange(4))}


def mutate_tree(d: Draws) -> Any:
    """A sample's data with a few random mutations."""
    import copy

    name = d.pick(sorted(SAMPLES))
    tree = copy.deepcopy(SAMPLES[name])
    if d.boolean():
        # Gently: only free text changes, so the file stays valid and every stage
        # (fitting, handwriting, addressing, PDFs) meets the odd text.
        free = [p for p in _paths(tree) if p and p[-1] in FREE_TEXT]
        for _ in range(d.integer(0, 4)):
            path = d.pick(free)
            _get(tree, path[:-1])[path[-1]] = d.pick(VALID_TEXT)
        return tree
    for _ in range(d.integer(0, 4)):
        paths = _paths(tree)
        path = d.pick(paths)
        ops = ["set", "set", "delete", "add", "hostile", "date", *["text"] * 6]
        op = d.pick(ops)
        parent = _get(tree, path[:-1]) if path else None
        if not path:
            if op == "set" and d.integer(0, 9) == 0:
                tree = d.value()  # now and then, not an interview at all
            continue
        if op == "text":
            leaves = [p for p in paths if p and isinstance(_get(tree, p), str)]
            if leaves:
                leaf = d.pick(leaves)
                _get(tree, leaf[:-1])[leaf[-1]] = d.pick(VALID_TEXT)
        elif op == "set":
            parent[path[-1]] = d.value()
        elif op == "hostile":
            parent[path[-1]] = d.pick(HOSTILE_TEXT)
        elif op == "date":
            tree.setdefault("interview", {})
            if isinstance(tree["interview"], dict):
                tree["interview"]["date"] = d.pick(EDGE_DATES)
        elif op == "delete" and isinstance(parent, dict | list):
            del parent[path[-1]]
        elif op == "add":
            target = _get(tree, path)
            if isinstance(target, dict):
                target[d.pick(KEYS)] = d.value()
            elif isinstance(target, list):
                target.append(d.value())
    return tree


def _dump(tree: Any) -> str:
    """YAML text of ``tree`` (libyaml when it can, it is fast; Python's for lone surrogates)."""
    dumper = getattr(yaml, "CSafeDumper", None)
    if dumper is not None:
        try:
            return yaml.dump(tree, Dumper=dumper, allow_unicode=True, sort_keys=False, width=4096)
        except (UnicodeError, yaml.YAMLError):
            pass
    return yaml.safe_dump(tree, allow_unicode=True, sort_keys=False, width=4096)


def mutate_interview(d: Draws) -> str:
    """YAML text of a mutated interview file, sometimes mangled as text too."""
    text = _dump(mutate_tree(d))
    kind = d.pick(["plain"] * 12 + ["deep", "cut", "splice", "dup", "anchor"])
    if kind == "deep":
        depth = d.pick([17, 100, 1000, 20_000])
        text = text.replace("role:", "role: " + "[" * depth + "]" * depth + "\nrole_x:", 1)
    elif kind == "cut" and text:
        text = text[: d.integer(0, len(text))]
    elif kind == "splice" and text:
        at = d.integer(0, len(text))
        insert = d.pick([*HOSTILE_TEXT, "\n- ", ": ", "{", "'", "\t"])
        text = text[:at] + insert + text[at:]
    elif kind == "dup":
        text += "candidate: {name: X, email: x@example.com}\n"
    elif kind == "anchor":
        text = "a: &a [x]\nb: *a\n" + text
    return text


@st.composite
def mutated_tree(draw: st.DrawFn) -> Any:
    """A sample's data with a few random mutations (Hypothesis)."""
    return mutate_tree(Draws(draw))


@st.composite
def interview_text(draw: st.DrawFn) -> str:
    """YAML text of a mutated interview file (Hypothesis)."""
    return mutate_interview(Draws(draw))


def bomb_png(width: int, height: int) -> bytes:
    """A PNG that claims ``width`` × ``height`` pixels but holds almost nothing."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        return struct.pack(">I", len(data)) + kind + data + crc

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64))


SIGNATURES = {
    "sig.png": bomb_png(60_000, 60_000),
    "tiny.png": bomb_png(3, 3),
    "broken.jpg": b"\xff\xd8\xff\xe0garbage",
}

_BAD_OPTIONS = st.lists(
    st.one_of(
        st.tuples(st.just("--seed"), st.sampled_from(["0", "7", "-1", str(2**64), "x"])),
        st.tuples(st.just("--card"), st.sampled_from(["a2-halffold", "a7-flat", "a6-quarterfold",
                                                      "nope", "../x.yaml"])),
        st.tuples(st.just("--culture"), st.sampled_from(["conservative", "modern", "bad", ""])),
        st.tuples(st.just("--only"), st.sampled_from(["Okafor", "", "*", "../x", "Nobody",
                                                      "01-margaret-dvorak"])),
        st.tuples(st.just("--paper"), st.sampled_from(["letter", "a4", "A4", "a5"])),
        st.tuples(st.just("--ink"), st.sampled_from(["navy", "#123456", "#12345g", "red"])),
        st.tuples(st.just("--neatness"), st.sampled_from(["relaxed", "very-neat", "sloppy"])),
        st.tuples(st.just("--font"), st.sampled_from(["caveat", "kalam-light", "none.ttf"])),
        st.tuples(st.just("--envelope"), st.sampled_from(["no10", "c5", "dl", "zz"])),
        st.sampled_from([("--no-envelope",), ("--return-on-flap",), ("--stamp-box",),
                         ("--strict",), ("--force",), ("--no-monogram",)]),
    ),
    max_size=3,
)  # fmt: skip
_GOOD_OPTIONS = st.lists(
    st.one_of(
        st.tuples(st.just("--seed"), st.sampled_from(["0", "1", "7", str(2**64)])),
        st.tuples(st.just("--card"), st.sampled_from(["a2-halffold", "a7-flat", "a2-quarterfold"])),
        st.tuples(st.just("--neatness"), st.sampled_from(["relaxed", "very-neat", "natural"])),
        st.tuples(st.just("--font"), st.sampled_from(["caveat", "kalam-light", "patrick-hand"])),
        st.sampled_from([("--return-on-flap",), ("--stamp-box",), ("--no-monogram",)]),
    ),
    max_size=2,
)
OPTIONS = st.one_of(_GOOD_OPTIONS, _GOOD_OPTIONS, _BAD_OPTIONS)


# --------------------------------------------------------------------------- the run


@dataclass
class Stats:
    """What the fuzz runs saw: exits by code, and the slowest input."""

    exits: Counter = field(default_factory=Counter)
    slowest: float = 0.0
    slowest_args: list[str] = field(default_factory=list)
    slowest_text: str = ""

    def summary(self) -> str:
        total = sum(self.exits.values())
        codes = ", ".join(f"exit {k}: {v}" for k, v in sorted(self.exits.items()))
        return f"{total} inputs ({codes}); slowest {self.slowest:.2f} s: {self.slowest_args}"


STATS = Stats()


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    out = {}
    for dirpath, _dirs, files in os.walk(folder):
        for name in files:
            path = Path(dirpath) / name
            st_ = path.lstat()
            out[path.relative_to(folder).as_posix()] = (st_.st_size, st_.st_mtime_ns)
    return out


def check_run(text: str, options: list[tuple[str, ...]], command: str = "make") -> int:
    """Run cardgen on ``text`` with ``options`` in a scratch folder; assert the invariants.

    Returns the exit code.
    """
    runner = CliRunner()
    with tempfile.TemporaryDirectory(prefix="cardgen-fuzz-") as scratch:
        root = Path(scratch)
        inbox, box = root / "in", root / "box"
        inbox.mkdir()
        box.mkdir()
        path = inbox / "interview.yaml"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        for name, data in SIGNATURES.items():
            (inbox / name).write_bytes(data)
        out = box / "out"
        args = [command, str(path)]
        for option in options:
            if command == "make" or option[0] in ("--culture", "--card", "--paper", "--font"):
                args += list(option)
        if command == "make":
            args += ["--out", str(out)]
        args += ["--now", NOW]
        before = _snapshot(root)
        cwd = os.getcwd()
        os.chdir(box)  # a default output folder would land here, inside the box
        start = time.perf_counter()
        try:
            result = runner.invoke(app, args)
        finally:
            os.chdir(cwd)
        took = time.perf_counter() - start

        STATS.exits[result.exit_code] += 1
        if took > STATS.slowest:
            STATS.slowest = took
            STATS.slowest_args = [*args[:1], *(a for o in options for a in o), f"{len(text)} chars"]
            STATS.slowest_text = text

        shown = f"{args}\n--- stdout\n{result.stdout[-2000:]}\n--- stderr\n{result.stderr}"
        assert result.exit_code in (0, 1, 2), shown
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            repr(result.exception),
            shown,
        )
        assert "Traceback" not in result.stdout + result.stderr, shown
        if result.exit_code == 2:
            lines = result.stderr.splitlines()
            assert len(lines) == 1 and lines[0].startswith("cardgen: "), shown
        if result.exit_code == 0:
            assert result.stderr == "", shown
        # Every write is inside OUT (or the default output folder in the box).
        after = _snapshot(root)
        changed = {p for p in after if before.get(p) != after[p]} | (set(before) - set(after))
        outside = [p for p in changed if not p.startswith(("box/out/", "box/cardgen-out/"))]
        assert outside == [], (outside, shown)
        assert sorted(p.name for p in box.iterdir()) in ([], ["out"], ["cardgen-out"]), (
            sorted(p.name for p in box.iterdir()),
            shown,
        )
        if result.exit_code == 2:
            assert not out.exists() or not any(out.iterdir()), shown  # nothing half-written
        for pdf in sorted(box.rglob("*.pdf")):
            reader = PdfReader(pdf)
            assert len(reader.pages) >= 1, pdf
            for page in reader.pages:
                page.extract_text()
    return result.exit_code


# =========================================================================== the long mixed run
#
# Four kinds of input, each made from a seeded ``Random`` so that a case is
# (category, seed) and can be made again; each runs in a scratch folder:
#
#     in/        the interview file, a cultures file, a note, signature scans, a PDF
#     config/    CARDGEN_CONFIG_DIR: profile.yaml, printer.yaml
#     box/       the current folder; the output folder lands here
#     elsewhere/ where box/link points (``--out link/kit`` writes below a link)
#
# interview: a mutated interview file through ``make`` or ``check``;
# settings:  mutated profile.yaml, printer.yaml and a ``--cultures`` file, read
#            by make, check, cultures, profile and printer;
# cli:       random subsets and orders of every command's options, hostile values;
# sigint:    Ctrl-C to a running ``cardgen make`` (its process group), 0–1.5 s in.
#
# A failing case is written to a folder of its own with a ``repro.sh``.

CATEGORIES = ("interview", "settings", "cli", "sigint")
SHARES = {"interview": 0.25, "settings": 0.3, "cli": 0.3, "sigint": 0.15}
CASE_TIMEOUT = 120  # s: an input that takes longer is a failure (a hang)
CULTURES_YAML = ROOT / "layouts" / "cultures.yaml"


@dataclass
class Case:
    """One input of the long run: files to lay out, a command line, what may change."""

    category: str
    seed: int
    argv: list[str]  # cardgen's arguments, run in box/
    files: dict[str, bytes] = field(default_factory=dict)  # root-relative path → bytes
    dirs: list[str] = field(default_factory=list)  # folders where a file is expected
    links: dict[str, str] = field(default_factory=dict)  # root-relative link → target
    stdin: bytes | None = None
    allowed: list[str] = field(default_factory=list)  # root-relative prefixes a run may change
    old_kit: bool = False  # sigint: box/out holds an earlier kit before the run
    delay: float = 0.0  # sigint: seconds before Ctrl-C
    what: str = ""  # what was mutated, in words

    @property
    def command(self) -> str:
        return next((a for a in self.argv if not a.startswith("-")), "?")

    def size(self) -> int:
        return sum(len(b) for b in self.files.values()) + sum(len(a) for a in self.argv)


@dataclass
class Outcome:
    """What a run did."""

    code: int
    stdout: str
    stderr: str
    took: float
    crash: str = ""  # where an internal error (exit 70) or an uncaught exception came from


# --------------------------------------------------------------------------- settings files

PROFILE_BASE: dict[str, Any] = {
    "name": "Alex Rivera",
    "email": "alex.rivera@example.com",
    "phone": "+1 217 555 0142",
    "address": {
        "street": "12 Elm Street Apt 4",
        "city": "Springfield",
        "region": "IL",
        "postal_code": "62701",
        "country": "US",
    },
}
PRINTER_BASE: dict[str, Any] = {
    "printers": {
        "default": {
            "dx": "1.5mm",
            "dy": "-0.5mm",
            "back_dx": "0.8mm",
            "back_dy": "0mm",
            "scale": "99.6%",
            "envelope": {"paper": "envelope", "align": "center", "first": "left", "face": "up"},
        },
        "office": {"dx": "0.2mm", "scale": "100%"},
    }
}
CULTURES_BASE: dict[str, Any] = {
    "palette": {"ink": {"plum": "#5b2a4a"}, "stock": {"linen": "#f3efe6"}},
    "cultures": {
        "formal": {
            "description": "Very formal firms.",
            "aliases": ["stiff"],
            "card": True,
            "salutation": "Dear {honorific} {surname},",
            "salutation_no_honorific": "Dear {name},",
            "closing": "Yours sincerely,",
            "subject": "Thank you: {role}",
            "card_layout": {"letter": "a2-flat", "a4": "a6-flat"},
            "font": "dancing-script",
            "ink": "plum",
            "stock": "linen",
            "mail_after_days": 1,
            "envelope_title": True,
            "envelope_honorific": True,
        }
    },
}

WRONG_SHAPES = {
    "profile": [
        "5", "[a, b]", "name: [a]", "name: {a: 1}", "address: 5", "address: [x]",
        "email: {a: 1}", "signature: 5", "signature: /etc/passwd", "signature: ../in/broken.jpg",
        "signature: ../in/sig.png", "signature: ''", "name: Alex\nemail: 5\n",
        "name: Alex\nemail: a@b.c\naddress: {street: x, city: y, country: NO}\n",
        "name: ~\nemail: a@b.c\n",
    ],
    "printer": [
        "printers: 5", "printers: [a, b]", "printers: {default: 5}", "printers: {default: [a]}",
        "printers: {default: {envelope: 5}}", "printers: {default: {envelope: [up]}}",
        "printers: {'../x': {}}", "printers: {default: {dx: [1]}}",
        "printers: {default: {scale: 0.5}}", "printers: ~", "printers: {}",
        "printers: {default: ~}", "printers: {5: {dx: 1mm}}", "printers: {default: {dx: 1e999}}",
        "printers: {default: {dx: nan}}", "printers: {default: {scale: .nan}}",
        "printers: {default: {scale: '1e308%'}}", "printers: {default: {dx: -0}}",
        "printers: {default: {envelope: {face: NO}}}", "printers: {true: {dx: 1mm}}",
    ],
    "cultures": [
        "cultures: 5", "cultures: [a, b]", "palette: {ink: [a]}\ncultures: {}",
        "palette: 5\ncultures: {}", "palette: {ink: {navy: 5}}\ncultures: {}",
        "palette: {ink: {navy: '#12345g'}}\ncultures: {}", "cultures: {x: 5}",
        "cultures: {x: {card: yes}}", "cultures: ~", "cultures: {5: {card: true}}",
        "cultures: {conservative: {salutation: '{role.__class__}'}}",
        "cultures: {conservative: {aliases: 5}}", "cultures: {x: {aliases: [conservative]}}",
        "cultures: {x: {mail_after_days: 100000000000000000000}}",
        "cultures: {x: {card_layout: {letter: ../../x}}}", "cultures: {x: {font: ../../x}}",
        "palette: {ink: {}, stock: {}}\ncultures: {conservative: {ink: navy}}",
    ],
}  # fmt: skip

SHAPES = [(kind, shape) for kind, shapes in WRONG_SHAPES.items() for shape in shapes]

YAML_TAGS = [
    "!!python/object/apply:os.system ['touch PWNED']", "!!python/name:os.system",
    "!!binary aGVsbG8=",
    "!!set {a, b}", "!!timestamp 2026-01-01", "!!float '1'", "!!int 0x10", "!custom x",
    "!!omap [a: 1]", "!!str 5", "!!null ''", "!!map {a: 1}", "!!seq [a]", "!<tag:x,2000:y> z",
]  # fmt: skip
ODD_SCALARS = [
    "NO", "no", "yes", "Yes", "on", "off", "y", "n", "~", "null", "True", "0012", "08", "01234",
    "0o17", "0x1F", "1_000", "1e3", ".5", "+1", "-0", ".inf", ".NaN", "1:30", "2026-11-20",
    "12:00:00", "'", '"', "&a", "*a", "|", ">", "- x", "? x", "%YAML", "@x", "`x", "{", "[",
]  # fmt: skip


def _shipped_cultures_tree() -> Any:
    if "cultures" not in _CACHE:
        _CACHE["cultures"] = yaml.safe_load(CULTURES_YAML.read_text("utf-8"))
    return _CACHE["cultures"]


def alias_bomb(levels: int = 9) -> str:
    """The billion laughs: a few hundred bytes that expand to 10**levels items."""
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        refs = ",".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    return "\n".join(lines) + "\n"


def _set_random(rng: random.Random, tree: Any, value: Any) -> Any:
    """``tree`` with the value at a random path replaced by ``value``."""
    paths = [p for p in _paths(tree) if p]
    if not paths:
        return value
    path = rng.choice(paths)
    _get(tree, path[:-1])[path[-1]] = value
    return tree


def mutate_settings_file(rng: random.Random, kind: str) -> tuple[bytes | None, str]:
    """A hostile ``profile``, ``printer`` or ``cultures`` file: (bytes or None for a
    folder in its place, what was done)."""
    import copy

    base = {"profile": PROFILE_BASE, "printer": PRINTER_BASE, "cultures": CULTURES_BASE}[kind]
    if kind == "cultures" and rng.random() < 0.25:
        base = _shipped_cultures_tree()  # the whole shipped file
    tree = copy.deepcopy(base)
    op = rng.choice(
        ["shape", "shape", "shape", "tag", "alias", "bomb", "huge", "odd", "odd", "wrongtype",
         "wrongtype", "unknown", "binary", "empty", "folder", "deep", "dupkey", "cut", "valid"]
    )  # fmt: skip
    text = _dump(tree)
    lines = text.splitlines(keepends=True)
    value_lines = [i for i, ln in enumerate(lines) if re.search(r":\s+\S", ln)]

    def replace_value(new: str) -> str:
        if not value_lines:
            return text + f"x: {new}\n"
        i = rng.choice(value_lines)
        key, _, _ = lines[i].partition(": ")
        out = list(lines)
        out[i] = f"{key}: {new}\n"
        return "".join(out)

    if op == "shape":
        text = rng.choice(WRONG_SHAPES[kind]) + "\n"
    elif op == "tag":
        text = replace_value(rng.choice(YAML_TAGS))
    elif op == "alias":
        choice = rng.choice(
            ["x: &a [1]\ny: *a\n", "x: *nope\n", "x: &a [*a]\n", "<<: {name: Y}\n",
             "base: &b {dx: 1mm}\n", "x: &a\n  <<: *a\n"]
        )  # fmt: skip
        text = choice + text if rng.random() < 0.5 else replace_value(choice.split(": ", 1)[1])
    elif op == "bomb":
        text = alias_bomb(rng.choice([4, 6, 9])) + text
    elif op == "huge":
        big = rng.choice([200_000, 300_000, 1_000_000])
        text = replace_value(
            rng.choice(["x" * big, "9" * min(big, 5000), "[" + "1," * 50_000 + "1]"])
        )
    elif op == "odd":
        text = replace_value(rng.choice(ODD_SCALARS))
    elif op == "wrongtype":
        text = _dump(_set_random(rng, tree, random_value(rng)))
    elif op == "unknown":
        paths = [p for p in _paths(tree) if isinstance(_get(tree, p), dict)]
        target = _get(tree, rng.choice(paths))
        target[rng.choice(["nmae", "colour", "printer", "<<", "", "__class__", 5])] = random_value(
            rng
        )
        text = _dump(tree)
    elif op == "binary":
        data = text.encode()
        at = rng.randrange(len(data) + 1)
        junk = rng.choice(
            [b"\x00", b"\xff\xfe", b"\xc3\x28", b"\x1b[2J", b"\r", bytes(rng.randbytes(64))]
        )
        if rng.random() < 0.2:
            return text.encode("utf-16"), f"{kind}: binary (UTF-16)"
        return data[:at] + junk + data[at:], f"{kind}: binary bytes {junk[:8]!r} at {at}"
    elif op == "empty":
        empties = [b"", b"\n", b"# a comment only\n", b"---\n", b"...\n", b"~\n",
                   b"---\na: 1\n---\nb: 2\n", b"\xef\xbb\xbf"]  # fmt: skip
        return rng.choice(empties), f"{kind}: empty"
    elif op == "folder":
        return None, f"{kind}: folder (a folder in its place)"
    elif op == "deep":
        depth = rng.choice([100, 1000, 20_000])
        nest = rng.choice(["[" * depth + "]" * depth, "{a: " * depth + "1" + "}" * depth])
        text = replace_value(nest)
    elif op == "dupkey":
        text = text + (text.splitlines()[0] if text.strip() else "x: 1") + "\n"
    elif op == "cut":
        text = text[: rng.randrange(len(text) + 1)]
    return text.encode("utf-8", "surrogatepass"), f"{kind}: {op}"


SETTINGS_COMMANDS = [
    ["make", "../in/interview.yaml", "--out", "out", "--now", NOW],
    ["make", "../in/interview.yaml", "--out", "out", "--now", NOW,
     "--cultures", "../in/cultures.yaml",
     "--culture", "formal"],
    ["make", "../in/interview.yaml", "--out", "out", "--now", NOW, "--printer", "office"],
    ["make", "--text", "../in/note.txt", "--to", "Ms. Jane Doe", "--company", "Acme",
     "--out", "out",
     "--now", NOW, "--card", "a2-flat"],
    ["check", "../in/interview.yaml", "--now", NOW, "--cultures", "../in/cultures.yaml"],
    ["cultures", "--cultures", "../in/cultures.yaml"],
    ["profile", "--show"],
    ["profile", "--name", "Sam Lee", "--email", "sam@example.com"],
    ["profile", "--city", "Boston"],
    ["printer", "--show"],
    ["printer", "--dx", "1"],
    ["printer", "--printer", "office", "--scale", "99%", "--envelope-face", "down"],
]  # fmt: skip

# Which settings files a command line reads (any of these words in it).
READS = {
    "profile": ("make", "check", "profile"),
    "printer": ("make", "printer"),
    "cultures": ("--cultures",),
}

NOTE = b"Thank you for the conversation yesterday about the role and the team.\n"


def _interview_without_candidate(rng: random.Random, drop: float) -> bytes:
    tree = dict(SAMPLES[rng.choice(sorted(SAMPLES))])
    if rng.random() < drop:
        tree.pop("candidate", None)  # the profile fills it in
    return _dump(tree).encode()


def settings_case(rng: random.Random, seed: int) -> Case:
    """A mutated profile.yaml, printer.yaml and/or cultures file, and a command that reads it.

    The first cases of a run (``seed`` ending in 0, 1, …) try each of
    :data:`WRONG_SHAPES` in turn, with a command that reads that file.
    """
    number = seed % 100_000
    shape = SHAPES[number] if number < len(SHAPES) else None
    commands = SETTINGS_COMMANDS
    if shape is not None:
        commands = [c for c in commands if any(w in c for w in READS[shape[0]])]
    argv = list(rng.choice(commands))
    reads = [kind for kind, commands in READS.items() if any(c in argv for c in commands)]
    case = Case("settings", seed, argv)
    for name, data in SIGNATURES.items():
        case.files[f"in/{name}"] = data
    case.files["in/note.txt"] = NOTE
    targets = {"profile": "config/profile.yaml", "printer": "config/printer.yaml",
               "cultures": "in/cultures.yaml"}  # fmt: skip
    valid = {"profile": PROFILE_BASE, "printer": PRINTER_BASE, "cultures": CULTURES_BASE}
    mutate = {rng.choice(reads)}  # a file the command reads; now and then more
    if rng.random() < 0.25:
        mutate.add(rng.choice(sorted(targets)))
    done = []
    if shape is not None:
        mutate = set()
        case.files[targets[shape[0]]] = shape[1].encode() + b"\n"
        done.append(f"{shape[0]}: shape {shape[1]!r}")
    for kind, path in targets.items():
        if shape is not None and kind == shape[0]:
            continue
        if kind in mutate:
            data, what = mutate_settings_file(rng, kind)
            done.append(what)
            if data is None:
                case.dirs.append(path)
            else:
                case.files[path] = data
        elif kind == "profile" or rng.random() < 0.8:
            case.files[path] = _dump(valid[kind]).encode()
    # The profile fills in a file without ``candidate:``: then make reads it.
    case.files["in/interview.yaml"] = _interview_without_candidate(
        rng, 0.5 if "profile" in mutate else 0.8
    )
    if rng.random() < 0.1:  # a name a user might guess (printers.yaml): never read
        case.files["config/printers.yaml"] = b"printers: 5\n"
    case.what = "; ".join(done)
    case.allowed = _allowed(argv)
    return case


def _allowed(argv: list[str]) -> list[str]:
    """Root-relative prefixes a successful run of ``argv`` may change."""
    command = next((a for a in argv if not a.startswith("-")), "")
    opts = _option_values(argv)
    if command == "make":
        out = opts.get("--out")
        if out is None:
            return ["box/cardgen-out/"]
        return [_root_rel("box", out) + "/"]
    if command == "profile" and "--show" not in argv:
        return ["config/profile.yaml"]
    if command == "printer" and "--show" not in argv:
        return ["config/printer.yaml"]
    if command == "calibrate":
        return [_root_rel("box", opts.get("--out", "cardgen-printer-test.pdf"))]
    if command == "init":
        positional = [a for a in argv[1:] if not a.startswith("-")]
        return [_root_rel("box", positional[0] if positional else "interview.yaml")]
    if command == "preview":
        positional = [a for a in argv[1:] if not a.startswith("-")]
        if positional:
            return [_root_rel("box", str(Path(positional[0]).parent)) + "/"]
    return []


def _option_values(argv: list[str]) -> dict[str, str]:
    out = {}
    for i, a in enumerate(argv[:-1]):
        if a.startswith("--") and "=" not in a:
            out[a] = argv[i + 1]
        elif a.startswith("--"):
            k, _, v = a.partition("=")
            out[k] = v
    if argv and argv[-1].startswith("--") and "=" in argv[-1]:
        k, _, v = argv[-1].partition("=")
        out[k] = v
    return out


_FAKE_ROOT = "/fuzz-root"


def _root_rel(cwd: str, value: str) -> str:
    """``value`` (a path given in ``cwd``) relative to the scratch root, links resolved
    as the scratch folder lays them out (box/link → elsewhere)."""
    path = os.path.normpath(os.path.join(_FAKE_ROOT, cwd, value))
    path = path.replace(f"{_FAKE_ROOT}/box/link/", f"{_FAKE_ROOT}/elsewhere/")
    if path == f"{_FAKE_ROOT}/box/link":
        path = f"{_FAKE_ROOT}/elsewhere"
    return os.path.relpath(path, _FAKE_ROOT)


# --------------------------------------------------------------------------- command lines

CRLF = ["a\r\nb", "x\nBcc: evil@attacker.example", "\r", "line\n", "\u2028", "\x85"]
HOSTILE_ARGS = [
    "", " ", "-", "--", "../../x", "/etc/passwd", "x" * 5000, "\u202eevil", "😀", "*", "?", "%s",
    "{0}", "\udcff", "a\tb", "NO", "0", "-1", "1e999",
]  # fmt: skip
MAKE_OPTIONS: dict[str, list[str] | None] = {
    "--to": ["A <a@b.c>, d@e.f", "Ms. Jane Doe", "Dr. Priya Raman", "a@b.c", "<>", *CRLF],
    "--company": ["Acme", "Acme\nInc", "=?utf-8?q?x?=", "../../etc", "Hartwell & Pryce LLP"],
    "--from": ["Alex <alex@example.com>", "A <a@b.c>, d@e.f", "alex@example.com",
               "Alex <alex@example.com>\r\nBcc: x@y.z", "<", "Name"],
    "--phone": ["+1 217 555 0142", "\n", "phone" * 100],
    "--role": ["Analyst", "Analyst\r\nSubject: x", "{role}"],
    "--culture": ["conservative", "modern", "standard", "formal", "traditional", "bad",
                  "CONSERVATIVE"],
    "--cultures": ["../in/cultures.yaml", "../in", "../in/interview.yaml", "/dev/zero",
                   "nope.yaml"],
    "--paper": ["letter", "a4", "A4", "x", "legal"],
    "--card": ["a2-halffold", "a7-flat", "a6-quarterfold", "a2-flat", "nope",
               "../in/interview.yaml",
               "../x.yaml", "/dev/null"],
    "--envelope": ["no10", "c5", "dl", "a2", "zz", ""],
    "--no-envelope": None, "--stamp-box": None, "--return-on-flap": None,
    "--address-style": ["written", "postal", "x"],
    "--monogram": None, "--no-monogram": None,
    "--font": ["caveat", "kalam-light", "patrick-hand", "../../x", "none.ttf", "../in/sig.png",
               "/etc/passwd", "../in/interview.yaml"],
    "--ink": ["navy", "#123456", "#12345g", "red", "", "plum", "navy\n", "#FFF", "#1234567"],
    "--mode": ["print", "guide", "plot", "x"],
    "--neatness": ["very-neat", "neat", "natural", "relaxed", "sloppy"],
    "--seed": ["0", "-1", "7", str(2**63), str(2**64), str(2**200), "x", "1e3", "0x10", "-0"],
    "--out": ["out", "out", "out", "", ".", "..", "link/kit", "link", "file.txt", "nested/a/b",
              "out\nx", "-", "out/../out2"],
    "--only": ["Okafor", "", "*", "../x", "Nobody", "01-margaret-dvorak", "\n", "0", "99", "Dvořák",
               "margaret", ".", "-"],
    "--force": None, "--strict": None,
    "--now": [NOW, "x", "9999-12-31T23:59", "0001-01-01", "2026-11-21T09:00+14:00", ""],
    "--printer": ["default", "office", "nope", "../x", ""],
}  # fmt: skip
COMMANDS: dict[str, dict[str, list[str] | None]] = {
    "make": MAKE_OPTIONS,
    "check": {k: MAKE_OPTIONS[k] for k in ("--culture", "--cultures", "--card", "--paper",
                                           "--font", "--mode", "--now")} | {"--json": None},
    "init": {"--force": None},
    "profile": {"--name": ["Sam Lee", "", "Sam\nLee", "x" * 500, "../../x", "\u202eevil"],
                "--email": ["sam@example.com", "x", "A <a@b.c>, d@e.f", "a@b.c\r\nBcc: x@y.z"],
                "--phone": ["+1 555 0100", "\r\n"], "--street": ["1 Main St", "a\nb"],
                "--city": ["Boston", ""], "--region": ["MA", "x" * 200],
                "--postal-code": ["02134", "0", "-"], "--country": ["US", "NO", "usa", "XX", "1"],
                "--signature": ["../in/tiny.png", "../in/sig.png", "../in/broken.jpg",
                                "/etc/passwd", "../in", "nope.png"],
                "--show": None},
    "printer": {"--printer": ["default", "office", "../x", "", "a b", "x" * 50, "ok_1"],
                "--dx": ["1", "1.5mm", "-0.5mm", "21mm", "1in", "x", "nan", "inf", "1e999", "0012"],
                "--dy": ["0", "-1mm", "1pt", "--1"], "--back-dx": ["0.2", "abc"],
                "--back-dy": ["1cm", ""], "--scale": ["99.6%", "1.2", "100", "x%", "nan%", "99,5%"],
                "--envelope-paper": ["envelope", "letter", "a4", "x"],
                "--envelope-align": ["center", "left", "x"],
                "--envelope-first": ["top", "left", "x"], "--envelope-face": ["up", "down", "x"],
                "--show": None},
    "calibrate": {"--paper": ["letter", "a4", "x"], "--back": None,
                  "--out": ["test.pdf", "link/test.pdf", "", ".", "in-a/folder.pdf", "file.txt",
                            "x\ny.pdf"],
                  "--force": None},
    "preview": {"--dpi": ["36", "150", "35", "601", "x", "-1"]},
    "fonts": {}, "layouts": {},
    "cultures": {"--cultures": MAKE_OPTIONS["--cultures"]},
}  # fmt: skip
POSITIONAL = {
    "make": ["../in/interview.yaml", "../in/interview.yaml", "../in", "nope.yaml", "-",
             "../in/note.txt", "/dev/null"],
    "check": ["../in/interview.yaml", "../in/interview.yaml", "../in", "nope.yaml", "-"],
    "init": ["new.yaml", "link/new.yaml", "file.txt", "../in/interview.yaml", "", ".", "a\nb.yaml",
             "nested/x/new.yaml", "link"],
    "preview": ["pdfs/card.pdf", "pdfs/broken.pdf", "pdfs/missing.pdf", "link/card.pdf", ".",
                "../in/interview.yaml"],
}  # fmt: skip
STDINS = [b"", NOTE, b"\x00\x01\x02", b"\xff\xfe\xfd", b"Danke sehr.\r\n",
          b"x" * 300_000, b"\xef\xbb\xbfThank you.\n", b"Thank you.\x1b[2J\n"]  # fmt: skip


GOOD = {
    "--to": ["Ms. Jane Doe"], "--company": ["Acme"], "--culture": ["conservative", "formal"],
    "--cultures": ["../in/cultures.yaml"], "--paper": ["letter", "a4"],
    "--card": ["a2-halffold", "a7-flat", "a2-flat"], "--envelope": ["no10", "c5"],
    "--font": ["caveat", "patrick-hand"], "--ink": ["navy", "#123456", "plum"],
    "--mode": ["print", "guide"], "--seed": ["0", "-1", str(2**64)], "--out": ["out", "link/kit"],
    "--only": ["Okafor", "margaret"], "--printer": ["default", "office"],
    "--address-style": ["postal"], "--neatness": ["relaxed"],
}  # fmt: skip


def cli_case(rng: random.Random, seed: int) -> Case:
    """A random command with a random subset, in random order, of its options."""
    command = rng.choice(
        ["make"] * 5 + ["check"] * 2 + ["init", "profile", "printer", "calibrate", "preview",
                                        "fonts", "layouts", "cultures"]
    )  # fmt: skip
    table = COMMANDS[command]
    names = rng.sample(sorted(table), min(len(table), rng.randint(0, 6)))
    parts: list[list[str]] = []
    gentle = rng.random() < 0.4  # mostly good values, so that runs get past the options
    for name in names:
        values = GOOD.get(name, table[name]) if gentle else table[name]
        parts.append([name] if values is None else [name, rng.choice(values)])
    if rng.random() < 0.1:  # an option given twice
        parts.append(list(rng.choice(parts))) if parts else None
    if rng.random() < 0.1:
        parts.append([rng.choice(["--nope", "-x", "--seed", "--", "--out=", "--help"])])
    if rng.random() < 0.05:
        parts.append([rng.choice(HOSTILE_ARGS)])
    text_mode = command == "make" and rng.random() < 0.3
    if text_mode:
        parts.append(["--text", rng.choice(["-", "-", "../in/note.txt", "../in", "nope.txt"])])
        for name in ("--to", "--company"):
            if rng.random() < 0.85 and not any(p[0] == name for p in parts):
                parts.append([name, rng.choice(MAKE_OPTIONS[name] or [""])])
    elif command in POSITIONAL and rng.random() < 0.95:
        parts.append([rng.choice(POSITIONAL[command])])
    if command == "make" and not any(p[0] == "--out" for p in parts) and rng.random() < 0.8:
        parts.append(["--out", rng.choice(["out", "out", "link/kit"])])  # else the default
    if command in ("make", "check") and not any(p[0] == "--now" for p in parts):
        parts.append(["--now", NOW])
    rng.shuffle(parts)
    argv = [command] + [a for p in parts for a in p]
    case = Case("cli", seed, argv)
    case.files["in/interview.yaml"] = _dump(SAMPLES[rng.choice(sorted(SAMPLES))]).encode()
    case.files["in/note.txt"] = NOTE
    case.files["in/cultures.yaml"] = _dump(CULTURES_BASE).encode()
    for name, data in SIGNATURES.items():
        case.files[f"in/{name}"] = data
    case.files["box/file.txt"] = b"not a folder\n"
    case.files["box/pdfs/broken.pdf"] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    case.files["box/pdfs/card.pdf"] = _tiny_pdf()
    case.links["box/link"] = "../elsewhere"
    if rng.random() < 0.3:
        case.files["config/profile.yaml"] = _dump(PROFILE_BASE).encode()
    if rng.random() < 0.3:
        case.files["config/printer.yaml"] = _dump(PRINTER_BASE).encode()
    if "-" in argv or rng.random() < 0.2:
        case.stdin = rng.choice(STDINS)
    case.allowed = _allowed(argv)
    return case


_PDF_CACHE: dict[str, bytes] = {}


def _tiny_pdf() -> bytes:
    """A one-page PDF to preview (the printer test page, made once)."""
    if "pdf" not in _PDF_CACHE:
        from cardgen.input.fonts import resolve_font
        from cardgen.layout.calibration import calibration_pages
        from cardgen.render.calibration import render_calibration_pdf

        _PDF_CACHE["pdf"] = render_calibration_pdf(
            calibration_pages("letter", back=False), font=resolve_font("patrick-hand")
        )
    return _PDF_CACHE["pdf"]


def interview_case(rng: random.Random, seed: int) -> Case:
    """A mutated interview file through ``make`` or ``check``, with random options."""
    text = mutate_interview(Draws(rng=rng))
    command = rng.choice(["make"] * 4 + ["check"])
    argv = [command, "../in/interview.yaml"]
    options = []
    for name in rng.sample(["--seed", "--card", "--culture", "--only", "--paper", "--ink",
                            "--neatness", "--font", "--envelope"], rng.randint(0, 3)):  # fmt: skip
        if command == "make" or name in COMMANDS["check"]:
            options += [name, rng.choice(MAKE_OPTIONS[name] or [""])]
    if command == "make":
        for flag in ("--no-envelope", "--return-on-flap", "--stamp-box", "--strict"):
            if rng.random() < 0.1:
                options.append(flag)
        options += ["--out", "out"]
    argv += [*options, "--now", NOW]
    case = Case("interview", seed, argv)
    case.files["in/interview.yaml"] = text.encode("utf-8", "surrogatepass")
    for name, data in SIGNATURES.items():
        case.files[f"in/{name}"] = data
    case.allowed = _allowed(argv)
    return case


SIGINT_RUNS = [
    ("hartwell.yaml", []),
    ("hartwell.yaml", ["--mode", "guide"]),
    ("mueller.yaml", []),
    ("brightloop.yaml", []),
    ("hartwell.yaml", ["--only", "Okafor"]),
]


def sigint_case(rng: random.Random, seed: int) -> Case:
    """Ctrl-C, 0–1.5 s into ``cardgen make``; box/out holds an earlier kit or nothing."""
    sample, options = rng.choice(SIGINT_RUNS)
    argv = ["make", f"../in/{sample}", *options, "--seed", str(rng.choice([2, 5])),
            "--out", "out", "--now", NOW]  # fmt: skip
    case = Case("sigint", seed, argv)
    case.files[f"in/{sample}"] = (ROOT / "samples" / sample).read_bytes()
    case.old_kit = rng.random() < 0.7
    if case.old_kit:
        argv.append("--force")
    case.delay = round(rng.uniform(0.0, 1.5), 3)
    case.allowed = ["box/out/"]
    case.what = f"{sample} {' '.join(options)} Ctrl-C after {case.delay} s" + (
        " over an old kit" if case.old_kit else ""
    )
    return case


MAKERS = {"interview": interview_case, "settings": settings_case, "cli": cli_case,
          "sigint": sigint_case}  # fmt: skip


def make_case(category: str, seed: int) -> Case:
    """Case ``seed`` of ``category``: the same every time."""
    return MAKERS[category](random.Random(f"{category}-{seed}"), seed)


def plan_cases(total: int, seed: int, categories: tuple[str, ...] = CATEGORIES) -> list[Case]:
    """``total`` cases shared among ``categories`` (by :data:`SHARES`), seeds from ``seed``."""
    weights = [SHARES[c] for c in categories]
    counts = [int(total * w / sum(weights)) for w in weights]
    for i in range(total - sum(counts)):
        counts[i % len(counts)] += 1
    return [
        make_case(category, seed * 100_000 + i)
        for category, count in zip(categories, counts, strict=True)
        for i in range(count)
    ]


# --------------------------------------------------------------------------- laying out, running


def lay_out(case: Case, root: Path) -> None:
    """Make ``case``'s scratch folder in ``root`` (which exists and is empty)."""
    for name in ("in", "config", "box", "elsewhere"):
        (root / name).mkdir(parents=True, exist_ok=True)
    for rel, data in case.files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    for rel in case.dirs:  # a folder where a file is expected
        (root / rel).mkdir(parents=True, exist_ok=True)
        (root / rel / "x").write_bytes(b"x\n")
    for rel, target in case.links.items():
        os.symlink(target, root / rel)
    if case.old_kit:
        shutil.copytree(_old_kit(case), root / "box" / "out", symlinks=True)


_CACHE: dict[Any, Any] = {}


def _cache_dir() -> Path:
    if "dir" not in _CACHE:
        _CACHE["dir"] = Path(tempfile.mkdtemp(prefix="cardgen-fuzz-cache-"))
    return _CACHE["dir"]


def _sigint_variant(case: Case) -> tuple[str, tuple[str, ...], str]:
    """(sample, options, seed) of a sigint case's command line."""
    argv = case.argv
    seed = argv[argv.index("--seed") + 1]
    options = tuple(argv[2 : argv.index("--seed")])
    return Path(argv[1]).name, options, seed


def _make_in_process(root: Path, argv: list[str]) -> None:
    """A complete ``make`` in ``root``'s box (for old kits and reference kits)."""
    (root / "config").mkdir(parents=True, exist_ok=True)
    cwd = os.getcwd()
    os.chdir(root / "box")
    try:
        result = CliRunner().invoke(app, argv, env={"CARDGEN_CONFIG_DIR": str(root / "config")})
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, (argv, result.stdout, result.stderr)


def _old_kit(case: Case) -> Path:
    """An earlier kit of the same sample (seed 1, the whole file), made once."""
    sample, _options, _seed = _sigint_variant(case)
    key = ("old", sample)
    if key not in _CACHE:
        root = _cache_dir() / f"old-{sample}"
        (root / "box").mkdir(parents=True)
        (root / "in").mkdir()
        shutil.copy(ROOT / "samples" / sample, root / "in" / sample)
        _make_in_process(root, ["make", f"../in/{sample}", "--seed", "1", "--out", "out",
                                "--now", NOW])  # fmt: skip
        _CACHE[key] = root / "box" / "out"
    return _CACHE[key]


def _reference(case: Case) -> dict[str, str]:
    """What a complete run of a sigint case's command writes into an empty folder."""
    return _reference_of(*_sigint_variant(case))


def _expected_new(case: Case, old: dict[str, str] | None) -> dict[str, str]:
    """The kit a complete run of a sigint case's command leaves: the old kit with the
    run's files over it; ``--only`` into a whole kit (one with ``plan.txt``) also makes
    the whole kit's plan and print sheets again, from every interviewer."""
    new = {**(old or {}), **_reference(case)}
    sample, options, seed = _sigint_variant(case)
    if "--only" in options and old is not None and "plan.txt" in old:
        at = options.index("--only")
        whole = _reference_of(sample, options[:at] + options[at + 2 :], seed)
        new.update((k, v) for k, v in whole.items() if "/" not in k.removeprefix("print/"))
    return new


def _reference_of(sample: str, options: tuple[str, ...], seed: str) -> dict[str, str]:
    """What a complete run of ``make SAMPLE OPTIONS --seed SEED`` writes into an empty folder."""
    key = ("ref", sample, options, seed)
    if key not in _CACHE:
        root = _cache_dir() / f"ref-{len(_CACHE)}"
        (root / "box").mkdir(parents=True)
        (root / "in").mkdir()
        shutil.copy(ROOT / "samples" / sample, root / "in" / sample)
        _make_in_process(root, ["make", f"../in/{sample}", *options, "--seed", seed,
                                "--out", "out", "--now", NOW])  # fmt: skip
        _CACHE[key] = kit_state(root / "box" / "out")
    return dict(_CACHE[key])


def kit_state(folder: Path) -> dict[str, str] | None:
    """Every file under ``folder`` → its SHA-256 (None: no such folder)."""
    if not folder.is_dir() or folder.is_symlink():
        return None
    out = {}
    for dirpath, _dirs, files in os.walk(folder):
        for name in files:
            path = Path(dirpath) / name
            out[path.relative_to(folder).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


class _Timeout(BaseException):
    """An input ran longer than :data:`CASE_TIMEOUT` (a BaseException: nothing catches it)."""


def _where(tb: Any) -> str:
    """The innermost cardgen frame of a traceback, as ``cardgen/x.py:function``."""
    import traceback

    frames = [f for f in traceback.extract_tb(tb) if f"{os.sep}cardgen{os.sep}" in f.filename]
    frames = [f for f in frames if not f.filename.endswith(("cli.py",))] or frames
    if not frames:
        return "?"

    def name(f: Any) -> str:
        return f"{f.filename[f.filename.rindex(f'{os.sep}cardgen{os.sep}') + 1 :]}:{f.name}"

    # The innermost frame, and its caller when the innermost is a shared helper.
    if len(frames) > 1 and frames[-1].filename.endswith(("yamlnodes.py", "files.py")):
        return f"{name(frames[-2])} > {name(frames[-1])}"
    return name(frames[-1])


def _forget_read_files() -> None:
    """Clear the input stage's caches that are keyed by a path or name: one process runs
    case after case, and ``../in/cultures.yaml`` is a new file each time (a real run
    reads it afresh)."""
    import inspect

    for name, module in list(sys.modules.items()):
        if not name.startswith("cardgen.input") or module is None:
            continue
        for value in vars(module).values():
            wrapped = getattr(value, "__wrapped__", None)
            clear = getattr(value, "cache_clear", None)
            if callable(clear) and wrapped is not None and inspect.signature(wrapped).parameters:
                clear()


def run_in_process(case: Case, root: Path) -> Outcome:
    """Run ``case`` through the CLI in this process (cwd box/, config/ as the config folder)."""
    from cardgen import cli

    _forget_read_files()

    crashes: list[str] = []
    real_fail = cli._fail

    def spying_fail(message: str, code: int = 2) -> Any:
        exc = sys.exc_info()[1]
        if code == 70 and exc is not None:
            crashes.append(f"{_where(exc.__traceback__)}: {type(exc).__name__}")
        return real_fail(message, code)

    cwd = os.getcwd()
    os.chdir(root / "box")
    cli._fail = spying_fail  # type: ignore[assignment]
    alarm = hasattr(signal, "SIGALRM") and _main_thread()
    if alarm:
        old = signal.signal(signal.SIGALRM, _raise_timeout)
        signal.alarm(CASE_TIMEOUT)
    start = time.perf_counter()
    try:
        result = CliRunner().invoke(
            app, case.argv, input=case.stdin, env={"CARDGEN_CONFIG_DIR": str(root / "config")}
        )
    except _Timeout:
        return Outcome(-9, "", f"(no exit after {CASE_TIMEOUT} s)", time.perf_counter() - start)
    finally:
        if alarm:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, old)
        cli._fail = real_fail  # type: ignore[assignment]
        os.chdir(cwd)
    took = time.perf_counter() - start
    crash = crashes[0] if crashes else ""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        exc = result.exception
        crash = f"{_where(exc.__traceback__)}: {type(exc).__name__} (uncaught)"
        stderr = result.stderr + "\nTraceback (uncaught in process): " + repr(exc)
        return Outcome(result.exit_code, result.stdout, stderr, took, crash)
    return Outcome(result.exit_code, result.stdout, result.stderr, took, crash)


def _main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


def _raise_timeout(signum: int, frame: Any) -> None:
    raise _Timeout


def cardgen_command() -> list[str]:
    """How to start cardgen as a program: the installed script, else ``python -m cardgen``."""
    script = Path(sys.executable).parent / "cardgen"
    return [str(script)] if script.exists() else [sys.executable, "-m", "cardgen"]


def _default_sigint() -> None:
    """In the child: Ctrl-C as at a terminal, even when this run was started in the
    background (which ignores SIGINT, and the ignoring is inherited)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def run_sigint(case: Case, root: Path) -> Outcome:
    """Start ``cardgen make`` in its own process group; Ctrl-C it after ``case.delay`` s."""
    env = {**os.environ, "CARDGEN_CONFIG_DIR": str(root / "config")}
    start = time.perf_counter()
    proc = subprocess.Popen(
        [*cardgen_command(), *case.argv], cwd=root / "box", env=env, stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
        preexec_fn=_default_sigint,
    )  # fmt: skip
    signalled = False
    try:
        proc.wait(timeout=case.delay)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGINT)
        signalled = True
    try:
        out, err = proc.communicate(timeout=CASE_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        return Outcome(-9, out.decode(errors="replace"), "(no exit after Ctrl-C)", CASE_TIMEOUT)
    took = time.perf_counter() - start
    stderr = err.decode("utf-8", "replace")
    if not signalled:
        stderr += "\n(finished before Ctrl-C)" if stderr else ""
    return Outcome(proc.returncode, out.decode("utf-8", "replace"), stderr, took)


# --------------------------------------------------------------------------- checking


def snapshot(root: Path) -> dict[str, tuple[str, int, int]]:
    """Every entry under ``root`` (links not followed) → (type, size, mtime)."""
    out = {}
    for dirpath, dirs, files in os.walk(root):
        for name in [*files, *(d for d in dirs if os.path.islink(os.path.join(dirpath, d)))]:
            path = Path(dirpath) / name
            st_ = path.lstat()
            kind = "link" if path.is_symlink() else "file"
            out[path.relative_to(root).as_posix()] = (kind, st_.st_size, st_.st_mtime_ns)
        for name in dirs:
            path = Path(dirpath) / name
            if not path.is_symlink():
                out[path.relative_to(root).as_posix() + "/"] = ("dir", 0, 0)
    return out


def _pattern(path: str) -> str:
    """A path with its variable parts (digits, hex, long names) blurred, for grouping."""
    path = re.sub(r"cardgen-(new|old)-\d+-[0-9a-f]+", r"cardgen-\1-PID-HEX", path)
    return re.sub(r"\d+", "N", path)[:80]


def _top(path: str) -> str:
    """The first two folders of a path (``elsewhere/kit/…``): one kind for a whole kit."""
    parts = path.split("/")
    return "/".join(parts[:2]) + ("/…" if len(parts) > 2 else "")


_NOTHING_WRITTEN = re.compile(
    r"nothing (?:was |has been |is )?(?:written|changed|saved)|untouched|unchanged|"
    r"(?:is|was|left) as it was|no files? (?:was |were )?written",
    re.I,
)


def _normal(text: str) -> str:
    text = re.sub(r"(/[^\s:'\"]+)+", "PATH", text)
    text = re.sub(r"'[^']{25,}'", "'…'", text)
    return re.sub(r"\d+", "N", text)[:120]


def check_outcome(
    case: Case, root: Path, before: dict[str, Any], outcome: Outcome, old: dict[str, str] | None
) -> list[tuple[str, str]]:
    """The invariants every run must keep: [(failure kind, detail)], empty when all hold."""
    fails: list[tuple[str, str]] = []
    both = outcome.stdout + outcome.stderr
    command = case.command
    if outcome.code == -9:
        fails.append((f"{command}: hangs (no exit after {CASE_TIMEOUT} s)", ""))
    if "Traceback" in both:
        last = [ln for ln in outcome.stderr.splitlines() if ln.strip()][-1:] or ["?"]
        error = re.split(r"[:\s]", last[0].strip(), maxsplit=1)[0]
        phase = _phase(outcome.stderr)
        # Ctrl-C while Python starts or pip's launcher runs its own `import re`, before
        # cardgen's first line: nothing cardgen can catch, like death by the signal
        # (exit -2); the kit must still be the old one (checked below, as for -2).
        if not (error == "KeyboardInterrupt" and phase == _BEFORE_CARDGEN):
            fails.append((f"{command}: traceback ({phase}): {error}", last[0].strip()[:300]))
    if outcome.crash:
        fails.append((f"{command}: internal error at {outcome.crash}", outcome.stderr.strip()))
    elif outcome.code == 70:
        fails.append((f"{command}: exit 70: {_normal(outcome.stderr)}", outcome.stderr.strip()))
    codes = (0, 130, -2) if case.category == "sigint" else (0, 1, 2)
    if outcome.code not in (*codes, 70, -9) and not ("Traceback" in both and outcome.code == 1):
        fails.append((f"{command}: exit {outcome.code}", outcome.stderr.strip()[-300:]))
    if outcome.code == 2:
        lines = outcome.stderr.splitlines()
        if len(lines) != 1 or not lines[0].startswith("cardgen: "):
            fails.append((f"{command}: error is not one 'cardgen:' line", outcome.stderr[:300]))
    if outcome.code == 0 and outcome.stderr.strip() and case.category != "sigint":
        fails.append((f"{command}: exit 0 with stderr", outcome.stderr[:300]))
    after = snapshot(root)
    changed = sorted(
        p for p in set(before) | set(after) if before.get(p) != after.get(p) and not p.endswith("/")
    )
    leftovers = [p for p in after if ".cardgen-" in p and p not in before]
    if leftovers:
        fails.append((f"{command}: work folder left: {_pattern(leftovers[0])}", leftovers[0]))
    changed = [p for p in changed if ".cardgen-" not in p]
    # make exit 1: a card or envelope it could not make was left out, each said on a
    # "cardgen:" line, and the rest of the kit written (plan.txt says what is missing).
    partial = (
        case.command == "make"
        and outcome.code == 1
        and bool(outcome.stderr.strip())
        and all(
            ln.startswith("cardgen: ") and ln.endswith("the rest was written)")
            for ln in outcome.stderr.strip().splitlines()
        )
    )
    if case.category == "sigint":
        fails += _check_sigint(case, root, outcome, old)
    elif outcome.code != 0 and changed and not partial:
        fails.append(
            (
                f"{command}: exit {outcome.code} but wrote {_top(changed[0])}",
                ", ".join(changed[:5]),
            )
        )
    elif outcome.code == 0 or partial:
        outside = [p for p in changed if not p.startswith(tuple(case.allowed))]
        if outside:
            fails.append(
                (
                    f"{command}: wrote outside its output: {_top(outside[0])}",
                    ", ".join(outside[:5]),
                )
            )
        for rel in changed:
            if rel.endswith(".pdf") and not _pdf_opens(root / rel):
                fails.append((f"{command}: unreadable PDF", rel))
                break
    return fails


_BEFORE_CARDGEN = "in Python's own start-up, before cardgen"


def _phase(traceback_text: str) -> str:
    """Where a printed traceback was raised: importing, in the CLI, or in the command."""
    frames = re.findall(r'File "([^"]+)", line \d+, in (\S+)', traceback_text)
    cli_frames = {name for file, name in frames if file.endswith(f"cardgen{os.sep}cli.py")}
    if "wrapper" in cli_frames:
        return "inside the command"
    if "main" in cli_frames:
        return "in the CLI, before the command"
    stdlib = sysconfig.get_paths()["stdlib"]
    launcher = f"{os.sep}bin{os.sep}cardgen"  # the console script pip writes
    python = [file for file, _name in frames if file.startswith(("<frozen", stdlib))]
    launched = [file for file, _name in frames if file.endswith(launcher)]
    if python and len(python) + len(launched) == len(frames):
        # Python's start-up, or the launcher's own `import re` before cardgen's
        # first line runs: nothing cardgen can catch.
        return _BEFORE_CARDGEN
    if not any("cardgen" in file for file, _name in frames):
        return _BEFORE_CARDGEN
    return "while importing"


def _pdf_opens(path: Path) -> bool:
    try:
        reader = PdfReader(path)
        for page in reader.pages:
            page.extract_text()
        return len(reader.pages) >= 1
    except Exception:
        return False


def _check_sigint(
    case: Case, root: Path, outcome: Outcome, old: dict[str, str] | None
) -> list[tuple[str, str]]:
    """After Ctrl-C: the old kit or the whole new one, and a message that is true."""
    fails = []
    state = kit_state(root / "box" / "out")
    new = _expected_new(case, old)
    is_old, is_new = state == old, state == new
    # Exit -2 is death by the signal itself (the shell shows 130): what a program
    # interrupted before it could handle Ctrl-C should do; a traceback is judged apart.
    if outcome.code == 0 and not is_new:
        fails.append(("make: exit 0 after Ctrl-C but the kit is not the complete new one", ""))
    elif not (is_old or is_new):
        if state == {} and old is None:
            fails.append(("make: Ctrl-C left an empty output folder", ""))
        else:
            mixed = sorted(
                p for p in set(state or {}) | set(new) if (state or {}).get(p) != new.get(p)
            )
            fails.append(
                ("make: Ctrl-C left a mix of the old and the new kit", ", ".join(mixed[:6]))
            )
    claims_nothing = bool(_NOTHING_WRITTEN.search(outcome.stderr))
    if claims_nothing and not is_old:
        fails.append(("make: after Ctrl-C says nothing was written, but the kit changed",
                      outcome.stderr.strip()))  # fmt: skip
    if is_new and not is_old and "Wrote" not in outcome.stdout and outcome.code == 130:
        pass  # the new kit is whole; saying "interrupted" alone is true
    return fails


def run_case(case: Case, root: Path) -> tuple[Outcome, list[tuple[str, str]]]:
    """Lay out ``case`` in ``root``, run it, check it."""
    lay_out(case, root)
    old = kit_state(root / "box" / "out") if case.category == "sigint" else None
    if case.category == "sigint":
        _reference(case)  # made before the clock starts
    before = snapshot(root)
    outcome = run_sigint(case, root) if case.category == "sigint" else run_in_process(case, root)
    return outcome, check_outcome(case, root, before, outcome, old)


# --------------------------------------------------------------------------- the run and its report


@dataclass
class MixedStats:
    """What the long run saw, per category: inputs, exits by code, failures by kind."""

    inputs: Counter = field(default_factory=Counter)  # category → inputs run
    exits: dict[str, Counter] = field(default_factory=dict)  # category → exit code → count
    failures: Counter = field(default_factory=Counter)  # kind → failing inputs
    failing_inputs: Counter = field(default_factory=Counter)  # category → failing inputs
    smallest: dict[str, str] = field(default_factory=dict)  # kind → folder of its smallest case
    slowest: float = 0.0
    slowest_case: str = ""
    seconds: float = 0.0

    def add(self, case: Case, outcome: Outcome, fails: list[tuple[str, str]]) -> None:
        self.inputs[case.category] += 1
        self.exits.setdefault(case.category, Counter())[outcome.code] += 1
        if fails:
            self.failing_inputs[case.category] += 1
        for kind in dict(fails):
            self.failures[kind] += 1
        if outcome.took > self.slowest:
            self.slowest, self.slowest_case = outcome.took, f"{case.category}:{case.seed}"

    def summary(self) -> str:
        lines = [f"{sum(self.inputs.values())} inputs in {self.seconds:.0f} s; "
                 f"slowest {self.slowest:.1f} s ({self.slowest_case})"]  # fmt: skip
        for category in CATEGORIES:
            if self.inputs[category]:
                codes = ", ".join(f"exit {k}: {v}" for k, v in sorted(self.exits[category].items()))
                lines.append(
                    f"  {category}: {self.inputs[category]} inputs ({codes}); "
                    f"{self.failing_inputs[category]} failing"
                )
        lines.append(
            f"  {len(self.failures)} failure kinds, {sum(self.failures.values())} failures:"
        )
        for kind, count in self.failures.most_common():
            where = f"  → {self.smallest[kind]}" if kind in self.smallest else ""
            lines.append(f"    {count:4d}  {kind}{where}")
        return "\n".join(lines)


MIXED = MixedStats()


def _run_one(case: Case) -> tuple[Case, Outcome, list[tuple[str, str]]]:
    with tempfile.TemporaryDirectory(prefix="cardgen-fuzz-") as scratch:
        root = Path(scratch)
        try:
            outcome, fails = run_case(case, root)
        except Exception as exc:  # the fuzzer's own trouble: report it, keep going
            import traceback

            outcome = Outcome(-1, "", traceback.format_exc(), 0.0)
            fails = [(f"fuzzer error: {type(exc).__name__}: {_normal(str(exc))}", "")]
    return case, outcome, fails


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")[:70]


def load_case(folder: Path) -> Case:
    """A case written by :func:`write_repro`, read back from its folder."""
    record = json.loads((folder / "case.json").read_text("utf-8", errors="surrogatepass"))
    case = Case(record["category"], record["seed"], record["argv"], what=record["what"])
    case.delay = record.get("delay", 0.0)
    tree = folder / "case"
    for dirpath, dirs, files in os.walk(tree):
        for name in [*files, *dirs]:
            path = Path(dirpath) / name
            rel = path.relative_to(tree).as_posix()
            if path.is_symlink():
                case.links[rel] = os.readlink(path)
            elif path.is_file() and not (case.category == "sigint" and rel.startswith("box/out/")):
                case.files[rel] = path.read_bytes()
    case.old_kit = case.category == "sigint" and (tree / "box" / "out").is_dir()
    if (folder / "stdin.bin").exists():
        case.stdin = (folder / "stdin.bin").read_bytes()
    case.allowed = ["box/out/"] if case.category == "sigint" else _allowed(case.argv)
    return case


def _kinds_of(case: Case) -> set[str]:
    with tempfile.TemporaryDirectory(prefix="cardgen-fuzz-min-") as scratch:
        _outcome, fails = run_case(case, Path(scratch))
    return {kind for kind, _ in fails}


def _ddmin(items: list[Any], fails: Any, clock: Any) -> list[Any]:
    """The fewest ``items`` (removing chunks, then single ones) for which ``fails`` holds."""
    n = 2
    while len(items) >= 2 and clock():
        size = -(-len(items) // n)
        chunks = [items[i : i + size] for i in range(0, len(items), size)]
        for i in range(len(chunks)):
            trial = [x for j, chunk in enumerate(chunks) if j != i for x in chunk]
            if fails(trial):
                items, n = trial, max(n - 1, 2)
                break
            if not clock():
                return items
        else:
            if n >= len(items):
                break
            n = min(len(items), n * 2)
    return items


def minimize(case: Case, kind: str, seconds: float = 60.0) -> Case:
    """A smaller case that still fails with ``kind``: fewer files, lines, arguments.

    Only for the kinds run in process (a Ctrl-C case depends on timing). Gives
    ``case`` back as it is when it does not fail the same way again.
    """
    import copy

    if case.category == "sigint" or kind not in _kinds_of(case):
        return case
    deadline = time.monotonic() + seconds
    best = copy.deepcopy(case)

    def clock() -> bool:
        return time.monotonic() < deadline

    def fails(trial: Case) -> bool:
        trial.allowed = _allowed(trial.argv)
        return kind in _kinds_of(trial)

    for rel in sorted(best.files):  # files it does not need
        if not clock():
            break
        trial = copy.deepcopy(best)
        del trial.files[rel]
        if fails(trial):
            best = trial
    for rel in sorted(best.files):  # lines of the files it needs
        data = best.files[rel]
        if len(data) > 64 * 1024 or not clock():
            continue
        lines = data.splitlines(keepends=True)

        def with_lines(kept: list[bytes], rel: str = rel) -> bool:
            trial = copy.deepcopy(best)
            trial.files[rel] = b"".join(kept)
            return fails(trial)

        best.files[rel] = b"".join(_ddmin(lines, with_lines, clock))
    if clock():  # arguments it does not need

        def with_args(kept: list[str]) -> bool:
            trial = copy.deepcopy(best)
            trial.argv = [best.argv[0], *kept]
            return fails(trial)

        best.argv = [best.argv[0], *_ddmin(best.argv[1:], with_args, clock)]
    if best.stdin and clock():
        trial = copy.deepcopy(best)
        trial.stdin = None
        if fails(trial):
            best = trial
    best.allowed = _allowed(best.argv)
    best.what = f"minimised from {case.category}:{case.seed} ({case.what})"
    return best


def write_minimal(failures_dir: Path, seconds: float = 60.0) -> list[tuple[str, Path]]:
    """For each failure kind in ``failures_dir/cases``: its smallest case, minimised, in
    ``failures_dir/minimal/NN-KIND/`` with a ``repro.sh``; also listed in MINIMAL.txt."""
    by_kind: dict[str, list[Path]] = {}
    for folder in sorted((failures_dir / "cases").iterdir()):
        record = json.loads((folder / "case.json").read_text("utf-8", errors="surrogatepass"))
        for failure in record["failures"]:
            by_kind.setdefault(failure["kind"], []).append(folder)
    out = []
    lines = []
    for n, (kind, folders) in enumerate(sorted(by_kind.items()), 1):
        cases = {f: load_case(f) for f in folders}
        origin, smallest = min(cases.items(), key=lambda fc: (fc[1].size(), len(fc[1].argv)))
        small = minimize(smallest, kind, seconds)
        if small.category == "sigint":  # timing: keep what the run saw
            record = json.loads((origin / "case.json").read_text("utf-8", errors="surrogatepass"))
            outcome = Outcome(record["exit"], record["stdout"], record["stderr"], 0.0)
            fails = [(f["kind"], f["detail"]) for f in record["failures"]]
        else:
            with tempfile.TemporaryDirectory(prefix="cardgen-fuzz-min-") as scratch:
                outcome, fails = run_case(small, Path(scratch))
        folder = write_repro(
            small,
            outcome,
            fails or [(kind, "")],
            failures_dir / "minimal" / f"{n:02d}-{_slug(kind)}",
        )
        out.append((kind, folder))
        files = {k: v for k, v in small.files.items() if not k.startswith("in/") or k.endswith(
            ("interview.yaml", "cultures.yaml", "note.txt"))}  # fmt: skip
        lines.append(f"## {kind}  ({len(folders)} failing inputs)\n{folder}/repro.sh\n"
                     f"$ cardgen {shlex.join(small.argv)}\n"
                     + "".join(f"--- {k}\n{v[:600].decode('utf-8', 'replace')}\n"
                               for k, v in sorted(files.items()) if len(v) < 5000)
                     + f"=> exit {outcome.code}: {outcome.stderr.strip()[:400]}\n")  # fmt: skip
    (failures_dir / "MINIMAL.txt").write_text("\n".join(lines), encoding="utf-8")
    return out


def write_repro(case: Case, outcome: Outcome, fails: list[tuple[str, str]], folder: Path) -> Path:
    """Write a failing case to ``folder``: the pristine scratch folder (case/), the outcome,
    and ``repro.sh``, which rebuilds it in work/ and runs cardgen there (``$CARDGEN`` may
    name the program, e.g. ``.venv/bin/cardgen``)."""
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "case").mkdir(parents=True)
    lay_out(case, folder / "case")
    if case.stdin is not None:
        (folder / "stdin.bin").write_bytes(case.stdin)
    stdin = '"$here/stdin.bin"' if case.stdin is not None else "/dev/null"
    command = "${CARDGEN:-cardgen} " + " ".join(shlex.quote(a) for a in case.argv)
    head = [
        "#!/usr/bin/env bash",
        f"# cardgen fuzz, {case.category} case {case.seed}: {case.what}".replace("\n", " "),
        *(f"# failed: {kind}".replace("\n", " ") for kind, _ in fails),
        "# Rebuilds the case in ./work and runs it there: CARDGEN=/path/to/cardgen bash repro.sh",
        'here=$(cd "$(dirname "$0")" && pwd)',
        'rm -rf "$here/work" && cp -a "$here/case" "$here/work" || exit 1',
        'cd "$here/work/box" || exit 1',
        'export CARDGEN_CONFIG_DIR="$here/work/config"',
    ]
    if case.category == "sigint":
        body = [
            "# Run it from a terminal: a shell started in the background ignores Ctrl-C,",
            "# and so would cardgen.",
            "set -m  # the command gets a process group of its own, as at a terminal",
            f"{command} < /dev/null &",
            "pid=$!",
            f"sleep {case.delay}",
            'kill -INT -- "-$pid" 2>/dev/null',
            'wait "$pid"; code=$?',
            'echo "exit $code" >&2',
        ]
    else:
        body = [f"{command} < {stdin}", 'echo "exit $?" >&2']
    (folder / "repro.sh").write_text("\n".join([*head, *body]) + "\n", encoding="utf-8")
    (folder / "repro.sh").chmod(0o755)
    record = {
        "category": case.category, "seed": case.seed, "argv": case.argv, "what": case.what,
        "delay": case.delay, "exit": outcome.code, "stdout": outcome.stdout[-3000:],
        "stderr": outcome.stderr[-3000:], "crash": outcome.crash,
        "failures": [{"kind": k, "detail": d[:2000]} for k, d in fails],
        "rerun": f"python tests/fuzzing.py --case {case.category}:{case.seed}",
    }  # fmt: skip
    (folder / "case.json").write_text(
        json.dumps(record, indent=2, ensure_ascii=False, default=str), encoding="utf-8",
        errors="surrogatepass",
    )  # fmt: skip
    return folder


def run_fuzz(
    total: int = 500,
    seed: int = 1,
    workers: int = 1,
    failures_dir: Path | None = None,
    categories: tuple[str, ...] = CATEGORIES,
    progress: bool = False,
) -> MixedStats:
    """Run ``total`` inputs shared among ``categories``; write each failing case to
    ``failures_dir/cases/`` and a ``SUMMARY.txt``; return (and add to :data:`MIXED`)
    the counts."""
    cases = plan_cases(total, seed, categories)
    stats = MixedStats()
    start = time.perf_counter()
    failures: dict[str, list[tuple[Case, Outcome, list[tuple[str, str]]]]] = {}
    if workers > 1:
        pool = multiprocessing.get_context("spawn").Pool(min(workers, 2))
        results = pool.imap_unordered(_run_one, cases, chunksize=1)
    else:
        pool, results = None, map(_run_one, cases)
    try:
        for n, (case, outcome, fails) in enumerate(results, 1):
            stats.add(case, outcome, fails)
            for kind, _detail in fails:
                failures.setdefault(kind, []).append((case, outcome, fails))
            if progress:
                mark = f" FAIL {fails[0][0][:90]}" if fails else ""
                print(f"[{n}/{total}] {case.category}:{case.seed} exit {outcome.code} "
                      f"{outcome.took:.1f}s{mark}", flush=True)  # fmt: skip
    except BaseException:
        if pool is not None:
            pool.terminate()
        raise
    finally:
        if pool is not None:
            pool.close()
            pool.join()
    stats.seconds = time.perf_counter() - start
    if failures and failures_dir is not None:
        written: dict[tuple[str, int], Path] = {}
        for kind, hits in failures.items():
            for case, outcome, fails in hits:
                key = (case.category, case.seed)
                if key not in written:
                    folder = failures_dir / "cases" / f"{case.category}-{case.seed}"
                    written[key] = write_repro(case, outcome, fails, folder)
            smallest = min(hits, key=lambda hit: (hit[0].size(), len(hit[0].argv)))[0]
            stats.smallest[kind] = str(written[(smallest.category, smallest.seed)])
        (failures_dir / "SUMMARY.txt").write_text(
            f"seed {seed}, {total} inputs\n{stats.summary()}\n", encoding="utf-8"
        )
    _merge(MIXED, stats)
    return stats


def _merge(into: MixedStats, stats: MixedStats) -> None:
    into.inputs.update(stats.inputs)
    for category, codes in stats.exits.items():
        into.exits.setdefault(category, Counter()).update(codes)
    into.failures.update(stats.failures)
    into.failing_inputs.update(stats.failing_inputs)
    into.smallest.update(stats.smallest)
    into.seconds += stats.seconds
    if stats.slowest > into.slowest:
        into.slowest, into.slowest_case = stats.slowest, stats.slowest_case


def main(argv: list[str] | None = None) -> int:
    """``python tests/fuzzing.py [--inputs 500] [--workers 2] [--seed N] [--failures DIR]``,
    or ``--case CATEGORY:SEED`` to run one case again and show what it did."""
    import argparse

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--inputs", type=int, default=500)
    parser.add_argument("--workers", type=int, default=1, choices=(1, 2))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--failures", type=Path, default=None)
    parser.add_argument("--categories", default=",".join(CATEGORIES))
    parser.add_argument("--case", default="")
    parser.add_argument("--quiet", action="store_true")
    parser.add_argument(
        "--minimize", type=Path, default=None, metavar="DIR",
        help="minimise the smallest failing case of each kind in DIR/cases (no new run)",
    )  # fmt: skip
    parser.add_argument("--no-minimize", action="store_true", help="skip minimising")
    args = parser.parse_args(argv)
    if args.minimize:
        for kind, folder in write_minimal(args.minimize):
            print(f"{kind}\n    {folder}/repro.sh")
        return 0
    if args.case:
        category, _, number = args.case.partition(":")
        case = make_case(category, int(number))
        _case, outcome, fails = _run_one(case)
        print(json.dumps({"argv": case.argv, "what": case.what, "exit": outcome.code,
                          "stdout": outcome.stdout[-2000:], "stderr": outcome.stderr,
                          "crash": outcome.crash, "failures": fails},
                         indent=2, ensure_ascii=False))  # fmt: skip
        return 1 if fails else 0
    failures = args.failures or Path(tempfile.gettempdir()) / f"cardgen-fuzz-{args.seed}"
    categories = tuple(c for c in args.categories.split(",") if c)
    stats = run_fuzz(args.inputs, args.seed, args.workers, failures, categories, not args.quiet)
    print(stats.summary())
    if stats.failures:
        print(
            f"failing cases: {failures}/cases/ (each with repro.sh); "
            f"summary: {failures}/SUMMARY.txt"
        )
        if not args.no_minimize:
            write_minimal(failures, seconds=30.0)
            print(f"the smallest case of each kind, minimised: {failures}/MINIMAL.txt")
    return 1 if stats.failures else 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main())
