"""Text fitting: word wrap, the largest size that fits, and the too-long refusal."""

from __future__ import annotations

import itertools

import pytest
from cardfixtures import LAYOUT_NAMES, fonts, layout, sample
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from cardgen.layout.geometry import safe_box
from cardgen.layout.textfit import (
    SQUEEZE,
    TAIL_SIZE,
    Block,
    Overlong,
    TooLong,
    drawn_width,
    fit_blocks,
    layout_at,
    tail_scales,
    words_to_fit,
    wrap,
)

STEP = 0.25  # pt: the fitter's size grid


def fake_width(text: str) -> float:
    """A deterministic proportional 'font': 0.3–0.6 em per character."""
    return sum(0.25 if c == " " else 0.3 + (ord(c) % 7) * 0.05 for c in text)


def fake_measure(text: str, role: str) -> float:
    return fake_width(text) * (1.1 if role == "signature" else 1.0)


def real_measure(text: str, role: str) -> float:
    return fonts()[role].width(text)


def blocks_for(paragraphs: list[str], salutation="Dear Ms. Dvořák,", signature="Alex Rivera"):
    return [
        Block("salutation", salutation),
        *(Block("body", p) for p in paragraphs),
        Block("closing", "Sincerely,"),
        Block("signature", signature),
    ]


def fits(fit, width: float, height: float) -> bool:
    return fit.width <= width + 1e-6 and fit.height <= height + 1e-6


# -- wrap --------------------------------------------------------------------------------

_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöüéèçñøåłžšćđ'.,;-", min_size=1, max_size=12)
_paragraph = st.lists(_word, min_size=1, max_size=60).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(_paragraph, st.floats(min_value=8.0, max_value=40.0))
def test_wrap_never_breaks_a_word_that_fits_the_line(text, max_width):
    words = text.split()
    if any(fake_width(w) > max_width for w in words):
        return  # covered below: only such a word may be broken
    lines = wrap(text, max_width, fake_width)
    assert " ".join(lines).split() == words  # every word whole, in order
    for line in lines:
        # As written: a line that runs over ends inside with its last words smaller.
        assert written_width(line, max_width) <= max_width + 1e-9
        assert fake_width(line) <= max_width * (1 + SQUEEZE) + 1e-9
    # Greedy: a line ends only because the next word would not fit on it, even
    # written smaller (the last two lines may trade a word to avoid a lone
    # short word at the end).
    for line, nxt in itertools.pairwise(lines[:-1]):
        longer = f"{line} {nxt.split()[0]}"
        widths = [fake_width(w) for w in longer.split()]
        assert tail_scales(widths, fake_width(" "), max_width) is None


def written_width(line: str, limit: float) -> float:
    """A wrapped line's length as the hand writes it (its tail smaller if need be)."""
    widths = [fake_width(w) for w in line.split()]
    scales = tail_scales(widths, fake_width(" "), limit)
    assert scales is not None  # the wrapper never makes a line that cannot be written
    return drawn_width(widths, fake_width(" "), scales)


_plain_word = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzäöüéçñøåłžšćđ'.,", min_size=1, max_size=30
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_plain_word, min_size=1, max_size=40).map(" ".join), st.floats(2.0, 12.0))
def test_wrap_refuses_a_word_wider_than_the_line(text, max_width):
    widest = max(text.split(), key=fake_width)
    if fake_width(widest) <= max_width:
        assert " ".join(wrap(text, max_width, fake_width)).split() == text.split()
        return
    with pytest.raises(Overlong) as info:
        wrap(text, max_width, fake_width, break_addresses=True)  # no address: never broken
    assert fake_width(info.value.word) > max_width


URLS = [
    "https://www.hartwellpryce.example/careers/associate-analyst-programme?ref=card&id=42",
    "alex.rivera-smith@long-domain-name.example.co.uk",
    "www.example.com/a-very-long-path/with-many-parts/and-hyphens-in-it",
]


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("max_width", [9.0, 14.0, 20.0])
def test_wrap_breaks_an_address_where_a_reader_expects_it(url, max_width):
    lines = wrap(f"See {url} today", max_width, fake_width, break_addresses=True)
    assert lines[0] == "See"
    tokens = [token for line in lines for token in line.split()]
    assert tokens[-1] == "today"
    pieces = tokens[1:-1]  # the address, one piece per line
    assert "".join(pieces) == url  # nothing added: no hyphen, no space
    for line in lines:
        assert written_width(line, max_width) <= max_width + 1e-9
    for before, piece in itertools.pairwise(pieces):
        # Each piece starts at a break: after "//", "=" or "&", or before / . , - _ ? # % ~ @ = &.
        assert before.endswith(("//", "=", "&")) or piece[0] in "/.,-_?#%~@=&", (before, piece)
        assert not before.endswith("/") or not piece.startswith("/")  # "//" kept whole


