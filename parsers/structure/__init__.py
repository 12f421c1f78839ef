"""Structure parser: cleaned line-oriented text (Markdown, plain text, or HTML turned into lines)
to the units of docs/ARCHITECTURE.md.

One pass over the lines with a stack of open units. Each line is classified by its first
character and at most a couple of compiled regexes, so the parse is linear in the text.

What makes it more than a label matcher:

* numbering sequences (parsers.numbering) decide whether "c)" or "3." is a label or text;
* quoted new text inside an amending instruction ("1. Sửa đổi Điều 1 như sau:" / "“Điều 1. …”")
  is folded into the instruction's text; a quotation left unclosed is cut at the next line that
  is clearly the amending document's own next item, so it cannot swallow the document;
* pháp điển source notes go to `Unit.note`, "(Điều này có nội dung liên quan đến …)" lines to
  `Unit.related`; the pháp điển front-matter table and closing table of contents are not units;
* tables (Markdown pipe rows or HTML `<table>` fragments in Markdown) become table units.

The parser never rejects input: text it cannot place becomes paragraph units, with a warning when
the document has no article at all.
"""

from __future__ import annotations

from parsers.structure.parser import parse_structure

__all__ = ["parse_structure"]
