"""Writing a kit as one unit: old kit or new kit, never a mix; never through a link."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest

from cardgen.errors import CardgenError, KitInterrupted
from cardgen.output import writer
from cardgen.output.writer import write_file, write_kit


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (links as ``-> target``), by relative POSIX path."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in filenames + [d for d in dirnames if os.path.islink(Path(dirpath) / d)]:
            path = Path(dirpath) / name
            rel = path.relative_to(folder).as_posix()
            out[rel] = (
                f"-> {os.readlink(path)}".encode() if path.is_symlink() else path.read_bytes()
            )
    return out


def beside(out: Path) -> list[str]:
    """What lies next to ``out`` (work folders would show here)."""
    return sorted(p.name for p in out.parent.iterdir())


def kit(files: dict[str, bytes]) -> dict[str, bytes]:
    """A kit's files: ``files`` plus the plan every kit has."""
    return {"plan.txt": b"plan", **files}


def test_writes_every_file(tmp_path):
    out = tmp_path / "out"
    written = write_kit(out, {"a/b.txt": b"one", "c.txt": b"two"}, force=False)
    assert written == [out / "a/b.txt", out / "c.txt"]
    assert tree(out) == {"a/b.txt": b"one", "c.txt": b"two"}
    assert beside(out) == ["out"]


def test_a_new_kit_is_written_without_clearing_the_way(tmp_path, monkeypatch):
    """A new kit's folder holds no old file to unlink, and each folder is made once."""
    calls: list[str] = []
    unlink, mkdir = Path.unlink, Path.mkdir

    def counted_unlink(self: Path, missing_ok: bool = False) -> None:
        calls.append(f"unlink {self.name}")
        unlink(self, missing_ok)

    def counted_mkdir(self: Path, *args: object, **kwargs: object) -> None:
        calls.append(f"mkdir {self.name}")
        mkdir(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "unlink", counted_unlink)
    monkeypatch.setattr(Path, "mkdir", counted_mkdir)
    out = tmp_path / "out"
    files = {"a/b.txt": b"1", "a/c.txt": b"2", "d.txt": b"3", "e.txt": b"4"}
    write_kit(out, files, force=False)
    assert tree(out) == files
    assert not [c for c in calls if c.startswith("unlink")]
    assert calls.count("mkdir a") == 1


def test_refuses_to_overwrite_without_force(tmp_path):
    out = tmp_path / "out"
    write_kit(out, kit({"a.txt": b"old"}), force=False)
    with pytest.raises(CardgenError) as info:
        write_kit(out, {"a.txt": b"new", "b.txt": b"new"}, force=False)
    assert "already exists" in str(info.value) and "--force" in str(info.value)
    assert tree(out) == kit({"a.txt": b"old"})  # nothing at all was written
    assert beside(out) == ["out"]


def test_force_replaces_and_keeps_what_else_is_there(tmp_path):
    out = tmp_path / "out"
    write_kit(out, kit({"a.txt": b"old", "keep/mine.txt": b"mine"}), force=False)
    hard = out / "a.txt"
    old_inode = hard.stat().st_ino
    write_kit(out, {"a.txt": b"new", "b/c.txt": b"c"}, force=True)
    assert tree(out) == kit({"a.txt": b"new", "b/c.txt": b"c", "keep/mine.txt": b"mine"})
    assert (out / "a.txt").stat().st_ino != old_inode  # a new file, not the old one rewritten
    assert beside(out) == ["out"]


@pytest.mark.parametrize(
    "rel", ["../x.txt", "a/../../x.txt", "/tmp/cardgen-escape.txt", "", "a//b"]
)
def test_never_writes_outside_out(tmp_path, rel):
    out = tmp_path / "out"
    with pytest.raises(CardgenError) as info:
        write_kit(out, {"ok.txt": b"fine", rel: b"evil"}, force=True)
    assert str(info.value) == f"refusing to write {rel!r}: not a plain relative file name"
    assert sorted(p.name for p in tmp_path.iterdir()) == []
    assert not Path("/tmp/cardgen-escape.txt").exists()


