"""cardgen: thank-you emails, handwritten-looking cards and envelopes after an interview.

The library does the work (:mod:`cardgen.app` joins the stages); :mod:`cardgen.cli`
is a thin Typer layer on top. The public names below load on first use, so
``import cardgen`` (and ``cardgen --help``) stays light::

    import cardgen

    interview = cardgen.load(Path("samples/hartwell.yaml"))
    plan = cardgen.plan(interview, cardgen.Options(out=Path("kit")))
    findings = cardgen.check(plan, now="2026-11-21T09:00")
    result = cardgen.make(plan)
"""

from __future__ import annotations

TYPE_CHECKING = False  # not typing's: loading it would delay the command's Ctrl-C handling
if TYPE_CHECKING:
    from typing import Any

__version__ = "0.2.0"
__all__ = ["Options", "Plan", "__version__", "check", "from_text", "load", "make", "plan"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from cardgen import app

        return getattr(app, name)
    raise AttributeError(f"module 'cardgen' has no attribute {name!r}")
