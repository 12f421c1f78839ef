"""Mechanisms that raise the matcher's recall on text it was not fitted to, table-driven.

Strings written for these tests (not taken from the hand-written labels' report half): derived
acronyms, dotted acronyms, quantities compared both ways within a unit, negation scope.
"""

from __future__ import annotations

import pytest

from registry.matching.acronyms import join_dotted
from registry.matching.index import ConditionIndex
from registry.matching.matcher import match
from registry.matching.model import (
    ConditionStatus,
    LegalBasis,
    MatchParams,
    NationalCondition,
    ProvincialRequirement,
)
from registry.matching.quantities import Quantity, compare
from registry.matching.text import BASE_SYLLABLES, analyse, negation_scope, raw_tokens

CONDITIONS = [
    NationalCondition(
        "X1",
        "Cán bộ quản lý cửa hàng bán lẻ xăng dầu có trình độ trung cấp trở lên.",
        ConditionStatus.CUT,
    ),
    NationalCondition(
        "X2",
        "Cửa hàng bán lẻ xăng dầu phải có giấy chứng nhận đủ điều kiện phòng cháy.",
        ConditionStatus.IN_FORCE,
    ),
    NationalCondition(
        "X3", "Doanh nghiệp có vốn điều lệ tối thiểu 10 tỷ đồng.", ConditionStatus.IN_FORCE
    ),
    NationalCondition(
        "X4", "Chi nhánh có vốn điều lệ được cấp tối thiểu 5 tỷ đồng.", ConditionStatus.CUT
    ),
    NationalCondition(
        "X5",
        "Người phụ trách bảo đảm an ninh trật tự tại cơ sở có bằng tốt nghiệp trung cấp.",
        ConditionStatus.CUT,
    ),
    NationalCondition(
        "X6",
        "Bãi chứa hàng phải có diện tích tối thiểu 8.000 m2, không yêu cầu có nhà kho.",
        ConditionStatus.CUT,
    ),
    NationalCondition(
        "X7",
        "Kho hàng trong khu kinh tế có diện tích khu đất tối thiểu 3.000 m2, trong đó nhà "
        "kho tối thiểu 600 m2.",
        ConditionStatus.CUT,
    ),
]


@pytest.fixture(scope="module")
def index() -> ConditionIndex:
    return ConditionIndex(CONDITIONS, MatchParams())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Initials of a contiguous run of one condition's words: no table entry needed.
        ("Cán bộ quản lý cửa hàng BLXD có trình độ trung cấp", "hang ban le xang dau"),
        # Two phrases with the words between them left out ("cửa hàng [bán lẻ] xăng dầu").
        ("Cán bộ quản lý CHXD có trình độ trung cấp", "hang xang dau"),
        # Lower case and dotted forms are the same acronym.
        ("cán bộ quản lý chxd", "hang xang dau"),
        ("Cán bộ quản lý C.H.X.D. có trình độ", "hang xang dau"),
        ("Người phụ trách bảo đảm ANTT tại cơ sở", "an ninh trat tu"),
        # A two-letter acronym is read only beside a word that sits beside its reading in two
        # conditions ("vốn điều lệ").
        ("Có vốn ĐL tối thiểu 10 tỷ đồng", "von dieu le"),
    ],
)
def test_derived_acronyms_are_read(index: ConditionIndex, text: str, expected: str) -> None:
    assert expected in index.analyse_requirement(text).norm


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        # The conditions write "m2"; "mét vuông" must not be typo-repaired into other words
        # before the phrase table reads it as the unit.
        ("Bãi chứa hàng rộng tối thiểu tám nghìn mét vuông", "m2"),
        ("Kho có dung tích không dưới một nghìn mét khối", "m3"),
    ],
)
def test_unit_words_are_not_typos(index: ConditionIndex, text: str, unit: str) -> None:
    assert unit in {q.unit for q in index.analyse_requirement(text).quantities}


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # Two letters with no confirming neighbour stay as they are (ĐL is also đại lý, địa lý…).
        ("ĐL được cấp phép", "dl"),
        # The table's reading wins over a derived one (CB is cán bộ in the table).
        ("CB quản lý cửa hàng", "can bo"),
        # A word of the conditions is never read as an acronym.
        ("Cửa hàng có kho", "kho"),
    ],
)
def test_what_is_not_read_as_a_derived_acronym(index: ConditionIndex, text: str, kept: str) -> None:
    assert kept in index.analyse_requirement(text).norm


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("c.h.x.d", ["chxd"]),
        ("C. H. X. D.", ["chxd"]),
        ("a) có kho", ["a", "co", "kho"]),  # a list marker is not a dotted acronym
        ("TP. Hà Nội", ["tp", "ha", "noi"]),
        ("1.000 m2", ["1.000", "m2"]),
    ],
)
def test_join_dotted(text: str, terms: list[str]) -> None:
    assert [t.term for t in join_dotted(raw_tokens(text), text)] == terms


def q(value: float, unit: str = "m2") -> Quantity:
    return Quantity(value, unit, -1, -1)


