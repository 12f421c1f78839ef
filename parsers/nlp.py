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
from spacy.tokens import Doc

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

for _name, _default in (("context", ""), ("document", None), ("paths", None), ("role", None)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


@Language.component("dkkd_citation")
def citation_component(doc: Doc) -> Doc:
    """Parse the citation that `doc` holds: its document and its provision paths."""
    text = doc.text  # spaCy joins the tokens on every access: read it once
    m = REFERENCE_RE.match(text)
    paths: list[Path] = []
    if m is not None:
        doc._.document = document_from_match(m)
        chain = m.group("chain")
        if chain:
            paths = parse_chain(chain, m.start("chain"))
    doc._.paths = paths
    spans = []
    n = len(text)
    for p in paths:
        span = doc.char_span(p.start, min(n, p.start + 1), alignment_mode="expand")
        if span is not None:
            spans.append(span)
    doc.spans["provisions"] = spans
    return doc


@Language.component("dkkd_role")
def role_component(doc: Doc) -> Doc:
    doc._.role = ROLE_BY_CONTEXT.get(doc._.context, Role.DAN_CHIEU)
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
    words: list[str] = []
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
