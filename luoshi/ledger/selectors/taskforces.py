"""Reads of task forces (工作专班)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from luoshi.core.access import get_visible
from luoshi.core.types import UserLike
from luoshi.ledger.models import Person, Task, TaskForce, TaskForceTask
from luoshi.ledger.offices import scope_of
from luoshi.ledger.permissions import (
    by_task_visible_to,
    taskforces_visible_to,
    tasks_visible_to,
)


def taskforce_list(*, user: UserLike) -> QuerySet[TaskForce]:
    """Task forces with their leader and task count: those `user` may see (permissions.
    taskforces_visible_to: an office's own and its offices' beneath; every one for the
    installation's readers; a reporter's own and those owning their unit's tasks).

    `task_count` counts the tasks inside that `user` may see, as the task force's page lists
    them: a reporter is not told how many other units' tasks a task force holds.
    """
    visible_links = by_task_visible_to(user, TaskForceTask.objects.filter(task_force=OuterRef("pk")))
    task_count = Coalesce(Subquery(visible_links.order_by().values("task_force")
                                   .annotate(n=Count("pk")).values("n")), 0)
    return (taskforces_visible_to(user, TaskForce.objects.select_related("leader", "leader__unit"))
            .annotate(task_count=task_count, member_count=Count("members", distinct=True))
            .order_by("-is_active", "name"))


def with_visible_task_links(user: UserLike, task_forces: QuerySet[TaskForce]) -> QuerySet[TaskForce]:
    """`task_forces` with their members and, as `visible_task_links`, the links to the tasks `user`
    may see: two queries for the whole list, whatever its length."""
    links = by_task_visible_to(user, TaskForceTask.objects.order_by("task_id"))
    return task_forces.prefetch_related("members", Prefetch("task_links", queryset=links,
                                                            to_attr="visible_task_links"))


def taskforce_people(*, user: UserLike) -> QuerySet[Person]:
    """Whom `user` may make a task force's leader or member: anyone, without an office; the people
    of the office's jurisdiction (units and offices in it), with one."""
    people = Person.objects.select_related("unit")
    scope = scope_of(user)
    return people if scope is None else people.filter(scope.people_q())


MSG_TASKFORCE_NOT_FOUND = _("工作专班不存在。")


def taskforce_get_visible(user: UserLike, pk: Any) -> TaskForce:
    """One task force with its members and the links to the tasks `user` sees, or NotFound."""
    return get_visible(with_visible_task_links(user, taskforce_list(user=user)), pk, MSG_TASKFORCE_NOT_FOUND)


def taskforce_tasks(*, user: UserLike, task_force: TaskForce) -> QuerySet[Task]:
    """The task force's tasks that `user` may see."""
    return tasks_visible_to(user, Task.objects.with_related().filter(task_force_link__task_force=task_force))


def taskforce_of_task(*, task: Task) -> TaskForce | None:
    """The task force owning a task (with its leader's login), or None."""
    return TaskForce.objects.select_related("leader", "leader__user").filter(task_links__task=task).first()
