"""Write the commands' help ahead, for ``cardgen`` to print without loading Typer.

Writes ``cardgen/helptext.py``: ``cardgen --help`` and ``cardgen COMMAND --help``
for each command, as the CLI prints them on a terminal 80 columns wide or wider
(:func:`cardgen.cli_help.top_help`). Run it again after changing a command, an option
or a help text; ``tests/cli/test_cli.py`` fails until the two agree:

    python tools/helptext.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import typer.main  # noqa: E402

from cardgen.cli import app  # noqa: E402
from cardgen.cli_help import top_help  # noqa: E402

COLUMNS = 80

HEADER = '''\
"""``cardgen --help`` and each ``cardgen COMMAND --help`` written ahead, so that the
command prints them without loading Typer (most of the help's time). Written by
``python tools/helptext.py`` from the CLI itself (:func:`cardgen.cli_help.top_help`);
tests/cli/test_cli.py checks that they agree. Printed on a terminal at least
``COLUMNS`` wide, where click's help does not depend on the width; a narrower one
gets Typer's own.
"""

'''


def commands() -> list[str]:
    """The CLI's commands, in the order its help lists them."""
    group = typer.main.get_command(app)
    with group.make_context("cardgen", [], resilient_parsing=True) as ctx:
        return list(group.list_commands(ctx))  # type: ignore[attr-defined]


def _literal(text: str) -> str:
    assert '"""' not in text and "\\" not in text and text.endswith("\n"), "quote it otherwise"
    return f'"""\\\n{text}"""'


def source() -> str:
    """The module's text, as it should be now."""
    parts = [HEADER, f"COLUMNS = {COLUMNS}\n\n", f"TEXT = {_literal(top_help(COLUMNS))}\n\n"]
    parts.append("COMMANDS = {\n")
    for name in commands():
        parts.append(f'    "{name}": {_literal(top_help(COLUMNS, name))},\n')
    parts.append("}\n")
    return "".join(parts)


def main() -> None:
    target = ROOT / "cardgen" / "helptext.py"
    target.write_text(source(), encoding="utf-8")
    print(f"wrote {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
