#!/usr/bin/env bash
# Re-make the pictures the README shows, from the samples (needs cardgen installed).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
samples="$here/.."
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
now=2026-11-21T09:00
cardgen make "$samples/hartwell.yaml" --out "$tmp/flat" --now "$now" >/dev/null
cardgen make "$samples/hartwell.yaml" --out "$tmp/half" --card a2-halffold --no-envelope --now "$now" >/dev/null
cardgen make "$samples/hartwell.yaml" --out "$tmp/quarter" --card a2-quarterfold --no-envelope --only dvorak --now "$now" >/dev/null
cardgen make "$samples/mueller.yaml" --out "$tmp/iso" --now "$now" >/dev/null
cardgen preview "$tmp/flat/01-margaret-dvorak/card.pdf" --dpi 110 >/dev/null
cp "$tmp/flat/01-margaret-dvorak/card-1.png" "$here/card-a2-flat.png"
cardgen preview "$tmp/half/01-margaret-dvorak/card.pdf" --dpi 55 >/dev/null
cp "$tmp/half/01-margaret-dvorak/card-1.png" "$here/card-a2-halffold-outside.png"
cp "$tmp/half/01-margaret-dvorak/card-2.png" "$here/card-a2-halffold-inside.png"
cardgen preview "$tmp/flat/print/cards-letter.pdf" --dpi 45 >/dev/null
cp "$tmp/flat/print/cards-letter-1.png" "$here/sheet-a2-flat.png"
cardgen preview "$tmp/quarter/print/cards-letter-01-margaret-dvorak.pdf" --dpi 45 >/dev/null
cp "$tmp/quarter/print/cards-letter-01-margaret-dvorak-1.png" "$here/sheet-a2-quarterfold.png"
cardgen preview "$tmp/iso/01-jurgen-weiss/card.pdf" --dpi 90 >/dev/null
cp "$tmp/iso/01-jurgen-weiss/card-1.png" "$here/card-a6-flat.png"
cardgen preview "$tmp/flat/01-margaret-dvorak/envelope.pdf" --dpi 120 >/dev/null
cp "$tmp/flat/01-margaret-dvorak/envelope-1.png" "$here/envelope-us-a2.png"
cardgen preview "$tmp/flat/02-tomas-okafor/envelope.pdf" --dpi 120 >/dev/null
cp "$tmp/flat/02-tomas-okafor/envelope-1.png" "$here/envelope-uk-a2.png"
cardgen preview "$tmp/iso/01-jurgen-weiss/envelope.pdf" --dpi 100 >/dev/null
cp "$tmp/iso/01-jurgen-weiss/envelope-1.png" "$here/envelope-de-c6.png"
# Letters in the note's language: a German card and a French card with their envelopes.
cardgen make "$samples/weiss-de.yaml" --out "$tmp/de" --only keller --now "$now" >/dev/null
cardgen make "$samples/lefevre-fr.yaml" --out "$tmp/fr" --only lefevre --now "$now" >/dev/null
cardgen preview "$tmp/de/02-sabine-keller/card.pdf" --dpi 90 >/dev/null
cp "$tmp/de/02-sabine-keller/card-1.png" "$here/card-de.png"
cardgen preview "$tmp/de/02-sabine-keller/envelope.pdf" --dpi 80 >/dev/null
cp "$tmp/de/02-sabine-keller/envelope-1.png" "$here/envelope-de.png"
cardgen preview "$tmp/fr/01-helene-lefevre/card.pdf" --dpi 90 >/dev/null
cp "$tmp/fr/01-helene-lefevre/card-1.png" "$here/card-fr.png"
cardgen preview "$tmp/fr/01-helene-lefevre/envelope.pdf" --dpi 80 >/dev/null
cp "$tmp/fr/01-helene-lefevre/envelope-1.png" "$here/envelope-fr.png"
# A close look: three lines of a card at 300 dpi.
cardgen preview "$tmp/flat/02-tomas-okafor/card.pdf" --dpi 300 >/dev/null
python3 - "$tmp/flat/02-tomas-okafor/card-1.png" "$here/card-closeup.png" <<'PY'
import sys
import numpy as np
from PIL import Image
im = Image.open(sys.argv[1])
ink = (np.asarray(im.convert("L")) < 200).any(axis=1)
rows = np.flatnonzero(ink)
# The body's lines are bands of ink with blank rows between; keep lines 2–4.
gaps = rows[np.flatnonzero(np.diff(rows) > 8)]
top, bottom = gaps[0] + 20, gaps[3] + 20
w = im.width
im.crop((int(w * 0.06), top, int(w * 0.97), bottom)).save(sys.argv[2])
PY
# The pen against a font: the same lines by the pen (ballpoint, gel, fountain) and in
# Dancing Script, at 300 dpi.
for pen in ballpoint gel fountain; do
  cardgen make "$samples/hartwell.yaml" --out "$tmp/pen-$pen" --pen "$pen" --only okafor --no-envelope --now "$now" >/dev/null
  cardgen preview "$tmp/pen-$pen/02-tomas-okafor/card.pdf" --dpi 300 >/dev/null
