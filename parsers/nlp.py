"""The spaCy pipeline behind the reference finder.

`spacy.blank("vi")` with the Vietnamese tokenizer's `use_pyvi` pinned to false in the config, so
tokenisation is the same whether or not pyvi is installed (spaCy's default for "vi" is true and
fails without pyvi). Two components follow it:

- ``dkkd_citation`` parses a candidate citation (found beforehand by a compiled regular expression
  over the whole text) into the cited document and provision paths, and marks each path as a span
  in ``doc.spans["provisions"]``;
- ``dkkd_role`` turns the context key the caller computed (căn cứ line, instruction verb, quoted
  text) into a :class:`parsers.model.Role`.

The pipeline runs on candidate spans, not on whole documents: spaCy's Vietnamese tokenizer is
quadratic on multi-megabyte strings (42 s for a 3 MB pháp điển file), while the candidates of that
file tokenise in milliseconds. Matching itself uses compiled regular expressions rather than spaCy's
Matcher because they are faster on these patterns (bench/references_regex_vs_matcher.py).
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from parsers.citations import REFERENCE_RE, Path, document_from_match, parse_chain
from parsers.model import Role

NLP_CONFIG: dict[str, Any] = {
    "nlp": {"tokenizer": {"@tokenizers": "spacy.vi.VietnameseTokenizer", "use_pyvi": False}}
}

ROLE_BY_CONTEXT = {
    "can_cu": Role.CAN_CU,
    "bai_bo": Role.BAI_BO,
    "thay_the": Role.THAY_THE,
    "sua_doi": Role.SUA_DOI,
    "": Role.DAN_CHIEU,
}

for _name, _default in (
    ("context", ""),
    ("document", None),
    ("paths", None),
    ("role", None),
    # Batch mode: the (start, end) of each candidate in the joined text, their contexts, and per
    # candidate (document, paths) and role.
    ("items", None),
    ("token_starts", None),
    ("source", None),
    ("contexts", None),
    ("citations", None),
    ("roles", None),
):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


@Language.component("dkkd_citation")
def citation_component(doc: Doc) -> Doc:
    """Parse the citation that `doc` holds: its document and its provision paths.

    A batch Doc (see :func:`analyse_batch`) holds many candidates, one per line: each is parsed
    in place and the results go to ``doc._.citations`` and ``doc.spans["provisions"]``.
    """
    ext = doc._
    items = ext.items
    if items is not None:
        _cite_batch(doc, ext.source or doc.text, items, ext.token_starts)
        return doc
    text = doc.text  # spaCy joins the tokens on every access: read it once
    m = REFERENCE_RE.match(text)
    paths: list[Path] = []
    if m is not None:
        ext.document = document_from_match(m)
        chain = m.group("chain")
        if chain:
            paths = parse_chain(chain, m.start("chain"))
    ext.paths = paths
    spans = []
    n = len(text)
    for p in paths:
        span = doc.char_span(p.start, min(n, p.start + 1), alignment_mode="expand")
        if span is not None:
            spans.append(span)
    doc.spans["provisions"] = spans
    return doc


def _cite_batch(
    doc: Doc, text: str, items: list[tuple[int, int]], token_starts: list[int] | None
) -> None:
    citations: list[tuple[Any, list[Path]]] = []
    spans = []
    match = REFERENCE_RE.match
    for start, end in items:
        # Each candidate sits alone on its line; no part of the grammar matches a newline, so
        # matching in place is matching the candidate by itself.
        m = match(text, start, end)
        paths: list[Path] = []
        cited = None
        if m is not None:
            cited = document_from_match(m)
            chain = m.group("chain")
            if chain:
                paths = parse_chain(chain, m.start("chain") - start)
        citations.append((cited, paths))
        for p in paths:
            at = start + p.start
            if token_starts is not None and at < end:
                # The token holding the path's first character (what char_span "expand" finds).
                i = bisect.bisect_right(token_starts, at) - 1
                spans.append(Span(doc, i, i + 1))
                continue
            span = doc.char_span(at, min(end, at + 1), alignment_mode="expand")
            if span is not None:
                spans.append(span)
    doc._.citations = citations
    doc.spans["provisions"] = spans


@Language.component("dkkd_role")
def role_component(doc: Doc) -> Doc:
    ext = doc._
    contexts = ext.contexts
    if contexts is not None:
        ext.roles = [ROLE_BY_CONTEXT.get(c, Role.DAN_CHIEU) for c in contexts]
        return doc
    ext.role = ROLE_BY_CONTEXT.get(ext.context, Role.DAN_CHIEU)
    return doc


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The pipeline, built once per process."""
    nlp = spacy.blank("vi", config=NLP_CONFIG)
    nlp.add_pipe("dkkd_citation")
    nlp.add_pipe("dkkd_role")
    return nlp


