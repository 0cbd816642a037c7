"""Every number in a generated briefing's text is a figure of its frozen data, and overlapping
categories are never summed (issue 12, point 6)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from luoshi.briefings.models import Briefing
from luoshi.briefings.services import briefing_generate, briefing_number_warnings
from luoshi.briefings.tests.conftest import Ledger
from luoshi.ledger.choices import TaskStatus, TrafficLight
from luoshi.ledger.models import Task
from luoshi.ledger.tests.factories import task_factory

pytestmark = pytest.mark.django_db


def all_text(briefing: Briefing) -> str:
    return "\n".join(f"{s['heading']}\n{s['body']}" for s in briefing.sections)


def assert_numbers_hold(briefing: Briefing) -> None:
    assert len(briefing.sections) >= 2
    assert briefing_number_warnings(briefing) == [], all_text(briefing)


@pytest.mark.parametrize("period", ["2024", "2024-09", "2024-Q3", timezone.localdate().strftime("%Y-%m")])
def test_every_number_of_every_section_over_composed_data_is_a_figure(ledger: Ledger, period: str) -> None:
    assert_numbers_hold(briefing_generate(user=ledger.personas.supervisor, period=period, scope={}))


def test_overdue_and_lagging_tasks_that_overlap_are_counted_once(ledger: Ledger) -> None:
    """"对22项逾期或滞后任务" summed 10 overdue and 12 lagging tasks that overlap (issue 12)."""
    today = timezone.localdate()
    unit = ledger.personas.unit_a
    for i in range(10):  # overdue and red
        task_factory(f"逾期且滞后{i}", lead_unit=unit, status=TaskStatus.IN_PROGRESS, light=TrafficLight.RED,
                     deadline=today - timedelta(days=5 + i))
    for i in range(2):  # red, not yet overdue
        task_factory(f"仅滞后{i}", lead_unit=unit, status=TaskStatus.IN_PROGRESS, light=TrafficLight.RED,
                     deadline=today + timedelta(days=30))
    Task.objects.exclude(title__startswith="逾期且滞后").exclude(title__startswith="仅滞后").update(
        light=TrafficLight.GREEN, deadline=None)
    briefing = briefing_generate(user=ledger.personas.supervisor, period=today.strftime("%Y-%m"), scope={})
    counts = briefing.figures["counts"]
    assert (counts["overdue"], counts["red"], counts["attention"]) == (10, 12, 12)
    text = all_text(briefing)
    assert "10项任务逾期未完成" in text and "12项任务进度滞后" in text and "将对12项逾期或滞后任务" in text
    assert "22" not in text
    assert_numbers_hold(briefing)


def test_every_number_of_every_section_over_the_demo_is_a_figure() -> None:
    from luoshi.web.demo.loader import demo_load

    demo_load(Path(settings.LUOSHI["DEMO_DOCS"]))
    supervisor = get_user_model().objects.get(username="supervisor")
    generated = [briefing_generate(user=supervisor, period=period, scope={})
                 for period in ("2024-09", "2024", timezone.localdate().strftime("%Y-%m"))]
    generated += list(Briefing.objects.exclude(pk__in=[b.pk for b in generated]))  # the demo's own
    for briefing in generated:
        assert_numbers_hold(briefing)
    assert any(b.figures["counts"]["total"] > 100 for b in generated)
