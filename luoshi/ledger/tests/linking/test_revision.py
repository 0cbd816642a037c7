"""Matching a revised plan to its previous version: unchanged, changed, new, dropped, ambiguous."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import replace

import pytest

from luoshi.ledger.linking import RevisionPlan, VersionedMeasure
from luoshi.ledger.linking.revision import match_revision

DEADLINE = datetime.date(2024, 12, 31)

TEXTS = (
    "推进北疆港区智能化集装箱码头建设，实施传统码头自动化改造",
    "拓展内陆无水港网络，新开海铁联运集装箱班列线路3条",
    "建设国际船舶融资租赁聚集区，引进船舶租赁公司10家",
    "实施城市更新行动，完成老旧小区改造100个",
    "开展盐碱地综合利用试点，推进滨海湿地生态修复",
    "优化公交线网，提高城市公共交通分担率",
)


def _plan(texts: tuple[str, ...] = TEXTS, start_key: int = 1) -> list[VersionedMeasure]:
    return [
        VersionedMeasure(
            key=start_key + index,
            position=index,
            numbering=(1, index + 1),
            title=text,
            lead_units=("区交通运输局",),
            co_units=("区发改委", "区商务局"),
            deadline=DEADLINE,
        )
        for index, text in enumerate(texts)
    ]


PREVIOUS = _plan()


def _revised(measures: list[VersionedMeasure]) -> list[VersionedMeasure]:
    """The same measures as a revised draft: new keys (100 + …), positions and numbers renewed."""
    return [
        replace(measure, key=100 + index, position=index, numbering=(1, index + 1))
        for index, measure in enumerate(measures)
    ]


def _check_every_measure_once(
    plan: RevisionPlan, previous: list[VersionedMeasure], revised: list[VersionedMeasure]
) -> None:
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


def _match(revised: list[VersionedMeasure], previous: list[VersionedMeasure] = PREVIOUS) -> RevisionPlan:
    plan = match_revision(previous, revised)
    _check_every_measure_once(plan, previous, revised)
    return plan


def test_an_identical_plan_is_unchanged() -> None:
    plan = _match(_revised(PREVIOUS))
    assert [(p.previous_key, p.revised_key) for p in plan.unchanged] == [(i, 99 + i) for i in range(1, 7)]
    assert (plan.changed, plan.new, plan.dropped, plan.ambiguous) == ((), (), (), ())


def test_a_renumbered_plan_changes_only_numbers() -> None:
    """A measure inserted at the top shifts every number; the others keep their tasks."""
    inserted = VersionedMeasure(key=0, position=0, title="建设东疆邮轮母港，恢复国际邮轮航线")
    plan = _match(_revised([inserted, *PREVIOUS]))
    assert plan.new == (100,)
    assert [(p.previous_key, p.revised_key) for p in plan.changed] == [(i, 100 + i) for i in range(1, 7)]
    assert {c.field for p in plan.changed for c in p.changes} == {"numbering"}
    assert plan.changed[0].changes[0].before == "1.1" and plan.changed[0].changes[0].after == "1.2"


def test_a_reworded_measure_is_changed_with_its_text() -> None:
    reworded = list(PREVIOUS)
    reworded[2] = replace(reworded[2], title="建设国际船舶融资租赁聚集区，年内引进船舶租赁公司15家")
    plan = _match(_revised(reworded))
    (pair,) = plan.changed
    assert (pair.previous_key, pair.revised_key) == (3, 102)
    assert [(c.field, c.before, c.after) for c in pair.changes] == [
        ("title", TEXTS[2], "建设国际船舶融资租赁聚集区，年内引进船舶租赁公司15家")
    ]
    assert len(plan.unchanged) == 5 and plan.new == () and plan.dropped == ()


def test_a_moved_measure_keeps_its_task() -> None:
    moved = [PREVIOUS[i] for i in (5, 0, 1, 2, 3, 4)]
    plan = _match(_revised(moved))
    assert plan.new == () and plan.dropped == () and plan.ambiguous == ()
    assert {(p.previous_key, p.revised_key) for p in plan.changed} == {
        (6, 100),
        (1, 101),
        (2, 102),
        (3, 103),
        (4, 104),
        (5, 105),
    }


def test_a_changed_deadline_is_the_only_change() -> None:
    later = list(PREVIOUS)
    later[0] = replace(later[0], deadline=datetime.date(2025, 6, 30))
    plan = _match(_revised(later))
    (pair,) = plan.changed
    assert [(c.field, c.before, c.after) for c in pair.changes] == [("deadline", "2024-12-31", "2025-06-30")]


def test_an_added_co_unit_is_a_change() -> None:
    more = list(PREVIOUS)
    more[1] = replace(more[1], co_units=("区商务局", "区发改委", "天津海关"))
    plan = _match(_revised(more))
    (pair,) = plan.changed
    assert [(c.field, c.after) for c in pair.changes] == [("co_units", "区商务局、区发改委、天津海关")]


def test_a_unit_written_another_way_is_no_change() -> None:
    respelled = [replace(m, co_units=("区商务局", "区发展和改革委员会")) for m in PREVIOUS]
    plan = _match(_revised(respelled))
    assert len(plan.unchanged) == 6 and plan.changed == ()


def test_a_changed_lead_unit_is_a_change() -> None:
    other = list(PREVIOUS)
    other[3] = replace(other[3], lead_units=("区住建委",))
    (pair,) = _match(_revised(other)).changed
    assert [(c.field, c.before, c.after) for c in pair.changes] == [
        ("lead_units", "区交通运输局", "区住建委")
    ]


def test_a_split_measure_asks_the_reviewer() -> None:
    """A → A1, A2 with both halves alike: the matching does not guess which one keeps the task."""
    previous = _plan(("推进老旧小区改造和城中村改造，建设保障性住房", *TEXTS[:3]))
    revised = _revised(
        [
            VersionedMeasure(key=0, position=0, title="推进老旧小区改造，建设保障性住房"),
            VersionedMeasure(key=0, position=0, title="推进城中村改造，建设保障性住房"),
            *previous[1:],
        ]
    )
    plan = _match(revised, previous)
    (group,) = plan.ambiguous
    assert group.previous_keys == (1,)
    assert group.revised_keys == (100, 101)
    assert plan.new == () and plan.dropped == ()
    assert len(plan.unchanged) + len(plan.changed) == 3


def test_merged_measures_ask_the_reviewer() -> None:
    previous = _plan(("推进老旧小区改造，建设保障性住房", "推进城中村改造，建设保障性住房", *TEXTS[:3]))
    revised = _revised(
        [
            VersionedMeasure(key=0, position=0, title="推进老旧小区改造和城中村改造，建设保障性住房"),
            *previous[2:],
        ]
    )
    plan = _match(revised, previous)
    (group,) = plan.ambiguous
    assert group.previous_keys == (1, 2) and group.revised_keys == (100,)
    assert plan.new == () and plan.dropped == ()


def test_a_split_into_different_parts_is_dropped_and_new() -> None:
    """When no part resembles the whole, the whole is dropped and the parts are new: documented."""
    previous = _plan(("完善养老服务体系", *TEXTS[:3]))
    revised = _revised(
        [
            VersionedMeasure(key=0, position=0, title="建设社区嵌入式养老服务设施，发展老年助餐"),
            VersionedMeasure(key=0, position=0, title="培育养老护理员队伍，开展职业技能培训"),
            *previous[1:],
        ]
    )
    plan = _match(revised, previous)
    assert plan.dropped == (1,) and plan.new == (100, 101) and plan.ambiguous == ()


def test_identical_twins_are_not_ambiguous() -> None:
    twins = _plan(("加强宣传引导", "加强宣传引导", *TEXTS[:2]))
    plan = _match(_revised(twins), twins)
    assert len(plan.unchanged) == 4 and plan.ambiguous == ()


def test_an_empty_previous_version_makes_everything_new() -> None:
    plan = _match(_revised(PREVIOUS), [])
    assert plan.new == tuple(range(100, 106))


def test_an_empty_revision_drops_everything() -> None:
    plan = _match([], PREVIOUS)
    assert plan.dropped == tuple(range(1, 7))


def test_it_refuses_repeated_keys() -> None:
    with pytest.raises(ValueError):
        match_revision(PREVIOUS, [PREVIOUS[0], PREVIOUS[0]])
