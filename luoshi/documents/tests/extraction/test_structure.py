"""The structure step: title, headings, enumerations in every form, Q&A blocks and speakers."""

from __future__ import annotations

import pytest

from luoshi.documents.extraction.datatypes import Span
from luoshi.documents.extraction.structure import find_structure, parse_speaker

from .builders import document

REPORT = """某县2024年政府工作报告
——2024年1月8日在某县人民代表大会上
某县县长 张三

一、2023年工作回顾
（一）经济运行稳中有进。全年地区生产总值增长6%。
1.工业生产提速。规上工业增加值增长8%。
2.服务业回暖。一是消费回升；二是旅游火热。
（二）民生持续改善。
二、2024年工作安排
着力扩大有效投资
①加快项目建设。
②强化要素保障。
"""

PRESS = """某区新闻发布会
01
今年以来营商环境有哪些新变化？
区发展改革委主任李四：
一是服务更快。办事时限压缩一半。
二是成本更低。
02
下一步有何打算？
区财政局局长王五:
我们将继续推进。
"""


def _sections(text: str) -> list[tuple[str, str, int, str, str | None]]:
    result = find_structure(document(text))
    by_id = {section.id: section for section in result.sections}
    return [
        (
            section.marker,
            section.title,
            section.level,
            section.kind,
            by_id[section.parent_id].title if section.parent_id else None,
        )
        for section in result.sections
    ]


def test_a_report_nests_numbered_headings_by_rank() -> None:
    assert _sections(REPORT) == [
        ("一、", "2023年工作回顾", 1, "enumeration", None),
        ("（一）", "经济运行稳中有进", 2, "enumeration", "2023年工作回顾"),
        ("1.", "工业生产提速", 3, "enumeration", "经济运行稳中有进"),
        ("2.", "服务业回暖", 3, "enumeration", "经济运行稳中有进"),
        ("一是", "消费回升", 4, "enumeration", "服务业回暖"),
        ("二是", "旅游火热", 4, "enumeration", "服务业回暖"),
        ("（二）", "民生持续改善", 2, "enumeration", "2023年工作回顾"),
        ("二、", "2024年工作安排", 1, "enumeration", None),
        ("", "着力扩大有效投资", 2, "heading", "2024年工作安排"),
        ("①", "加快项目建设", 3, "enumeration", "着力扩大有效投资"),
        ("②", "强化要素保障", 3, "enumeration", "着力扩大有效投资"),
    ]


def test_the_title_its_second_line_and_the_byline_are_not_sections() -> None:
    result = find_structure(document(REPORT))
    assert result.meta.title_span is not None and result.meta.title_span.text == "某县2024年政府工作报告"
    assert [(s.unit, s.post, s.name) for s in result.meta.speakers] == [("某县", "县长", "张三")]


def test_sections_end_where_the_next_of_their_rank_starts() -> None:
    result = find_structure(document(REPORT))
    first, inline = result.sections[0], result.sections[4]
    assert REPORT[first.start : first.end].endswith("（二）民生持续改善。")
    assert REPORT[inline.start : inline.end] == "一是消费回升；"
    assert all(0 <= s.start <= s.end <= len(REPORT) for s in result.sections)


def test_a_press_conference_has_numbered_questions_with_their_answering_officials() -> None:
    result = find_structure(document(PRESS, kind="press_conference"))
    questions = [s for s in result.sections if s.kind == "qa"]
    assert [(q.marker, q.question) for q in questions] == [
        ("01", "今年以来营商环境有哪些新变化？"),
        ("02", "下一步有何打算？"),
    ]
    assert [(q.speaker.unit, q.speaker.post, q.speaker.name) for q in questions if q.speaker] == [
        ("区发展改革委", "主任", "李四"),
        ("区财政局", "局长", "王五"),
    ]
    answers = [s for s in result.sections if s.parent_id == questions[0].id]
    assert [s.title for s in answers] == ["服务更快", "成本更低"]


def test_a_reporter_line_opens_a_question_block() -> None:
    text = "标题\n记者：今年有哪些新举措？\n某局局长赵六：\n一是简化审批。\n"
    result = find_structure(document(text))
    (question,) = [s for s in result.sections if s.kind == "qa"]
    assert question.question == "今年有哪些新举措？"
    assert question.speaker is not None and question.speaker.name == "赵六"


def test_furniture_lines_are_neither_headings_nor_title() -> None:
    text = "字号:\n正文标题\n着力扩大有效投资\n新增项目12个。\n"
    furniture = (Span(0, 3, "furniture:tools", "字号:"),)
    result = find_structure(document(text, furniture=furniture))
    assert result.meta.title_span is not None and result.meta.title_span.text == "正文标题"
    assert [s.title for s in result.sections] == ["着力扩大有效投资"]


@pytest.mark.parametrize(
    ("who", "unit", "post", "name"),
    [
        ("市发改委党组书记、主任邵明远", "市发改委", "党组书记、主任", "邵明远"),
        ("江北新区区委常委、副区长林晓", "江北新区", "区委常委、副区长", "林晓"),
        ("临港经济区党委书记、管委会主任韩卫东", "临港经济区", "党委书记、管委会主任", "韩卫东"),
        ("省统计局新闻发言人孙七", "省统计局", "新闻发言人", "孙七"),
        ("区教育局副局长周八", "区教育局", "副局长", "周八"),
    ],
)
def test_it_splits_a_speaker_into_unit_post_and_name(who: str, unit: str, post: str, name: str) -> None:
    speaker = parse_speaker(who, 0)
    assert speaker is not None
    assert (speaker.unit, speaker.post, speaker.name) == (unit, post, name)


@pytest.mark.parametrize("who", ["主要有以下几方面", "主持人", "其中"])
def test_a_line_ending_in_a_colon_is_not_always_a_speaker(who: str) -> None:
    assert parse_speaker(who, 0) is None
