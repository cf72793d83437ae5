"""The shipped fonts are the files fonts/README.md names, each with its licence."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import yaml

FONTS = Path(__file__).resolve().parent.parent / "fonts"


def test_every_shipped_font_has_its_licence_and_listed_checksum():
    catalogue = yaml.safe_load((FONTS / "fonts.yaml").read_text(encoding="utf-8"))
    entries = {**catalogue["fonts"], **catalogue["strokes"]}  # TrueType hands and pen hands
    assert {"relief-singleline", "ems-allure"} <= set(catalogue["strokes"])
    readme = (FONTS / "README.md").read_text(encoding="utf-8")
    for name, entry in entries.items():
        data = (FONTS / entry["file"]).read_bytes()
        licence = (FONTS / entry["licence"]).read_text(encoding="utf-8")
        assert "SIL Open Font License" in licence, name
        row = next(line for line in readme.splitlines() if line.startswith(f"| `{entry['file']}`"))
        listed = re.findall(r"`([0-9a-f]{64})`", row)
        assert listed == [hashlib.sha256(data).hexdigest()], name
