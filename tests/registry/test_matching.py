"""The matching core: what must and must not be reported as a gap, with evidence."""

from __future__ import annotations

import pickle
import unicodedata
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpora.generator import generate
from corpora.generator.matching_truth import SynthSet, load_generated
from registry.matching.index import ConditionIndex
from registry.matching.matcher import (
    all_pairs_match,
    calibrate,
    match,
    match_index,
    partition_by_province,
)
from registry.matching.model import (
    CuttingEffect,
    GapKind,
    LegalBasis,
    Match,
    MatchParams,
    NationalCondition,
    ProvincialRequirement,
    Span,
)
from registry.matching.quantities import Quantity

CUT_08 = CuttingEffect("08/2018/NĐ-CP", "dieu_1__khoan_3", date(2018, 1, 15))
CUT_155 = CuttingEffect("155/2018/NĐ-CP", "dieu_5", date(2018, 11, 12))

CONDITIONS = [
    NationalCondition(
        "duoc-ds",
        "Có ít nhất 02 dược sĩ đại học có chứng chỉ hành nghề dược",
        "cut",
        ("duoc",),
        "BYT",
        "54/2017/NĐ-CP",
        "dieu_5__khoan_2",
        CUT_155,
    ),
    NationalCondition(
        "duoc-kho",
        "Diện tích kho tối thiểu 50 m2",
        "amended",
        ("duoc",),
        "BYT",
        "54/2017/NĐ-CP",
        "dieu_5__khoan_3",
        CUT_155,
        old_text="Diện tích kho tối thiểu 50 m2",
        new_text="Diện tích kho tối thiểu 30 m2",
    ),
    NationalCondition(
        "pccc",
        "Có giấy chứng nhận đủ điều kiện về phòng cháy và chữa cháy",
        "cut",
        ("xang-dau",),
        "BCT",
        "83/2014/NĐ-CP",
        "dieu_24__khoan_1",
        CUT_08,
    ),
    NationalCondition(
        "attp",
        "Có giấy chứng nhận đủ điều kiện về an toàn thực phẩm",
        "in_force",
        ("ruou",),
        "BCT",
        "105/2017/NĐ-CP",
        "dieu_8",
    ),
    NationalCondition(
        "von",
        "Vốn pháp định 10 tỷ đồng",
        "cut",
        ("lu-hanh",),
        "BVHTTDL",
        "168/2017/NĐ-CP",
        "dieu_12",
        CuttingEffect("142/2018/NĐ-CP", "dieu_2", date(2018, 10, 9)),
    ),
    NationalCondition(
        "xd-truong",
        "Cửa hàng bán lẻ xăng dầu phải cách trường học tối thiểu 100 m",
        "in_force",
        ("xang-dau",),
        "BCT",
        "83/2014/NĐ-CP",
        "dieu_25",
    ),
    NationalCondition(
        "xd-kn",
        "Người quản lý phải có ít nhất 03 năm kinh nghiệm trong lĩnh vực kinh doanh xăng dầu",
        "cut",
        ("xang-dau",),
        "BCT",
        "83/2014/NĐ-CP",
        "dieu_9",
        CUT_08,
    ),
    NationalCondition(
        "hc-ds",
        "Có ít nhất 01 người có trình độ đại học chuyên ngành hóa chất",
        "in_force",
        ("hoa-chat",),
        "BCT",
        "113/2017/NĐ-CP",
        "dieu_9",
    ),
    NationalCondition(
        "lh-ky-quy",
        "Doanh nghiệp kinh doanh dịch vụ lữ hành quốc tế phải ký quỹ 250 triệu đồng",
        "amended",
        ("lu-hanh",),
        "BVHTTDL",
        "168/2017/NĐ-CP",
        "dieu_14",
        CuttingEffect("94/2021/NĐ-CP", "dieu_1", date(2021, 10, 28)),
        old_text="Doanh nghiệp kinh doanh dịch vụ lữ hành quốc tế phải ký quỹ 250 triệu đồng",
        new_text="Doanh nghiệp kinh doanh dịch vụ lữ hành quốc tế phải ký quỹ 100 triệu đồng",
    ),
]

PARAMS = MatchParams()


@pytest.fixture(scope="module")
def index() -> ConditionIndex:
    return ConditionIndex(CONDITIONS, PARAMS)


