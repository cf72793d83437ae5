"""Input stage: the catalogues of cultures, palette, layouts and pens, shipped and a user's.

``layouts/cultures.yaml`` (the culture profiles and the named inks and stocks),
``layouts/cards/*.yaml``, ``layouts/envelopes.yaml`` and ``layouts/pens.yaml``
(the pens a single-line hand is written with), and a user's own files of the
same form, checked like the shipped ones. Every error is an
:class:`~cardgen.errors.InputError` naming the file, the line and the key path.
"""

from __future__ import annotations

import math
import re
from functools import cache
from pathlib import Path

from msgspec.structs import replace

from cardgen.errors import InputError
from cardgen.input.files import read_text
from cardgen.input.strokes import resolve_hand
from cardgen.input.yamlnodes import Node, load_yaml
from cardgen.languages import LANGUAGES, is_supported, normalise
from cardgen.model import CardLayout, Culture, EnvelopeLayout, Formulas, InkPen, Zone
from cardgen.names import ACADEMIC_TITLES
from cardgen.resources import layouts_dir
from cardgen.textrules import FIELDS, LANGUAGE_FIELDS, check_template
from cardgen.units import millimetres

__all__ = [
    "Palette",
    "card_layouts",
    "cultures",
    "envelope_layouts",
    "language_table",
    "load_card_layout",
    "load_envelope_layouts",
    "load_languages",
    "load_pens",
    "palette",
    "pens",
    "resolve_culture",
]


# -- cultures -----------------------------------------------------------------


class Palette:
    """Named colours for ink and card stock, as hex strings."""

    def __init__(self, ink: dict[str, str], stock: dict[str, str]) -> None:
        self.ink = ink
        self.stock = stock

    def ink_hex(self, value: str) -> str:
        """A named ink or a ``#RRGGBB`` value → ``#RRGGBB``."""
        return self._hex(value, self.ink, "ink")

    def stock_hex(self, value: str) -> str:
        """A named stock colour or ``#RRGGBB`` → ``#RRGGBB``."""
        return self._hex(value, self.stock, "stock")

    @staticmethod
    def _hex(value: str, table: dict[str, str], what: str) -> str:
        key = value.strip().lower()
        if key in table:
            return table[key]
        if re.fullmatch(r"#[0-9a-fA-F]{6}", key):
            return key
        raise InputError(f"unknown {what} '{value}' (valid: {', '.join(table)} or #RRGGBB)")


_CULTURE_KEYS = (
    "description",
    "aliases",
    "card",
    "formality",
    "languages",
    "salutation",
    "salutation_no_honorific",
    "closing",
    "subject",
    "card_layout",
    "font",
    "ink",
    "stock",
    "mail_after_days",
    "envelope_title",
    "envelope_honorific",
)
FORMALITIES = ("formal", "standard", "casual")
_ENGLISH_HONORIFICS = ("Mr.", "Ms.", "Mrs.", "Miss", "Mx.")
_TITLE_PLACES = ("after", "replace", "vocative", "drop")


def _template(node: Node, key: str, fields: dict[str, tuple[str, ...]] = FIELDS) -> str:
    value = node.text()
    problem = check_template(value, fields[key])
    if problem:
        raise node.error(problem)
    return value


# -- languages: the letter formulas ------------------------------------------------

LanguageTable = dict[str, dict[str, Formulas]]  # tag → formality → formulas


def _tag(node: Node, key: str) -> str:
    tag = normalise(key)
    if tag is None or not is_supported(tag):
        raise node.error(
            f"'{key}' is not a language cardgen writes: use an IETF tag of "
            f"{', '.join(LANGUAGES)} (like de, de-AT, fr, en-GB, pt-BR)"
        )
    return tag


