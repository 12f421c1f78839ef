"""Text consolidation: a document's units plus amendment effects give dated versions of every unit.

This is the pure core of the registry's consolidation (no database): the registry stores what
:func:`apply` returns as provision versions, and :func:`registry.consolidation.render.render` prints
the consolidated text as of a date, the way a văn bản hợp nhất does.

Why a versioned tree and not a patched text: a question is always "what did the provision say on
day D", and an effect can only be checked against the state it met. So effects are applied one by
one in effective-date order (input order within a day, which is the amending text's own order),
each against the units as they stand at that moment; every change closes the unit's current
version and opens a new one that points to the effect. An effect that cannot be applied (its target
does not exist then, its phrase is not in the text, it has no date) is kept in
``ConsolidatedDocument.unapplied`` with the reason, never dropped, never raised.

Conventions of Vietnamese drafting handled here:

* the quoted new text of an amended unit starts with the unit's own label ("4. …", "c) …",
  "Điều 3. …"); it is parsed with :mod:`parsers.structure` so its khoản/điểm become sub-units;
* the full stop or semicolon of a quoted unit usually stands after the closing quote
  (``…mẫu”.``) and is lost with the quote: the consolidated text restores it from the text it
  replaces (a văn bản hợp nhất does the same);
* an amended unit's sub-units that the new text no longer has end with the amendment; a repealed
  unit stays as a placeholder ("(được bãi bỏ)"), its sub-units repealed with it;
* "vào trước" insertions (an anchor prefixed ``before:``, see :data:`parsers.effects.BEFORE`) go
  before their anchor unit or phrase, "vào sau" ones after it;
* an amendment, rename or phrase change aimed at a repealed unit is not applied (it is almost
  always a wrong target); an insertion under a repealed unit's id revives it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date

from parsers.model import Document, Effect, Op, UnitKind
from parsers.numbering import khoan_key, point_key, roman_to_int
from registry.consolidation.fragments import (
    _LABEL,
    _TERMINAL,
    _Fragment,
    _kind_of,
    _number_of,
    parse_fragment,
)
from registry.consolidation.phrases import (
    _insert_before,
    _joiner,
    _merge,
    _split_anchor,
    _substitute,
)
from registry.consolidation.versions import (
    ConsolidatedDocument,
    ConsolidatedUnit,
    DocumentEvent,
    Unapplied,
    UnitVersion,
    VersionState,
)


class _Skip(Exception):
    """An effect that cannot be applied; the message is the reason."""


def _sort_key(u: ConsolidatedUnit) -> tuple[int, int]:
    n = u.number
    if u.kind in (UnitKind.DIEU, UnitKind.KHOAN):
        return khoan_key(n)
    if u.kind is UnitKind.DIEM:
        return point_key(n)
    if u.kind in (UnitKind.CHUONG, UnitKind.PHU_LUC, UnitKind.MUC, UnitKind.PHAN):
        r = roman_to_int(n)
        return (r, 0) if r else khoan_key(n)
    return (int(n), 0) if n.isdigit() else (-1, 0)


class _Builder:
    def __init__(self, base: Document, document: str, as_of: date) -> None:
        self.doc = ConsolidatedDocument(document=document, source=base.source, as_of=as_of)
        start = base.metadata.effective[0] if base.metadata.effective else None
        units = self.doc.units
        for u in base.units:
            cu = ConsolidatedUnit(u.id, u.kind, u.number, u.parent)
            state = VersionState.REPEALED if u.repealed else VersionState.TEXT
            cu.versions.append(
                UnitVersion(u.text, u.heading, [list(r) for r in u.rows], start, None, state)
            )
            units[u.id] = cu
            if u.parent is not None and u.parent in units:
                units[u.parent].children.append(u.id)
            else:
                cu.parent = None
                self.doc.roots.append(u.id)

    # -- helpers --

    def siblings(self, parent: str | None) -> list[str]:
        return self.doc.roots if parent is None else self.doc.units[parent].children

    def live(self, uid: str) -> ConsolidatedUnit:
        u = self.doc.units.get(uid)
        if u is None:
            raise _Skip(f"unit {uid} is not in the document")
        cur = u.current
        if cur is None:
            ended = u.versions[-1].valid_to if u.versions else None
            raise _Skip(f"unit {uid} no longer exists (ended {ended})")
        return u

    def text_unit(self, uid: str) -> ConsolidatedUnit:
        u = self.live(uid)
        cur = u.current
        assert cur is not None
        if cur.state not in _EDITABLE:
            raise _Skip(f"unit {uid} is {cur.state.value} since {cur.valid_from}")
        return u

    def descendants(self, uid: str) -> Iterator[ConsolidatedUnit]:
        for cid in self.doc.units[uid].children:
            c = self.doc.units[cid]
            if c.current is not None:
                yield c
                yield from self.descendants(cid)

    def new_version(
        self, u: ConsolidatedUnit, when: date, effect: Effect, **changes: object
    ) -> UnitVersion:
        cur = u.current
        base = cur or (u.versions[-1] if u.versions else UnitVersion(""))
        if cur is not None:
            cur.valid_to = when
        v = replace(base, valid_from=when, valid_to=None, effect=effect, **changes)  # type: ignore[arg-type]
        if "rows" not in changes:
            v.rows = [list(r) for r in base.rows]
        u.versions.append(v)
        return v

    def end(self, u: ConsolidatedUnit, when: date) -> None:
        cur = u.current
        if cur is not None:
            cur.valid_to = when

    # -- ops --

    def apply(self, e: Effect, when: date) -> None:
        op = e.op
        if op in _DOC_STATE and not e.target_unit:
            self.whole_document(e, when)
        elif not e.target_unit:
            raise _Skip(f"{op.value} without a target unit")
        elif op is Op.AMEND:
            self.amend(e, when)
        elif op is Op.INSERT:
            self.insert(e, when)
        elif op is Op.REPEAL:
            self.repeal(e, when)
        elif op is Op.REPLACE_PHRASE:
            self.replace_phrase(e, when)
        elif op is Op.RENAME:
            self.rename(e, when)
        elif op in (Op.EXPIRE, Op.SUSPEND, Op.REPLACE_DOCUMENT):
            state = _DOC_STATE[op]
            u = self.live(e.target_unit)
            for x in [u, *self.descendants(u.id)]:
                self.new_version(x, when, e, state=state)
        else:  # pragma: no cover - every Op is handled above
            raise _Skip(f"operation {op} not supported")

    def whole_document(self, e: Effect, when: date) -> None:
        state = _DOC_STATE[e.op]
        now = self.doc.state(when)
        if now in _ENDED:
            raise _Skip(f"the document is already {now.value}")
        self.doc.events.append(DocumentEvent(state, when, e))
        for u in list(self.doc.walk()):
            cur = u.current
            if cur is not None and cur.state in (VersionState.TEXT, VersionState.SUSPENDED):
                self.new_version(u, when, e, state=state)

    def amend(self, e: Effect, when: date) -> None:
        if e.partial and not e.new_text:
            raise _Skip("partial amendment without the new words")
        if not e.new_text.strip():
            raise _Skip("amendment without new text")
        u = self.text_unit(e.target_unit)
        frag = parse_fragment(e.new_text, u.id, u.kind)
        self._note_stray(e, frag)
        old_last = self._last_text(u.id)
        root = frag.units[0]
        cur = u.current
        assert cur is not None
        heading = root.heading if frag.has_label or root.heading else cur.heading
        self.new_version(u, when, e, text=root.text, heading=heading, rows=root.rows)
        old_live = {d.id for d in self.descendants(u.id)}
        new_ids = self._place_children(frag, when, e)
        for uid in old_live - new_ids:
            self.end(self.doc.units[uid], when)
        self._restore_terminal(u.id, old_last, when)

    def insert(self, e: Effect, when: date) -> None:
        uid = e.target_unit
        kind = _kind_of(uid)
        if kind is None:
            raise _Skip(f"cannot tell the kind of unit {uid}")
        if not e.new_text.strip():
            raise _Skip("insertion without new text")
        existing = self.doc.units.get(uid)
        if existing is not None and existing.current is not None:
            cur = existing.current
            if cur.state in _EDITABLE:
                raise _Skip(f"unit {uid} already exists")
        anchor, before = _split_anchor(e.anchor)
        parent = self._insert_parent(uid, kind, anchor)
        frag = parse_fragment(e.new_text, uid, kind)
        self._note_stray(e, frag)
        root = frag.units[0]
        if existing is None:
            cu = ConsolidatedUnit(uid, kind, root.number or _number_of(uid), parent)
            self._position(cu, parent, anchor, before=before)  # may refuse: register after
            self.doc.units[uid] = cu
        else:
            cu = existing
        prev_last = self._sibling_last_text(cu)
        self.new_version(
            cu,
            when,
            e,
            text=root.text,
            heading=root.heading,
            rows=root.rows,
            state=VersionState.TEXT,
        )
        self._place_children(frag, when, e)
        self._restore_terminal(uid, prev_last, when)

    def repeal(self, e: Effect, when: date) -> None:
        if e.partial and not e.old_text:
            raise _Skip("partial repeal without the words repealed")
        u = self.live(e.target_unit)
        cur = u.current
        assert cur is not None
        if cur.state is VersionState.REPEALED:
            raise _Skip(f"unit {u.id} is already repealed since {cur.valid_from}")
        if e.old_text:
            self.replace_phrase(e, when, old=e.old_text, new="")
            return
        for x in [u, *self.descendants(u.id)]:
            self.new_version(x, when, e, text="", rows=[], state=VersionState.REPEALED)

    def rename(self, e: Effect, when: date) -> None:
        u = self.text_unit(e.target_unit)
        heading = e.new_text.strip()
        m = _LABEL[UnitKind.DIEU].match(heading)
        if m:
            heading = heading[m.end() :].strip()
        if not heading:
            raise _Skip("rename without a new heading")
        self.new_version(u, when, e, heading=heading)

    def replace_phrase(
        self, e: Effect, when: date, *, old: str | None = None, new: str | None = None
    ) -> None:
        u = self.text_unit(e.target_unit)
        old = e.old_text if old is None else old
        new = e.new_text if new is None else new
        if not old and not new:
            raise _Skip("phrase change with neither old nor new words")
        if not old:
            anchor, before = _split_anchor(e.anchor)
            self._insert_phrase(u, new, anchor, e, when, before=before)
            return
        changed = False
        for x in [u, *self.descendants(u.id)]:
            cur = x.current
            if cur is None or cur.state not in _EDITABLE:
                continue
            text = _substitute(cur.text, old, new)
            heading = _substitute(cur.heading, old, new)
            if text != cur.text or heading != cur.heading:
                self.new_version(x, when, e, text=text, heading=heading)
                changed = True
        if not changed:
            raise _Skip(f"phrase {old!r} not found in {u.id}")

    def _insert_phrase(
        self,
        u: ConsolidatedUnit,
        new: str,
        anchor: str,
        e: Effect,
        when: date,
        *,
        before: bool = False,
    ) -> None:
        if not anchor:
            cur = u.current
            assert cur is not None
            text = cur.text.rstrip()
            tail = text[-1] if text and text[-1] in _TERMINAL else ""
            body = text[: len(text) - len(tail)]
            self.new_version(u, when, e, text=body + _joiner(new) + new + tail)
            return
        changed = False
        for x in [u, *self.descendants(u.id)]:
            cur = x.current
            if cur is None or cur.state not in _EDITABLE or anchor not in cur.text:
                continue
            if before:
                text = _insert_before(cur.text, anchor, new)
            else:
                text = cur.text.replace(anchor, anchor + _joiner(new) + new)
            self.new_version(x, when, e, text=text)
            changed = True
        if not changed:
            raise _Skip(f"phrase {anchor!r} (insertion point) not found in {u.id}")

    # -- structure bookkeeping --

    def _insert_parent(self, uid: str, kind: UnitKind, anchor: str) -> str | None:
        if kind is UnitKind.DIEU or "__" not in uid:
            # Articles sit under the chapter/section of their neighbour.
            if anchor:
                a = self.doc.units.get(anchor)
                if a is None:
                    raise _Skip(f"anchor {anchor} is not in the document")
                return a.parent
            key = khoan_key(_number_of(uid))
            prev = None
            for x in self.doc.walk():
                if x.kind is kind and x.current is not None and _sort_key(x) < key:
                    prev = x
            return prev.parent if prev is not None else None
        parent = uid.rsplit("__", 1)[0]
        self.text_unit(parent)
        return parent

    def _position(
        self, cu: ConsolidatedUnit, parent: str | None, anchor: str, *, before: bool = False
    ) -> None:
        sibs = self.siblings(parent)
        key = _sort_key(cu)
        if anchor:
            if anchor not in sibs:
                raise _Skip(f"anchor {anchor} is not beside {cu.id}")
            if before:
                sibs.insert(sibs.index(anchor), cu.id)
                return
            i = sibs.index(anchor) + 1
            akey = _sort_key(self.doc.units[anchor])
            # Past units inserted after the same anchor earlier with smaller numbers (1a before 1b).
            while i < len(sibs):
                s = self.doc.units[sibs[i]]
                if s.kind is cu.kind and akey < _sort_key(s) < key:
                    i += 1
                else:
                    break
            sibs.insert(i, cu.id)
            return
        same = [i for i, s in enumerate(sibs) if self.doc.units[s].kind is cu.kind]
        smaller = [i for i in same if _sort_key(self.doc.units[sibs[i]]) < key]
        if smaller:
            sibs.insert(smaller[-1] + 1, cu.id)
        elif same:
            sibs.insert(same[0], cu.id)
        else:
            sibs.append(cu.id)

    def _place_children(self, frag: _Fragment, when: date, e: Effect) -> set[str]:
        """Versions for the fragment's sub-units; children lists merged with their history."""
        units = self.doc.units
        new_children: dict[str, list[str]] = {}
        for fu in frag.units[1:]:
            parent = fu.parent or frag.units[0].id
            new_children.setdefault(parent, []).append(fu.id)
            existing = units.get(fu.id)
            if existing is None:
                existing = ConsolidatedUnit(fu.id, fu.kind, fu.number, parent)
                units[fu.id] = existing
            cur = existing.current
            state = VersionState.REPEALED if fu.repealed else VersionState.TEXT
            if (
                cur is None
                or cur.text != fu.text
                or cur.heading != fu.heading
                or cur.rows != fu.rows
                or cur.state is not state
                or existing.parent != parent
            ):
                self.new_version(
                    existing, when, e, text=fu.text, heading=fu.heading, rows=fu.rows, state=state
                )
            existing.parent = parent
        # Every parent in the fragment (the root too, when it lost all children) gets its order.
        for fu in frag.units:
            units[fu.id].children = _merge(new_children.get(fu.id, []), units[fu.id].children)
        return {fu.id for fu in frag.units[1:]}

    def _last_text(self, uid: str) -> str:
        last = ""
        for x in [self.doc.units[uid], *self.descendants(uid)]:
            cur = x.current
            if cur is not None and cur.text and x.kind is not UnitKind.TABLE:
                last = cur.text
        return last

    def _sibling_last_text(self, cu: ConsolidatedUnit) -> str:
        sibs = self.siblings(cu.parent)
        i = sibs.index(cu.id)
        later = [s for s in sibs[i + 1 :] if self.doc.units[s].current is not None]
        if not later:
            return "."  # the last of its list ends the list
        for s in reversed(sibs[:i]):
            if self.doc.units[s].current is not None:
                return self._last_text(s)
        return ""

    def _restore_terminal(self, uid: str, old_last: str, when: date) -> None:
        """Put back the end punctuation a closing quote took away (``…mẫu”.``)."""
        last: ConsolidatedUnit | None = None
        for x in [self.doc.units[uid], *self.descendants(uid)]:
            cur = x.current
            if cur is not None and cur.text and x.kind is not UnitKind.TABLE:
                last = x
        if last is None:
            return
        cur = last.current
        assert cur is not None
        text = cur.text.rstrip()
        if not text or text[-1] in _TERMINAL or cur.valid_from != when:
            return
        old = old_last.rstrip()
        mark = old[-1] if old and old[-1] in ".;" else "."
        cur.text = text + mark

    def _note_stray(self, e: Effect, frag: _Fragment) -> None:
        if frag.stray:
            self.doc.warnings.append(
                f"{e.op.value} {e.target_unit} by {e.by_document} {e.by_unit}: the new text also "
                f"holds {', '.join(frag.stray)}, left out"
            )


