"""Cuts and amendments: per ministry round, the amending decree that repeals a share of the
conditions and lowers the number of some survivors, with its instructions ("Bãi bỏ khoản 2 Điều 5.")."""

from __future__ import annotations

import random
import re

from corpora.generator import vocab
from corpora.generator.draws import rng_for
from corpora.generator.model import (
    AmendingArticle,
    AmendingDoc,
    Change,
    Condition,
    Instruction,
    LegalDoc,
)
from corpora.generator.wording import vn_int

_NUMBER_PHRASE = r"(\S+ \S+) ({n}) (\S+?)(?=[\s.,;]|$)"


def _amend_text(rng: random.Random, c: Condition) -> tuple[str, str, str] | None:
    """(new text, old phrase, new phrase) lowering the condition's number; None if it has none."""
    if c.number is None:
        return None
    choices = [v for v in vocab.NUMBER_CHOICES[c.type] + vocab.DISTANCES if v < c.number]
    if not choices:
        return None
    new = rng.choice(choices)
    m = re.search(_NUMBER_PHRASE.format(n=re.escape(vn_int(c.number))), c.text)
    if m is None:
        return None
    old_phrase = m.group(0)
    new_phrase = f"{m.group(1)} {vn_int(new)} {m.group(3)}"
    return c.text.replace(old_phrase, new_phrase, 1), old_phrase, new_phrase


def amending_decrees(
    seed: int,
    m: vocab.Ministry,
    docs: list[LegalDoc],
    m_conditions: list[Condition],
    rounds: list[tuple[vocab.Round, int]],
    amend_rate: float,
) -> list[AmendingDoc]:
    rng = rng_for(seed, "cut", m.code)
    pool = list(m_conditions)
    rng.shuffle(pool)
    out: list[AmendingDoc] = []
    for rnd, n_cut in rounds:
        cut_now = pool[:n_cut]
        pool = pool[n_cut:]
        # amend about one in sixteen of what remains (only conditions with a number)
        amend_now: list[Condition] = []
        for c in pool:
            if c.number is not None and rng.random() < amend_rate:
                amend_now.append(c)
        amend_ids = {id(c) for c in amend_now}
        pool = [c for c in pool if id(c) not in amend_ids]
        cut_ids = {id(c) for c in cut_now}
        decree = LegalDoc(
            rnd.number,
            "NĐ",
            m.code,
            rnd.signed,
            rnd.effective,
            "Sửa đổi, bổ sung một số quy định về điều kiện đầu tư kinh doanh thuộc phạm vi quản lý "
            f"nhà nước của {m.name}",
            rng.choice(("md", "tvpl")),
            role="amending",
        )
        amending = AmendingDoc(decree)
        for doc in docs:
            # one decree per round amends the ministry's circulars too (as 155/2018/NĐ-CP did)
            if any(
                id(c) in cut_ids or id(c) in amend_ids for a in doc.articles for c in a.conditions()
            ):
                art = AmendingArticle(doc)
                amending.targets.append(art)
                _instructions(rng, art, doc, cut_ids, amend_ids)
        for ai, art in enumerate(amending.targets, start=1):
            for ii, ins in enumerate(art.instructions, start=1):
                for c in ins.conditions:
                    assert c.change is not None
                    c.change.unit = f"dieu_{ai}__khoan_{ii}"
                    c.change.document = decree.number
                    c.change.effective = decree.effective
        if amending.targets:
            out.append(amending)
    return out


def _flush(art: AmendingArticle, article: int, pending: list[tuple[str, Condition]]) -> None:
    """Emit the waiting repeals as one sentence: "Bãi bỏ khoản 2, khoản 3 và khoản 5 Điều 7."."""
    if not pending:
        return
    phrases = [p for p, _ in pending]
    joined = phrases[0] if len(phrases) == 1 else ", ".join(phrases[:-1]) + " và " + phrases[-1]
    art.instructions.append(
        Instruction(f"Bãi bỏ {joined} Điều {article}.", conditions=[c for _, c in pending])
    )
    pending.clear()


def _instructions(
    rng: random.Random, art: AmendingArticle, doc: LegalDoc, cut_ids: set[int], amend_ids: set[int]
) -> None:
    for a in doc.articles:
        conds = a.conditions()
        if not conds:
            continue
        cut_here = [c for c in conds if id(c) in cut_ids]
        if len(cut_here) == len(conds) and rng.random() < 0.6:
            ins = Instruction(f"Bãi bỏ Điều {a.number}.", conditions=cut_here)
            for c in cut_here:
                c.change = Change(
                    "cut", "", "", doc.effective, "repeal", target_unit=f"dieu_{a.number}"
                )
            art.instructions.append(ins)
            continue
        pending: list[tuple[str, Condition]] = []  # repeal phrases waiting to be joined
        for k in a.khoans:
            k_conds = [k.condition] if k.condition is not None else [c for _, c in k.points]
            k_cut = [c for c in k_conds if id(c) in cut_ids]
            if k.points and len(k_cut) == len(k_conds) and rng.random() < 0.5:
                for c in k_cut:
                    c.change = Change(
                        "cut",
                        "",
                        "",
                        doc.effective,
                        "repeal",
                        target_unit=f"dieu_{a.number}__khoan_{k.number}",
                    )
                _flush(art, a.number, pending)
                art.instructions.append(
                    Instruction(f"Bãi bỏ khoản {k.number} Điều {a.number}.", conditions=k_cut)
                )
                continue
            units = [(None, k.condition)] if k.condition is not None else list(k.points)
            for letter, c in units:
                label = f"khoản {k.number}" if letter is None else f"điểm {letter} khoản {k.number}"
                unit = f"dieu_{a.number}__khoan_{k.number}" + (
                    "" if letter is None else f"__diem_{letter}"
                )
                if id(c) in cut_ids:
                    c.change = Change("cut", "", "", doc.effective, "repeal", target_unit=unit)
                    if letter is None and rng.random() < 0.35 and len(pending) < 3:
                        pending.append((label, c))
                    else:
                        _flush(art, a.number, pending)
                        art.instructions.append(
                            Instruction(f"Bãi bỏ {label} Điều {a.number}.", conditions=[c])
                        )
                elif id(c) in amend_ids:
                    _flush(art, a.number, pending)
                    amended = _amend_text(rng, c)
                    if amended is None:
                        continue
                    new_text, old_phrase, new_phrase = amended
                    if rng.random() < 0.5:
                        quoted = (f"{k.number}. " if letter is None else f"{letter}) ") + new_text
                        ins = Instruction(
                            f"Sửa đổi, bổ sung {label} Điều {a.number} như sau:",
                            quoted=f"“{quoted}”",
                            conditions=[c],
                        )
                        op = "amend"
                    else:
                        ins = Instruction(
                            f"Thay thế cụm từ “{old_phrase}” bằng cụm từ “{new_phrase}” tại {label} Điều {a.number}.",
                            conditions=[c],
                        )
                        op = "replace_phrase"
                    c.change = Change(
                        "amended", "", "", doc.effective, op, new_text=new_text, target_unit=unit
                    )
                    art.instructions.append(ins)
        _flush(art, a.number, pending)
