"""National procedures (per line, "Cấp Giấy chứng nhận đủ điều kiện …" and sometimes "Cấp lại …")
and the ministry decisions that re-publish or abolish them after each round of cuts."""

from __future__ import annotations

import random
from datetime import timedelta

from corpora.generator import vocab
from corpora.generator.draws import Numbers, rng_for
from corpora.generator.model import AmendingDoc, Condition, LegalDoc, Procedure, TthcDecision
from corpora.generator.wording import lower_first


def national_procedures(
    seed: int,
    m: vocab.Ministry,
    docs: list[LegalDoc],
    m_conditions: list[Condition],
    code_rng: random.Random,
    used: set[str],
) -> list[Procedure]:
    rng = rng_for(seed, "procedures", m.code)
    out: list[Procedure] = []
    for doc in docs:
        for stt in doc.lines:
            conds = [c for c in m_conditions if c.document == doc.number and c.line == stt]
            name = next(n for s, n, _ in _all_lines() if s == stt)
            activity = lower_first(name)
            first: list[Condition] = []
            for kind_no, (template, limit) in enumerate(vocab.PROCEDURE_KINDS):
                if kind_no and rng.random() < 0.5:
                    continue
                while True:
                    code = f"{code_rng.choice('12')}.{code_rng.randint(0, 9999):06d}"
                    if code not in used:
                        used.add(code)
                        break
                source = conds if not kind_no else first
                chosen = sorted(rng.sample(source, min(limit, len(source))), key=conds.index)
                if not kind_no:
                    first = chosen
                out.append(
                    Procedure(code, template.format(activity=activity), m.code, stt, doc, chosen)
                )
    return out


_LINES_CACHE: list[tuple[str, str, str]] = []


def _all_lines() -> list[tuple[str, str, str]]:
    if not _LINES_CACHE:
        stt = 0
        for m in vocab.MINISTRIES:
            for name in m.lines:
                stt += 1
                _LINES_CACHE.append((str(stt), name, m.code))
    return _LINES_CACHE


def tthc_decisions(
    seed: int,
    m: vocab.Ministry,
    amending: list[AmendingDoc],
    procs: list[Procedure],
    numbers: Numbers,
) -> list[TthcDecision]:
    rng = rng_for(seed, "tthc", m.code)
    out: list[TthcDecision] = []
    for rnd in m.rounds:
        docs = [
            ad for ad in amending if ad.doc.ministry == m.code and ad.doc.effective == rnd.effective
        ]
        changed_ids = {
            id(c)
            for ad in docs
            for art in ad.targets
            for ins in art.instructions
            for c in ins.conditions
        }
        if not changed_ids:
            continue
        affected = [
            p
            for p in procs
            if p.exists_on(rnd.effective) and any(id(c) in changed_ids for c in p.conditions)
        ]
        if not affected:
            continue
        day = rnd.effective + timedelta(days=rng.randint(20, 80))
        number = numbers.take(None, f"QĐ-{m.code}", 100, 8999)
        doc = LegalDoc(
            number,
            "QĐ",
            m.code,
            day,
            day,
            "Về việc công bố thủ tục hành chính được sửa đổi, bổ sung và bị bãi bỏ thuộc phạm vi "
            f"chức năng quản lý của {m.name}",
            "md",
            role="tthc",
        )
        abolished: list[Procedure] = []
        republished: list[Procedure] = []
        for p in affected:
            all_cut = all(c.change is not None and c.change.kind == "cut" for c in p.conditions)
            if (all_cut or p.name.startswith("Cấp lại")) and rng.random() < 0.3:
                p.abolished = (number, day)
                abolished.append(p)
            else:
                p.republished.append((number, day))
                republished.append(p)
        out.append(TthcDecision(doc, republished, abolished))
    return out
