"""Reference finder (first cut; being replaced)."""

from __future__ import annotations

from parsers.model import Document, Reference


def find_references(doc: Document) -> list[Reference]:
    return []
