"""What happens to a key project: investment completed month by month, and its milestones."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from luoshi.core.models import TimeStampedModel
from luoshi.projects.choices import MilestoneKind
from luoshi.projects.models.projects import MONEY, KeyProject


class ProjectInvestment(TimeStampedModel):
    """Investment completed (完成投资) by a project in one month, in 万元 — the month's own amount,
    not the running total; the year-to-date figure is their sum. Corrections keep history."""

    project = models.ForeignKey(KeyProject, verbose_name=_("项目"), on_delete=models.CASCADE,
                                related_name="investments")
    year = models.PositiveSmallIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(_("月份"))
    amount = models.DecimalField(_("当月完成投资(万元)"), **MONEY)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("填报人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("月度完成投资")
        verbose_name_plural = _("月度完成投资")
        ordering = ["project", "year", "month"]
        constraints = [
            models.UniqueConstraint(fields=["project", "year", "month"], name="projects_one_investment_per_month"),
            models.CheckConstraint(condition=models.Q(month__gte=1) & models.Q(month__lte=12),
                                   name="projects_investment_month_1_to_12"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="projects_investment_not_negative"),
        ]
        # A year's data month (the latest month reported: projects.selectors.data_month), asked by
        # the project list and every task page serving a project: without it, a scan of the
        # year's months of every project (8–14 ms at 6,000 projects on PostgreSQL).
        indexes = [models.Index(fields=["year", "month"], name="projects_investment_year_month")]

    def __str__(self) -> str:
        return f"{self.project.code} {self.year}-{self.month:02d}: {self.amount}"


class ProjectMilestone(TimeStampedModel):
    """A milestone of a project (开工, 主体完工, 竣工, 投产) with its planned and actual dates."""

    project = models.ForeignKey(KeyProject, verbose_name=_("项目"), on_delete=models.CASCADE,
                                related_name="milestones")
    kind = models.CharField(_("节点"), max_length=16, choices=MilestoneKind.choices)
    planned_date = models.DateField(_("计划日期"), null=True, blank=True)
    actual_date = models.DateField(_("实际日期"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("项目节点")
        verbose_name_plural = _("项目节点")
        ordering = ["project", "planned_date"]
        constraints = [
            models.UniqueConstraint(fields=["project", "kind"], name="projects_one_milestone_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.project.code} {self.get_kind_display()}"

    def clean(self) -> None:
        super().clean()
        if self.planned_date is None and self.actual_date is None:
            from luoshi.projects.constants import MSG_MILESTONE_EMPTY

            raise ValidationError({"planned_date": MSG_MILESTONE_EMPTY})
