"""Hypothesis strategies for hostile interview files, and a checked run of cardgen on one.

Interview files are made by mutating the shipped samples: values replaced with
wrong types, random Unicode (lone surrogates, right-to-left text, combining
marks, controls), huge strings, hostile names and edge dates; keys deleted or
invented; values nested deep; the YAML text itself cut or spliced. Each is
run through the real CLI (in-process) with random options, and
:func:`check_run` asserts what must hold for every input whatever it is.
"""

from __future__ import annotations

import os
import struct
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
    "envelope", "font", "ink", "paper", "stock", "nmae", "<<",
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


@st.composite
def mutated_tree(draw: st.DrawFn) -> Any:
    """A sample's data with a few random mutations."""
    import copy

    name = draw(st.sampled_from(sorted(SAMPLES)))
    tree = copy.deepcopy(SAMPLES[name])
    if draw(st.booleans()):
        # Gently: only free text changes, so the file stays valid and every stage
        # (fitting, handwriting, addressing, PDFs) meets the odd text.
        free = [p for p in _paths(tree) if p and p[-1] in FREE_TEXT]
        for path in draw(st.lists(st.sampled_from(free), max_size=4)):
            _get(tree, path[:-1])[path[-1]] = draw(st.sampled_from(VALID_TEXT))
        return tree
    for _ in range(draw(st.integers(0, 4))):
        paths = _paths(tree)
        path = draw(st.sampled_from(paths))
        ops = ["set", "set", "delete", "add", "hostile", "date", *["text"] * 6]
        op = draw(st.sampled_from(ops))
        parent = _get(tree, path[:-1]) if path else None
        if not path:
            if op == "set" and draw(st.integers(0, 9)) == 0:
                tree = draw(VALUES)  # now and then, not an interview at all
            continue
        if op == "text":
            leaves = [p for p in paths if p and isinstance(_get(tree, p), str)]
            if leaves:
                leaf = draw(st.sampled_from(leaves))
                _get(tree, leaf[:-1])[leaf[-1]] = draw(st.sampled_from(VALID_TEXT))
        elif op == "set":
            parent[path[-1]] = draw(VALUES)
        elif op == "hostile":
            parent[path[-1]] = draw(st.sampled_from(HOSTILE_TEXT))
        elif op == "date":
            tree.setdefault("interview", {})
            if isinstance(tree["interview"], dict):
                tree["interview"]["date"] = draw(st.sampled_from(EDGE_DATES))
        elif op == "delete" and isinstance(parent, dict | list):
            del parent[path[-1]]
        elif op == "add":
            target = _get(tree, path)
            if isinstance(target, dict):
                target[draw(st.sampled_from(KEYS))] = draw(VALUES)
            elif isinstance(target, list):
                target.append(draw(VALUES))
    return tree


def _dump(tree: Any) -> str:
    return yaml.safe_dump(tree, allow_unicode=True, sort_keys=False, width=4096)


@st.composite
def interview_text(draw: st.DrawFn) -> str:
    """YAML text of a mutated interview file, sometimes mangled as text too."""
    text = _dump(draw(mutated_tree()))
    kind = draw(st.sampled_from(["plain"] * 12 + ["deep", "cut", "splice", "dup", "anchor"]))
    if kind == "deep":
        depth = draw(st.sampled_from([17, 100, 1000, 20_000]))
        text = text.replace("role:", "role: " + "[" * depth + "]" * depth + "\nrole_x:", 1)
    elif kind == "cut" and text:
        text = text[: draw(st.integers(0, len(text)))]
    elif kind == "splice" and text:
        at = draw(st.integers(0, len(text)))
        insert = draw(st.sampled_from([*HOSTILE_TEXT, "\n- ", ": ", "{", "'", "\t"]))
        text = text[:at] + insert + text[at:]
    elif kind == "dup":
        text += "candidate: {name: X, email: x@example.com}\n"
    elif kind == "anchor":
        text = "a: &a [x]\nb: *a\n" + text
    return text


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
