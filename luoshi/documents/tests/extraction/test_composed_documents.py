"""End-to-end tables over documents composed in the manner of other places' reports.

Each row names an item the pipeline must find (kind, value, unit, comparator, period) by a
snippet of its quote; the last test of each document also checks that nothing else was found,
because false positives cost as much as misses.
"""

from __future__ import annotations

from datetime import date

import pytest

from luoshi.documents.extraction import Extraction, Item, extract

from . import composed

Expected = tuple[str, str, float, str, str, str | None]  # snippet, kind, value, unit, comparator, period

COUNTY: list[Expected] = [
    ("地区生产总值完成286.5亿元", "actual", 28_650_000_000, "元", "about", "2023"),
    ("同比增长6.2%", "actual", 6.2, "%", "eq", "2023"),
    ("一般公共预算收入18.3亿元", "actual", 1_830_000_000, "元", "eq", "2023"),
    ("增长8.5%", "actual", 8.5, "%", "eq", "2023"),
    ("分别达到41200元", "actual", 41_200, "元", "eq", "2023"),
    ("41200元和19800元", "actual", 19_800, "元", "eq", "2023"),
    ("分别增长5.1%", "actual", 5.1, "%", "eq", "2023"),
    ("5.1%和7.3%", "actual", 7.3, "%", "eq", "2023"),
    ("重点项目156个", "project", 156, "个", "eq", "2023"),
    ("亿元以上项目48个", "project", 48, "个", "eq", "2023"),
    ("协议引资总额达325亿元", "actual", 32_500_000_000, "元", "eq", "2023"),
    ("新增规模以上工业企业23家", "actual", 23, "家", "eq", "2023"),
    ("总数达到312家", "actual", 312, "家", "eq", "2023"),
    ("粮食总产量达到52.6万吨", "actual", 526_000, "吨", "eq", "2023"),
    ("稳定在50万吨以上", "actual", 500_000, "吨", "gte", "2023"),
    ("新建高标准农田3.2万亩", "actual", 32_000, "亩", "eq", "2023"),
    ("改造农村公路186公里", "actual", 186, "公里", "eq", "2023"),
    ("覆盖人口1.2万人", "actual", 12_000, "人", "eq", "2023"),
    ("城镇新增就业6850人", "actual", 6_850, "人", "eq", "2023"),
    ("失业率控制在5.2%以内", "actual", 5.2, "%", "lte", "2023"),
    ("中小学和幼儿园12所", "actual", 12, "所", "eq", "2023"),
    ("新增学位5400个", "actual", 5_400, "个", "eq", "2023"),
    ("新增床位600张", "actual", 600, "张", "eq", "2023"),
    ("人大代表建议126件", "actual", 126, "件", "eq", "2023"),
    ("政协提案168件", "actual", 168, "件", "eq", "2023"),
    ("办复率均达100%", "actual", 100, "%", "eq", "2023"),
    ("地区生产总值增长6%左右", "target", 6, "%", "about", "2024"),
    ("一般公共预算收入增长5%", "target", 5, "%", "eq", "2024"),
    ("全年完成固定资产投资增长5%以上", "target", 5, "%", "gte", "2024"),
    ("失业率控制在5.5%以内", "target", 5.5, "%", "lte", "2024"),
    ("万元GDP能耗下降3%", "target", 3, "%", "eq", "2024"),
    ("粮食总产量稳定在52万吨以上", "target", 520_000, "吨", "gte", "2024"),
    ("新开工亿元以上项目120个", "project", 120, "个", "eq", "2024"),
    ("完成重点项目投资230亿元", "target", 23_000_000_000, "元", "eq", "2024"),
    ("规模以上工业企业20家以上", "target", 20, "家", "gte", "2024"),
    ("高新技术企业达到45家", "target", 45, "家", "eq", "2024"),
    ("实施技术改造项目30个", "project", 30, "个", "eq", "2024"),
    ("扎实办好10项民生实事", "count", 10, "项", "eq", "2024"),
    ("新增城镇就业6500人", "target", 6_500, "人", "eq", "2024"),
    ("改造老旧小区35个", "target", 35, "个", "eq", "2024"),
]

