"""The furniture step: page furniture lines are marked, document lines are not."""

from __future__ import annotations

import pytest

from luoshi.documents.extraction.furniture import find_furniture, furniture_label

from .builders import document


@pytest.mark.parametrize(
    ("line", "label"),
    [
        ("1839204471605528137", "id"),
        ("checktaskdate=1754/1/1 0:00:00&unchecktaskdate=1754/1/1&ssbm=", "query_string"),
        ("市人民政府 主任 王某&showtitle=&maintype=", "query_string"),
        ("某某网版权所有,未经书面授权禁止使用", "copyright"),
        ("备案序号:京ICP备12345678号-1 京公网安备 11010502000001号", "licence"),
        ("某市互联网违法和不良信息举报中心 举报入口", "hotline"),
        ("稿源:某某网   编辑:张三   2024-09-30 00:08", "byline"),
        ("（责任编辑：王丽）", "byline"),
        ("发布日期: 2024-01-11 08:33      来源: 某某发布", "byline"),
        ("字号:", "tools"),
        ("• 扫一扫在手机打开当前页", "tools"),
        ("【大 中 小】", "tools"),
        ("某省人民政府门户网站 政务邮箱", "navigation"),
        ("全国各省市政府网站", "navigation"),
        ("重点链接", "navigation"),
        ("图为设立在某区的自助服务厅", "caption"),
        ("(图片为资料图)", "caption"),
        ("主办单位：某市人民政府办公厅", "organisers"),
    ],
)
def test_it_labels_furniture_lines(line: str, label: str) -> None:
    assert furniture_label(line) == label


@pytest.mark.parametrize(
    "line",
    [
        "城镇新增就业7.3万人，高质量发展取得新成效。",
        "2023年工作回顾",
        "市发改委党组书记、主任邵明远：",
        "一是坚持错位发展。",
        "来源于群众的意见建议逐条办理。",
    ],
)
def test_it_leaves_document_lines_alone(line: str) -> None:
    assert furniture_label(line) is None


def test_spans_cover_whole_lines_exactly() -> None:
    text = "标题\n  字号:  \n正文新增3家。\n1839204471605528137\n"
    spans = find_furniture(document(text)).furniture
    assert [(span.text, text[span.start : span.end]) for span in spans] == [
        ("字号:", "字号:"),
        ("1839204471605528137", "1839204471605528137"),
    ]
