"""The generator: deterministic, exact headline figures, truth consistent with the files it writes."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from corpora.generator import GenerateError, generate, provinces, vocab
from corpora.generator.scales import NATIONAL
from corpora.generator.world import build_world
from parsers import parse_file
from parsers.normalize import clean

ROOT = Path(__file__).resolve().parents[2]


def _rows(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def _tree_digest(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("generated")
    generate(out, "sample", 7)
    return out


def _run_cli(out: Path, seed: int, hashseed: str) -> None:
    env = {**os.environ, "PYTHONHASHSEED": hashseed}
    code = "from dkkd.cli import app; app()"
    args = ["corpus", "generate", "--scale", "sample", "--seed", str(seed), str(out)]
    subprocess.run(
        [sys.executable, "-c", code, *args], check=True, env=env, cwd=ROOT, capture_output=True
    )


def test_same_seed_same_bytes_across_processes(tmp_path: Path) -> None:
    # different hash seeds: no output may depend on set or dict-of-str iteration order
    _run_cli(tmp_path / "a", 11, "1")
    _run_cli(tmp_path / "b", 11, "2")
    a, b = _tree_digest(tmp_path / "a"), _tree_digest(tmp_path / "b")
    assert len(a) > 50
    assert a == b


def test_other_seed_other_corpus(tmp_path: Path, sample: Path) -> None:
    generate(tmp_path, "sample", 8)
    assert _tree_digest(tmp_path / "corpus") != _tree_digest(sample / "corpus")


def test_refuses_to_overwrite_without_force(sample: Path) -> None:
    with pytest.raises(GenerateError, match="đã có"):
        generate(sample, "sample", 7)
    with pytest.raises(GenerateError, match="quy mô"):
        generate(sample / "x", "galactic", 7)


def test_national_world_reproduces_the_reform_figures() -> None:
    world = build_world(1, NATIONAL)
    cut = [c for c in world.conditions if c.change and c.change.kind == "cut"]
    assert len(world.conditions) == vocab.NATIONAL_CONDITIONS == 6191
    assert len(cut) == vocab.NATIONAL_CUT == 3451
    assert len(world.lines) == 227
    assert sum(len(k.lines) for k in world.ktcn) == 9926
    assert sum(1 for k in world.ktcn for ln in k.lines if ln.cut_on) == 6776
    by_doc = Counter((c.change.document, c.change.effective.isoformat()) for c in cut if c.change)
    assert by_doc[("08/2018/NĐ-CP", "2018-01-15")] == 675
    assert by_doc[("17/2020/NĐ-CP", "2020-03-20")] == 202
    assert by_doc[("155/2018/NĐ-CP", "2018-11-12")] == 1363
    assert len({c.id for c in world.conditions}) == 6191  # ids are unique


def test_summary_counts_match_the_truth_files(sample: Path) -> None:
    gt = sample / "ground-truth"
    summary = json.loads((gt / "summary.json").read_text(encoding="utf-8"))
    conditions = _rows(gt / "conditions.jsonl")
    statuses = Counter(c["status"] for c in conditions)
    assert summary["conditions"]["total"] == len(conditions)
    assert summary["conditions"]["cut"] == statuses["cut"] > 0
    assert summary["conditions"]["amended"] == statuses["amended"] > 0
    ktcn = _rows(gt / "ktcn.jsonl")
    assert summary["ktcn"] == {
        "total": len(ktcn),
        "cut": sum(1 for k in ktcn if k["status"] == "cut"),
        "in_force": sum(1 for k in ktcn if k["status"] == "in_force"),
    }
    requirements = _rows(gt / "requirements.jsonl")
    assert summary["provincial"]["requirements"] == len(requirements)
    assert len({r["id"] for r in requirements}) == len(requirements)
    gaps = _rows(gt / "gaps.jsonl")
    kinds = Counter(g["kind"] for g in gaps)
    assert summary["gaps"] == {
        "total": len(gaps),
        **{k: kinds[k] for k in ("cut", "amended", "basis", "procedure")},
    }
    assert all(kinds[k] > 0 for k in ("cut", "amended", "basis", "procedure"))
    # every requirement gap is a counted requirement that restates a cut or (old text of an) amended condition
    by_id = {r["id"]: r for r in requirements}
    status = {c["id"]: c["status"] for c in conditions}
    for g in gaps:
        if g["kind"] in ("cut", "amended"):
            r = by_id[g["requirement_id"]]
            assert r["counted"] and r["gap"] == g["kind"] and r["restates"] == g["condition_id"]
            assert status[g["condition_id"]] == g["kind"]
    assert sum(1 for r in requirements if r["gap"]) == kinds["cut"] + kinds["amended"]


def test_every_file_the_truth_names_exists_and_says_what_the_truth_says(sample: Path) -> None:
    corpus_files = {
        str(p.relative_to(sample)) for p in (sample / "corpus").rglob("*") if p.is_file()
    }
    documents = _rows(sample / "ground-truth" / "documents.jsonl")
    assert {d["path"] for d in documents} | {
        "corpus/national/danh-muc-nganh-nghe-kinh-doanh-co-dieu-kien.csv"
    } == corpus_files
    for d in documents:
        head = clean((sample / d["path"]).read_text(encoding="utf-8")[:6000])
        assert f"Số: {d['number']}" in head, d["path"]


def _requirement_items(text: str) -> list[str]:
    """Requirement lines of each procedure body, by a plain scan independent of the parsers."""
    text = clean(re.sub(r"<[^>]+>", "", text))
    out: list[str] = []
    inside = False
    for line in text.splitlines():
        s = line.strip()
        if not s:
            continue
        if "Căn cứ pháp lý" in s:
            inside = False
            continue
        if "Yêu cầu, điều kiện thực hiện" in s:
            inside = not s.rstrip(".").endswith(("Không", "Không có"))
            continue
        if inside and s[:1] in "-+":
            out.append(s[1:].strip())
        elif inside:
            inside = False
    return out


def test_requirement_texts_are_in_the_decisions_in_order(sample: Path) -> None:
    requirements = _rows(sample / "ground-truth" / "requirements.jsonl")
    by_doc: dict[tuple[str, str], list[str]] = {}
    for r in requirements:
        by_doc.setdefault((r["province_code"], r["provincial_document"]), []).append(r["text"])
    for d in _rows(sample / "ground-truth" / "documents.jsonl"):
        if d["role"] != "provincial":
            continue
        items = _requirement_items((sample / d["path"]).read_text(encoding="utf-8"))
        assert items == by_doc.get((d["province_code"], d["number"]), []), d["path"]


def test_noise_keeps_numbers_and_covers_every_kind(sample: Path) -> None:
    conditions = {c["id"]: c for c in _rows(sample / "ground-truth" / "conditions.jsonl")}
    ops: Counter[str] = Counter()
    for r in _rows(sample / "ground-truth" / "requirements.jsonl"):
        ops.update(r["noise"])
        if r["restates"] is None:
            continue
        c = conditions[r["restates"]]
        source = (
            c["history"][-1]["text"]
            if r["restated_version"] == "current" and c["status"] == "amended"
            else c["text"]
        )
        assert re.findall(r"\d+", source.replace("m²", "m")) == re.findall(
            r"\d+", r["text"].replace("m²", "m").replace("m2", "m")
        ), r["id"]
    assert {"reword", "abbreviate", "reorder"} <= set(ops)


def test_generated_documents_parse_and_conditions_keep_their_ids(sample: Path) -> None:
    """Every generated national document parses; the structure parser finds every condition's unit."""
    conditions = _rows(sample / "ground-truth" / "conditions.jsonl")
    units_by_doc: dict[str, set[str]] = {}
    for d in _rows(sample / "ground-truth" / "documents.jsonl"):
        doc = parse_file(sample / d["path"])
        if d["role"] == "conditions":
            units_by_doc[d["number"]] = {u.id for u in doc.units}
    found = sum(1 for c in conditions if c["unit"] in units_by_doc[c["document"]])
    assert found / len(conditions) >= 0.995


