"""Errors every stage raises; the CLI turns them into one line and exit 2."""

from __future__ import annotations

__all__ = ["CardgenError", "InputError"]


class CardgenError(Exception):
    """A problem the user can fix; its message is the whole story, one line."""

    exit_code = 2


class InputError(CardgenError):
    """Bad input at a known place: ``file:line: key.path: message``."""

    def __init__(
        self, message: str, *, file: str | None = None, line: int | None = None, key: str = ""
    ) -> None:
        self.file = file
        self.line = line
        self.key = key
        self.reason = message
        where = file or ""
        if where and line is not None:
            where += f":{line}"
        parts = [p for p in (where, key) if p]
        super().__init__(": ".join([*parts, message]))
