"""Organise and liaise: task forces, assignment in bulk (all or nothing), the liaison log, workloads."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from luoshi.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from luoshi.ledger.models import LiaisonRecord, Task, TaskForce, TaskForceTask
from luoshi.ledger.selectors import person_workload, unit_workload, unit_workload_rows
from luoshi.ledger.services import (
    UNSET,
    liaison_create,
    liaison_update,
    taskforce_create,
    taskforce_tasks_add,
    taskforce_tasks_remove,
    taskforce_update,
    tasks_assign,
)
from luoshi.ledger.tests.factories import Personas, task_factory, unit_factory

pytestmark = pytest.mark.django_db


def test_a_task_force_has_a_leader_members_and_tasks(personas: Personas) -> None:
    force = taskforce_create(user=personas.supervisor, name="港航专班", leader=personas.leader.person,
                             members=[personas.reporter_a.person, personas.reporter_b.person])
    taskforce_tasks_add(user=personas.supervisor, task_force=force, tasks=[personas.task_a, personas.task_b])
    assert sorted(force.task_links.values_list("task_id", flat=True)) == sorted([personas.task_a.pk,
                                                                                  personas.task_b.pk])
    assert force.history.count() >= 1 and TaskForceTask.history.count() == 2
    with pytest.raises(DomainError):
        taskforce_create(user=personas.supervisor, name="港航专班", leader=personas.leader.person)


def test_a_task_belongs_to_one_task_force_unless_moved(personas: Personas) -> None:
    first = taskforce_create(user=personas.supervisor, name="甲专班", leader=personas.leader.person)
    second = taskforce_create(user=personas.supervisor, name="乙专班", leader=personas.leader.person)
    taskforce_tasks_add(user=personas.supervisor, task_force=first, tasks=[personas.task_a])
    with pytest.raises(DomainError) as error:
        taskforce_tasks_add(user=personas.supervisor, task_force=second, tasks=[personas.task_a, personas.task_b])
    assert personas.task_a.code in str(error.value.message)
    assert TaskForceTask.objects.filter(task_force=second).count() == 0
    taskforce_tasks_add(user=personas.supervisor, task_force=second, tasks=[personas.task_a], move=True)
    assert TaskForceTask.objects.get(task=personas.task_a).task_force == second
    assert taskforce_tasks_remove(user=personas.supervisor, task_force=second, tasks=[personas.task_a]) == 1


def test_two_supervisors_editing_a_task_force_the_second_is_told(personas: Personas) -> None:
    force = taskforce_create(user=personas.supervisor, name="专班", leader=personas.leader.person)
    taskforce_update(user=personas.supervisor, task_force=force, expected_version=1, mandate="统筹推进")
    with pytest.raises(Conflict):
        taskforce_update(user=personas.admin, task_force=force, expected_version=1, mandate="另一版本")
    assert TaskForce.objects.get().mandate == "统筹推进"


def test_only_supervisors_organise(personas: Personas) -> None:
    for user in (personas.reporter_a, personas.leader):
        with pytest.raises(PermissionDenied):
            taskforce_create(user=user, name="越权专班", leader=personas.leader.person)
        with pytest.raises(PermissionDenied):
            tasks_assign(user=user, tasks=[personas.task_a], lead_unit=personas.unit_b)
    assert TaskForce.objects.count() == 0
    assert Task.objects.get(pk=personas.task_a.pk).lead_unit == personas.unit_a


def test_bulk_assignment_changes_every_task_and_says_why_in_history(personas: Personas) -> None:
    unit_c = unit_factory("滨海新区商务局")
    tasks = [task_factory(f"任务{i}") for i in range(3)]
    tasks_assign(user=personas.supervisor, tasks=tasks, lead_unit=personas.unit_a, co_units=[unit_c],
                 responsible_person=personas.reporter_a.person)
    for task in Task.objects.filter(pk__in=[t.pk for t in tasks]):
        assert (task.lead_unit, list(task.co_units.all()), task.responsible_person, task.version) == (
            personas.unit_a, [unit_c], personas.reporter_a.person, 2)
        assert task.history.filter(history_change_reason="任务分派").exists()


def test_the_report_frequency_is_set_per_task_in_bulk(personas: Personas) -> None:
    tasks_assign(user=personas.supervisor, tasks=[personas.task_a, personas.task_b], report_frequency="quarterly")
    assert set(Task.objects.filter(pk__in=[personas.task_a.pk, personas.task_b.pk])
               .values_list("report_frequency", flat=True)) == {"quarterly"}
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        tasks_assign(user=personas.supervisor, tasks=[personas.task_a], report_frequency="weekly")
    assert Task.objects.get(pk=personas.task_a.pk).report_frequency == "quarterly"


def test_co_units_can_be_added_instead_of_replaced(personas: Personas) -> None:
    unit_c = unit_factory("滨海新区商务局")
    tasks_assign(user=personas.supervisor, tasks=[personas.task_shared], co_units=[unit_c], add_co_units=True)
    assert set(personas.task_shared.co_units.all()) == {personas.unit_a, unit_c}


def test_bulk_assignment_is_all_or_nothing_on_a_stale_task(personas: Personas) -> None:
    tasks = [personas.task_a, personas.task_b]
    Task.objects.filter(pk=personas.task_b.pk).update(version=5)  # someone edited it meanwhile
    with pytest.raises(Conflict) as error:
        tasks_assign(user=personas.supervisor, tasks=tasks, responsible_person=personas.reporter_a.person,
                     expected_versions={personas.task_a.pk: 1, personas.task_b.pk: 1})
    assert personas.task_b.code in str(error.value.message)
    assert not Task.objects.filter(responsible_person__isnull=False).exists()


@pytest.mark.parametrize(("kwargs", "code"), [
    ({}, "nothing_to_assign"),
    ({"lead_unit": "unit_b", "co_units": ["unit_b"]}, "lead_is_co_unit"),
])
def test_assignment_refusals(personas: Personas, kwargs: dict[str, object], code: str) -> None:
    resolved: dict[str, Any] = {k: ([getattr(personas, u) for u in v] if isinstance(v, list) else getattr(personas, str(v)))
                for k, v in kwargs.items()}
    with pytest.raises(DomainError) as error:
        tasks_assign(user=personas.supervisor, tasks=[personas.task_a], **resolved)
    assert error.value.code == code
    assert Task.objects.get(pk=personas.task_a.pk).version == 1
    assert UNSET is not None


def test_the_liaison_log_records_requests_answers_and_follow_ups(personas: Personas) -> None:
    record = liaison_create(user=personas.reporter_a, task=personas.task_a, department="国家发展改革委",
                            request="争取将项目纳入国家重大项目库", asked_on=date(2024, 9, 1),
                            follow_up_on=date(2024, 9, 20))
    assert (record.unit, record.status, record.created_by) == (personas.unit_a, "pending", personas.reporter_a)
    updated = liaison_update(user=personas.reporter_a, record=record, expected_version=1, status="answered",
                             answer="已纳入储备", answered_on=date(2024, 9, 10))
    assert (updated.status, updated.version) == ("answered", 2)
    with pytest.raises(Conflict):
        liaison_update(user=personas.supervisor, record=record, expected_version=1, status="closed")
    assert record.history.count() == 2


@pytest.mark.parametrize("changes", [
    {"answered_on": date(2024, 8, 1), "answer": "早于对接"},
    {"follow_up_on": date(2024, 8, 1)},
    {"status": "answered"},  # answered without an answer
])
def test_a_liaison_with_dates_out_of_order_is_refused(personas: Personas, changes: dict[str, object]) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        liaison_create(user=personas.reporter_a, task=personas.task_a, department="商务部", request="x",
                       asked_on=date(2024, 9, 1), **changes)  # type: ignore[arg-type]
    assert LiaisonRecord.objects.count() == 0


def test_liaison_follows_task_visibility(personas: Personas) -> None:
    with pytest.raises(NotFound):
        liaison_create(user=personas.reporter_b, task=personas.task_a, department="x", request="x",
                       asked_on=date(2024, 9, 1))
    with pytest.raises(PermissionDenied):
        liaison_create(user=personas.leader, task=personas.task_a, department="x", request="x",
                       asked_on=date(2024, 9, 1))


def test_workloads_count_lead_and_co_tasks(personas: Personas) -> None:
    today = timezone.localdate()
    Task.objects.filter(pk=personas.task_a.pk).update(deadline=today - timedelta(days=1), light="red",
                                                      responsible_person=personas.reporter_a.person)
    rows = {r.pk: r for r in unit_workload_rows(user=personas.supervisor)}
    a = rows[personas.unit_a.pk]
    assert (a.lead, a.co, a.open, a.overdue, a.red) == (1, 1, 2, 1, 1)
    Task.objects.filter(pk=personas.task_shared.pk).update(light="unreported")  # nothing reported on it
    assert {r.pk: r for r in unit_workload_rows(user=personas.supervisor)}[personas.unit_a.pk].unreported == 1
    assert [r.pk for r in unit_workload_rows(user=personas.reporter_b)] == [personas.unit_b.pk]
    load = unit_workload(user=personas.reporter_a, unit=personas.unit_a)
    assert load is not None and [t.pk for t in load.led] == [personas.task_a.pk]
    assert unit_workload(user=personas.reporter_b, unit=personas.unit_a) is None
    person = person_workload(user=personas.leader, person=personas.reporter_a.person)
    assert person is not None and person.summary.lead == 1 and person.summary.overdue == 1


def test_two_supervisors_assigning_from_the_page_the_second_is_told(personas: Personas) -> None:
    first, second = Client(), Client()
    first.force_login(personas.supervisor)
    second.force_login(personas.admin)
    url = reverse("ledger:task_assign", args=[personas.task_a.pk])
    assert 'name="version" value="1"' in first.get(url).content.decode()
    second.get(url)
    assert first.post(url, {"lead_unit": personas.unit_a.pk, "co_units": [personas.unit_b.pk],
                            "report_frequency": "monthly", "version": 1}).status_code == 302
    response = second.post(url, {"lead_unit": personas.unit_b.pk, "report_frequency": "monthly", "version": 1})
    assert response.status_code == 200 and "已被他人修改" in response.content.decode()
    task = Task.objects.get(pk=personas.task_a.pk)
    assert (task.lead_unit, list(task.co_units.all()), task.version) == (personas.unit_a, [personas.unit_b], 2)


# --- what a reporter reads of task forces ---------------------------------------------------------

def _api_get(user: Any, path: str) -> Any:
    client = Client()
    client.force_login(user)
    return client.get(f"/api/v1{path}")


@pytest.fixture
def port_force(personas: Personas) -> TaskForce:
    """A task force holding a task of unit A, one of unit B and one both share."""
    force = taskforce_create(user=personas.supervisor, name="港航专班", leader=personas.leader.person)
    taskforce_tasks_add(user=personas.supervisor, task_force=force,
                        tasks=[personas.task_a, personas.task_b, personas.task_shared])
    return force


def test_a_task_force_lists_only_the_task_ids_the_requester_sees(personas: Personas, port_force: TaskForce) -> None:
    mine = sorted([personas.task_a.pk, personas.task_shared.pk])
    every = sorted([personas.task_a.pk, personas.task_b.pk, personas.task_shared.pk])
    (row,) = _api_get(personas.reporter_a, "/task-forces").json()
    assert sorted(row["task_ids"]) == mine
    assert sorted(_api_get(personas.reporter_a, f"/task-forces/{port_force.pk}").json()["task_ids"]) == mine
    assert sorted(_api_get(personas.supervisor, f"/task-forces/{port_force.pk}").json()["task_ids"]) == every


def test_the_task_force_page_counts_and_lists_only_the_tasks_the_reader_sees(personas: Personas,
                                                                               port_force: TaskForce) -> None:
    client = Client()
    client.force_login(personas.reporter_a)
    (row,) = client.get(reverse("ledger:taskforce_list")).context["task_forces"]
    assert row.task_count == 2
    page = client.get(reverse("ledger:taskforce_detail", args=[port_force.pk])).content.decode()
    assert personas.task_a.title in page and personas.task_b.title not in page
    client.force_login(personas.supervisor)
    assert client.get(reverse("ledger:taskforce_list")).context["task_forces"][0].task_count == 3


def test_a_reporter_sees_the_task_forces_they_sit_on_or_whose_tasks_they_see(personas: Personas) -> None:
    """Not every task force of the installation: its mandate and members are no reporter's business
    unless they work in it or on one of its tasks."""
    owning = taskforce_create(user=personas.supervisor, name="海河实验室专班", leader=personas.leader.person)
    taskforce_tasks_add(user=personas.supervisor, task_force=owning, tasks=[personas.task_a])
    staffed = taskforce_create(user=personas.supervisor, name="招商专班", leader=personas.leader.person,
                               members=[personas.reporter_a.person])
    led = taskforce_create(user=personas.supervisor, name="营商环境专班", leader=personas.reporter_a.person)
    other = taskforce_create(user=personas.supervisor, name="合流制改造专班", leader=personas.leader.person,
                             members=[personas.reporter_b.person])
    taskforce_tasks_add(user=personas.supervisor, task_force=other, tasks=[personas.task_b])

    def names(user: Any) -> list[str]:
        return [row["name"] for row in _api_get(user, "/task-forces").json()]

    assert set(names(personas.reporter_a)) == {owning.name, staffed.name, led.name}
    assert names(personas.reporter_b) == [other.name]
    assert len(names(personas.leader)) == len(names(personas.supervisor)) == 4
    assert _api_get(personas.reporter_a, f"/task-forces/{other.pk}").status_code == 404
    client = Client()
    client.force_login(personas.reporter_a)
    assert client.get(reverse("ledger:taskforce_detail", args=[other.pk])).status_code == 404
    assert other.name not in client.get(reverse("ledger:taskforce_list")).content.decode()
