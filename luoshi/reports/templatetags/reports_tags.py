"""Template tags of the reports app, used by its panel on the ledger's task page."""

from __future__ import annotations

from typing import Any

from django import template

from luoshi.core.clock import business_today
from luoshi.ledger.permissions import Action, can
from luoshi.reports.selectors import task_contributions_open, task_milestones, task_reports

register = template.Library()


@register.simple_tag
def task_reports_context(task: Any, user: Any) -> dict[str, Any]:
    """Reports, milestones and co-units' contributions (for each period still taking reports)
    of a task for the task page, within what `user` may see."""
    return {
        "contributions": task_contributions_open(user=user, task=task),
        "can_contribute": can(user, Action.CONTRIBUTION_WRITE, task),
        "reports": task_reports(user=user, task=task),
        "milestones": task_milestones(user=user, task=task),
        "can_write": can(user, Action.REPORT_WRITE, task),
        "can_manage": can(user, Action.MILESTONE_MANAGE, task),
        "today": business_today(),
    }
