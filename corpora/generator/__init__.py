"""Generate a corpus of national and provincial documents with its ground truth.

`generate(out, scale, seed)` writes `out/corpus/…` (documents in the formats the real ones come in:
Markdown, thuvienphapluat HTML, vbpl.vn pages, the business lines CSV) and `out/ground-truth/…`
(JSON Lines: every condition and its status history, every KTCN line and its cut, every national
procedure, every effect, every provincial requirement and what it restates, every cited legal basis,
and every gap a correct scan must report). Same seed, same bytes.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from corpora.generator import provincial, render
from corpora.generator.model import LegalDoc, World
from corpora.generator.scales import SCALES
from corpora.generator.world import build_world

TRUTH_FILES = (
    "documents",
    "conditions",
    "effects",
    "ktcn",
    "procedures",
    "requirements",
    "bases",
    "gaps",
)


class GenerateError(Exception):
    """The output folder cannot be used (it holds a previous corpus and --force was not given)."""


def generate(
    out: Path,
    scale: str = "sample",
    seed: int = 1,
    force: bool = False,
    progress: Callable[[str, int, int], None] | None = None,
    noise: str = "classic",
) -> dict[str, Any]:
    """Write the corpus and its ground truth under ``out``; ``progress(stage, done, total)`` is
    told as each stage moves (the CLI's progress bar). ``noise`` is how provinces restate
    conditions: ``classic`` (corpora/generator/noise.py) or ``province`` (noise_province.py, drawn
    from hand-written texts)."""

    def tell(stage: str, done: int, total: int) -> None:
        if progress is not None:
            progress(stage, done, total)

    if scale not in SCALES:
        raise GenerateError(f"quy mô “{scale}” không có; chọn một trong: {', '.join(SCALES)}")
    if noise not in provincial.NOISE_MODELS:
        raise GenerateError(
            f"mô hình nhiễu “{noise}” không có; chọn một trong: {', '.join(provincial.NOISE_MODELS)}"
        )
    corpus, truth_dir = out / "corpus", out / "ground-truth"
    for d in (corpus, truth_dir):
        if d.exists():
            if not force:
                raise GenerateError(f"{d} đã có: hãy xoá nó hoặc thêm --force")
            shutil.rmtree(d)
    corpus.mkdir(parents=True)
    truth_dir.mkdir(parents=True)
    tell("world", 0, 1)
    world = build_world(seed, SCALES[scale])
    tell("world", 1, 1)
    files: dict[str, IO[str]] = {
        name: (truth_dir / f"{name}.jsonl").open("w", encoding="utf-8", newline="\n")
        for name in TRUTH_FILES
    }
    try:
        tell("national", 0, 1)
        _national(world, corpus, files)
        tell("national", 1, 1)
        versions = provincial.schedule(world, SCALES[scale])
        counts = provincial.write_decisions(
            world,
            versions,
            corpus,
            files,
            progress=lambda d, t: tell("provincial", d, t),
            noise_model=noise,
        )
        tell("provincial", len(versions), max(len(versions), 1))
    finally:
        for f in files.values():
            f.close()
    summary = _summary(world, truth_dir, counts, len(versions))
    if noise != "classic":  # the classic corpus keeps its bytes
        summary["noise"] = noise
    (truth_dir / "summary.json").write_text(
        json.dumps(summary, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return summary


def _write(out: IO[str], row: dict[str, Any]) -> None:
    out.write(json.dumps(row, ensure_ascii=False) + "\n")


def _doc_row(d: LegalDoc) -> dict[str, Any]:
    m = render.ministry(d.ministry)
    return {
        "path": f"corpus/{d.path}",
        "number": d.number,
        "kind": d.kind,
        "role": d.role,
        "issuer": "Chính phủ" if d.kind == "NĐ" else m.name,
        "ministry": d.ministry,
        "province_code": "",
        "signed": d.signed.isoformat(),
        "effective": [d.effective.isoformat()],
    }


def _save(corpus: Path, d: LegalDoc, folder: str, text: str) -> None:
    name = f"{render.slug(d.number)}{render.extension(d.fmt)}"
    d.path = f"national/{folder}/{name}"
    path = corpus / d.path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _national(world: World, corpus: Path, files: dict[str, IO[str]]) -> None:
    line_names = {stt: name for stt, name, _ in world.lines}
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["stt", "nganh_nghe"])
    writer.writerows([stt, name] for stt, name, _ in world.lines)
    (corpus / "national").mkdir(parents=True, exist_ok=True)
    (corpus / "national" / "danh-muc-nganh-nghe-kinh-doanh-co-dieu-kien.csv").write_text(
        buf.getvalue(), encoding="utf-8"
    )

    for d in world.base_docs:
        _save(corpus, d, "conditions", render.render_base(d))
        _write(files["documents"], _doc_row(d))
    for ad in world.amending:
        _save(corpus, ad.doc, "amending", render.render_amending(ad))
        _write(files["documents"], _doc_row(ad.doc))
        for ai, art in enumerate(ad.targets, start=1):
            for ii, ins in enumerate(art.instructions, start=1):
                targets = sorted(
                    {c.change.target_unit for c in ins.conditions if c.change}, key=_unit_key
                )
                first = ins.conditions[0].change
                assert first is not None
                for t in targets:
                    _write(
                        files["effects"],
                        {
                            "op": first.op,
                            "target_document": art.target.number,
                            "target_unit": t,
                            "by_document": ad.doc.number,
                            "by_unit": f"dieu_{ai}__khoan_{ii}",
                            "effective": ad.doc.effective.isoformat(),
                            "new_text": first.new_text,
                            "evidence": ins.text,
                        },
                    )
    in_force_from = {d.number: d.effective.isoformat() for d in world.base_docs}
    for c in world.conditions:
        history: list[dict[str, Any]] = [
            {"status": "in_force", "from": in_force_from[c.document], "effect": None}
        ]
        if c.change is not None:
            history.append(
                {
                    "status": c.change.kind,
                    "from": c.change.effective.isoformat(),
                    "effect": {
                        "document": c.change.document,
                        "unit": c.change.unit,
                        "op": c.change.op,
                        "target_unit": c.change.target_unit,
                    },
                    "text": c.change.new_text or None,
                }
            )
        _write(
            files["conditions"],
            {
                "id": c.id,
                "document": c.document,
                "unit": c.unit,
                "ministry": c.ministry,
                "business_line": c.line,
                "business_line_name": line_names[c.line],
                "type": c.type,
                "quantity": c.number,
                "text": c.text,
                "status": c.status_on(world.as_of),
                "history": history,
            },
        )
    for kl in world.ktcn:
        original, amended = render.render_ktcn(kl)
        _save(corpus, kl.doc, "ktcn", original)
        assert kl.amending is not None
        _save(corpus, kl.amending, "ktcn", amended)
        _write(files["documents"], _doc_row(kl.doc))
        _write(files["documents"], _doc_row(kl.amending))
        _write(
            files["effects"],
            {
                "op": "amend",
                "target_document": kl.doc.number,
                "target_unit": "phu_luc_I",
                "by_document": kl.amending.number,
                "by_unit": "dieu_1",
                "effective": kl.amending.effective.isoformat(),
                "new_text": "",
                "evidence": "Thay thế Phụ lục I",
            },
        )
        for ln in kl.lines:
            _write(
                files["ktcn"],
                {
                    "id": f"{ln.document}:{ln.hs}",
                    "ministry": ln.ministry,
                    "document": ln.document,
                    "appendix": "phu_luc_I",
                    "row": ln.row,
                    "hs": ln.hs,
                    "name": ln.name,
                    "inspection": ln.inspection,
                    "listed_from": kl.doc.effective.isoformat(),
                    "cut_by": ln.cut_by or None,
                    "cut_on": ln.cut_on.isoformat() if ln.cut_on else None,
                    "status": "cut" if ln.cut_on and ln.cut_on <= world.as_of else "in_force",
                },
            )
    for decision in world.tthc:
        _save(corpus, decision.doc, "tthc", render.render_tthc(decision))
        _write(files["documents"], _doc_row(decision.doc))
    for p in world.procedures:
        _write(
            files["procedures"],
            {
                "code": p.code,
                "name": p.name,
                "ministry": p.ministry,
                "business_line": p.line,
                "base_document": p.base.number,
                "conditions": [c.id for c in p.conditions],
                "republished": [{"document": n, "date": d.isoformat()} for n, d in p.republished],
                "abolished": {"document": p.abolished[0], "date": p.abolished[1].isoformat()}
                if p.abolished
                else None,
            },
        )


def _unit_key(unit: str) -> tuple[int, ...]:
    return tuple(
        int(x) if x.isdigit() else ord(x[0])
        for part in unit.split("__")
        for x in part.split("_")[1:]
    )


def _summary(
    world: World, truth_dir: Path, counts: dict[str, int], versions: int
) -> dict[str, Any]:
    status = Counter(c.status_on(world.as_of) for c in world.conditions)
    by_ministry: dict[str, dict[str, int]] = {}
    for c in world.conditions:
        row = by_ministry.setdefault(c.ministry, {"total": 0, "cut": 0, "amended": 0})
        row["total"] += 1
        if c.change is not None:
            row[c.change.kind] += 1
    cuts_by_document: Counter[str] = Counter(
        c.change.document
        for c in world.conditions
        if c.change is not None and c.change.kind == "cut"
    )
    cut_dates = {
        c.change.document: c.change.effective.isoformat()
        for c in world.conditions
        if c.change is not None
    }
    gaps: Counter[str] = Counter()
    with (truth_dir / "gaps.jsonl").open(encoding="utf-8") as f:
        for line in f:
            gaps[json.loads(line)["kind"]] += 1
    ktcn_total = sum(len(k.lines) for k in world.ktcn)
    ktcn_cut = sum(
        1 for k in world.ktcn for ln in k.lines if ln.cut_on and ln.cut_on <= world.as_of
    )
    return {
        "seed": world.seed,
        "scale": world.scale,
        "as_of": world.as_of.isoformat(),
        "valid_for_as_of_from": "2025-12-15",
        "business_lines": len(world.lines),
        "documents": {
            "conditions": len(world.base_docs),
            "amending": len(world.amending),
            "ktcn": 2 * len(world.ktcn),
            "tthc": len(world.tthc),
            "provincial": counts["decisions"],
        },
        "conditions": {
            "total": len(world.conditions),
            "cut": status["cut"],
            "amended": status["amended"],
            "in_force": status["in_force"],
            "by_ministry": by_ministry,
            "cut_by_document": dict(sorted(cuts_by_document.items())),
            "effective_by_document": dict(sorted(cut_dates.items())),
        },
        "ktcn": {"total": ktcn_total, "cut": ktcn_cut, "in_force": ktcn_total - ktcn_cut},
        "procedures": len(world.procedures),
        "provincial": {
            "decisions": counts["decisions"],
            "procedure_versions": counts["procedure_versions"],
            "requirements": counts["requirements"],
            "restating_a_condition": counts["restating"],
            "versions_scheduled": versions,
        },
        "gaps": {
            "total": sum(gaps.values()),
            **{k: gaps[k] for k in ("cut", "amended", "basis", "procedure")},
        },
    }
