"""Acronyms derived from the national conditions' own words, instead of a table.

Provinces shorten the multi-word terms of the conditions they restate to their initials: "CHXD"
for "cửa hàng xăng dầu", "ANTT" for "an ninh, trật tự", "PCCC" for "phòng cháy và chữa cháy",
"c.h.x.d" or "chxd" when typed in a hurry. Any such term of any condition yields its acronym for
free: every run of 2-5 consecutive content syllables of every condition gives the string of its
initials (folded, so "ĐKKD" and "DKKD" are one), and a requirement token that is no Vietnamese
syllable and no word of the conditions is read as the run it abbreviates.

Ambiguity: one acronym may stand for several runs. The run chosen is the one whose neighbours in
the requirement also neighbour it in a condition ("vốn ĐL" → "vốn điều lệ", since conditions say
"vốn điều lệ"), then the one most conditions use. Two-letter acronyms are too ambiguous to read
without that neighbour ("ĐT" is đầu tư, đào tạo, điện thoại…): they are read only when it agrees.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Container, Iterable, Sequence

from registry.matching.text import GLUE, Token, is_syllable

# Runs of 2-5 syllables; an acronym of one letter is no acronym, one of six is a code.
_MIN_RUN, _MAX_RUN = 2, 5
_CONJUNCTIONS = frozenset({"va", "hoac"})
_CONFIRM = 2


class Acronyms:
    """Acronym → the run of condition words it most likely stands for, alone or beside a word.

    Built from each condition's tokens in order, stopwords included ("cửa" folds to "cua", a
    stopword, yet it is the C of CHXD), and once more without the conjunctions "và"/"hoặc"
    (PCCC is "phòng cháy và chữa cháy").
    """

    def __init__(self, term_lists: Iterable[Sequence[str]]) -> None:
        runs: dict[str, Counter[tuple[str, ...]]] = {}
        before: dict[tuple[str, str], Counter[tuple[str, ...]]] = {}
        after: dict[tuple[str, str], Counter[tuple[str, ...]]] = {}
        gapped: dict[str, Counter[tuple[str, ...]]] = {}
        for all_terms in term_lists:
            for terms in (all_terms, [t for t in all_terms if t not in _CONJUNCTIONS]):
                ok = [is_syllable(t) for t in terms]
                n = len(terms)
                for i in range(n):
                    for width in range(_MIN_RUN, _MAX_RUN + 1):
                        if i + width > n or not all(ok[i : i + width]):
                            break
                        run = tuple(terms[i : i + width])
                        if run[0] in _CONJUNCTIONS or run[-1] in _CONJUNCTIONS:
                            continue
                        acr = "".join(t[0] for t in run)
                        runs.setdefault(acr, Counter())[run] += 1
                        if i > 0 and terms[i - 1] not in GLUE:
                            before.setdefault((terms[i - 1], acr), Counter())[run] += 1
                        if i + width < n and terms[i + width] not in GLUE:
                            after.setdefault((acr, terms[i + width]), Counter())[run] += 1
                    # Two 2-3 syllable phrases with one or two words left out between them:
                    # "cửa hàng [bán lẻ] xăng dầu" is CHXD to a province.
                    if i + 2 <= n and ok[i] and ok[i + 1]:
                        for gap in (1, 2):
                            for w2 in (2, 3):
                                j = i + 2 + gap
                                if j + w2 <= n and all(ok[i + 2 : j + w2]):
                                    run = (*terms[i : i + 2], *terms[j : j + w2])
                                    acr = "".join(t[0] for t in run)
                                    gapped.setdefault(acr, Counter())[run] += 1
        # A contiguous run beats a gapped one of the same initials.
        self.runs = {acr: c.most_common(1)[0][0] for acr, c in gapped.items()}
        self.runs.update((acr, c.most_common(1)[0][0]) for acr, c in runs.items())
        # A neighbour confirms a reading once two conditions show it beside that reading.
        self._before = {
            k: run for k, c in before.items() for run, m in c.most_common(1) if m >= _CONFIRM
        }
        self._after = {
            k: run for k, c in after.items() for run, m in c.most_common(1) if m >= _CONFIRM
        }

    def __contains__(self, term: object) -> bool:
        return term in self.runs

    def expand(self, term: str, before: str, after: str) -> tuple[str, ...] | None:
        """The run ``term`` abbreviates between the words ``before`` and ``after``, or None."""
        run = self._before.get((before, term)) or self._after.get((term, after))
        if run is not None:
            return run
        if len(term) <= 2:
            return None
        return self.runs.get(term)


# Single letters joined by dots: "c.h.x.d", "C.H.X.D." (the dots between letters, not after).
_DOTTED = re.compile(r"\.\s?")


def join_dotted(tokens: list[Token], text: str) -> list[Token]:
    """Glue single letters separated by dots into one token: "c.h.x.d" → "chxd".

    Saves dotted acronyms, which would otherwise be four one-letter fragments.
    """
    if len(tokens) < 2:
        return tokens
    out: list[Token] = []
    i, n = 0, len(tokens)
    while i < n:
        j = i
        while (
            j + 1 < n
            and len(tokens[j].term) == 1
            and len(tokens[j + 1].term) == 1
            and tokens[j].term.isalpha()
            and tokens[j + 1].term.isalpha()
            and _DOTTED.fullmatch(text[tokens[j].end : tokens[j + 1].start]) is not None
        ):
            j += 1
        if j > i:
            out.append(
                Token("".join(t.term for t in tokens[i : j + 1]), tokens[i].start, tokens[j].end)
            )
        else:
            out.append(tokens[i])
        i = j + 1
    return out


def expand_acronyms(
    tokens: list[Token],
    acronyms: Acronyms,
    words: Container[str],
    table: Container[str] = frozenset(),
) -> list[Token]:
    """Replace tokens that are acronyms of condition terms with those terms (same span).

    ``words`` stand for themselves (the conditions' vocabulary) and ``table`` holds the curated
    abbreviations (expanded by :func:`registry.matching.text.expand_abbreviations`): neither is
    read here. (Letting a neighbour override the table was tried on the tune half: one
    neighbour misread "CB quản lý" and "TC chuyên ngành".)
    """
    out: list[Token] = []
    for k, t in enumerate(tokens):
        term = t.term
        if (
            term in words
            or term in table
            or term not in acronyms
            or not term.isalpha()
            or is_syllable(term)
        ):
            out.append(t)
            continue
        before = next((x.term for x in reversed(tokens[:k]) if x.term not in GLUE), "")
        after = next((x.term for x in tokens[k + 1 :] if x.term not in GLUE), "")
        run = acronyms.expand(term, before, after)
        if run is None:
            out.append(t)
        else:
            out.extend(Token(w, t.start, t.end) for w in run)
    return out