@pytest.mark.parametrize(
    ("required", "stated", "verdict"),
    [
        ([q(3000)], [q(3000), q(600)], 1),  # restates one of the condition's two areas
        ([q(3000), q(600)], [q(600)], 1),  # restates two conditions, one of them this one
        ([q(5000)], [q(3000), q(600)], -1),  # another area
        ([q(50)], [q(30)], -1),  # the amended amount
        ([q(5000), q(600)], [q(3000), q(600)], -1),  # the other land area, same store
        ([q(30), q(2, "nguoi")], [q(30), q(3, "nguoi")], -1),  # a mismatch in any unit
        ([q(30)], [q(12, "thang")], 0),  # nothing comparable
    ],
)
def test_quantities_compared_both_ways(
    required: list[Quantity], stated: list[Quantity], verdict: int
) -> None:
    assert compare(required, stated) == verdict


@pytest.mark.parametrize(
    ("text", "scope"),
    [
        ("Có kho 300 m2.", set()),
        ("Không yêu cầu có kho.", {"kho"}),
        ("Bãi bỏ yêu cầu: có kho 300 m2", {"kho", "m2"}),
        ("Bãi chứa diện tích 8.000 m2, không yêu cầu nhà kho. Có tường rào.", {"nha", "kho"}),
    ],
)
def test_negation_scope(text: str, scope: set[str]) -> None:
    got = negation_scope(analyse(text, BASE_SYLLABLES), text)
    assert scope <= got
    assert not ({"tuong", "rao", "bai", "chua"} & got)


@pytest.mark.parametrize(
    ("text", "condition"),
    [
        # Restates the affirmed clause of a condition that adds "không yêu cầu …" after it.
        ("Bãi chứa hàng có diện tích tối thiểu 8.000 m2.", "X6"),
        # Restates one of two areas of a condition: a split restatement.
        ("Kho hàng trong khu kinh tế: diện tích khu đất tối thiểu 3.000 m2.", "X7"),
        # Derived acronyms in a restatement of a cut condition.
        ("Cán bộ quản lý CHXD có trình độ trung cấp trở lên.", "X1"),
        ("Người phụ trách bảo đảm ANTT tại cơ sở có bằng tốt nghiệp trung cấp.", "X5"),
    ],
)
def test_restatements_found(index: ConditionIndex, text: str, condition: str) -> None:
    found = {m.condition_id for m in match(index, [ProvincialRequirement("r", text)])}
    assert condition in found


@pytest.mark.parametrize(
    "text",
    [
        # What the condition negates, restated as required: not the same condition.
        "Bãi chứa hàng phải có nhà kho.",
        # A province abolishing the requirement is no gap.
        "Bãi bỏ yêu cầu: bãi chứa hàng phải có diện tích tối thiểu 8.000 m2.",
        # Another amount in the same unit.
        "Kho hàng trong khu kinh tế: diện tích khu đất tối thiểu 5.000 m2.",
    ],
)
def test_not_restatements(index: ConditionIndex, text: str) -> None:
    assert not match(index, [ProvincialRequirement("r", text)])


def test_a_second_condition_in_one_sentence_is_retrieved_from_its_clause() -> None:
    """One sentence restating two conditions: the one it shares fewer words with (here the cut
    one) falls under the candidate ratio of the whole text and is found from its own clause."""
    conditions = [
        NationalCondition(
            "M1",
            "Nhân viên kỹ thuật của phòng xét nghiệm phải có chứng chỉ an toàn sinh học cấp II "
            "trở lên.",
            ConditionStatus.IN_FORCE,
        ),
        NationalCondition(
            "M2",
            "Có thời gian làm việc tại cơ sở xét nghiệm hợp pháp tối thiểu 24 tháng.",
            ConditionStatus.CUT,
        ),
        NationalCondition(
            "M3", "Phòng xét nghiệm có diện tích tối thiểu 20 m2.", ConditionStatus.IN_FORCE
        ),
    ]
    index = ConditionIndex(conditions, MatchParams())
    text = (
        "Kỹ thuật viên của phòng xét nghiệm được huấn luyện an toàn sinh học cấp II trở lên, "
        "có 24 tháng làm việc tại cơ sở xét nghiệm hợp pháp."
    )
    requirement = ProvincialRequirement("r", text)
    assert 1 not in index.candidates(index.context(requirement))  # not from the whole text
    assert [m.condition_id for m in match(index, [requirement])] == ["M2"]


def test_a_restatement_of_some_clauses_is_scored_against_them() -> None:
    """A requirement restating one clause of a long condition is scored against that run of
    clauses (less a penalty for what it leaves out), when the procedure cites the condition's
    law; another amount in the same clause is still no restatement."""
    law = "10/2020/NĐ-CP"
    conditions = [
        NationalCondition(
            "P1",
            "Có lối đi riêng, diện tích phòng chờ của phòng khám tối thiểu 15 m2, cách biệt "
            "với khu vệ sinh chung của tòa nhà.",
            ConditionStatus.CUT,
            document=law,
        ),
        NationalCondition(
            "P2",
            "Phòng khám có đủ thiết bị cấp cứu theo danh mục của Bộ Y tế.",
            ConditionStatus.IN_FORCE,
            document=law,
        ),
    ]
    index = ConditionIndex(conditions, MatchParams())
    text = "Phòng chờ của phòng khám có diện tích ít nhất 15 mét vuông."
    cited = ProvincialRequirement("r", text, legal_bases=(LegalBasis(law),))
    assert [m.condition_id for m in match(index, [cited])] == ["P1"]
    assert dict(match(index, [cited])[0].features)["part"] < 1.0
    # Without the cited law the whole condition is the only reading, and it scores too low.
    assert not match(index, [ProvincialRequirement("r", text)])
    other = ProvincialRequirement("r", text.replace("15", "25"), legal_bases=(LegalBasis(law),))
    assert not match(index, [other])
