"""Layout stage: how a printed sheet becomes cards — the turn and the folds, as data.

The steps the plan and the README give are made from these, and the tests
fold a sheet by them geometrically, so words and paper cannot drift apart.
"""

from __future__ import annotations

import msgspec

from cardgen.layout.geometry import Sheet

__all__ = ["Fold", "Turn", "fold_steps", "print_steps", "reload_turn"]


class Turn(msgspec.Struct, frozen=True):
    """How a sheet goes back into the printer for its second side, by hand.

    ``end_over_end``: turned over about the line across the feed, so the edge
    that came out first goes back in last (otherwise turned over side to side).
    """

    end_over_end: bool

    def text(self) -> str:
        """The step in words."""
        if self.end_over_end:
            return (
                "turn the stack over end over end: the edge that came out of the printer "
                "first goes back in last"
            )
        return "turn the stack over side to side: the same edge goes in first again"


class Fold(msgspec.Struct, frozen=True):
    """One fold: the ``half`` ("top", "left"…) goes ``way`` ("behind" or "forward")."""

    half: str
    way: str

    def text(self) -> str:
        """The step in words."""
        return f"fold the {self.half} half {self.way}"


def reload_turn(sheet: Sheet) -> Turn | None:
    """How the sheet goes back in for its back pages; None if it is one-sided.

    The back pages are laid out for a flip on the edge across the feed (the
    long axis of a landscape page runs along the feed, and so does a portrait
    page's): by hand, that is a turn end over end.
    """
    if sheet.pages < 2:
        return None
    return Turn(end_over_end=True)


def fold_steps(fold: str) -> tuple[Fold, ...]:
    """The folds that make one printed card, held printed side (the front page) up.

    A half-fold card is held with its outside spread up and the front on the
    right; a quarter-fold sheet is held as printed, the "Thank you" front at
    the bottom right.
    """
    if fold == "half":
        return (Fold("left", "behind"),)
    if fold == "quarter":
        return (Fold("top", "behind"), Fold("left", "behind"))
    return ()


def print_steps(sheet: Sheet, fold: str, *, cut: bool) -> list[str]:
    """The printing, turning, cutting and folding steps, in words, one per line."""
    steps = []
    turn = reload_turn(sheet)
    if turn is not None:
        steps.append("Two-sided: print with 'flip on short edge' (a landscape sheet's short edge).")
        steps.append(
            "No duplex? Print the odd pages (1, 3, …), then "
            + turn.text()
            + ", and print the even pages (2, 4, …). Try one sheet first."
        )
    else:
        steps.append("One-sided: print the pages as they are.")
    if cut:
        steps.append("Cut along the solid marks (a craft knife and a steel ruler cut cleanest).")
    folds = fold_steps(fold)
    if fold == "half":
        steps.append(
            "Score each fold along its dashed marks; hold the card with the 'Thank you' "
            "front on the right, the right way up, then " + folds[0].text() + "."
        )
    elif fold == "quarter":
        steps.append(
            "Score along the dashed marks; hold the sheet as printed, then "
            + folds[0].text()
            + ", then "
            + folds[1].text()
            + ": the front faces you, the note inside on the right."
        )
    return steps