def test_an_address_is_not_broken_without_leave():
    with pytest.raises(Overlong):
        wrap(f"See {URLS[0]}", 9.0, fake_width)


def test_a_long_word_is_refused_in_linear_time():
    # 3,900 letters: the old wrapper measured every prefix (84 s); count the work.
    calls = []

    def counting(text: str) -> float:
        calls.append(len(text))
        return fake_width(text)

    word = "a" * 3900
    with pytest.raises(Overlong):
        wrap(f"Thanks {word} again", 50.0, counting, break_addresses=True)
    assert sum(calls) < 3 * len(word)  # each character measured a bounded number of times
    calls.clear()
    url = "https://example.com/" + "/".join(["segment"] * 500)
    lines = wrap(f"See {url}", 50.0, counting, break_addresses=True)
    assert "".join(lines[1:]) == url
    assert sum(calls) < 4 * len(url)


def test_fit_prefers_a_smaller_size_to_breaking_an_address():
    url = "https://example.com/careers/analyst"
    blocks = blocks_for([f"Thank you. See {url} for the role."])
    width = fake_width(url) * 13 + 1  # the address fits unbroken at 13 pt, not above
    fit = fit_blocks(blocks, width, 1000, fake_measure, 11, 16)
    assert fit.size == 13.0
    assert any(url in line.text.split() for line in fit.lines)


def test_fit_breaks_an_address_only_when_no_size_holds_it():
    url = "https://example.com/careers/analyst-programme/apply"
    blocks = blocks_for([f"Thank you. See {url} for the role."])
    width = fake_width(url) * 11 * 0.6  # too narrow even at 11 pt
    fit = fit_blocks(blocks, width, 1000, fake_measure, 11, 16)
    body = "".join(ln.text for ln in fit.lines if ln.kind == "body").replace(" ", "")
    assert url in body  # every character kept, in order, nothing added
    assert not any(line.text.endswith("-") and "--" in line.text for line in fit.lines)


def test_fit_refuses_an_overlong_plain_word():
    blocks = blocks_for(["Thank you " + "x" * 400])
    with pytest.raises(Overlong) as info:
        fit_blocks(blocks, 250, 1000, fake_measure, 11, 16)
    assert info.value.word == "x" * 400
    assert info.value.size == 11


def test_wrap_does_not_break_words_that_fit():
    text = "I enjoyed our conversation about the Keller restructuring"
    for width in (10.0, 12.0, 15.0, 30.0):
        lines = wrap(text, width, fake_width)
        assert " ".join(lines).split() == text.split()
        assert not any(line.endswith("-") for line in lines)


# -- fitting -----------------------------------------------------------------------------

_note = st.lists(
    st.lists(
        st.text(
            alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZäöüéçñøåłžšćđřő&'.,;:-",
            min_size=1,
            max_size=14,
        ),
        min_size=1,
        max_size=30,
    ).map(" ".join),
    min_size=1,
    max_size=3,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    _note,
    st.floats(min_value=150, max_value=320),
    st.floats(min_value=200, max_value=460),
)
def test_property_fitted_lines_never_wider_than_the_box(paragraphs, width, height):
    blocks = blocks_for(paragraphs)
    if not fits(layout_at(blocks, width, 11, real_measure), width, height):
        event("too long")
        return  # too long: the refusal is tested below
    event("fits")
    fit = fit_blocks(blocks, width, height, real_measure, 11, 16)
    assert 11 <= fit.size <= 16
    assert fit.height <= height + 1e-6
    assert fit.width <= width + 1e-6
    for line in fit.lines:
        role = "signature" if line.kind == "signature" else "body"
        # Measured again, independently of what the fitter recorded: as written,
        # the last words smaller when the line runs over.
        assert line.x >= 0
        widths = [real_measure(w, role) * line.size for w in line.text.split(" ")]
        written = drawn_width(widths, real_measure(" ", role) * line.size, line.scales)
        assert written == pytest.approx(line.width)
        assert line.x + written <= width + 1e-6
        assert all(TAIL_SIZE - 1e-9 <= f <= 1.0 for f in line.scales)


