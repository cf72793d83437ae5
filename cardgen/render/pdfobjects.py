"""Render stage: ReportLab's PDF objects, written byte for byte as it writes them, for less.

Importing this module puts these in ReportLab's place (every PDF we write goes
through them; :mod:`cardgen.render.pdf` imports it):

* :class:`Form`, what ``Canvas.endForm`` makes: a card page drawn as a form on
  the print sheet keeps its ink's graphics states, and its content is not
  encoded character by character;
* :class:`QuickFlate`, the Flate filter of pages and embedded fonts: zlib level 1,
  a stream the run compressed before (the same envelope in ``envelope.pdf`` and on
  the envelope sheet, the same font subset in every document) compressed once;
* :class:`TrueTypeFont`, a font subset's font dictionary: its widths array
  formatted once per run, not number by number in every document;

* :func:`pdf_name`, ReportLab's ``PDFName``: each name (a dictionary's keys, in
  every object of every document) escaped once per run;
* :func:`pdfdoc_enc`, ReportLab's ``pdfdocEnc`` (every key, number and string of
  every object through its Python codec): ASCII that PDFDocEncoding keeps as is
  encoded as ASCII;
* :func:`pdf_format`, ReportLab's ``format`` (how every object, number and string
  of a PDF is written): a number written before looked up as its bytes;
* :func:`dictionary_format`, ReportLab's ``PDFDictionary.format``: each key
  (a name and a space) written once per run;
* :func:`fp_str`, ReportLab's number formatting (without its C accelerator):
  each number as ReportLab writes it, without its digit-by-digit loop, a number
  met again looked up;

and :func:`subsetting_once` makes a font's subsets once per run, and the
ToUnicode map of a subset (what its codes read as) is made once per run.
"""

from __future__ import annotations

import math
import re
import zlib
from collections import OrderedDict
from collections.abc import Callable
from functools import cache
from typing import Any

from reportlab import rl_config
from reportlab.lib import rl_accel
from reportlab.pdfbase import pdfdoc, ttfonts
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas, pathobject, textobject

__all__ = [
    "Form",
    "QuickFlate",
    "TrueTypeFont",
    "dictionary_format",
    "fp_str",
    "pdf_format",
    "pdf_name",
    "pdfdoc_enc",
    "subsetting_once",
    "to_unicode_cmap",
]


class Form(pdfdoc.PDFFormXObject):
    """ReportLab's form XObject, with the graphics states its content names (a pen's
    ink alphas): ReportLab keeps them (``ExtGState``) but leaves them out of the form's
    resources, so a card page drawn as a form on the print sheet would lose them."""

    ExtGState = None

    def format(self, document: Any) -> Any:
        if not getattr(self, "Resources", None) and self.ExtGState:
            resources = pdfdoc.PDFResourceDictionary()
            resources.basicFonts()
            if self.hasImages:
                resources.allProcs()
            else:
                resources.basicProcs()
            if self.XObjects:
                resources.XObject = self.XObjects
            resources.ExtGState = self.ExtGState
            self.Resources = resources
        return super().format(document)

    def setStreamList(self, data: Any) -> None:
        # ReportLab encodes a form's content as PDFDocEncoding, character by character
        # (a card's page: a few ms); for ASCII without the codes it maps elsewhere (24-31,
        # which it refuses) that is the ASCII bytes themselves.
        text = "\n".join(data) if isinstance(data, (list, tuple)) else data
        if isinstance(text, str) and text.isascii() and not _pdfdoc_gap(text):
            self.stream = text.encode("ascii")
        else:
            super().setStreamList(text)


_PDFDOC_GAP = "".join(map(chr, range(0x18, 0x20)))  # ASCII that PDFDocEncoding does not keep


def _pdfdoc_gap(text: str) -> bool:
    """Whether ``text`` has a character of :data:`_PDFDOC_GAP`: one ``in`` (a memchr
    scan) a character, some fifty times quicker than a regex class over a page."""
    return any(ch in text for ch in _PDFDOC_GAP)


class QuickFlate(pdfdoc.PDFStreamFilterZCompress):
    """Flate at zlib's level 1 instead of its default 6: a kit's streams (a megabyte of
    outline paths and fonts) compress in an eighth of the time, 16 % larger.

    The last :data:`KEPT` bytes of streams compressed are kept with what they gave:
    a stream met again (a font subset, an envelope drawn into its own PDF and then
    onto the envelope sheet) is not compressed again."""

    KEPT = 16 << 20  # bytes of streams kept, oldest forgotten first

    def __init__(self) -> None:
        self._done: dict[bytes, bytes] = {}
        self._kept = 0

    def encode(self, text: str | bytes) -> bytes:
        data = text.encode("utf8") if isinstance(text, str) else text
        done = self._done.get(data)
        if done is None:
            done = self._done[data] = zlib.compress(data, 1)
            self._kept += len(data)
            while self._kept > self.KEPT:
                oldest = next(iter(self._done))
                self._kept -= len(oldest)
                del self._done[oldest]
        return done


