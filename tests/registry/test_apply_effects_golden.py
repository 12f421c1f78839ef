"""Golden consolidation: a decree and its amending decree, written for this test, through the
whole chain (parse, effect finder, apply, render) against the expected consolidated text.

Regenerate after an intended change with
`DKKD_REGEN_GOLDEN=1 pytest tests/registry/test_apply_effects_golden.py` and review the diff of
tests/golden/consolidation/*.consolidated.*.md.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from parsers import parse_file
from registry.consolidation.apply_effects import apply
from registry.consolidation.render import render

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "consolidation"
REGEN = os.environ.get("DKKD_REGEN_GOLDEN") == "1"
# (base, amending, consolidation date): the expected text is <base stem>.consolidated.<date>.md
CASES = [("fee-decree.md", "fee-decree.amending.md", date(2024, 7, 1))]


@pytest.mark.parametrize(("base_name", "amending_name", "as_of"), CASES)
def test_consolidated_text(base_name: str, amending_name: str, as_of: date) -> None:
    base = parse_file(GOLDEN / base_name)
    amending = parse_file(GOLDEN / amending_name)
    c = apply(base, amending.effects, as_of)
    assert c.unapplied == [] and c.warnings == []
    assert len(c.applied) == len(amending.effects) > 0
    expected_path = GOLDEN / f"{Path(base_name).stem}.consolidated.{as_of.isoformat()}.md"
    got = render(c)
    if REGEN:
        expected_path.write_text(got, encoding="utf-8")
    assert got == expected_path.read_text(encoding="utf-8")
    # The day before, the text is the base text as parsed.
    before = render(c, date.fromordinal(as_of.toordinal() - 1))
    assert before == render(apply(base, [], as_of))
    assert before != got
