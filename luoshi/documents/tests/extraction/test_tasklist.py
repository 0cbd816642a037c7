"""The tasks step: a plan's task list with headings as parents, notes read into units and deadlines.

Plans are composed in the manner of other provinces, cities and counties (composed_plans.py);
none copies the development set's wording.
"""

from __future__ import annotations

from datetime import date

import pytest

from luoshi.documents.extraction import extract
from luoshi.documents.extraction.datatypes import DocumentMeta, Task, WorkingDocument
from luoshi.documents.extraction.tasklist import find_tasks, plan_year

from .composed_plans import ASCII_PLAN, EXPECTED, GROUP_NOTE_PLAN, PLANS, SUPPORT_WITH_NOTES_PLAN


def _entries(tasks: tuple[Task, ...]) -> list[tuple[object, ...]]:
    by_id = {task.id: task for task in tasks}
    return [
        (
            task.title,
            task.heading,
            by_id[task.parent_id].title if task.parent_id is not None else None,
            task.lead_units,
            task.co_units,
            task.deadline,
            task.ongoing,
        )
        for task in tasks
    ]


def _tasks(text: str, *, title: str | None = None, on: date | None = None) -> tuple[Task, ...]:
    return find_tasks(WorkingDocument(text=text, meta=DocumentMeta(title=title, date=on))).tasks


@pytest.mark.parametrize("name", sorted(PLANS))
def test_each_composed_plan_gives_its_task_list(name: str) -> None:
    assert _entries(extract(PLANS[name]).tasks) == EXPECTED[name]


def test_a_measure_runs_from_its_number_through_its_note() -> None:
    text = "一、推进改革\n1.优化审批。压缩审批时限。\n牵头单位：市政务局\n配合单位：市发改委\n\n2.强化监管。（市市场监管局负责）\n"
    tasks = _tasks(text)
    assert text[tasks[0].start : tasks[0].end] == "一、推进改革"
    assert text[tasks[1].start : tasks[1].end] == "1.优化审批。压缩审批时限。\n牵头单位：市政务局\n配合单位：市发改委"
    assert text[tasks[2].start : tasks[2].end] == "2.强化监管。（市市场监管局负责）"


def test_a_group_note_belongs_to_no_quote_and_is_copied_to_each_measure() -> None:
    tasks = extract(GROUP_NOTE_PLAN).tasks
    second = tasks[2]
    assert GROUP_NOTE_PLAN[second.start : second.end].endswith("覆盖全区中小学校。")
    assert tasks[1].lead_units == second.lead_units == ("区教育局",)


def test_a_measure_with_its_own_note_next_to_one_without_is_no_group() -> None:
    text = "一、甲\n1.第一项工作内容较多。\n牵头单位：县财政局\n2.第二项工作内容较多。\n牵头单位：县税务局\n"
    tasks = _tasks(text)
    assert [task.lead_units for task in tasks[1:]] == [("县财政局",), ("县税务局",)]


def test_closing_paragraphs_and_unnoted_support_sections_give_no_task() -> None:
    tasks = extract(ASCII_PLAN).tasks
    assert "加强组织领导" not in [task.title for task in tasks]
    last = tasks[-1]
    assert ASCII_PLAN[last.start : last.end].endswith("各商业银行配合)")


def test_a_noted_support_section_gives_tasks_and_the_closing_line_ends_the_last() -> None:
    tasks = extract(SUPPORT_WITH_NOTES_PLAN).tasks
    assert SUPPORT_WITH_NOTES_PLAN[tasks[-1].start : tasks[-1].end].endswith("（区财政局负责）")


def test_headings_are_parents_and_the_category_is_the_heading_path() -> None:
    text = "一、总\n（一）分\n1.细项。\n（1）甲项工作。（市甲局负责）\n（2）乙项工作。（市乙局负责）\n"
    tasks = _tasks(text)
    assert [(task.title, task.heading) for task in tasks] == [
        ("总", True), ("分", True), ("细项", True), ("甲项工作", False), ("乙项工作", False)
    ]
    assert tasks[3].category == ("总", "分", "细项")
    assert tasks[3].parent_id == tasks[2].id


def test_a_flat_list_has_no_parents() -> None:
    tasks = _tasks("1.甲项工作。（市甲局负责）\n2.乙项工作。（市乙局负责）\n")
    assert [task.parent_id for task in tasks] == [None, None]


def test_framing_sections_give_no_tasks_at_any_level() -> None:
    text = (
        "一、总体要求\n（一）指导思想。坚持稳中求进。\n（二）工作目标。到2026年建成。\n"
        "二、主要任务\n（一）基本原则\n1.甲原则。\n（二）推进建设\n1.建设平台。（市数据局负责）\n三、有关要求\n各部门要落实。\n"
    )
    assert [task.title for task in _tasks(text)] == ["主要任务", "推进建设", "建设平台"]


