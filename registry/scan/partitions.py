"""Partitions of the provincial side: one per unit that answers for a province today (its successor
after the 2025 merger), because supersession never crosses that boundary, so each partition can be
diffed on its own, in a worker process or on another machine. The national TTHC database's own
procedures are one more partition, ``TW`` (:data:`NATIONAL_PARTITION`). :func:`partition_keys`
gives each partition's content key, the key of the incremental scan."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, and_, case, func, select

from parsers.normalize import fold
from parsers.provinces import MERGER_DATE, resolve_province, successor_of, territories_of
from registry.store import models as m

# The partition of the national TTHC database's own procedures (stored with this successor code
# and no province): their requirements are matched like a province's (docs/ARCHITECTURE.md).
NATIONAL_PARTITION = "TW"


NATIONAL_NAME = "Trung ương"


_NATIONAL_NAMES = frozenset({"tw", "trung uong", "national", "quoc gia"})


def is_national(value: str) -> bool:
    """Whether a ``--province`` value names the national partition ("TW", "trung ương")."""
    return fold(value.strip()) in _NATIONAL_NAMES


MERGER = MERGER_DATE


# Old provinces a decision covers (its own, or all those merged into a post-merger unit).
territory = territories_of


def partition_of(province_code: str, successor_code: str, signed: date | None = None) -> str:
    """The partition of a provincial text: the unit answering for its province today."""
    return (
        successor_code
        or successor_of(province_code, signed)
        or successor_of(province_code, None)
        or province_code
        or "?"
    )


def partition_for(name_or_code: str) -> str:
    """The partition a ``--province`` value means: "TW" for the national database's procedures,
    else the unit answering for it today (the one resolver, :func:`parsers.provinces.resolve_province`; unknown names raise
    :class:`parsers.provinces.UnknownProvince`, a ValueError, with the closest names)."""
    if is_national(name_or_code):
        return NATIONAL_PARTITION
    return resolve_province(name_or_code, max(date.today(), MERGER_DATE)).authority.code


@dataclass(slots=True)
class PartitionKey:
    partition: str
    hash: str
    procedures: int


def partition_keys(conn: Connection) -> dict[str, PartitionKey]:
    """Each partition's content key, from SQL aggregates over its current procedure rows.

    Procedure rows are never edited in place: a re-published decision adds rows and marks the
    old document version not current. So the set of current rows per (province, successor,
    pre/post merger) group, summed up as count and id moments, changes exactly when the input of
    its partition does, and is read in one grouped query instead of tens of thousands of rows.
    """
    pt, v = m.table_of(m.Procedure), m.table_of(m.DocumentVersion)
    post = case((pt.c.signed >= MERGER, 1), else_=0)
    q = (
        select(
            pt.c.province_code,
            pt.c.successor_code,
            post.label("post"),
            func.count(),
            func.sum(pt.c.id),
            func.sum(pt.c.id * pt.c.id % 1000003),
            func.min(pt.c.id),
            func.max(pt.c.id),
            func.sum(pt.c.document_version_id),
        )
        .join(v, and_(v.c.id == pt.c.document_version_id, v.c.current.is_(True)))
        .group_by(pt.c.province_code, pt.c.successor_code, post)
    )
    groups: dict[str, list[str]] = defaultdict(list)
    counts: dict[str, int] = defaultdict(int)
    for r in conn.execute(q):
        part = partition_of(r[0], r[1], MERGER if r[2] else None)
        groups[part].append("|".join(str(x) for x in r))
        counts[part] += int(r[3])
    return {
        k: PartitionKey(k, hashlib.sha256("\n".join(sorted(g)).encode()).hexdigest(), counts[k])
        for k, g in sorted(groups.items())
    }
