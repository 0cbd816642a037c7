"""The quantities step: unit, multiplier and comparator for numbers that are figures; the rest left out."""

from __future__ import annotations

import re

import pytest

from luoshi.documents.extraction.datatypes import DocumentKind, NumberToken
from luoshi.documents.extraction.quantities import find_quantities

from .builders import document

_DIGITS = re.compile(r"[0-9０-９]+(?:[.．][0-9]+)?(?:万亿|亿|万)?")


def _tokens(text: str, chinese: tuple[tuple[str, float], ...] = ()) -> tuple[NumberToken, ...]:
    """Number tokens by hand: Arabic digits (with 万/亿) and the listed Chinese numerals."""
    tokens: list[NumberToken] = []
    for match in _DIGITS.finditer(text):
        written = match.group()
        factor = (
            1e12
            if written.endswith("万亿")
            else 1e8
            if written.endswith("亿")
            else 1e4
            if written.endswith("万")
            else 1
        )
        digits = written.rstrip("万亿")
        tokens.append(
            NumberToken(
                match.start(),
                match.end(),
                round(float(digits) * factor, 6),
                written,
                False,
                multiplier=float(factor),
            )
        )
    for written, value in chinese:
        at = text.index(written)
        tokens.append(NumberToken(at, at + len(written), value, written, True))
    return tuple(sorted(tokens, key=lambda token: token.start))


def _quantities(
    text: str, chinese: tuple[tuple[str, float], ...] = (), kind: DocumentKind = "work_report"
) -> list[tuple[float, str, str]]:
    result = find_quantities(document(text, kind=kind, numbers=_tokens(text, chinese)))
    return [(q.value, q.unit, q.comparator) for q in result.quantities]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("全县生产总值同比增长5.2%左右", [(5.2, "%", "about")]),
        ("城镇新增就业7.3万人", [(73_000, "人", "eq")]),
        ("港口吞吐量超1865万标准箱", [(18_650_000, "标准箱", "gte")]),
        ("注册企业4900余家", [(4900, "家", "gte")]),
        ("引进企业100多家", [(100, "家", "gte")]),
        ("城镇调查失业率控制在5.5%以内", [(5.5, "%", "lte")]),
        ("居民消费价格涨幅不超过3%", [(3, "%", "lte")]),
        ("粮食总产量稳定在52万吨以上", [(520_000, "吨", "gte")]),
        ("约占全市71%", [(71, "%", "about")]),
        ("约占全省14个市的43.6%", [(43.6, "%", "about")]),
        ("达标率高于全省12个百分点", [(12, "百分点", "eq")]),
        ("城市空气优良天数比例达86.2%", [(86.2, "%", "eq")]),
        ("高新技术产业产值突破950亿元，同比增长12.8%", [(95_000_000_000, "元", "gte"), (12.8, "%", "eq")]),
        ("力争突破6项装备制造关键核心技术", [(6, "项", "eq")]),
        ("工业机器人产量增长超3倍", [(3, "倍", "gte")]),
        ("固定资产投资同比持平", [(0, "%", "about")]),
        ("高新技术产业产值实现翻番", [(2, "倍", "eq")]),
        ("预计每年处理量将逐步增加到150万吨", [(1_500_000, "吨", "about")]),
        ("新增学位3—5万个", [(30_000, "个", "gte"), (50_000, "个", "lte")]),
        ("控制在32微克/立方米以下", [(32, "微克/立方米", "lte")]),
        ("实际利用外资2.3亿美元", [(230_000_000, "美元", "eq")]),
        ("全年有望实现5%以上的增长目标", [(5, "%", "gte")]),
    ],
)
def test_it_reads_unit_multiplier_and_comparator(text: str, expected: list[tuple[float, str, str]]) -> None:
    assert _quantities(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "第四次全国经济普查",  # ordinal
        "空客A321客改货项目",  # glued to letters
        "打造6个5G全链接工厂",  # 5G is a name (the 6 stays, checked below)
        "构建8+8+8现代化产业体系",  # slogan
        "实现7×24小时通关",  # formula and duration
        "国家这次从6个方面提出",  # scope count
        "突出抓好8条产业链",  # scope count
        "约占全市16个区的",  # denominator
        "12个国控监测断面达标率100%",  # denominator of a rate (the rate stays, checked below)
        "石化80万吨芳烃产业基地等项目投产",  # capacity inside a name
        "新签约亿元以上项目",  # class descriptor
        "对营业收入超1亿元的企业",  # class descriptor
        "2024年是关键之年",  # year
        "1—8月份增加值",  # month span
        "提前3年完成",  # duration
        "印发实施已有2个月",  # duration
        "三次产业比10.2∶40.1∶49.7",  # ratio
        "举报电话:25204288",  # phone number
        "建成百亿级产业项目",  # size class
        "41个工业大类行业中有",  # the whole a part is taken from
        "进入全国前10名",  # rank
    ],
)
def test_it_leaves_out_numbers_that_are_not_figures(text: str) -> None:
    values = [value for value, _, _ in _quantities(text)]
    assert values in ([], [6], [100])


@pytest.mark.parametrize(
    ("text", "chinese", "expected"),
    [
        ("年内秸秆处理能力将达到万吨水平", (("万", 10_000),), [(10_000, "吨", "about")]),
        ("新建两所学校", (("两", 2),), [(2, "所", "eq")]),
        ("建立并围绕五个一工作体系", (("五", 5),), []),
        ("有力落实十项行动", (("十", 10),), []),
        ("中电科十八所、航天五院", (("十八", 18),), []),
        ("完成六个“百分百”改造", (("六", 6),), []),
        ("突出一个工作重点", (("一", 1),), []),
        ("万元GDP能耗下降3%", (("万", 10_000),), [(3, "%", "eq")]),
    ],
)
def test_chinese_numerals_count_only_after_a_verb_and_outside_slogans(
    text: str, chinese: tuple[tuple[str, float], ...], expected: list[tuple[float, str, str]]
) -> None:
    assert _quantities(text, chinese) == expected


def test_a_policy_package_rule_sentence_gives_no_quantities() -> None:
    text = "到2025年，企业达到600家。对年营业收入首次突破1亿元的企业，给予最高50万元奖励。"
    assert _quantities(text, kind="policy") == [(600, "家", "eq")]


def test_quantity_spans_index_the_text() -> None:
    text = "港口吞吐量超1865万标准箱，同比增长3.9%"
    result = find_quantities(document(text, numbers=_tokens(text)))
    assert [text[q.number_start : q.number_end] for q in result.quantities] == ["1865万", "3.9"]
    assert [text[q.start : q.end] for q in result.quantities] == ["1865万标准箱", "3.9%"]
