"""The whole parse of one document: decode, structure, metadata, references, effects.

Never rejects readable text: what cannot be structured degrades to paragraphs with a warning.
Only bytes that are not text at all raise :class:`parsers.decode.DecodeError`.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from parsers import effects, metadata, references, structure
from parsers.decode import decode
from parsers.formats import Extracted, extract, sniff_binary
from parsers.html_text import html_to_text
from parsers.model import Document, ParseWarning
from parsers.normalize import clean
from parsers.text_context import release

HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".aspx"}
TEXT_SUFFIXES = {".md", ".markdown", ".txt", ".text"}
BINARY_FORMATS = {"doc", "docx", "pdf"}


def sniff_format(name: str, text: str) -> str:
    """ "html" or "text" (Markdown is read as text: its markup is a thin layer on plain lines)."""
    suffix = Path(name).suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in TEXT_SUFFIXES:
        return "text"
    head = text[:2000].lstrip().lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")) or (
        head.startswith("<") and ("<p" in head or "<div" in head or "<table" in head)
    ):
        return "html"
    return "text"


def parse_text(text: str, name: str = "<text>", fmt: str | None = None) -> Document:
    return _parse_clean(clean(text), name, fmt)


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for one document's parse.

    A parse allocates ~10 objects per line (units, line records, citations, spaCy tokens) and
    keeps most of them: the allocation count sets off repeated full collections that walk the
    whole heap (the spaCy pipeline, every loaded module) and find nothing, 10-20% of a large
    document's parse. Reference counting still frees everything as usual; the collector runs
    again as soon as the parse returns. The previous state is restored, so a caller that keeps
    the collector off keeps it off.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _parse_clean(text: str, name: str, fmt: str | None) -> Document:
    """The parse of a text already in :func:`parsers.normalize.clean` form."""
    with _cyclic_gc_paused():
        return _parse_clean_document(text, name, fmt)


def _parse_clean_document(text: str, name: str, fmt: str | None) -> Document:
    fmt = fmt or sniff_format(name, text)
    warnings = []
    if fmt == "html":
        text, html_warnings = html_to_text(text)
        warnings.extend(html_warnings)
    doc = Document(source=name, format=fmt, text=text)
    doc.warnings.extend(warnings)
    doc.units, structure_warnings = structure.parse_structure(text)
    doc.warnings.extend(structure_warnings)
    doc.metadata = metadata.parse_metadata(text, doc.units)
    try:
        doc.references = references.find_references(doc)
        doc.effects = effects.find_effects(doc)
    finally:
        release(text)  # the folded text and line table are shared by the two stages only
    return doc


def parse_bytes(data: bytes, name: str = "<bytes>", fmt: str | None = None) -> Document:
    binary = sniff_binary(data, name) if fmt is None or fmt in BINARY_FORMATS else None
    if binary is not None:
        return parse_extracted(extract(data, name, binary), name)
    text, _encoding = decode(data, name)  # already cleaned (and `clean` is idempotent)
    return _parse_clean(text, name, fmt)


def parse_extracted(ext: Extracted, name: str) -> Document:
    """The parse of a Word or PDF file's extracted text, its anchors and OCR warnings kept."""
    doc = _parse_clean(ext.text, name, "text")
    doc.format = ext.format
    doc.anchors = ext.anchors
    doc.warnings.extend(ParseWarning("format", w) for w in ext.warnings)
    return doc


def parse_file(path: str | Path, fmt: str | None = None) -> Document:
    p = Path(path)
    return parse_bytes(p.read_bytes(), str(p), fmt)
