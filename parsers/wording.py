"""Amendment and repeal wording: the one home of the verbs that change a text.

Every parser that reads an amending instruction, a source note or a repealed placeholder builds
its patterns from the words here (as eregs' ``amdpar`` builds its verb grammar from one
vocabulary): structure, effects, notes, conditions, references, and the literal scan of
:mod:`parsers.text_context`. A word is spelled once, with its diacritics; the folded form the
fast paths search for is derived (:func:`parsers.normalize.fold`).

The readers accept different sets of verbs on purpose (a condition's title test wants "bỏ từ"
but no "tạm ngưng", for instance); each set is named here after what it is for, so the sets
stand side by side and a new verb is added in one file.
"""

from __future__ import annotations

import re

from parsers.normalize import fold

# --- the verbs, as the texts spell them ------------------------------------------------------
AMEND = "sửa đổi"
INSERT = "bổ sung"
REPEAL = "bãi bỏ"
ANNUL = "hủy bỏ"
REPLACE = "thay thế"
ADJUST = "điều chỉnh"
REPLACE_PHRASE = "thay cụm từ"
REPLACE_WORD = "thay từ"
DROP_PHRASE = "bỏ cụm từ"
DROP_WORD = "bỏ từ"
SUSPEND = "ngưng hiệu lực"
SUSPEND_EXECUTION = "ngưng thi hành"
PAUSE = "tạm ngưng"
STAY = "đình chỉ"
STAY_EXECUTION = "đình chỉ thi hành"
STAY_FORCE = "đình chỉ hiệu lực"
EXPIRE = "hết hiệu lực"
AS_FOLLOWS = "như sau"
# The voices of a passive instruction or note ("được sửa đổi", "bị bãi bỏ"), and "đã" before them.
BY_FAVOUR = "được"
BY_FORCE = "bị"
ALREADY = "đã"


def folded(words: tuple[str, ...]) -> tuple[str, ...]:
    """The folded forms of `words`, in the same order."""
    return tuple(fold(w) for w in words)


def alternation(words: tuple[str, ...]) -> str:
    """`words` as a regex alternation, in order (the first alternative wins at an offset)."""
    return "|".join(words)


def spaced(word: str) -> str:
    """`word` with each blank a one-space class ("sửa[ ]đổi"), as the verbose-safe patterns of
    :mod:`parsers.effects` spell them."""
    return word.replace(" ", "[ ]")


# --- sets of verbs, by reader -----------------------------------------------------------------

# Any amendment verb: a line without one of these (folded) holds no instruction (effects'
# verb-line filter, and the literal scan's amendment literals).
INSTRUCTION_VERBS = (
    AMEND,
    INSERT,
    REPEAL,
    REPLACE,
    REPLACE_PHRASE,
    REPLACE_WORD,
    SUSPEND,
    EXPIRE,
    ANNUL,
    DROP_PHRASE,
    STAY_EXECUTION,
    STAY_FORCE,
    PAUSE,
)
INSTRUCTION_WORDS = folded(INSTRUCTION_VERBS)


def has_instruction_verb(folded_text: str) -> bool:
    """Whether `folded_text` holds one of INSTRUCTION_WORDS (substring tests, C calls only)."""
    return any(map(folded_text.__contains__, INSTRUCTION_WORDS))