def _title_words(node: Node) -> dict[str, tuple[str, str]]:
    words: dict[str, tuple[str, str]] = {}
    for key, value in node.items():
        title = ACADEMIC_TITLES.get(key.lower().removesuffix("."))
        if title is None:
            raise value.error(f"'{key}' is not an academic title cardgen knows")
        if value.is_map():
            wm = value.mapping(("man", "woman"), required=("man", "woman"))
            words[title] = (wm["man"].text(max_len=60), wm["woman"].text(max_len=60))
        else:
            word = value.text(max_len=60)
            words[title] = (word, word)
    return words


def _formulas(node: Node, tag: str, base: Formulas | None, words: dict[str, object]) -> Formulas:
    """One formality's formulas; keys not given are ``base``'s."""
    required = () if base else ("subject", "salutation_unknown", "closing")
    fm = node.mapping(tuple(LANGUAGE_FIELDS), required=required)
    given = {k: _template(v, k, LANGUAGE_FIELDS) for k, v in fm.items()}
    if base is None:
        if "salutation" not in given and not {"salutation_man", "salutation_woman"} <= set(given):
            raise node.error("needs a salutation (or both salutation_man and salutation_woman)")
        general = given.get("salutation", given.get("salutation_man", ""))
        given.setdefault("salutation", general)
        given.setdefault("salutation_man", given["salutation"])
        given.setdefault("salutation_woman", given["salutation"])
        given.setdefault("subject_no_role", given["subject"])
        return Formulas(tag=tag, **given, **words)  # type: ignore[arg-type]
    if "salutation" in given:  # a culture's own salutation stands for both genders
        given.setdefault("salutation_man", given["salutation"])
        given.setdefault("salutation_woman", given["salutation"])
    return replace(base, **given)  # type: ignore[arg-type]


def load_languages(path: Path) -> LanguageTable:
    """The formulas of each language at each formality, from a languages file."""
    root = load_yaml(read_text(path), path.name)
    m = root.mapping(("languages",), required=("languages",))
    table: LanguageTable = {}
    for key, node in m["languages"].items():
        tag = _tag(node, key)
        lm = node.mapping(
            ("honorific", "titles", "title_words", "vocative", "address_unknown", *FORMALITIES),
            required=("titles", *FORMALITIES),
        )
        honorifics = {}
        for word_key, value in lm["honorific"].items() if "honorific" in lm else ():
            if word_key not in _ENGLISH_HONORIFICS:
                raise value.error(f"expected one of {', '.join(_ENGLISH_HONORIFICS)}")
            honorifics[word_key] = value.text(max_len=40)
        titles = lm["titles"].text(max_len=20)
        if titles not in _TITLE_PLACES:
            raise lm["titles"].error(f"expected one of {', '.join(_TITLE_PLACES)}")
        words: dict[str, object] = {
            "honorifics": honorifics,
            "titles": titles,
            "title_words": _title_words(lm["title_words"]) if "title_words" in lm else {},
            "vocative": lm["vocative"].text(max_len=20) if "vocative" in lm else "",
            "address_unknown": (
                lm["address_unknown"].text(max_len=60) if "address_unknown" in lm else ""
            ),
        }
        table[tag] = {f: _formulas(lm[f], tag, None, words) for f in FORMALITIES}
    if "en-US" not in table:
        raise m["languages"].error("needs en-US, the formulas of the default language")
    return table


@cache
def language_table() -> LanguageTable:
    """The shipped formulas (``layouts/languages.yaml``)."""
    return load_languages(layouts_dir() / "languages.yaml")


def _culture_languages(
    c: dict[str, Node], formality: str, table: LanguageTable
) -> dict[str, Formulas]:
    """Each language's formulas at ``formality``, with the culture's overrides.

    The culture's top-level ``salutation``, ``salutation_no_honorific``,
    ``closing`` and ``subject`` are its English, American and British alike;
    ``languages:`` overrides any formula of any language (``de``, ``de-CH``).
    """
    out = {tag: forms[formality] for tag, forms in table.items()}
    english = {}
    for key, target in (
        ("salutation", "salutation"),
        ("salutation_no_honorific", "salutation_unknown"),
        ("closing", "closing"),
        ("subject", "subject"),
    ):
        if key in c:
            english[target] = _template(c[key], key)
    if "salutation" in english:
        english["salutation_man"] = english["salutation_woman"] = english["salutation"]
        english.setdefault("salutation_unknown", english["salutation"])
    for tag in [t for t in out if t.startswith("en")]:
        out[tag] = replace(out[tag], **english)  # type: ignore[arg-type]
    if "languages" in c:
        for key, node in c["languages"].items():
            tag = _tag(node, key)
            base = out.get(tag) or out.get(tag.split("-")[0]) or out["en-US"]
            out[tag] = _formulas(node, tag, replace(base, tag=tag), {})
    return out


