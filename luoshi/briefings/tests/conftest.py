"""A small ledger with every state the battle map shows, on top of the shared personas."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import timezone

from luoshi.core.tests.storage import use_memory_storage
from luoshi.ledger.choices import TaskLevel, TaskStatus, TrafficLight
from luoshi.ledger.models import Task
from luoshi.ledger.tests.factories import Personas, task_factory


@dataclass
class Ledger:
    personas: Personas
    national: Task
    city: Task
    city_gap: Task
    district_done: Task
    district_late: Task
    zone: Task


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    cache.clear()


@pytest.fixture(autouse=True)
def _memory_storage(settings: Any, tmp_path: Path) -> None:
    """Briefing files and export results go to an in-memory store: generating and downloading them
    must work without a local path, as on an object store shared by several servers (issue 15)."""
    use_memory_storage(settings, tmp_path)


@pytest.fixture
def ledger(personas: Personas) -> Ledger:
    """national → city → district (done, late) → zone; a second city task with no measure below.

    personas add task_a (unit A, 科技创新), task_b (unit B, 绿色低碳, deadline 2024-06-30, so overdue)
    and task_shared (lead B, co-unit A).
    """
    today = timezone.localdate()
    p = personas
    national = task_factory("支持滨海新区高质量发展", level=TaskLevel.NATIONAL, category="科技创新",
                            status=TaskStatus.IN_PROGRESS, progress_percent=40, light=TrafficLight.GREEN)
    city = task_factory("建设国家级创新平台", level=TaskLevel.CITY, parent=national, category="科技创新",
                        lead_unit=p.unit_a, status=TaskStatus.IN_PROGRESS, progress_percent=50,
                        light=TrafficLight.YELLOW, deadline=today + timedelta(days=20))
    city_gap = task_factory("推进港口智慧化改造", level=TaskLevel.CITY, parent=national, category="港口航运",
                            lead_unit=p.unit_b)
    district_done = task_factory("新增3家全国重点实验室", level=TaskLevel.DISTRICT, parent=city, category="科技创新",
                                 lead_unit=p.unit_a, status=TaskStatus.COMPLETED, progress_percent=100,
                                 light=TrafficLight.DONE, expected_outcome="新增3家全国重点实验室投入运行",
                                 deadline=date(today.year, 1, 31))
    district_late = task_factory("建成海河实验室中试基地", level=TaskLevel.DISTRICT, parent=city, category="科技创新",
                                 lead_unit=p.unit_a, status=TaskStatus.IN_PROGRESS, progress_percent=30,
                                 light=TrafficLight.RED, deadline=today - timedelta(days=10),
                                 progress_note="用地手续尚在办理")
    zone = task_factory("保税区配套建设中试车间", level=TaskLevel.ZONE, parent=district_done, category="科技创新",
                        lead_unit=p.unit_a, status=TaskStatus.COMPLETED, progress_percent=100,
                        light=TrafficLight.DONE)
    return Ledger(p, national, city, city_gap, district_done, district_late, zone)
