"""Parsers under fuzzing: the amendment grammar, Markdown, nested HTML, encodings, mutated files.

Complements tests/parsers/test_pipeline_properties.py (arbitrary bytes, legal-looking text and
HTML from fragments): here inputs come from grammars (DOMAIN.md §4.4 instructions with random
targets, quotes and nesting; nested HTML; Markdown), from every encoding files arrive in, and
from byte-level mutations of the sample corpus. Every input runs under a hard wall-clock budget
(SIGALRM), so a hang fails the test instead of stalling CI. ``DKKD_FUZZ_EXAMPLES`` raises the
number of examples per property (RELIABILITY.md records a run at 5,000).
"""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parsers import parse_bytes, parse_text
from parsers.decode import DecodeError
from tests.reliability.fuzz_inputs import (
    TARGET_DOC,
    amending_document,
    encoded_text,
    html_tree,
    instructions,
    markdown,
    time_budget,
)

EXAMPLES = int(os.environ.get("DKKD_FUZZ_EXAMPLES", "60"))
BUDGET = float(os.environ.get("DKKD_FUZZ_BUDGET", "10"))  # seconds per input, generous for CI
SAMPLE = Path(__file__).resolve().parents[2] / "corpora" / "sample"

_settings = settings(
    max_examples=EXAMPLES,
    deadline=None,  # the SIGALRM budget bounds each input; hypothesis' deadline flakes under load
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _spans_ok(doc: object) -> None:
    text = doc.text  # type: ignore[attr-defined]
    for u in doc.units:  # type: ignore[attr-defined]
        assert 0 <= u.start <= u.end <= len(text)
    for r in doc.references:  # type: ignore[attr-defined]
        assert 0 <= r.start <= r.end <= len(text)


@_settings
@given(st.lists(instructions(), min_size=1, max_size=5))
def test_grammar_instructions_give_their_effects(items: list) -> None:
    """Each well-formed instruction yields its operation on its unit of the target document."""
    text = amending_document(items)
    with time_budget(BUDGET, "amending document"):
        doc = parse_text(text, "fuzz.md")
    _spans_ok(doc)
    got = {(e.op.value, e.target_unit) for e in doc.effects if e.target_document == TARGET_DOC}
    for ins in items:
        assert (ins.op, ins.unit) in got, (ins.text, sorted(got))
    # Instruction-looking lines inside quoted new text belong to the target's text.
    assert not any(e.target_unit.startswith("dieu_99") for e in doc.effects)
    for e in doc.effects:
        assert str(e.effective) == "2020-03-01", e


@pytest.mark.parametrize(
    "line",
    ["Ngưng hiệu lực thi hành khoản 2 Điều 5.", "Đình chỉ thi hành khoản 2 Điều 5."],
)
def test_capitalised_suspension_gives_its_effect(line: str) -> None:
    from tests.reliability.fuzz_inputs import Instruction

    doc = parse_text(amending_document([Instruction(line, "suspend", "dieu_5__khoan_2")]), "x.md")
    assert [(e.op.value, e.target_unit) for e in doc.effects] == [("suspend", "dieu_5__khoan_2")]


@st.composite
def _broken_instructions(draw: st.DrawFn) -> str:
    """Well-formed instructions, then damaged: quotes left open or doubled, lines cut, repeated."""
    text = amending_document(draw(st.lists(instructions(), min_size=1, max_size=6)))
    chars = list(text)
    for _ in range(draw(st.integers(1, 12))):
        if not chars:
            break
        i = draw(st.integers(0, len(chars) - 1))
        action = draw(st.sampled_from(["drop", "quote", "close", "newline", "dup"]))
        if action == "drop":
            del chars[i : i + draw(st.integers(1, 40))]
        elif action == "quote":
            chars.insert(i, "“")
        elif action == "close":
            chars.insert(i, "”")
        elif action == "newline":
            chars.insert(i, "\n")
        else:
            chars[i:i] = chars[i : i + draw(st.integers(1, 200))]
    return "".join(chars)


@_settings
@given(_broken_instructions())
def test_damaged_instructions_never_crash_or_hang(text: str) -> None:
    with time_budget(BUDGET, "damaged amending document"):
        doc = parse_text(text, "fuzz.md")
    _spans_ok(doc)
    for e in doc.effects:
        assert e.target_document != "self"


@_settings
@given(markdown)
def test_markdown_never_crashes_or_hangs(text: str) -> None:
    with time_budget(BUDGET, "markdown"):
        doc = parse_text(text, "fuzz.md")
    _spans_ok(doc)


@_settings
@given(html_tree())
def test_nested_html_never_crashes_or_hangs(text: str) -> None:
    with time_budget(BUDGET, "html"):
        doc = parse_text(f"<html><body>{text}</body></html>", "fuzz.html")
    _spans_ok(doc)
    assert "document.title" not in doc.text  # script bodies are not document text


@_settings
@given(encoded_text())
def test_any_encoding_reads_or_says_why(data: bytes) -> None:
    with time_budget(BUDGET, "bytes"):
        try:
            doc = parse_bytes(data, "fuzz.txt")
        except DecodeError as e:
            assert "fuzz.txt" in str(e) and len(str(e)) > len("fuzz.txt: ")
            return
    _spans_ok(doc)


def _sample_files() -> list[Path]:
    return sorted(p for p in SAMPLE.rglob("*") if p.is_file() and p.suffix in {".md", ".html"})


@pytest.mark.parametrize("path", _sample_files(), ids=lambda p: p.name)
def test_mutated_sample_files(path: Path) -> None:
    """Byte-level mutations of each sample document (flips, splices, cuts, repeats)."""
    rng = random.Random(path.name)
    data = path.read_bytes()
    n = max(3, EXAMPLES // 12)
    for _ in range(n):
        b = bytearray(data)
        for _ in range(rng.randint(1, 30)):
            i = rng.randrange(len(b))
            action = rng.randrange(5)
            if action == 0:
                b[i] = rng.randrange(256)
            elif action == 1:
                del b[i : i + rng.randint(1, 500)]
            elif action == 2:
                j = rng.randrange(len(b))
                b[i:i] = b[j : j + rng.randint(1, 2000)]
            elif action == 3:
                b = b[: max(1, i)]
            else:
                b[i:i] = rng.choice([b"\xe2\x80\x9c", b"\xe2\x80\x9d", b"<", b"|", b"\n", b"\x00"])
            if not b:
                b = bytearray(b"x")
        with time_budget(BUDGET, f"mutated {path.name}"):
            try:
                doc = parse_bytes(bytes(b), path.name)
            except DecodeError as e:
                assert path.name in str(e)
                continue
        _spans_ok(doc)
