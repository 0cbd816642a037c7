"""Template tags of the oversight app, used by its panel on the ledger's task page."""

from __future__ import annotations

from typing import Any

from django import template

from luoshi.ledger.permissions import Action, can
from luoshi.oversight.choices import FORECAST_LABELS, REASON_LABELS
from luoshi.oversight.selectors import adjustment_list, notice_list, task_comments, task_outlook, task_trend
from luoshi.oversight.services.notices import NOTICE_LIGHTS

register = template.Library()


@register.simple_tag
def task_oversight_context(task: Any, user: Any) -> dict[str, Any]:
    """Evaluation (with reasons), adjustments, notices, comments and trend of a task for its page."""
    outlook = task_outlook(task=task)
    evaluation = outlook.evaluation.result
    return {
        "forecast": outlook.forecast,
        "forecast_label": FORECAST_LABELS[outlook.forecast.verdict],
        "forecast_from_children": outlook.forecast_from_children,
        "evaluation": evaluation,
        "reasons": [REASON_LABELS[r] for r in evaluation.reasons],
        # The panel lists each request's day, reason and status, and each notice's number, status
        # and reply date: not the task (it is this page's) nor the people.
        "adjustments": list(adjustment_list(user=user, task=task).select_related(None)
                            .only("pk", "created_at", "reason", "status")[:10]),
        "notices": list(notice_list(user=user, task=task).select_related(None)
                        .only("pk", "year", "number", "status", "reply_due")[:10]),
        "comments": list(task_comments(user=user, task=task)[:20]),
        "trend": task_trend(user=user, task=task),
        "can_adjust": can(user, Action.ADJUSTMENT_REQUEST, task),
        "can_notice": can(user, Action.NOTICE_ISSUE, task) and evaluation.light in NOTICE_LIGHTS,
        "can_comment": can(user, Action.TASK_COMMENT, task),
        "can_assign": can(user, Action.TASK_ASSIGN, task),
    }


@register.filter
def percent(value: float | None) -> str:
    """A part score in [0, 1] as a percentage for the ranking table."""
    return "—" if value is None else f"{value * 100:.1f}%"


@register.filter
def extra_part(score: Any, key: str) -> float | None:
    """The value of a contributed part (oversight.constants.contribute_score_part) on a UnitScore."""
    value = (getattr(score, "extra_parts", None) or {}).get(key)
    return float(value) if isinstance(value, int | float) else None
