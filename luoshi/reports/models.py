"""Progress reports (first version): a unit's account of a task for one period."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from luoshi.core.models import TimeStampedModel
from luoshi.reports.choices import ReportStatus


class ProgressReport(TimeStampedModel):
    """Narrative and percent done for a task in a period (period given by its last day)."""

    task = models.ForeignKey("ledger.Task", verbose_name=_("任务"), on_delete=models.CASCADE, related_name="reports")
    period_end = models.DateField(_("填报期"))
    narrative = models.TextField(_("进展情况"))
    percent_done = models.PositiveSmallIntegerField(_("完成进度(%)"), validators=[MaxValueValidator(100)])
    status = models.CharField(_("状态"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.SUBMITTED)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("填报人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="progress_reports",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("进展报告")
        verbose_name_plural = _("进展报告")
        ordering = ["-period_end", "-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(percent_done__lte=100), name="reports_percent_at_most_100"),
        ]

    def __str__(self) -> str:
        return f"{self.task} @ {self.period_end}"
