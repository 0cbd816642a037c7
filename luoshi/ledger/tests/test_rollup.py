"""Roll-up: a parent's progress, status and light from its children, kept current by the writes."""

from __future__ import annotations

from typing import Any

import pytest

from luoshi.ledger.choices import TaskLevel, TaskStatus, TrafficLight
from luoshi.ledger.models import Task
from luoshi.ledger.services import rollups_refresh_all, task_rollups_refresh, task_update
from luoshi.ledger.services.rollup import ChildFigures, rollup_compute
from luoshi.ledger.tests.factories import Personas, task_factory


def test_weighted_progress_and_the_worst_open_light() -> None:
    result = rollup_compute([
        ChildFigures(weight=3, status=TaskStatus.IN_PROGRESS, light=TrafficLight.GREEN, progress=40),
        ChildFigures(weight=None, status=TaskStatus.COMPLETED, light=TrafficLight.DONE, progress=80),
        ChildFigures(weight=None, status=TaskStatus.NOT_STARTED, light=TrafficLight.RED, progress=0),
        ChildFigures(weight=5, status=TaskStatus.CANCELLED, light=TrafficLight.RED, progress=0),
    ])
    # (3×40 + 1×100 + 1×0) / 5 = 44; the cancelled child does not count
    assert (result.progress, result.status, result.light) == (44, "in_progress", "red")
    assert (result.children_count, result.descendants_count, result.descendants_done) == (3, 3, 1)


def test_all_done_is_done_and_no_children_is_no_rollup() -> None:
    done = ChildFigures(weight=None, status=TaskStatus.COMPLETED, light=TrafficLight.DONE, progress=100)
    assert rollup_compute([done, done]).status == "completed"
    assert rollup_compute([done, done]).light == "done"
    assert rollup_compute([]).progress is None


@pytest.fixture
def chain(db: None) -> dict[str, Any]:
    national = task_factory("国家任务", level=TaskLevel.NATIONAL)
    city = task_factory("市级举措", level=TaskLevel.CITY, parent=national)
    city_b = task_factory("市级举措乙", level=TaskLevel.CITY, parent=national, weight=3,
                          status=TaskStatus.IN_PROGRESS, progress_percent=20, light=TrafficLight.GREEN)
    district = task_factory("区级行动", level=TaskLevel.DISTRICT, parent=city)
    district_b = task_factory("区级行动乙", level=TaskLevel.DISTRICT, parent=city, status=TaskStatus.COMPLETED,
                              progress_percent=100, light=TrafficLight.DONE)
    task_rollups_refresh(task_ids=[district.parent_id, city_b.parent_id])
    return {"national": national, "city": city, "city_b": city_b, "district": district, "district_b": district_b}


def _fresh(task: Task) -> Task:
    return Task.objects.get(pk=task.pk)


def test_a_three_level_chain_counts_from_the_bottom(chain: dict[str, Any]) -> None:
    city = _fresh(chain["city"])
    assert (city.rollup_progress, city.rollup_status, city.children_count) == (50, "in_progress", 2)
    national = _fresh(chain["national"])
    # city 50 % (weight 1) and city_b 20 % (weight 3): (50 + 60) / 4 = 27.5 → 28
    assert national.rollup_progress == 28
    assert (national.descendants_count, national.descendants_done) == (4, 1)
    assert national.effective_progress == 28 and national.progress_percent == 0
    # a task without children keeps its own figures
    leaf = _fresh(chain["district"])
    assert leaf.rollup_progress is None and leaf.effective_status == "not_started"


def test_a_childs_accepted_report_moves_the_grandparent(chain: dict[str, Any], personas: Personas) -> None:
    from luoshi.reports.services import report_accept, report_create

    leaf = chain["district"]
    Task.objects.filter(pk=leaf.pk).update(lead_unit=personas.unit_a)
    report = report_create(user=personas.reporter_a, task=_fresh(leaf), narrative="完成过半", percent_done=60,
                           submit=True)
    report_accept(user=personas.supervisor, report=report)
    assert _fresh(chain["city"]).rollup_progress == 80  # (60 + 100) / 2
    assert _fresh(chain["national"]).rollup_progress == 35  # (80 + 3×20) / 4


def test_moving_a_child_refreshes_the_old_and_the_new_parent(chain: dict[str, Any], personas: Personas) -> None:
    task_update(task=_fresh(chain["district_b"]), user=personas.supervisor, parent=_fresh(chain["city_b"]))
    city, city_b = _fresh(chain["city"]), _fresh(chain["city_b"])
    assert (city.rollup_progress, city.children_count) == (0, 1)
    assert (city_b.rollup_progress, city_b.rollup_status, city_b.rollup_light) == (100, "completed", "done")
    assert _fresh(chain["national"]).rollup_progress == 75  # (0 + 3×100) / 4


def test_a_weight_changed_on_the_task_page_moves_its_parent(chain: dict[str, Any], personas: Personas) -> None:
    task_update(task=_fresh(chain["city_b"]), user=personas.supervisor, weight=1)
    assert _fresh(chain["national"]).rollup_progress == 35  # (50 + 20) / 2


def test_the_full_refresh_agrees_with_the_incremental_one(chain: dict[str, Any]) -> None:
    before = {t.pk: (t.rollup_progress, t.rollup_status, t.rollup_light, t.descendants_count)
              for t in Task.objects.all()}
    Task.objects.update(rollup_progress=None, rollup_status=None, rollup_light=None, children_count=0,
                        descendants_count=0, descendants_done=0)
    assert rollups_refresh_all() == 2  # the national task and the city task with children
    after = {t.pk: (t.rollup_progress, t.rollup_status, t.rollup_light, t.descendants_count)
             for t in Task.objects.all()}
    assert after == before
    assert rollups_refresh_all() == 0


def test_the_task_page_shows_the_children_and_how_the_figure_is_made(chain: dict[str, Any], client: Any,
                                                                       personas: Personas) -> None:
    client.force_login(personas.supervisor)
    page = client.get(chain["city"].get_absolute_url()).content.decode()
    assert 'id="rollup-figure"' in page and "汇总进度 50%" in page
    assert "下级任务共 2 项,已完成 1 项" in page
    assert chain["district_b"].title in page and "加权平均" in page


def test_the_api_sets_a_weight_and_shows_the_rollup(chain: dict[str, Any], personas: Personas, client: Any) -> None:
    client.force_login(personas.supervisor)
    city_b = _fresh(chain["city_b"])
    response = client.patch(f"/api/v1/tasks/{city_b.pk}", data={"version": city_b.version, "weight": 1},
                            content_type="application/json")
    assert response.status_code == 200 and response.json()["weight"] == 1
    national = client.get(f"/api/v1/tasks/{chain['national'].pk}").json()
    assert (national["rollup_progress"], national["children_count"], national["descendants_count"]) == (35, 2, 4)
    refused = client.patch(f"/api/v1/tasks/{city_b.pk}", data={"version": city_b.version + 1, "weight": 0},
                           content_type="application/json")
    assert refused.status_code in (400, 422)
    assert _fresh(chain["city_b"]).weight == 1
