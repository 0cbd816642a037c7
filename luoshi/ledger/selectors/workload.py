"""Workloads (工作量): open, overdue and due-soon tasks per unit and per person."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet

from luoshi.core.clock import business_today
from luoshi.core.types import UserLike
from luoshi.ledger.choices import TaskStatus, TrafficLight
from luoshi.ledger.models import Person, Task, TaskForce, Unit
from luoshi.ledger.models.tasks import counted_tasks
from luoshi.ledger.offices import scope_of
from luoshi.ledger.permissions import (
    Action,
    can,
    tasks_visible_to,
    units_visible_for_workload,
)

OPEN_STATUSES = (TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS)
DUE_SOON_DAYS = 30


@dataclass
class WorkloadRow:
    """One unit's or person's load: tasks led, co-operated, open, overdue, lagging, due soon."""

    pk: int
    name: str
    lead: int = 0
    co: int = 0
    open: int = 0
    overdue: int = 0
    red: int = 0
    yellow: int = 0
    unreported: int = 0
    due_soon: int = 0
    completed: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def _load_counts(tasks: QuerySet[Task], group_by: str) -> dict[int, dict[str, int]]:
    """Counts per value of `group_by`, in one grouped query."""
    today = business_today()
    open_q = Q(status__in=OPEN_STATUSES)
    rows = (tasks.order_by().values(group_by).annotate(
        total=Count("id", distinct=True),
        open=Count("id", filter=open_q, distinct=True),
        overdue=Count("id", filter=open_q & Q(deadline__lt=today), distinct=True),
        red=Count("id", filter=Q(light=TrafficLight.RED), distinct=True),
        yellow=Count("id", filter=Q(light=TrafficLight.YELLOW), distinct=True),
        unreported=Count("id", filter=Q(light=TrafficLight.UNREPORTED), distinct=True),
        due_soon=Count("id", filter=open_q & Q(deadline__gte=today, deadline__lte=today + timedelta(days=DUE_SOON_DAYS)),
                       distinct=True),
        completed=Count("id", filter=Q(status=TaskStatus.COMPLETED), distinct=True),
    ))
    return {row[group_by]: row for row in rows if row[group_by] is not None}


def _office_tasks(user: UserLike, tasks: QuerySet[Task]) -> QuerySet[Task]:
    """Workloads count the whole installation's tasks, except for someone bound to an office:
    then only the tasks their office sees (a reporter's unit is theirs to see whole). Headings of
    a plan are structure, not work: they are in no one's load."""
    tasks = counted_tasks(tasks)
    return tasks_visible_to(user, tasks) if scope_of(user) is not None else tasks


def unit_workload_rows(*, user: UserLike) -> list[WorkloadRow]:
    """Every unit the user may see with its load, busiest first. Three grouped queries in all,
    whatever the number of units."""
    units = list(units_visible_for_workload(user, Unit.objects.all()).order_by("level", "name"))
    lead = _load_counts(_office_tasks(user, Task.objects.all()), "lead_unit_id")
    co = _load_counts(_office_tasks(user, Task.objects.all()), "co_units")
    rows = []
    for unit in units:
        led = lead.get(unit.pk, {})
        cooperated = co.get(unit.pk, {})
        row = WorkloadRow(pk=unit.pk, name=str(unit), lead=led.get("total", 0), co=cooperated.get("total", 0))
        for key in ("open", "overdue", "red", "yellow", "unreported", "due_soon", "completed"):
            setattr(row, key, led.get(key, 0) + cooperated.get(key, 0))
        if row.lead or row.co:
            rows.append(row)
    return sorted(rows, key=lambda r: (-r.open, -r.lead, r.name))


@dataclass
class UnitWorkload:
    """A unit's open work: tasks led, tasks co-operated, and each person's load."""

    unit: Unit
    led: list[Task]
    cooperated: list[Task]
    people: list[WorkloadRow]


def unit_workload(*, user: UserLike, unit: Unit) -> UnitWorkload | None:
    """A unit's open tasks (led and co-operated) and its people's loads; None if not allowed."""
    if not can(user, Action.WORKLOAD_VIEW, unit):
        return None
    base = _office_tasks(user, Task.objects.with_related()).order_by("deadline", "code")
    led = list(base.filter(lead_unit=unit))
    cooperated = list(base.filter(co_units=unit).exclude(lead_unit=unit))
    counts = _load_counts(_office_tasks(user, Task.objects.filter(responsible_person__unit=unit)),
                          "responsible_person_id")
    people = []
    for person in Person.objects.filter(unit=unit).order_by("name"):
        c = counts.get(person.pk, {})
        people.append(WorkloadRow(pk=person.pk, name=person.name, lead=c.get("total", 0), open=c.get("open", 0),
                                  overdue=c.get("overdue", 0), red=c.get("red", 0), yellow=c.get("yellow", 0),
                                  unreported=c.get("unreported", 0), due_soon=c.get("due_soon", 0), completed=c.get("completed", 0),
                                  extra={"role": person.get_role_display()}))
    return UnitWorkload(unit=unit, led=led, cooperated=cooperated, people=people)


@dataclass
class PersonWorkload:
    """A person's work: tasks they are responsible for and their task forces."""

    person: Person
    tasks: list[Task]
    task_forces_led: list[TaskForce]
    task_forces_member: list[TaskForce]
    summary: WorkloadRow


def person_workload(*, user: UserLike, person: Person) -> PersonWorkload | None:
    """The tasks a person is responsible for and the task forces they lead or sit on."""
    if not can(user, Action.WORKLOAD_VIEW, person):
        return None
    tasks = list(_office_tasks(user, Task.objects.with_related().filter(responsible_person=person))
                 .order_by("deadline", "code"))
    c = _load_counts(_office_tasks(user, Task.objects.filter(responsible_person=person)),
                     "responsible_person_id").get(person.pk, {})
    summary = WorkloadRow(pk=person.pk, name=person.name, lead=c.get("total", 0), open=c.get("open", 0),
                          overdue=c.get("overdue", 0), red=c.get("red", 0), yellow=c.get("yellow", 0),
                          unreported=c.get("unreported", 0), due_soon=c.get("due_soon", 0), completed=c.get("completed", 0))
    return PersonWorkload(
        person=person, tasks=tasks,
        task_forces_led=list(person.led_task_forces.all()),
        task_forces_member=list(person.task_forces.all()),
        summary=summary,
    )