_WS = re.compile(r"\S+")


def make_doc(nlp: Language, text: str) -> Doc:
    """The Doc the "vi" tokenizer (use_pyvi off: split on whitespace) makes, built directly.

    Same tokens and whitespace as ``nlp.make_doc`` (tested), without its per-call overhead.
    """
    if "  " in text or text != text.strip(" ") or "\n" in text or "\t" in text:
        return nlp.make_doc(text)  # whitespace tokens: let the tokenizer itself decide
    words = text.split()
    if len(words) == text.count(" ") + 1:
        # Every separator is one plain space: the common case, without a regex pass.
        gaps = [True] * len(words)
        gaps[-1] = False
        return Doc(nlp.vocab, words=words, spaces=gaps)
    words = []
    spaces: list[bool] = []
    for m in _WS.finditer(text):
        words.append(m.group())
        spaces.append(m.end() < len(text) and text[m.end()] == " ")
    return Doc(nlp.vocab, words=words, spaces=spaces)


def analyse(items: list[tuple[str, str]]) -> list[Doc]:
    """Run the pipeline over (citation text, context key) pairs, in order."""
    nlp = get_nlp()
    docs = []
    for text, context in items:
        d = make_doc(nlp, text)
        d._.context = context
        docs.append(d)
    return list(nlp.pipe(docs))


def _words(nlp: Language, text: str) -> tuple[list[str], list[bool]]:
    """The tokens of `text` as :func:`make_doc` makes them, as (words, spaces)."""
    if "  " in text or text != text.strip(" ") or "\n" in text or "\t" in text:
        d = nlp.make_doc(text)
        return [t.text for t in d], [bool(t.whitespace_) for t in d]
    words = text.split()
    if len(words) == text.count(" ") + 1:
        gaps = [True] * len(words)
        gaps[-1] = False
        return words, gaps
    d = make_doc(nlp, text)
    return [t.text for t in d], [bool(t.whitespace_) for t in d]


def analyse_batch(items: list[tuple[str, str]]) -> list[tuple[Role, Any, list[Path]]]:
    """(role, cited document, provision paths) for each (citation text, context key) pair.

    The same pipeline as :func:`analyse`, run once over one Doc that holds every candidate on its
    own line, instead of once per candidate: building thousands of small Docs cost more than the
    analysis itself. Candidate texts hold no newline (the citation grammar never matches one).
    """
    if not items:
        return []
    nlp = get_nlp()
    words: list[str] = []
    spaces: list[bool] = []
    starts: list[int] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    for n, (text, _context) in enumerate(items):
        if n:
            words.append("\n")
            spaces.append(False)
            starts.append(pos)
            pos += 1
        w, sp = _words(nlp, text)
        at = pos
        for word, space in zip(w, sp, strict=True):
            starts.append(at)
            at += len(word) + space
        words.extend(w)
        spaces.extend(sp)
        spans.append((pos, pos + len(text)))
        pos += len(text)
    doc = Doc(nlp.vocab, words=words, spaces=spaces)
    ext = doc._
    ext.items = spans
    ext.token_starts = starts
    ext.source = "\n".join(t for t, _c in items)
    ext.contexts = [c for _t, c in items]
    doc = nlp(doc)
    ext = doc._
    return [
        (role, cited, paths) for role, (cited, paths) in zip(ext.roles, ext.citations, strict=True)
    ]
