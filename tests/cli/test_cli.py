"""Tests for the command line, through typer.testing.CliRunner (and a subprocess for imports).

Every sample is made end to end; every bad input ends in exit 2 with one line on
stderr and nothing written.
"""

from __future__ import annotations

import email
import email.policy
import inspect
import json
import os
import re
import subprocess
import sys
import tempfile
from functools import cache
from pathlib import Path

import pypdf
import pytest
import typer.main
from conftest import OUTLINE_HAND

from cardgen.cli import app
from cardgen.input.config import load_interview
from cardgen.input.fonts import font_catalogue
from cardgen.input.layouts import card_layouts, envelope_layouts
from cardgen.output import writer
from cardgen.render import card as card_pdf
from cardgen.textrules import paragraphs

NOW = "2026-11-21T09:00"  # the day after the samples' interviews: stable check output
SENDER = "Alex Rivera <alex.rivera@example.com>"
VALID_CULTURES = "valid: conservative (traditional), standard, modern (casual, startup)"

MM = 72 / 25.4  # pt per mm
LETTER = (612.0, 792.0)  # 8.5 × 11 in × 72
A4 = (210 * MM, 297 * MM)  # 595.28 × 841.89 pt


def make(runner, *args, input=None):
    """``cardgen make ARGS --now NOW``."""
    return runner.invoke(app, ["make", *(str(a) for a in args), "--now", NOW], input=input)


def ok(result) -> None:
    assert result.exit_code == 0, (result.exit_code, result.stderr, result.exception)
    assert result.stderr == ""


def one_line_error(result, code: int = 2) -> str:
    """The single stderr line of a failed run, checked for shape."""
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("cardgen: ")
    return lines[0]


def files_in(folder: Path) -> list[str]:
    if not folder.exists():
        return []
    return sorted(
        (Path(d) / f).relative_to(folder).as_posix() for d, _s, fs in os.walk(folder) for f in fs
    )


def pages(path: Path) -> list[tuple[float, float]]:
    reader = pypdf.PdfReader(path)
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]