# States whose text amendments still change (a suspended text can be amended while suspended).
_EDITABLE = (VersionState.TEXT, VersionState.SUSPENDED)


_DOC_STATE = {
    Op.REPLACE_DOCUMENT: VersionState.REPLACED,
    Op.EXPIRE: VersionState.EXPIRED,
    Op.SUSPEND: VersionState.SUSPENDED,
    Op.REPEAL: VersionState.REPEALED,
}


_ENDED = (VersionState.REPEALED, VersionState.EXPIRED, VersionState.REPLACED)


def apply(
    base: Document, effects: list[Effect], as_of: date, *, document: str | None = None
) -> ConsolidatedDocument:
    """Consolidate `base` with the `effects` dated on or before `as_of`.

    `document` is the base's normalised number when its metadata lacks one; effects aimed at
    another document are listed as unapplied. The result is never partial silently: every effect
    is in ``applied``, ``unapplied`` (with the reason) or ``pending`` (dated after `as_of`).
    """
    number = document if document is not None else base.metadata.number
    b = _Builder(base, number, as_of)
    out = b.doc
    if not number:
        out.warnings.append(
            f"{base.source}: the document's number is unknown, so the effects' target documents "
            "were not checked; pass document="
        )
    dated: list[tuple[date, int, Effect]] = []
    for i, e in enumerate(effects):
        if number and e.target_document and e.target_document != number:
            out.unapplied.append(Unapplied(e, f"targets {e.target_document}, not {number}"))
        elif e.effective is None:
            out.unapplied.append(Unapplied(e, "no effective date"))
        elif e.effective > as_of:
            out.pending.append(e)
        else:
            dated.append((e.effective, i, e))
    dated.sort(key=lambda t: (t[0], t[1]))
    for when, _i, e in dated:
        try:
            b.apply(e, when)
        except _Skip as why:
            out.unapplied.append(Unapplied(e, str(why)))
        else:
            out.applied.append(e)
    return out
