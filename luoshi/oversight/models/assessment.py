"""Unit assessment scores (考核) per period, computed by the formula in docs/assessment.md."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class UnitScore(models.Model):
    """A unit's score for one period ("2024-09", "2024-Q3", "2024"): the parts, the total
    and the rank, with the counts behind them and the weights used. Computed, never typed;
    recomputing a period replaces its rows, and the history keeps the earlier figures.

    Each office keeps its own ranking: `office` is the office whose supervisor computed it (over
    the units of its jurisdiction, ranked among themselves); null is the installation's ranking
    of every unit. One office recomputing a period never touches another office's rows."""

    period_key = models.CharField(_("考核期"), max_length=8)
    office = models.ForeignKey("ledger.Unit", verbose_name=_("督查机构"), null=True, blank=True,
                               on_delete=models.CASCADE, related_name="office_scores",
                               help_text=_("计算此排名的督查机构;留空表示整个平台的排名"))
    unit = models.ForeignKey("ledger.Unit", verbose_name=_("单位"), on_delete=models.CASCADE,
                             related_name="scores")
    on_time = models.FloatField(_("按时报送率"), null=True, blank=True)
    completion = models.FloatField(_("任务完成度"), null=True, blank=True)
    grade = models.FloatField(_("报告质量"), null=True, blank=True)
    responsiveness = models.FloatField(_("督办响应"), null=True, blank=True)
    overdue = models.FloatField(_("逾期任务"), null=True, blank=True)
    # Parts contributed by other apps (oversight.constants.contribute_score_part), {key: value or null}.
    extra_parts = models.JSONField(_("其他分项得分"), default=dict, blank=True)
    total = models.FloatField(_("总分"), null=True, blank=True)
    rank = models.PositiveIntegerField(_("排名"), null=True, blank=True)
    task_count = models.PositiveIntegerField(_("牵头任务数"), default=0)
    reports_due = models.PositiveIntegerField(_("应报期数"), default=0)
    reports_on_time = models.PositiveIntegerField(_("按时报送期数"), default=0)
    reports_reviewed = models.PositiveIntegerField(_("已审报告数"), default=0)
    notices = models.PositiveIntegerField(_("督办单数"), default=0)
    overdue_tasks = models.PositiveIntegerField(_("逾期任务数"), default=0)
    weights = models.JSONField(_("权重"), default=dict)
    computed_at = models.DateTimeField(_("计算时间"), auto_now=True)
    computed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("计算人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("单位考核得分")
        verbose_name_plural = _("单位考核得分")
        ordering = ["period_key", "rank", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["period_key", "unit"], condition=models.Q(office__isnull=True),
                                    name="oversight_score_once_per_period"),
            models.UniqueConstraint(fields=["period_key", "office", "unit"],
                                    condition=models.Q(office__isnull=False),
                                    name="oversight_score_once_per_office_period"),
        ]

    def __str__(self) -> str:
        return f"{self.period_key} {self.unit}: {self.total}"
