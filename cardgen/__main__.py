"""The ``cardgen`` command: ``python -m cardgen`` and the console script.

Kept tiny so that Ctrl-C is caught from the first moment: the CLI (Typer,
click, rich) takes a while to load, and an interrupt then must end in one
line, not a traceback. The CLI catches its own from then on.
"""

import sys


def main() -> None:
    """Entry point of the ``cardgen`` command."""
    try:
        from cardgen.cli import main as run

        run()
    except KeyboardInterrupt:  # still loading: nothing has started
        try:
            sys.stderr.write("cardgen: interrupted; nothing was written\n")
            sys.stderr.flush()
        finally:
            sys.exit(130)


if __name__ == "__main__":
    main()
