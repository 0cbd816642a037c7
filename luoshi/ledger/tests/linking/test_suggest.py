"""Suggested parents: explicit references dominate, phrases order the rest, reasons are shown."""

from __future__ import annotations

from dataclasses import replace

import pytest

from luoshi.ledger.linking import CandidateTask, DraftText, Suggestion, messages, suggest_parents

PLAN = "关于支持天津滨海新区高质量发展的若干政策措施"

CANDIDATES = (
    CandidateTask(
        id=101,
        code="2024-N-0001",
        ordinal=1,
        numbering=(1, 1),
        plan_title=PLAN,
        lead_unit="商务部",
        title="支持发展跨境电商、保税维修、离岸贸易等外贸新业态",
    ),
    CandidateTask(
        id=102,
        code="2024-N-0002",
        ordinal=2,
        numbering=(1, 2),
        plan_title=PLAN,
        lead_unit="交通运输部",
        co_units=("商务部",),
        title="支持天津港建设智慧绿色港口，推进智能化集装箱码头建设和自动化改造",
    ),
    CandidateTask(
        id=103,
        code="2024-N-0003",
        ordinal=3,
        numbering=(2, 1),
        plan_title=PLAN,
        lead_unit="中国人民银行",
        title="发展绿色金融，推广碳减排支持工具，探索碳排放权质押融资",
    ),
    CandidateTask(
        id=104,
        code="2024-N-0004",
        ordinal=4,
        numbering=(2, 2),
        plan_title=PLAN,
        lead_unit="住房和城乡建设部",
        title="推进城市更新行动，实施老旧小区改造和城中村改造",
    ),
)


def _ids(suggestions: list[Suggestion]) -> list[int]:
    return [s.candidate_id for s in suggestions]


def _one(draft: DraftText, candidates: tuple[CandidateTask, ...] = CANDIDATES) -> list[Suggestion]:
    (suggestions,) = suggest_parents([draft], candidates)
    return suggestions


def test_it_ranks_by_shared_key_phrases_and_names_them() -> None:
    suggestions = _one(DraftText(title="扩大保税维修业务范围，建设跨境电商海外仓"))
    assert _ids(suggestions)[:1] == [101]
    phrases = [r for r in suggestions[0].reasons if r.kind == "phrases"]
    assert len(phrases) == 1
    assert phrases[0].detail.startswith("共有关键词：")
    assert "保税维修" in phrases[0].detail and "跨境电商" in phrases[0].detail


def test_an_explicit_reference_outweighs_shared_phrases() -> None:
    """The text speaks of cross-border e-commerce but says which national measure it refines."""
    suggestions = _one(DraftText(title="扩大保税维修业务范围，建设跨境电商海外仓（对应国家政策措施第3条）"))
    assert _ids(suggestions)[0] == 103
    assert suggestions[0].reasons[0].kind == "reference"
    assert suggestions[0].reasons[0].detail == "文中注明“对应国家政策措施第3条”"
    assert 101 in _ids(suggestions)


def test_a_reference_by_path_finds_the_numbered_task() -> None:
    suggestions = _one(DraftText(title="开展城中村改造（落实《若干政策措施》第二部分第（二）项）"))
    assert _ids(suggestions)[0] == 104
    assert suggestions[0].reasons[0].kind == "reference"


def test_the_parents_code_in_the_text_is_the_strongest_reason() -> None:
    suggestions = _one(DraftText(title="推进智能化码头建设（承接2024-N-0001，对应第3条）"))
    assert _ids(suggestions)[0] == 101
    assert suggestions[0].reasons[0].detail == "文中注明任务编号：2024-N-0001"


def test_the_same_numbering_path_is_a_reason() -> None:
    suggestions = _one(DraftText(title="加强宣传引导", numbering=(2, 2)))
    assert _ids(suggestions) == [104]
    assert suggestions[0].reasons[0].detail == "编号相同：第2部分第2项"


def test_the_same_lead_unit_breaks_a_tie_and_is_shown() -> None:
    twins = (
        CandidateTask(id=1, title="推进老旧小区改造和城中村改造", lead_unit="区住建委"),
        CandidateTask(id=2, title="推进老旧小区改造和城中村改造", lead_unit="区发展和改革委员会"),
    )
    suggestions = _one(DraftText(title="实施老旧小区改造和城中村改造", lead_units=("区发改委",)), twins)
    assert _ids(suggestions) == [2, 1]
    assert suggestions[0].reasons[-1].kind == "lead_unit"
    assert suggestions[0].reasons[-1].detail == "牵头单位相同：区发展和改革委员会"
    assert suggestions[0].score > suggestions[1].score


def test_a_unit_of_the_same_line_at_another_level_counts_less() -> None:
    suggestions = _one(DraftText(title="扩大保税维修业务范围，建设跨境电商海外仓", lead_units=("市商务局",)))
    reason = suggestions[0].reasons[-1]
    assert reason.kind == "lead_unit"
    assert reason.detail == "牵头单位对口：市商务局（上级任务牵头：商务部）"


def test_the_same_lead_unit_alone_suggests_nothing() -> None:
    assert _one(DraftText(title="举办国际马拉松赛事", lead_units=("商务部",))) == []


def test_a_draft_with_no_evidence_gets_no_suggestion() -> None:
    assert _one(DraftText(title="建设社区嵌入式养老服务设施")) == []
    assert _one(DraftText(title="")) == []


def test_a_number_that_only_ends_a_path_counts_less() -> None:
    """“第1条” may be 1.1 or 2.1 of a structured plan; the running number 1 is the better reading."""
    (suggestions,) = suggest_parents([DraftText(title="对应第1条")], CANDIDATES, limit=3)
    assert [(s.candidate_id, s.score) for s in suggestions] == [(101, 60.0), (103, 30.0)]


def test_it_returns_at_most_the_limit_best_first() -> None:
    draft = DraftText(title="对应第1条、第2条、第3条、第4条")
    (suggestions,) = suggest_parents([draft], CANDIDATES, limit=2)
    assert len(suggestions) == 2
    assert suggestions[0].score >= suggestions[1].score


def test_equal_scores_keep_the_candidates_order() -> None:
    by_ordinal_only = tuple(replace(candidate, numbering=()) for candidate in CANDIDATES)
    (suggestions,) = suggest_parents([DraftText(title="对应第4条、第3条、第2条、第1条")], by_ordinal_only, limit=4)
    assert _ids(suggestions) == [101, 102, 103, 104]


def test_it_answers_one_list_per_draft_in_order_and_the_same_every_time() -> None:
    drafts = [DraftText(title="实施老旧小区改造"), DraftText(title="推广碳减排支持工具，发展绿色金融")]
    first = suggest_parents(drafts, CANDIDATES)
    assert [_ids(s)[:1] for s in first] == [[104], [103]]
    assert suggest_parents(drafts, CANDIDATES) == first


def test_no_candidates_give_empty_lists() -> None:
    assert suggest_parents([DraftText(title="实施老旧小区改造")], []) == [[]]


def test_it_refuses_a_limit_below_one() -> None:
    with pytest.raises(ValueError):
        suggest_parents([], CANDIDATES, limit=0)


def test_a_reason_carries_its_template_and_values_for_translation() -> None:
    (suggestion,) = _one(DraftText(title="推进智能化码头建设（承接2024-N-0002）"))[:1]
    reason = suggestion.reasons[0]
    assert reason.template == messages.CODE
    assert reason.params == (("code", "2024-N-0002"),)
    assert reason.detail == "文中注明任务编号：2024-N-0002"