def req(
    text: str,
    rid: str = "r",
    bases: tuple[str, ...] = (),
    province: str = "01",
    lines: tuple[str, ...] = (),
) -> ProvincialRequirement:
    return ProvincialRequirement(
        id=rid,
        text=text,
        province_code=province,
        procedure_code="1.001234",
        legal_bases=tuple(LegalBasis(b) for b in bases),
        business_lines=lines,
    )


MUST_MATCH = [
    # (requirement text, condition id, kind)
    ("Có ít nhất 02 dược sĩ đại học có chứng chỉ hành nghề dược", "duoc-ds", "cut"),
    ("co it nhat 2 duoc si dai hoc co CCHN duoc", "duoc-ds", "cut"),
    ("- Phải có tối thiểu 02 dược sỹ đại học có chứng chỉ hành nghề dược;", "duoc-ds", "cut"),
    ("CÓ ÍT NHẤT 02 DƯỢC SĨ ĐẠI HỌC CÓ CHỨNG CHỈ HÀNH NGHỀ DƯỢC", "duoc-ds", "cut"),
    (
        unicodedata.normalize("NFD", "Có ít nhất 02 dược sĩ đại học có chứng chỉ hành nghề dược"),
        "duoc-ds",
        "cut",
    ),
    ("Có GCN đủ đ i ề u ki ệ n về PCCC", "pccc", "cut"),
    ("a) Có giấy chứng nhận đủ điều kiện phòng cháy, chữa cháy theo quy định.", "pccc", "cut"),
    ("Có giấy chúng nhận đủ điều kiện về phòng cháy và chữa cháy", "pccc", "cut"),  # typo
    ("Vốn pháp định 10.000.000.000 đồng", "von", "cut"),
    ("Vốn pháp định: 10 tỷ VNĐ", "von", "cut"),
    (
        "Người quản lý có kinh nghiệm trong lĩnh vực kinh doanh xăng dầu từ 03 năm trở lên",
        "xd-kn",
        "cut",
    ),
    ("Kho có diện tích không dưới 50m²", "duoc-kho", "amended"),
    ("Diện tích kho tối thiểu 50 m2", "duoc-kho", "amended"),
    (
        "Doanh nghiệp kinh doanh dịch vụ lữ hành quốc tế phải ký quỹ 250.000.000 đồng",
        "lh-ky-quy",
        "amended",
    ),
]

MUST_NOT_MATCH = [
    # the amended condition's new version: no gap
    "Kho có diện tích không dưới 30m²",
    "Diện tích kho tối thiểu 30 m2",
    "Doanh nghiệp kinh doanh dịch vụ lữ hành quốc tế phải ký quỹ 100 triệu đồng",
    # a condition still in force, worded like a cut one
    "Có giấy chứng nhận đủ điều kiện về an toàn thực phẩm",
    "Có GCN đủ điều kiện ATTP",
    "Có ít nhất 01 người có trình độ đại học chuyên ngành hóa chất",
    # negations: the province says the cut condition no longer applies
    "Không yêu cầu giấy chứng nhận đủ điều kiện về phòng cháy và chữa cháy",
    "Bãi bỏ yêu cầu vốn pháp định 10 tỷ đồng",
    # a different amount, a different subject with similar words
    "Vốn pháp định 50 tỷ đồng",
    "Có ít nhất 05 dược sĩ đại học có chứng chỉ hành nghề dược",
    # procedural boilerplate
    "Nộp hồ sơ trực tuyến qua Cổng dịch vụ công quốc gia",
    "Thời hạn giải quyết: 15 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ",
    "",
    "   ",
]


@pytest.mark.parametrize(("text", "cond_id", "kind"), MUST_MATCH)
def test_must_match(index: ConditionIndex, text: str, cond_id: str, kind: str) -> None:
    got = index.match_one(req(text))
    assert [(m.condition_id, m.kind) for m in got] == [(cond_id, GapKind(kind))], got


@pytest.mark.parametrize("text", MUST_NOT_MATCH)
def test_must_not_match(index: ConditionIndex, text: str) -> None:
    assert index.match_one(req(text)) == []


