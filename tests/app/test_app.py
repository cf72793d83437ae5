"""Tests for the orchestrator (cardgen.app): the plan, selection, checks and making a kit."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from cardfixtures import planned
from conftest import OUTLINE_HAND
from msgspec.structs import replace

from cardgen import app
from cardgen.app import Options, choose_envelope, planning
from cardgen.errors import CardgenError, InputError
from cardgen.input.config import load_interview
from cardgen.input.layouts import card_layouts, envelope_layouts
from cardgen.model import Style
from cardgen.render import card as card_pdf


@pytest.fixture
def hartwell(samples):
    return load_interview(samples / "hartwell.yaml")


@pytest.fixture
def brightloop(samples):
    return load_interview(samples / "brightloop.yaml")


@pytest.fixture
def mueller(samples):
    return load_interview(samples / "mueller.yaml")


def no_part_files(folder: Path) -> bool:
    return not any(name.endswith(".part") for _d, _s, files in os.walk(folder) for name in files)


# --------------------------------------------------------------------------- plan_kit


def test_plan_for_a_conservative_us_kit(hartwell, tmp_path):
    plan = planned(hartwell, Options(out=tmp_path))
    assert plan.culture.name == "conservative"
    assert plan.mails_card is True
    assert plan.layout is not None and plan.layout.name == "a2-flat"
    assert plan.envelope is not None and plan.envelope.name == "a2"
    assert plan.sheet is not None and plan.sheet.paper == "letter"
    assert plan.font is not None and plan.font.name == "ems-allure"  # the pen's joined hand
    assert (plan.ink, plan.stock, plan.stock_name) == ("#1d2b5c", "#fbf6e9", "ivory")
    assert plan.sheet_name == "print/cards-letter.pdf"
    assert plan.envelopes_name == "print/envelopes.pdf" and plan.checklist_name == "plan.txt"
    assert [job.fit is not None for job in plan.cards] == [True, True, True]  # fitted once
    assert [n for n, _ in plan.people] == [1, 2, 3]
    assert plan.out == tmp_path


def test_every_envelope_of_a_run_is_written_in_one_hand_measured_once(hartwell, tmp_path):
    """The envelope hand is made once per run's catalogue: the second and third envelopes
    reuse the word widths and narrowed figures the first one measured."""
    plan = planned(hartwell, Options(out=tmp_path, font=OUTLINE_HAND[1]))
    hands = {id(job.art.font) for job in plan.addressed if job.art is not None}
    assert len(hands) == 1 and len(plan.addressed) == 3
    assert planning.address_hand(plan.catalogue) is planning.address_hand(plan.catalogue)
    other = planned(hartwell, Options(out=tmp_path / "again"))  # another run: its own
    assert planning.address_hand(other.catalogue) is not planning.address_hand(plan.catalogue)


def test_plan_composes_each_envelope_once_for_check_and_make(hartwell, tmp_path, monkeypatch):
    plan = planned(hartwell, Options(out=tmp_path, font=OUTLINE_HAND[1]))  # envelopes: any hand
    assert [job.number for job in plan.addressed] == [1, 2, 3]
    assert all(job.art is not None and job.problem is None for job in plan.addressed)
    # make draws the envelopes the plan composed: composing one again would fail here.
    monkeypatch.setattr(planning, "compose_envelope", lambda **kw: pytest.fail("composed again"))
    app.make(plan)
    assert all((tmp_path / plan.folders[n] / "envelope.pdf").is_file() for n in (1, 2, 3))
    monkeypatch.undo()
    tmp_path = tmp_path / "second"
    # One address the envelope cannot carry: check names it, make stops on it.
    bad = replace(
        hartwell,
        interviewers=(
            hartwell.interviewers[0],
            replace(hartwell.interviewers[1], address=replace(
                hartwell.company.address, postal_code="1910"
            )),
            hartwell.interviewers[2],
        ),
    )  # fmt: skip
    plan = planned(bad, Options(out=tmp_path, font=OUTLINE_HAND[1]))
    assert [job.problem is None for job in plan.addressed] == [True, False, True]
    [finding] = [f for f in app.check(plan, None) if f.code == "envelope-address"]
    assert finding.interviewer == hartwell.interviewers[1].name
    assert "'1910' is not a valid US ZIP code" in finding.message
    with pytest.raises(CardgenError, match="'1910' is not a valid US ZIP code"):
        app.make(plan, strict=True)
    assert not (tmp_path / "plan.txt").exists()
    # Without strict, that one envelope is left out and everything else is written.
    result = app.make(plan)
    [line] = result.left_out
    assert "'1910' is not a valid US ZIP code" in line
    assert line.endswith("(left out: the envelope for Tomás Okafor; the rest was written)")
    assert not (tmp_path / "02-tomas-okafor" / "envelope.pdf").exists()
    assert (tmp_path / "02-tomas-okafor" / "card.pdf").exists()
    assert (tmp_path / "01-margaret-dvorak" / "envelope.pdf").exists()


def test_plan_without_envelopes_composes_none(brightloop, tmp_path):
    assert planned(brightloop, Options(out=tmp_path)).addressed == ()
    plan = planned(brightloop, Options(out=tmp_path, card="a7-flat", no_envelope=True))
    assert plan.addressed == ()


def test_plan_for_a_german_kit_is_iso(mueller, tmp_path):
    plan = planned(mueller, Options(out=tmp_path))
    assert plan.culture.name == "conservative"  # the file says "traditional"
    assert plan.layout is not None and plan.layout.name == "a6-flat"
    assert plan.envelope is not None and plan.envelope.name == "c6"
    assert plan.sheet is not None and plan.sheet.paper == "a4"


def test_plan_for_a_startup_has_no_card(brightloop, tmp_path):
    plan = planned(brightloop, Options(out=tmp_path))
    assert plan.culture.name == "modern"  # the file says "startup"
    assert plan.mails_card is False
    assert plan.layout is None and plan.envelope is None


def test_card_option_asks_for_a_card_in_any_culture(brightloop, tmp_path):
    plan = planned(brightloop, Options(out=tmp_path, card="a7-flat", no_envelope=True))
    assert plan.mails_card is True
    assert plan.layout is not None and plan.layout.name == "a7-flat"
    assert plan.envelope is None


def test_culture_option_overrides_the_file(hartwell, tmp_path):
    assert planned(hartwell, Options(out=tmp_path, culture="casual")).culture.name == "modern"


def test_no_culture_anywhere_means_standard(brightloop, tmp_path):
    interview = replace(brightloop, company=replace(brightloop.company, culture=None))
    assert planned(interview, Options(out=tmp_path)).culture.name == "standard"


def test_paper_option_and_style(hartwell, tmp_path):
    plan = planned(hartwell, Options(out=tmp_path, paper="a4"))
    assert plan.layout is not None and plan.layout.name == "a6-flat"
    assert plan.sheet is not None and plan.sheet.paper == "a4"
    styled = replace(hartwell, style=Style(paper="a4"))
    assert planned(styled, Options(out=tmp_path)).sheet_name == "print/cards-a4.pdf"


def test_default_out_folder_is_under_the_current_folder(hartwell, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    plan = planned(hartwell, Options())
    assert plan.out == tmp_path / "cardgen-out" / "hartwell-pryce-llp"


def test_unknown_ink(hartwell, tmp_path):
    with pytest.raises(InputError) as info:
        planned(hartwell, Options(out=tmp_path, ink="purple"))
    assert str(info.value) == (
        "unknown ink 'purple' (valid: navy, blue, black, sepia, green or #RRGGBB)"
    )


def test_unknown_card_layout(hartwell, tmp_path):
    with pytest.raises(InputError) as info:
        planned(hartwell, Options(out=tmp_path, card="a3-poster"))
    message = str(info.value)
    assert message.startswith("card: unknown card layout 'a3-poster' (shipped: ")
    for name in card_layouts():
        assert name in message


def test_envelope_too_small_names_one_that_fits():
    with pytest.raises(InputError) as info:
        choose_envelope(card_layouts()["a7-flat"], "a2", envelope_layouts())
    assert "does not fit an A2 envelope (" in str(info.value)  # not "a a2 envelope"
    assert str(info.value).endswith("; a7 fits it")


@pytest.mark.parametrize(
    ("only", "number"),
    [
        ("Tomás Okafor", 2),
        ("02-tomas-okafor", 2),
        ("Okafor", 2),
        ("priya", 3),
        ("DVOŘÁK", 1),
    ],
)
def test_only_picks_one_interviewer(hartwell, tmp_path, only, number):
    plan = planned(hartwell, Options(out=tmp_path, only=only))
    assert [n for n, _ in plan.people] == [number]


@pytest.mark.parametrize(("only", "number"), [("Jürgen", 1), ("weiss", 1), ("Sabine", 2)])
def test_only_picks_a_titled_interviewer_by_given_name_or_surname(samples, tmp_path, only, number):
    # "Dr. Jürgen Weiß", "Prof. Dr. Sabine Keller"
    weiss = load_interview(samples / "weiss-de.yaml")
    plan = planned(weiss, Options(out=tmp_path, only=only))
    assert [n for n, _ in plan.people] == [number]


def test_only_matching_nobody(hartwell, tmp_path):
    with pytest.raises(InputError) as info:
        planned(hartwell, Options(out=tmp_path, only="Smith"))
    assert str(info.value) == (
        "--only 'Smith' matches no interviewer; use one of: Margaret Dvořák "
        "(01-margaret-dvorak), Tomás Okafor (02-tomas-okafor), Priya Raman (03-priya-raman)"
    )


@pytest.mark.parametrize("only", ["", "  ", "*", "Tom*", "../x", "../okafor", "tomas-okafor", "x"])
def test_only_refuses_what_is_not_a_name(hartwell, tmp_path, only):
    with pytest.raises(InputError) as info:
        planned(hartwell, Options(out=tmp_path, only=only))
    message = str(info.value)
    assert message.startswith("--only ")
    assert message.endswith("Priya Raman (03-priya-raman)")


def test_only_matching_two(hartwell, tmp_path):
    twin = replace(hartwell.interviewers[2], name="Margaret Raman")
    interview = replace(hartwell, interviewers=(*hartwell.interviewers[:2], twin))
    with pytest.raises(InputError) as info:
        planned(interview, Options(out=tmp_path, only="margaret"))
    assert str(info.value).startswith("--only 'margaret' matches more than one interviewer")


# --------------------------------------------------------------------------- make_kit


def test_make_kit_email_only(brightloop, tmp_path, tree):
    result = app.make(planned(brightloop, Options(out=tmp_path / "out")))
    assert result.out == tmp_path / "out"
    assert tree(tmp_path / "out") == [
        "01-jordan-lee/email.eml",
        "01-jordan-lee/email.txt",
        "02-ana-sousa/email.eml",
        "02-ana-sousa/email.txt",
        "plan.ics",
        "plan.txt",
    ]
    assert sorted(result.files) == sorted((tmp_path / "out").resolve().rglob("*.*"))


def test_make_kit_writes_nothing_when_rendering_fails(hartwell, tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise CardgenError("the card renderer broke")

    monkeypatch.setattr(card_pdf, "render_card_pdf", broken)
    with pytest.raises(CardgenError):
        app.make(planned(hartwell, Options(out=tmp_path / "out")))
    assert not (tmp_path / "out").exists()


def test_same_input_and_seed_give_identical_files(hartwell, tmp_path, tree):
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    app.make(planned(hartwell, Options(out=a, seed=7)))
    app.make(planned(hartwell, Options(out=b, seed=7)))
    app.make(planned(hartwell, Options(out=c, seed=8, only="dvorak")))
    assert tree(a) == tree(b)
    for rel in tree(a):
        assert (a / rel).read_bytes() == (b / rel).read_bytes(), rel
    # Another seed changes the handwriting.
    card = "01-margaret-dvorak/card.pdf"
    assert (c / card).read_bytes() != (a / card).read_bytes()


@pytest.mark.parametrize(
    ("font", "pen_hand", "fallback"),
    [(None, "ems-allure", "relief-singleline"), ("relief-singleline", "relief-singleline", None)],
)
def test_a_pen_hand_writes_the_note_and_the_signature(hartwell, tmp_path, font, pen_hand, fallback):
    from cardgen.layout.strokes import StrokeSet

    plan = planned(hartwell, Options(out=tmp_path, font=font))
    body, signature = plan.fonts["body"], plan.fonts["signature"]
    assert isinstance(body, StrokeSet) and signature is body and body.font.name == pen_hand
    assert (body.fallback.name if body.fallback else None) == fallback
    assert body.text_set().primary.name == "patrick-hand"  # the invisible text layer
    assert plan.fonts["front"].primary.name == "dancing-script"  # a folded front's title
    assert plan.scale == body.font.scale


def test_an_outline_hand_is_still_a_font_away(hartwell, tmp_path):
    plan = planned(hartwell, Options(out=tmp_path, font="dancing-script"))
    assert plan.fonts["body"].primary.name == "dancing-script"
    assert plan.fonts["body"].text_set() is plan.fonts["body"]


def test_the_pen_is_chosen_by_option_then_file_and_only_for_a_pen_hand(hartwell, tmp_path):
    assert planned(hartwell, Options(out=tmp_path)).pen.name == "ballpoint"  # the default
    assert planned(hartwell, Options(out=tmp_path, pen="fountain")).pen.name == "fountain"
    styled = replace(hartwell, style=replace(hartwell.style, pen="gel"))
    assert planned(styled, Options(out=tmp_path)).pen.name == "gel"
    assert planned(styled, Options(out=tmp_path, pen="ballpoint")).pen.name == "ballpoint"
    assert planned(hartwell, Options(out=tmp_path, font="dancing-script")).pen is None
    assert planned(hartwell, Options(out=tmp_path, mode="plot")).pen is None  # the plotter's own
    with pytest.raises(InputError, match=r"unknown pen 'quill'.*ballpoint, gel, fountain"):
        planned(hartwell, Options(out=tmp_path, pen="quill"))


def test_an_interviewers_first_name_is_past_the_titles():
    from cardgen.model import Interviewer

    assert Interviewer("Dr. Jürgen Weiß", "").first_name == "Jürgen"
    assert Interviewer("Prof. Dr. Sabine Keller", "").first_name == "Sabine"
    assert Interviewer("Margaret Dvořák", "").first_name == "Margaret"
    assert Interviewer("Cher", "").first_name == "Cher"
