"""cardgen: thank-you emails, handwritten-looking cards and envelopes after an interview.

The library does the work; :mod:`cardgen.cli` is a thin Typer layer on top.
Heavy modules (ReportLab, Pillow) load only when a kit is rendered.
"""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["__version__"]