def test_same_wording_for_another_business_line_is_not_a_gap(index: ConditionIndex) -> None:
    text = "Người quản lý phải có ít nhất 03 năm kinh nghiệm trong lĩnh vực du lịch lữ hành"
    assert index.match_one(req(text, lines=("lu-hanh",))) == []
    # The same words for the line the cut condition belongs to are a gap.
    text = "Người quản lý phải có ít nhất 03 năm kinh nghiệm trong lĩnh vực kinh doanh xăng dầu"
    (m,) = index.match_one(req(text, lines=("xang-dau",)))
    assert m.condition_id == "xd-kn"


def test_a_listed_cut_condition_is_found_among_in_force_ones(index: ConditionIndex) -> None:
    text = (
        "Điều kiện:\n- Có giấy chứng nhận đủ điều kiện về an toàn thực phẩm;\n"
        "- Có GCN đủ điều kiện về PCCC;\n- Vốn pháp định 10 tỷ đồng."
    )
    got = index.match_one(req(text))
    assert sorted(m.condition_id for m in got) == ["pccc", "von"]
    for m in got:
        _check_spans(text, m.requirement_spans)
    pccc = next(m for m in got if m.condition_id == "pccc")
    assert [s.text for s in pccc.requirement_spans] == ["Có GCN đủ điều kiện về PCCC"]


def test_unknown_scorer_is_a_clear_error() -> None:
    from dataclasses import replace

    with pytest.raises(ValueError, match="fuzz_scorer"):
        ConditionIndex(CONDITIONS, replace(PARAMS, fuzz_scorer="nope"))


def test_amended_by_quantities_only() -> None:
    """An amendment known only by its amounts (no new text): old amount is a gap, new is not."""
    cond = NationalCondition(
        "kho",
        "Diện tích kho bảo quản thuốc tối thiểu 50 m2",
        "amended",
        old_quantities=(Quantity(50.0, "m2"),),
        new_quantities=(Quantity(30.0, "m2"),),
    )
    ix = ConditionIndex([cond], PARAMS)
    (m,) = ix.match_one(req("Kho bảo quản thuốc có diện tích tối thiểu 50m2"))
    assert (m.kind, m.condition_field) == (GapKind.AMENDED, "text")
    (q,) = m.quantities
    assert (q.value, q.requirement.text, q.condition.start) == (50.0, "50m2", -1)
    assert ix.match_one(req("Kho bảo quản thuốc có diện tích tối thiểu 30m2")) == []
    # No amount at all: the province may follow either version; not reported.
    assert ix.match_one(req("Có kho bảo quản thuốc đủ diện tích")) == []


def test_blocking_by_business_line_is_optional(index: ConditionIndex) -> None:
    from dataclasses import replace

    text = "Có GCN đủ điều kiện về PCCC"
    assert index.match_one(req(text, lines=("duoc",)))  # soft: another line's cut condition
    strict = ConditionIndex(CONDITIONS, replace(PARAMS, block_by_line=True))
    assert strict.match_one(req(text, lines=("duoc",))) == []
    assert strict.match_one(req(text, lines=("xang-dau",)))


def _check_spans(text: str, spans: tuple[Span, ...]) -> None:
    assert spans, "no evidence"
    for s in spans:
        assert 0 <= s.start < s.end <= len(text)
        assert text[s.start : s.end] == s.text


def test_evidence_spans_point_into_both_texts(index: ConditionIndex) -> None:
    text = "b) Có GCN đủ điều kiện về PCCC theo quy định."
    (m,) = index.match_one(req(text))
    _check_spans(text, m.requirement_spans)
    _check_spans(CONDITIONS[2].text, m.condition_spans)
    assert [s.text for s in m.requirement_spans] == ["Có GCN đủ điều kiện về PCCC"]
    assert [s.text for s in m.condition_spans] == [
        "Có giấy chứng nhận đủ điều kiện về phòng cháy và chữa cháy"
    ]


def test_evidence_on_decomposed_text_and_quantities(index: ConditionIndex) -> None:
    text = unicodedata.normalize("NFD", "Kho phải có diện tích ít nhất 50 m²")
    (m,) = index.match_one(req(text))
    assert m.kind is GapKind.AMENDED and m.condition_field == "old_text"
    _check_spans(text, m.requirement_spans)
    _check_spans(CONDITIONS[1].old_text, m.condition_spans)
    (q,) = m.quantities
    assert (q.value, q.unit) == (50.0, "m2")
    assert unicodedata.normalize("NFC", q.requirement.text) == "50 m²"
    assert q.condition.text == "50 m2"