@cache
def _shipped_cultures_file() -> Node:
    """``layouts/cultures.yaml`` composed once a run: its cultures and its palette are
    both read from this tree."""
    return load_yaml(read_text(layouts_dir() / "cultures.yaml"), "cultures.yaml")


def _load_cultures(
    path: Path, base: dict[str, Culture] | None = None, root: Node | None = None
) -> dict[str, Culture]:
    """The culture profiles of ``path`` (``root``: the file composed already), added to
    (or replacing) ``base``'s: None for the shipped file, whose palette is the shipped one."""
    root = root if root is not None else load_yaml(read_text(path), path.name)
    m = root.mapping(("palette", "cultures"), required=("cultures",))
    colours = palette(path if base is not None else None)
    out: dict[str, Culture] = dict(base or {})
    for name, node in m["cultures"].items():
        if not re.fullmatch(r"[a-z][a-z0-9-]{0,30}", name):
            raise node.error("culture names are lower-case words (a-z, 0-9, -)")
        c = node.mapping(_CULTURE_KEYS, required=("description", "card", "font", "ink", "stock"))
        layouts = {"letter": "a2-flat", "a4": "a6-flat"}
        if "card_layout" in c:
            lm = c["card_layout"].mapping(("letter", "a4"))
            for paper, value in lm.items():
                layouts[paper] = value.text(max_len=40)
                if layouts[paper] not in card_layouts():
                    raise value.error(
                        f"unknown card layout '{layouts[paper]}' "
                        f"(shipped: {', '.join(card_layouts())})"
                    )
        for key, check in (("ink", colours.ink_hex), ("stock", colours.stock_hex)):
            try:
                check(c[key].text(max_len=20))
            except InputError as exc:
                raise c[key].error(exc.reason) from None
        try:
            resolve_hand(c["font"].text(max_len=300))
        except InputError as exc:
            raise c["font"].error(exc.reason) from None
        formality = c["formality"].text(max_len=20) if "formality" in c else "standard"
        if formality not in FORMALITIES:
            raise c["formality"].error(f"expected one of {', '.join(FORMALITIES)}")
        formulas = _culture_languages(c, formality, language_table())
        english = formulas["en-US"]
        out[name] = Culture(
            name=name,
            description=c["description"].text(),
            aliases=tuple(c["aliases"].text_list(max_len=40)) if "aliases" in c else (),
            mails_card=c["card"].boolean(),
            salutation=english.salutation,
            salutation_fallback=english.salutation_unknown,
            closing=english.closing,
            subject=english.subject,
            card_layout_letter=layouts["letter"],
            card_layout_a4=layouts["a4"],
            font=c["font"].text(max_len=300),
            ink=c["ink"].text(max_len=20),
            stock=c["stock"].text(max_len=20),
            mail_after_days=c["mail_after_days"].integer(0, 14) if "mail_after_days" in c else 1,
            envelope_title=c["envelope_title"].boolean() if "envelope_title" in c else False,
            envelope_honorific=(
                c["envelope_honorific"].boolean() if "envelope_honorific" in c else False
            ),
            source=path.name,
            lines={key: value.line for key, value in c.items()},
            formality=formality,
            languages=formulas,
        )
    return out


@cache
def _shipped_cultures() -> dict[str, Culture]:
    return _load_cultures(layouts_dir() / "cultures.yaml", root=_shipped_cultures_file())


