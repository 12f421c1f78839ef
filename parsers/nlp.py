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

import re
from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from parsers.citations import (
    REFERENCE_RE,
    Path,
    document_from_match,
    parse_chain,
    simple_chain_match,
    simple_chain_paths,
)
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
    # Batch mode: (start, end, first token) of each candidate in the joined text, their contexts,
    # and per candidate (document, paths) and role.
    ("items", None),
    ("source", None),
    ("matches", None),
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
        _cite_batch(doc, ext.source or doc.text, items, ext.matches)
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
    doc: Doc,
    text: str,
    items: list[tuple[int, int, int]],
    matches: list[re.Match[str] | None] | None = None,
) -> None:
    """Parse each candidate of a batch Doc. `items` holds (start, end, first token) per candidate,
    the first token -1 when its text is not split on single spaces (then the path spans come
    from `char_span`, as for a single Doc). `matches`, when given, holds per candidate the
    REFERENCE_RE match that found it in its text, if the caller kept it: it is read instead of
    matching the candidate again."""
    citations: list[tuple[Any, list[Path]]] = []
    spans = []
    # Distinct citations still share their chains ("Điều 5" of many documents) and documents:
    # each is parsed once.
    chains: dict[tuple[str, int], list[Path]] = {}
    documents: dict[str, Any] = {}
    for k, (start, end, first) in enumerate(items):
        found = matches[k] if matches is not None else None
        if found is not None:
            cited, paths = _cite_match(found, chains, documents)
        else:
            # Each candidate sits alone on its line; no part of the grammar matches a newline,
            # so matching in place is matching the candidate by itself.
            cited, paths = _cite(text, start, end, chains, documents)
        citations.append((cited, paths))
        for p in paths:
            at = start + p.start
            if first >= 0 and at < end:
                # Tokens are split on single spaces: the token holding the path's first
                # character (what char_span "expand" finds) is the count of spaces before it.
                i = first + text.count(" ", start, at)
                spans.append(Span(doc, i, i + 1))
                continue
            span = doc.char_span(at, min(end, at + 1), alignment_mode="expand")
            if span is not None:
                spans.append(span)
    doc._.citations = citations
    doc.spans["provisions"] = spans


_reference = REFERENCE_RE.match


def _cite(
    text: str,
    start: int,
    end: int,
    chains: dict[tuple[str, int], list[Path]],
    documents: dict[str, Any],
) -> tuple[Any, list[Path]]:
    """(cited document, paths) of the candidate text[start:end], as REFERENCE_RE.match reads it.

    A candidate that is a simple chain as a whole ("khoản 2 Điều 5") is all chain to
    REFERENCE_RE too: it is parsed straight from the simple match. The chains and documents
    parsed so far are in `chains` and `documents` (a document by the text after its chain,
    which alone decides the document groups).
    """
    m = simple_chain_match(text, start, end)
    if m is not None:
        key = (text[start:end], 0)
        paths = chains.get(key)
        if paths is None:
            paths = simple_chain_paths(m, -start)
            if paths is None:
                paths = parse_chain(*key)
            chains[key] = paths
        return None, list(paths)
    m = _reference(text, start, end)
    if m is None:
        return None, []
    chain_start, chain_end = m.span("chain")
    if chain_start < 0:
        return document_from_match(m), []  # a document alone: candidates are distinct
    tail = text[chain_end:end]
    if tail in documents:
        cited = documents[tail]
    else:
        cited = documents[tail] = document_from_match(m)
    key = (text[chain_start:chain_end], chain_start - start)
    paths = chains.get(key)
    if paths is None:
        paths = chains[key] = parse_chain(*key)
    return cited, list(paths)


def _cite_match(
    m: re.Match[str],
    chains: dict[tuple[str, int], list[Path]],
    documents: dict[str, Any],
) -> tuple[Any, list[Path]]:
    """What :func:`_cite` gives for the candidate ``m.group()``, read from its REFERENCE_RE
    match `m` (a match of the same text, found in the text it was cited in: the grammar reads
    nothing outside a match, so the groups are the same)."""
    chain_start, chain_end = m.span("chain")
    end = m.end()
    if chain_start < 0:
        return document_from_match(m), []
    key = (m.group("chain"), chain_start - m.start())
    paths = chains.get(key)
    if paths is None:
        paths = chains[key] = parse_chain(*key)
    if chain_end == end:
        return None, list(paths)  # a chain alone cites no document
    tail = m.string[chain_end:end]
    if tail in documents:
        cited = documents[tail]
    else:
        cited = documents[tail] = document_from_match(m)
    return cited, list(paths)


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


def analyse_batch(
    items: list[tuple[str, str]], matches: dict[str, re.Match[str]] | None = None
) -> list[tuple[Role, Any, list[Path]]]:
    """(role, cited document, provision paths) for each (citation text, context key) pair.

    The same pipeline as :func:`analyse`, run once over one Doc that holds every distinct
    candidate text on its own line, instead of once per candidate: building thousands of small
    Docs cost more than the analysis itself. Candidate texts hold no newline (the citation
    grammar never matches one). `matches` may give, by citation text, the REFERENCE_RE match
    that found it, which the citation component then reads instead of matching again.
    """
    if not items:
        return []
    nlp = get_nlp()
    texts = list(dict.fromkeys(t for t, _c in items))
    words: list[str] = []
    spaces: list[bool] = []
    spans: list[tuple[int, int, int]] = []
    pos = 0
    for text in texts:
        first = len(words)
        w = text.split()
        # Split on single spaces and nothing else: these are the tokenizer's tokens as they are.
        if w and " ".join(w) == text:
            words += w
            spaces += [True] * (len(w) - 1)
            spaces.append(False)
        else:
            d = make_doc(nlp, text)
            words.extend(t.text for t in d)
            spaces.extend(bool(t.whitespace_) for t in d)
            first = -1
        words.append("\n")  # the line break after each candidate (the last one dropped below)
        spaces.append(False)
        end = pos + len(text)
        spans.append((pos, end, first))
        pos = end + 1
    words.pop()
    spaces.pop()
    doc = Doc(nlp.vocab, words=words, spaces=spaces)
    ext = doc._
    ext.items = spans
    ext.source = "\n".join(texts)
    if matches:
        ext.matches = [matches.get(t) for t in texts]
    ext.contexts = [c for _t, c in items]
    doc = nlp(doc)
    ext = doc._
    cited = dict(zip(texts, ext.citations, strict=True))
    return [(role, *cited[text]) for role, (text, _c) in zip(ext.roles, items, strict=True)]