def _assert_largest_on_grid(blocks, width, height, measure, lo, hi):
    fit = fit_blocks(blocks, width, height, measure, lo, hi)
    assert lo <= fit.size <= hi
    steps = (fit.size - lo) / STEP
    assert steps == pytest.approx(round(steps), abs=1e-9)  # on the 0.25 pt grid
    assert fits(layout_at(blocks, width, fit.size, measure), width, height)
    # No larger size on the grid fits: one step up, and every step above it.
    size = fit.size + STEP
    while size <= hi + 1e-9:
        assert not fits(layout_at(blocks, width, size, measure), width, height), size
        size += STEP
    return fit


def _sample_notes():
    out = []
    for person in sample().interviewers:
        out.append(person.note)
        if person.email_note:
            out.append(person.email_note)  # the longer email text, on a card
    return out


@pytest.mark.parametrize("name", LAYOUT_NAMES)
@pytest.mark.parametrize("note_index", range(3))
def test_size_is_the_largest_that_fits(name, note_index):
    lay = layout(name)
    notes = _sample_notes()
    note = notes[note_index % len(notes)]
    safe = safe_box(lay)
    blocks = blocks_for(note.split("\n\n"))
    _assert_largest_on_grid(
        blocks, safe.width, safe.height, real_measure, lay.font_min, lay.font_max
    )


@pytest.mark.parametrize("name", LAYOUT_NAMES)
def test_long_note_lands_between_min_and_max(name):
    """The sample's longest text squeezed into a shorter box: a size inside the range."""
    lay = layout(name)
    safe = safe_box(lay)
    note = max(_sample_notes(), key=len)
    blocks = blocks_for(note.split("\n\n"))
    at_min = layout_at(blocks, safe.width, lay.font_min, real_measure)
    at_max = layout_at(blocks, safe.width, lay.font_max, real_measure)
    height = (at_min.height + at_max.height) / 2  # fits at min, not at max
    fit = _assert_largest_on_grid(
        blocks, safe.width, height, real_measure, lay.font_min, lay.font_max
    )
    assert lay.font_min < fit.size < lay.font_max


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_note, st.floats(min_value=150, max_value=320), st.floats(min_value=200, max_value=460))
def test_property_size_is_the_largest_on_the_grid(paragraphs, width, height):
    blocks = blocks_for(paragraphs)
    if not fits(layout_at(blocks, width, 11, real_measure), width, height):
        event("too long")
        return  # too long: the refusal is tested below
    event("fits")
    _assert_largest_on_grid(blocks, width, height, real_measure, 11, 16)


def test_short_note_is_set_at_the_maximum():
    blocks = blocks_for(["Thank you for your time."])
    fit = fit_blocks(blocks, 252, 342, real_measure, 11, 16)
    assert fit.size == 16


def test_layout_keeps_order_and_every_word():
    paragraphs = ["Thank you for the tour.", "I remain very interested in the role."]
    blocks = blocks_for(paragraphs)
    fit = fit_blocks(blocks, 252, 342, real_measure, 11, 16)
    kinds = [ln.kind for ln in fit.lines]
    assert kinds[0] == "salutation" and kinds[-2:] == ["closing", "signature"]
    assert all(k == "body" for k in kinds[1:-2])
    words = [w for ln in fit.lines for w in ln.text.split()]
    expected = [w for b in blocks for w in b.text.split()]
    assert words == expected
    ys = [ln.y for ln in fit.lines]
    assert ys == sorted(ys) and len(set(ys)) == len(ys)  # baselines go down the box
    assert fit.words == sum(len(p.split()) for p in paragraphs)
    (sig,) = [ln for ln in fit.lines if ln.kind == "signature"]
    assert sig.size > fit.size  # the signature is written larger


# -- too long ----------------------------------------------------------------------------

LONG = (
    "Thank you for taking the time to meet with me on Thursday and for walking me "
    "through how the team balances client deadlines with a careful second review of "
    "every model that leaves the office. "
)


def _cut(paragraphs: list[str], n: int) -> list[str]:
    """The note with its last ``n`` body words cut, paragraphs kept as the writer has them."""
    words = [w for p in paragraphs for w in p.split()]
    keep = len(words) - n
    out = []
    for p in paragraphs:
        ws = p.split()[: max(0, keep)]
        keep -= len(p.split())
        if ws:
            out.append(" ".join(ws))
    return out


