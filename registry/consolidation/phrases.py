"""Edits inside a unit's text: a phrase replaced, inserted before or after an anchor, sub-unit lists
merged; the full stop or semicolon lost with a closing quote is restored from the text replaced."""

from __future__ import annotations

import re

from parsers.effects import BEFORE


def _merge(new: list[str], old: list[str]) -> list[str]:
    """`new` in its order, with every id of `old` not in it kept right after its old predecessor."""
    out = list(new)
    seen = set(out)
    prev: str | None = None
    for uid in old:
        if uid not in seen:
            i = out.index(prev) + 1 if prev is not None else 0
            out.insert(i, uid)
            seen.add(uid)
        prev = uid
    return out


def _joiner(new: str) -> str:
    return "" if new[:1] in ",.;:)" else " "


def _split_anchor(anchor: str) -> tuple[str, bool]:
    """(anchor, goes before it?) from an effect's anchor (the ``before:`` convention)."""
    if anchor.startswith(BEFORE):
        return anchor[len(BEFORE) :], True
    return anchor, False


def _insert_before(text: str, anchor: str, new: str) -> str:
    """`new` put before every `anchor` in `text` ("vào trước cụm từ …"), words as written."""
    glue = "" if new[-1:] in '(“"' else " "
    return text.replace(anchor, new + glue + anchor)


_SPACE_BEFORE_PUNCT = re.compile(r"[ ]+([,.;:)])")


_SPACES = re.compile(r"[ ]{2,}")


_SENTENCE_END = re.compile(r"(?:[.!?][ ]+|\n)$")


def _substitute(text: str, old: str, new: str) -> str:
    """Every occurrence of `old` replaced by `new`, with the case a sentence start needs.

    "Thay cụm từ “Sở Công Thương” bằng cụm từ “cơ quan cấp phép”" gives "Cơ quan cấp phép thu
    phí" at the start of a sentence, and a lower-case `old` also matches its capitalised form
    there.
    """
    if not text or not old:
        return text
    cap = old[:1].upper() + old[1:]
    pattern = re.escape(old) if cap == old else f"{re.escape(old)}|{re.escape(cap)}"

    def one(m: re.Match[str]) -> str:
        at_start = m.start() == 0 or bool(
            _SENTENCE_END.search(text[max(0, m.start() - 4) : m.start()])
        )
        if m.group() != old and not at_start:
            return m.group()
        if at_start and m.group()[:1].isupper():
            return new[:1].upper() + new[1:]
        return new

    out = re.sub(pattern, one, text)
    if out == text:
        return text
    if not new:
        out = _SPACE_BEFORE_PUNCT.sub(r"\1", _SPACES.sub(" ", out))
        out = re.sub(r"([,;])\1+", r"\1", out).strip()
    return out