def test_parsers_recover_conditions_with_their_provision_ids(sample: Path) -> None:
    from parsers.conditions import conditions_of

    truth = {c["id"] for c in _rows(sample / "ground-truth" / "conditions.jsonl")}
    found: set[str] = set()
    amending = 0
    for d in _rows(sample / "ground-truth" / "documents.jsonl"):
        if d["role"] in ("conditions", "amending"):
            doc = parse_file(sample / d["path"])
            ids = {f"{d['number']}#{c.unit_id}" for c in conditions_of(doc)}
            if d["role"] == "conditions":
                found |= ids
            else:
                amending += len(ids)
    assert len(truth & found) / len(truth) >= 0.995
    assert not found - truth
    # instructions and their quoted new text are the targets' conditions, not the amending decree's
    assert amending == 0


def test_parsers_recover_requirements_with_their_ids(sample: Path) -> None:
    from parsers.procedures import procedures_of

    truth = {r["id"]: r["text"] for r in _rows(sample / "ground-truth" / "requirements.jsonl")}
    got: dict[str, str] = {}
    for d in _rows(sample / "ground-truth" / "documents.jsonl"):
        if d["role"] == "provincial":
            decision = procedures_of(parse_file(sample / d["path"]))
            assert decision.number == d["number"], d["path"]
            assert all(p.code for p in decision.procedures), d["path"]
            for p in decision.procedures:
                for i, r in enumerate(p.requirements, start=1):
                    got[f"{d['province_code']}:{d['number']}:{p.code}:{i}"] = r.text
    right = sum(
        1 for k, text in truth.items() if clean(got.get(k, "")).strip(" .;") == text.strip(" .;")
    )
    assert right / len(truth) >= 0.995
    assert not set(got) - set(truth)


