"""Reads of task forces (工作专班)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet
from django.utils.translation import gettext_lazy as _

from luoshi.core.access import get_visible
from luoshi.core.types import UserLike
from luoshi.ledger.models import Task, TaskForce
from luoshi.ledger.permissions import (
    Action,
    can,
    tasks_visible_to,
)


def taskforce_list(*, user: UserLike) -> QuerySet[TaskForce]:
    """Task forces with their leader and task count. Every signed-in role sees the list
    (who leads what is organisational information); tasks inside follow task visibility."""
    if not can(user, Action.TASKFORCE_VIEW):
        return TaskForce.objects.none()
    return (TaskForce.objects.select_related("leader", "leader__unit")
            .annotate(task_count=Count("task_links", distinct=True), member_count=Count("members", distinct=True))
            .order_by("-is_active", "name"))


MSG_TASKFORCE_NOT_FOUND = _("工作专班不存在。")


def taskforce_get_visible(user: UserLike, pk: Any) -> TaskForce:
    """One task force with its members, or NotFound."""
    return get_visible(taskforce_list(user=user).prefetch_related("members"), pk, MSG_TASKFORCE_NOT_FOUND)


def taskforce_tasks(*, user: UserLike, task_force: TaskForce) -> QuerySet[Task]:
    """The task force's tasks that `user` may see."""
    return tasks_visible_to(user, Task.objects.with_related().filter(task_force_link__task_force=task_force))


def taskforce_of_task(*, task: Task) -> TaskForce | None:
    """The task force owning a task (with its leader's login), or None."""
    return TaskForce.objects.select_related("leader", "leader__user").filter(task_links__task=task).first()
