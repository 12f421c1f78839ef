"""Effect finder (first cut; being replaced)."""

from __future__ import annotations

from parsers.model import Document, Effect


def find_effects(doc: Document) -> list[Effect]:
    return []