# An instruction's operation from its first verb (effects): amend, insert, repeal, suspend.
AMEND_VERBS = (AMEND, REPLACE, ADJUST)
INSERT_VERBS = (INSERT,)
REPEAL_VERBS = (REPEAL, ANNUL)
SUSPEND_VERBS = (SUSPEND, PAUSE, STAY_EXECUTION)
# The verbs of AMEND_VERBS, INSERT_VERBS and REPEAL_VERBS, the commonest first (effects searches
# their folded forms in this order and stops at the first that matches).
FIRST_VERBS = (INSERT, AMEND, REPLACE, REPEAL, ADJUST, ANNUL)
# A document title that announces an amending document ("Nghị định sửa đổi, bổ sung …").
TITLE_VERBS = (AMEND, INSERT, REPEAL, REPLACE)
# The verb that opens an imperative instruction (effects' instruction form), folded; "thay" and
# "bỏ" with the words they take ("thay các cụm từ", "bỏ từ").
IMPERATIVE_VERBS = (
    alternation(folded((AMEND, INSERT, REPEAL, REPLACE)))
    + "|thay (?:cac )?(?:cum tu|tu|cum)|bo (?:cac )?(?:cum tu|tu)|"
    + alternation(folded((ANNUL, SUSPEND, SUSPEND_EXECUTION, PAUSE, STAY, ADJUST)))
)
# After "được"/"bị" in a passive instruction (effects), folded; "thay", "ngưng", "bỏ" are the
# verbs' first words.
PASSIVE_VERBS = alternation(
    folded((AMEND, INSERT, REPEAL, REPLACE, "thay", ANNUL, STAY, "ngưng", "bỏ"))
)
# After "… này" in a stative one ("Nghị định này bãi bỏ …"), folded.
THIS_DOCUMENT_VERBS = alternation(folded((REPEAL, ANNUL, AMEND, INSERT, STAY, "ngưng")))
# An earlier amendment named as such ("được sửa đổi, bổ sung tại …"), folded.
AS_AMENDED_VERBS = alternation(folded((AMEND, INSERT, REPLACE, REPEAL)))
# What makes a unit's text an amending instruction (conditions), folded.
CONDITION_VERBS = (
    AMEND,
    INSERT,
    REPEAL,
    ANNUL,
    REPLACE,
    REPLACE_PHRASE,
    REPLACE_WORD,
    DROP_PHRASE,
    DROP_WORD,
    SUSPEND,
    EXPIRE,
    STAY,
)
# What marks a line after a khoản label as part of an amending instruction (structure), folded;
# "như sau" and "được sửa" included. (REPEAL twice: harmless, kept as it was.)
STRUCTURE_MARKS = alternation(
    folded(
        (
            *(AMEND, INSERT, REPEAL, REPLACE, "thay cụm", "bỏ cụm", DROP_WORD, AS_FOLLOWS),
            *(ANNUL, STAY, SUSPEND, "được sửa", REPEAL),
        )
    )
)
# What makes the rest of a heading line a sentence, not a title (structure), folded.
SENTENCE_MARKS = folded(("được sửa", AS_FOLLOWS, "được bãi bỏ"))
# The verbs a pháp điển / VBHN source note names (notes), in the order its pattern tries them.
NOTE_VERBS = (AMEND, INSERT, REPEAL, ANNUL, REPLACE, SUSPEND)
# The verbs a note takes with "bị" when it does not say the voice (notes).
FORCE_VOICE_VERBS = (REPEAL, ANNUL, SUSPEND)
# A citation's role from the verb that governs it (references), folded, by role.
ROLE_VERBS = (
    ("bai_bo", folded((REPEAL, ANNUL))),
    ("thay_the", folded((REPLACE, REPLACE_PHRASE, REPLACE_WORD))),
    ("sua_doi", folded((AMEND, INSERT))),
)
# A procedure decision's action (procedures), folded.
ABOLISH_VERBS = (REPEAL, ANNUL)
CHANGE_VERBS = (AMEND, REPLACE, INSERT)

# --- the literal scan -------------------------------------------------------------------------
# The verb words for the literal scan. Those of "đình chỉ" are scanned for without "dinh ",
# whose four bytes are as common as "định" (each byte compared after them is a pass over those
# hits); their few occurrences are then checked for it.
DINH = "dinh "
DINH_CHI_LITERALS = tuple(w[len(DINH) :].encode() for w in INSTRUCTION_WORDS if w.startswith(DINH))
VERB_LITERALS = (
    *(w.encode() for w in INSTRUCTION_WORDS if not w.startswith(DINH)),
    *DINH_CHI_LITERALS,
)
ROLE_LITERALS = tuple(w.encode() for _key, words in ROLE_VERBS for w in words)

# --- the repealed placeholder -----------------------------------------------------------------
# What a repealed unit's text is reduced to, whole: "(được bãi bỏ)", "(Được bãi bỏ).", "(đã bị
# bãi bỏ)", "Bãi bỏ;". One pattern for every reader (structure, effects, conditions), so a
# placeholder is read as one wherever it is met; match it with `fullmatch` (is_placeholder).
PLACEHOLDER = re.compile(
    rf"\(?\s*(?:{ALREADY}\s+)?(?:{BY_FAVOUR}|{BY_FORCE})?\s*bãi\s+bỏ\s*\)?\s*[.;]?", re.IGNORECASE
)
# The placeholder as a consolidated text prints it (registry.consolidation.render): one of the
# forms PLACEHOLDER reads, so a printed text parses back to a repealed unit.
PRINTED_PLACEHOLDER = "(được bãi bỏ)"
# The start of a placeholder glued to a khoản's label ("2.(được bãi bỏ)", structure).
PLACEHOLDER_OPENING = rf"\((?i:\s*(?:{ALREADY}\s+)?(?:{BY_FAVOUR}|{BY_FORCE})\s+bãi\s+bỏ)"


def is_placeholder(text: str) -> bool:
    """Whether `text` (blanks around it ignored) is nothing but a repealed placeholder."""
    return PLACEHOLDER.fullmatch(text.strip()) is not None
