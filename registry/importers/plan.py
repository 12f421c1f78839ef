"""What every importer returns: a Plan (the parsed content of one file, and the writer that turns it
into rows inside the ingest's transaction), and the refusals an importer can raise, each with the
quarantine code the registry records."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection

LEGAL_SUFFIXES = {".md", ".markdown", ".html", ".htm", ".xhtml", ".txt", ".text"}


# Word and PDF files (parsers.formats): read to text, then planned like any legal text.
BINARY_LEGAL_SUFFIXES = {".doc", ".docx", ".docm", ".dot", ".pdf"}


class ImportError_(ValueError):
    """A file the registry cannot take; the message names the file and the reason in Vietnamese
    (a person reads it), `code` says which problem for machines (QUARANTINE_CODES)."""

    def __init__(self, message: str, code: str = "unreadable") -> None:
        super().__init__(message)
        self.code = code


# The stable machine codes of a quarantine (the quarantine table's and ingest JSON's `code`).
QUARANTINE_CODES = (
    "unsupported_type",  # an extension the ingest does not read
    "empty_file",
    "too_large",  # over max_file_bytes, not read
    "unreadable",  # the file system, the encoding or the format's reader refused it
    "no_text",  # read, but no text or no numbered provisions in it
    "not_legal_document",
    "bad_json",
    "not_a_list",  # a KTCN or business-line list without usable lines
    "not_a_record",  # JSON that is not a national TTHC record, or a ChiTietTTHC text without one
    "parse_failed",  # a parser bug: the batch went on
    "store_failed",  # the database refused the rows
)


Writer = Callable[[Connection, int, str, datetime], tuple[int, list[str]]]


@dataclass(slots=True)
class Plan:
    """A parsed file waiting for its transaction. `write` is a module-level function (bound to its
    rows with :func:`functools.partial`), never a closure: a plan is made in an ingest worker
    process and pickled back to the writer (:mod:`registry.store.ingest_workers`)."""

    kind: str
    format: str
    write: Writer
