"""``cardgen --help`` and each ``cardgen COMMAND --help`` written ahead, so that the
command prints them without loading Typer (most of the help's time). Written by
``python tools/helptext.py`` from the CLI itself (:func:`cardgen.cli_help.top_help`);
tests/cli/test_cli.py checks that they agree. Printed on a terminal at least
``COLUMNS`` wide, where click's help does not depend on the width; a narrower one
gets Typer's own.
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

COMMANDS = {
    "make": """\
Usage: cardgen make [OPTIONS] [interview]

  Make the kit: emails, a plan, and for card cultures the cards, envelopes and
  print sheets.

  Example: cardgen make samples/hartwell.yaml --out kit --seed 7

Arguments:
  interview  The interview file (YAML). Or use --text.

Options:
  --now <str>  The time the 24-hour deadline is measured from (ISO; default:
               now).
  --help       Show this message and exit.

Input:
  --text <str>       Note text file, or - for standard input.
  --to <str>         With --text: the interviewer, e.g. "Ms. Jane Doe" or "Dr.
                     Jane Doe <jane@acme.com>".
  --company <str>    With --text: the company.
  --from <str>       With --text: you, as "Name <email>".
  --phone <str>      With --text: your phone number.
  --role <str>       With --text: the role.
  --culture <str>    conservative, standard or modern (or an alias); overrides
                     the file.
  --cultures <path>  Extra culture profiles (YAML).

Layout:
  --paper <letter|a4>             The print sheet (default: Letter in the US,
                                  Canada, Mexico; else A4).
  --card <str>                    Card layout name or a .yaml file; also asks
                                  for a card in any culture.
  --envelope <str>                Envelope (default: the card's).
  --no-envelope                   Make no envelopes.
  --stamp-box                     A faint stamp-corner guide.
  --return-on-flap                Return address on the back flap (an extra
                                  page).
  --address-style <written|postal>
                                  written: as you typed it, by the
                                  destination's conventions; postal: also the
                                  USPS Publication 28 style for US addresses
                                  (capitals, no punctuation, STE).  [default:
                                  written]
  --monogram / --no-monogram      Your initials on a folded card's front.
                                  [default: monogram]

Handwriting:
  --font <str>                    A shipped hand (cardgen fonts) or a .ttf
                                  file.
  --pen <str>                     The pen a pen hand is written with:
                                  ballpoint (default), gel or fountain.
  --ink <str>                     navy, blue, black, sepia, green or #rrggbb.
  --mode <print|guide|plot>       print: the handwriting, printed; guide:
                                  faint guides and a copy sheet to write by
                                  pen; plot: SVGs for a pen plotter (needs
                                  cardgen[plot]).  [default: print]
  --neatness <very-neat|neat|natural|relaxed>
                                  How much the hand varies.  [default: neat]
  --seed <int>                    Handwriting seed: same seed, same cards.
                                  [default: 0]

Output:
  --out <path>     Output folder (default: ./cardgen-out/<company>).
  --only <str>     Make one interviewer's part only (name or folder).
  --force          Overwrite existing files.
  --strict         Write nothing if a check finds a problem (exit 1) or a card
                   or envelope cannot be made (exit 2). Without it, make
                   leaves those out, writes the rest, exits 1.
  --printer <str>  Which saved printer's calibration to use (default: the only
                   or 'default' one).
""",
    "check": """\
Usage: cardgen check [OPTIONS] {interview}

  Check the notes before anything is sent: copy-paste slips, misspelt names,
  length, deadline.

  Exit 0 when there is no problem (advice only), 1 when there is one. Writes
  no files.

  Example: cardgen check samples/hartwell.yaml --now 2026-11-21T09:00

Arguments:
  interview  The interview file (YAML).  [required]

Options:
  --now <str>  The time the 24-hour deadline is measured from (ISO; default:
               now).
  --json       Findings as JSON.
  --help       Show this message and exit.

Input:
  --culture <str>    conservative, standard or modern (or an alias); overrides
                     the file.
  --cultures <path>  Extra culture profiles (YAML).

Layout:
  --card <str>         Card layout name or a .yaml file; also asks for a card
                       in any culture.
  --paper <letter|a4>  The print sheet (default: Letter in the US, Canada,
                       Mexico; else A4).

Handwriting:
  --font <str>               A shipped hand (cardgen fonts) or a .ttf file.
  --mode <print|guide|plot>  print: the handwriting, printed; guide: faint
                             guides and a copy sheet to write by pen; plot:
                             SVGs for a pen plotter (needs cardgen[plot]).
                             [default: print]
""",
    "init": """\
Usage: cardgen init [OPTIONS] [path]

  Write a commented starter interview file to fill in.

  Example: cardgen init acme.yaml

