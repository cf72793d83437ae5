"""Tests for the pipeline library (cardgen.kit): choices, selection and atomic writing."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

import cardgen.cards
from cardgen import kit
from cardgen.config import card_layouts, load_interview
from cardgen.errors import CardgenError, InputError
from cardgen.kit import MakeOptions, choose_envelope, make_kit, plan_kit, write_files
from cardgen.model import Style


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
    plan = plan_kit(hartwell, MakeOptions(out=tmp_path))
    assert plan.culture.name == "conservative"
    assert plan.mails_card is True
    assert plan.layout is not None and plan.layout.name == "a2-flat"
    assert plan.envelope is not None and plan.envelope.name == "a2"
    assert plan.sheet_paper == "letter"
    assert (plan.font, plan.ink, plan.stock) == ("dancing-script", "navy", "ivory")
    assert [n for n, _ in plan.people] == [1, 2, 3]
    assert plan.out == tmp_path


def test_plan_for_a_german_kit_is_iso(mueller, tmp_path):
    plan = plan_kit(mueller, MakeOptions(out=tmp_path))
    assert plan.culture.name == "conservative"  # the file says "traditional"
    assert plan.layout is not None and plan.layout.name == "a6-flat"
    assert plan.envelope is not None and plan.envelope.name == "c6"
    assert plan.sheet_paper == "a4"


def test_plan_for_a_startup_has_no_card(brightloop, tmp_path):
    plan = plan_kit(brightloop, MakeOptions(out=tmp_path))
    assert plan.culture.name == "modern"  # the file says "startup"
    assert plan.mails_card is False
    assert plan.layout is None and plan.envelope is None


def test_card_option_asks_for_a_card_in_any_culture(brightloop, tmp_path):
    plan = plan_kit(brightloop, MakeOptions(out=tmp_path, card="a7-flat", no_envelope=True))
    assert plan.mails_card is True
    assert plan.layout is not None and plan.layout.name == "a7-flat"
    assert plan.envelope is None


def test_culture_option_overrides_the_file(hartwell, tmp_path):
    assert plan_kit(hartwell, MakeOptions(out=tmp_path, culture="casual")).culture.name == "modern"


def test_no_culture_anywhere_means_standard(brightloop, tmp_path):
    interview = replace(brightloop, company=replace(brightloop.company, culture=None))
    assert plan_kit(interview, MakeOptions(out=tmp_path)).culture.name == "standard"


def test_paper_option_and_style(hartwell, tmp_path):
    plan = plan_kit(hartwell, MakeOptions(out=tmp_path, paper="a4"))
    assert plan.layout is not None and plan.layout.name == "a6-flat"
    assert plan.sheet_paper == "a4"
    styled = replace(hartwell, style=Style(paper="a4"))
    assert plan_kit(styled, MakeOptions(out=tmp_path)).sheet_paper == "a4"


def test_default_out_folder_is_under_the_current_folder(hartwell, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    plan = plan_kit(hartwell, MakeOptions())
    assert plan.out == tmp_path / "cardgen-out" / "hartwell-pryce-llp"


def test_unknown_ink(hartwell, tmp_path):
    with pytest.raises(InputError) as info:
        plan_kit(hartwell, MakeOptions(out=tmp_path, ink="purple"))
    assert str(info.value) == (
        "unknown ink 'purple' (valid: navy, blue, black, sepia, green or #RRGGBB)"
    )


def test_unknown_card_layout(hartwell, tmp_path):
    with pytest.raises(InputError) as info:
        plan_kit(hartwell, MakeOptions(out=tmp_path, card="a3-poster"))
    message = str(info.value)
    assert message.startswith("card: unknown card layout 'a3-poster' (shipped: ")
    for name in card_layouts():
        assert name in message


def test_envelope_too_small_names_one_that_fits():
    with pytest.raises(InputError) as info:
        choose_envelope(card_layouts()["a7-flat"], "a2")
    assert str(info.value).endswith("; a7 fits it")


@pytest.mark.parametrize(
    ("only", "number"),
    [
        ("Tomás Okafor", 2),
        ("tomas-okafor", 2),
        ("02-tomas-okafor", 2),
        ("Okafor", 2),
        ("priya", 3),
        ("DVOŘÁK", 1),
    ],
)
def test_only_picks_one_interviewer(hartwell, tmp_path, only, number):
    plan = plan_kit(hartwell, MakeOptions(out=tmp_path, only=only))
    assert [n for n, _ in plan.people] == [number]


def test_only_matching_nobody(hartwell, tmp_path):
    with pytest.raises(InputError) as info:
        plan_kit(hartwell, MakeOptions(out=tmp_path, only="Smith"))
    assert str(info.value) == (
        "--only 'Smith' matches no interviewer "
        "(the file has: Margaret Dvořák, Tomás Okafor, Priya Raman)"
    )


def test_only_matching_two(hartwell, tmp_path):
    twin = replace(hartwell.interviewers[2], name="Margaret Raman")
    interview = replace(hartwell, interviewers=(*hartwell.interviewers[:2], twin))
    with pytest.raises(InputError) as info:
        plan_kit(interview, MakeOptions(out=tmp_path, only="margaret"))
    assert str(info.value).startswith("--only 'margaret' matches more than one interviewer")


# --------------------------------------------------------------------------- write_files


def test_write_files_writes_every_file(tmp_path):
    out = tmp_path / "out"
    written = write_files(out, {"a/b.txt": b"one", "c.txt": b"two"}, force=False)
    assert written == [(out / "a/b.txt").resolve(), (out / "c.txt").resolve()]
    assert (out / "a/b.txt").read_bytes() == b"one"
    assert (out / "c.txt").read_bytes() == b"two"
    assert no_part_files(out)


def test_write_files_refuses_to_overwrite(tmp_path):
    out = tmp_path / "out"
    write_files(out, {"a.txt": b"old"}, force=False)
    with pytest.raises(CardgenError) as info:
        write_files(out, {"a.txt": b"new", "b.txt": b"new"}, force=False)
    assert "already exists" in str(info.value)
    assert "--force" in str(info.value)
    assert (out / "a.txt").read_bytes() == b"old"
    assert not (out / "b.txt").exists()  # nothing at all was written


def test_write_files_force_overwrites(tmp_path):
    out = tmp_path / "out"
    write_files(out, {"a.txt": b"old"}, force=False)
    write_files(out, {"a.txt": b"new"}, force=True)
    assert (out / "a.txt").read_bytes() == b"new"


@pytest.mark.parametrize("rel", ["../x.txt", "a/../../x.txt", "/tmp/cardgen-escape.txt"])
def test_write_files_never_writes_outside_out(tmp_path, rel):
    out = tmp_path / "out"
    with pytest.raises(CardgenError) as info:
        write_files(out, {"ok.txt": b"fine", rel: b"evil"}, force=True)
    assert str(info.value) == f"refusing to write {rel}: outside {out}"
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == []
    assert not Path("/tmp/cardgen-escape.txt").exists()


def test_write_files_out_is_a_file(tmp_path):
    out = tmp_path / "out"
    out.write_text("x")
    with pytest.raises(CardgenError) as info:
        write_files(out, {"a.txt": b"1"}, force=True)
    assert str(info.value) == f"{out}: exists and is not a folder"


def test_write_files_failed_replace_leaves_no_part_file(tmp_path, monkeypatch):
    real = os.replace
    calls = []

    def flaky(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real(src, dst)

    monkeypatch.setattr(kit.os, "replace", flaky)
    out = tmp_path / "out"
    with pytest.raises(CardgenError):
        write_files(out, {"a.txt": b"A" * 1000, "b.txt": b"B" * 1000, "c.txt": b"C"}, force=False)
    assert (out / "a.txt").read_bytes() == b"A" * 1000  # finished before the failure
    assert not (out / "b.txt").exists()
    assert not (out / "c.txt").exists()
    assert no_part_files(out)


def test_write_files_failed_write_leaves_no_half_file(tmp_path, monkeypatch):
    real = os.fdopen

    class HalfWriter:
        def __init__(self, fh):
            self.fh = fh

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.fh.close()
            return False

        def write(self, data):
            self.fh.write(data[: len(data) // 2])
            self.fh.flush()
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(kit.os, "fdopen", lambda fd, mode: HalfWriter(real(fd, mode)))
    out = tmp_path / "out"
    with pytest.raises(CardgenError):
        write_files(out, {"big.pdf": b"%PDF-1.7" + b"x" * 10000}, force=False)
    assert not (out / "big.pdf").exists()
    assert no_part_files(out)


# --------------------------------------------------------------------------- make_kit


def test_make_kit_email_only(brightloop, tmp_path, tree):
    result = make_kit(brightloop, MakeOptions(out=tmp_path / "out"))
    assert result.out == tmp_path / "out"
    assert tree(tmp_path / "out") == [
        "01-jordan-lee/email.eml",
        "01-jordan-lee/email.txt",
        "02-ana-sousa/email.eml",
        "02-ana-sousa/email.txt",
        "plan.txt",
    ]
    assert sorted(result.files) == sorted((tmp_path / "out").resolve().rglob("*.*"))


def test_make_kit_writes_nothing_when_rendering_fails(hartwell, tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise CardgenError("the card renderer broke")

    monkeypatch.setattr(cardgen.cards, "build_cards", broken)
    with pytest.raises(CardgenError):
        make_kit(hartwell, MakeOptions(out=tmp_path / "out"))
    assert not (tmp_path / "out").exists()


def test_same_input_and_seed_give_identical_files(hartwell, tmp_path, tree):
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    make_kit(hartwell, MakeOptions(out=a, seed=7))
    make_kit(hartwell, MakeOptions(out=b, seed=7))
    make_kit(hartwell, MakeOptions(out=c, seed=8, only="dvorak"))
    assert tree(a) == tree(b)
    for rel in tree(a):
        assert (a / rel).read_bytes() == (b / rel).read_bytes(), rel
    # Another seed changes the handwriting.
    card = "01-margaret-dvorak/card.pdf"
    assert (c / card).read_bytes() != (a / card).read_bytes()
