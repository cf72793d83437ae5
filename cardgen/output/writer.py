"""Files stage: write a whole kit as one unit, or one file, never through a link.

A kit is built in a fresh folder beside the output folder (``.NAME.cardgen-…``):
first the files the output folder already holds are linked in (so nothing
the user keeps there is lost, and ``--only`` adds one interviewer's part to
the kit), then the new files are written. Only when every file is complete
is the folder swapped with the output folder in one step (``renameat2``
``RENAME_EXCHANGE`` on Linux, ``renamex_np`` on macOS), and the old one
removed. A kill or an error at any moment leaves the old kit or the new one,
never a mix; what a killed run left beside the output folder is cleaned up by
the next run. Ctrl-C does the same, and :class:`~cardgen.errors.KitInterrupted`
tells the caller which of the two is in place.

An output file, or any folder on its way, that is a symbolic link is
refused, with or without ``--force``: cardgen never writes through a link.
So is an output folder that is neither new, empty, nor an earlier kit (one
with a ``plan.txt``): the whole folder is swapped, so it must be the kit's
own — never the current folder, a home folder, or a folder of other work.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import re
import secrets
import shutil
import stat
import sys
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path

from cardgen.errors import CardgenError, KitInterrupted

__all__ = ["write_file", "write_kit"]

_SAFE_PART = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_MARK = ".cardgen-"  # the work folders beside OUT: .NAME.cardgen-new-PID-HEX
_OLD_PART_FILE = re.compile(r"\..+\.[a-z0-9_]{8}\.part")  # what an earlier writer left behind


def _check_rel(rel: str) -> tuple[str, ...]:
    parts = tuple(rel.split("/"))
    if not all(_SAFE_PART.fullmatch(p) and p not in (".", "..") for p in parts):
        raise CardgenError(f"refusing to write {rel!r}: not a plain relative file name")
    return parts


def _is_link(path: Path) -> bool:
    try:
        return stat.S_ISLNK(path.lstat().st_mode)
    except OSError:
        return False


def _refuse_links(out: Path, parts: tuple[str, ...]) -> None:
    """Refuse when ``out/parts…`` or a folder on the way is a symbolic link."""
    path = out
    for part in parts:
        path = path / part
        if _is_link(path):
            raise CardgenError(
                f"{path} is a symbolic link; cardgen never writes through a link "
                "(remove it, or choose another --out)"
            )


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, not ours to signal
    return True


def _work_dirs(out: Path) -> Iterator[tuple[Path, str, int]]:
    """(path, kind, pid) of the work folders a run made beside ``out``."""
    prefix = f".{out.name}{_MARK}"
    with contextlib.suppress(OSError):
        for entry in out.parent.iterdir():
            rest = entry.name.removeprefix(prefix)
            if rest == entry.name:
                continue
            kind, _, tail = rest.partition("-")
            pid = tail.partition("-")[0]
            if kind in ("new", "old") and pid.isdigit():
                yield entry, kind, int(pid)


def _recover(out: Path) -> None:
    """Undo what a killed run left: restore an old kit set aside, drop stale work folders."""
    stale = [(p, kind) for p, kind, pid in _work_dirs(out) if not _alive(pid)]
    if not out.exists() and not _is_link(out):
        for path, kind in stale:
            if kind == "old":  # killed between the two renames of the fallback swap
                with contextlib.suppress(OSError):
                    path.rename(out)
                break
    for path, _kind in stale:
        if path.is_dir() and not _is_link(path):
            shutil.rmtree(path, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                path.unlink()


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically; False when this system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return False
    src, dst = os.fsencode(a), os.fsencode(b)
    if sys.platform.startswith("linux") and hasattr(libc, "renameat2"):
        at_fdcwd, rename_exchange = -100, 2
        result = libc.renameat2(at_fdcwd, src, at_fdcwd, dst, rename_exchange)
    elif sys.platform == "darwin" and hasattr(libc, "renamex_np"):
        result = libc.renamex_np(src, dst, 2)  # RENAME_SWAP
    else:
        return False
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False  # e.g. a file system without exchange
    raise OSError(code, os.strerror(code), str(b))


def _link_tree(src: Path, dst: Path, drop: Collection[str] = ()) -> None:
    """Re-create ``src``'s tree in ``dst``: hard links to its files (copies if need be).

    Files whose relative POSIX path is in ``drop`` are left behind.
    """
    for dirpath, dirnames, filenames in os.walk(src):
        here = Path(dirpath)
        rel = here.relative_to(src)
        for name in dirnames:
            source = here / name
            target = dst / rel / name
            if _is_link(source):  # os.walk does not descend into it
                os.symlink(os.readlink(source), target)
            else:
                target.mkdir()
                shutil.copymode(source, target)
        for name in filenames:
            source = here / name
            target = dst / rel / name
            if _OLD_PART_FILE.fullmatch(name):
                continue  # a half-written file from an older cardgen: drop it
            if (rel / name).as_posix() in drop:
                continue  # made by an earlier run, and this run could not make it again
            mode = source.lstat().st_mode
            if stat.S_ISLNK(mode):
                os.symlink(os.readlink(source), target)
            elif stat.S_ISREG(mode):
                try:
                    os.link(source, target, follow_symlinks=False)
                except OSError:
                    shutil.copy2(source, target, follow_symlinks=False)


def _put(path: Path, data: bytes, *, linked: bool = True) -> None:
    """Write a new file in an existing folder (replacing a link to an old one, never
    writing into it; ``linked`` False: the folder holds no link to an old kit's file)."""
    if linked:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()  # a hard link to the old kit's file: the old file stays intact
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o666)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


