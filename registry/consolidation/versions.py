"""The versioned tree consolidation builds: every unit's dated versions, what could not be applied,
and the document's own events (commencement, suspension, repeal); pure data, no database."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from parsers.model import Effect, UnitKind
from registry.interval import holds


class VersionState(StrEnum):
    """What a unit version is: text in the document, or a trace of its end."""

    TEXT = "text"
    REPEALED = "repealed"
    SUSPENDED = "suspended"
    EXPIRED = "expired"
    REPLACED = "replaced"


@dataclass(slots=True)
class UnitVersion:
    """One dated state of a unit. `valid_from` None = since the base text (its date unknown)."""

    text: str
    heading: str = ""
    rows: list[list[str]] = field(default_factory=list)
    valid_from: date | None = None
    # Exclusive end; None = still current as of the consolidation date.
    valid_to: date | None = None
    state: VersionState = VersionState.TEXT
    # The effect that produced this version; None for the base text.
    effect: Effect | None = None

    def covers(self, when: date) -> bool:
        return holds(self.valid_from, self.valid_to, when)


@dataclass(slots=True)
class ConsolidatedUnit:
    """A unit over time. `children` lists every unit that was ever below it, in document order."""

    id: str
    kind: UnitKind
    number: str = ""
    parent: str | None = None
    versions: list[UnitVersion] = field(default_factory=list)
    children: list[str] = field(default_factory=list)

    def at(self, when: date) -> UnitVersion | None:
        for v in reversed(self.versions):
            if v.covers(when):
                return v
        return None

    @property
    def current(self) -> UnitVersion | None:
        """The open version (valid_to None), if the unit still exists."""
        if self.versions and self.versions[-1].valid_to is None:
            return self.versions[-1]
        return None


@dataclass(slots=True)
class Unapplied:
    effect: Effect
    reason: str


@dataclass(slots=True)
class DocumentEvent:
    """A whole-document effect (replaced, expired, suspended) from its date."""

    state: VersionState
    effective: date
    effect: Effect


@dataclass(slots=True)
class ConsolidatedDocument:
    document: str
    source: str
    as_of: date
    units: dict[str, ConsolidatedUnit] = field(default_factory=dict)
    roots: list[str] = field(default_factory=list)
    applied: list[Effect] = field(default_factory=list)
    unapplied: list[Unapplied] = field(default_factory=list)
    # Effects dated after `as_of`: not applied yet, not lost.
    pending: list[Effect] = field(default_factory=list)
    events: list[DocumentEvent] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def unit(self, unit_id: str) -> ConsolidatedUnit | None:
        return self.units.get(unit_id)

    def walk(self, ids: list[str] | None = None) -> Iterator[ConsolidatedUnit]:
        """Every unit that ever existed, in document order."""
        for uid in self.roots if ids is None else ids:
            u = self.units[uid]
            yield u
            yield from self.walk(u.children)

    def at(self, when: date | None = None) -> list[tuple[ConsolidatedUnit, UnitVersion]]:
        """Units with a version on `when` (default: `as_of`), in document order."""
        when = when or self.as_of
        out: list[tuple[ConsolidatedUnit, UnitVersion]] = []
        for u in self.walk():
            v = u.at(when)
            if v is not None:
                out.append((u, v))
        return out

    def state(self, when: date | None = None) -> VersionState:
        """The document's own state on `when`: text, or repealed/replaced/expired/suspended."""
        when = when or self.as_of
        st = VersionState.TEXT
        for ev in self.events:
            if ev.effective <= when:
                st = ev.state
        return st
