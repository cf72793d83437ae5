"""The turn and the folds the plan and README give, done to paper geometrically.

A sheet is a set of facets: each panel of a card with the map from its own
coordinates to where it now lies (seen by someone looking down at the paper),
which way its printed side faces, and its layer. Folding reflects the facets
of one half across the fold line, turns them over and stacks them behind (or
in front of) the rest. The steps come from :mod:`cardgen.layout.folding`, so
words that would give a wrong card fail here.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace

import pytest
from cardfixtures import layout

from cardgen.layout.folding import Fold, Turn, fold_steps, print_steps, reload_turn
from cardgen.layout.geometry import (
    PAPER,
    Matrix,
    apply,
    card_pages,
    impose,
    multiply,
    panel_matrix,
)


@dataclass(frozen=True)
class Facet:
    """A panel of paper: ``m`` maps panel coordinates to where it lies now."""

    role: str
    m: Matrix
    up: bool  # its printed side faces the viewer
    layer: int  # 0 is nearest the viewer


def _box(facets: list[Facet], w: float, h: float) -> tuple[float, float, float, float]:
    pts = [apply(f.m, x, y) for f in facets for x in (0, w) for y in (0, h)]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return min(xs), min(ys), max(xs), max(ys)


def fold(facets: list[Facet], step: Fold, w: float, h: float) -> list[Facet]:
    """Fold the ``step.half`` of the paper ``step.way``."""
    x0, y0, x1, y1 = _box(facets, w, h)
    mid_x, mid_y = (x0 + x1) / 2, (y0 + y1) / 2
    if step.half in ("top", "bottom"):
        mirror: Matrix = (1.0, 0.0, 0.0, -1.0, 0.0, 2 * mid_y)
    else:
        mirror = (-1.0, 0.0, 0.0, 1.0, 2 * mid_x, 0.0)

    def moves(f: Facet) -> bool:
        cx, cy = apply(f.m, w / 2, h / 2)
        return {"top": cy > mid_y, "bottom": cy < mid_y, "left": cx < mid_x, "right": cx > mid_x}[
            step.half
        ]

    still = [f for f in facets if not moves(f)]
    moving = [f for f in facets if moves(f)]
    deepest = max(f.layer for f in facets)
    out = list(still)
    for f in moving:
        m = multiply(f.m, mirror)
        # Reversed, and behind everything that stayed (or in front of it).
        layer = deepest + 1 + (deepest - f.layer) if step.way == "behind" else -1 - f.layer
        out.append(Facet(f.role, m, not f.up, layer))
    low = min(f.layer for f in out)
    return [replace(f, layer=f.layer - low) for f in out]


def reads_upright(f: Facet) -> bool:
    """Seen by the viewer, the panel is the right way round and the right way up."""
    a, b, c, d, _, _ = f.m
    return f.up and (a, b, c, d) == pytest.approx((1, 0, 0, 1))


def reads_upright_from_behind(f: Facet) -> bool:
    """Seen after turning the paper over side to side, it reads upright."""
    a, b, c, d, _, _ = f.m
    return (not f.up) and (a, b, c, d) == pytest.approx((-1, 0, 0, 1))


def open_card(facets: list[Facet], w: float, h: float) -> dict[str, Facet]:
    """Open a folded card like a book from its front: the cover swings left about
    the spine (its left edge), so its inside lies left of the spine, facing up."""
    x0, _, _, _ = _box(facets, w, h)
    cover_depth = _cover(facets)
    swing: Matrix = (-1.0, 0.0, 0.0, 1.0, 2 * x0, 0.0)
    out = {}
    for f in facets:
        if f.layer <= cover_depth:
            out[f.role] = Facet(f.role, multiply(f.m, swing), not f.up, f.layer)
        else:
            out[f.role] = f
    return out


def _cover(facets: list[Facet]) -> int:
    """The deepest layer of the front cover: the layers above the first that faces up
    again behind one facing away (the inside of a card faces the note)."""
    ordered = sorted(facets, key=lambda f: f.layer)
    for a, b in itertools.pairwise(ordered):
        if not a.up and b.up:
            return a.layer
    raise AssertionError("the paper does not open like a card")


def assert_is_a_card(facets: list[Facet], w: float, h: float) -> None:
    """Folded paper that is the card: the front on top and upright, the back
    last and upright from behind; opened, the blank inside-left on the left of
    the spine and the note on the right, both upright."""
    by = {f.role: f for f in facets}
    assert min(facets, key=lambda f: f.layer).role == "front"
    assert reads_upright(by["front"])
    assert max(facets, key=lambda f: f.layer).role == "back"
    assert reads_upright_from_behind(by["back"])
    opened = open_card(facets, w, h)
    assert reads_upright(opened["message"]) and reads_upright(opened["inside"])
    mx, _ = apply(opened["message"].m, w / 2, h / 2)
    ix, _ = apply(opened["inside"].m, w / 2, h / 2)
    assert ix < mx


# -- quarter-fold -----------------------------------------------------------------------


def _quarter_facets(name: str) -> tuple[list[Facet], float, float]:
    (page,) = card_pages(layout(name))
    facets = [Facet(p.role, panel_matrix(p), True, 0) for p in page.panels]
    return facets, page.width / 2, page.height / 2


@pytest.mark.parametrize("name", ["a2-quarterfold", "a6-quarterfold"])
def test_the_quarter_fold_steps_make_the_card(name):
    facets, w, h = _quarter_facets(name)
    for step in fold_steps("quarter"):
        facets = fold(facets, step, w, h)
    assert_is_a_card(facets, w, h)


def test_the_old_quarter_fold_words_put_the_note_on_the_cover():
    """'Fold top to bottom, then left to right' (both halves forward): wrong."""
    facets, w, h = _quarter_facets("a2-quarterfold")
    for step in (Fold("top", "forward"), Fold("left", "forward")):
        facets = fold(facets, step, w, h)
    nearest = min(facets, key=lambda f: f.layer)
    assert nearest.role != "front"


# -- half-fold: the turn between the sides, then the fold ----------------------------------


def _driver_turns(sheet_w: float, sheet_h: float, clockwise: bool) -> Matrix:
    """Page → the sheet as it lies in the tray (portrait, top edge leading).

    A landscape page is turned a quarter onto the portrait sheet, one way or the
    other: which way depends on the printer's driver, so both are tried.
    """
    if sheet_w <= sheet_h:
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    if clockwise:
        return (0.0, -1.0, 1.0, 0.0, 0.0, sheet_w)
    return (0.0, 1.0, -1.0, 0.0, sheet_h, 0.0)


def _turned_back_in(turn: Turn, tray_w: float, tray_h: float) -> Matrix:
    """Tray position of a point on the printed side → the same point of paper,
    seen from the other side, where the sheet lies after the turn.

    End over end: turned about the line across the feed (y runs along the feed);
    side to side: about the line along it.
    """
    if turn.end_over_end:
        return (1.0, 0.0, 0.0, -1.0, 0.0, tray_h)
    return (-1.0, 0.0, 0.0, 1.0, tray_w, 0.0)


def _invert(m: Matrix) -> Matrix:
    a, b, c, d, e, f = m
    det = a * d - b * c
    ia, ib, ic, id_ = d / det, -b / det, -c / det, a / det
    return (ia, ib, ic, id_, -(e * ia + f * ic), -(e * ib + f * id_))


def _registers(name: str, paper: str, turn: Turn, clockwise: bool) -> bool:
    """Whether each inside spread lands behind its own outside spread, upright."""
    lay = layout(name)
    sheet = impose(lay, paper)
    outside, inside = card_pages(lay)
    tray_w, tray_h = sorted(PAPER[paper])
    to_tray = _driver_turns(sheet.width, sheet.height, clockwise)
    flip = _turned_back_in(turn, tray_w, tray_h)
    for slot in sheet.slots:
        for p, q in ((0.3 * inside.width, 0.2 * inside.height), (10.0, inside.height - 10)):
            # Printed on the back: page 2 point → tray → the paper point, seen from the front.
            tray = apply(to_tray, *apply(slot.matrices[1], p, q))
            paper_point = apply(_invert(flip), *tray)
            front_page = apply(_invert(to_tray), *paper_point)
            on_outside = apply(_invert(slot.matrices[0]), *front_page)
            # The inside spread lies behind the outside mirrored across the fold.
            if on_outside != pytest.approx((outside.width - p, q), abs=1e-6):
                return False
    return True


@pytest.mark.parametrize(
    ("name", "paper"),
    [
        ("a2-halffold", "letter"),
        ("a2-halffold", "a4"),
        ("a6-halffold", "a4"),
        ("a6-halffold", "letter"),
    ],
)
@pytest.mark.parametrize("clockwise", [True, False])
def test_the_reload_turn_puts_each_note_behind_its_own_cover(name, paper, clockwise):
    turn = reload_turn(impose(layout(name), paper))
    assert turn is not None
    assert _registers(name, paper, turn, clockwise)


@pytest.mark.parametrize("clockwise", [True, False])
def test_the_old_words_reloading_with_the_same_edge_leading_are_wrong(clockwise):
    """'Reload with the same edge leading' is a turn side to side: it misregisters."""
    assert not _registers("a2-halffold", "letter", Turn(end_over_end=False), clockwise)


def test_the_half_fold_step_makes_the_card():
    lay = layout("a2-halffold")
    outside, inside = card_pages(lay)
    w, h = lay.width, lay.height
    mirror: Matrix = (-1.0, 0.0, 0.0, 1.0, outside.width, 0.0)  # behind, as registered above
    facets = [Facet(p.role, panel_matrix(p), True, 0) for p in outside.panels]
    facets += [Facet(p.role, multiply(panel_matrix(p), mirror), False, 1) for p in inside.panels]
    for step in fold_steps("half"):
        facets = fold(facets, step, w, h)
    assert_is_a_card(facets, w, h)


def test_the_printed_steps_are_the_simulated_ones():
    half = " ".join(print_steps(impose(layout("a2-halffold"), "letter"), "half", cut=True))
    assert Turn(end_over_end=True).text() in half
    assert "fold the left half behind" in half
    quarter = " ".join(
        print_steps(impose(layout("a2-quarterfold"), "letter"), "quarter", cut=False)
    )
    assert "fold the top half behind, then fold the left half behind" in quarter
    assert "Two-sided" not in quarter and "Cut" not in quarter
