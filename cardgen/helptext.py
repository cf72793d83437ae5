"""``cardgen --help`` written ahead, so that the command prints it without loading
Typer (most of the help's time). Written by ``python tools/helptext.py`` from the
CLI itself (:func:`cardgen.cli.top_help`); tests/cli/test_cli.py checks that the
two agree. Printed on a terminal at least ``COLUMNS`` wide, where click's help
does not depend on the width; a narrower one gets Typer's own.
"""

COLUMNS = 80

TEXT = """\
Usage: cardgen [OPTIONS] COMMAND [ARGS]...

  Thank-you notes after a job interview: an email to every interviewer first,
  then, for conservative employers, a handwritten-looking card and envelope to
  print at home.

  Example: cardgen make samples/hartwell.yaml

Options:
  --help  Show this message and exit.

Commands:
  make       Make the kit: emails, a plan, and for card cultures the cards,
             envelopes and print sheets.
  check      Check the notes before anything is sent: copy-paste slips,
             misspelt names, length, deadline.
  init       Write a commented starter interview file to fill in.
  layouts    List the shipped card layouts and envelopes with their sizes.
  fonts      List the shipped handwriting fonts and what each suits.
  cultures   List the culture profiles: what each makes, its tone, hand and
             timing.
  preview    Render each page of a PDF (or a plotter SVG's strokes) to PNG
             next to it.
  profile    Save your own details once: every interview file and --text may
             then leave them out.
  calibrate  Write a printer test page: print it, fold it, read how far your
             printer shifts.
  printer    Save how your printer shifts and scales the page, and how it
             takes envelopes.
  hand       Your own hand: print a template, write it, photograph it, and
             cards are written in it.
"""
