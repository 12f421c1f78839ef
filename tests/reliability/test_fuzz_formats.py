"""Word and PDF readers under fuzzing: mutated .docx packages, truncated and corrupted PDFs,
broken OLE2 structures in .doc files.

Every input either parses or is refused with :class:`parsers.decode.DecodeError` (the
readers' FormatError) whose message names the file, which ingest turns into a quarantine
reason; nothing else may escape, and each input runs under a wall-clock budget (SIGALRM), so a
hang fails instead of stalling CI. Seeds: a sample decision written as .docx and .pdf by
tests.formats.writers, and ``tests/formats/data/qd-845-2022-sample.doc`` (the same decision saved
as Word 97-2003 by LibreOffice). ``DKKD_FUZZ_EXAMPLES`` raises the number of examples.
"""

from __future__ import annotations

import io
import os
import zipfile
from functools import cache
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parsers import parse_bytes
from parsers.decode import DecodeError
from parsers.formats import tools as format_tools
from tests.reliability.fuzz_inputs import time_budget

EXAMPLES = int(os.environ.get("DKKD_FUZZ_EXAMPLES", "60"))
BUDGET = float(os.environ.get("DKKD_FUZZ_BUDGET", "20"))  # LibreOffice's start-up included
ROOT = Path(__file__).resolve().parents[2]
DECISION = (
    ROOT
    / "corpora"
    / "sample"
    / "provincial"
    / ("qd-845-2022-QD-UBND-DaNang-cong-bo-tthc-an-ninh-trat-tu.md")
)
DOC_SEED = ROOT / "tests" / "formats" / "data" / "qd-845-2022-sample.doc"

_settings = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@cache
def docx_seed() -> bytes:
    pytest.importorskip("docx", reason="python-docx writes the seed .docx")
    from tests.formats import writers

    return writers.to_docx(DECISION.read_text(encoding="utf-8"))


@cache
def pdf_seed() -> bytes:
    pytest.importorskip("reportlab", reason="reportlab writes the seed PDF")
    from tests.formats import writers

    if writers.dejavu() is None:
        pytest.skip("DejaVu Sans is needed to write Vietnamese PDFs")
    return writers.to_pdf(DECISION.read_text(encoding="utf-8"))


def _must_parse_or_refuse(data: bytes, name: str) -> None:
    with time_budget(BUDGET, name):
        try:
            doc = parse_bytes(data, name)
        except DecodeError as exc:
            assert str(exc).startswith(name), exc
            return
    for u in doc.units:
        assert 0 <= u.start <= u.end <= len(doc.text)
    starts = [a.start for a in doc.anchors]
    assert starts == sorted(starts) and all(0 <= s <= len(doc.text) for s in starts)


@st.composite
def byte_edits(
    draw: st.DrawFn, size: int, region: tuple[int, int] | None = None
) -> list[tuple[int, int]]:
    lo, hi = region or (0, size)
    hi = min(hi, size)
    n = draw(st.integers(1, 12))
    return [(draw(st.integers(lo, max(lo, hi - 1))), draw(st.integers(0, 255))) for _ in range(n)]


def _apply(data: bytes, edits: list[tuple[int, int]]) -> bytes:
    out = bytearray(data)
    for pos, value in edits:
        if pos < len(out):
            out[pos] = value
    return bytes(out)


# --- .docx --------------------------------------------------------------------------------------


def _rezip(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in parts.items():
            z.writestr(name, content)
    return buf.getvalue()


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist()}


@_settings
@given(st.data())
def test_mutated_docx_packages(data: st.DataObject) -> None:
    seed = docx_seed()
    parts = _parts(seed)
    how = data.draw(st.sampled_from(["xml_bytes", "xml_cut", "drop_part", "zip_bytes", "zip_cut"]))
    if how == "xml_bytes":
        name = data.draw(st.sampled_from(sorted(n for n in parts if n.endswith(".xml"))))
        parts[name] = _apply(parts[name], data.draw(byte_edits(len(parts[name]))))
        mutated = _rezip(parts)
    elif how == "xml_cut":
        name = data.draw(
            st.sampled_from(["word/document.xml", "word/numbering.xml", "word/styles.xml"])
        )
        if name in parts:
            parts[name] = parts[name][: data.draw(st.integers(0, len(parts[name])))]
        mutated = _rezip(parts)
    elif how == "drop_part":
        name = data.draw(st.sampled_from(sorted(parts)))
        del parts[name]
        mutated = _rezip(parts)
    elif how == "zip_bytes":
        mutated = _apply(seed, data.draw(byte_edits(len(seed))))
    else:
        mutated = seed[: data.draw(st.integers(0, len(seed)))]
    _must_parse_or_refuse(mutated, "fuzz.docx")


