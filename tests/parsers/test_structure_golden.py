"""Golden files: whole documents written for these tests, input beside the expected units.

Regenerate after an intended change with `DKKD_REGEN_GOLDEN=1 pytest tests/parsers/test_structure_golden.py`
and review the diff of tests/golden/structure/*.json.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from parsers.html_text import html_to_text
from parsers.model import Document, to_dict
from parsers.normalize import clean
from parsers.structure import parse_structure

# Every golden file runs through the fast paths and through their plain forms (parsers.plain).
pytestmark = pytest.mark.usefixtures("fast_and_plain")

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "structure"
INPUTS = sorted(p for p in GOLDEN.iterdir() if p.suffix in (".md", ".html"))
REGEN = os.environ.get("DKKD_REGEN_GOLDEN") == "1"


def parse_golden(path: Path) -> dict[str, Any]:
    text = clean(path.read_text(encoding="utf-8"))
    warnings = []
    if path.suffix == ".html":
        text, warnings = html_to_text(text)
    units, more = parse_structure(text)
    doc = Document(source=path.name, format=path.suffix[1:], text=text, units=units)
    doc.warnings = warnings + more
    out = to_dict(doc)
    return {"units": out["units"], "warnings": out["warnings"]}


@pytest.mark.parametrize("path", INPUTS, ids=[p.name for p in INPUTS])
def test_golden(path: Path) -> None:
    expected_path = path.with_suffix(path.suffix + ".json")
    got = parse_golden(path)
    if REGEN or not expected_path.exists():
        expected_path.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", "utf-8")
        if not REGEN:
            pytest.fail(f"{expected_path.name} was missing and has been written; review it")
    assert got == json.loads(expected_path.read_text(encoding="utf-8"))