_PLAN = re.compile(r"plan(?:-\d\d-[a-z0-9-]+)?\.txt")


def _check_is_a_kit(out: Path) -> None:
    """Refuse to swap out a folder that is not an earlier kit (or empty), or holds us."""
    here = Path.cwd().resolve()
    if here == out.resolve() or out.resolve() in here.parents:
        raise CardgenError(
            f"{out} is the current folder or holds it; give --out a folder of its own"
        )
    entries = list(out.iterdir())
    if entries and not any(_PLAN.fullmatch(e.name) and e.is_file() for e in entries):
        raise CardgenError(
            f"{out} holds files that are not a cardgen kit (no plan.txt); give --out a new "
            "or empty folder, or one cardgen made"
        )


def _interrupted(
    out: Path, work: Path, old: Path | None, built: tuple[int, int] | None, *, existed: bool
) -> KitInterrupted:
    """Tidy up after Ctrl-C in :func:`write_kit`; say whether the new kit is in place.

    Whether the swap happened is read from the folders, not from how far the
    code got: the interrupt may land just after a rename returned.
    """
    try:
        info = out.lstat()
        written = built == (info.st_dev, info.st_ino)
    except OSError:
        written = False
    if not written and old is not None and not out.exists():
        with contextlib.suppress(OSError):
            old.rename(out)  # between the fallback's two renames: put the old kit back
    shutil.rmtree(work, ignore_errors=True)  # the unfinished new kit, or the old one swapped out
    if old is not None and written:
        shutil.rmtree(old, ignore_errors=True)  # else the next run's _recover puts it back
    return KitInterrupted(out, written=written, existed=existed)