def test_docx_zip_bomb_is_refused() -> None:
    buf = io.BytesIO()
    chunk = b" " * (1 << 20)
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as fh:  # 257 MB, streamed
            fh.write(b"<w:p>")
            for _ in range(257):
                fh.write(chunk)
    with pytest.raises(DecodeError, match=r"bomb\.docx: phần word/document\.xml giải nén ra"):
        parse_bytes(buf.getvalue(), "bomb.docx")


# --- .pdf ---------------------------------------------------------------------------------------


@_settings
@given(st.data())
def test_truncated_and_corrupted_pdfs(data: st.DataObject) -> None:
    seed = pdf_seed()
    how = data.draw(st.sampled_from(["cut", "bytes", "cut_and_bytes", "tail_bytes"]))
    mutated = seed
    if how in ("cut", "cut_and_bytes"):
        mutated = mutated[: data.draw(st.integers(0, len(seed)))]
    if how in ("bytes", "cut_and_bytes"):
        mutated = _apply(mutated, data.draw(byte_edits(len(mutated) or 1)))
    if how == "tail_bytes":  # the xref table and trailer
        mutated = _apply(
            mutated, data.draw(byte_edits(len(seed), (max(0, len(seed) - 600), len(seed))))
        )
    _must_parse_or_refuse(mutated, "fuzz.pdf")


# --- .doc ---------------------------------------------------------------------------------------


@_settings
@given(st.data())
def test_broken_ole_in_doc_files(data: st.DataObject) -> None:
    seed = DOC_SEED.read_bytes()
    how = data.draw(st.sampled_from(["header", "fat_and_directory", "anywhere", "cut"]))
    if how == "header":
        mutated = _apply(seed, data.draw(byte_edits(len(seed), (0, 512))))
    elif how == "fat_and_directory":
        mutated = _apply(seed, data.draw(byte_edits(len(seed), (512, 4096))))
    elif how == "anywhere":
        mutated = _apply(seed, data.draw(byte_edits(len(seed))))
    else:
        mutated = seed[: data.draw(st.integers(0, len(seed)))]
    # The native reader alone: a file it refuses would otherwise go to LibreOffice each time
    # (seconds per example); that path has its own test below.
    with mock.patch.object(format_tools, "soffice", lambda: None):
        _must_parse_or_refuse(mutated, "fuzz.doc")


def test_doc_the_native_reader_refuses_goes_to_libreoffice() -> None:
    """A Word header the native reader refuses (too short for Word 97) is handed to LibreOffice
    when installed, which reads it or refuses it within its timeout; without, the package is named."""
    seed = bytearray(DOC_SEED.read_bytes())
    # The WordDocument stream starts with the FIB (magic 0xA5EC) at a sector boundary.
    fib = next(i for i in range(512, len(seed), 512) if seed[i : i + 2] == b"\xec\xa5")
    csw = int.from_bytes(seed[fib + 32 : fib + 34], "little")
    seed[fib + 34 + 2 * csw] = 5  # cslw: fewer than Word 97's 22 longs
    with (
        mock.patch.object(format_tools, "soffice", lambda: None),
        pytest.raises(DecodeError, match="hãy cài libreoffice-writer-nogui"),
    ):
        parse_bytes(bytes(seed), "short.doc")
    if format_tools.soffice() is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
    _must_parse_or_refuse(bytes(seed), "short.doc")


def test_doc_seed_parses() -> None:
    doc = parse_bytes(DOC_SEED.read_bytes(), "seed.doc")
    assert doc.format == "doc" and doc.metadata.number == "845/QĐ-UBND"
    assert [u.id for u in doc.units if u.kind.value == "dieu"] == ["dieu_1", "dieu_2", "dieu_3"]