def test_out_is_a_file(tmp_path):
    out = tmp_path / "out"
    out.write_text("x")
    with pytest.raises(CardgenError) as info:
        write_kit(out, {"a.txt": b"1"}, force=True)
    assert str(info.value) == f"{out}: exists and is not a folder"


@pytest.mark.parametrize("force", [False, True])
def test_an_output_that_is_a_link_is_never_written_through(tmp_path, force):
    out = tmp_path / "out"
    write_kit(out, {"plan.txt": b"the plan", "01-a/card.pdf": b"card"}, force=False)
    (out / "01-a/card.pdf").unlink()
    (out / "01-a/card.pdf").symlink_to("../plan.txt")
    with pytest.raises(CardgenError) as info:
        write_kit(out, {"plan.txt": b"new plan", "01-a/card.pdf": b"evil"}, force=force)
    assert "is a symbolic link" in str(info.value)
    assert (out / "plan.txt").read_bytes() == b"the plan"
    assert beside(out) == ["out"]


def test_a_folder_on_the_way_that_is_a_link_is_refused(tmp_path):
    out = tmp_path / "out"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    write_kit(out, kit({}), force=False)
    (out / "01-a").symlink_to(elsewhere)
    with pytest.raises(CardgenError) as info:
        write_kit(out, {"01-a/card.pdf": b"card"}, force=True)
    assert str(info.value).startswith(f"{out / '01-a'} is a symbolic link")
    assert list(elsewhere.iterdir()) == []


def test_out_itself_a_link_is_refused(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "out").symlink_to(real)
    with pytest.raises(CardgenError) as info:
        write_kit(tmp_path / "out", {"a.txt": b"1"}, force=True)
    assert "is a symbolic link" in str(info.value) and str(real) in str(info.value)
    assert list(real.iterdir()) == []


def test_user_links_inside_out_are_kept_as_links(tmp_path):
    out = tmp_path / "out"
    write_kit(out, kit({"a.txt": b"1"}), force=False)
    (out / "notes").symlink_to("/nonexistent/notes")
    write_kit(out, {"a.txt": b"2"}, force=True)
    assert tree(out) == kit({"a.txt": b"2", "notes": b"-> /nonexistent/notes"})


def test_a_write_error_changes_nothing(tmp_path, monkeypatch):
    out = tmp_path / "out"
    write_kit(out, kit({"a.txt": b"old", "b.txt": b"old"}), force=False)
    calls = []
    real = writer._put

    def failing(path, data, **options):
        calls.append(path)
        if len(calls) == 2:
            raise OSError(28, "No space left on device", str(path))
        real(path, data, **options)

    monkeypatch.setattr(writer, "_put", failing)
    with pytest.raises(CardgenError) as info:
        write_kit(out, {"a.txt": b"new", "b.txt": b"new"}, force=True)
    assert "No space left on device" in str(info.value)
    assert str(info.value).endswith("nothing was changed")
    assert tree(out) == kit({"a.txt": b"old", "b.txt": b"old"})
    assert beside(out) == ["out"]


def test_without_an_atomic_exchange_the_swap_still_happens(tmp_path, monkeypatch):
    monkeypatch.setattr(writer, "_exchange", lambda a, b: False)
    out = tmp_path / "out"
    write_kit(out, kit({"a.txt": b"old"}), force=False)
    write_kit(out, {"a.txt": b"new"}, force=True)
    assert tree(out) == kit({"a.txt": b"new"})
    assert beside(out) == ["out"]


def test_stale_work_folders_are_cleaned_up(tmp_path):
    out = tmp_path / "out"
    write_kit(out, kit({"a.txt": b"old"}), force=False)
    dead = 2**22 + 12345  # above any pid_max: no such process
    stale = tmp_path / f".out.cardgen-new-{dead}-abcd1234"
    stale.mkdir()
    (stale / "a.txt").write_bytes(b"half")
    (out / ".card.pdf.x1y2z3w4.part").write_bytes(b"half")  # left by an older cardgen
    write_kit(out, {"b.txt": b"b"}, force=False)
    assert beside(out) == ["out"]
    assert tree(out) == kit({"a.txt": b"old", "b.txt": b"b"})


