"""Milestones of a task, set by supervisors."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from luoshi.core.errors import DomainError
from luoshi.core.history import records_history
from luoshi.ledger.models import Task
from luoshi.ledger.permissions import Action, require
from luoshi.reports.models import Milestone

MSG_MILESTONE_REACHED = _("该里程碑已确认完成,不能修改或删除。")
MSG_MILESTONE_AFTER_DEADLINE = _("里程碑的计划日期不能晚于任务的完成时限(%(deadline)s)。")
MSG_MILESTONE_BEFORE_START = _("里程碑的计划日期不能早于任务的开始日期(%(start)s)。")


def _check_dates(task: Task, due_date: date) -> None:
    if task.deadline and due_date > task.deadline:
        raise DomainError(MSG_MILESTONE_AFTER_DEADLINE % {"deadline": task.deadline}, field="due_date")
    if task.start_date and due_date < task.start_date:
        raise DomainError(MSG_MILESTONE_BEFORE_START % {"start": task.start_date}, field="due_date")


@records_history
@transaction.atomic
def milestone_create(*, user: Any, task: Task, title: str, due_date: date) -> Milestone:
    """Add a milestone to a task. Raises PermissionDenied, DomainError (date outside the task's life)."""
    require(user, Action.MILESTONE_MANAGE, task)
    _check_dates(task, due_date)
    position = Milestone.objects.filter(task=task).count() + 1
    milestone = Milestone(task=task, title=title.strip(), due_date=due_date, position=position)
    milestone.full_clean()
    milestone.save()
    return milestone


@records_history
@transaction.atomic
def milestone_update(*, user: Any, milestone: Milestone, title: str | None = None,
                     due_date: date | None = None) -> Milestone:
    """Change an open milestone's title or date; a reached one is part of the record and stays."""
    require(user, Action.MILESTONE_MANAGE)
    locked = Milestone.objects.select_for_update(of=("self",)).select_related("task").get(pk=milestone.pk)
    require(user, Action.MILESTONE_MANAGE, locked)
    if locked.reached_on is not None:
        raise DomainError(MSG_MILESTONE_REACHED, code="milestone_reached")
    if title is not None:
        locked.title = title.strip()
    if due_date is not None:
        _check_dates(locked.task, due_date)
        locked.due_date = due_date
    locked.full_clean()
    locked.save()
    return locked


@records_history
@transaction.atomic
def milestone_delete(*, user: Any, milestone: Milestone) -> None:
    """Remove an open milestone (the removal stays in its history)."""
    require(user, Action.MILESTONE_MANAGE)
    locked = Milestone.objects.select_for_update().select_related("task").get(pk=milestone.pk)
    require(user, Action.MILESTONE_MANAGE, locked)
    if locked.reached_on is not None:
        raise DomainError(MSG_MILESTONE_REACHED, code="milestone_reached")
    locked.delete()
