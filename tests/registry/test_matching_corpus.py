"""The matcher on the generator's sample-scale corpus (classic noise), read by matching_truth."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpora.generator.matching_truth import CorpusError, load_generated
from registry.matching.index import ConditionIndex
from registry.matching.matcher import calibrate_on, match_index
from registry.matching.model import GapKind, MatchParams

generator = pytest.importorskip("corpora.generator")


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    generator.generate(out, "sample", 3, force=True)
    return out


def test_precision_and_recall_on_the_generated_sample(sample: Path) -> None:
    data = load_generated(sample)
    assert data.conditions and data.requirements and data.positives
    ix = ConditionIndex(data.conditions, MatchParams())
    got = {(m.requirement_id, m.condition_id, m.kind) for m in match_index(ix, data.requirements)}
    for kind in (GapKind.CUT, GapKind.AMENDED):
        want = {(r, c, k) for r, gaps in data.truth.items() for c, k in gaps if k == kind}
        mine = {g for g in got if g[2] == kind}
        if not want:
            continue
        tp = len(mine & want)
        assert tp / max(1, len(mine)) >= 0.98, kind
        assert tp / len(want) >= 0.95, kind


def test_calibration_on_another_seed_carries_over(sample: Path, tmp_path: Path) -> None:
    generator.generate(tmp_path, "sample", 4, force=True)
    other = load_generated(tmp_path)
    cal = calibrate_on(other.conditions, other.requirements, other.truth)
    data = load_generated(sample)
    ix = ConditionIndex(data.conditions, cal.params)
    got = {(m.requirement_id, m.condition_id, m.kind) for m in match_index(ix, data.requirements)}
    want = {(r, c, k) for r, gaps in data.truth.items() for c, k in gaps}
    tp = len(got & want)
    assert tp / len(got) >= 0.98
    assert tp / len(want) >= 0.97


def test_a_folder_without_ground_truth_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match=r"conditions\.jsonl"):
        load_generated(tmp_path)
