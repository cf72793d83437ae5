"""Input stage: read a file safely — bounded, a regular file only, UTF-8 text.

Every file cardgen reads (the interview, cultures, layouts, a ``--text`` note,
fonts, a signature scan, a PDF to preview) comes through :func:`read_limited`.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from cardgen.errors import InputError

__all__ = ["MAX_FILE_BYTES", "decode_text", "read_limited", "read_note", "read_text"]

MAX_FILE_BYTES = 256 * 1024  # an interview file is a few KB; refuse anything silly


def read_limited(path: Path, limit: int, label: str | None = None) -> bytes:
    """The bytes of the regular file ``path``, refusing anything over ``limit`` bytes.

    A folder, a device (``/dev/zero``), a FIFO or a socket is refused before it
    is opened, so nothing can make cardgen read forever or wait for a writer.

    Raises:
        InputError: no such file, not a regular file, too large, or unreadable.
    """
    name = label or path.name
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise InputError("is a folder, not a file", file=name)
        if not stat.S_ISREG(info.st_mode):
            raise InputError("is not a regular file (a device, pipe or socket)", file=name)
        if info.st_size > limit:
            raise InputError(
                f"file is {_size(info.st_size)}; the limit is {_size(limit)}", file=name
            )
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
        fd = os.open(path, flags)
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):  # swapped since the stat
                raise InputError("is not a regular file", file=name)
            data = fh.read(limit + 1)
    except FileNotFoundError:
        raise InputError("no such file", file=name) from None
    except PermissionError:
        raise InputError("permission denied", file=name) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", file=name) from None
    except ValueError:  # e.g. a NUL byte in the path
        raise InputError("is not a usable file name", file=name) from None
    if len(data) > limit:  # grew while being read
        raise InputError(f"file is over {_size(limit)}", file=name)
    return data


def _size(n: int) -> str:
    return f"{n // (1024 * 1024):,} MB" if n >= 10 * 1024 * 1024 else f"{n // 1024} KB"


def read_text(path: Path, label: str | None = None) -> str:
    """Read a small UTF-8 text file, or raise :class:`InputError` saying why not."""
    name = label or path.name
    return decode_text(read_limited(path, MAX_FILE_BYTES, name), name)


def decode_text(data: bytes, name: str) -> str:
    """Decode UTF-8 text, refusing binary data with a clear message."""
    if b"\x00" in data:
        raise InputError("is a binary file, not UTF-8 text", file=name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError("is not UTF-8 text", file=name, line=line) from None
    return text


def read_note(value: str, stdin: BinaryIO) -> tuple[str, str]:
    """``--text VALUE``'s note and where it came from: the file ``value``, or ``stdin``
    for ``-``. The note itself typed where its file goes is refused with a hint."""
    if value == "-":
        data = stdin.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise InputError(f"standard input is over {MAX_FILE_BYTES // 1024} KB", file="<stdin>")
        return decode_text(data, "<stdin>"), "<stdin>"
    path = Path(value)
    if not path.exists() and (" " in value.strip() or "\n" in value):
        shown = value if len(value) <= 40 else value[:37] + "..."
        raise InputError(
            f"no file named {shown!r}: --text takes a file with the note, or - to read "
            "it from standard input (echo 'Thank you …' | cardgen make --text - …)",
            key="--text",
        )
    return read_text(path), path.name
