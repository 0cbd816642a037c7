"""Status rows, charts and revisions as the pages, the API and the dashboard read them."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from luoshi.indicators.models import Indicator
from luoshi.indicators.selectors import (
    default_year,
    indicator_chart,
    indicator_status,
    indicator_status_rows,
    indicators_for_task,
    light_counts,
    observation_revisions,
)
from luoshi.indicators.services import observation_record
from luoshi.indicators.tests.factories import TODAY, indicator_factory, observe, target_factory
from luoshi.ledger.tests.factories import Personas

pytestmark = pytest.mark.django_db
AS_OF = date(2024, 10, 31)


@pytest.fixture
def report(personas: Personas) -> dict[str, Indicator]:
    gdp = indicator_factory("地区生产总值增速", unit="%", expression="growth", frequency="quarter")
    income = indicator_factory("居民人均可支配收入增速", unit="%", expression="growth", frequency="quarter")
    jobs = indicator_factory("城镇新增就业", unit="万人", responsible_unit=personas.unit_a)
    sponge = indicator_factory("海绵城市建成区面积占比", unit="%", expression="share", frequency="quarter",
                               cumulative=False)
    target_factory(gdp, comparator="about", value=4.8)
    target_factory(income, comparator="in_step", value=None, reference_indicator=gdp)
    target_factory(jobs, value=9.5)
    target_factory(sponge, comparator="gte", value=44)
    observe(gdp, 2024, {3: 4.6, 6: 4.3, 9: 4.2})
    observe(gdp, 2023, {3: 3.9, 6: 4.4, 9: 4.6, 12: 4.8})
    observe(income, 2024, {3: 4.9, 6: 4.6, 9: 4.5})
    observe(jobs, 2024, {1: 0.55, 10: 8.2})
    observe(jobs, 2023, {10: 8.6, 12: 9.6})
    observe(sponge, 2023, {12: 38.7})
    observe(sponge, 2024, {3: 39.5, 6: 40.8, 9: 42.1})
    return {"gdp": gdp, "income": income, "jobs": jobs, "sponge": sponge}


def test_status_rows_assess_every_indicator(report: dict[str, Indicator], personas: Personas) -> None:
    rows = {r.indicator.name: r for r in indicator_status_rows(year=2024, as_of=AS_OF, user=personas.leader)}
    gdp = rows["地区生产总值增速"]
    assert (gdp.light, gdp.at_risk, gdp.target_phrase) == ("yellow", True, "4.8%左右")
    assert gdp.assessment.forecast is not None and gdp.assessment.forecast.method == "seasonal_drift"
    assert gdp.latest_label == "2024年1-9月"
    income = rows["居民人均可支配收入增速"]
    assert income.light == "green" and income.assessment.required == pytest.approx(4.2 - 0.5)
    assert income.target_phrase == "与地区生产总值增速同步"
    jobs = rows["城镇新增就业"]
    assert jobs.assessment.mode == "flow" and jobs.light == "yellow" and jobs.at_risk
    sponge = rows["海绵城市建成区面积占比"]
    # No baseline was entered: last year's December actual (38.7) is used, so the target is pro-rated.
    assert sponge.assessment.mode == "path"
    assert sponge.assessment.required == pytest.approx(38.7 + (44 - 38.7) * 9 / 12)


def test_the_as_of_date_limits_the_observations(report: dict[str, Indicator]) -> None:
    row = indicator_status(report["gdp"], year=2024, as_of=date(2024, 6, 30))
    assert row.assessment.latest_value == 4.3


def test_filters_include_the_computed_light_and_risk(report: dict[str, Indicator], personas: Personas) -> None:
    names = [r.indicator.name for r in indicator_status_rows(year=2024, as_of=AS_OF, filters={"light": "green"})]
    assert names == ["居民人均可支配收入增速"]
    at_risk = indicator_status_rows(year=2024, as_of=AS_OF, filters={"at_risk": "true"})
    assert {r.indicator.name for r in at_risk} == {"地区生产总值增速", "城镇新增就业", "海绵城市建成区面积占比"}
    unit = indicator_status_rows(year=2024, as_of=AS_OF, filters={"unit": personas.unit_a.pk})
    assert [r.indicator.name for r in unit] == ["城镇新增就业"]
    assert indicator_status_rows(year=2024, filters={"frequency": "weekly"}) == []


def test_anonymous_users_see_no_indicators(report: dict[str, Indicator]) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert indicator_status_rows(year=2024, as_of=AS_OF, user=AnonymousUser()) == []


def test_status_rows_take_a_fixed_number_of_queries(report: dict[str, Indicator],
                                                    django_assert_num_queries: Any) -> None:
    for n in range(20):
        indicator = indicator_factory(f"附加指标{n}")
        target_factory(indicator, value=10)
        observe(indicator, 2024, {1: 1, 2: 2})
    with django_assert_num_queries(3):  # indicators, their targets, their observations
        rows = indicator_status_rows(year=2024, as_of=AS_OF)
    assert len(rows) == 24


def test_light_counts(report: dict[str, Indicator]) -> None:
    counts = light_counts(indicator_status_rows(year=2024, as_of=AS_OF))
    assert counts["green"] == 1 and counts["yellow"] + counts["red"] == 3 and counts["at_risk"] == 3


def test_the_chart_holds_actuals_requirements_and_the_forecast(report: dict[str, Indicator]) -> None:
    chart = indicator_chart(report["jobs"], year=2024, as_of=AS_OF)
    assert chart["periods"][0] == "2024年1月" and len(chart["periods"]) == 12
    assert chart["actual"][0] == 0.55 and chart["actual"][9] == 8.2 and chart["actual"][10] is None
    assert chart["required"][11] == pytest.approx(9.5)
    assert chart["forecast"] == pytest.approx(8.2 / (8.6 / 9.6), abs=1e-3)
    quarterly = indicator_chart(report["gdp"], year=2024, as_of=AS_OF)
    assert quarterly["periods"] == ["2024年一季度", "2024年二季度", "2024年三季度", "2024年四季度"]
    assert quarterly["previous"] == [3.9, 4.4, 4.6, 4.8]


def test_revisions_show_before_and_after(report: dict[str, Indicator], personas: Personas) -> None:
    jobs = report["jobs"]
    observation_record(indicator=jobs, period="2024-10", value=8.3, user=personas.reporter_a, today=TODAY)
    latest = observation_revisions(jobs)[0]
    assert (float(latest.before), float(latest.after), latest.who) == (8.2, 8.3, personas.reporter_a)


def test_chinese_labels_say_cumulative_periods() -> None:
    from luoshi.core.periods import figure_period_label

    assert figure_period_label(date(2024, 10, 31), "month", cumulative=True) == "2024年1-10月"
    assert figure_period_label(date(2024, 9, 30), "quarter") == "2024年三季度"
    assert figure_period_label(date(2024, 12, 31), "year") == "2024年"
    assert figure_period_label(date(2024, 3, 31)) == "2024年3月"


def test_default_year_is_the_latest_year_with_targets(report: dict[str, Indicator]) -> None:
    assert default_year(date(2026, 3, 1)) == 2024
    assert default_year(date(2023, 3, 1)) == 2023


def test_a_task_shows_the_indicators_it_serves(report: dict[str, Indicator], personas: Personas) -> None:
    report["jobs"].tasks.add(personas.task_a)
    rows = indicators_for_task(personas.task_a)
    assert [r.indicator.name for r in rows] == ["城镇新增就业"]
