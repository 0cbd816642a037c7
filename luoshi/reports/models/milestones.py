"""Milestones (节点) of a task: what should be reached by when."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from luoshi.core.models import TimeStampedModel


class Milestone(TimeStampedModel):
    """A step of a task with its due date. A report claims it reached; it counts as reached
    (`reached_on`) once a supervisor accepts that report. An open milestone past its due date
    makes the task lag in evaluation."""

    task = models.ForeignKey("ledger.Task", verbose_name=_("任务"), on_delete=models.CASCADE,
                             related_name="milestones")
    title = models.CharField(_("节点内容"), max_length=300)
    due_date = models.DateField(_("计划完成日期"))
    reached_on = models.DateField(_("实际完成日期"), null=True, blank=True)
    reached_by_report = models.ForeignKey("reports.ProgressReport", verbose_name=_("确认报告"), null=True,
                                          blank=True, on_delete=models.SET_NULL, related_name="+")
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("里程碑")
        verbose_name_plural = _("里程碑")
        ordering = ["task", "due_date", "position", "id"]
        indexes = [models.Index(fields=["due_date", "reached_on"], name="reports_milestone_due")]

    def __str__(self) -> str:
        return f"{self.title}({self.due_date:%Y-%m-%d})"
