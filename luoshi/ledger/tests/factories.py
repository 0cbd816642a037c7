"""Test data builders and the named personas every app's tests share."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User

from luoshi.ledger.choices import Role, TaskLevel, UnitLevel
from luoshi.ledger.models import Person, Task, Unit

_sequence = itertools.count(1)
PASSWORD = "test-password-123"


def unit_factory(name: str | None = None, level: str = UnitLevel.DEPARTMENT, **fields: Any) -> Unit:
    n = next(_sequence)
    return Unit.objects.create(name=name or f"测试单位{n}", level=level, **fields)


def user_factory(username: str | None = None, *, role: str = Role.REPORTER, unit: Unit | None = None,
                 name: str | None = None) -> User:
    username = username or f"user{next(_sequence)}"
    user = get_user_model().objects.create_user(username=username, password=PASSWORD)
    Person.objects.create(user=user, name=name or username, role=role, unit=unit)
    return user


def task_factory(title: str | None = None, **fields: Any) -> Task:
    n = next(_sequence)
    fields.setdefault("code", f"T-{n:05d}")
    fields.setdefault("level", TaskLevel.DISTRICT)
    co_units = fields.pop("co_units", [])
    task = Task.objects.create(title=title or f"测试任务{n}", **fields)
    if co_units:
        task.co_units.set(co_units)
    return task


@dataclass
class Personas:
    """A supervisor, reporters from two units, a leader, an admin; `anonymous` is no user at all."""

    unit_a: Unit
    unit_b: Unit
    supervisor: Any
    reporter_a: Any
    reporter_b: Any
    leader: Any
    admin: Any
    task_a: Task
    task_b: Task
    task_shared: Task


def make_personas() -> Personas:
    unit_a = unit_factory("滨海新区科学技术局", short_name="区科技局")
    unit_b = unit_factory("滨海新区生态环境局", short_name="区生态环境局")
    return Personas(
        unit_a=unit_a,
        unit_b=unit_b,
        supervisor=user_factory("sup", role=Role.SUPERVISOR, name="督查员"),
        reporter_a=user_factory("rep_a", role=Role.REPORTER, unit=unit_a, name="填报员甲"),
        reporter_b=user_factory("rep_b", role=Role.REPORTER, unit=unit_b, name="填报员乙"),
        leader=user_factory("lead", role=Role.LEADER, name="领导"),
        admin=user_factory("adm", role=Role.ADMIN, name="管理员"),
        task_a=task_factory("建设海河实验室", lead_unit=unit_a, category="科技创新", deadline=date(2024, 12, 31)),
        task_b=task_factory("实施7个片区合流制改造", lead_unit=unit_b, category="绿色低碳",
                            deadline=date(2024, 6, 30)),
        task_shared=task_factory("推进零碳码头建设", lead_unit=unit_b, co_units=[unit_a], category="绿色低碳"),
    )