PROVINCE: list[Expected] = [
    ("地区生产总值突破5.2万亿元", "actual", 5_200_000_000_000, "元", "gte", "2023"),
    ("增长5.8%", "actual", 5.8, "%", "eq", "2023"),
    ("高于全国0.6个百分点", "actual", 0.6, "百分点", "eq", "2023"),
    ("工业增加值增长6.5%", "actual", 6.5, "%", "eq", "2023"),
    ("零售总额2.1万亿元", "actual", 2_100_000_000_000, "元", "eq", "2023"),
    ("增长7.4%", "actual", 7.4, "%", "eq", "2023"),
    ("进出口总额1.3万亿元", "actual", 1_300_000_000_000, "元", "eq", "2023"),
    ("其中出口8600亿元", "actual", 860_000_000_000, "元", "eq", "2023"),
    ("研发经费投入增长12%左右", "actual", 12, "%", "about", "2023"),
    ("高新技术企业超过1.8万家", "actual", 18_000, "家", "gte", "2023"),
    ("技术合同成交额达到2650亿元", "actual", 265_000_000_000, "元", "eq", "2023"),
    ("新建5G基站3.6万个", "actual", 36_000, "个", "eq", "2023"),
    ("累计达到18.2万个", "actual", 182_000, "个", "eq", "2023"),
    ("平均浓度下降4.1%", "actual", 4.1, "%", "eq", "2023"),
    ("优良天数比例达到82.3%", "actual", 82.3, "%", "eq", "2023"),
    ("森林覆盖率提高到38.6%", "actual", 38.6, "%", "eq", "2023"),
    ("城镇新增就业106万人", "actual", 1_060_000, "人", "eq", "2023"),
    ("可支配收入增长6.3%", "actual", 6.3, "%", "eq", "2023"),
    ("新增养老床位1.2万张", "actual", 12_000, "张", "eq", "2023"),
    ("地区生产总值增长5.5%左右", "target", 5.5, "%", "about", "2024"),
    ("工业增加值增长6%", "target", 6, "%", "eq", "2024"),
    ("城镇新增就业100万人以上", "target", 1_000_000, "人", "gte", "2024"),
    ("涨幅3%左右", "target", 3, "%", "about", "2024"),
    ("粮食产量保持在700亿斤以上", "target", 70_000_000_000, "斤", "gte", "2024"),
    ("能耗降低2.5%", "target", 2.5, "%", "eq", "2024"),
    ("研发经费投入增长10%以上", "target", 10, "%", "gte", "2024"),
    ("高新技术企业突破2万家", "target", 20_000, "家", "gte", "2024"),
    ("高新技术产业产值实现翻番", "target", 2, "倍", "eq", "2027"),
    ("省重点建设项目1200个", "project", 1_200, "个", "eq", "2024"),
    ("实施城市更新项目500个", "project", 500, "个", "eq", "2024"),
    ("城镇老旧小区2800个", "target", 2_800, "个", "eq", "2024"),
    ("控制在32微克/立方米以下", "target", 32, "微克/立方米", "lte", "2024"),
    ("优良天数比例达到83%以上", "target", 83, "%", "gte", "2024"),
]

ZONE: list[Expected] = [
    ("规上工业总产值865亿元", "actual", 86_500_000_000, "元", "eq", "2023"),
    ("同比增长9.2%", "actual", 9.2, "%", "eq", "2023"),
    ("实际利用外资2.3亿美元", "actual", 230_000_000, "美元", "eq", "2023"),
    ("固定资产投资同比增长15%左右", "actual", 15, "%", "about", "2023"),
    ("签约项目58个", "project", 58, "个", "eq", "2023"),
    ("10亿元以上项目9个", "project", 9, "个", "eq", "2023"),
    ("世界500强企业投资项目3个", "project", 3, "个", "eq", "2023"),
    ("高新技术企业突破500家", "actual", 500, "家", "gte", "2023"),
    ("研发平台18个", "actual", 18, "个", "eq", "2023"),
    ("发明专利授权量达1260件", "actual", 1_260, "件", "eq", "2023"),
    ("12项改革举措", "count", 12, "项", "eq", "2023"),
    ("实施重点项目80个", "project", 80, "个", "eq", "2024"),
    ("新开工项目40个以上", "project", 40, "个", "gte", "2024"),
    ("竣工项目25个", "project", 25, "个", "eq", "2024"),
    ("光伏产业产值突破300亿元", "target", 30_000_000_000, "元", "gte", "2024"),
    ("新增规上工业企业30家", "target", 30, "家", "eq", "2024"),
    ("盘活低效用地1500亩", "target", 1_500, "亩", "eq", "2024"),
    ("新建标准厂房20万平方米", "target", 200_000, "平方米", "eq", "2024"),
]

