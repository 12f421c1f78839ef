"""Tables as rows of plain cells, from pipe rows, HTML `<table>` fragments or parsed units.

The extraction parsers (business lines, KTCN lists, procedure lists) read tables, and the same
table reaches them in three shapes: Markdown pipe rows (thuvienphapluat crawls), raw `<table>`
markup inside Markdown (MinerU OCR output, with rowspan/colspan), or `Unit.rows` once the
structure parser has run. This module turns each into one shape, :class:`Table`, so the
extractors have one code path. Merged HTML cells are repeated into every slot they cover, which
is what a reader of the printed table sees.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from parsers.model import Document, UnitKind

_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_HTML_TABLE = re.compile(r"<table\b.*?</table\s*>", re.IGNORECASE | re.DOTALL)


@dataclass(slots=True)
class Table:
    """One table: `rows` of cell texts; `start`/`end` span it in the text; `unit_id` if known."""

    rows: list[list[str]]
    start: int = 0
    end: int = 0
    unit_id: str = ""
    # Character offset of each row in the text (-1 when unknown, e.g. merged HTML rows).
    row_starts: list[int] = field(default_factory=list)


def split_pipe_row(line: str) -> list[str]:
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|"):
        s = s[:-1]
    return [c.strip() for c in s.split("|")]


def pipe_tables(text: str) -> list[Table]:
    """Runs of lines that start with ``|`` (separator rows dropped)."""
    tables: list[Table] = []
    current: Table | None = None
    pos = 0
    for line in text.split("\n"):
        line_start = pos
        pos += len(line) + 1
        stripped = line.strip()
        if stripped.startswith("|"):
            if current is None:
                current = Table(rows=[], start=line_start)
                tables.append(current)
            current.end = line_start + len(line)
            if _SEPARATOR.match(stripped):
                continue
            current.rows.append(split_pipe_row(stripped))
            current.row_starts.append(line_start)
        else:
            current = None
    return [t for t in tables if t.rows]


def _cell_text(el: object) -> str:
    import lxml.html

    assert isinstance(el, lxml.html.HtmlElement)
    # Block children (<p>, <br>) separate words; text_content() would glue them.
    for br in el.iter("br"):
        br.tail = " " + (br.tail or "")
    parts = [t.strip() for t in el.itertext()]
    return re.sub(r"\s+", " ", " ".join(p for p in parts if p)).strip()


def html_table_rows(fragment: str) -> list[list[list[str]]]:
    """Rows of every `<table>` in an HTML fragment, rowspan/colspan expanded."""
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return []
    out: list[list[list[str]]] = []
    for table in root.iter("table"):
        grid: list[list[str]] = []
        pending: dict[tuple[int, int], str] = {}
        for r, tr in enumerate(table.iter("tr")):
            # Nested tables are rare in legal pages; their rows are read as rows of the outer one.
            row: list[str] = []
            c = 0
            cells = [el for el in tr if isinstance(el.tag, str) and el.tag in ("td", "th")]
            for cell in cells:
                while (r, c) in pending:
                    row.append(pending.pop((r, c)))
                    c += 1
                text = _cell_text(cell)
                rowspan = _span(cell.get("rowspan"))
                colspan = _span(cell.get("colspan"))
                for dc in range(colspan):
                    row.append(text)
                    for dr in range(1, rowspan):
                        pending[(r + dr, c + dc)] = text
                c += colspan
            while (r, c) in pending:
                row.append(pending.pop((r, c)))
                c += 1
            if row:
                grid.append(row)
        if grid:
            out.append(grid)
    return out


def _span(value: str | None) -> int:
    try:
        n = int(value or 1)
    except ValueError:
        return 1
    return min(max(n, 1), 50)


def html_tables_in_text(text: str) -> list[Table]:
    """`<table>` fragments embedded in Markdown or plain text (OCR output), with their spans."""
    tables: list[Table] = []
    for m in _HTML_TABLE.finditer(text):
        for rows in html_table_rows(m.group()):
            tables.append(
                Table(rows=rows, start=m.start(), end=m.end(), row_starts=[-1] * len(rows))
            )
    return tables


def tables_in_text(text: str) -> list[Table]:
    """Pipe tables and embedded HTML tables, in document order."""
    found = pipe_tables(text)
    if "<table" in text or "<TABLE" in text:
        found.extend(html_tables_in_text(text))
    found.sort(key=lambda t: t.start)
    return found


def tables_of(doc: Document) -> list[Table]:
    """The tables of a parsed document: its table units if the structure parser made any, else
    the tables found in its text."""
    units = [u for u in doc.units if u.kind == UnitKind.TABLE and u.rows]
    if units:
        return [
            Table(
                rows=u.rows, start=u.start, end=u.end, unit_id=u.id, row_starts=[-1] * len(u.rows)
            )
            for u in units
        ]
    return tables_in_text(doc.text)
