"""The template's geometry: every character asked for, inside the printable area, markers
that say page and corner; and the PDF ``cardgen hand template`` writes."""

from __future__ import annotations

import itertools
from collections import Counter

import pytest
from conftest import run_cli

from cardgen.layout.handsheet import (
    DIGITS,
    FREQUENT,
    JOINS,
    MARGIN,
    MAX_PAGES,
    PAPERS,
    PUNCTUATION,
    marker_id,
    pages_needed,
    read_marker_id,
    sheet_page,
    sheet_pages,
)

EXTRA = "äöüßéèçłřč"


def _texts(paper: str, letters: str = "") -> Counter[str]:
    return Counter(c.text for page in sheet_pages(paper, letters) for c in page.cells)


@pytest.mark.parametrize("paper", ["letter", "a4"])
@pytest.mark.parametrize("letters", ["", EXTRA])
def test_every_required_character_has_its_cells(paper, letters):
    got = _texts(paper, letters)
    for ch in "abcdefghijklmnopqrstuvwxyz":
        assert got[ch] >= (3 if ch in FREQUENT else 2), ch
    for ch in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" + DIGITS:
        assert got[ch] >= 1, ch
    for ch in (*PUNCTUATION, *JOINS, *letters):
        assert got[ch] >= 1, ch
    assert sheet_page(1, paper, letters).sentence is not None


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_cells_and_markers_lie_inside_the_printable_area_and_never_overlap(paper):
    width, height = PAPERS[paper]
    for page in sheet_pages(paper, EXTRA, pages=3):
        boxes = [(c.x, c.y, c.w, c.h) for c in page.cells]
        boxes += [(m.x, m.y, m.size, m.size) for m in page.markers]
        s = page.sentence
        if s is not None:
            boxes.append((s.x, s.y, s.w, s.h))
        for x, y, w, h in boxes:
            assert x >= MARGIN - 1e-6 and x + w <= width - MARGIN + 1e-6
            assert y >= MARGIN - 1e-6 and y + h <= height - MARGIN + 1e-6
        for a, b in itertools.combinations(boxes, 2):
            apart = a[0] + a[2] <= b[0] or b[0] + b[2] <= a[0]
            apart = apart or a[1] + a[3] <= b[1] or b[1] + b[3] <= a[1]
            assert apart, (a, b)
        for c in page.cells:
            assert c.y < c.baseline < c.y + c.h / 2


def test_markers_are_distinct_and_say_page_corner_paper_and_letters():
    seen = set()
    for paper, letters in itertools.product(PAPERS, ("", EXTRA, "ñ")):
        for number in range(1, MAX_PAGES + 1):
            page = sheet_page(number, paper, letters)
            for m in page.markers:
                found = read_marker_id(m.id)
                assert found is not None and found[:3] == (number, m.corner, paper)
                seen.add((m.id, paper, letters))
    ids = [i for i, _, _ in seen]
    assert max(ids) < 1000  # DICT_4X4_1000
    # within one paper and set of letters, every page and corner its own id
    for paper in PAPERS:
        page_ids = [marker_id(n, c, paper, EXTRA) for n in range(1, 13) for c in range(4)]
        assert len(set(page_ids)) == len(page_ids)


def test_further_pages_ask_for_more_variants_and_pages_are_stable():
    base = sheet_pages("a4")
    more = sheet_pages("a4", pages=4)
    assert more[:2] == base  # a page's cells depend on its number only
    assert Counter(c.text for c in more[3].cells)["e"] >= 1


def test_too_few_or_too_many_pages_are_refused():
    with pytest.raises(ValueError, match="at least"):
        sheet_pages("letter", EXTRA, pages=1)
    with pytest.raises(ValueError, match="at most"):
        sheet_pages("letter", pages=MAX_PAGES + 1)
    assert pages_needed("letter", EXTRA) == 3


def test_template_command_writes_a_vector_pdf_with_one_page_each(tmp_path):
    import pypdf

    out = tmp_path / "sheet.pdf"
    result = run_cli("hand", "template", out, "--paper", "a4", "--letters", EXTRA)
    assert result.exit_code == 0, result.stderr
    reader = pypdf.PdfReader(out)
    assert len(reader.pages) == pages_needed("a4", EXTRA)
    assert "/XObject" not in reader.pages[0]["/Resources"]  # the markers are squares, no image
    text = reader.pages[0].extract_text()
    assert "page 1" in text


def test_template_command_refuses_too_few_pages_in_one_line(tmp_path):
    result = run_cli("hand", "template", tmp_path / "x.pdf", "--pages", "1", "--letters", EXTRA)
    assert result.exit_code == 2
    assert result.stderr.startswith("cardgen: ") and result.stderr.count("\n") == 1
    assert not (tmp_path / "x.pdf").exists()
