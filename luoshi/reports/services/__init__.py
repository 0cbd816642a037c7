"""Writes of the reports app, one module per sub-domain, re-exported here."""

from luoshi.reports.services.contributions import contribution_save
from luoshi.reports.services.digests import digests_compose, webhooks_deliver
from luoshi.reports.services.milestones import milestone_create, milestone_delete, milestone_update
from luoshi.reports.services.notifications import (
    notifications_deliver,
    notifications_mark_read,
    notify,
    supervisors,
    task_recipients,
    unit_reporters,
)
from luoshi.reports.services.periods import period_close, period_info, period_parse, period_reopen
from luoshi.reports.services.reports import (
    evidence_add,
    evidence_remove,
    report_accept,
    report_create,
    report_default_period,
    report_discard,
    report_resubmit,
    report_return,
    report_submit,
    report_update,
)

__all__ = [
    "contribution_save", "digests_compose", "evidence_add", "evidence_remove", "milestone_create", "milestone_delete", "milestone_update",
    "notifications_deliver", "notifications_mark_read", "notify", "period_close", "period_info", "period_parse",
    "period_reopen", "report_accept", "report_create", "report_default_period", "report_discard",
    "report_resubmit", "report_return", "report_submit", "report_update", "supervisors", "task_recipients",
    "unit_reporters", "webhooks_deliver",
]
