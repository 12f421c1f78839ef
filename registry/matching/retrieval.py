"""The national conditions analysed once, and candidate retrieval through an IDF-weighted inverted
index of folded terms and bigrams, boosted by cited legal basis, business line and ministry."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from parsers.normalize import number_key
from registry.matching.acronyms import Acronyms
from registry.matching.model import (
    _SCORERS,
    ConditionStatus,
    Match,
    MatchParams,
    NationalCondition,
    ProvincialRequirement,
)
from registry.matching.quantities import (
    NUMBER_WORDS,
)
from registry.matching.readings import (
    _analyse,
    _clause_runs,
    _Cond,
    _number_key,
    _Part,
    _ReqCtx,
    _Text,
)
from registry.matching.text import (
    BASE_SYLLABLES,
    STOPWORDS,
    TABLE_WORDS,
    raw_tokens,
    split_clauses,
)


class _IndexBase:
    """The national conditions analysed once, and candidate retrieval: the inverted index of folded
    terms, boosts by cited basis, business line and ministry. :class:`ConditionIndex` scores what
    this retrieves."""

    def __init__(self, conditions: Iterable[NationalCondition], params: MatchParams) -> None:
        if params.fuzz_scorer not in _SCORERS:
            raise ValueError(
                f"unknown fuzz_scorer {params.fuzz_scorer!r}: use one of {', '.join(_SCORERS)}"
            )
        self.params = params
        conds = list(conditions)
        vocab: set[str] = set(BASE_SYLLABLES) | STOPWORDS | NUMBER_WORDS | TABLE_WORDS
        for c in conds:
            for t in (c.text, c.old_text, c.new_text):
                vocab.update(tok.term for tok in raw_tokens(t) if tok.term.isalpha())
        self.vocab = frozenset(vocab)
        self._vocab_list = sorted(w for w in self.vocab if len(w) >= 3)
        self._corrections: dict[str, str] = {}
        self._text_cache: dict[str, _Text] = {}
        self._fids_cache: dict[str, np.ndarray] = {}
        self._result_cache: dict[tuple[object, ...], list[Match]] = {}
        self._boost_cache: dict[
            tuple[tuple[str, ...], frozenset[str], str], tuple[np.ndarray, np.ndarray] | None
        ] = {}

        prepared: list[_Cond] = []
        for c in conds:
            status = ConditionStatus(c.status)
            old = _analyse(c.old_text or c.text, self.vocab)
            new = _analyse(c.new_text or c.text, self.vocab) if c.new_text else old
            docs = {number_key(c.document)} if c.document else set()
            if c.effect is not None and c.effect.document:
                docs.add(number_key(c.effect.document))
            docs.update(number_key(d) for d in c.amending_documents if d)
            prepared.append(
                _Cond(
                    cond=c,
                    status=status,
                    old=old,
                    new=new,
                    old_quantities=list(c.old_quantities) or old.quantities,
                    new_quantities=list(c.new_quantities) or new.quantities,
                    documents=frozenset(docs),
                    own_document=number_key(c.document) if c.document else "",
                    unit=c.unit,
                    lines=frozenset(c.business_lines),
                    weight_old=0.0,
                    weight_new=0.0,
                )
            )
        self.conds = prepared
        n = len(prepared)
        df: dict[str, int] = {}
        for pc in prepared:
            for f in set(pc.old.features) | set(pc.new.features):
                df[f] = df.get(f, 0) + 1
        self.idf = {f: math.log((n + 1) / (d + 1)) + 1.0 for f, d in df.items()}
        self._default_idf = math.log(n + 1) + 1.0
        self.acronyms = Acronyms(
            [tok.term for tok in t.tokens]
            for pc in prepared
            for t in ((pc.old,) if pc.new is pc.old else (pc.old, pc.new))
        )
        for pc in prepared:
            pc.weight_old = sum(self.idf[t] for t in pc.old.terms)
            pc.weight_new = sum(self.idf[t] for t in pc.new.terms)
            pc.parts_old = self._parts(pc.cond.old_text or pc.cond.text, pc.old, pc.weight_old)
            pc.parts_new = (
                self._parts(pc.cond.new_text, pc.new, pc.weight_new)
                if pc.new is not pc.old
                else pc.parts_old
            )

        # Small indexes (tests, one ministry) retrieve on every term.
        # Term pairs retrieve up to max_df; single terms only when rarer (max_df_terms): a pair
        # says more than its two syllables, and short postings keep retrieval cheap.
        limit = max(50, int(params.max_df * n))
        limit_terms = max(50, int(params.max_df_terms * n))
        postings: dict[str, list[int]] = {}
        for i, pc in enumerate(prepared):
            for f in set(pc.old.features) | set(pc.new.features):
                if df[f] <= (limit if "_" in f else limit_terms):
                    postings.setdefault(f, []).append(i)
        self.postings = {f: np.asarray(v, dtype=np.int32) for f, v in postings.items()}
        # The same postings as one CSR structure, so one requirement's lists are gathered with a
        # handful of numpy calls instead of a Python loop over its terms.
        names = sorted(self.postings)
        self.feature_id = {f: k for k, f in enumerate(names)}
        lengths = np.asarray([len(self.postings[f]) for f in names], dtype=np.int64)
        self._indptr = np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)
        self._indices = (
            np.concatenate([self.postings[f] for f in names]) if names else np.zeros(0, np.int32)
        )
        self._fweight = np.asarray([self.idf[f] for f in names], dtype=np.float64)
        by_doc: dict[str, list[int]] = {}
        by_line: dict[str, list[int]] = {}
        for i, pc in enumerate(prepared):
            for d in pc.documents:
                by_doc.setdefault(d, []).append(i)
            for line in pc.lines:
                by_line.setdefault(line, []).append(i)
        self.by_document = {k: np.asarray(v, dtype=np.int32) for k, v in by_doc.items()}
        self.by_line = {k: np.asarray(v, dtype=np.int32) for k, v in by_line.items()}
        by_ministry: dict[str, list[int]] = {}
        for i, pc in enumerate(prepared):
            if pc.cond.ministry:
                by_ministry.setdefault(pc.cond.ministry, []).append(i)
        self.by_ministry = {k: np.asarray(v, dtype=np.int32) for k, v in by_ministry.items()}

    def __len__(self) -> int:
        return len(self.conds)

    def _parts(self, text: str, t: _Text, whole: float) -> list[_Part]:
        """The clause runs of one condition reading, weighed (see :class:`_Part`)."""
        out: list[_Part] = []
        seen: set[frozenset[str]] = set()
        for run in _clause_runs(text, t):
            terms = frozenset(run)
            weight = sum(self.idf[x] for x in terms)
            if terms in seen or weight <= 0 or whole <= 0:
                continue
            seen.add(terms)
            out.append(_Part(terms, " ".join(run), weight, min(1.0, weight / whole)))
        return out

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        state["_text_cache"] = {}
        state["_fids_cache"] = {}
        state["_result_cache"] = {}
        state["_boost_cache"] = {}
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)

    def _correct(self, term: str) -> str:
        """Repair a misspelt term against the national vocabulary (one edit), cached."""
        hit = self._corrections.get(term)
        if hit is not None:
            return hit
        best = term
        if len(term) >= 4 and self.params.typo_max_distance > 0:
            found = process.extractOne(
                term,
                self._vocab_list,
                scorer=Levenshtein.distance,
                score_cutoff=self.params.typo_max_distance,
            )
            if found is not None:
                best = found[0]
        self._corrections[term] = best
        return best

    def analyse_requirement(self, text: str) -> _Text:
        hit = self._text_cache.get(text)
        if hit is None:
            hit = _analyse(text, self.vocab, self._correct, self.acronyms)
            if len(self._text_cache) > 100_000:
                self._text_cache.clear()
                self._fids_cache.clear()
            self._text_cache[text] = hit
        return hit

    def context(self, req: ProvincialRequirement, text: str | None = None) -> _ReqCtx:
        """Everything about ``req`` the scorer needs; ``text`` is one of its items if given."""
        rt = self.analyse_requirement(req.text if text is None else text)
        docs: dict[str, str] = {}
        for b in req.legal_bases:
            if b.document:
                key = _number_key(b.document)
                if not docs.get(key):
                    docs[key] = b.unit
        fids = self._fids_cache.get(rt.norm)
        if fids is None:
            fid = self.feature_id
            fids = np.asarray([fid[f] for f in rt.features if f in fid], dtype=np.int64)
            self._fids_cache[rt.norm] = fids
        return _ReqCtx(
            text=rt,
            fids=fids,
            weight=sum(self.idf.get(t, self._default_idf) for t in rt.terms),
            documents=docs,
            lines=frozenset(req.business_lines),
            ministry=req.ministry,
        )

    def candidates(self, ctx: _ReqCtx) -> list[int]:
        """Indices of the conditions worth scoring, best first (deterministic).

        Scores every condition by the IDF mass of the terms and term pairs it shares with the
        requirement (a ``bincount`` over the postings), boosts those of the cited law, business
        line and ministry, and keeps at most ``max_candidates`` within ``candidate_ratio`` of the
        best. See :meth:`candidates_batch`, which does this for many requirements at once.
        """
        return self.candidates_batch([ctx])[0]

    def _add_clause_candidates(
        self,
        reqs: Sequence[ProvincialRequirement],
        units: Sequence[tuple[int, str, int, bool]],
        todo: Sequence[int],
        cands: dict[int, list[int]],
    ) -> None:
        """Add to each unit's candidates those its clauses retrieve on their own.

        A sentence restating two conditions retrieves the one it shares most words with; the
        other falls under ``candidate_ratio`` of the first. Retrieving clause by clause finds
        both; they are still scored against the whole unit. In-force conditions are not added:
        one retrieved from another clause restates other words of the sentence, not a competing
        reading of the same ones, and would suppress the gap (:meth:`judge` keeps a gap only if
        it beats every in-force reading).
        """
        extra: list[tuple[int, _ReqCtx]] = []
        for u in todo:
            k, text, _, _ = units[u]
            extra.extend((u, self.context(reqs[k], text[s:e])) for s, e in split_clauses(text))
        for b in range(0, len(extra), _BATCH):
            chunk = extra[b : b + _BATCH]
            for (u, _), cand in zip(
                chunk, self.candidates_batch([c for _, c in chunk]), strict=True
            ):
                have = cands[u]
                have.extend(
                    i
                    for i in cand
                    if i not in have and self.conds[i].status is not ConditionStatus.IN_FORCE
                )

    def candidates_batch(self, ctxs: Sequence[_ReqCtx]) -> list[list[int]]:
        """:meth:`candidates` for many requirements at once (one ``bincount`` for all).

        Same candidates as one by one: each row sums the same postings in the same order.
        """
        p = self.params
        n = len(self.conds)
        rows = len(ctxs)
        if rows == 0 or n == 0:
            return [[] for _ in ctxs]
        lens_f = np.asarray([len(c.fids) for c in ctxs], dtype=np.int64)
        if int(lens_f.sum()) == 0:
            return [[] for _ in ctxs]
        fids = np.concatenate([c.fids for c in ctxs])
        row_of_fid = np.repeat(np.arange(rows, dtype=np.int64), lens_f)
        starts = self._indptr[fids]
        lengths = self._indptr[fids + 1] - starts
        total = int(lengths.sum())
        offsets = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
        idx = self._indices[np.arange(total) + offsets].astype(np.int64)
        key = np.repeat(row_of_fid, lengths) * n + idx
        w = np.repeat(self._fweight[fids], lengths)
        scores = np.bincount(key, weights=w, minlength=rows * n).reshape(rows, n)
        for r, ctx in enumerate(ctxs):
            boost = self._boosts(ctx)
            if boost is not None:
                row = scores[r]
                ix, val = boost
                row[ix] += np.where(row[ix] > 0, val, 0.0)
        if p.block_by_line:
            for r, ctx in enumerate(ctxs):
                if ctx.lines:
                    mask = np.zeros(n, dtype=bool)
                    for x in ctx.lines:
                        if x in self.by_line:
                            mask[self.by_line[x]] = True
                    scores[r, ~mask] = 0.0
        best = scores.max(axis=1)
        best[best <= 0] = np.inf  # a row sharing nothing keeps nothing
        keep_r, keep_c = np.nonzero(scores >= (p.candidate_ratio * best)[:, None])
        out: list[list[int]] = [[] for _ in ctxs]
        for r, c in zip(keep_r.tolist(), keep_c.tolist(), strict=True):
            out[r].append(c)
        for r, found in enumerate(out):
            if found:
                row = scores[r]
                found.sort(key=lambda i: (-row[i], i))
                del found[p.max_candidates :]
        return out

    def _boosts(self, ctx: _ReqCtx) -> tuple[np.ndarray, np.ndarray] | None:
        """Retrieval boosts for the cited law, business lines and ministry, as (indices, values),
        cached per combination (a procedure's requirements all share one)."""
        key = (tuple(ctx.documents), ctx.lines, ctx.ministry)
        hit = self._boost_cache.get(key)
        if hit is not None or key in self._boost_cache:
            return hit
        p = self.params
        acc: dict[int, float] = {}
        parts: list[tuple[np.ndarray | None, float]] = [
            (self.by_document.get(d), p.retrieval_basis_boost) for d in ctx.documents
        ]
        parts += [(self.by_line.get(x), p.retrieval_line_boost) for x in sorted(ctx.lines)]
        if ctx.ministry:
            parts.append((self.by_ministry.get(ctx.ministry), p.retrieval_ministry_boost))
        for post, value in parts:
            if post is not None:
                for i in post.tolist():
                    acc[i] = acc.get(i, 0.0) + value
        result = None
        if acc:
            ix = np.fromiter(sorted(acc), dtype=np.int64, count=len(acc))
            result = (ix, np.asarray([acc[i] for i in ix.tolist()], dtype=np.float64))
        if len(self._boost_cache) > 50_000:
            self._boost_cache.clear()
        self._boost_cache[key] = result
        return result


# Requirements per retrieval batch: a (batch x conditions) score matrix of a few megabytes.
_BATCH = 256
