"""Input stage: editing the candidate's saved profile and printers (``cardgen profile``,
``cardgen printer``).

Each edit is made in place on the file's text (:func:`cardgen.input.yamledit.set_values`):
only the values that change are rewritten, and comments, order, quoting and a
byte-order mark stay. The new text is checked by loading it back, then
returned with its path for the caller to write (:func:`cardgen.output.writer.write_file`),
so nothing is written unless it loads.
"""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Any

from cardgen.errors import InputError
from cardgen.input import config, settings
from cardgen.input.files import MAX_FILE_BYTES, decode_text, read_limited, read_text
from cardgen.input.yamlnodes import load_yaml
from cardgen.model import Printer

__all__ = [
    "current_profile",
    "dictionary",
    "edited_printers",
    "edited_profile",
    "font",
    "show_printers",
    "show_profile",
]

MAX_DICTIONARY_WORDS = 2000  # the profile's ``dictionary:`` list


def edited_profile(changes: dict[str, str], *, address: dict[str, str]) -> tuple[Path, bytes]:
    """The saved profile with ``changes`` (and ``address`` fields), checked: (path, bytes).

    Empty values leave a field as it is, and so do values as already written.

    Raises:
        InputError: a value the profile may not hold (the message says which).
    """
    from cardgen.input import yamledit  # only to write the file

    path = settings.profile_path()
    data = read_limited(path, MAX_FILE_BYTES, path.name) if path.exists() else b""
    text = decode_text(data, path.name)
    edits: list[tuple[tuple[str, ...], str]] = []
    for key, value in changes.items():
        if value and key == "signature":
            written = yamledit.value_at(text, path.name, ("signature",))
            if written is None or written.text(max_len=500) != value:  # a new scan
                value = str(Path(value).expanduser().absolute())
        if value:
            edits.append(((key,), value))
    edits += [(("address", key), value) for key, value in address.items() if value]
    text = yamledit.set_values(text, path.name, edits)
    fields = config.candidate_fields(load_yaml(text, path.name), path.parent, config.PROFILE_KEYS)
    for key in ("name", "email"):
        if key not in fields:
            raise InputError(f"the profile needs your {key}: --{key} …", key=key)
    bom = codecs.BOM_UTF8 if data.startswith(codecs.BOM_UTF8) else b""
    return path, bom + text.encode()


def current_profile() -> dict[str, Any]:
    """The saved profile's values as written (for prompts' defaults); empty if none.

    Read like every settings file: bounded, no aliases or tags.
    """
    path = settings.profile_path()
    if not path.exists():
        return {}
    root = load_yaml(read_text(path), path.name)
    out: dict[str, Any] = {}
    for key, node in root.mapping(config.PROFILE_KEYS).items():
        if key in ("dictionary", "font"):
            continue  # not the candidate's details a prompt asks for
        if key == "address":
            out[key] = {k: v.text(max_len=500) for k, v in node.items() if not v.is_null()}
        else:
            out[key] = node.text(max_len=500)
    return out


def dictionary() -> tuple[str, ...]:
    """The saved profile's ``dictionary:``: the candidate's own words, which ``check``
    never reports as misspelt (names of tools, schools, places). Empty without a profile.

    Raises:
        InputError: not a list of one-line words (the message names the line).
    """
    path = settings.profile_path()
    if not path.exists():
        return ()
    root = load_yaml(read_text(path), path.name)
    node = root.mapping(config.PROFILE_KEYS).get("dictionary")
    if node is None:
        return ()
    words = node.text_list(max_len=100)
    if len(words) > MAX_DICTIONARY_WORDS:
        raise node.error(f"has {len(words):,} words; the limit is {MAX_DICTIONARY_WORDS:,}")
    return tuple(words)


def font() -> tuple[str, str, int | None] | None:
    """The saved profile's ``font:`` (the hand every card is written in unless the
    command line or the interview file names one: a captured hand, say), with the
    file's name and the line, for messages; None without one."""
    path = settings.profile_path()
    if not path.exists():
        return None
    root = load_yaml(read_text(path), path.name)
    node = root.mapping(config.PROFILE_KEYS).get("font")
    if node is None:
        return None
    return node.text(max_len=300), path.name, node.line


def show_profile() -> str:
    """The saved profile as it is on disk, or how to make one."""
    path = settings.profile_path()
    if not path.exists():
        return f"No profile yet ({path}). Make one: cardgen profile"
    settings.profile()
    return f"# {path}\n" + read_text(path).rstrip()


def _mm(value: str) -> str:
    """A length as the user typed it; a bare number means millimetres."""
    value = value.strip()
    try:
        float(value)
    except ValueError:
        return value
    return f"{value}mm"


def edited_printers(
    name: str, changes: dict[str, str], *, feed: dict[str, str]
) -> tuple[Path, bytes, Printer]:
    """The printers file with printer ``name``'s calibration (and envelope ``feed``)
    changed, checked: (path, bytes, the printer as saved).

    Empty values leave a setting as it is; lengths without a unit are millimetres.

    Raises:
        InputError: a value the printer file may not hold (the message says which).
    """
    from cardgen.input import yamledit  # only to write the file

    if not settings.printer_name_ok(name):
        raise InputError("printer names are words: letters, digits, - and _", key="--printer")
    path = settings.printers_path()
    data = read_limited(path, MAX_FILE_BYTES, str(path)) if path.exists() else b""
    text = decode_text(data, str(path))
    edits: list[tuple[tuple[str, ...], str]] = [
        (("printers", name, key), value if key == "scale" else _mm(value))
        for key, value in changes.items()
        if value
    ]
    edits += [(("printers", name, "envelope", k), v.lower()) for k, v in feed.items() if v]
    if not edits and yamledit.value_at(text, str(path), ("printers", name)) is None:
        edits = [(("printers", name, "dx"), "0mm")]  # a new printer, nothing shifted yet
    text = yamledit.set_values(text, str(path), edits)
    try:
        saved = settings.printers_from_text(text, str(path))
    except InputError as exc:  # name the option, not a line of a file not yet written
        parts = exc.key.split(".")[2:]
        if exc.key not in {".".join(key) for key, _ in edits} or not parts:
            raise
        option = "--" + "-".join(parts).replace("_", "-")
        raise InputError(exc.reason, key=option) from None
    bom = codecs.BOM_UTF8 if data.startswith(codecs.BOM_UTF8) else b""
    return path, bom + text.encode(), saved[name]


def show_printers() -> str:
    """The saved printers as they are on disk, or how to calibrate one."""
    path = settings.printers_path()
    if not path.exists():
        return f"No printer saved yet ({path}). Print the test page: cardgen calibrate"
    settings.load_printers(path)
    return f"# {path}\n" + read_text(path).rstrip()
