"""Text rules: the fill-in templates of culture profiles (salutation, subject, closing).

A culture profile is data, not code: its templates may name only the
documented fields, in braces, with nothing else — no format specification
(``{name:x>10000}``), no conversion (``{name!r}``), no attribute or index
(``{role.__len__}``, ``{name[0]}``), no position (``{0}``). ``{{`` and ``}}``
write a brace. Templates are checked when a profile is loaded and filled by
plain substitution, never by ``str.format``.
"""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence

__all__ = ["FIELDS", "check_template", "fill"]

# The fields each template may use.
FIELDS: dict[str, tuple[str, ...]] = {
    "salutation": ("honorific", "first", "surname", "name"),
    "salutation_no_honorific": ("honorific", "first", "surname", "name"),
    "subject": ("role", "company"),
    "closing": (),
}

_PARSER = string.Formatter()


def _fields_text(allowed: Sequence[str]) -> str:
    if not allowed:
        return "no fields (it is written as is; write {{ or }} for a brace)"
    return ", ".join("{" + f + "}" for f in allowed)


def check_template(template: str, allowed: Sequence[str]) -> str | None:
    """Why ``template`` is not a valid template over ``allowed`` fields, or None."""
    try:
        parts = list(_PARSER.parse(template))
    except ValueError:
        return f"has an unmatched brace; it may use {_fields_text(allowed)}"
    for _literal, field, spec, conversion in parts:
        if field is None:
            continue
        if field not in allowed or spec or conversion:
            shown = "{" + field + (f"!{conversion}" if conversion else "")
            shown += (f":{spec}" if spec else "") + "}"
            return f"may not use {shown}; it may use {_fields_text(allowed)}"
    return None


def fill(template: str, values: Mapping[str, str]) -> str:
    """``template`` with each ``{field}`` replaced by ``values[field]``.

    The template must have passed :func:`check_template` for these fields.
    """
    out = []
    for literal, field, _spec, _conversion in _PARSER.parse(template):
        out.append(literal)
        if field is not None:
            out.append(values[field])
    return "".join(out)
