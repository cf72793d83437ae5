"""Orchestrator: the one place the stages meet — load, then plan, then make.

The CLI (and a library user) calls::

    interview = load(path)                   # or from_text(note, to=…, company=…)
    run = plan(interview, options, catalogue(interview, options))
    findings = check(run, now)               # the advice, from the run's fits
    result = make(run)                       # compose, draw, write the kit

:func:`catalogue` reads everything a run may use besides the interview, once
(:mod:`cardgen.input.catalogue`). :func:`plan` is pure: from the interview,
the options and the catalogue it decides every choice once and fits each
card, composes each envelope and inks the signature, so ``check`` and
``make`` see the same results (:class:`Run`). :func:`make` composes each card
from its fit, draws everything in memory and writes the kit as one unit.

Modules: :mod:`~cardgen.app.types` (the values), :mod:`~cardgen.app.loading`,
:mod:`~cardgen.app.planning`, :mod:`~cardgen.app.checklist` (checks, what was
left out, ``plan.txt``), :mod:`~cardgen.app.making`, :mod:`~cardgen.app.commands`
(``init``, ``calibrate``, ``preview``). Each name loads its module on first use,
so a command imports only what it runs: ``check`` never loads the writer or
the mail stage, ``init`` no layout code.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cardgen.app.checklist import check, stop_on_unmade
    from cardgen.app.commands import calibrate, init, preview
    from cardgen.app.hands import hand_add, hand_list, hand_remove, hand_template
    from cardgen.app.loading import catalogue, from_text, load
    from cardgen.app.making import compose_cards, make
    from cardgen.app.planning import address_hand, card_text, choose_envelope, font_set, plan
    from cardgen.app.types import CardJob, EnvelopeJob, KitResult, Options, Run
    from cardgen.textrules import parse_now

__all__ = [
    "CardJob",
    "EnvelopeJob",
    "KitResult",
    "Options",
    "Run",
    "address_hand",
    "calibrate",
    "card_text",
    "catalogue",
    "check",
    "choose_envelope",
    "compose_cards",
    "font_set",
    "from_text",
    "hand_add",
    "hand_list",
    "hand_remove",
    "hand_template",
    "init",
    "load",
    "make",
    "parse_now",
    "plan",
    "preview",
    "stop_on_unmade",
]

# Where each public name lives: loaded on first use (PEP 562).
_HOMES = {
    "cardgen.app.checklist": ("check", "stop_on_unmade"),
    "cardgen.app.commands": ("calibrate", "init", "preview"),
    "cardgen.app.hands": ("hand_add", "hand_list", "hand_remove", "hand_template"),
    "cardgen.app.loading": ("catalogue", "from_text", "load"),
    "cardgen.app.making": ("compose_cards", "make"),
    "cardgen.app.planning": ("address_hand", "card_text", "choose_envelope", "font_set", "plan"),
    "cardgen.app.types": ("CardJob", "EnvelopeJob", "KitResult", "Options", "Run"),
    "cardgen.textrules": ("parse_now",),
}
_HOME = {name: module for module, names in _HOMES.items() for name in names}


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module 'cardgen.app' has no attribute {name!r}")
    value = getattr(import_module(_HOME[name]), name)
    globals()[name] = value
    return value