@pytest.mark.parametrize(
    "paragraphs",
    [
        [LONG * 6],
        [LONG * 3, LONG * 2, LONG],
        [LONG, LONG, LONG, LONG * 3],
    ],
    ids=["one-paragraph", "three-paragraphs", "four-paragraphs"],
)
def test_too_long_says_how_many_words_to_cut(paragraphs):
    width, height = 252.0, 342.0  # an A2 card's safe area: 306 − 2 × 27, 396 − 2 × 27
    blocks = blocks_for(paragraphs)
    with pytest.raises(TooLong) as info:
        fit_blocks(blocks, width, height, real_measure, 11, 16)
    exc = info.value
    total = sum(len(p.split()) for p in paragraphs)
    assert exc.words == total
    assert 0 < exc.words_to_cut < total
    assert str(exc.words_to_cut) in str(exc)
    # Cutting that many words from the end makes it fit at the minimum size...
    fit = fit_blocks(
        blocks_for(_cut(paragraphs, exc.words_to_cut)), width, height, real_measure, 11, 16
    )
    assert fit.height <= height
    # ...and the advice is not more than needed: one word fewer does not fit.
    with pytest.raises(TooLong):
        fit_blocks(
            blocks_for(_cut(paragraphs, exc.words_to_cut - 1)),
            width,
            height,
            real_measure,
            11,
            16,
        )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.integers(min_value=5, max_value=70), min_size=1, max_size=4),
    st.floats(min_value=120, max_value=342),
)
def test_property_cutting_the_advised_words_makes_it_fit(lengths, height):
    vocab = LONG.split()
    paragraphs = [
        " ".join(vocab[(i * 7 + j) % len(vocab)] for j in range(n)) for i, n in enumerate(lengths)
    ]
    blocks = blocks_for(paragraphs)
    width = 252.0
    if not fits(layout_at(blocks_for(["Thank you."]), width, 11, fake_measure), width, height):
        return  # not even a two-word note fits: only a larger card helps
    try:
        fit_blocks(blocks, width, height, fake_measure, 11, 16)
    except TooLong as exc:
        assert exc.words_to_cut > 0
        cut = _cut(paragraphs, exc.words_to_cut)
        fit = fit_blocks(blocks_for(cut or ["Thank you."]), width, height, fake_measure, 11, 16)
        assert fit.size >= 11


def test_line_pitch_and_gaps_are_exact():
    """Lines of a paragraph sit one pitch apart; a new paragraph, section or the
    signature adds its gap; the first baseline sits one ascent below the top."""
    from cardgen.layout.textfit import LEADING, PARA_GAP, SECTION_GAP

    blocks = blocks_for(["one two three four five six seven", "eight nine"])
    fit = layout_at(blocks, 90.0, 10.0, fake_measure, ascent=0.9)
    pitch = 10.0 * LEADING
    ys = {(ln.kind, ln.text): ln.y for ln in fit.lines}
    lines = list(fit.lines)
    assert lines[0].y == pytest.approx(9.0)  # the salutation: one ascent down
    body = [ln for ln in lines if ln.kind == "body"]
    assert len(body) >= 3
    assert body[0].y - lines[0].y == pytest.approx(pitch * (1 + SECTION_GAP))
    for a, b in itertools.pairwise(body):
        step = b.y - a.y
        assert step == pytest.approx(pitch) or step == pytest.approx(pitch * (1 + PARA_GAP))
    closing = next(ln for ln in lines if ln.kind == "closing")
    signature = next(ln for ln in lines if ln.kind == "signature")
    assert closing.y - body[-1].y == pytest.approx(pitch * (1 + SECTION_GAP))
    assert signature.y - closing.y == pytest.approx(pitch * 1.12)
    assert ys  # every line is where the rules put it


def test_margins_move_lines_in_and_stop_them_short():
    from cardgen.layout.textfit import Margins

    text = " ".join(["word"] * 60)
    blocks = blocks_for([text])
    plain = layout_at(blocks, 300.0, 10.0, fake_measure)
    shaped = layout_at(
        blocks, 300.0, 10.0, fake_measure, margins=Margins((0.0, 0.05, 0.1), (0.0, 0.2, 0.0))
    )
    body = [ln for ln in shaped.lines if ln.kind == "body"]
    assert body[0].x == pytest.approx(0.05 * 300)  # line 1 of the card (0 is the salutation)
    assert all(ln.x == pytest.approx(0.1 * 300) for ln in body[1:])
    assert body[0].x + body[0].width <= 300 * (1 - 0.2) + 1e-6  # stops 20 % short
    assert len(body) > len([ln for ln in plain.lines if ln.kind == "body"])