def test_an_impossible_deadline_is_flagged_not_raised() -> None:
    tasks = _tasks("1.建设平台。（牵头单位：市数据局；完成时限：2025年2月30日）\n")
    assert tasks[0].deadline is None and tasks[0].problems == ("invalid_deadline",)
    assert tasks[0].deadline_text == "2025年2月30日"


def test_a_note_naming_no_unit_is_flagged() -> None:
    tasks = _tasks("1.建设平台。\n完成时限：2025年底前\n")
    assert tasks[0].problems == ("note_without_unit",)
    assert tasks[0].deadline == date(2025, 12, 31)


def test_year_words_take_the_plan_year_from_the_title_else_the_date() -> None:
    assert plan_year(WorkingDocument(text="", meta=DocumentMeta(title="某县2026年工作要点"))) == 2026
    assert plan_year(WorkingDocument(text="", meta=DocumentMeta(date=date(2024, 3, 1)))) == 2024
    assert plan_year(WorkingDocument(text="")) is None


def test_the_responsible_person_and_the_expected_outcome_are_read_where_written() -> None:
    text = "1.建设平台。\n责任单位：区数据局\n责任人：王强\n预期成效：建成统一平台\n"
    task = _tasks(text)[0]
    assert (task.responsible_person, task.expected_outcome) == ("王强", "建成统一平台")


def test_a_text_with_no_numbered_unit_has_no_tasks() -> None:
    assert _tasks("全年地区生产总值增长5%。\n城镇新增就业1万人。\n") == ()


def test_a_bracketed_aside_is_no_note() -> None:
    task = _tasks("1.减免租金。对小微企业（含个体工商户）减免3个月租金。\n")[0]
    assert task.lead_units == () and task.problems == ()


def test_a_verb_note_on_its_own_line_closes_the_measure() -> None:
    text = "1.建设平台。推进数据共享。\n区数据局牵头，区财政局配合。\n\n各部门要抓好落实。\n"
    task = _tasks(text)[0]
    assert (task.lead_units, task.co_units) == (("区数据局",), ("区财政局",))
    assert text[task.start : task.end].endswith("区财政局配合。")


def test_a_note_that_a_hard_wrapped_text_broke_over_two_lines_is_read() -> None:
    text = "1.建设平台。推动数据共享。（牵头单位：省数据局；配合单位：省发展改革\n委、省财政厅）\n2.完善网络。（省通信管理局负责）\n"
    tasks = _tasks(text)
    assert (tasks[0].lead_units, tasks[0].co_units) == (("省数据局",), ("省发展改革委", "省财政厅"))
    assert text[tasks[0].start : tasks[0].end].endswith("省财政厅）")


def test_a_measure_named_like_a_support_section_stays_in_the_task_part() -> None:
    text = "一、重点任务\n1.完善工作机制。建立月调度制度。\n2.加强组织领导。成立工作专班。\n二、强化组织领导\n1.压实责任。各部门要落实。\n"
    assert [task.title for task in _tasks(text)] == ["重点任务", "完善工作机制", "加强组织领导"]


def test_a_support_line_with_a_verb_but_no_units_is_no_note() -> None:
    """Issue #11: 加强组织领导，各部门要密切配合 says 配合 but names no unit; the unnoted support
    section it closes gives no task."""
    text = ("二、重点任务\n1.改造乡镇商贸中心。（牵头单位：县商务局）\n"
            "三、保障措施\n\n加强组织领导，各部门要密切配合。\n")
    assert [task.title for task in _tasks(text)] == ["重点任务", "改造乡镇商贸中心"]


@pytest.mark.parametrize(
    ("line", "lead", "co"),
    [
        ("1.建设平台。推进数据共享。区数据局牵头，区财政局配合。\n", ("区数据局",), ("区财政局",)),
        ("1.完善网络。区工信局负责。\n", ("区工信局",), ()),
        ("1.整治农村人居环境。各乡镇按职责分工负责。\n", ("各乡镇",), ()),
        ("1.由区数据局牵头建设平台。\n", (), ()),  # one sentence: the measure's own words
        ("1.建设平台。加强组织领导，各部门要密切配合。\n", (), ()),  # names no unit
    ],
)
def test_a_verb_note_closing_the_measures_line_is_read(line: str, lead: tuple[str, ...], co: tuple[str, ...]) -> None:
    """Issue #11 point 1: X牵头，Y配合 / X负责 written as the last sentence of the measure, unbracketed."""
    task = _tasks(line)[0]
    assert (task.lead_units, task.co_units) == (lead, co)
