"""A scan run's record: its result, its summary line, failures, and the latest completed run that
the next one starts from; shared by the single run (:mod:`registry.scan.run`) and the merge of a
distributed one (:mod:`registry.scan.merge`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection

from registry.queries.scans import gap_ids_of_run, latest_run
from registry.scan.diff import GapRecord
from registry.scan.gaps import counts_of, merge_counts


class ScanError(RuntimeError):
    """A scan that cannot run as asked (bad province, unknown or inconsistent run label)."""


@dataclass(slots=True)
class ScanResult:
    scan_id: int
    as_of: date
    status: str
    summary: dict[str, Any]
    gaps: list[GapRecord]


def _now() -> datetime:
    return datetime.now(UTC)


def _latest_complete(conn: Connection) -> Any:
    """The run the next one builds on: the latest complete run that is not a look back."""
    return latest_run(conn)


def look_back_stats(
    conn: Connection, prev: Any, computed: Mapping[str, Sequence[GapRecord]]
) -> dict[str, Any]:
    """A look back's record: its findings (``payload``) and how they compare with the latest run
    on the partitions it covered (what ``/v1/scans/diff`` answers)."""
    found = {g.key for gs in computed.values() for g in gs}
    parts = set(computed)
    latest = {k for k, part in gap_ids_of_run(conn, prev.id).items() if part in parts}
    return {
        "lookback": True,
        "latest_scan_id": prev.id,
        "latest_as_of": prev.as_of.isoformat(),
        "previous_scan_id": prev.id,
        "new": len(found - latest),
        "resolved": len(latest - found),
        "still_open": len(found & latest),
        "gaps": merge_counts(counts_of(gs) for gs in computed.values()),
        "payload": {p: [g.to_payload() for g in gs] for p, gs in computed.items()},
    }


def summary(scan_id: int, as_of: date, stats: Mapping[str, Any]) -> dict[str, Any]:
    """What `dkkd scan --json` prints."""
    g = stats.get("gaps", {})
    return {
        "scan_id": scan_id,
        "as_of": as_of.isoformat(),
        "status": stats.get("status", "complete"),
        "gaps": {
            "total": g.get("total", 0),
            "by_kind": g.get("by_kind", {}),
            "by_province": g.get("by_province", {}),
            "by_successor": g.get("by_successor", {}),
            "by_ministry": g.get("by_ministry", {}),
        },
        "new": stats.get("new", 0),
        "resolved": stats.get("resolved", 0),
        "still_open": stats.get("still_open", 0),
        "seconds": stats.get("seconds", 0.0),
        "scope": stats.get("scope", "all"),
        "rematched_partitions": stats.get("rematched_partitions", 0),
        "reused_partitions": stats.get("reused_partitions", 0),
        "requirements_matched": stats.get("requirements_matched", 0),
        "previous_scan_id": stats.get("previous_scan_id"),
        **({"run": stats["label"]} if stats.get("label") else {}),
        **(
            {"lookback": True, "latest_scan_id": stats.get("latest_scan_id")}
            if stats.get("lookback")
            else {}
        ),
        **({"waiting_for": stats["waiting_for"]} if stats.get("waiting_for") else {}),
    }
