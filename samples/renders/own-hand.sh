#!/usr/bin/env bash
# The pictures of the README's "Your own hand": the template filled in Comic Neue (the
# project's stand-in writer, tests/handphoto.py) and photographed at an angle, read by
# `cardgen hand add`, and the card that hand writes. Called by render.sh.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
samples="$here/.."
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
now=2026-11-21T09:00
python3 - "$samples/../tests" "$tmp" "$here/hand-photo.png" <<'PY'
import sys

tests, tmp, out = sys.argv[1:]
sys.path.insert(0, tests)
import cv2
import numpy as np
from handphoto import filled_page, photograph

from cardgen.layout.handsheet import sheet_pages

for page in sheet_pages("letter"):
    angle = 9.0 if page.number == 1 else -168.0  # a little turned; the other upside down
    data = photograph(filled_page(page, page.number).image, 40 + page.number, angle=angle)
    with open(f"{tmp}/page{page.number}.jpg", "wb") as f:
        f.write(data)
    if page.number == 1:
        photo = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_GRAYSCALE)
        small = cv2.resize(photo, (640, 480), interpolation=cv2.INTER_AREA)
        cv2.imwrite(out, small, [cv2.IMWRITE_PNG_COMPRESSION, 9])
PY
export CARDGEN_CONFIG_DIR="$tmp/config"
cardgen hand add mine "$tmp/page1.jpg" "$tmp/page2.jpg" >/dev/null
cardgen make "$samples/hartwell.yaml" --font mine --only dvorak --no-envelope --out "$tmp/kit" --now "$now" >/dev/null
cardgen preview "$tmp/kit/01-margaret-dvorak/card.pdf" --dpi 110 >/dev/null
cp "$tmp/kit/01-margaret-dvorak/card-1.png" "$here/card-own-hand.png"