Arguments:
  path  Where to write it.  [default: interview.yaml]

Options:
  --force  Overwrite an existing file.
  --help   Show this message and exit.
""",
    "layouts": """\
Usage: cardgen layouts [OPTIONS]

  List the shipped card layouts and envelopes with their sizes.

  Example: cardgen layouts

Options:
  --help  Show this message and exit.
""",
    "fonts": """\
Usage: cardgen fonts [OPTIONS]

  List the shipped handwriting fonts and what each suits.

  Example: cardgen fonts

Options:
  --help  Show this message and exit.
""",
    "cultures": """\
Usage: cardgen cultures [OPTIONS]

  List the culture profiles: what each makes, its tone, hand and timing.

  Example: cardgen cultures

Options:
  --help  Show this message and exit.

Input:
  --cultures <path>  Extra culture profiles (YAML).
""",
    "preview": """\
Usage: cardgen preview [OPTIONS] {pdf}

  Render each page of a PDF (or a plotter SVG's strokes) to PNG next to it.

  Example: cardgen preview cardgen-out/hartwell-pryce-llp/01-margaret-dvorak/card.pdf

Arguments:
  pdf  A PDF, or a plotter SVG, that cardgen made.  [required]

Options:
  --dpi <int range>  Resolution of the PNGs.  [default: 150; 36<=x<=600]
  --help             Show this message and exit.
""",
    "profile": """\
Usage: cardgen profile [OPTIONS]

  Save your own details once: every interview file and --text may then leave
  them out.

  Asks for each on a terminal; or give them as options. An interview file's
  `candidate:` still wins where it gives a value.

  Example: cardgen profile --name "Alex Rivera" --email alex@example.com --phone "+1 217 555 0142"

Options:
  --name <str>         Your name, as you sign.
  --email <str>        Your email address.
  --phone <str>        Your phone number.
  --street <str>       Your street and number.
  --city <str>         Your town or city.
  --region <str>       Your state, province or region.
  --postal-code <str>  Your postal code.
  --country <str>      Your country, two letters (US, GB, DE).
  --signature <str>    A PNG or JPG scan of your signature.
  --show               Show the saved profile.
  --help               Show this message and exit.
""",
    "calibrate": """\
Usage: cardgen calibrate [OPTIONS]

  Write a printer test page: print it, fold it, read how far your printer
  shifts.

  Then save what you read with `cardgen printer`; every print sheet and
  envelope from then on is moved the other way.

  Example: cardgen calibrate --paper a4 --back

Options:
  --paper <letter|a4>  The paper you print cards on.  [default: letter]
  --back               Add the back page, for two-sided (half-fold) cards.
  --out <path>         Where to write the PDF.  [default: cardgen-printer-
                       test.pdf]
  --help               Show this message and exit.

Output:
  --force  Overwrite existing files.
""",
    "printer": """\
Usage: cardgen printer [OPTIONS]

  Save how your printer shifts and scales the page, and how it takes
  envelopes.

  Read the numbers off `cardgen calibrate`'s test page. Lengths without a unit
  are millimetres.

  Example: cardgen printer --dx 1.5mm --dy -0.5mm --scale 99.6% --envelope-first left

Options:
  --printer <str>                 A name for this printer, if you use more
                                  than one.
  --dx <str>                      It prints this far right (−: left), e.g.
                                  1.5mm.
  --dy <str>                      It prints this far down (−: up), e.g.
                                  -0.5mm.
  --back-dx <str>                 The same, on the back of a sheet.
  --back-dy <str>                 The same, on the back of a sheet.
  --scale <str>                   The size it prints at, e.g. 99.6%.
  --envelope-paper <envelope|letter|a4>
                                  Envelopes are printed as their own size, or
                                  lying on Letter/A4.
  --envelope-align <center|left|right>
                                  Where the envelope sits across the tray.
  --envelope-first <top|bottom|left|right>
                                  Which edge of the envelope goes in first.
  --envelope-face <up|down>       The address side up or down in the tray.
  --show                          Show the saved printers.
  --help                          Show this message and exit.
""",
    "hand": """\
Usage: cardgen hand [OPTIONS] COMMAND [ARGS]...

  Your own hand: print a template, write it, photograph it, and cards are
  written in it.

  Example: cardgen hand template hand.pdf && cardgen hand add mine page1.jpg page2.jpg

Options:
  --help  Show this message and exit.

Commands:
  template  Print the template for your own hand: write each box, then
            photograph the pages.
  add       Read photos of the filled-in template and save the hand as NAME
            (then: --font NAME).
  list      List the hands you captured.
  remove    Remove a hand you captured.
""",
}
