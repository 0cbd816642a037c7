"""Reads of the ledger for its use cases."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Count, QuerySet

from luoshi.ledger.filtersets import TaskFilterSet
from luoshi.ledger.models import Task, Unit
from luoshi.ledger.permissions import tasks_visible_to


def task_list(*, user: Any, filters: Mapping[str, Any] | None = None) -> tuple[TaskFilterSet, QuerySet[Task]]:
    """The tasks `user` may see, filtered; returns the bound filterset (for forms and errors) and the rows."""
    base = tasks_visible_to(user, Task.objects.with_related())
    filterset = TaskFilterSet(data=filters or {}, queryset=base)
    rows = filterset.qs if filterset.is_valid() else base.none()
    return filterset, rows.order_by("code")


def task_counts_by(*, user: Any, field: str) -> list[dict[str, Any]]:
    """Counts of visible tasks grouped by one field (category, status, level, light)."""
    return list(
        tasks_visible_to(user).order_by().values(field).annotate(count=Count("id", distinct=True)).order_by("-count")
    )


def unit_list() -> QuerySet[Unit]:
    return Unit.objects.select_related("parent").order_by("level", "name")