def cultures(extra: Path | None = None) -> dict[str, Culture]:
    """The shipped culture profiles, plus (or overridden by) those in ``extra``."""
    base = _shipped_cultures()
    return _load_cultures(extra, base) if extra else dict(base)


def _palette_table(node: Node) -> Palette:
    pm = node.mapping(("ink", "stock"))
    tables: dict[str, dict[str, str]] = {"ink": {}, "stock": {}}
    for kind, table in pm.items():
        for name, value in table.items():
            colour = value.text(max_len=7).lower()
            if not re.fullmatch(r"#[0-9a-f]{6}", colour):
                raise value.error(f"expected a colour like #1d2b5c, got '{colour}'")
            tables[kind][name.lower()] = colour
    return Palette(tables["ink"], tables["stock"])


@cache
def palette(extra: Path | None = None) -> Palette:
    """The named inks and stocks: the shipped cultures.yaml's, plus ``extra``'s own."""
    root = _shipped_cultures_file()
    shipped = _palette_table(root.mapping(("palette", "cultures"))["palette"])
    if extra is None:
        return shipped
    node = load_yaml(read_text(extra), extra.name).mapping(("palette", "cultures"))
    if "palette" not in node:
        return shipped
    own = _palette_table(node["palette"])
    return Palette({**shipped.ink, **own.ink}, {**shipped.stock, **own.stock})


def resolve_culture(name: str, table: dict[str, Culture]) -> Culture:
    """The culture called ``name`` or one of its aliases.

    Raises:
        InputError: unknown culture, listing the valid names.
    """
    key = name.strip().lower()
    for culture in table.values():
        if key == culture.name or key in culture.aliases:
            return culture
    valid = ", ".join(
        f"{c.name} ({', '.join(c.aliases)})" if c.aliases else c.name for c in table.values()
    )
    raise InputError(f"unknown culture '{name}' (valid: {valid})", key="culture")


# -- layouts ------------------------------------------------------------------

_CARD_KEYS = (
    "name",
    "description",
    "size",
    "flat_size",
    "fold",
    "safe_margin",
    "font_size",
    "paper",
    "envelope",
    "iso",
)


def _size(node: Node) -> tuple[float, float]:
    items = node.sequence()
    if len(items) != 2:
        raise node.error("expected [width, height], e.g. [4.25in, 5.5in]")
    w, h = (item.length() for item in items)
    if not (36 <= w <= 1224 and 36 <= h <= 1224):
        raise node.error("each side must be between 0.5 in and 17 in")
    return w, h


def _card_layout(node: Node, source: Path | None) -> CardLayout:
    m = node.mapping(
        _CARD_KEYS,
        required=("name", "size", "safe_margin", "font_size", "paper", "envelope"),
    )
    width, height = _size(m["size"])
    fold = m["fold"].text(max_len=10) if "fold" in m else "none"
    if fold not in ("none", "half", "quarter"):
        raise m["fold"].error(f"expected none, half or quarter, got '{fold}'")
    expected = {
        "none": (width, height),
        "half": (2 * width, height),
        "quarter": (2 * width, 2 * height),
    }[fold]
    flat = _size(m["flat_size"]) if "flat_size" in m else expected
    if abs(flat[0] - expected[0]) > 1.5 or abs(flat[1] - expected[1]) > 1.5:
        raise m["flat_size"].error(
            f"a {fold}-fold card of {width / 72:.3g} × {height / 72:.3g} in is "
            f"{expected[0] / 72:.3g} × {expected[1] / 72:.3g} in flat"
        )
    margin = m["safe_margin"].length()
    if not 18 <= margin <= min(width, height) / 4:
        raise m["safe_margin"].error(
            "must be between 0.25 in (the border home printers cannot print) "
            "and a quarter of the card"
        )
    fm = m["font_size"].mapping(("min", "max"), required=("min", "max"))
    fmin, fmax = fm["min"].number(), fm["max"].number()
    if not 6 <= fmin <= fmax <= 48:
        raise m["font_size"].error("needs 6 ≤ min ≤ max ≤ 48 (pt)")
    paper = m["paper"].text(max_len=10).lower()
    if paper not in ("letter", "a4"):
        raise m["paper"].error(f"expected letter or a4, got '{paper}'")
    name = m["name"].text(max_len=40)
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", name):
        raise m["name"].error("layout names are lower-case words (a-z, 0-9, -)")
    return CardLayout(
        name=name,
        description=m["description"].text() if "description" in m else "",
        width=width,
        height=height,
        flat_width=flat[0],
        flat_height=flat[1],
        fold=fold,
        safe_margin=margin,
        font_min=fmin,
        font_max=fmax,
        paper=paper,
        envelope=m["envelope"].text(max_len=40),
        iso=m["iso"].boolean() if "iso" in m else paper == "a4",
        source=source,
    )


