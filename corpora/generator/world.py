"""Build the national side of a generated corpus: lines, documents, conditions, cuts, KTCN, TTHC.

Every random choice comes from a `random.Random` seeded with a string derived from the run's seed and
what is being decided, and every loop runs over lists in a fixed order, so the same seed gives the
same world whatever else changes in the process (no set or hash-order iteration).

This module assembles the world; its parts live in `base_documents.py` (the decrees and circulars
stating conditions), `cuts.py` (amending decrees), `procedures.py` (national procedures and the
ministries' decisions on them) and `ktcn.py` (the lists of goods), the scales in `scales.py`.
"""

from __future__ import annotations

from datetime import date

from corpora.generator import vocab
from corpora.generator.base_documents import base_documents
from corpora.generator.cuts import amending_decrees
from corpora.generator.draws import Numbers, rng_for
from corpora.generator.ktcn import ktcn_list
from corpora.generator.model import AmendingDoc, Condition, LegalDoc, Procedure, TthcDecision, World
from corpora.generator.procedures import national_procedures, tthc_decisions
from corpora.generator.scales import Scale

AS_OF = date(2026, 1, 1)


def build_world(seed: int, scale: Scale) -> World:
    vocab.check_totals()
    ministries = [
        m for m in vocab.MINISTRIES if scale.ministries is None or m.code in scale.ministries
    ]
    reserved = [r.number for m in vocab.MINISTRIES for r in m.rounds]
    numbers = Numbers(rng_for(seed, "numbers"), reserved)

    lines: list[tuple[str, str, str]] = []
    stt = 0
    for m in vocab.MINISTRIES:  # numbering follows the full list even at small scale
        for i, name in enumerate(m.lines):
            stt += 1
            if m in ministries and (
                scale.lines_per_ministry is None or i < scale.lines_per_ministry
            ):
                lines.append((str(stt), name, m.code))

    base_docs: list[LegalDoc] = []
    conditions: list[Condition] = []
    amending: list[AmendingDoc] = []
    procedures: list[Procedure] = []
    tthc: list[TthcDecision] = []
    code_rng = rng_for(seed, "tthc-codes")
    used_codes: set[str] = set()
    for m in ministries:
        m_lines = [ln for ln in lines if ln[2] == m.code]
        total = (
            m.conditions
            if scale.conditions_per_line is None
            else scale.conditions_per_line * len(m_lines)
        )
        docs = base_documents(seed, m, m_lines, total, numbers)
        base_docs.extend(docs)
        m_conditions = [c for d in docs for a in d.articles for c in a.conditions()]
        conditions.extend(m_conditions)
        rounds = _scaled_rounds(m, total)
        amending.extend(amending_decrees(seed, m, docs, m_conditions, rounds, scale.amend_rate))
        m_procs = national_procedures(seed, m, docs, m_conditions, code_rng, used_codes)
        procedures.extend(m_procs)
        tthc.extend(tthc_decisions(seed, m, amending, m_procs, numbers))
    ktcn = [ktcn_list(seed, m, scale, numbers) for m in ministries if m.ktcn_lines]
    return World(
        seed, scale.name, AS_OF, lines, base_docs, conditions, amending, ktcn, procedures, tthc
    )


def _scaled_rounds(m: vocab.Ministry, total: int) -> list[tuple[vocab.Round, int]]:
    if total == m.conditions:
        return [(r, r.cuts) for r in m.rounds]
    return [(r, max(1, round(r.cuts * total / m.conditions))) for r in m.rounds]