def test_basis_is_reported_and_breaks_ties() -> None:
    twins = [
        NationalCondition(
            "a",
            "Có giấy chứng nhận đủ điều kiện về an ninh trật tự",
            "cut",
            document="96/2016/NĐ-CP",
        ),
        NationalCondition(
            "b",
            "Có giấy chứng nhận đủ điều kiện về an ninh trật tự",
            "in_force",
            document="99/2019/NĐ-CP",
        ),
    ]
    ix = ConditionIndex(twins, PARAMS)
    # Without a basis the in-force twin explains the requirement as well: no gap.
    assert ix.match_one(req("Có GCN đủ điều kiện về ANTT")) == []
    (m,) = ix.match_one(req("Có GCN đủ điều kiện về ANTT", bases=("96/2016/NĐ-CP",)))
    assert (m.condition_id, m.basis) == ("a", "96/2016/NĐ-CP")
    # An amending decree is this condition's law too; a number written loosely still counts.
    cut = NationalCondition(
        "c",
        "Có giấy chứng nhận đủ điều kiện về an ninh trật tự",
        "cut",
        document="96/2016/NĐ-CP",
        amending_documents=("155/2018/NĐ-CP",),
    )
    ix = ConditionIndex([cut, twins[1]], PARAMS)
    (m,) = ix.match_one(req("Có GCN đủ điều kiện về ANTT", bases=("155 /2018/ND-CP",)))
    assert m.condition_id == "c"


def _as_tuples(ms: list[Match]) -> list[tuple[object, ...]]:
    return [
        (m.requirement_id, m.condition_id, m.score, m.kind, m.requirement_spans, m.condition_spans)
        for m in ms
    ]


@pytest.fixture(scope="session")
def synth(tmp_path_factory: pytest.TempPathFactory) -> SynthSet:
    """The generator's sample corpus, seed 7, in the province noise model (numbers in words, other
    comparators, unseen abbreviations: harder than the classic model test_matching_corpus reads)."""
    out = tmp_path_factory.mktemp("synth")
    generate(out, "sample", 7, noise="province")  # about 0.5 s: 108 conditions, ~1000 requirements
    return load_generated(out)


def test_deterministic_pickle_and_partition(synth: SynthSet) -> None:
    ix = ConditionIndex(synth.conditions, PARAMS)
    first = match_index(ix, synth.requirements)
    assert first, "the synthetic set has gaps"
    again = match(synth.conditions, synth.requirements, PARAMS)
    assert _as_tuples(first) == _as_tuples(again)
    clone = pickle.loads(pickle.dumps(ix))
    assert _as_tuples(match_index(clone, synth.requirements)) == _as_tuples(first)
    # One province alone gives exactly its share of the whole.
    prov = synth.requirements[0].province_code
    alone = match_index(
        ConditionIndex(synth.conditions, PARAMS),
        [r for r in synth.requirements if r.province_code == prov],
    )
    in_prov = {r.id for r in synth.requirements if r.province_code == prov}
    assert 0 < len(in_prov) < len(synth.requirements)
    share = [m for m in first if m.requirement_id in in_prov]
    assert share, "the province alone has gaps"
    assert _as_tuples(alone) == _as_tuples(share)
    # Two processes, same answer.
    assert _as_tuples(match_index(ix, synth.requirements, workers=2)) == _as_tuples(first)


def test_partition_keeps_provinces_whole(synth: SynthSet) -> None:
    groups = partition_by_province(synth.requirements, 3)
    assert sorted(i for g in groups for i in g) == list(range(len(synth.requirements)))
    for g in groups:
        provs = {synth.requirements[i].province_code for i in g}
        for other in groups:
            if other is not g:
                assert provs.isdisjoint(synth.requirements[i].province_code for i in other)


