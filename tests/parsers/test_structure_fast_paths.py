"""Fast paths of the structure parser give exactly what the plain code gives.

The open article and khoản the parser tracks against a walk of the stack after every line, on
generated documents and on the real corpus.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from parsers.html_text import html_to_text
from parsers.model import UnitKind
from parsers.normalize import clean
from parsers.structure import _Frame, _Parser
from tests.conftest import REAL, real_file
from tests.parsers.test_structure import _LINES


class _CheckedParser(_Parser):
    """Checks after every line that the tracked frames are what a walk of the stack finds."""

    lines = 0

    def _find_plain(self, kind: UnitKind) -> _Frame | None:
        for fr in reversed(self.stack):
            if fr.unit.kind is kind:
                return fr
        return None

    def _check(self) -> None:
        assert self.art is self._find_plain(UnitKind.DIEU)
        assert self.khoan is self._find_plain(UnitKind.KHOAN)
        for fr in self.stack:
            assert fr.kind is fr.unit.kind
        self.lines += 1

    def _line(self, s: str) -> None:
        super()._line(s)
        self._check()

    def _html_table(self, fragment: str, start: int) -> None:
        super()._html_table(fragment, start)
        self._check()


def _checked_run(text: str) -> int:
    p = _CheckedParser(text)
    p.run()
    assert p.art is None and p.khoan is None and not p.stack
    return p.lines


_DOCUMENT_LINES = [
    "Chương I",
    "Điều 1. Phạm vi",
    "1. Khoản một:",
    "a) điểm a;",
    "b) điểm b; c) điểm c",
    "- tiết",
    "2. Khoản hai",
    "Điều 2. Sửa đổi như sau:",
    "1. Sửa đổi Điều 5 như sau:",
    "“Điều 5. Nội dung",
    "1. trích",
    "a) trích”.",
    "2. (được bãi bỏ)",
    "| a | b |",
    "x | y | z",
    "Phụ lục I",
    "1. không phải khoản",
    "Điều 3. Sau phụ lục",
    "Mục 2",
    "Điều 4.",
    "Tên điều",
    "Điều 45.4.NĐ.1.1. Mã",
    "(Điều 1 Nghị định số 1/2020/NĐ-CP)",
    "PHỤ LỤC",
    "1. trong phụ lục",
    "Điều 45.4.NĐ.1.2. Mã",
    "Nơi nhận:",
    "<table><tr><td>x</td></tr></table>",
]


@settings(max_examples=400, deadline=None)
@given(_LINES)
def test_tracked_frames_on_generated_text(text: str) -> None:
    _checked_run(text)


def test_tracked_frames_on_a_document_with_every_kind() -> None:
    assert _checked_run("\n".join(_DOCUMENT_LINES)) > 0


@pytest.mark.parametrize(
    "name",
    sorted(
        p.name for p in REAL.iterdir() if p.suffix in (".md", ".html") and p.name != "PROVENANCE.md"
    )
    if REAL.is_dir()
    else [],
)
def test_tracked_frames_on_the_real_corpus(name: str) -> None:
    text = clean(real_file(name).read_text(encoding="utf-8"))
    if name.endswith(".html"):
        text, _ = html_to_text(text)
    assert _checked_run(text) > 0