def test_an_old_kit_set_aside_by_a_killed_run_comes_back(tmp_path):
    dead = 2**22 + 12345
    aside = tmp_path / f".out.cardgen-old-{dead}-abcd1234"
    aside.mkdir()
    (aside / "a.txt").write_bytes(b"old")
    (aside / "plan.txt").write_bytes(b"plan")
    out = tmp_path / "out"
    with pytest.raises(CardgenError):
        write_kit(out, {"a.txt": b"new"}, force=False)  # the old kit is back: a clash
    assert tree(out) == kit({"a.txt": b"old"})
    assert beside(out) == ["out"]


def test_write_file_refuses_a_link_even_with_force(tmp_path):
    target = tmp_path / "precious.txt"
    target.write_text("keep me")
    link = tmp_path / "interview.yaml"
    link.symlink_to(target)
    for force in (False, True):
        with pytest.raises(CardgenError) as info:
            write_file(link, b"starter", force=force)
        assert "is a symbolic link" in str(info.value)
    assert target.read_text() == "keep me"


def test_write_file_replaces_with_force_only(tmp_path):
    path = tmp_path / "a.yaml"
    write_file(path, b"one", force=False)
    with pytest.raises(CardgenError):
        write_file(path, b"two", force=False)
    write_file(path, b"two", force=True)
    assert path.read_bytes() == b"two"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml"]


