"""The battle map's indicator and project figures are read once and kept (core.kept) until a write
changes what they were read from: a save through a form or service, an Excel import, a delete, a
new day. With no shared cache every map reads them again."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from luoshi.briefings import sources
from luoshi.indicators.imports import observations_import
from luoshi.indicators.models import Observation
from luoshi.indicators.services import observation_record, target_set
from luoshi.indicators.tests.factories import indicator_factory, observe, target_factory, workbook
from luoshi.ledger.tests.factories import Personas
from luoshi.projects.imports import projects_import
from luoshi.projects.models import KeyProject
from luoshi.projects.services import investment_record, milestone_set
from luoshi.projects.tests.factories import invest, project_factory

pytestmark = pytest.mark.django_db

YEAR = 2024
TODAY = date(2024, 11, 15)


@pytest.fixture
def business_day(settings: Any) -> None:
    settings.LUOSHI_BUSINESS_DATE = TODAY.isoformat()


def _lines(user: Any) -> dict[str, dict[str, Any]]:
    return {line["name"]: line for line in sources.indicator_rows(year=YEAR, user=user)}


def _queries(read: Any) -> tuple[Any, int]:
    with CaptureQueriesContext(connection) as queries:
        value = read()
    return value, len(queries)


def test_the_indicator_lines_are_read_once_until_a_write_renews_them(
        shared_cache: None, business_day: None, personas: Personas) -> None:
    jobs = indicator_factory("城镇新增就业", unit="万人", responsible_unit=personas.unit_a)
    target_factory(jobs, YEAR, comparator="gte", value=5)
    observe(jobs, YEAR, {1: 0.5, 2: 1.1})
    supervisor = personas.supervisor

    first, read_queries = _queries(lambda: _lines(supervisor))
    assert first["城镇新增就业"]["actual"] == pytest.approx(1.1) and read_queries > 0
    again, kept_queries = _queries(lambda: _lines(supervisor))
    assert again == first and kept_queries < read_queries
    assert _lines(personas.reporter_a) == first  # every role reads the same figures

    # A reporter of the responsible unit enters March through the service: seen at once.
    observation_record(indicator=jobs, period="2024-03", value=Decimal("1.9"), user=personas.reporter_a)
    assert _lines(supervisor)["城镇新增就业"]["actual"] == pytest.approx(1.9)

    # A new year's target through the service.
    target_set(indicator=jobs, year=YEAR, user=supervisor, comparator="gte", value=Decimal("8"))
    assert _lines(supervisor)["城镇新增就业"]["target"] == pytest.approx(8)

    # An Excel import writes in bulk, without signals: it renews the figures itself.
    data = workbook([["序号", "指标名称", "统计期", "实际值", "计量单位", "备注"],
                     [1, "城镇新增就业", "2024-04", 2.6, "万人", ""]])
    preview = observations_import(data=data, user=supervisor, filename="t.xlsx", commit=True, today=TODAY)
    assert preview.applied, preview.problems
    assert _lines(supervisor)["城镇新增就业"]["actual"] == pytest.approx(2.6)

    # A delete (the admin's, say) renews them too.
    Observation.objects.get(indicator=jobs, period_end=date(2024, 4, 30)).delete()
    assert _lines(supervisor)["城镇新增就业"]["actual"] == pytest.approx(1.9)

    # A new indicator with a target is a new line.
    rate = indicator_factory("空气质量优良天数比率", unit="%")
    target_factory(rate, YEAR, comparator="gte", value=70)
    assert set(_lines(supervisor)) == {"城镇新增就业", "空气质量优良天数比率"}


def test_the_indicator_lines_follow_the_day_and_the_language(
        shared_cache: None, settings: Any, personas: Personas) -> None:
    settings.LUOSHI_BUSINESS_DATE = "2024-02-10"
    jobs = indicator_factory("城镇新增就业", unit="万人")
    target_factory(jobs, YEAR, comparator="gte", value=12)
    observe(jobs, YEAR, {1: 1.0, 2: 2.0, 3: 3.0})
    early = _lines(personas.supervisor)["城镇新增就业"]
    settings.LUOSHI_BUSINESS_DATE = "2024-04-10"  # the same rows, judged on another day
    later = _lines(personas.supervisor)["城镇新增就业"]
    assert (early["required"], early["actual_period"]) != (later["required"], later["actual_period"])

    with translation.override("en"):
        english = _lines(personas.supervisor)["城镇新增就业"]["status_label"]
    assert english != later["status_label"]


def test_a_reader_without_a_role_sees_no_catalogue_figures(shared_cache: None, business_day: None,
                                                           personas: Personas) -> None:
    from django.contrib.auth.models import User

    jobs = indicator_factory("城镇新增就业")
    target_factory(jobs, YEAR, value=5)
    invest(project_factory(year=YEAR), {1: 100})
    assert sources.indicator_rows(year=YEAR, user=personas.supervisor)  # kept now
    assert sources.project_rollup(year=YEAR, user=personas.supervisor)
    stranger = User.objects.create_user("stranger", password="x")
    assert sources.indicator_rows(year=YEAR, user=stranger) == []
    assert sources.project_rollup(year=YEAR, user=stranger) is None


def test_the_project_rollup_is_read_once_until_a_write_renews_it(
        shared_cache: None, business_day: None, personas: Personas) -> None:
    supervisor = personas.supervisor
    assert sources.project_rollup(year=YEAR, user=supervisor) is None  # no projects: none kept as figures
    port = project_factory("港口改造", year=YEAR, code="BH-1", lead_unit=personas.unit_a, total=50000, planned=12000)
    invest(port, {1: 1000, 2: 2000})

    first, read_queries = _queries(lambda: sources.project_rollup(year=YEAR, user=supervisor))
    assert first is not None and first["count"] == 1 and first["completed_investment"] == 3000 * 10000
    again, kept_queries = _queries(lambda: sources.project_rollup(year=YEAR, user=supervisor))
    assert again == first and kept_queries < read_queries

    investment_record(project=port, year=YEAR, month=3, amount=Decimal("500"), user=personas.reporter_a)
    rollup = sources.project_rollup(year=YEAR, user=supervisor)
    assert rollup is not None and rollup["completed_investment"] == 3500 * 10000

    milestone_set(project=port, kind="start", user=supervisor, actual_date=date(2024, 3, 1))
    rollup = sources.project_rollup(year=YEAR, user=supervisor)
    assert rollup is not None and rollup["started"] == 1

    data = workbook([["项目编号", "项目名称", "4月"], ["BH-1", "港口改造", 700], ["BH-2", "新项目", None]])
    preview = projects_import(data=data, user=supervisor, year=YEAR, filename="t.xlsx", commit=True, today=TODAY)
    assert preview.applied, preview.problems
    rollup = sources.project_rollup(year=YEAR, user=supervisor)
    assert rollup is not None and (rollup["count"], rollup["completed_investment"]) == (2, 4200 * 10000)

    KeyProject.objects.get(code="BH-2").delete()
    rollup = sources.project_rollup(year=YEAR, user=supervisor)
    assert rollup is not None and rollup["count"] == 1

    # A map of an earlier period reads the months up to its end, kept apart.
    march = sources.project_rollup(year=YEAR, user=supervisor, as_of=date(2024, 3, 31))
    assert march is not None and march["months"][-1] == "2024-03" and march["completed_investment"] == 3500 * 10000


def test_without_a_shared_cache_every_map_reads_the_catalogues(settings: Any, business_day: None,
                                                               personas: Personas) -> None:
    settings.SHARED_CACHE_SECONDS = 0
    jobs = indicator_factory("城镇新增就业")
    target_factory(jobs, YEAR, value=5)
    observe(jobs, YEAR, {1: 1.0})
    assert _lines(personas.supervisor)["城镇新增就业"]["actual"] == 1.0
    # A write no signal reports (SQL, a bulk update) is seen at once without a shared cache.
    Observation.objects.filter(indicator=jobs).update(value=Decimal("2"))
    assert _lines(personas.supervisor)["城镇新增就业"]["actual"] == 2.0


def test_the_battle_map_draws_a_few_indicators_and_counts_the_rest(
        business_day: None, personas: Personas) -> None:
    from luoshi.briefings.selectors import INDICATORS_SHOWN, dashboard_data

    for n in range(INDICATORS_SHOWN + 4):
        indicator = indicator_factory(f"指标{n:02d}", unit="万人")
        target_factory(indicator, YEAR, comparator="gte", value=12)
        observe(indicator, YEAR, {month: (month if n % 3 else month / 4) for month in range(1, 11)})
    data = dashboard_data(user=personas.supervisor, use_cache=False)
    shown, overview = data["indicators"], data["indicator_overview"]
    assert len(shown) == INDICATORS_SHOWN and overview["total"] == INDICATORS_SHOWN + 4
    assert overview["url"] == f"/indicators/?year={YEAR}" and f"{INDICATORS_SHOWN}项" in overview["caption"]
    # The four far behind (every third, at a quarter of the pace) come first.
    assert [line["name"] for line in shown[:4]] == ["指标00", "指标03", "指标06", "指标09"]
    assert all(line["light"] == "red" for line in shown[:4]) and shown[4]["light"] != "red"


def test_a_write_around_the_application_is_seen_after_kept_forget(shared_cache: None, business_day: None,
                                                                   personas: Personas) -> None:
    """SQL by hand renews no token (docs/deploy.md): the figures stay as kept until `luoshi kept forget`."""
    from django.core.management import call_command

    jobs = indicator_factory("城镇新增就业")
    target_factory(jobs, YEAR, value=5)
    observe(jobs, YEAR, {1: 1.0})
    assert _lines(personas.supervisor)["城镇新增就业"]["actual"] == 1.0
    Observation.objects.filter(indicator=jobs).update(value=Decimal("2"))  # no signal
    assert _lines(personas.supervisor)["城镇新增就业"]["actual"] == 1.0
    call_command("kept", "forget")
    assert _lines(personas.supervisor)["城镇新增就业"]["actual"] == 2.0
