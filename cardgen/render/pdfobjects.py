"""Render stage: ReportLab's PDF objects, written byte for byte as it writes them, for less.

Importing this module puts these in ReportLab's place (every PDF we write goes
through them; :mod:`cardgen.render.pdf` imports it):

* :class:`Form`, what ``Canvas.endForm`` makes: a card page drawn as a form on
  the print sheet keeps its ink's graphics states, its content is not encoded
  character by character, and it ends as a page does (so it is its page's very
  stream in card.pdf, compressed once);
* :class:`QuickFlate`, the Flate filter of pages and embedded fonts: libdeflate at
  its level 1, a stream the run compressed before (the same envelope in
  ``envelope.pdf`` and on the envelope sheet, the same font subset in every
  document) compressed once;
* :class:`TrueTypeFont`, a font subset's font dictionary: its widths array
  formatted once per run, not number by number in every document;

* :func:`pdf_name`, ReportLab's ``PDFName``: each name (a dictionary's keys, in
  every object of every document) escaped once per run;
* :func:`pdfdoc_enc`, ReportLab's ``pdfdocEnc`` (every key, number and string of
  every object through its Python codec): ASCII that PDFDocEncoding keeps as is
  encoded as ASCII;

and :func:`subsetting_once` makes a font's subsets once per run, and the
ToUnicode map of a subset (what its codes read as) is made once per run.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any

import deflate
from reportlab.pdfbase import pdfdoc, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

__all__ = [
    "Form",
    "QuickFlate",
    "TrueTypeFont",
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
        # A form's operators end as a page's do (``Canvas.showPage`` adds a space, for
        # Ghostscript, and ``PDFPage.setStream`` a line end): a card page drawn as a form
        # on the print sheet is then the very stream of its page in card.pdf, and
        # QuickFlate compresses it once a run, not twice.
        text = "\n".join([*data, " "]) + "\n" if isinstance(data, (list, tuple)) else data
        # ReportLab encodes a form's content as PDFDocEncoding, character by character
        # (a card's page: a few ms); for ASCII without the codes it maps elsewhere (24-31,
        # which it refuses) that is the ASCII bytes themselves.
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
    """Flate by libdeflate (``deflate``, zlib's format) at its level 1 instead of zlib at
    its default 6: a kit's streams (a pen's ink, outline paths and fonts: some 390 KB
    an interviewer) compress in a twentieth of the time, 15 % larger (zlib's own level
    1 takes three and a half times as long as libdeflate's and gives 8 % more). Its
    output is the same for the same input (for a given libdeflate, as its author
    promises, and as tests/render/test_pdf_cost.py checks).

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
            done = self._done[data] = bytes(deflate.zlib_compress(data, 1))  # (a bytearray)
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
