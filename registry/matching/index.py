"""Scoring the candidates retrieval found: rapidfuzz plus IDF coverage, quantity agreement and
polarity, item by item and by clause runs; the best reading becomes a :class:`Match` with its
evidence."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import replace

from registry.matching.model import (
    _SCORERS,
    ConditionStatus,
    GapKind,
    Match,
    ProvincialRequirement,
    QuantityEvidence,
    Span,
)
from registry.matching.quantities import (
    compare,
)
from registry.matching.readings import _Cond, _number_key, _ReqCtx, _Scored, _Shared, _span, _Text
from registry.matching.retrieval import _BATCH, _IndexBase
from registry.matching.text import (
    GLUE,
    STOPWORDS,
    Token,
    split_items,
)


class ConditionIndex(_IndexBase):
    """Everything about the national conditions that matching needs, built once.

    Picklable (plain dicts, lists and numpy arrays) and independent of any requirement, so one
    build serves every province partition.
    """

    def _coverage(self, a: frozenset[str], b: frozenset[str], weight_a: float) -> float:
        if weight_a <= 0:
            return 0.0
        idf = self.idf
        default = self._default_idf
        shared = sum([idf.get(t, default) for t in a & b])
        return min(1.0, shared / weight_a)

    def score_reading(
        self, ctx: _ReqCtx, pc: _Cond, reading: str
    ) -> tuple[float, dict[str, float]]:
        """Score a requirement against the old or new reading of a condition, and its parts.

        Not clipped: bonuses can push several candidates past 100 and ranking them must still see
        which matched the text best. Reported scores are clipped to 0-100.
        """
        p = self.params
        rt = ctx.text
        if reading == "old":
            ct, cweight, quantities, parts = pc.old, pc.weight_old, pc.old_quantities, pc.parts_old
        else:
            ct, cweight, quantities, parts = pc.new, pc.weight_new, pc.new_quantities, pc.parts_new
        scorer = _SCORERS[p.fuzz_scorer]
        fz = scorer(rt.norm, ct.norm)
        cover = self._coverage(ct.terms, rt.terms, cweight)
        prec = self._coverage(rt.terms, ct.terms, ctx.weight)
        wsum = p.w_fuzz + p.w_cover + p.w_precision
        base = (p.w_fuzz * fz + p.w_cover * 100 * cover + p.w_precision * 100 * prec) / wsum
        part_share = 1.0
        cited = bool(ctx.documents) and not pc.documents.isdisjoint(ctx.documents)
        if parts and ctx.weight > 0 and (cited or not p.partial_needs_basis):
            # A restatement of some clauses of a long condition ("khu vực trưng bày … tối thiểu
            # 50 m²" of "Có địa điểm cố định, diện tích khu vực trưng bày … 50 m², tách biệt
            # …"): score it against that run, less a penalty for what it leaves out. The
            # fuzzy part is computed only when the run could beat the score so far.
            idf, default = self.idf, self._default_idf
            for part in parts:
                shared = sum([idf.get(x, default) for x in rt.terms & part.terms])
                if shared <= 0:
                    continue
                p_cover = min(1.0, shared / part.weight)
                p_prec = min(1.0, shared / ctx.weight)
                rest = (p.w_cover * 100 * p_cover + p.w_precision * 100 * p_prec) / wsum
                rest -= p.partial_penalty * (1.0 - part.share)
                if rest + p.w_fuzz * 100 / wsum <= base:
                    continue
                p_fz = scorer(rt.norm, part.norm)
                cand = rest + p.w_fuzz * p_fz / wsum
                if cand > base:
                    base, fz, cover, prec, part_share = cand, p_fz, p_cover, p_prec, part.share
        basis = unit_hit = 0.0
        if cited:
            basis = 1.0
            for key in pc.documents.intersection(ctx.documents):
                u = ctx.documents[key]
                if u and pc.unit and (pc.unit == u or pc.unit.startswith(u + "__")):
                    unit_hit = 1.0
        line = 0.0
        if pc.lines and ctx.lines:
            line = 1.0 if not pc.lines.isdisjoint(ctx.lines) else -1.0
        ministry = 1.0 if ctx.ministry and ctx.ministry == pc.cond.ministry else 0.0
        qty = float(compare(rt.quantities, quantities))
        neg = 0.0
        if rt.negated != ct.negated:
            neg = 1.0 if self._negation_applies(*((rt, ct) if rt.negated else (ct, rt))) else 0.0
        score = (
            base
            + p.basis_bonus * basis
            + p.basis_unit_bonus * unit_hit
            + (p.line_bonus if line > 0 else -p.line_mismatch_penalty if line < 0 else 0.0)
            + p.ministry_bonus * ministry
            + (p.quantity_bonus if qty > 0 else -p.quantity_penalty if qty < 0 else 0.0)
            - p.negation_penalty * neg
        )
        feats = {
            "fuzz": float(fz),
            "cover": cover,
            "precision": prec,
            "basis": basis,
            "basis_unit": unit_hit,
            "line": line,
            "ministry": ministry,
            "quantity": qty,
            "negation": neg,
            "part": part_share,
        }
        return score, feats

    def _negation_applies(self, negated: _Text, other: _Text) -> bool:
        """Whether ``other`` restates what ``negated`` negates, rather than what it affirms.

        A condition that adds an exception in a second clause ("... từ cao đẳng trở lên và
        không phải là người ... đã bị thu hồi", "..., không yêu cầu diện tích kho") is not a
        negation of its first clause; a text restating that clause shares more with the
        affirmed part than with the negated one. (Saves restatements of such conditions that
        the whole-text polarity test pushed 60 points down.)
        """
        idf, default = self.idf, self._default_idf
        shared = other.terms & negated.terms
        inside = sum(idf.get(t, default) for t in shared & negated.negated_terms)
        outside = sum(idf.get(t, default) for t in shared - negated.negated_terms)
        return inside >= outside

    def judge(self, ctx: _ReqCtx, indices: Iterable[int]) -> list[_Scored]:
        """Score candidates and keep the gaps that beat every in-force reading, best first."""
        p = self.params
        gaps: list[_Scored] = []
        best_other = -1.0
        for i in indices:
            pc = self.conds[i]
            if pc.status is ConditionStatus.CUT:
                s, f = self.score_reading(ctx, pc, "old")
                gaps.append(_Scored(i, s, GapKind.CUT, "old", f))
            elif pc.status is ConditionStatus.AMENDED:
                s_old, f_old = self.score_reading(ctx, pc, "old")
                if pc.new is pc.old and pc.new_quantities == pc.old_quantities:
                    s_new = s_old
                else:
                    s_new, _ = self.score_reading(ctx, pc, "new")
                if s_old > s_new + p.amended_margin:
                    gaps.append(_Scored(i, s_old, GapKind.AMENDED, "old", f_old))
                else:
                    best_other = max(best_other, s_new, s_old)
            else:
                s, _ = self.score_reading(ctx, pc, "new")
                best_other = max(best_other, s)
        kept = [
            g for g in gaps if g.score >= p.threshold and g.score > best_other + p.competitor_margin
        ]
        kept.sort(key=lambda g: (-g.score, self.conds[g.index].cond.id))
        return kept[: p.max_matches_per_requirement]

    def match_one(
        self, req: ProvincialRequirement, indices: Iterable[int] | None = None
    ) -> list[Match]:
        """Gaps for one requirement; ``indices`` overrides retrieval (all-pairs passes all).

        A requirement that lists several items ("a) …; b) …", one per line) is matched item by
        item, so a cut condition hidden in a list is found next to in-force ones. The whole text
        is matched too, for conditions whose restatement runs over several items.
        """
        return self.match_many([req], None if indices is None else list(indices))[0]

    def match_many(
        self, reqs: Sequence[ProvincialRequirement], indices: list[int] | None = None
    ) -> list[list[Match]]:
        """:meth:`match_one` for each requirement, with retrieval batched (same results)."""
        units: list[tuple[int, str, int, bool]] = []  # (requirement, text, offset, is an item)
        item_spans: list[list[tuple[int, int]]] = []
        for k, r in enumerate(reqs):
            units.append((k, r.text, 0, False))
            items = split_items(r.text)
            item_spans.append(items)
            units.extend((k, r.text[s:e], s, True) for s, e in items)
        ctxs = [self.context(reqs[k], text) for k, text, _, _ in units]
        # Provinces copy the same texts under the same legal bases: a unit whose text, offset,
        # bases, lines and ministry were matched before gets the same matches (only the
        # requirement id differs), without retrieval or scoring.
        keys = [
            (text, offset, tuple(ctx.documents.items()), ctx.lines, ctx.ministry)
            for (_, text, offset, _), ctx in zip(units, ctxs, strict=True)
        ]
        cache = self._result_cache if indices is None else {}
        todo = [u for u, key in enumerate(keys) if key not in cache]
        cands: dict[int, list[int]] = {}
        if indices is not None:
            cands = dict.fromkeys(todo, indices)
        else:
            for b in range(0, len(todo), _BATCH):
                chunk = todo[b : b + _BATCH]
                for u, cand in zip(
                    chunk, self.candidates_batch([ctxs[u] for u in chunk]), strict=True
                ):
                    cands[u] = cand
            self._add_clause_candidates(reqs, units, todo, cands)
        if len(cache) > 100_000:
            cache.clear()
        whole: list[list[Match]] = [[] for _ in reqs]
        parts: list[list[Match]] = [[] for _ in reqs]
        for u, ((k, text, offset, is_item), ctx) in enumerate(zip(units, ctxs, strict=True)):
            key = keys[u]
            cached = cache.get(key)
            if cached is None:
                cached = [
                    self._to_match(reqs[k], text, offset, ctx.text, g)
                    for g in self.judge(ctx, cands[u])
                ]
                cache[key] = cached
            found = [
                m if m.requirement_id == reqs[k].id else replace(m, requirement_id=reqs[k].id)
                for m in cached
            ]
            (parts[k] if is_item else whole[k]).extend(found)
        return [
            _combine(whole[k], parts[k], item_spans[k]) if item_spans[k] else whole[k]
            for k in range(len(reqs))
        ]

    def _evidence_terms(self, rt: _Text, ct: _Text) -> _Shared:
        """What counts as matched: terms in a bigram both sides share, or shared rare terms.

        Syllables are not words: "kinh" in "kinh nghiệm" must not light up "kinh" in
        "kinh doanh", but "kho" shared on its own is evidence.
        """
        rare_idf = math.log(1 / 0.02) + 1.0 if len(self.conds) > 50 else 0.0
        common = rt.terms & ct.terms
        pairs = {f for f in rt.features if "_" in f} & {f for f in ct.features if "_" in f}
        return _Shared(
            frozenset(t for t in common if self.idf.get(t, self._default_idf) >= rare_idf), pairs
        )

    def _to_match(
        self, req: ProvincialRequirement, text: str, offset: int, rt: _Text, g: _Scored
    ) -> Match:
        """The match with its evidence; requirement spans are shifted by ``offset`` (the item's
        start), so they index into the requirement's whole text."""
        pc = self.conds[g.index]
        c = pc.cond
        ct = pc.old if g.reading == "old" else pc.new
        if g.reading == "old" and c.old_text:
            field_name, ctext = "old_text", c.old_text
        else:
            field_name, ctext = "text", c.text
        shared = self._evidence_terms(rt, ct)
        quantities = pc.old_quantities if g.reading == "old" else pc.new_quantities
        qev: list[QuantityEvidence] = []
        for q in quantities:
            for r in rt.quantities:
                if r.unit == q.unit and abs(r.value - q.value) <= 1e-9 * max(abs(q.value), 1.0):
                    qev.append(
                        QuantityEvidence(
                            value=q.value,
                            unit=q.unit,
                            requirement=_span(text, r.start, r.end, offset),
                            condition=_span(ctext, q.start, q.end)
                            if q.start >= 0
                            else Span(-1, -1, ""),
                        )
                    )
                    break
        r_extra = [(e.requirement.start - offset, e.requirement.end - offset) for e in qev]
        c_extra = [(e.condition.start, e.condition.end) for e in qev if e.condition.start >= 0]
        basis = ""
        for b in req.legal_bases:
            if b.document and _number_key(b.document) in pc.documents:
                basis = b.document
                break
        return Match(
            requirement_id=req.id,
            condition_id=c.id,
            score=round(max(0.0, min(100.0, g.score)), 2),
            kind=g.kind or GapKind.CUT,
            requirement_spans=_evidence(text, rt.tokens, shared, r_extra, offset),
            condition_spans=_evidence(ctext, ct.tokens, shared, c_extra),
            condition_field=field_name,
            quantities=tuple(qev),
            basis=basis,
            features=tuple(sorted((k, round(v, 4)) for k, v in g.features.items())),
        )


def _combine(whole: list[Match], items: list[Match], spans: list[tuple[int, int]]) -> list[Match]:
    """Gaps of a listed requirement: each item's, plus whole-text gaps whose evidence runs over
    two or more items (a condition restated across the list); one per condition, best first."""
    found: dict[str, Match] = {}
    for m in items:
        if m.condition_id not in found or m.score > found[m.condition_id].score:
            found[m.condition_id] = m
    for m in whole:
        touched = {
            k for k, (s, e) in enumerate(spans) for sp in m.requirement_spans if s <= sp.start < e
        }
        if m.condition_id not in found and len(touched) >= 2:
            found[m.condition_id] = m
    return sorted(found.values(), key=lambda m: (-m.score, m.condition_id))


def _evidence(
    text: str,
    tokens: Sequence[Token],
    shared: _Shared,
    extra: Sequence[tuple[int, int]],
    offset: int = 0,
) -> tuple[Span, ...]:
    """Spans of the tokens the other side shares, merged into phrases.

    Two matched tokens join one span when only short function words (GLUE) lie between them.
    """
    n = len(tokens)
    hit = [False] * n
    content = [
        i for i, t in enumerate(tokens) if t.term not in STOPWORDS and not t.term[0].isdigit()
    ]
    for k, i in enumerate(content):
        term = tokens[i].term
        if (
            term in shared.terms
            or (k > 0 and f"{tokens[content[k - 1]].term}_{term}" in shared.bigrams)
            or (k + 1 < len(content) and f"{term}_{tokens[content[k + 1]].term}" in shared.bigrams)
        ):
            hit[i] = True
    for s, e in extra:
        if s >= 0:
            for i, t in enumerate(tokens):
                if t.start >= s and t.end <= e:
                    hit[i] = True
    spans: list[list[int]] = []
    joinable = False
    for i, t in enumerate(tokens):
        if hit[i]:
            if joinable and spans:
                spans[-1][1] = max(spans[-1][1], t.end)
            else:
                spans.append([t.start, t.end])
            joinable = True
        elif t.term not in GLUE:
            joinable = False
    return tuple(_span(text, s, e, offset) for s, e in spans)