def same_size(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return abs(a[0] - b[0]) < 0.01 and abs(a[1] - b[1]) < 0.01


# --------------------------------------------------------------------------- every sample


def _card_folder(folder: str) -> list[str]:
    return [f"{folder}/{n}" for n in ("card.pdf", "email.eml", "email.txt", "envelope.pdf")]


def _email_folder(folder: str) -> list[str]:
    return [f"{folder}/email.eml", f"{folder}/email.txt"]


EXPECTED = {
    "hartwell.yaml": sorted(
        [
            *_card_folder("01-margaret-dvorak"),
            *_card_folder("02-tomas-okafor"),
            *_card_folder("03-priya-raman"),
            "plan.ics",
            "plan.txt",
            "print/cards-letter.pdf",
            "print/envelopes.pdf",
        ]
    ),
    "brightloop.yaml": sorted(
        [*_email_folder("01-jordan-lee"), *_email_folder("02-ana-sousa"), "plan.ics", "plan.txt"]
    ),
    "mueller.yaml": sorted(
        [
            *_card_folder("01-jurgen-weiss"),  # ß → ss
            *_card_folder("02-zofia-lukasiewicz"),
            "plan.ics",
            "plan.txt",
            "print/cards-a4.pdf",
            "print/envelopes.pdf",
        ]
    ),
    "weiss-de.yaml": sorted(
        [
            *_card_folder("01-jurgen-weiss"),  # the title left out of the folder
            *_card_folder("02-sabine-keller"),
            "plan.ics",
            "plan.txt",
            "print/cards-a4.pdf",
            "print/envelopes.pdf",
        ]
    ),
    "lefevre-fr.yaml": sorted(
        [
            *_card_folder("01-helene-lefevre"),
            *_card_folder("02-julien-moreau"),
            "plan.ics",
            "plan.txt",
            "print/cards-a4.pdf",
            "print/envelopes.pdf",
        ]
    ),
}

# (card trim, landscape envelope, sheet paper) in pt, for the card samples.
SIZES = {
    "hartwell.yaml": ((306.0, 396.0), (414.0, 315.0), LETTER),  # a2-flat 4.25×5.5 in; a2
    "mueller.yaml": ((105 * MM, 148 * MM), (162 * MM, 114 * MM), A4),  # a6-flat; c6
    "weiss-de.yaml": ((105 * MM, 148 * MM), (162 * MM, 114 * MM), A4),
    "lefevre-fr.yaml": ((105 * MM, 148 * MM), (162 * MM, 114 * MM), A4),
}

FIRST_SALUTATION = {
    "hartwell.yaml": "Dear Ms. Dvořák,",
    "brightloop.yaml": "Hi Jordan,",
    "mueller.yaml": "Dear Mr. Weiß,",
    "weiss-de.yaml": "Sehr geehrter Herr Dr. Weiß,",
    "lefevre-fr.yaml": "Maître,",
}


def test_every_sample_has_an_expected_kit(samples):
    assert sorted(p.name for p in samples.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_make_every_sample(runner, samples, tmp_path, name):
    out = tmp_path / "out"
    result = make(runner, samples / name, "--out", out)
    ok(result)
    assert files_in(out) == EXPECTED[name]
    interview = load_interview(samples / name)
    for n, person in enumerate(interview.interviewers, start=1):
        folder = next(out.glob(f"{n:02d}-*"))
        text = (folder / "email.txt").read_text(encoding="utf-8")
        assert text.startswith("Subject: ")
        assert text.splitlines()[1] == ""
        assert paragraphs(person.email_text)[0] in text
        msg = email.message_from_bytes(
            (folder / "email.eml").read_bytes(), policy=email.policy.default
        )
        (to,) = msg["To"].addresses
        assert (to.display_name, to.addr_spec) == (person.name, person.email)
        assert msg["X-Unsent"] == "1"
        assert msg.get_content().replace("\r\n", "\n") == text.split("\n\n", 1)[1]
    first = next(out.glob("01-*"))
    assert (first / "email.txt").read_text(encoding="utf-8").splitlines()[2] == (
        FIRST_SALUTATION[name]
    )
    for pdf in out.rglob("*.pdf"):
        assert pdf.read_bytes().startswith(b"%PDF-1.7"), pdf
    if name in SIZES:
        trim, envelope, paper = SIZES[name]
        for card in out.glob("*/card.pdf"):
            assert all(same_size(p, trim) for p in pages(card)), card
        for env in [*out.glob("*/envelope.pdf"), out / "print/envelopes.pdf"]:
            assert all(same_size(p, envelope) for p in pages(env)), env
        assert len(pages(out / "print/envelopes.pdf")) == len(interview.interviewers)
        sheet = next((out / "print").glob("cards-*.pdf"))
        assert all(same_size(tuple(sorted(p)), paper) for p in pages(sheet)), sheet
    assert "Traceback" not in result.stdout
    assert f"Wrote {len(EXPECTED[name])} files to " in result.stdout


PATH_IN_PLAN = re.compile(
    r"(?<![\w/.-])((?:\d\d-[a-z0-9-]+|print)/[a-z0-9-]+\.(?:pdf|eml|txt)|plan[a-z0-9-]*\.txt)"
)


@pytest.mark.parametrize(
    ("sample", "args"),
    [
        pytest.param("hartwell.yaml", [], id="hartwell"),
        pytest.param("brightloop.yaml", [], id="brightloop"),
        pytest.param("hartwell.yaml", ["--no-envelope"], id="no-envelope"),
        pytest.param("hartwell.yaml", ["--only", "okafor"], id="only-card"),
        pytest.param("brightloop.yaml", ["--only", "Ana Sousa"], id="only-email"),
    ],
)
def test_every_file_the_plan_and_output_name_exists(runner, samples, tmp_path, sample, args):
    out = tmp_path / "out"
    result = make(runner, samples / sample, "--out", out, *args, *OUTLINE_HAND)
    ok(result)
    (plan,) = out.glob("plan*.txt")
    named = set(PATH_IN_PLAN.findall(plan.read_text(encoding="utf-8")))
    assert named, "the plan names its files"
    missing = sorted(rel for rel in named if not (out / rel).is_file())
    assert missing == [], f"{plan.name} names files that were not written"
    match = re.search(r"^Next: read (\S+) and send", result.stdout, re.M)
    assert match, result.stdout
    assert Path(match.group(1)).resolve() == plan.resolve()


# --------------------------------------------------------------------------- the --text form


NOTE = "Thank you for the chat about the Keller deal, Ms. Dvořák.\n\nI would love to join Acme.\n"


def text_args(note: str) -> list[str]:
    return ["--text", note, "--to", "Ms. Jane Doe", "--company", "Acme", "--from", SENDER]


def test_text_from_a_file(runner, tmp_path):
    note = tmp_path / "note.txt"
    note.write_text(NOTE, encoding="utf-8")
    out = tmp_path / "out"
    result = make(
        runner,
        *text_args(str(note)),
        "--phone",
        "+1 217 555 0142",
        "--role",
        "Analyst",
        "--out",
        out,
    )
    ok(result)
    assert files_in(out) == ["01-jane-doe/email.eml", "01-jane-doe/email.txt", "plan.txt"]
    assert (out / "01-jane-doe/email.txt").read_text(encoding="utf-8") == (
        "Subject: Thank you for the Analyst interview\n"
        "\n"
        "Dear Jane,\n"  # no culture given: standard
        "\n"
        "Thank you for the chat about the Keller deal, Ms. Dvořák.\n"
        "\n"
        "I would love to join Acme.\n"
        "\n"
        "Best regards,\n"
        "Alex Rivera\n"
        "+1 217 555 0142\n"
        "alex.rivera@example.com\n"
    )
    msg = email.message_from_bytes(
        (out / "01-jane-doe/email.eml").read_bytes(), policy=email.policy.default
    )
    assert msg["From"].addresses[0].addr_spec == "alex.rivera@example.com"
    assert msg["To"] is None  # no address for the interviewer in this form


def test_text_to_with_an_address_greets_the_name_and_addresses_the_draft(runner, tmp_path):
    out = tmp_path / "out"
    to = "Dr. Michael Chen <michael.chen@hq.doe.gov>"
    args = ["--text", "-", "--to", to, "--company", "DOE", "--from", SENDER, "--out", out]
    ok(make(runner, *args, input=NOTE))
    assert files_in(out) == ["01-michael-chen/email.eml", "01-michael-chen/email.txt", "plan.txt"]
    text = (out / "01-michael-chen/email.txt").read_text(encoding="utf-8")
    assert text.splitlines()[2] == "Dear Michael,"
    msg = email.message_from_bytes(
        (out / "01-michael-chen/email.eml").read_bytes(), policy=email.policy.default
    )
    (mailbox,) = msg["To"].addresses
    assert (mailbox.display_name, mailbox.addr_spec) == ("Michael Chen", "michael.chen@hq.doe.gov")


def test_text_from_stdin(runner, tmp_path):
    out = tmp_path / "out"
    result = make(runner, *text_args("-"), "--out", out, input=NOTE)
    ok(result)
    text = (out / "01-jane-doe/email.txt").read_text(encoding="utf-8")
    assert "Thank you for the chat about the Keller deal, Ms. Dvořák." in text
    assert text.startswith("Subject: Thank you for your time at Acme\n\nDear Jane,\n\n")


def test_text_with_a_culture_makes_a_card(runner, tmp_path):
    out = tmp_path / "out"
    result = make(
        runner,
        *text_args("-"),
        "--culture",
        "traditional",
        "--no-envelope",
        "--out",
        out,
        input=NOTE,
    )
    ok(result)
    assert files_in(out) == [
        "01-jane-doe/card.pdf",
        "01-jane-doe/email.eml",
        "01-jane-doe/email.txt",
        "plan.txt",
        "print/cards-letter.pdf",
    ]
    assert (out / "01-jane-doe/email.txt").read_text(encoding="utf-8").splitlines()[2] == (
        "Dear Ms. Doe,"
    )


@pytest.mark.parametrize(
    ("args", "stdin", "expected"),
    [
        pytest.param(
            ["--text", "-", "--company", "Acme", "--from", SENDER],
            NOTE,
            "cardgen: --text needs --to",
            id="no-to",
        ),
        pytest.param(
            ["--text", "-"], NOTE, "cardgen: --text needs --to, --company", id="no-options"
        ),
        pytest.param(text_args("-"), "", "cardgen: <stdin>: the note is empty", id="empty"),
        pytest.param(
            text_args("-"),
            "a" * 5000,
            "cardgen: <stdin>: the note is 5,000 characters long; the limit is 4,000",
            id="long",
        ),
        pytest.param(
            text_args("-"),
            "x" * (1024 * 1024),
            "cardgen: <stdin>: standard input is over 256 KB",
            id="one-megabyte",
        ),
        pytest.param(
            text_args("-"),
            b"\x00\x01\x02\xff",
            "cardgen: <stdin>: is a binary file, not UTF-8 text",
            id="binary",
        ),
        pytest.param(
            text_args("missing-note.txt"),
            None,
            "cardgen: missing-note.txt: no such file",
            id="missing-file",
        ),
        pytest.param(
            text_args("Thank you for the chat."),
            None,
            "cardgen: --text: no file named 'Thank you for the chat.': --text takes a file "
            "with the note, or - to read it from standard input "
            "(echo 'Thank you …' | cardgen make --text - …)",
            id="the-note-itself",
        ),
        pytest.param(
            [*text_args("-")[:-1], "alex@example.com"],
            NOTE,
            "cardgen: --from must look like 'Alex Rivera <alex@example.com>'",
            id="bad-from",
        ),
        pytest.param(
            [*text_args("-")[:-1], "A <a@example.com>, c@example.com"],
            NOTE,
            "cardgen: --from holds 2 addresses; give one: 'Alex Rivera <alex@example.com>'",
            id="two-senders",
        ),
        pytest.param(
            [
                "--text",
                "-",
                "--to",
                "Jane <jane@acme.example",
                "--company",
                "Acme",
                "--from",
                SENDER,
            ],
            NOTE,
            "cardgen: --to must look like 'Ms. Jane Doe <jane.doe@example.com>'",
            id="unbalanced-to",
        ),
    ],
)
def test_text_form_bad_input(runner, tmp_path, monkeypatch, args, stdin, expected):
    monkeypatch.chdir(tmp_path)
    result = make(runner, *args, "--out", tmp_path / "out", input=stdin)
    assert one_line_error(result) == expected
    assert files_in(tmp_path / "out") == []


def test_file_and_text_together(runner, samples, tmp_path):
    result = make(runner, samples / "brightloop.yaml", *text_args("-"), input=NOTE)
    assert one_line_error(result) == (
        "cardgen: give an interview file, or --text NOTE.txt with --to and --company"
    )


# --------------------------------------------------------------------------- options


def test_culture_option_overrides_the_file(runner, samples, tmp_path):
    out = tmp_path / "out"
    ok(make(runner, samples / "hartwell.yaml", "--culture", "modern", "--out", out))
    assert files_in(out) == sorted(
        [
            *_email_folder("01-margaret-dvorak"),
            *_email_folder("02-tomas-okafor"),
            *_email_folder("03-priya-raman"),
            "plan.ics",
            "plan.txt",
        ]
    )
    text = (out / "01-margaret-dvorak/email.txt").read_text(encoding="utf-8")
    assert text.splitlines()[0] == "Subject: Thanks for today: Associate Analyst"
    assert text.splitlines()[2] == "Hi Margaret,"


def test_culture_option_can_add_a_card(runner, samples, tmp_path):
    out = tmp_path / "out"
    result = make(
        runner,
        samples / "brightloop.yaml",
        "--culture",
        "conservative",
        "--no-envelope",
        "--out",
        out,
        *OUTLINE_HAND,
    )
    ok(result)
    assert "01-jordan-lee/card.pdf" in files_in(out)
    # No honorific in the file: the conservative fallback uses the full name.
    assert (out / "01-jordan-lee/email.txt").read_text(encoding="utf-8").splitlines()[2] == (
        "Dear Jordan Lee,"
    )


def test_extra_cultures_file(runner, samples, tmp_path):
    extra = tmp_path / "extra.yaml"
    extra.write_text(
        "cultures:\n"
        "  academic:\n"
        "    description: Universities.\n"
        "    aliases: [university]\n"
        "    card: false\n"
        '    salutation: "Dear Professor {surname},"\n'
        '    closing: "With best wishes,"\n'
        "    font: kalam-light\n"
        "    ink: black\n"
        "    stock: white\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = make(
        runner,
        samples / "brightloop.yaml",
        "--cultures",
        extra,
        "--culture",
        "university",
        "--out",
        out,
    )
    ok(result)
    lines = (out / "01-jordan-lee/email.txt").read_text(encoding="utf-8").splitlines()
    assert lines[2] == "Dear Professor Lee,"
    assert "With best wishes," in lines
    listing = runner.invoke(app, ["cultures", "--cultures", str(extra)])
    ok(listing)
    assert any(line.startswith("academic (university) ") for line in listing.stdout.splitlines())


def test_only_one_interviewer(runner, samples, tmp_path):
    out = tmp_path / "out"
    ok(make(runner, samples / "brightloop.yaml", "--only", "Ana Sousa", "--out", out))
    files = files_in(out)
    assert [f for f in files if "/" in f] == ["02-ana-sousa/email.eml", "02-ana-sousa/email.txt"]
    assert [f for f in files if f.startswith("plan")] == [
        "plan-02-ana-sousa.ics",
        "plan-02-ana-sousa.txt",
    ]


def test_only_with_cards(runner, samples, tmp_path):
    out = tmp_path / "out"
    ok(
        make(
            runner, samples / "hartwell.yaml", "--only", "Priya Raman", "--out", out, *OUTLINE_HAND
        )
    )
    folders = {f.split("/")[0] for f in files_in(out) if "/" in f}
    assert folders == {"03-priya-raman", "print"}
    assert (out / "03-priya-raman/card.pdf").is_file()
    assert (out / "03-priya-raman/envelope.pdf").is_file()


def test_refuses_to_overwrite_without_force(runner, samples, tmp_path):
    out = tmp_path / "out"
    ok(make(runner, samples / "brightloop.yaml", "--out", out))
    edited = out / "01-jordan-lee/email.txt"
    edited.write_text("my own edits", encoding="utf-8")
    before = files_in(out)
    message = one_line_error(make(runner, samples / "brightloop.yaml", "--out", out))
    assert "already exists" in message
    assert "--force" in message
    assert edited.read_text(encoding="utf-8") == "my own edits"
    assert files_in(out) == before
    ok(make(runner, samples / "brightloop.yaml", "--out", out, "--force"))
    assert edited.read_text(encoding="utf-8").startswith("Subject: ")


def test_default_out_folder(runner, samples, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    ok(make(runner, samples / "brightloop.yaml"))
    assert files_in(tmp_path) == [
        f"cardgen-out/brightloop/{f}" for f in EXPECTED["brightloop.yaml"]
    ]


def test_out_under_a_file_is_a_clean_error(runner, samples, tmp_path):
    blocker = tmp_path / "afile"
    blocker.write_text("x")
    result = make(runner, samples / "brightloop.yaml", "--out", blocker / "kit")
    message = one_line_error(result)
    assert str(blocker) in message
    assert blocker.read_text() == "x"


# --------------------------------------------------------------------------- init and lists


def test_init_writes_a_file_that_loads_and_makes(runner, tmp_path):
    path = tmp_path / "acme.yaml"
    result = runner.invoke(app, ["init", str(path)])
    ok(result)
    assert path.read_text(encoding="utf-8").startswith("# cardgen interview file.")
    interview = load_interview(path)
    assert interview.company.culture == "conservative"
    out = tmp_path / "out"
    ok(make(runner, path, "--out", out))
    assert files_in(out) == sorted(
        [
            *_card_folder("01-jane-doe"),
            "plan.ics",
            "plan.txt",
            "print/cards-letter.pdf",
            "print/envelopes.pdf",
        ]
    )


def test_init_default_path_and_no_overwrite(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    ok(runner.invoke(app, ["init"]))
    path = tmp_path / "interview.yaml"
    path.write_text("mine", encoding="utf-8")
    message = one_line_error(runner.invoke(app, ["init"]))
    assert "already exists" in message
    assert path.read_text(encoding="utf-8") == "mine"
    ok(runner.invoke(app, ["init", "--force"]))
    assert path.read_text(encoding="utf-8").startswith("# cardgen interview file.")
    assert files_in(tmp_path) == ["interview.yaml"]


def test_layouts_lists_what_ships(runner):
    result = runner.invoke(app, ["layouts"])
    ok(result)
    names = [line.split()[0] for line in result.stdout.splitlines() if line.strip()]
    for layout in card_layouts():
        assert layout in names
    for env in ("a2", "a6", "a7", "a9", "no10", "c6", "c5", "dl"):
        assert env in names
        assert env in envelope_layouts()
    for layout in (
        "a2-flat",
        "a2-halffold",
        "a2-quarterfold",
        "a7-flat",
        "a6-flat",
        "a6-halffold",
        "a6-quarterfold",
    ):
        assert layout in names
    rows = {line.split()[0]: line for line in result.stdout.splitlines() if line.strip()}
    assert "4.25 × 5.5 in" in rows["a2-flat"]
    assert "105 × 148 mm" in rows["a6-flat"]
    assert "5.75 × 4.375 in" in rows["a2"]
    assert "9.5 × 4.125 in" in rows["no10"]


def test_fonts_lists_what_ships(runner):
    result = runner.invoke(app, ["fonts"])
    ok(result)
    names = [line.split()[0] for line in result.stdout.splitlines() if line.strip()]
    assert set(font_catalogue()) >= {"dancing-script", "patrick-hand", "caveat"}
    for font in font_catalogue():
        assert font in names
        assert font_catalogue()[font].path.is_file()


def test_cultures_lists_what_ships(runner):
    result = runner.invoke(app, ["cultures"])
    ok(result)
    lines = result.stdout.splitlines()
    for start in ("conservative (traditional) ", "standard ", "modern (casual, startup) "):
        assert sum(line.startswith(start) for line in lines) == 1, start
    assert "Dear Ms. Dvořák," in result.stdout
    assert "Sincerely," in result.stdout
    assert "Hi Margaret," in result.stdout


# --------------------------------------------------------------------------- help


COMMANDS = sorted(typer.main.get_command(app).commands)


def test_the_spec_commands_exist():
    assert {"make", "check", "init", "layouts", "fonts", "cultures", "preview"} <= set(COMMANDS)


@pytest.mark.parametrize("command", [[], *([c] for c in COMMANDS)], ids=["cardgen", *COMMANDS])
def test_every_help_shows_an_example(runner, command):
    result = runner.invoke(app, [*command, "--help"])
    ok(result)
    assert "Example:" in result.stdout
    assert "Example: cardgen" in " ".join(result.stdout.split())


def test_top_level_help_lists_the_commands(runner):
    result = runner.invoke(app, ["--help"])
    ok(result)
    for command in COMMANDS:
        assert command in result.stdout


def _help_sections(text: str) -> dict[str, str]:
    """The help's sections by heading (``Options:``, ``Input:``, …), each its indented lines."""
    sections: dict[str, str] = {}
    heading = None
    for line in text.splitlines():
        if line.endswith(":") and line[:1].isalpha():
            heading = line[:-1]
            sections[heading] = ""
        elif heading is not None and line.startswith("  "):
            sections[heading] += line + "\n"
        elif not line.strip():
            heading = None
    return sections


def test_top_level_help_lists_every_command_under_its_panel(runner):
    group = typer.main.get_command(app)
    result = runner.invoke(app, ["--help"])
    ok(result)
    sections = _help_sections(result.stdout)
    for name, command in group.commands.items():
        panel = getattr(command, "rich_help_panel", None) or "Commands"
        rows = [line.split()[0] for line in sections[panel].splitlines() if line[2:3] != " "]
        assert name in rows, (name, panel)
        assert command.get_short_help_str(limit=400)[:30] in " ".join(sections[panel].split())


@pytest.mark.parametrize("name", COMMANDS)
def test_every_option_is_listed_under_its_panel(runner, name):
    command = typer.main.get_command(app).commands[name]
    ctx = command.context_class(command, info_name=name)
    result = runner.invoke(app, [name, "--help"])
    ok(result)
    sections = _help_sections(result.stdout)
    for param in command.params:
        unnamed = "Arguments" if param.param_type_name == "argument" else "Options"
        panel = getattr(param, "rich_help_panel", None) or unnamed
        record = param.get_help_record(ctx)
        assert record is not None and record[0] in sections[panel], (param.name, panel)


def test_help_keeps_the_options_text_as_written(runner):
    """Square brackets are text, not markup: ``cardgen[plot]`` is shown whole."""
    result = runner.invoke(app, ["make", "--help"])
    ok(result)
    assert "(needs cardgen[plot])" in " ".join(result.stdout.split())
    assert "Example: cardgen make samples/hartwell.yaml --out kit --seed 7\n" in result.stdout


HELP_IMPORTS = """\
import sys
sys.argv = ["cardgen", *{args!r}]
from cardgen.__main__ import main
try:
    main()
except SystemExit as exc:
    assert exc.code in (0, None), exc.code
print('LOADED', sorted(m for m in sys.modules if m.split('.')[0] in {unwanted!r}
                       or m == 'cardgen.model'))
"""


@pytest.mark.parametrize("args", [["--help"], ["make", "--help"], ["printer", "--help"]])
def test_help_loads_neither_rich_nor_the_drawing_stack(args, tmp_path):
    """The help is click's plain formatter, grouped by panel: rich (and its Markdown
    parser), numpy, ReportLab and the model's records (msgspec) stay unloaded."""
    unwanted = ("rich", "markdown_it", "pygments", "numpy", "reportlab", "fontTools", "msgspec")
    result = subprocess.run(
        [sys.executable, "-c", HELP_IMPORTS.format(args=args, unwanted=unwanted)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Usage: cardgen" in result.stdout
    assert result.stdout.splitlines()[-1] == "LOADED []"


MODULES = """\
import json, sys
from cardgen.cli import app
try:
    app({args!r})
except SystemExit as exc:
    assert exc.code in (0, None), exc.code
print(json.dumps(sorted(sys.modules)))
"""
HEAVY = ("reportlab", "PIL", "pypdfium2", "icalendar", "vpype", "vpype_cli")
SAMPLE = str(Path(__file__).resolve().parents[2] / "samples" / "hartwell.yaml")
CHECK = ("check", SAMPLE, "--now", "2026-11-21T09:00")


@cache
def modules_after(*args: str) -> list[str]:
    """Every module loaded once ``cardgen ARGS`` has run in a fresh interpreter (in a
    fresh folder, with an empty config folder). Run once per command line: the two
    tests below ask different questions of the same run."""
    with tempfile.TemporaryDirectory() as tmp:
        result = subprocess.run(
            [sys.executable, "-c", MODULES.format(args=list(args))],
            capture_output=True,
            text=True,
            cwd=tmp,
            env={**os.environ, "CARDGEN_CONFIG_DIR": str(Path(tmp) / "config")},
            check=False,
        )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


@pytest.mark.parametrize(
    "args",
    [("--help",), ("make", "--help"), ("cultures",), ("init", "--help"), CHECK],
)
def test_help_and_check_do_not_import_drawing_or_calendar_libraries(args):
    """What only ``make`` needs (ReportLab, Pillow, pypdfium2, icalendar, vpype)
    stays out of ``--help``, ``init`` and ``check``."""
    assert [m for m in modules_after(*args) if m.split(".")[0] in HEAVY] == []


PIPELINE = ("cardgen.app", "cardgen.input.catalogue", "cardgen.layout.card", "numpy", "yaml")
WRITING = ("cardgen.app.making", "cardgen.app.commands", "cardgen.output.mail")
WRITING += ("cardgen.output.writer",)


@pytest.mark.parametrize(
    ("args", "unwanted"),
    [
        (("--help",), PIPELINE),
        (("make", "--help"), PIPELINE),
        (("init", "--help"), PIPELINE),
        # checking writes nothing: neither the writer, the mail stage nor the small commands
        (CHECK, WRITING),
        # nor does it need the `cardgen hand` commands, or plan.txt's text and steps
        (CHECK, ("cardgen.app.hands", "cardgen.output.plan", "cardgen.layout.folding")),
        (("init", "starter.yaml"), ("cardgen.layout.card", "cardgen.input.fonts", "numpy")),
        # nor the model, YAML or the email package: it writes a text after asking only
        # whether a profile is saved
        (("init", "starter.yaml"), ("cardgen.model", "cardgen.input.config", "yaml", "email")),
        # the shipped hands come converted ahead (fonts/precomputed): a run that writes
        # cards in the pen's hand and envelopes in an outline hand converts no glyph,
        # reads no font table with fontTools (nor loads the logging it is kept quiet
        # with) and parses no SVG font; and it edits no YAML file
        (CHECK, ("fontTools", "logging", "xml.etree.ElementTree", "cardgen.input.yamledit")),
    ],
)
def test_each_command_loads_only_what_it_runs(args, unwanted):
    """``cardgen.app`` loads each stage on first use: the help loads no stage, ``check``
    nothing that writes, ``init`` no layout code."""
    assert [m for m in unwanted if m in modules_after(*args)] == []


def test_command_annotations_are_objects_not_strings():
    """Typer reads every command's parameters on each run: an annotation left a string
    (``from __future__ import annotations`` in cli.py) costs it a parse each time."""
    for info in app.registered_commands:
        for param in inspect.signature(info.callback).parameters.values():
            assert not isinstance(param.annotation, str), (info.callback.__name__, param.name)


# What the console script `cardgen` runs (pip writes it: `from cardgen.__main__ import main`)
HELP_AS_INSTALLED = """\
import sys
from cardgen.__main__ import main
sys.argv = ["cardgen", *{args!r}]
main()
"""


def _help_run(tmp_path, columns: int, *args: str) -> tuple[str, list[str]]:
    """``cardgen ARGS`` (``--help`` by default) on a terminal ``columns`` wide: what it
    printed, and the modules it imported."""
    code = HELP_AS_INSTALLED.format(args=list(args or ("--help",)))
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "COLUMNS": str(columns)},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout, [line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()]


@pytest.mark.parametrize(
    ("columns", "args"),
    [(80, ("--help",)), (132, ("--help",)), (80, ("make", "--help")), (100, ("hand", "--help"))],
)
def test_help_on_a_wide_terminal_is_the_text_written_ahead_without_typer(tmp_path, columns, args):
    """``cardgen [COMMAND] --help`` prints cardgen/helptext.py's text and loads no CLI."""
    from cardgen import helptext

    printed, modules = _help_run(tmp_path, columns, *args)
    assert printed == (helptext.COMMANDS[args[0]] if len(args) == 2 else helptext.TEXT)
    assert [m for m in modules if m.split(".")[0] in ("typer", "click", "rich")] == []
    assert "cardgen.cli" not in modules


@pytest.mark.parametrize("args", [("--help",), ("make", "--help")])
def test_help_on_a_narrow_terminal_is_typers_wrapped_to_it(tmp_path, args):
    from cardgen.cli_help import top_help

    printed, modules = _help_run(tmp_path, 60, *args)
    assert "cardgen.cli" in modules
    assert printed == top_help(60, args[0] if len(args) == 2 else "")
    if len(args) == 1:  # (a command's examples are left unwrapped, to be copied whole)
        assert max(len(line) for line in printed.splitlines()) <= 58
    assert [m for m in modules if m.split(".")[0] in ("reportlab", "PIL", "pypdfium2")] == []


def test_help_for_what_is_not_a_command_goes_to_typer(tmp_path):
    """Only ``--help`` after one known command is answered ahead: the rest is Typer's."""
    printed, modules = _help_run(tmp_path, 100, "--help", "--help")
    assert "cardgen.cli" in modules
    assert printed.startswith("Usage: cardgen [OPTIONS] COMMAND")


@pytest.mark.parametrize("columns", [80, 100, 500])
def test_the_help_written_ahead_is_what_the_cli_prints_now(columns):
    """Fails after a command, an option or a help text changes until
    ``python tools/helptext.py`` writes the help again."""
    import typer.main

    from cardgen import helptext
    from cardgen.cli_help import top_help

    assert helptext.COLUMNS == 80
    assert top_help(columns) == helptext.TEXT, "run: python tools/helptext.py"
    group = typer.main.get_command(app)
    with group.make_context("cardgen", [], resilient_parsing=True) as ctx:
        names = group.list_commands(ctx)
    assert list(helptext.COMMANDS) == names, "run: python tools/helptext.py"
    for name in names:
        assert top_help(columns, name) == helptext.COMMANDS[name], name


def test_python_m_cardgen_help_names_itself_so(tmp_path):
    """Typer's help, as before: its usage line says how the command was run."""
    result = subprocess.run(
        [sys.executable, "-m", "cardgen", "--help"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "COLUMNS": "100"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Usage: python -m cardgen [OPTIONS] COMMAND")


def test_the_help_tool_writes_the_module_as_it_is():
    """tools/helptext.py makes exactly cardgen/helptext.py (so running it changes nothing)."""
    import importlib.util

    from cardgen import helptext

    tool = Path(__file__).resolve().parents[2] / "tools" / "helptext.py"
    spec = importlib.util.spec_from_file_location("helptext_tool", tool)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.source() == Path(helptext.__file__).read_text(encoding="utf-8")


# --------------------------------------------------------------------------- bad input


BILLION_LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi", strict=True)
)
ONE_MB = 1024 * 1024


def _replace(old: str, new: str):
    def edit(base: str) -> str:
        assert old in base
        return base.replace(old, new)

    return edit


BAD_FILES = [
    pytest.param(
        _replace("role: Associate Analyst", "role: Associate: Analyst"),
        "cardgen: interview.yaml:20: malformed YAML: mapping values are not allowed here",
        id="malformed",
    ),
    pytest.param(
        _replace("  - name: Margaret Dvořák", "  - nmae: Margaret Dvořák"),
        "cardgen: interview.yaml:23: interviewers[0].nmae: unknown key (did you mean 'name'?)",
        id="unknown-key",
    ),
    pytest.param(
        _replace("  email: alex.rivera@example.com\n", ""),
        "cardgen: interview.yaml:2: candidate.email: required key is missing (save your name "
        "and email once with `cardgen profile`, or give them here)",
        id="missing-key",
    ),
    pytest.param(
        _replace("  name: Alex Rivera", "  name: [Alex, Rivera]"),
        "cardgen: interview.yaml:2: candidate.name: expected text, got a list",
        id="wrong-type",
    ),
    pytest.param(
        _replace("m.dvorak@acme.example", "m.dvorak.acme.example"),
        "cardgen: interview.yaml:26: interviewers[0].email: "
        "'m.dvorak.acme.example' is not an email address",
        id="bad-email",
    ),
    pytest.param(
        _replace("date: 2026-11-20", "date: 2026-11-31"),
        "cardgen: interview.yaml:21: interview.date: expected a date like 2026-11-20, "
        "got '2026-11-31'",
        id="bad-date",
    ),
    pytest.param(
        _replace('time: "14:00"', "time: 2pm"),
        'cardgen: interview.yaml:21: interview.time: expected a 24-hour time like "14:00", '
        "got '2pm'",
        id="bad-time",
    ),
    pytest.param(
        lambda base: bytes(range(256)) * 4,
        "cardgen: interview.yaml: is a binary file, not UTF-8 text",
        id="binary",
    ),
    pytest.param(
        lambda base: base.encode("cp1250"),
        "cardgen: interview.yaml:23: is not UTF-8 text",
        id="not-utf8",
    ),
    pytest.param(lambda base: "", "cardgen: interview.yaml:1: is empty", id="empty"),
    pytest.param(
        _replace("    note: Thank you for organising", "    note: " + "x" * ONE_MB + " Thank"),
        re.compile(r"cardgen: interview\.yaml: file is 10\d\d KB; the limit is 256 KB"),
        id="one-megabyte-note",
    ),
    pytest.param(
        _replace(
            "    note: Thank you for organising Thursday so smoothly and for the office tour.",
            "    note: " + "a" * 4001,
        ),
        "cardgen: interview.yaml:35: interviewers[1].note: is 4,001 characters long; "
        "the limit is 4,000",
        id="note-over-limit",
    ),
    pytest.param(
        lambda base: BILLION_LAUGHS,
        "cardgen: interview.yaml:1: a: YAML anchors and aliases (&, *) are not allowed",
        id="alias-bomb",
    ),
    pytest.param(None, "cardgen: interview.yaml: no such file", id="missing-file"),
    pytest.param(
        "folder", "cardgen: interview.yaml: is a folder, not a file", id="folder-not-file"
    ),
    pytest.param(
        _replace("  - name: Margaret Dvořák\n", "  - name: |\n      Margaret\n      Dvořák\n"),
        "cardgen: interview.yaml:23: interviewers[0].name: must be on one line",
        id="name-with-newline",
    ),
    pytest.param(
        _replace("role: Associate Analyst", 'role: "Associate\\u2028Bcc: x@y.z"'),
        "cardgen: interview.yaml:20: role: must be on one line",
        id="role-with-line-separator",
    ),
    pytest.param(
        _replace("role: Associate Analyst", "role: Associate\x01Analyst"),
        re.compile(r"cardgen: interview\.yaml:20: .*"),
        id="raw-control-character",
    ),
]


def _write_input(tmp_path: Path, base: str, content) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    path = folder / "interview.yaml"
    if content == "folder":
        path.mkdir()
    elif content is not None:
        data = content(base)
        if isinstance(data, str):
            data = data.encode("utf-8")
        path.write_bytes(data)
    return path


def _matches(line: str, expected) -> bool:
    if isinstance(expected, re.Pattern):
        return expected.fullmatch(line) is not None
    return line == expected


@pytest.mark.parametrize(("content", "expected"), BAD_FILES)
def test_bad_interview_file(runner, tmp_path, base_yaml, content, expected):
    path = _write_input(tmp_path, base_yaml, content)
    out = tmp_path / "out"
    result = make(runner, path, "--out", out)
    line = one_line_error(result)
    assert _matches(line, expected), line
    assert files_in(out) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in"]


@pytest.mark.parametrize(("content", "expected"), BAD_FILES)
def test_check_on_a_bad_file(runner, tmp_path, base_yaml, content, expected):
    path = _write_input(tmp_path, base_yaml, content)
    result = runner.invoke(app, ["check", str(path), "--now", NOW])
    line = one_line_error(result)
    assert _matches(line, expected), line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in"]


BAD_OPTIONS = [
    pytest.param(
        ["--culture", "formal"], f"cardgen: culture: unknown culture 'formal' ({VALID_CULTURES})"
    ),
    pytest.param(
        ["--paper", "a5"],
        "cardgen: make: Invalid value for '--paper': 'a5' is not one of 'letter', 'a4'; "
        "see 'cardgen make --help'",
    ),
    pytest.param(
        ["--ink", "purple"],
        "cardgen: unknown ink 'purple' (valid: navy, blue, black, sepia, green or #RRGGBB)",
    ),
    pytest.param(
        ["--only", "Smith"],
        "cardgen: --only 'Smith' matches no interviewer; use one of: "
        "Margaret Dvořák (01-margaret-dvorak), Priya Raman (02-priya-raman)",
    ),
    pytest.param(
        ["--card", "a3-poster"], re.compile(r"cardgen: card: unknown card layout 'a3-poster' .*")
    ),
    pytest.param(
        ["--now", "yesterday"],
        "cardgen: --now must be an ISO date-time like 2026-11-21T09:00, got 'yesterday'",
    ),
    pytest.param(
        ["--neatness", "sloppy"],
        "cardgen: make: Invalid value for '--neatness': 'sloppy' is not one of 'very-neat', "
        "'neat', 'natural', 'relaxed'; see 'cardgen make --help'",
    ),
    pytest.param(["--cultures", "no-such.yaml"], "cardgen: no-such.yaml: no such file"),
    pytest.param(["--font", "no-such-hand"], re.compile(r"cardgen: .*no-such-hand.*")),
]


@pytest.mark.parametrize(("args", "expected"), BAD_OPTIONS)
def test_bad_option(runner, tmp_path, base_yaml, monkeypatch, args, expected):
    monkeypatch.chdir(tmp_path)
    path = _write_input(tmp_path, base_yaml, lambda base: base)
    out = tmp_path / "out"
    # --now is given last so a bad --now wins over the default.
    result = runner.invoke(app, ["make", str(path), "--out", str(out), "--now", NOW, *args])
    line = one_line_error(result)
    assert _matches(line, expected), line
    assert files_in(out) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in"]


def test_unknown_culture_in_the_file_names_its_line(runner, tmp_path, base_yaml):
    path = _write_input(tmp_path, base_yaml, _replace("culture: conservative", "culture: formal"))
    result = make(runner, path, "--out", tmp_path / "out")
    assert one_line_error(result) == (
        f"cardgen: interview.yaml:13: company.culture: unknown culture 'formal' ({VALID_CULTURES})"
    )


# --------------------------------------------------------------------------- hostile names


def test_hostile_name_stays_inside_out(runner, tmp_path, base_yaml):
    path = _write_input(tmp_path, base_yaml, _replace("name: Margaret Dvořák", 'name: "../../x"'))
    box = tmp_path / "box"  # so that ../../x from OUT would land in tmp_path
    out = box / "out"
    result = make(runner, path, "--out", out, *OUTLINE_HAND)
    ok(result)
    assert files_in(out) == sorted(
        [
            *_card_folder("01-x"),
            *_card_folder("02-priya-raman"),
            "plan.ics",
            "plan.txt",
            "print/cards-letter.pdf",
            "print/envelopes.pdf",
        ]
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["box", "in"]
    assert sorted(p.name for p in box.iterdir()) == ["out"]
    assert not (tmp_path.parent / "x").exists()
    text = (out / "01-x/email.txt").read_text(encoding="utf-8")
    assert "Dear Ms. ../../x," in text.splitlines()


def test_hostile_only_option_stays_inside_out(runner, tmp_path, base_yaml):
    path = _write_input(tmp_path, base_yaml, _replace("name: Margaret Dvořák", 'name: "../../x"'))
    out = tmp_path / "out"
    ok(make(runner, path, "--out", out, "--only", "01-x", "--culture", "modern"))
    assert [f for f in files_in(out) if "/" in f] == ["01-x/email.eml", "01-x/email.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out"]


# --------------------------------------------------------------------------- atomic writing


def no_part_files(folder: Path) -> bool:
    return not any(f.endswith(".part") for f in files_in(folder))


@pytest.mark.parametrize(
    ("error", "code"), [(RuntimeError("renderer crashed"), 70), (MemoryError(), 70)]
)
def test_crash_while_rendering_writes_nothing(runner, samples, tmp_path, monkeypatch, error, code):
    def crash(*args, **kwargs):
        raise error

    monkeypatch.setattr(card_pdf, "render_card_pdf", crash)
    out = tmp_path / "out"
    result = make(runner, samples / "hartwell.yaml", "--out", out, *OUTLINE_HAND)
    line = one_line_error(result, code)
    assert line.startswith("cardgen: internal error, please report it: ")
    assert not out.exists()


def test_a_write_error_midway_leaves_the_old_kit(runner, samples, tmp_path, monkeypatch):
    out = tmp_path / "out"
    ok(make(runner, samples / "hartwell.yaml", "--out", out, "--seed", "1", *OUTLINE_HAND))
    before = {rel: (out / rel).read_bytes() for rel in files_in(out)}
    real = writer._put
    calls = []

    def failing(path, data, **options):
        calls.append(path)
        if len(calls) == 5:
            raise OSError(28, "No space left on device", str(path))
        real(path, data, **options)

    monkeypatch.setattr(writer, "_put", failing)
    result = make(
        runner, samples / "hartwell.yaml", "--out", out, "--seed", "2", "--force", *OUTLINE_HAND
    )
    line = one_line_error(result)
    assert "No space left on device" in line and line.endswith("nothing was changed")
    assert {rel: (out / rel).read_bytes() for rel in files_in(out)} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_out_below_a_symlinked_folder(runner, samples, tmp_path, monkeypatch):
    """``--out link/kit`` where ``link`` is a link to a folder (as ``/tmp`` is on macOS)."""
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to("real")
    monkeypatch.chdir(tmp_path)
    for extra in ([], ["--force"]):
        result = make(runner, samples / "brightloop.yaml", "--out", "link/kit", *extra)
        ok(result)
        assert result.stdout.splitlines()[-8:] == [
            "Wrote 6 files to link/kit/",
            "  01-jordan-lee/email.eml",
            "  01-jordan-lee/email.txt",
            "  02-ana-sousa/email.eml",
            "  02-ana-sousa/email.txt",
            "  plan.ics",
            "  plan.txt",
            "Next: read link/kit/plan.txt and send the emails first.",
        ]
    assert files_in(tmp_path / "real/kit") == EXPECTED["brightloop.yaml"]
    absolute = make(runner, samples / "brightloop.yaml", "--out", tmp_path / "link/kit", "--force")
    ok(absolute)
    assert "Wrote 6 files to link/kit/" in absolute.stdout


@pytest.mark.parametrize(
    ("where", "args"),
    [("file", ()), ("option", ("--pen", "quill"))],
)
def test_an_unknown_pen_is_refused_where_it_was_named(tmp_path, base_yaml, where, args):
    from conftest import run_cli

    text = base_yaml + ("style: {pen: quill}\n" if where == "file" else "")
    path = tmp_path / "interview.yaml"
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("make", path, "--out", out, *args)
    assert result.exit_code == 2, result.output
    err = result.stderr.strip()
    assert "\n" not in err and "Traceback" not in result.output
    assert "unknown pen 'quill' (valid: ballpoint, gel, fountain)" in err
    if where == "file":
        line = text.count("\n")  # the last line of the file
        assert err.startswith(f"cardgen: interview.yaml:{line}: style.pen: "), err
    assert not out.exists()


def test_the_command_runs_with_the_collector_at_its_own_pace(monkeypatch):
    """``cardgen`` sets the cyclic collector's thresholds before it runs a command (a
    run frees nearly everything by reference count; the default pace cost it time)."""
    import gc
    import signal

    from cardgen import cli

    seen: list[tuple[object, ...]] = []
    monkeypatch.setattr(gc, "set_threshold", lambda *t: seen.append(t))
    monkeypatch.setattr(gc, "freeze", lambda: seen.append(("frozen",)))
    monkeypatch.setattr(cli, "app", lambda: seen.append(("ran",)))
    monkeypatch.setattr(signal, "signal", lambda *a: None)  # main ignores Ctrl-C once done
    cli.main()
    # once done, the collector leaves the heap alone: exit need not walk it for cycles
    assert seen == [cli.GC_THRESHOLDS, ("ran",), ("frozen",)]
    assert cli.GC_THRESHOLDS[0] > 700  # Python's default


COLLECTOR_PROBE = """\
import gc, sys
from cardgen.__main__ import main
passes = []
gc.callbacks.append(lambda phase, info: passes.append(info) if phase == "start" else None)
sys.argv = ["cardgen", "layouts"]
try:
    main()
except SystemExit:
    pass
print(len(passes), gc.isenabled())
"""


def test_loading_the_cli_sets_the_collector_to_no_work():
    """What loading Typer and the CLI makes lasts the whole run: the collector does not
    walk it while it loads (31 passes at Python's pace), nor after (it is frozen)."""
    result = subprocess.run(
        [sys.executable, "-c", COLLECTOR_PROBE], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "0 True"


BLAS_PROBE = """\
import os, sys
import cardgen.cli
from cardgen.__main__ import main

def probe():
    import numpy  # loads OpenBLAS, which starts its threads now
    threads = len(os.listdir("/proc/self/task")) if os.path.isdir("/proc/self/task") else 1
    print(os.environ.get("OPENBLAS_NUM_THREADS"), threads)

cardgen.cli.main = probe
sys.argv = ["cardgen", "check", "interview.yaml"]
main()
"""


@pytest.mark.parametrize(("given", "expected"), [(None, "1"), ("2", "2")])
def test_the_command_loads_numpy_with_one_blas_thread(tmp_path, given, expected):
    """The command runs with ``OPENBLAS_NUM_THREADS=1`` unless the user set it: OpenBLAS
    would start a spinning thread per core for arrays far too small to share out."""
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    if given is not None:
        env["OPENBLAS_NUM_THREADS"] = given
    result = subprocess.run(
        [sys.executable, "-c", BLAS_PROBE],
        capture_output=True, text=True, cwd=tmp_path, env=env, check=True,
    )  # fmt: skip
    value, threads = result.stdout.split()
    assert value == expected
    if given is None:
        assert threads == "1"  # numpy loaded, and no BLAS thread beside the main one


def test_a_path_is_shown_from_a_folder_however_the_two_are_spelt(tmp_path, monkeypatch):
    """``make`` lists its files from the output folder, relative, absolute or through a
    symbolic link; a path outside the folder is shown whole."""
    from cardgen.cli import _inside

    real = tmp_path / "real"
    (real / "kit" / "01-ann").mkdir(parents=True)
    (tmp_path / "link").symlink_to(real)
    monkeypatch.chdir(real)
    card = real / "kit" / "01-ann" / "card.pdf"
    assert _inside(card, Path("kit")) == Path("01-ann/card.pdf")
    assert _inside(card, real / "kit") == Path("01-ann/card.pdf")
    assert _inside(card, tmp_path / "link" / "kit") == Path("01-ann/card.pdf")
    assert _inside(real / "kit", Path("kit")) == Path(".")
    assert _inside(real / "kitten" / "x", real / "kit") == real / "kitten" / "x"
    assert _inside(Path("/x"), Path("/")) == Path("x")