def load_card_layout(path: Path) -> CardLayout:
    """Read a user's card layout file, validated like the shipped ones."""
    return _card_layout(load_yaml(read_text(path), path.name), path)


@cache
def card_layouts() -> dict[str, CardLayout]:
    """The shipped card layouts by name, in a stable order."""
    out: dict[str, CardLayout] = {}
    for path in sorted((layouts_dir() / "cards").glob("*.yaml")):
        layout = load_card_layout(path)
        out[layout.name] = replace(layout, source=None)
    return out


_ENVELOPE_KEYS = ("description", "size", "iso", "recipient", "return", "stamp", "flap")
_ZONE_KEYS = ("left", "right", "width", "top", "bottom", "height")


def _envelope_zone(
    node: Node, width: float, height: float, extra: tuple[str, ...] = ()
) -> tuple[Zone, dict[str, Node]]:
    """A zone given by lengths from the envelope's edges, e.g.
    ``{left: 0.375in, top: 0.375in, width: 2.5in, height: 1in}``.

    Across, exactly two of ``left``/``right``/``width``; down, exactly two of
    ``top``/``bottom``/``height``. The zone must lie on the envelope.
    """
    m = node.mapping((*_ZONE_KEYS, *extra))
    v = {k: m[k].length() for k in _ZONE_KEYS if k in m}
    for axis in (("left", "right", "width"), ("top", "bottom", "height")):
        if sum(k in v for k in axis) != 2:
            raise node.error(f"give exactly two of {', '.join(axis)}")
    if "left" in v:
        x = v["left"]
        w = v["width"] if "width" in v else width - v["right"] - x
    else:
        w = v["width"]
        x = width - v["right"] - w
    if "bottom" in v:
        y = v["bottom"]
        h = v["height"] if "height" in v else height - v["top"] - y
    else:
        h = v["height"]
        y = height - v["top"] - h
    zone = Zone(x, y, w, h)
    if w < 18 or h < 18:
        raise node.error("is smaller than 1/4 in across or down")
    if not Zone(0, 0, width, height).contains(zone):
        raise node.error(f"does not lie on the {width / 72:.4g} × {height / 72:.4g} in envelope")
    return zone, m


def _overlap(a: Zone, b: Zone) -> bool:
    return a.x < b.right and b.x < a.right and a.y < b.top and b.y < a.top


def _envelope_layout(name: str, node: Node) -> EnvelopeLayout:
    e = node.mapping(_ENVELOPE_KEYS, required=("size", "recipient", "return", "stamp", "flap"))
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", name):
        raise node.error("envelope names are lower-case words (a-z, 0-9, -)")
    w, h = _size(e["size"])
    w, h = max(w, h), min(w, h)
    recipient, rm = _envelope_zone(e["recipient"], w, h, extra=("start",))
    start = recipient.x
    if "start" in rm:
        start = rm["start"].length()
        if not recipient.x <= start < recipient.right:
            raise rm["start"].error("must lie inside the recipient zone (from its left edge)")
    sender, _ = _envelope_zone(e["return"], w, h)
    stamp, _ = _envelope_zone(e["stamp"], w, h)
    flap, _ = _envelope_zone(e["flap"], w, h)
    for key, zone, others in (
        ("recipient", recipient, (("return", sender), ("stamp", stamp))),
        ("return", sender, (("stamp", stamp),)),
    ):
        for other, z in others:
            if _overlap(zone, z):
                raise e[key].error(f"overlaps the {other} zone")
    return EnvelopeLayout(
        name=name,
        description=e["description"].text() if "description" in e else "",
        width=w,
        height=h,
        iso=e["iso"].boolean() if "iso" in e else False,
        recipient=recipient,
        recipient_start=start,
        sender=sender,
        stamp=stamp,
        flap=flap,
    )


