"""The documents an instruction names: document types and numbers, the aliases a text gives
them ("Nghị định số 15/2018/NĐ-CP (sau đây gọi là Nghị định 15)"), and the default target of an
amending document (the one its title amends)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from parsers import wording
from parsers.citations import (
    _ALIAS_RE,
    DOC_TYPES,
    NAMED_DOCUMENT_RE,
    document_from_match,
    document_key,
    iter_references,
    resolve_alias,
)
from parsers.effects.patterns import _ARTICLE_HEADING
from parsers.model import Document
from parsers.normalize import fold, fold_aligned, normalize_number


def _documents_in(
    s: str, aliases: dict[str, str], own: str, aligned: str | None = None
) -> list[str]:
    """Numbers of the documents `s` cites (`aligned`: ``fold(s)`` if the caller has it and it
    keeps the offsets of `s`)."""
    if aligned is not None and "/" not in s:
        if not _may_name_type(s, aligned):
            return []  # a document is cited by its type or by a number with "/"
        if "-" not in s:
            # Without a number ("/" or "-"), only by a name that an alias resolves.
            stems = _alias_stems(tuple(aliases))
            if stems is not None and not any(stem in aligned for stem in stems):
                return []
    docs: list[str] = []
    for m in iter_references(s, aligned):
        cited = document_from_match(m)
        if cited is None:
            continue
        number = cited.number
        if cited.is_self:
            continue
        if not number and cited.name:
            number = resolve_alias(aliases, cited.doc_type, cited.name)
        if number and number != own and number not in docs:
            docs.append(number)
    if not docs and aliases:
        for m in _type_matches(NAMED_DOCUMENT_RE, s, aligned):
            number = resolve_alias(aliases, m.group("t"), m.group("n"))
            if number and number != own and number not in docs:
                docs.append(number)
    return docs


@lru_cache(maxsize=8)
def _alias_stems(keys: tuple[str, ...]) -> tuple[str, ...] | None:
    """What the fold of a cited type and name holds if resolve_alias takes it to one of these
    alias keys; None when a key starts with no document type.

    The cited key (type, then one word of name at least) and the alias key are equal or one
    begins the other, so both begin with the alias key's words up to its shortest document type
    and one more: that stem is in the cited text's fold.
    """
    stems = []
    for key in keys:
        words = key.split()
        types = [n for n in _TYPE_WORD_COUNTS if " ".join(words[:n]) in _FOLDED_TYPES]
        if not types:
            return None
        stems.append(" ".join(words[: types[0] + 1]))
    return tuple(stems)


# Characters that case-insensitive patterns equate with an ASCII letter that `fold` leaves alone
# (dotless i, long s, Kelvin sign): a text holding one gets no folded-text shortcut.
_CASEFOLD_ODD = ("\u0131", "\u017f", "\u212a")


# The folded document types, less those another one begins ("nghi quyet" begins "nghi quyet
# lien tich"): a document type (case-insensitive) can only start where one of these does.
_FOLDED_TYPES = {fold(t) for t in DOC_TYPES}
_TYPE_WORD_COUNTS = sorted({len(t.split()) for t in _FOLDED_TYPES})
_TYPE_STARTS = tuple(
    sorted(t for t in _FOLDED_TYPES if not any(t != u and t.startswith(u) for u in _FOLDED_TYPES))
)


def _literal_starts(s: str, words: tuple[str, ...]) -> set[int]:
    """Where the words occur in `s`: ``re.finditer(re.escape(w), s)`` starts, by str.find."""
    found: set[int] = set()
    for w in words:
        p = s.find(w)
        while p >= 0:
            found.add(p)
            p = s.find(w, p + len(w))
    return found


def _may_name_type(s: str, aligned: str) -> bool:
    """False only when no document type can match in `s` (`aligned`: ``fold_aligned(s)``)."""
    return any(t in aligned for t in _TYPE_STARTS) or any(c in s for c in _CASEFOLD_ODD)


def _type_matches(
    rx: re.Pattern[str], s: str, folded: str | None = None
) -> Iterator[re.Match[str]]:
    """``rx.finditer(s)`` for a pattern whose every match starts with a document type
    (case-insensitive), tried only where one starts.

    `folded` is ``fold_aligned(s)``, or a longer text that it begins, if the caller has it. In
    the folded text a type starts at one of _TYPE_STARTS; trying those offsets in order, each from
    the end of the previous match, finds exactly the matches of a scan over every offset.
    """
    if any(map(s.__contains__, _CASEFOLD_ODD)):
        yield from rx.finditer(s)
        return
    folded = fold_aligned(s) if folded is None else folded[: len(s)]
    pos = 0
    for p in sorted(_literal_starts(folded, _TYPE_STARTS)):
        if p < pos:
            continue
        m = rx.match(s, p)
        if m is not None:
            pos = m.end()
            yield m


def _document_aliases(head: str, folded_text: str | None) -> dict[str, str]:
    """``document_aliases(head)``, its pattern tried only where a document type starts
    (`folded_text`: the folded text that `head` begins, None when not offset-aligned)."""
    out: dict[str, str] = {}
    for m in _type_matches(_ALIAS_RE, head, folded_text):
        if m.group("t"):
            t, n, num = m.group("t"), m.group("n"), m.group("num")
        else:
            t, n, num = m.group("t2"), m.group("n2"), m.group("num2")
        out.setdefault(document_key(t, n), normalize_number(num))
    return out


_TITLE_VERB = re.compile("(?i:" + wording.alternation(wording.TITLE_VERBS) + ")")


def _default_target(doc: Document, aliases: dict[str, str], own: str) -> str:
    head = doc.metadata.title or "\n".join(
        line
        for line in doc.text[:4000].split("\n")
        if not fold(line.strip(" *_")).startswith(("can cu", "#"))
        and not _ARTICLE_HEADING.match(line)
    )
    m = _TITLE_VERB.search(head)
    if m:
        found = _documents_in(head[m.start() :], aliases, own)
        if not found:
            found = _documents_in(_title_case(head[m.start() :]), aliases, own)
        if found:
            return found[0]
    return ""


def _title_case(s: str) -> str:
    """Upper-case titles ("CỦA LUẬT ĐIỆN LỰC") read as running text for document lookup."""
    words = s.split()
    out = []
    for w in words:
        out.append(w if any(c.isdigit() for c in w) else w.lower())
    text = " ".join(out)
    for t in ("luật", "nghị định", "thông tư", "quyết định", "nghị quyết", "pháp lệnh", "bộ luật"):
        text = text.replace(t + " ", t[0].upper() + t[1:] + " ")
    return text
