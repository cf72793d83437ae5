"""Write ``cardgen --help`` ahead, for the command to print without loading Typer.

Writes ``cardgen/helptext.py``: the top-level help as the CLI prints it on a
terminal 80 columns wide or wider (:func:`cardgen.cli.top_help`). Run it again
after changing a command's name or summary or the CLI's description;
``tests/cli/test_cli.py`` fails until the two agree:

    python tools/helptext.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cardgen.cli import top_help  # noqa: E402

COLUMNS = 80

HEADER = '''\
"""``cardgen --help`` written ahead, so that the command prints it without loading
Typer (most of the help's time). Written by ``python tools/helptext.py`` from the
CLI itself (:func:`cardgen.cli.top_help`); tests/cli/test_cli.py checks that the
two agree. Printed on a terminal at least ``COLUMNS`` wide, where click's help
does not depend on the width; a narrower one gets Typer's own.
"""

'''


def source() -> str:
    """The module's text, as it should be now."""
    text = top_help(COLUMNS)
    assert '"""' not in text and "\\" not in text and text.endswith("\n"), "quote it otherwise"
    return f'{HEADER}COLUMNS = {COLUMNS}\n\nTEXT = """\\\n{text}"""\n'


def main() -> None:
    target = ROOT / "cardgen" / "helptext.py"
    target.write_text(source(), encoding="utf-8")
    print(f"wrote {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