def test_synthetic_precision_recall_and_all_pairs_agree(synth: SynthSet) -> None:
    ix = ConditionIndex(synth.conditions, PARAMS)
    got = {(m.requirement_id, m.condition_id, m.kind) for m in match_index(ix, synth.requirements)}
    want = {(r, c, k) for r, labels in synth.truth.items() for c, k in labels}
    tp = len(got & want)
    assert tp / len(got) >= 0.97
    assert tp / len(want) >= 0.95
    sample = synth.requirements[:300]
    ids = {r.id for r in sample}
    ap = {(m.requirement_id, m.condition_id, m.kind) for m in all_pairs_match(ix, sample)}
    ix_s = {g for g in got if g[0] in ids}
    want_s = {w for w in want if w[0] in ids}
    assert len(ap & want_s) - len(ix_s & want_s) <= max(1, len(want_s) // 100)


def test_calibrate_picks_the_best_threshold() -> None:
    examples = [
        (95.0, True),
        (90.0, True),
        (85.0, True),
        (80.0, False),
        (78.0, True),
        (70.0, False),
        (60.0, False),
    ]
    cal = calibrate(examples, PARAMS)
    # Accepting down to 78 keeps every positive at one false one (F1 0.889; 85 gives 0.857).
    # Any threshold in (70, 78] does that: the middle is chosen.
    assert cal.params.threshold == 74.0
    assert (cal.precision, cal.recall) == (0.8, 1.0)
    assert cal.f1 == pytest.approx(8 / 9)
    # Misses never proposed count against recall.
    cal = calibrate(examples, PARAMS, positives=8)
    assert cal.recall == pytest.approx(4 / 8)
    # A wide plateau: everything in (60, 95] separates perfectly.
    cal = calibrate([(99.0, True), (97.0, True), (95.0, True), (60.0, False)], PARAMS)
    assert (cal.params.threshold, cal.f1) == (77.5, 1.0)
    assert calibrate([], PARAMS).params.threshold == PARAMS.threshold


def test_calibrated_threshold_on_a_synthetic_seed(synth: SynthSet) -> None:
    from dataclasses import replace

    low = ConditionIndex(synth.conditions, replace(PARAMS, threshold=0.0))
    proposals = match_index(low, synth.requirements)
    labelled = [
        (m.score, (m.condition_id, m.kind) in synth.truth.get(m.requirement_id, set()))
        for m in proposals
    ]
    cal = calibrate(labelled, PARAMS, positives=synth.positives)
    assert 40.0 < cal.params.threshold < 100.0
    assert cal.f1 >= 0.95


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=300))
def test_never_crashes_on_arbitrary_text(index: ConditionIndex, text: str) -> None:
    for m in index.match_one(req(text)):
        for s in m.requirement_spans:
            assert text[s.start : s.end] == s.text


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=120), min_size=1, max_size=5), st.text(max_size=200))
def test_never_crashes_on_arbitrary_conditions(cond_texts: list[str], text: str) -> None:
    conds = [NationalCondition(f"c{i}", t, "cut") for i, t in enumerate(cond_texts)]
    out = match(conds, [req(text)], PARAMS)
    assert all(0.0 <= m.score <= 100.0 for m in out)


@pytest.mark.parametrize(
    ("old", "new", "restated"),
    [
        # The amendment changed another sentence: both readings score alike, the province
        # follows the law in force either way.
        (
            "Có giấy chứng nhận đủ điều kiện về phòng cháy và chữa cháy",
            "Có giấy chứng nhận đủ điều kiện về phòng cháy và chữa cháy",
            "Có giấy chứng nhận đủ điều kiện về phòng cháy và chữa cháy",
        ),
        # A near tie: the versions differ in a conjunction the province's shorter text lacks.
        (
            "Có tủ lạnh bảo quản vắc xin và sinh phẩm",
            "Có tủ lạnh bảo quản vắc xin, sinh phẩm",
            "Có tủ lạnh bảo quản vắc xin",
        ),
    ],
)
def test_an_amended_condition_restated_alike_in_both_versions_is_no_gap(
    old: str, new: str, restated: str
) -> None:
    """Only an old reading that beats the new one by ``amended_margin`` is an amended gap."""
    cond = NationalCondition(
        "c", old, "amended", ("duoc",), "BYT", "54/2017/NĐ-CP", "dieu_3", CUT_155,
        old_text=old, new_text=new,
    )  # fmt: skip
    ix = ConditionIndex([cond], PARAMS)
    s_old, _ = ix.score_reading(ix.context(req(restated)), ix.conds[0], "old")
    s_new, _ = ix.score_reading(ix.context(req(restated)), ix.conds[0], "new")
    assert abs(s_old - s_new) <= PARAMS.amended_margin and s_old >= PARAMS.threshold
    assert ix.match_one(req(restated)) == []
