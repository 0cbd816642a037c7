"""Recording a change: who and why on every history row written inside `recording`, and the task
page's history showing co-units and the links indicators and projects make to a task."""

from __future__ import annotations

import pytest
from django.test import Client

from luoshi.core.history import recording
from luoshi.indicators.services import indicator_task_link, indicator_task_unlink
from luoshi.indicators.tests.factories import indicator_factory
from luoshi.ledger.models import Unit
from luoshi.ledger.services import task_update
from luoshi.ledger.tests.factories import PASSWORD, Personas, task_factory
from luoshi.projects.models import KeyProject
from luoshi.projects.services import project_task_link

pytestmark = pytest.mark.django_db


def test_every_row_written_inside_a_block_names_its_user_and_reason(personas: Personas) -> None:
    task = task_factory("落实减税降费", lead_unit=personas.unit_a)
    unit = Unit.objects.create(name="区税务局", level="department")
    with recording(personas.supervisor, "核对责任单位"):
        task.title = "落实结构性减税降费"
        task.save()
        with recording():  # an inner block without user or reason keeps the outer ones
            unit.short_name = "税务局"
            unit.save()
    for record in (task.history.first(), unit.history.first()):
        assert record.history_user == personas.supervisor and record.history_change_reason == "核对责任单位"
    task.save()  # outside any block: nobody is named, no reason given
    assert task.history.first().history_user is None and not task.history.first().history_change_reason


def test_the_task_page_shows_co_units_by_name_and_links_made_from_indicators_and_projects(
        personas: Personas) -> None:
    task = task_factory("新增市级以上研发机构", lead_unit=personas.unit_a)
    task_update(task=task, user=personas.supervisor, co_units=[personas.unit_b], reason="调整配合单位")
    indicator = indicator_factory("新增研发机构数", unit="家")
    indicator_task_link(indicator=indicator, task=task, user=personas.supervisor)
    project = KeyProject.objects.create(year=2024, code="BH2024-900", name="超算中心二期", pipeline="new_start")
    project_task_link(project=project, task=task, user=personas.supervisor)
    indicator_task_unlink(indicator=indicator, task=task, user=personas.admin)

    client = Client()
    client.login(username=personas.leader.username, password=PASSWORD)
    page = client.get(f"/ledger/tasks/{task.pk}/").content.decode()
    assert str(personas.unit_b) in page and "{&#x27;" not in page  # names, not raw link rows
    assert "新增研发机构数" in page and "超算中心二期" in page and "取消关联" in page

    rows = client.get(f"/api/v1/tasks/{task.pk}/history").json()
    links = [(r["action"], r["who"], r["changes"][0]["before"], r["changes"][0]["after"]) for r in rows
             if r["action"] in {"关联", "取消关联"}]
    assert links == [("取消关联", str(personas.admin), "新增研发机构数", None),
                     ("关联", str(personas.supervisor), None, str(project)),
                     ("关联", str(personas.supervisor), None, "新增研发机构数")]
    co_units = next(c for r in rows for c in r["changes"] if c["field"] == "co_units")
    assert co_units["after"] == str(personas.unit_b)
