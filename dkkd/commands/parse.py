"""`dkkd parse FILE`: a document's outline, metadata, references and effects."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.tree import Tree

from parsers import Document, parse_file
from parsers.decode import DecodeError
from parsers.model import to_dict

_NESTED = {"phan", "chuong", "muc", "tieu_muc", "dieu", "khoan", "diem", "tiet", "phu_luc"}


def parse(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    with_text: Annotated[bool, typer.Option("--text", help="Include the normalised text.")] = False,
) -> None:
    """Parse one legal text (HTML, Markdown or plain text) and print what it holds."""
    try:
        doc = parse_file(file)
    except DecodeError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    if as_json:
        json.dump(to_dict(doc, include_text=with_text), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return
    _print(doc, Console())


def _vn(day: date | None) -> str:
    """A date as people read it here (dd/mm/yyyy); the JSON output keeps ISO."""
    return day.strftime("%d/%m/%Y") if day else "—"


def _print(doc: Document, console: Console) -> None:
    md = doc.metadata
    meta = Table.grid(padding=(0, 2))
    meta.add_row("Số hiệu", md.number or "—")
    meta.add_row("Loại", md.type or "—")
    meta.add_row("Cơ quan", md.issuer or "—")
    meta.add_row("Ngày ký", _vn(md.signed))
    meta.add_row("Hiệu lực", ", ".join(_vn(d) for d in md.effective) or "—")
    meta.add_row("Trích yếu", md.title or "—")
    console.print(meta)

    tree = Tree(f"[bold]{doc.source}[/] ({len(doc.units)} units)")
    nodes: dict[str | None, Tree] = {None: tree}
    for unit in doc.units:
        if unit.kind not in _NESTED:
            continue
        parent = nodes.get(unit.parent, tree)
        label = f"[cyan]{unit.id}[/]"
        if unit.heading:
            label += f" {unit.heading[:80]}"
        if unit.repealed:
            label += " [red](được bãi bỏ)[/]"
        nodes[unit.id] = parent.add(label)
    console.print(tree)

    if doc.references:
        refs = Table(
            "role", "document", "unit", "text", title=f"References ({len(doc.references)})"
        )
        for r in doc.references:
            refs.add_row(r.role.value, r.document, r.unit, r.text[:70])
        console.print(refs)
    if doc.effects:
        eff = Table(
            "op", "target", "unit", "by", "effective", title=f"Effects ({len(doc.effects)})"
        )
        for e in doc.effects:
            eff.add_row(
                e.op.value,
                e.target_document,
                e.target_unit,
                f"{e.by_document} {e.by_unit}".strip(),
                _vn(e.effective) if e.effective else "",
            )
        console.print(eff)
    for w in doc.warnings:
        console.print(f"[yellow]warning[/] {w.code}: {w.message}")
