"""Golden files for amendment effects: amending documents written for these tests, each beside the
effects expected from it (an omnibus decree amending two decrees, a law with word-level edits and a
renamed article, pháp điển articles with source notes).

Regenerate after an intended change with `DKKD_REGEN_GOLDEN=1 pytest tests/parsers/test_effects_golden.py`
and review the diff of tests/golden/effects/*.json.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from parsers import parse_file
from parsers.model import to_dict

# Every golden file runs through the fast paths and through their plain forms (parsers.plain).
pytestmark = pytest.mark.usefixtures("fast_and_plain")

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "effects"
INPUTS = sorted(p for p in GOLDEN.iterdir() if p.suffix in (".md", ".html"))
REGEN = os.environ.get("DKKD_REGEN_GOLDEN") == "1"


def effects_of(path: Path) -> dict[str, Any]:
    out = to_dict(parse_file(path))
    return {"number": out["metadata"]["number"], "effects": out["effects"]}


def test_inputs_present() -> None:
    assert len(INPUTS) >= 3


@pytest.mark.parametrize("path", INPUTS, ids=[p.name for p in INPUTS])
def test_golden(path: Path) -> None:
    expected_path = path.with_suffix(path.suffix + ".json")
    got = effects_of(path)
    if REGEN or not expected_path.exists():
        expected_path.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", "utf-8")
        if not REGEN:
            pytest.fail(f"{expected_path.name} was missing and has been written; review it")
    assert got == json.loads(expected_path.read_text(encoding="utf-8"))


def test_omnibus_targets_switch_per_article() -> None:
    """Each article of the omnibus decree amends its own decree; every instruction is an effect."""
    effects = effects_of(GOLDEN / "omnibus-decree.md")["effects"]
    by_target: dict[str, list[str]] = {}
    for e in effects:
        by_target.setdefault(e["target_document"], []).append(e["target_unit"])
    assert by_target["10/2030/NĐ-CP"] == [
        "dieu_3__khoan_2",
        "dieu_6a",
        "dieu_8__khoan_1a",
        "dieu_8__khoan_3",
        "dieu_8__khoan_4",
        "dieu_9__khoan_2__diem_c",
        "dieu_11__khoan_1",
    ]
    assert by_target["12/2030/NĐ-CP"] == [
        "dieu_4__khoan_1__diem_b",
        "dieu_15",
        "dieu_16",
        "dieu_20__khoan_2",
    ]
    assert {e["effective"] for e in effects} == {"2031-07-01"}
