"""Pure rules of the battle map and briefings: tables of cases, no database."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from luoshi.briefings import rules


@pytest.mark.parametrize(("period", "start", "end"), [
    ("2024-09", date(2024, 9, 1), date(2024, 9, 30)),
    ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
    ("2024-Q3", date(2024, 7, 1), date(2024, 9, 30)),
    ("2024", date(2024, 1, 1), date(2024, 12, 31)),
])
def test_period_bounds_of_months_quarters_and_years(period: str, start: date, end: date) -> None:
    assert rules.period_bounds(period) == (start, end)


@pytest.mark.parametrize("period", ["2024-13", "24-09", "2024-Q5", "", "九月"])
def test_period_bounds_refuses_malformed_periods(period: str) -> None:
    with pytest.raises(ValueError):
        rules.period_bounds(period)


@pytest.mark.parametrize(("period", "label"), [
    ("2024-09", "2024年9月"), ("2024-Q3", "2024年第三季度"), ("2024", "2024年"),
])
def test_period_labels_read_as_offices_write_them(period: str, label: str) -> None:
    assert rules.period_label(period) == label


@pytest.mark.parametrize(("value", "text"), [
    (12, "12"), (4.8, "4.8"), (739.155, "739.16"), (None, "—"), (0, "0"),
])
def test_format_number(value: float | None, text: str) -> None:
    assert rules.format_number(value) == text


@pytest.mark.parametrize(("yuan", "text"), [
    (739.16e8, "739.16亿元"), (35e4, "35万元"), (800, "800元"), (None, "—"),
])
def test_format_yuan_uses_yi_and_wan(yuan: float | None, text: str) -> None:
    assert rules.format_yuan(yuan) == text


def counts(**values: int) -> rules.Counts:
    base = {"total": 124, "completed": 36, "in_progress": 80, "not_started": 8, "staged": 36, "overdue": 0,
            "red": 0, "yellow": 0}
    base.update(values)
    return rules.Counts(**base)  # type: ignore[typeddict-item]


def test_headline_counts_staged_progress_like_the_press_conference() -> None:
    text = rules.headline(counts(), period="2024-09", scope_label="滨海新区")
    assert text.startswith("截至2024年9月底，滨海新区纳入台账的124项重点任务中，已完成36项，占29%")
    assert "36项重点任务取得阶段性进展" in text
    assert "暂无逾期任务" in text


def test_headline_names_overdue_and_lagging_tasks() -> None:
    text = rules.headline(counts(overdue=3, red=2), period="2024-Q3", scope_label="")
    assert "3项任务逾期未完成，2项任务进度滞后" in text
    assert text.startswith("截至2024年9月底，纳入台账")


@pytest.mark.parametrize(("values", "expected", "absent"), [
    # 10 overdue and 12 lagging overlap: 15 distinct tasks, never 22 (issue 12).
    ({"overdue": 10, "red": 12, "attention": 15}, ["10项任务逾期未完成", "12项任务进度滞后", "两类合计15项任务",
                                                  "将对15项逾期或滞后任务"], ["22"]),
    # A briefing frozen before the distinct count existed: both figures, no sum.
    ({"overdue": 10, "red": 12}, ["10项任务逾期未完成", "12项任务进度滞后", "将对逾期任务和进度滞后任务"], ["22"]),
    ({"overdue": 4, "red": 0, "attention": 4}, ["4项任务逾期未完成", "将对4项逾期或滞后任务"], ["0项任务"]),
    ({"overdue": 0, "red": 5, "attention": 5}, ["5项任务进度滞后", "将对5项逾期或滞后任务"], ["0项任务"]),
])
def test_overlapping_categories_are_never_summed(values: dict[str, int], expected: list[str],
                                                 absent: list[str]) -> None:
    sections = rules.compose_sections(counts=counts(**values), period="2024-09", scope_label="", categories=[],
                                      moved=[], slipped=[], indicators=[], projects=None, results=[])
    text = "\n".join(s["body"] for s in sections)
    assert all(e in text for e in expected), text
    assert not any(a in text for a in absent), text


def test_headline_of_a_period_not_yet_over_gives_the_day() -> None:
    text = rules.headline(counts(), period="2024", scope_label="", as_of=date(2024, 9, 15))
    assert text.startswith("截至2024年9月15日，纳入台账")


def test_headline_without_tasks() -> None:
    assert "暂无纳入台账的重点任务" in rules.headline(counts(total=0), period="2024", scope_label="区科技局")


@pytest.mark.parametrize(("line", "sentence"), [
    ({"title": "建设海河实验室", "unit": "区科技局", "progress": 60, "progress_before": 40},
     "“建设海河实验室”（区科技局）完成进度由40%提高到60%。"),
    ({"title": "建设海河实验室", "unit": "", "progress": 100, "progress_before": 80}, "“建设海河实验室”已完成。"),
    ({"title": "建设海河实验室", "unit": "区科技局", "progress": 50, "progress_before": None},
     "“建设海河实验室”（区科技局）完成进度达到50%。"),
])
def test_moved_sentence(line: rules.TaskLine, sentence: str) -> None:
    assert rules.moved_sentence(line) == sentence


def test_slipped_sentence_gives_days_and_reason() -> None:
    line = rules.TaskLine(title="实施合流制改造", unit="区生态环境局", progress=40, days_overdue=15,
                          reason="施工许可延后。")
    assert rules.slipped_sentence(line) == "“实施合流制改造”（区生态环境局）已超过完成时限15天，完成进度40%，主要原因：施工许可延后。"


def test_indicator_sentence_states_target_actual_and_judgement() -> None:
    line = rules.IndicatorLine(name="地区生产总值增速", unit="%", target=4.8, comparator_label="左右", actual=4.5,
                               actual_period="1—9月", status_label="正常，预计可以完成全年目标")
    assert rules.indicator_sentence(line) == "地区生产总值增速：目标4.8%左右，1—9月实际4.5%，正常，预计可以完成全年目标。"


def test_project_sentence_reports_investment_rate() -> None:
    text = rules.project_sentence(rules.ProjectSummary(count=583, started=212, completed=197,
                                                       planned_investment=739.16e8, completed_investment=369.58e8))
    assert text == ("纳入调度的重点项目583个，已开工212个、竣工197个，计划投资739.16亿元，"
                    "已完成投资369.58亿元，完成率50%。")


def test_sections_are_renumbered_when_some_are_left_out() -> None:
    sections = rules.compose_sections(counts=counts(), period="2024-09", scope_label="", categories=[],
                                      moved=[], slipped=[], indicators=[], projects=None, results=[])
    assert [s["heading"] for s in sections] == ["一、总体进展", "二、下一步工作"]


def test_numbers_an_editor_typed_are_flagged_when_not_in_the_figures() -> None:
    figures = ['{"total": 124, "completed": 36, "rate": 29.0}']
    assert rules.numbers_not_in_figures("124项任务完成36项，占29%，另有37项", figures) == ["37"]
    assert rules.numbers_not_in_figures("124项任务完成36项", figures) == []


def test_percent_of_nothing_is_zero() -> None:
    assert rules.percent(3, 0) == 0.0
    assert rules.percent(1, 3) == 33.3


def test_the_battle_map_shows_the_indicators_that_most_need_attention_first() -> None:
    lines: list[dict[str, object]] = [
        {"name": "甲", "light": "green"}, {"name": "乙", "light": "none"}, {"name": "丙", "light": "yellow"},
        {"name": "丁", "light": "red"}, {"name": "戊", "light": "green", "at_risk": True}, {"name": "己", "light": "red"},
    ]
    assert [line["name"] for line in rules.indicators_to_watch(lines, 4)] == ["戊", "丁", "己", "丙"]
    overview = rules.indicator_overview(lines)
    assert overview["total"] == 6 and overview["at_risk"] == 1
    assert overview["lights"] == {"red": 2, "yellow": 1, "green": 2, "none": 1}
    assert overview["sentence"] == "共6项指标：明显滞后2项、略有差距1项、达到进度2项、无数据1项，预计难以完成全年目标1项。"


def _indicator_section(indicators: list[dict[str, Any]]) -> str:
    sections = rules.compose_sections(counts=counts(), period="2024-09", scope_label="全区",
                                      categories=[], moved=[], slipped=[], indicators=indicators,  # type: ignore[arg-type]
                                      projects=None, results=[])
    return next(s["body"] for s in sections if s["key"] == "indicators")


def test_a_briefing_names_every_indicator_of_a_district_and_the_most_behind_of_a_province() -> None:
    few = [{"name": f"指标{n:02d}", "light": "red" if n == 4 else "green", "target": 10.0, "actual": 8.0, "unit": "%"}
           for n in range(5)]
    body = _indicator_section(few)
    assert [line.split("：")[0] for line in body.splitlines()] == [f"指标{n:02d}" for n in range(5)]  # their order
    many = [{"name": f"指标{n:03d}", "light": "red" if n % 50 == 7 else "green", "target": 10.0, "actual": 8.0,
             "unit": "%"} for n in range(400)]
    lines = _indicator_section(many).splitlines()
    assert len(lines) == rules.BRIEFING_INDICATORS + 1
    assert [line.split("：")[0] for line in lines[:8]] == [f"指标{n:03d}" for n in range(7, 400, 50)]  # behind first
    assert lines[-1] == ("共400项指标：明显滞后8项、略有差距0项、达到进度392项、无数据0项，预计难以完成全年目标0项。"
                         "以上列出其中20项，滞后和预计难以完成的在前；全部指标见附表。")
