"""Properties on arbitrary text: the pipeline never raises and every span indexes the text exactly."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from luoshi.documents.extraction import Extraction, extract

FRAGMENTS = [
    "增长",
    "同比增长",
    "下降",
    "达到",
    "超过",
    "突破",
    "约",
    "近",
    "不低于",
    "控制在",
    "以上",
    "以内",
    "左右",
    "余",
    "持平",
    "翻番",
    "力争",
    "预计",
    "将",
    "已",
    "年内",
    "年底前",
    "10月底前",
    "6月30日前",
    "2024年",
    "1—8月份",
    "12",
    "9.6",
    "7391.6",
    "１２３",
    "1,234",
    "两",
    "三",
    "十二",
    "万",
    "亿",
    "万亿",
    "百分之",
    "百",
    "千",
    "个",
    "家",
    "项",
    "人",
    "人次",
    "万人",
    "亿元",
    "万吨",
    "%",
    "％",
    "个百分点",
    "倍",
    "公里",
    "平方米",
    "标准箱",
    "项目",
    "工程",
    "举措",
    "措施",
    "任务",
    "政策",
    "民心工程",
    "总投资",
    "完成投资",
    "的",
    "、",
    "，",
    "。",
    "；",
    "：",
    "？",
    "\n",
    "\n\n",
    "一是",
    "二是",
    "（一）",
    "一、",
    "1.",
    "①",
    "01\n",
    "记者：",
    "主任张三：",
    "2023年工作回顾\n",
    "2024年重点工作\n",
    "其中，",
    "围绕",
    "提出",
    "第",
    "“",
    "”",
    "A",
    "5G",
    "+",
    "×",
    "checktaskdate=1&x=2&",
    "版权所有",
    "1839204471605528137",
    "（牵头单位：区发展改革委）",
    "（市财政局牵头，各区县政府配合）",
    "(责任单位:市税务局,市商务局)",
    "牵头单位：县发改局\n",
    "时间节点：2025年2月30日\n",
    "完成时限：持续推进",
    "【配合单位】",
    "排序第一的为牵头单位",
    "以下均由各区政府负责落实，不再列出",
    "各市（州）、各县（市、区）人民政府",
    "和各",
    "(二)",
    "（1）",
    "1）",
    "保障措施\n",
    "指导思想\n",
    " ",
    "\u3000",
]


def _assert_spans_index_the_text(result: Extraction) -> None:
    text = result.text
    size = len(text)
    for item in result.items:
        assert 0 <= item.start <= item.end <= size
        assert text[item.start : item.end] == item.quote
        assert 0 <= item.number_start <= item.number_end <= size
    for measure in result.measures:
        assert 0 <= measure.start <= measure.end <= size
        assert text[measure.start : measure.end] == measure.text
    for section in result.sections:
        assert 0 <= section.start <= section.end <= size
        if section.speaker is not None:
            span = section.speaker.span
            assert text[span.start : span.end] == span.text
    for span in result.furniture:
        assert 0 <= span.start <= span.end <= size
        assert text[span.start : span.end] == span.text
    for speaker in result.meta.speakers:
        assert text[speaker.span.start : speaker.span.end] == speaker.span.text
    ids = {task.id for task in result.tasks}
    for task in result.tasks:
        assert 0 <= task.start < task.end <= size
        assert task.parent_id is None or task.parent_id in ids and task.parent_id < task.id
        assert not set(task.lead_units) & set(task.co_units)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_arbitrary_unicode_never_breaks_the_pipeline(text: str) -> None:
    _assert_spans_index_the_text(extract(text))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=60).map("".join))
def test_text_made_of_number_unit_and_comparator_fragments_never_breaks_the_pipeline(text: str) -> None:
    _assert_spans_index_the_text(extract(text))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=5)), max_size=40).map("".join))
def test_fragments_mixed_with_noise_never_break_the_pipeline(text: str) -> None:
    _assert_spans_index_the_text(extract(text))