def load_envelope_layouts(path: Path) -> dict[str, EnvelopeLayout]:
    """Read and validate an envelopes file (the shipped one or a user's)."""
    root = load_yaml(read_text(path), path.name)
    m = root.mapping(("envelopes",), required=("envelopes",))
    return {name: _envelope_layout(name, node) for name, node in m["envelopes"].items()}


@cache
def envelope_layouts() -> dict[str, EnvelopeLayout]:
    """The shipped envelopes by name (landscape: width > height)."""
    return load_envelope_layouts(layouts_dir() / "envelopes.yaml")


# -- pens ---------------------------------------------------------------------

# key → (the InkPen field, lowest, highest, unit): a length's bounds are in mm.
_PEN_KEYS: dict[str, tuple[str, float, float, str]] = {
    "width": ("width_mm", 0.1, 2.0, "mm"),
    "swell": ("swell", 0.0, 1.0, ""),
    "lift": ("lift", 0.2, 1.0, ""),
    "tail": ("tail_mm", 0.0, 5.0, "mm"),
    "blob": ("blob", 0.0, 0.5, ""),
    "nib_angle": ("nib_angle_deg", -90.0, 180.0, "°"),
    "nib_min": ("nib_min", 0.1, 1.0, ""),
    "opacity": ("opacity", 0.2, 1.0, ""),
    "tone": ("tone", 0.0, 0.3, ""),
}


def _pen(name: str, node: Node, line: int) -> InkPen:
    if not re.fullmatch(r"[a-z][a-z0-9-]{0,30}", name):
        raise node.error("pen names are lower-case words (a-z, 0-9, -)")
    m = node.mapping(tuple(_PEN_KEYS), required=("width",))
    values: dict[str, float] = {}
    for key, value in m.items():
        field, low, high, unit = _PEN_KEYS[key]
        number = round(millimetres(value.length()), 6) if unit == "mm" else value.number()
        if not (math.isfinite(number) and low <= number <= high):
            raise value.error(f"must be between {low:g}{unit} and {high:g}{unit}, got {number:g}")
        values[field] = number
    pen = InkPen(name=name, source=node.file, line=line, **values)
    if "tone" in m and pen.tone >= pen.opacity:  # the opacity given, or the default
        raise m["tone"].error(f"must be less than the opacity ({pen.opacity:g})")
    return pen


def load_pens(path: Path) -> dict[str, InkPen]:
    """Read and validate a pens file: the pens by name, the ``default`` one first."""
    root = load_yaml(read_text(path), path.name)
    m = root.mapping(("default", "pens"), required=("default", "pens"))
    items = list(m["pens"].items())
    lines = [key.start_mark.line + 1 for key, _ in m["pens"].raw.value]  # each pen's name
    table = {name: _pen(name, node, line) for (name, node), line in zip(items, lines, strict=True)}
    if not table:
        raise m["pens"].error("lists no pen")
    default = m["default"].text(max_len=40)
    if default not in table:
        raise m["default"].error(f"unknown pen '{default}' (valid: {', '.join(table)})")
    return {default: table[default]} | {k: v for k, v in table.items() if k != default}


@cache
def pens() -> dict[str, InkPen]:
    """The shipped pens by name, the default (``layouts/pens.yaml``'s ``default``) first."""
    return load_pens(layouts_dir() / "pens.yaml")
