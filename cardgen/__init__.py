"""cardgen: thank-you emails, handwritten-looking cards and envelopes after an interview.

The library does the work (:mod:`cardgen.app` joins the stages: load, then
plan, then make); :mod:`cardgen.cli` is a thin Typer layer on top. The public
names below load on first use, so ``import cardgen`` (and ``cardgen --help``)
stays light::

    import cardgen

    interview = cardgen.load(Path("samples/hartwell.yaml"))
    options = cardgen.Options(out=Path("kit"))
    run = cardgen.plan(interview, options, cardgen.catalogue(interview, options))
    findings = cardgen.check(run, now="2026-11-21T09:00")
    result = cardgen.make(run)
"""

from __future__ import annotations

TYPE_CHECKING = False  # not typing's: loading it would delay the command's Ctrl-C handling
if TYPE_CHECKING:
    from typing import Any

__version__ = "0.2.0"
__all__ = [
    "Options",
    "Run",
    "__version__",
    "catalogue",
    "check",
    "from_text",
    "load",
    "make",
    "plan",
]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from cardgen import app

        return getattr(app, name)
    raise AttributeError(f"module 'cardgen' has no attribute {name!r}")
