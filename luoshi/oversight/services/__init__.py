"""Writes of the oversight app, one module per mechanism, re-exported here."""

from luoshi.oversight.services.adjustments import (
    adjustment_approve,
    adjustment_refuse,
    adjustment_request,
    adjustment_withdraw,
)
from luoshi.oversight.services.assessment import unit_score_trace, unit_scores_compute
from luoshi.oversight.services.comments import comment_add
from luoshi.oversight.services.evaluation import (
    evaluation_run,
    snapshot_on_demand,
    snapshot_take,
    task_evaluate,
    task_evaluation,
    tasks_evaluate,
)
from luoshi.oversight.services.notices import notice_close, notice_issue, notice_reply, notices_escalate
from luoshi.oversight.services.reminders import (
    deadline_reminders_send,
    liaison_follow_ups_send,
    overdue_reminders_send,
    report_reminders_send,
)
from luoshi.oversight.services.tick import TickReport, tick_run

__all__ = [
    "TickReport", "adjustment_approve", "adjustment_refuse", "adjustment_request", "adjustment_withdraw",
    "comment_add", "deadline_reminders_send", "evaluation_run", "liaison_follow_ups_send", "notice_close",
    "notice_issue", "notice_reply", "notices_escalate", "overdue_reminders_send", "report_reminders_send",
    "snapshot_on_demand", "snapshot_take", "task_evaluate", "task_evaluation", "tasks_evaluate", "tick_run", "unit_score_trace", "unit_scores_compute",
]
