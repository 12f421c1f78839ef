"""Metadata parser (first cut; being replaced)."""

from __future__ import annotations

from parsers.model import Metadata, Unit


def parse_metadata(text: str, units: list[Unit]) -> Metadata:
    return Metadata()
