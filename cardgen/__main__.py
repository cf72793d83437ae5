"""The ``cardgen`` command: ``python -m cardgen`` and the console script.

Kept tiny so that Ctrl-C is caught from the first moment: the CLI (Typer,
click, rich) takes a while to load, and an interrupt then must end in one
line, not a traceback. The CLI catches its own from then on.
"""

import gc
import os
import sys


def main() -> None:
    """Entry point of the ``cardgen`` command."""
    # numpy's OpenBLAS starts a thread per core as it loads, and those threads spin
    # (0.1 s of CPU a run on two cores) for arrays far too small to share out. Set
    # here, before any module loads numpy, whichever loads it first; a user's value stays.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    try:
        if sys.argv[-1:] == ["--help"] and len(sys.argv) <= 3 and _help_written_ahead():
            return
        # Loading the CLI (Typer, click) makes objects that last the whole run: the
        # collector is off while it loads (at its default pace it walked them some 30
        # times for nothing) and they are then set aside for good (frozen); the CLI's
        # main() turns it back on at its own pace (cardgen.cli.GC_THRESHOLDS).
        gc.disable()
        from cardgen.cli import main as run

        gc.freeze()
        run()
    except KeyboardInterrupt:  # still loading: nothing has started
        try:
            sys.stderr.write("cardgen: interrupted; nothing was written\n")
            sys.stderr.flush()
        finally:
            sys.exit(130)


def _help_written_ahead() -> bool:
    """Print ``cardgen --help`` or ``cardgen COMMAND --help`` as written ahead
    (:mod:`cardgen.helptext`), without loading Typer, which takes most of the help's
    time; False, printing nothing, for another command line or on a terminal too
    narrow for that text (click wraps it to the width there).

    Failing to write is told as the CLI tells it: a reader gone, quietly; else one line
    on stderr, exit 2. Ctrl-C from then on is ignored, as after any finished command.
    """
    import shutil

    from cardgen import helptext

    if getattr(sys.modules["__main__"], "__package__", None):
        return False  # `python -m cardgen`: click names it so in the usage line
    text = helptext.COMMANDS.get(sys.argv[1]) if len(sys.argv) == 3 else helptext.TEXT
    if text is None or os.path.basename(sys.argv[0]) != "cardgen":
        return False
    if shutil.get_terminal_size().columns < helptext.COLUMNS:
        return False
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except OSError as exc:
        from cardgen.errors import drop_stdout

        drop_stdout()
        if not isinstance(exc, BrokenPipeError):
            sys.stderr.write(f"cardgen: cannot write to standard output: {exc.strerror or exc}\n")
            sys.exit(2)
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    return True


if __name__ == "__main__":
    main()
