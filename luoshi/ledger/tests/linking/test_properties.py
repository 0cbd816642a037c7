"""Properties on arbitrary plans: every measure is classified exactly once, and nothing raises."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from luoshi.ledger.linking import CandidateTask, DraftText, VersionedMeasure, match_revision, suggest_parents

FRAGMENTS = [
    "推进老旧小区改造",
    "推进城中村改造",
    "建设保障性住房",
    "发展跨境电商",
    "扩大保税维修",
    "对应第3条",
    "承接2024-N-0002",
    "加强宣传引导",
    "，",
    "。",
]

texts = st.lists(st.sampled_from(FRAGMENTS), min_size=0, max_size=4).map("".join)
plans = st.lists(st.tuples(texts, st.sampled_from(((), (1, 1), (1, 2), (2, 1)))), max_size=8)


def _measures(plan: list[tuple[str, tuple[int, ...]]], first_key: int) -> list[VersionedMeasure]:
    return [
        VersionedMeasure(key=first_key + n, position=n, title=text, numbering=numbering)
        for n, (text, numbering) in enumerate(plan)
    ]


@settings(max_examples=150, deadline=None)
@given(plans, plans)
def test_every_measure_is_in_exactly_one_place(
    previous_plan: list[tuple[str, tuple[int, ...]]], revised_plan: list[tuple[str, tuple[int, ...]]]
) -> None:
    previous = _measures(previous_plan, 1)
    revised = _measures(revised_plan, 1000)
    plan = match_revision(previous, revised)
    revised_seen = Counter(
        [p.revised_key for p in plan.unchanged + plan.changed]
        + list(plan.new)
        + [key for group in plan.ambiguous for key in group.revised_keys]
    )
    previous_seen = Counter(
        [p.previous_key for p in plan.unchanged + plan.changed]
        + list(plan.dropped)
        + [key for group in plan.ambiguous for key in group.previous_keys]
    )
    assert revised_seen == Counter(m.key for m in revised)
    assert previous_seen == Counter(m.key for m in previous)
    assert not set(plan.new) & {p.revised_key for p in plan.unchanged + plan.changed}
    assert all(not pair.changes for pair in plan.unchanged) and all(pair.changes for pair in plan.changed)


@settings(max_examples=60, deadline=None)
@given(st.lists(texts, max_size=5), st.lists(texts, min_size=1, max_size=6))
def test_suggestions_are_few_ranked_and_known(draft_texts: list[str], candidate_texts: list[str]) -> None:
    candidates = [
        CandidateTask(id=10 + n, code=f"2024-N-{n + 1:04d}", ordinal=n + 1, title=text)
        for n, text in enumerate(candidate_texts)
    ]
    result = suggest_parents([DraftText(title=text) for text in draft_texts], candidates)
    assert len(result) == len(draft_texts)
    known = {c.id for c in candidates}
    for suggestions in result:
        assert len(suggestions) <= 3
        assert {s.candidate_id for s in suggestions} <= known
        assert len({s.candidate_id for s in suggestions}) == len(suggestions)
        assert [s.score for s in suggestions] == sorted((s.score for s in suggestions), reverse=True)
        assert all(s.reasons for s in suggestions)