PRESS: list[Expected] = [
    ("共5个方面28条措施", "count", 28, "条", "eq", "2024"),
    ("28条措施已全部落地", "count", 28, "条", "eq", "2024"),
    ("新登记市场主体1.26万户", "actual", 12_600, "户", "eq", "2024"),
    ("同比增长18.5%", "actual", 18.5, "%", "eq", "2024"),
    ("涉企审批事项3.2万件", "actual", 32_000, "件", "eq", "2024"),
    ("压缩60%以上", "actual", 60, "%", "gte", "2024"),
    ("再推出20项改革举措", "count", 20, "项", "eq", "2024"),
    ("新增市场主体突破2.5万户", "target", 25_000, "户", "gte", "2024"),
    ("减税降费4.8亿元", "actual", 480_000_000, "元", "eq", "2024"),
    ("惠及企业1.1万家", "actual", 11_000, "家", "eq", "2024"),
    ("总规模5亿元", "actual", 500_000_000, "元", "eq", "2024"),
    ("为326家企业", "actual", 326, "家", "eq", "2024"),
    ("转贷18.6亿元", "actual", 1_860_000_000, "元", "eq", "2024"),
    ("兑现各类惠企资金2.3亿元", "target", 230_000_000, "元", "eq", "2024"),
]

POLICY: list[Expected] = [
    ("规模以上工业企业达到600家", "target", 600, "家", "eq", "2025"),
    ("先进制造业产值突破2000亿元", "target", 200_000_000_000, "元", "gte", "2025"),
    ("“小巨人”企业20家以上", "target", 20, "家", "gte", "2025"),
]

NOTICE: list[Expected] = [
    ("新开工重点项目50个", "project", 50, "个", "eq", "2024"),
    ("新增城镇就业8000人以上", "target", 8_000, "人", "gte", "2024"),
    ("完成30个老旧小区改造", "target", 30, "个", "eq", "2024"),
]

DOCUMENTS: dict[str, tuple[str, list[Expected]]] = {
    "county": (composed.COUNTY_REPORT, COUNTY),
    "province": (composed.PROVINCE_REPORT, PROVINCE),
    "zone": (composed.ZONE_REPORT, ZONE),
    "press": (composed.PRESS_CONFERENCE, PRESS),
    "policy": (composed.POLICY_PACKAGE, POLICY),
    "notice": (composed.TASK_NOTICE, NOTICE),
}


def _extraction(name: str) -> Extraction:
    return extract(DOCUMENTS[name][0])


def _find(extraction: Extraction, snippet: str, value: float, unit: str) -> Item:
    at = extraction.text.find(snippet)
    assert at >= 0, f"snippet {snippet!r} is not in the document"
    for item in extraction.items:
        if item.unit == unit and abs(item.value - value) <= 1e-6 * max(1.0, abs(value)):
            if item.start < at + len(snippet) and at < item.end:
                return item
    found = [(item.value, item.unit, item.quote) for item in extraction.items]
    raise AssertionError(f"no item {value:g} {unit} at {snippet!r}; found {found}")


CASES = [(name, row) for name, (_, rows) in DOCUMENTS.items() for row in rows]


@pytest.mark.parametrize(("document", "row"), CASES, ids=[f"{name}:{row[0]}" for name, row in CASES])
def test_it_finds_the_item(document: str, row: Expected) -> None:
    snippet, kind, value, unit, comparator, period = row
    item = _find(_extraction(document), snippet, value, unit)
    assert (item.kind, item.comparator, item.period) == (kind, comparator, period)


@pytest.mark.parametrize("document", list(DOCUMENTS))
def test_it_finds_nothing_else(document: str) -> None:
    extraction = _extraction(document)
    expected = DOCUMENTS[document][1]
    matched = {id(_find(extraction, snippet, value, unit)) for snippet, _, value, unit, _, _ in expected}
    extra = [
        (item.kind, item.value, item.unit, item.quote) for item in extraction.items if id(item) not in matched
    ]
    assert extra == []


