"""`dkkd gaps`: the latest completed scan's gaps, filtered; and their review state."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from rich.console import Console

from dkkd.commands import DatabaseUrl, check_range, fail, read_province, registry
from dkkd.tables import gap_table
from registry.labels import REVIEW_STATE, vn_date


def gaps(
    province: Annotated[
        str | None, typer.Option("--province", "-p", help="Province code or name (old or new).")
    ] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", "-k", help="cut, amended, basis or procedure.")
    ] = None,
    state: Annotated[str | None, typer.Option("--state", help="Only this review state.")] = None,
    resolved: Annotated[
        bool, typer.Option("--resolved", help="Include gaps resolved by a scan.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    limit: Annotated[int | None, typer.Option("--limit", help="At most this many.")] = None,
    wide: Annotated[
        bool, typer.Option("--wide", help="All columns (kind, amending provision, score, review).")
    ] = False,
    review: Annotated[
        str | None,
        typer.Option("--review", help="Set the review state of gap ID (or key) to --to."),
    ] = None,
    to: Annotated[
        str | None,
        typer.Option("--to", help="confirmed, notified, fixed, false_positive or open."),
    ] = None,
    actor: Annotated[str, typer.Option("--actor", help="Who reviews (audit trail).")] = "",
    note: Annotated[str, typer.Option("--note", help="Why (audit trail).")] = "",
    database_url: DatabaseUrl = None,
) -> None:
    """List the latest scan's gaps, or move one along the review workflow (--review ID --to S)."""
    from registry.scan.gaps import ReviewError, list_gaps, set_review_state
    from registry.store.models import REVIEW_STATES

    if kind and kind not in ("cut", "amended", "basis", "procedure"):
        fail(f"--kind “{kind}” không có; chọn một trong: cut, amended, basis, procedure.")
    check_range("--limit", limit, low=1)
    if province:
        read_province(province)
    if review is not None:
        if to not in REVIEW_STATES:
            fail(f"--to phải là một trong: {', '.join(REVIEW_STATES)}.")
        if not actor.strip():
            fail("--actor là bắt buộc khi xét duyệt (ai xét duyệt, để ghi nhật ký).")
    engine = registry(database_url)
    if review is not None:
        assert to is not None
        try:
            gap = set_review_state(
                engine, int(review) if review.isdigit() else review, to, actor=actor, note=note
            )
        except ReviewError as e:
            fail(str(e), 1)
        if as_json:
            json.dump(gap, sys.stdout, ensure_ascii=False)
            sys.stdout.write("\n")
        else:
            Console().print(f"khoảng trống {gap['id']}: {REVIEW_STATE[gap['review_state']]}")
        return
    try:
        with engine.connect() as conn:
            scan, rows = list_gaps(
                conn,
                province=province,
                kind=kind,
                review_state=state,
                include_resolved=resolved,
                limit=limit,
            )
    except ValueError as e:
        fail(str(e))
    if scan is None:
        fail("chưa có lần rà soát nào hoàn tất: hãy chạy `dkkd scan` trước.", 1)
    if as_json:
        json.dump(
            {"scan_id": scan["scan_id"], "as_of": scan["as_of"], "count": len(rows), "gaps": rows},
            sys.stdout,
            ensure_ascii=False,
        )
        sys.stdout.write("\n")
        return
    Console().print(gap_table(rows, wide=wide))
    Console().print(
        f"{len(rows)} khoảng trống, lần rà soát {scan['scan_id']} "
        f"tính đến ngày {vn_date(scan['as_of'])}"
    )
