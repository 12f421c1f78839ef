"""Legal-text parsers: pure functions from text to the dataclasses in :mod:`parsers.model`."""

from parsers.model import (
    Document,
    Effect,
    Metadata,
    Op,
    ParseWarning,
    Reference,
    Role,
    Unit,
    UnitKind,
)
from parsers.pipeline import parse_bytes, parse_file, parse_text

__all__ = [
    "Document",
    "Effect",
    "Metadata",
    "Op",
    "ParseWarning",
    "Reference",
    "Role",
    "Unit",
    "UnitKind",
    "parse_bytes",
    "parse_file",
    "parse_text",
]