def test_a_line_that_runs_a_little_long_ends_smaller_rather_than_stop_short():
    widths, space = [3.0, 2.0, 4.0, 3.0, 5.0], 1.0
    total = sum(widths) + 4 * space  # 21
    assert tail_scales(widths, space, total) == ()  # fits: written as it is
    limit = total / 1.03
    scales = tail_scales(widths, space, limit)
    assert scales is not None
    assert scales[:2] == (1.0, 1.0)  # only the last words
    assert list(scales) == sorted(scales, reverse=True)  # progressively smaller
    assert TAIL_SIZE <= scales[-1] < 0.96
    assert drawn_width(widths, space, scales) == pytest.approx(limit)  # ends at the measure
    assert tail_scales(widths, space, total / (1 + SQUEEZE) - 0.01) is None  # too long
    assert tail_scales([1.0, 1.0, 20.0], 1.0, 22.0) is None  # not without going below 88 %
    # The wrapper keeps such a line whole instead of breaking before its last word.
    words = ["aaa", "bbbb", "cc", "ddddd", "eee"]
    text = " ".join(words)
    lines = wrap(text, fake_width(text) / 1.02, fake_width)
    assert lines == [text]
    assert len(wrap(text, fake_width(text) / 1.08, fake_width)) == 2  # too long: broken


def test_a_line_never_ends_in_a_title_that_the_name_after_it_could_take_along():
    assert wrap("Sehr geehrte Frau Prof. Dr. Keller,", 20, len) == [
        "Sehr geehrte Frau",
        "Prof. Dr. Keller,",
    ]
    assert wrap("I met Dr. Raman and Mr. Okafor today", 12, len) == [
        "I met",
        "Dr. Raman",
        "and",
        "Mr. Okafor",
        "today",
    ]
    # a title and name wider than a line break where they must
    assert wrap("Sehr geehrte Frau Prof. Dr. Keller,", 15, len) == [
        "Sehr geehrte",
        "Frau Prof.",
        "Dr. Keller,",
    ]


def test_a_fit_measures_each_text_once_at_all_its_sizes():
    """The sizes a fit tries share their measurements (em: the same at every size), and
    the fit is the one measuring afresh at every size gives."""
    calls: list[tuple[str, str]] = []

    def counting(text: str, role: str) -> float:
        calls.append((text, role))
        return fake_measure(text, role)

    note = " ".join(f"word{i % 23} Dr. Keller," for i in range(40))
    blocks = blocks_for([note, "A second paragraph, short."])
    fit = fit_blocks(blocks, 300.0, 400.0, counting, 8.0, 20.0)
    assert len(calls) == len(set(calls))
    assert fit == fit_blocks(blocks, 300.0, 400.0, fake_measure, 8.0, 20.0)
    calls.clear()
    words_to_fit(blocks, 300.0, 60.0, counting, 12.0)
    assert calls and len(calls) == len(set(calls))


def test_wrap_asks_each_lines_width_once():
    asked: list[int] = []

    def width(i: int) -> float:
        asked.append(i)
        return 30.0 + 2.0 * (i % 3)

    text = " ".join(f"w{i % 9}x Dr. K{i}" for i in range(60))
    lines = wrap(text, width, fake_width)
    assert len(asked) == len(set(asked))
    assert lines == wrap(text, lambda i: 30.0 + 2.0 * (i % 3), fake_width)


def test_a_layout_measures_each_text_of_a_block_once():
    """At one size a block's words are measured once: the widths wrapping found are the
    ones its lines are drawn with, and the layout is the one measuring afresh gives."""
    calls: list[tuple[str, str]] = []

    def counting(text: str, role: str) -> float:
        calls.append((text, role))
        return fake_measure(text, role)

    note = " ".join(f"word{i % 7} and Dr. Keller," for i in range(40))
    fit = layout_at([Block("body", note)], 200.0, 12.0, counting)
    assert len(fit.lines) > 3
    assert len(calls) == len(set(calls))
    assert fit == layout_at([Block("body", note)], 200.0, 12.0, fake_measure)


def test_bound_words_give_a_plain_word_its_own_width_and_a_title_its_names():
    from cardgen.layout.breaks import bound_words

    words = ["I", "met", "Dr.", "Raman", "and", "Prof.", "Dr.", "Keller"]
    got = list(bound_words(words, fake_width, 0.25, lambda i: 100.0))
    assert [w for w, _ in got] == ["I", "met", "Dr. Raman", "and", "Prof. Dr. Keller"]
    assert [width for _, width in got] == [
        fake_width("I"),
        fake_width("met"),
        fake_width("Dr.") + fake_width("Raman") + 0.25,
        fake_width("and"),
        fake_width("Prof.") + fake_width("Dr.") + fake_width("Keller") + 0.25 * 2,
    ]