def write_kit(
    out: Path, files: Mapping[str, bytes], *, force: bool, drop: Collection[str] = ()
) -> list[Path]:
    """Write ``files`` (relative POSIX paths → bytes) into ``out`` as one unit.

    Files already in ``out`` that are not among ``files`` are kept, except
    those in ``drop`` (relative POSIX paths): an earlier run's card that this
    run could not make again must not stay in the kit as if it were current.

    Returns:
        The paths written, in the order given.

    Raises:
        CardgenError: an output exists and ``force`` is off; an output or a
            folder on its way is a symbolic link; ``out`` is not a folder; or
            the system refused a write (nothing has changed then).
        KitInterrupted: Ctrl-C while the kit was being written; its
            ``written`` says whether the new kit was already in place.
    """
    out = Path(os.path.abspath(out))
    rels = {rel: _check_rel(rel) for rel in files}
    exists = _ready_to_replace(out, rels, force=force, drop=drop)
    work = out.parent / f".{out.name}{_MARK}new-{os.getpid()}-{secrets.token_hex(4)}"
    old: Path | None = None  # where the fallback swap sets the old kit aside
    built: tuple[int, int] | None = None  # (device, inode) of ``work``: the new kit
    try:
        work.mkdir()
        info = work.stat()
        built = (info.st_dev, info.st_ino)
        if exists:
            shutil.copymode(out, work)
            _link_tree(out, work, drop)
        folders = {work}
        for rel, parts in rels.items():
            path = work.joinpath(*parts)
            if path.parent not in folders:  # each folder made once, not once a file
                path.parent.mkdir(parents=True, exist_ok=True)
                folders.add(path.parent)
            _put(path, files[rel], linked=exists)  # a new kit's folder holds no old file
        _fsync_dir(work)
        if not exists:
            os.rename(work, out)  # fails if another run made ``out`` meanwhile
        elif _exchange(work, out):
            shutil.rmtree(work, ignore_errors=True)  # ``work`` now holds the old kit
        else:
            old = out.parent / f".{out.name}{_MARK}old-{os.getpid()}-{secrets.token_hex(4)}"
            os.rename(out, old)  # a kill here is undone by the next run's _recover
            os.rename(work, out)
            shutil.rmtree(old, ignore_errors=True)
        _fsync_dir(out.parent)
    except OSError as exc:
        shutil.rmtree(work, ignore_errors=True)
        where = exc.filename or out
        raise CardgenError(
            f"cannot write the kit in {out}: {where}: {exc.strerror or exc}; nothing was changed"
        ) from None
    except KeyboardInterrupt:
        raise _interrupted(out, work, old, built, existed=exists) from None
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return [out.joinpath(*rels[rel]) for rel in files]


def _ready_to_replace(
    out: Path, rels: Mapping[str, tuple[str, ...]], *, force: bool, drop: Collection[str]
) -> bool:
    """Check ``out`` may be replaced by a kit of ``rels``; whether it exists already.

    Makes ``out``'s parent and cleans up what a killed run left beside it.
    """
    if _is_link(out):
        raise CardgenError(
            f"{out} is a symbolic link; give the folder it points to with --out "
            f"({os.path.realpath(out)})"
        )
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CardgenError(f"cannot create {out.parent}: {exc.strerror or exc}") from None
    if not out.parent.is_dir():
        raise CardgenError(f"{out.parent}: exists and is not a folder")
    _recover(out)
    exists = out.exists()
    if exists and not out.is_dir():
        raise CardgenError(f"{out}: exists and is not a folder")
    if exists:
        _check_is_a_kit(out)
        for parts in rels.values():
            _refuse_links(out, parts)
        clashes = [out.joinpath(*p) for p in rels.values() if out.joinpath(*p).exists()]
        folders = [c for c in clashes if c.is_dir()]
        if folders:
            raise CardgenError(f"{folders[0]} is a folder where cardgen writes a file")
        clashes += [out / rel for rel in sorted(drop) if rel not in rels and (out / rel).exists()]
        if clashes and not force:
            from cardgen.textrules import plural  # it loads the model: not for `cardgen init`

            raise CardgenError(
                f"{clashes[0]} already exists ({plural(len(clashes), 'file')} would be replaced); "
                "use --force to overwrite"
            )
    return exists


def write_file(path: Path, data: bytes, *, force: bool) -> Path:
    """Write one file atomically (a temporary name, then a rename), never through a link.

    Raises:
        CardgenError: it exists and ``force`` is off, it is a link or a folder,
            or the system refused the write.
    """
    path = Path(os.path.abspath(path))
    if _is_link(path):
        raise CardgenError(f"{path} is a symbolic link; cardgen never writes through a link")
    if path.is_dir():
        raise CardgenError(f"{path} is a folder")
    if path.exists() and not force:
        raise CardgenError(f"{path} already exists; use --force to overwrite")
    tmp = path.parent / f".{path.name}{_MARK}new-{os.getpid()}-{secrets.token_hex(4)}"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _recover(path)
        _put(tmp, data)
        os.replace(
            tmp, path
        )  # replaces a file; a link appearing meanwhile is replaced, not followed
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise CardgenError(f"cannot write {path}: {exc.strerror or exc}") from None
    return path
