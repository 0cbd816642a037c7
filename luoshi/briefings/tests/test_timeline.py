"""The timetable and roadmap (时间表、路线图): bars from start to deadline, today's line, milestones."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from luoshi.briefings.tests.conftest import Ledger
from luoshi.briefings.timeline import timeline
from luoshi.core.clock import business_today
from luoshi.ledger.tests.factories import PASSWORD
from luoshi.reports.models import Milestone

pytestmark = pytest.mark.django_db


def test_bars_are_grouped_by_category_and_coloured_as_on_the_battle_map(ledger: Ledger) -> None:
    Milestone.objects.create(task=ledger.city, title="完成选址", due_date=business_today() - timedelta(days=3))
    result = timeline(user=ledger.personas.supervisor, filters={})
    groups = dict(result["groups"])
    bars = {b.title: b for bars in groups.values() for b in bars}
    assert set(groups) >= {"科技创新", "绿色低碳"}
    assert bars["建成海河实验室中试基地"].css == "overdue"
    assert bars["建设国家级创新平台"].css == "light-yellow"
    assert bars["新增3家全国重点实验室"].css == "light-done"
    (milestone,) = bars["建设国家级创新平台"].milestones
    assert milestone["late"] is True
    for bar in bars.values():
        assert 0 <= bar.left <= 100 and 0 < bar.width <= 100 and bar.start <= bar.end
    assert 0 <= result["today_left"] <= 100
    assert result["shown"] == result["total"] == len(bars)


def test_the_timeline_of_one_category(ledger: Ledger) -> None:
    result = timeline(user=ledger.personas.supervisor, filters={"category_is": "绿色低碳"})
    assert [c for c, _bars in result["groups"]] == ["绿色低碳"]


def test_a_reporter_sees_only_their_tasks_bars(ledger: Ledger) -> None:
    result = timeline(user=ledger.personas.reporter_b, filters={})
    titles = {b.title for _c, bars in result["groups"] for b in bars}
    assert "建设国家级创新平台" not in titles


def test_the_page_renders_bars_that_open_their_task(ledger: Ledger, client: Client) -> None:
    assert client.login(username="sup", password=PASSWORD)
    html = client.get(reverse("briefings:timeline")).content.decode()
    assert 'class="bar overdue"' in html and f'href="{ledger.district_late.get_absolute_url()}"' in html
    assert "@media print" not in html  # the print stylesheet is in briefings.css
    assert client.get(reverse("briefings:timeline") + "?programme=abc").status_code == 200


def test_the_briefing_carries_the_timeline_as_a_figure(ledger: Ledger) -> None:
    """The briefing's roadmap is the timeline page's bars: same light, same overdue, same task."""
    from luoshi.briefings.exports.briefing_content import briefing_charts
    from luoshi.briefings.exports.charts import RoadmapSpec
    from luoshi.briefings.selectors import briefing_figures

    today = business_today()
    figures = briefing_figures(user=ledger.personas.supervisor, period=f"{today.year}", scope={})
    page = {b.pk: b for _c, bars in timeline(user=ledger.personas.supervisor, filters={})["groups"] for b in bars}
    for bar in (b for g in figures["roadmap"]["groups"] for b in g["bars"]):
        assert (bar["css"], bar["start"], bar["end"]) == (page[bar["pk"]].css, page[bar["pk"]].start.isoformat(),
                                                          page[bar["pk"]].end.isoformat())
    chart = next(c for c in briefing_charts(figures) if isinstance(c, RoadmapSpec))
    assert chart.title == "时间表、路线图" and chart.caption


def test_tasks_without_a_deadline_are_counted_and_listed_apart(ledger: Ledger) -> None:
    from luoshi.briefings.selectors import drill_task_list
    from luoshi.briefings.tests.test_plan_coverage import _query

    result = timeline(user=ledger.personas.supervisor, filters={})
    _f, undated = drill_task_list(user=ledger.personas.supervisor, filters=_query(result["undated_url"]))
    assert result["undated"] == undated.count() >= 1
    assert all(t.deadline is None for t in undated)
