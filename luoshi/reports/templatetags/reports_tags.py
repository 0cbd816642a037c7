"""Template tags of the reports app, used by its panel on the ledger's task page."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from luoshi.ledger.permissions import Action, can
from luoshi.reports.selectors import task_milestones, task_reports

register = template.Library()


@register.simple_tag
def task_reports_context(task: Any, user: Any) -> dict[str, Any]:
    """Reports and milestones of a task for the task page, within what `user` may see."""
    return {
        "reports": task_reports(user=user, task=task),
        "milestones": task_milestones(user=user, task=task),
        "can_write": can(user, Action.REPORT_WRITE, task),
        "can_manage": can(user, Action.MILESTONE_MANAGE),
        "today": timezone.localdate(),
    }
