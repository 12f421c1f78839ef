"""From one file's bytes to the rows it contributes: parse first (pure), write later (one transaction).

:func:`dispatch` decides what a file is and parses it into a :class:`Plan` without touching the
database; ``Plan.write`` then inserts its rows with SQLAlchemy Core (lists of dicts, executemany).
Kinds:

- ``legal``: a legal text (.md/.html/.htm/.txt) stored as-is: document, provisions, effects,
  conditions; plus KTCN appendix items and business-line tables when the text has them;
- ``phapdien``: a Bộ pháp điển chapter, split per source document by the articles' notes;
- ``procedures``: a provincial decision publishing administrative procedures;
- ``business_lines``: a ``stt,nganh_nghe`` CSV of the Investment Law's list;
- ``ktcn``: the compiled ``.jsonl`` KTCN list; ``reference``: a ``.json`` reference file;
- ``tthc_records``: national TTHC database records (``.json``/``.jsonl``), see
  :mod:`registry.importers.tthc`.

Anything that cannot be read raises :class:`ImportError_` with a reason naming the file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from parsers.tthc_records import is_record_file
from registry.importers.legal import plan_legal
from registry.importers.lists import plan_business_lines, plan_ktcn_compiled, plan_reference
from registry.importers.plan import BINARY_LEGAL_SUFFIXES, LEGAL_SUFFIXES, ImportError_, Plan

# Extension → how its files are planned: the one rule of what the ingest reads. `dispatch`
# follows it, and the API refuses an upload it would quarantine by type (`is_supported`).
PLANNERS: dict[str, Callable[[bytes, str], Plan]] = {
    ".csv": plan_business_lines,
    ".jsonl": plan_ktcn_compiled,
    ".json": plan_reference,
    **{suffix: plan_legal for suffix in sorted(LEGAL_SUFFIXES | BINARY_LEGAL_SUFFIXES)},
}


def is_supported(name: str) -> bool:
    """Whether the ingest reads files called `name` (by extension, case-insensitive)."""
    return Path(name).suffix.lower() in PLANNERS


def dispatch(data: bytes, name: str) -> Plan:
    """Parse `data` (the content of file `name`) into a plan of rows; raise ImportError_ if unreadable."""
    suffix = Path(name).suffix.lower()
    if not data:
        raise ImportError_(f"{name}: tệp rỗng, không có nội dung", "empty_file")
    if suffix in (".json", ".jsonl") and is_record_file(data, name):
        from registry.importers.tthc import plan_records

        return plan_records(data, name)  # national TTHC database records
    planner = PLANNERS.get(suffix)
    if planner is None:
        raise ImportError_(
            f"{name}: không đọc loại tệp {suffix or '(không có đuôi)'}; chỉ nhận "
            ".md/.html/.htm/.txt, .doc/.docx/.pdf, .csv, .jsonl hoặc .json",
            "unsupported_type",
        )
    return planner(data, name)