# Other ways provinces title a body and its fields, applied to the generated decisions in turn.
_TITLE = re.compile(
    r"^(\d+)\. (?:Thủ tục )?(.+?) (?:- Mã TTHC: |\(Mã TTHC: )(\d\.\d{6})\)?$", re.MULTILINE
)
_FIELD = re.compile(
    r"^(?:[a-zđ]\)|-) (Yêu cầu, điều kiện thực hiện thủ tục hành chính|Căn cứ pháp lý[^:]*):",
    re.MULTILINE,
)
RESTYLES = [
    lambda t: _TITLE.sub(r"**\1. \2**\nMã thủ tục: \3", t),
    lambda t: _TITLE.sub(r"\1. \2. Mã số: \3.000.00.00.H12", t),
    lambda t: _FIELD.sub(r"**\1:**", _TITLE.sub(r"### \1. \2 (\3)", t)),
    lambda t: _TITLE.sub(r"\1. \2", t),  # the name alone: the code is in the table
]


def test_requirements_recovered_whatever_the_title_style(sample: Path) -> None:
    """The generator writes two body styles; provinces write more. Rewrite every Markdown decision
    in one of four other styles and the parsers must still recover the requirements by id."""
    from parsers.procedures import parse_procedures

    got: dict[str, str] = {}
    rewritten: set[tuple[str, str]] = set()
    for k, d in enumerate(_rows(sample / "ground-truth" / "documents.jsonl")):
        if d["role"] != "provincial" or not d["path"].endswith(".md"):
            continue
        text = RESTYLES[k % len(RESTYLES)]((sample / d["path"]).read_text(encoding="utf-8"))
        assert "Mã TTHC:" not in text.split("PHẦN II", 1)[1], d["path"]
        rewritten.add((d["province_code"], d["number"]))
        for p in parse_procedures(text, d["path"]).procedures:
            for i, r in enumerate(p.requirements, start=1):
                got[f"{d['province_code']}:{d['number']}:{p.code}:{i}"] = r.text
    truth = {
        r["id"]: r["text"]
        for r in _rows(sample / "ground-truth" / "requirements.jsonl")
        if (r["province_code"], r["provincial_document"]) in rewritten
    }
    assert len(rewritten) >= 20 and len(truth) >= 400
    right = sum(1 for k, t in truth.items() if clean(got.get(k, "")).strip(" .;") == t.strip(" .;"))
    assert right / len(truth) >= 0.995
    assert not set(got) - set(truth)


def test_province_tables_agree_with_the_parsers_copy() -> None:
    mod = pytest.importorskip("parsers.provinces")
    old = {p.code: (p.name, p.successor) for p in mod.OLD_PROVINCES}
    new = {p.code for p in mod.NEW_PROVINCES}
    assert {u.code: (u.name, u.successor) for u in provinces.OLD_UNITS} == old
    assert {u.code for u in provinces.NEW_UNITS} == new
