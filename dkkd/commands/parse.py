"""`dkkd parse FILE`: a document's outline, metadata, references and effects."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.tree import Tree

from dkkd.commands import fail
from parsers import Document, parse_file
from parsers.citation_text import citation, document_label
from parsers.decode import DecodeError
from parsers.model import to_dict
from parsers.tthc_records import (
    NationalProcedure,
    RecordError,
    is_record_file,
    looks_like_detail_text,
    parse_detail_text,
    read_records,
)
from registry import labels

_NESTED = {"phan", "chuong", "muc", "tieu_muc", "dieu", "khoan", "diem", "tiet", "phu_luc"}


def parse(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    with_text: Annotated[bool, typer.Option("--text", help="Include the normalised text.")] = False,
) -> None:
    """Parse one legal text (HTML, Markdown or plain text) and print what it holds; a national
    TTHC database record (.json/.jsonl) prints its procedures."""
    procedures = _records(file)
    if procedures is not None:
        if as_json:
            out = {"source": str(file), "procedures": [p.to_dict() for p in procedures]}
            json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
            sys.stdout.write("\n")
        else:
            _print_procedures(procedures, Console())
        return
    try:
        doc = parse_file(file)
    except DecodeError as exc:
        fail(str(exc))
    if as_json:
        json.dump(to_dict(doc, include_text=with_text), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return
    _print(doc, Console())


def _records(file: Path) -> list[NationalProcedure] | None:
    """The procedures of a TTHC record file or a ChiTietTTHC text, None for other files."""
    suffix = file.suffix.lower()
    try:
        if suffix in (".json", ".jsonl"):
            data = file.read_bytes()
            return read_records(data, str(file)) if is_record_file(data, str(file)) else None
        try:
            text = parse_file(file).text
        except DecodeError:
            return None  # parse() reports it
        return [parse_detail_text(text, str(file))] if looks_like_detail_text(text) else None
    except RecordError as exc:
        fail(str(exc))


def _print_procedures(procedures: list[NationalProcedure], console: Console) -> None:
    for p in procedures:
        meta = Table.grid(padding=(0, 2))
        meta.add_row("Mã thủ tục", p.code or "—")
        meta.add_row("Tên thủ tục", p.name or "—")
        meta.add_row("Cấp thực hiện", p.level or "—")
        meta.add_row("Lĩnh vực", p.field or "—")
        meta.add_row("Quyết định công bố", p.publishing_decision or "—")
        if p.not_before:
            meta.add_row(
                "Công bố không sớm hơn",
                f"{p.not_before.strftime('%d/%m/%Y')} ({document_label(p.not_before_by)})",
            )
        console.print(meta)
        reqs = Table("#", "Yêu cầu, điều kiện", title=f"Yêu cầu, điều kiện ({len(p.requirements)})")
        for i, r in enumerate(p.requirements, 1):
            reqs.add_row(str(i), r.text[:160])
        console.print(reqs if p.requirements else "Yêu cầu, điều kiện: không có")
        bases = Table("Căn cứ pháp lý", title=f"Căn cứ pháp lý ({len(p.legal_bases)})")
        for b in p.legal_bases:
            bases.add_row(
                citation(b.unit, b.document, b.doc_type)
                if b.unit and b.document
                else document_label(b.document, b.doc_type)
                if b.document
                else b.text[:120]
            )
        console.print(bases)
        for w in p.warnings:
            console.print(f"[yellow]cảnh báo[/] {w.code}: {w.message}")


def _print(doc: Document, console: Console) -> None:
    md = doc.metadata
    meta = Table.grid(padding=(0, 2))
    meta.add_row("Số hiệu", md.number or "—")
    meta.add_row("Loại", md.type or "—")
    meta.add_row("Cơ quan", md.issuer or "—")
    meta.add_row("Ngày ký", labels.vn_date(md.signed) or "—")
    meta.add_row("Hiệu lực", ", ".join(labels.vn_date(d) for d in md.effective) or "—")
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
        refs = Table("Vai trò", "Viện dẫn", "Nguyên văn", title=f"Viện dẫn ({len(doc.references)})")
        for r in doc.references:
            refs.add_row(r.role.value, citation(r.unit, r.document), r.text[:70])
        console.print(refs)
    if doc.effects:
        eff = Table(
            "Thay đổi",
            "Đối với",
            "Bởi",
            "Hiệu lực",
            title=f"Sửa đổi, bổ sung, bãi bỏ ({len(doc.effects)})",
        )
        for e in doc.effects:
            eff.add_row(
                labels.label(labels.EFFECT_OP, e.op.value),
                citation(e.target_unit, e.target_document),
                citation(e.by_unit, e.by_document),
                labels.vn_date(e.effective),
            )
        console.print(eff)
    for w in doc.warnings:
        console.print(f"[yellow]cảnh báo[/] {w.code}: {w.message}")
