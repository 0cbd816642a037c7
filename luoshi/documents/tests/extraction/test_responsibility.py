"""Responsibility notes read into lead units, co-units, deadline, person and outcome (table tests)."""

from __future__ import annotations

import pytest

from luoshi.documents.extraction.responsibility import is_note, read_note, split_units


@pytest.mark.parametrize(
    ("written", "units"),
    [
        ("县财政局、县税务局", ["县财政局", "县税务局"]),
        ("市公安局,市税务局；市民政局;市人社局", ["市公安局", "市税务局", "市民政局", "市人社局"]),
        ("区国资委和各街道", ["区国资委", "各街道"]),
        ("市住房和城乡建设局", ["市住房和城乡建设局"]),
        ("各市（州）、各县（市、区）人民政府", ["各市（州）、各县（市、区）人民政府"]),
        ("省教育厅、各市〔州〕、各县〔市、区〕人民政府", ["省教育厅", "各市〔州〕、各县〔市、区〕人民政府"]),
        ("各区县(市)人民政府,各开发区管委会", ["各区县(市)人民政府", "各开发区管委会"]),
        ("省交通运输厅等有关部门", ["省交通运输厅"]),
        ("市卫生健康委等", ["市卫生健康委"]),
        ("其他有关部门", ["其他有关部门"]),
        ("各成员单位", ["各成员单位"]),
        ("由区教育局", ["区教育局"]),
    ],
)
def test_unit_lists_split_as_written(written: str, units: list[str]) -> None:
    assert split_units(written) == units


@pytest.mark.parametrize(
    ("note", "lead", "co"),
    [
        ("牵头单位：市数据局；配合单位：市财政局、市发改委", ("市数据局",), ("市财政局", "市发改委")),
        ("牵头单位:区卫健委,责任单位:区民政局", ("区卫健委",), ("区民政局",)),
        ("责任单位：县教育局、县财政局", ("县教育局", "县财政局"), ()),
        ("协办单位：县司法局；牵头部门：县信访局", ("县信访局",), ("县司法局",)),
        ("市交通局牵头，市公安局、市城管局配合", ("市交通局",), ("市公安局", "市城管局")),
        ("市人社局、市医保局按职责分工负责，各县区政府配合", ("市人社局", "市医保局"), ("各县区政府",)),
        ("市人社局、市医保局按职责负责", ("市人社局", "市医保局"), ()),
        ("区应急局、区消防救援大队负责", ("区应急局", "区消防救援大队"), ()),
        ("由县农业农村局牵头负责", ("县农业农村局",), ()),
        ("市商务局会同市财政局负责", ("市商务局",), ("市财政局",)),
        ("市文旅局牵头，市体育局和各区政府配合", ("市文旅局",), ("市体育局", "各区政府")),
        ("责任单位：县发改局（牵头）、县住建局", ("县发改局",), ("县住建局",)),
        ("市税务局牵头、各县区政府配合", ("市税务局",), ("各县区政府",)),
        ("省发展改革委牵头，省有关部门按职责分工负责", ("省发展改革委",), ("省有关部门",)),
        ("市发改委为牵头单位，市财政局为配合单位", ("市发改委",), ("市财政局",)),
        ("牵头责任单位：市残联；配合责任单位：市妇联", ("市残联",), ("市妇联",)),
        ("牵头单位：省林业局。各市州人民政府负责落实；以下均由各市州人民政府负责落实，不再列出", ("省林业局",), ()),
    ],
)
def test_notes_give_lead_and_co_units(note: str, lead: tuple[str, ...], co: tuple[str, ...]) -> None:
    reading = read_note(note)
    assert (reading.lead_units, reading.co_units) == (lead, co)


@pytest.mark.parametrize(
    ("note", "lead", "co"),
    [
        ("区应急局、区消防救援大队负责", ("区应急局",), ("区消防救援大队",)),
        ("责任单位：县教育局、县财政局、县人社局", ("县教育局",), ("县财政局", "县人社局")),
        ("市交通局牵头，市公安局配合", ("市交通局",), ("市公安局",)),
        ("市人社局、市医保局按职责分工负责", ("市人社局", "市医保局"), ()),
        ("县水务局、县林业局负责，列第一位的单位为牵头单位", ("县水务局",), ("县林业局",)),
    ],
)
def test_under_the_order_rule_a_plain_list_gives_the_first_the_lead(
    note: str, lead: tuple[str, ...], co: tuple[str, ...]
) -> None:
    reading = read_note(note, order_rule=True)
    assert (reading.lead_units, reading.co_units) == (lead, co)


def test_labels_give_deadline_person_and_outcome() -> None:
    reading = read_note("牵头单位：区数据局；完成时限：2026年6月底前；责任人：李红；预期成效：建成一网通办平台")
    assert reading.deadline_text == "2026年6月底前"
    assert reading.responsible_person == "李红"
    assert reading.expected_outcome == "建成一网通办平台"


def test_a_time_phrase_inside_a_verb_note_is_its_deadline() -> None:
    reading = read_note("区生态环境局牵头，区水务局配合，2026年底前完成")
    assert reading.deadline_text == "2026年底前完成"
    assert reading.co_units == ("区水务局",)


@pytest.mark.parametrize(
    ("content", "note"),
    [
        ("牵头单位：市数据局", True),
        ("市税务局牵头，各县区政府配合", True),
        ("区财政局负责", True),
        ("2026年底前完成", True),
        ("含个体工商户", False),
        ("SPV", False),
        ("具体措施有明确执行期限的，从其规定", False),
    ],
)
def test_a_note_is_told_from_an_aside(content: str, note: bool) -> None:
    assert is_note(content) is note


@pytest.mark.parametrize(
    "sentence",
    ["排序第一的为牵头单位", "排名第一的单位为牵头单位", "排在首位的为牵头部门", "列第一位的部门为牵头部门",
     "排第一位的为牵头单位", "第一个单位为牵头单位"],
)
def test_order_rule_wordings(sentence: str) -> None:
    from luoshi.documents.extraction.responsibility import states_order_rule

    assert states_order_rule(f"各项任务中，{sentence}，其余为配合单位。")
