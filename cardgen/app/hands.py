"""``cardgen hand``: print a template, read photos of it into a hand, list and remove hands.

The template's geometry is :mod:`cardgen.layout.handsheet`, printed by
:mod:`cardgen.render.handsheet`; photos are read by
:mod:`cardgen.layout.handcapture` and the hand saved, atomically, in the
config folder (:mod:`cardgen.input.hands`), where ``--font NAME`` finds it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import msgspec

from cardgen.errors import CardgenError, InputError

__all__ = ["HandAdded", "hand_add", "hand_list", "hand_remove", "hand_template"]


def hand_template(out: Path, paper: str, *, pages: int | None, letters: str, force: bool) -> int:
    """Write the template's pages to ``out``; returns how many."""
    from cardgen.app.types import ADDRESS_FONT
    from cardgen.input.fonts import resolve_font
    from cardgen.layout.handsheet import sheet_pages
    from cardgen.output.writer import write_file
    from cardgen.render.handsheet import render_handsheet_pdf

    letters = _extra_letters(letters)
    try:
        sheets = sheet_pages(paper, letters, pages)
    except ValueError as exc:
        raise CardgenError(f"hand template: {exc}") from None
    font = resolve_font(ADDRESS_FONT)
    pdf = render_handsheet_pdf(sheets, font=font)
    write_file(out, pdf, force=force)
    return len(sheets)


def _extra_letters(letters: str) -> str:
    """``--letters`` as the template prints them (NFC: é one letter, not e and an accent).

    Raises:
        InputError: a character the template cannot print as a box's label (an
            emoji, CJK, a lone accent, a control or invisible character).
    """
    import unicodedata

    from cardgen.app.types import ADDRESS_FONT
    from cardgen.input.fonts import resolve_font
    from cardgen.layout.fonts import describe, face_metrics

    letters = unicodedata.normalize("NFC", letters)
    printable = face_metrics(resolve_font(ADDRESS_FONT)).widths
    for ch in dict.fromkeys(letters):
        if ch != " " and (unicodedata.category(ch)[0] in "CMZ" or ord(ch) not in printable):
            raise InputError(
                f"{describe(ch)} cannot be a box of the template: give letters, "
                "digits or punctuation",
                key="--letters",
            )
    return letters


class HandAdded(msgspec.Struct):
    """What ``hand add`` read and saved, for the user (one line each)."""

    path: Path
    lines: list[str] = msgspec.field(default_factory=list)


def _check_name(name: str) -> None:
    from cardgen.input.fonts import font_catalogue
    from cardgen.input.hands import name_ok
    from cardgen.input.strokes import stroke_catalogue

    if not name_ok(name):
        raise CardgenError(
            f"hand name {name!r}: use lowercase letters, digits and hyphens (at most 40)"
        )
    if name in stroke_catalogue() or name in font_catalogue():
        raise CardgenError(f"hand name {name!r} is a shipped hand's: choose another")


def hand_add(name: str, photos: Sequence[Path], *, letters: str, force: bool) -> HandAdded:
    """Read the photos of a filled-in template and save the hand as ``name``.

    Raises:
        CardgenError: a bad name, a hand of that name (without ``force``), a photo
            that cannot be read or is not of the template, nothing usable read.
    """
    from cardgen.input.files import read_limited
    from cardgen.input.hands import hand_path
    from cardgen.layout.handcapture import MAX_PHOTO_BYTES, build_hand, capture
    from cardgen.layout.handsheet import cell_texts
    from cardgen.output.writer import write_file

    _check_name(name)
    letters = _extra_letters(letters)
    path = hand_path(name)
    if path.exists() and not force:
        raise CardgenError(f"a hand named '{name}' exists; use --force to replace it")
    if not photos:
        raise CardgenError("hand add: give the photos or scans of the filled-in pages")
    data = [(p.name, read_limited(p, MAX_PHOTO_BYTES, str(p))) for p in photos]
    cap = capture(data, letters)
    hand = build_hand(name, cap)
    out = HandAdded(path)
    cells = sum(len(p.samples) for p in cap.pages)
    empty = sum(len(p.empty) for p in cap.pages)
    bad = sum(len(p.unreadable) for p in cap.pages)
    paper = "Letter" if cap.paper == "letter" else "A4"
    out.lines.append(
        f"Read {len(cap.pages)} page(s) ({paper}): "
        + ", ".join(f"page {p.page.number} from {p.source}" for p in cap.pages)
    )
    out.lines.extend(cap.again)
    for p in cap.pages:
        if p.markers < 4:
            out.lines.append(f"{p.source}: {p.markers} of 4 corner squares seen; read all the same")
    if cap.missing_pages:
        pages = ", ".join(str(n) for n in cap.missing_pages)
        out.lines.append(f"missing page(s) {pages} of {cap.needed}: their characters are missing")
    out.lines.append(f"cells read: {cells}; empty: {empty}; unreadable: {bad}")
    for p in cap.pages:
        for what, found in (("empty", p.empty), ("unreadable", p.unreadable)):
            if found:
                boxes = ", ".join(f"{c.text} (box {c.index + 1})" for c in found)
                out.lines.append(f"page {p.page.number}: {what}: {boxes}")
    glyphs = hand["glyphs"]
    counts = " ".join(
        f"{ch}{'×' + str(len(v)) if len(v) > 1 else ''}" for ch, v in glyphs.items() if ch != " "
    )
    out.lines.append(f"characters ({len(glyphs) - 1}): {counts}")
    joins = hand["joins"]
    if joins:
        out.lines.append("joins: " + " ".join(sorted(joins)))
    missing = [c for c in dict.fromkeys(cell_texts(letters)) if len(c) == 1 and c not in glyphs]
    if missing:
        out.lines.append(
            f"missing ({len(missing)}): {' '.join(missing)}; "
            "they are written in the print hand (Relief SingleLine)"
        )
    if not hand["measured_spacing"]:
        out.lines.append("the sentence line was not read: letter and word spacing are guesses")
    text = json.dumps(hand, ensure_ascii=False, separators=(",", ":")) + "\n"
    write_file(path, text.encode("utf-8"), force=True)
    out.lines.append(
        f"Saved hand '{name}' in {path}. Write with it: cardgen make FILE --font {name}"
    )
    return out


def hand_list() -> str:
    """The captured hands, one line each."""
    from cardgen.input.hands import hand_summary, saved_hands

    names = saved_hands()
    if not names:
        return "No hands captured yet: cardgen hand template, then cardgen hand add NAME PHOTO..."
    lines = []
    for name in names:
        try:
            letters = hand_summary(name)["letters"]
        except CardgenError as exc:
            lines.append(f"{name}: unreadable ({exc})")
            continue
        variants = sum(letters.values())
        lines.append(f"{name}: {len(letters)} characters, {variants} samples")
    return "\n".join(lines)


def hand_remove(name: str) -> Path:
    """Delete the captured hand ``name``.

    Raises:
        CardgenError: no such hand.
    """
    from cardgen.input.hands import hand_path, name_ok

    path = hand_path(name)
    if not name_ok(name) or not path.is_file():
        raise CardgenError(f"no captured hand named '{name}' (see: cardgen hand list)")
    try:
        path.unlink()
    except OSError as exc:
        raise CardgenError(f"cannot remove {path}: {exc.strerror or exc}") from None
    return path