def test_a_county_report_has_numbered_parts_with_periods() -> None:
    extraction = _extraction("county")
    assert extraction.meta.kind == "work_report"
    assert extraction.meta.title == "2024年政府工作报告"
    assert extraction.meta.date == date(2024, 1, 8)
    assert extraction.meta.issuer == "青山县"
    assert [(s.unit, s.post, s.name) for s in extraction.meta.speakers] == [("青山县", "县长", "李明华")]
    tops = [(s.marker, s.title, s.mode, s.period) for s in extraction.sections if s.level == 1]
    assert tops == [("一、", "2023年工作回顾", "review", "2023"), ("二、", "2024年工作安排", "plan", "2024")]
    children = [s.title for s in extraction.sections if s.level == 2 and s.mode == "plan"]
    assert children == ["全力扩大有效投资", "推动产业转型升级", "办好民生实事"]


def test_a_county_report_project_batch_carries_its_investment() -> None:
    extraction = _extraction("county")
    reviewed = _find(extraction, "重点项目156个", 156, "个")
    planned = _find(extraction, "新开工亿元以上项目120个", 120, "个")
    assert (reviewed.investment, planned.investment) == (21_300_000_000, 86_000_000_000)


def test_a_county_report_plan_gives_measures_with_deadlines_and_lead_units() -> None:
    extraction = _extraction("county")
    by_title = {measure.title: measure for measure in extraction.measures}
    sewage = by_title["加快县城污水处理厂扩建工程建设"]
    assert sewage.lead_unit == "县发展改革局"
    assert by_title["完成主体工程"].deadline == date(2024, 6, 30)
    assert by_title["建成城乡一体化供水工程"].deadline == date(2024, 12, 31)
    housing = by_title["改造老旧小区35个"]
    assert housing.target is not None and housing.target.value == 35
    assert housing.category == ("2024年工作安排", "办好民生实事")


def test_a_zone_report_with_inline_enumerations_nests_them_under_its_parts() -> None:
    extraction = _extraction("zone")
    enumerations = [(s.marker, s.title, s.level) for s in extraction.sections if s.marker.endswith("是")]
    assert enumerations[:2] == [("一是", "经济指标稳中有升", 2), ("二是", "招商引资成果丰硕", 2)]
    assert len(enumerations) == 7


def test_a_press_conference_has_questions_speakers_and_a_consistent_breakdown() -> None:
    extraction = _extraction("press")
    assert extraction.meta.kind == "press_conference"
    assert extraction.meta.date == date(2024, 7, 16)
    speakers = [(s.unit, s.post, s.name) for s in extraction.meta.speakers]
    assert speakers == [("区发展改革委", "主任", "张志强"), ("区财政局", "局长", "刘芳")]
    questions = [s for s in extraction.sections if s.kind == "qa"]
    assert len(questions) == 1
    assert questions[0].question == "在降低企业成本方面，有哪些具体举措？"
    assert questions[0].speaker is not None and questions[0].speaker.name == "刘芳"
    total = _find(extraction, "共5个方面28条措施", 28, "条")
    assert total.parts == {"政务服务": 8, "要素保障": 6, "市场监管": 5, "法治环境": 5, "企业服务": 4}
    assert total.consistent is True
    assert extraction.warnings == ()
    assert any(span.text == "（责任编辑：王丽）" for span in extraction.furniture)


def test_a_policy_package_keeps_its_reward_rules_out_of_the_items() -> None:
    extraction = _extraction("policy")
    assert extraction.meta.kind == "policy"
    measures = {measure.title: measure for measure in extraction.measures}
    assert set(measures) == {"总体目标", "支持企业扩大规模", "支持技术改造", "支持人才引进"}
    assert measures["支持技术改造"].lead_unit == "区工业和信息化局"


def test_a_task_notice_gives_one_measure_per_numbered_task() -> None:
    extraction = _extraction("notice")
    assert extraction.meta.kind == "notice"
    assert extraction.meta.issuer == "青山区人民政府办公室"
    rows = [(m.lead_unit, m.deadline, m.target.value if m.target else None) for m in extraction.measures]
    assert rows == [
        ("区住房城乡建设委", date(2024, 6, 30), None),
        ("区发展改革委", date(2024, 12, 31), 50),
        ("区规划分局", date(2024, 10, 31), None),
        ("区人力社保局", None, 8000),
        ("区住房城乡建设委", date(2024, 12, 31), 30),
    ]