done
cardgen make "$samples/hartwell.yaml" --out "$tmp/font" --font dancing-script --only okafor --no-envelope --now "$now" >/dev/null
cardgen preview "$tmp/font/02-tomas-okafor/card.pdf" --dpi 300 >/dev/null
python3 - "$tmp" "$here/pen-and-font.png" <<'PY'
import sys
import numpy as np
from PIL import Image, ImageDraw
tmp, out = sys.argv[1:]
rows = []
for name in ("pen-ballpoint", "pen-gel", "pen-fountain", "font"):
    im = Image.open(f"{tmp}/{name}/02-tomas-okafor/card-1.png").convert("RGB")
    w, h = im.size
    # the card's lines are bands of ink with blank rows between: keep the note's first two
    ink = (np.asarray(im.convert("L")) < 200).any(axis=1).tolist()
    bands, start = [], None
    for y, inked in enumerate(ink + [False]):
        if inked and start is None:
            start = y
        elif not inked and start is not None:
            if y - start > 10:
                bands.append((start, y))
            start = None
    top, bottom = bands[1][0] - 15, bands[2][1] + 15
    rows.append(im.crop((int(w * 0.08), top, int(w * 0.95), bottom)))
width = max(r.width for r in rows)
sheet = Image.new("RGB", (width, sum(r.height for r in rows) + 10 * len(rows)), "white")
y = 0
for r in rows:
    sheet.paste(r, (0, y))
    y += r.height
    ImageDraw.Draw(sheet).line([(0, y + 4), (width, y + 4)], fill=(220, 220, 220))
    y += 10
sheet.save(out, optimize=True)
PY
# How-to pictures: the turn by hand, the quarter fold, the envelope feeds, the test page.
mkdir -p "$tmp/pics"
cardgen preview "$tmp/half/print/cards-letter.pdf" --dpi 36 >/dev/null
cp "$tmp/half/print/cards-letter-1.png" "$tmp/pics/half.png"
cardgen preview "$tmp/quarter/print/cards-letter-01-margaret-dvorak.pdf" --dpi 36 >/dev/null
cp "$tmp/quarter/print/cards-letter-01-margaret-dvorak-1.png" "$tmp/pics/quarter.png"
cardgen preview "$tmp/flat/print/envelopes.pdf" --dpi 45 >/dev/null
cp "$tmp/flat/print/envelopes-1.png" "$tmp/pics/envelope.png"
CARDGEN_CONFIG_DIR="$tmp/config" cardgen printer --envelope-paper letter --envelope-first left >/dev/null
CARDGEN_CONFIG_DIR="$tmp/config" cardgen make "$samples/hartwell.yaml" --out "$tmp/fed" --only dvorak --now "$now" >/dev/null
cardgen preview "$tmp/fed/print/envelopes-01-margaret-dvorak.pdf" --dpi 36 >/dev/null
cp "$tmp/fed/print/envelopes-01-margaret-dvorak-1.png" "$tmp/pics/envelope-letter.png"
cardgen calibrate --out "$tmp/calibrate.pdf" >/dev/null
cardgen preview "$tmp/calibrate.pdf" --dpi 40 >/dev/null
cp "$tmp/calibrate-1.png" "$tmp/pics/calibrate.png"
python3 "$here/diagrams.py" "$tmp/pics" "$tmp/pics"
# Writing by pen: guide mode (the card, its light box, the copy sheet) and a plot preview.
cardgen make "$samples/hartwell.yaml" --out "$tmp/guide" --mode guide --only dvorak --now "$now" >/dev/null
cardgen preview "$tmp/guide/01-margaret-dvorak/card.pdf" --dpi 60 >/dev/null
cardgen preview "$tmp/guide/01-margaret-dvorak/copy.pdf" --dpi 60 >/dev/null
cp "$tmp/guide/01-margaret-dvorak/card-1.png" "$here/guide-card.png"
cp "$tmp/guide/01-margaret-dvorak/card-2.png" "$here/guide-lightbox.png"
cp "$tmp/guide/01-margaret-dvorak/copy-1.png" "$here/guide-copy.png"
cardgen make "$samples/hartwell.yaml" --out "$tmp/plot" --mode plot --only dvorak --now "$now" >/dev/null
cardgen preview "$tmp/plot/01-margaret-dvorak/card.svg" --dpi 60 >/dev/null
cardgen preview "$tmp/plot/01-margaret-dvorak/envelope.svg" --dpi 60 >/dev/null
python3 - "$tmp/plot/01-margaret-dvorak/card.png" "$tmp/plot/01-margaret-dvorak/envelope.png" "$here/plot-preview.png" <<'PY'
import sys
from PIL import Image, ImageDraw
card, env = (Image.open(p).convert("RGB") for p in sys.argv[1:3])
for im in (card, env):
    ImageDraw.Draw(im).rectangle([0, 0, im.width - 1, im.height - 1], outline=(200, 200, 200))
out = Image.new("RGB", (card.width + env.width + 20, max(card.height, env.height)), "white")
out.paste(card, (0, 0))
out.paste(env, (card.width + 20, (out.height - env.height) // 2))
out.save(sys.argv[3], optimize=True)
PY
# A hairline frame, so white cards and envelopes show their edges on a white page.
python3 - "$here"/*.png <<'PY'
import sys
from PIL import Image, ImageDraw
for name in sys.argv[1:]:
    if name.endswith("plot-preview.png"):
        continue  # framed per panel already
    im = Image.open(name).convert("RGB")
    ImageDraw.Draw(im).rectangle([0, 0, im.width - 1, im.height - 1], outline=(200, 200, 200))
    im.save(name, optimize=True)
PY
cp "$tmp/pics/fold-quarter.png" "$tmp/pics/duplex-by-hand.png" "$tmp/pics/envelope-feed.png" "$here/"
cp "$tmp/pics/calibrate.png" "$here/calibrate-page.png"
# Your own hand: a filled template photographed, and the card its hand writes.
"$here/own-hand.sh"