class TrueTypeFont(pdfdoc.PDFTrueTypeFont):
    """A font subset's font dictionary; its ``Widths`` (a list of the subset's 256 or
    fewer advance widths) formatted once per run as ReportLab formats the array."""

    def format(self, document: Any) -> Any:
        widths = getattr(self, "Widths", None)
        # A plain array only (a subclass may format otherwise); isinstance for the checker.
        if isinstance(widths, pdfdoc.PDFArray) and type(widths) is pdfdoc.PDFArray:
            self.Widths = _formatted_array(tuple(widths.sequence))
        return super().format(document)


class _Formatted(pdfdoc.PDFObject):
    """An object whose formatting is known: its bytes."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def format(self, document: Any) -> bytes:
        return self.data


@cache
def _formatted_array(numbers: tuple[float, ...]) -> _Formatted:
    """``numbers`` as ReportLab formats a ``PDFArray`` of them (numbers need no document)."""
    return _Formatted(pdfdoc.PDFArray(list(numbers)).format(None))


def subsetting_once(font: TTFont) -> TTFont:
    """``font``, whose face makes each subset (the font file a document embeds) once:
    every document of a run that uses the same characters of it embeds the same bytes."""
    face = font.face
    make: Callable[[list[int]], bytes] = face.makeSubset
    made: dict[tuple[int, ...], bytes] = {}

    def subset_once(subset: list[int]) -> bytes:
        key = tuple(subset)
        data = made.get(key)
        if data is None:
            data = made[key] = make(subset)
        return data

    face.makeSubset = subset_once
    return font


_PDF_NAME = pdfdoc.PDFName  # ReportLab's own
_NAMES: dict[str, str] = {}


def pdf_name(data: str, lo: str = "!", hi: str = "~") -> str:
    """``/data`` with the characters a PDF name may not hold as ``#xx``: ReportLab's
    ``PDFName``, which escapes a name character by character each time it writes one,
    kept for each name met (a run's few hundred: keys, fonts, graphics states)."""
    if lo != "!" or hi != "~" or type(data) is not str:
        return _PDF_NAME(data, lo, hi)
    name = _NAMES.get(data)
    if name is None:
        name = _NAMES[data] = _PDF_NAME(data)
    return name


_PDFDOC_ENC = pdfdoc.pdfdocEnc  # ReportLab's own
_GAP = re.compile(f"[{_PDFDOC_GAP}]")


def pdfdoc_enc(x: Any) -> Any:
    """ReportLab's ``pdfdocEnc``: a str as PDFDocEncoding's bytes, anything else as it is.
    ASCII without the codes PDFDocEncoding maps elsewhere (:data:`_PDFDOC_GAP`) is
    its ASCII bytes, encoded without ReportLab's codec (a PDF formats some 250
    keys, names and numbers through it)."""
    if type(x) is str and x.isascii() and (x.isprintable() or _GAP.search(x) is None):
        return x.encode("ascii")
    return _PDFDOC_ENC(x)


_FP_STR = rl_accel.fp_str  # ReportLab's own
_LOG_E_10 = math.log(10.0)
_PLACES = ("%.0f", "%.1f", "%.2f", "%.3f", "%.4f", "%.5f", "%.6f")
_NUMBERS: dict[Any, str] = {}  # numbers met, as written (forgotten past a few thousand)


def _number(x: Any) -> str:
    """``x`` as ReportLab's ``fp_str`` writes it: 6 significant digits at most, 6
    places at most, without trailing zeros, a point or a leading zero (".5")."""
    written = _NUMBERS.get(x)
    if written is None:
        size = abs(x)
        if size <= 1e-7:
            written = "0"
        else:
            # ReportLab's own arithmetic: log(x) / log(10), not log10, truncated.
            places = 6 if size <= 1 else min(max(0, 6 - int(math.log(size) / _LOG_E_10)), 6)
            written = _PLACES[places] % x
            if places:
                written = written.rstrip("0")
                if written[-1] == ".":
                    written = written[:-1]
            if written[0] == "0" and len(written) > 1:
                written = written[1:]
        if len(_NUMBERS) >= 4096:
            _NUMBERS.clear()
        _NUMBERS[x] = written
    return written


def fp_str(*numbers: Any) -> str:
    """ReportLab's ``fp_str``: the numbers (or one list or tuple of them) written as it
    writes them (:func:`_number`), separated by spaces."""
    one = len(numbers) == 1 and isinstance(numbers[0], (tuple, list))
    return " ".join(map(_number, numbers[0] if one else numbers))


_FORMAT = pdfdoc.format  # ReportLab's own
_NUMBER_BYTES: dict[Any, bytes] = {}  # numbers met, as written (forgotten past a few thousand)


def pdf_format(element: Any, document: Any, toplevel: int = 0) -> Any:
    """ReportLab's ``format``: an object (at the top level or as a reference to it if it
    must stand there), a number (written by :func:`fp_str`), bytes or text as a
    PDF holds it; a whole number or float written before looked up as its bytes."""
    kind = type(element)
    if kind is float or kind is int:  # not a bool (written as "True")
        data = _NUMBER_BYTES.get(element)
        if data is None:
            if len(_NUMBER_BYTES) >= 4096:
                _NUMBER_BYTES.clear()
            data = _NUMBER_BYTES[element] = pdfdoc_enc(fp_str(element))
        return data
    if kind is bytes:
        return element
    if kind is str:
        return pdfdoc_enc(element)
    if (
        isinstance(element, pdfdoc.PDFObject)
        and (toplevel or not hasattr(element, "__RefOnly__"))
        and (rl_config.invariant or not rl_config.pdfComments)
    ):
        return element.format(document)
    return _FORMAT(element, document, toplevel)


_DICTIONARY_FORMAT = pdfdoc.PDFDictionary.format  # ReportLab's own
_KEYS: dict[str, bytes] = {}  # each key as a dictionary writes it, and the space after


def dictionary_format(self: Any, document: Any, IND: bytes = b"\n ") -> bytes:
    """ReportLab's ``PDFDictionary.format``: ``<<``, each key (sorted, unless the
    dictionary is ordered) and its value, ``>>``, a pair a line (or six a line);
    each key's name written once per run."""
    entries = self.dict
    keys = list(entries.keys())
    if not isinstance(entries, OrderedDict):
        keys.sort()
    lines = []
    for key in keys:
        name = _KEYS.get(key) if type(key) is str else None
        if name is None:
            name = pdfdoc.format(pdfdoc.PDFName(key), document) + b" "
            if type(key) is str:
                _KEYS[key] = name
        lines.append(name + pdfdoc.format(entries[key], document))
    if (self.multiline and rl_config.pdfMultiLine) or self.multiline == "forced":
        return b"<<\n" + IND.join(lines) + b"\n>>"
    for i in reversed(range(6, len(lines), 6)):  # a line break every six entries
        lines.insert(i, b"\n ")
    return b"<<\n" + b" ".join(lines) + b"\n>>"


_TO_UNICODE = ttfonts.makeToUnicodeCMap  # ReportLab's own


@cache
def _to_unicode(name: str, subset: tuple[int, ...]) -> str:
    return _TO_UNICODE(name, list(subset))


def to_unicode_cmap(name: str, subset: list[int]) -> str:
    """ReportLab's ToUnicode CMap of font subset ``name`` (its codes' characters), made
    once per run for each subset: every document embeds the same ASCII subsets."""
    return _to_unicode(name, tuple(subset))


ttfonts.makeToUnicodeCMap = to_unicode_cmap  # what a TrueType font's subsets are read by
pdfdoc.PDFName = pdf_name  # what ReportLab's dictionaries and fonts name things by
pdfdoc.PDFFormXObject = Form  # what Canvas.endForm makes
pdfdoc.PDFZCompress = QuickFlate()  # what ReportLab's pages and embedded fonts are filtered by
pdfdoc.PDFTrueTypeFont = TrueTypeFont  # what a TrueType font's subsets are described by
pdfdoc.pdfdocEnc = pdfdoc_enc  # what ReportLab's objects encode their text by
pdfdoc.format = pdf_format  # what ReportLab's objects write their parts by
pdfdoc.PDFDictionary.format = dictionary_format  # how every dictionary is written
if hasattr(_FP_STR, "__code__"):  # ReportLab's in Python, not its C accelerator's: ours
    for _module in (pdfdoc, ttfonts, canvas, pathobject, textobject):
        _module.fp_str = fp_str  # type: ignore[attr-defined]