def test_an_empty_folder_may_take_a_kit(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    write_kit(out, kit({"a.txt": b"1"}), force=False)
    assert tree(out) == kit({"a.txt": b"1"})


def test_a_folder_of_other_work_is_never_swapped(tmp_path):
    out = tmp_path / "documents"
    out.mkdir()
    (out / "thesis.tex").write_text("years of work")
    with pytest.raises(CardgenError) as info:
        write_kit(out, kit({"a.txt": b"1"}), force=True)
    assert "holds files that are not a cardgen kit" in str(info.value)
    assert tree(out) == {"thesis.tex": b"years of work"}
    assert beside(out) == ["documents"]


def test_the_current_folder_is_never_swapped(tmp_path, monkeypatch):
    out = tmp_path / "out"
    write_kit(out, kit({}), force=False)
    (out / "inside").mkdir()
    for here in (out, out / "inside"):
        monkeypatch.chdir(here)
        with pytest.raises(CardgenError) as info:
            write_kit(out, kit({"a.txt": b"1"}), force=True)
        assert "is the current folder or holds it" in str(info.value)


@pytest.mark.parametrize("exchange", [True, False], ids=["exchange", "two-renames"])
def test_a_kit_below_a_symlinked_parent_is_written_and_replaced(tmp_path, monkeypatch, exchange):
    """Like ``/tmp`` on macOS: the folder above ``out`` is a link; ``out`` itself is not."""
    if not exchange:
        monkeypatch.setattr(writer, "_exchange", lambda a, b: False)
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to("real")
    monkeypatch.chdir(tmp_path)
    out = Path("link/kit")
    assert write_kit(out, kit({"a/b.txt": b"old"}), force=False) == [
        tmp_path / "link/kit/plan.txt",
        tmp_path / "link/kit/a/b.txt",
    ]
    write_kit(out, {"a/b.txt": b"new"}, force=True)
    assert tree(tmp_path / "real/kit") == kit({"a/b.txt": b"new"})
    assert beside(tmp_path / "real/kit") == ["kit"]


# --------------------------------------------------------------------------- Ctrl-C


def interrupt_at(monkeypatch, name, when):
    """Make ``writer.NAME`` raise KeyboardInterrupt when ``when(args)`` is true."""
    real = getattr(writer, name)

    def step(*args, **options):
        if when(args):
            raise KeyboardInterrupt
        return real(*args, **options)

    monkeypatch.setattr(writer, name, step)


@pytest.mark.parametrize("existed", [False, True])
def test_ctrl_c_before_the_swap_leaves_the_old_kit(tmp_path, monkeypatch, existed):
    out = tmp_path / "out"
    if existed:
        write_kit(out, kit({"a.txt": b"old"}), force=False)
    calls = []
    interrupt_at(monkeypatch, "_put", lambda args: calls.append(args) or len(calls) == 2)
    with pytest.raises(KitInterrupted) as info:
        write_kit(out, kit({"a.txt": b"new", "b.txt": b"new"}), force=True)
    assert (info.value.out, info.value.written, info.value.existed) == (out, False, existed)
    assert tree(out) == (kit({"a.txt": b"old"}) if existed else {})
    assert beside(out) == (["out"] if existed else [])


@pytest.mark.parametrize("existed", [False, True])
@pytest.mark.parametrize("exchange", [True, False], ids=["exchange", "two-renames"])
def test_ctrl_c_after_the_swap_says_the_new_kit_is_in_place(
    tmp_path, monkeypatch, existed, exchange
):
    if not exchange:
        monkeypatch.setattr(writer, "_exchange", lambda a, b: False)
    out = tmp_path / "out"
    if existed:
        write_kit(out, kit({"a.txt": b"old", "keep.txt": b"mine"}), force=False)
    interrupt_at(monkeypatch, "_fsync_dir", lambda args: args[0] == tmp_path)  # the last step
    with pytest.raises(KitInterrupted) as info:
        write_kit(out, kit({"a.txt": b"new"}), force=True)
    assert (info.value.written, info.value.existed) == (True, existed)
    assert tree(out) == kit({"a.txt": b"new", **({"keep.txt": b"mine"} if existed else {})})
    assert beside(out) == ["out"]  # the old kit set aside is gone too


def test_ctrl_c_just_as_a_rename_returns_is_read_from_the_folders(tmp_path, monkeypatch):
    """The interrupt can land after the swap's rename but before the code notes it."""
    out = tmp_path / "out"
    real = os.rename

    def rename(src, dst):
        real(src, dst)
        if Path(dst) == out:
            raise KeyboardInterrupt

    monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(KitInterrupted) as info:
        write_kit(out, kit({"a.txt": b"new"}), force=False)
    assert info.value.written
    assert tree(out) == kit({"a.txt": b"new"})


def test_ctrl_c_between_the_two_renames_puts_the_old_kit_back(tmp_path, monkeypatch):
    monkeypatch.setattr(writer, "_exchange", lambda a, b: False)
    out = tmp_path / "out"
    write_kit(out, kit({"a.txt": b"old"}), force=False)
    real = os.rename
    tries = []

    def rename(src, dst):
        if Path(dst) == out and not tries:  # the old kit set aside, the new one not yet in
            tries.append(src)
            raise KeyboardInterrupt
        real(src, dst)

    monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(KitInterrupted) as info:
        write_kit(out, {"a.txt": b"new"}, force=True)
    assert (info.value.written, info.value.existed) == (False, True)
    assert tree(out) == kit({"a.txt": b"old"})
    assert beside(out) == ["out"]


def test_drop_leaves_an_earlier_file_out_of_the_kit(tmp_path):
    out = tmp_path / "out"
    write_kit(
        out, {"plan.txt": b"plan", "01-a/card.pdf": b"old card", "notes.md": b"mine"}, force=False
    )
    # Removing a file needs --force too: plan.txt and the card count.
    with pytest.raises(CardgenError, match=r"\(2 files would be replaced\)"):
        write_kit(out, {"plan.txt": b"new"}, force=False, drop={"01-a/card.pdf"})
    assert (out / "01-a/card.pdf").read_bytes() == b"old card"
    write_kit(out, {"plan.txt": b"new"}, force=True, drop={"01-a/card.pdf", "print/none.pdf"})
    assert not (out / "01-a/card.pdf").exists()
    assert (out / "notes.md").read_bytes() == b"mine"  # what is not dropped is kept
    assert (out / "plan.txt").read_bytes() == b"new"


# --------------------------------------------------------------------------- a kill


def _killed_at(line: int, out: Path, files: dict[str, bytes]) -> bool:
    """Run ``write_kit`` in a forked child that dies (``os._exit``, like SIGKILL: no
    cleanup runs) when it reaches its ``line``-th line in writer.py; whether it died."""
    pid = os.fork()
    if pid == 0:  # the child: count the writer's lines, die at the chosen one
        code = 0
        try:
            seen = 0

            def trace(frame, event, arg):
                nonlocal seen
                if frame.f_code.co_filename != writer.__file__:
                    return None
                if event == "line":
                    seen += 1
                    if seen == line:
                        os._exit(9)
                return trace

            sys.settrace(trace)
            write_kit(out, files, force=True)
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.WEXITSTATUS(status) in (0, 9), "write_kit failed in the child"
    return os.WEXITSTATUS(status) == 9


def _kill_at_every_line(root: Path, *, exchange: bool) -> tuple[int, int]:
    """A kill at every line write_kit runs (a card changed, a folder added, a file of the
    user's kept) leaves the old kit or the new, and the next run cleans up what it left:
    (how many runs were killed, a bit per kit seen: 1 the old, 2 the new)."""
    out = root / "box" / "out"
    old = kit({"01-a/card.pdf": b"old card", "print/cards.pdf": b"old sheet", "mine.md": b"m"})
    files = {"plan.txt": b"new plan", "01-a/card.pdf": b"new card", "02-b/card.pdf": b"b"}
    new = {**files, "print/cards.pdf": b"old sheet", "mine.md": b"m"}
    killed = outcomes = 0
    for line in range(1, 10_000):
        shutil.rmtree(out.parent, ignore_errors=True)
        write_kit(out, old, force=False)
        died = _killed_at(line, out, files)
        if not out.exists():  # killed between the two renames: the next run puts it back
            assert not exchange
            writer._recover(out)
            assert tree(out) == old, f"a kill at line {line} lost the old kit"
        now = tree(out)
        assert now in (old, new), f"a kill at line {line} of the writer left a mix: {now}"
        outcomes |= 1 << (now == new)
        assert all(n == "out" or n.startswith(".out.cardgen-") for n in beside(out))
        write_kit(out, files, force=True)  # the next run: cleans up, writes the new kit
        assert tree(out) == new and beside(out) == ["out"]
        if not died:
            break
        killed += 1
    return killed, outcomes


def _kills(folder: Path) -> None:
    """Both swaps killed at every line, beside the tests, in a small process of their own:
    forking the test process, big by then, for each of some 500 kills takes seconds."""
    os.fsync = lambda fd: None  # a kill is not a power cut: quicker
    results = {}
    exchange = writer._exchange
    for name in ("exchange", "two-renames"):
        writer._exchange = exchange if name == "exchange" else (lambda a, b: False)
        try:
            results[name] = _kill_at_every_line(folder / name, exchange=name == "exchange")
        except AssertionError as error:
            results[name] = str(error)
    (folder / "kills.json").write_text(json.dumps(results))


@pytest.mark.beside("_kills")
@pytest.mark.parametrize("swap", ["exchange", "two-renames"])
def test_a_kill_at_any_line_of_the_writer_leaves_the_old_kit_or_the_new(beside, swap):
    """The in-process sibling of the slow test in tests/cli/test_hostile.py (see
    ``_kill_at_every_line``): killed often, and both kits were seen."""
    assert beside.returncode == 0, beside.output
    result = json.loads((beside.folder / "kills.json").read_text())[swap]
    assert isinstance(result, list), result  # else the message of what went wrong
    killed, outcomes = result
    assert killed > 20 and outcomes == 0b11
